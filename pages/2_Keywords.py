"""Keywords: month TF-IDF (tf, df, idf beside each score), keyness of each month and of the
selection against the rest of the corpus (the four contingency counts beside each score), per
article TF-IDF, and a keyword-by-month heatmap."""

import altair as alt
import streamlit as st

import pages as ui
from analytics import views

ctx = ui.start_page(
    "Keywords",
    "Month TF-IDF: tf = the month's occurrences, weight 1 + ln(tf); idf = ln((1 + n) / (1 + df)) + 1 with df = "
    "reference articles containing the term among n (the whole corpus); score = weight × idf normalised to length 1 "
    "per month. Keyness: the month against the rest of the corpus, log-likelihood G² and Log Ratio.",
)
ui.require_articles(ctx)

by_month = ui.table(ctx.corpus, ctx.flt, "keywords_by_month")
keyness = ui.table(ctx.corpus, ctx.flt, "keyness_by_month")

keyword_columns = {
    "rank": st.column_config.NumberColumn("Rank"),
    "tf": st.column_config.NumberColumn("tf", help="Occurrences of the term in the document."),
    "tf_weight": st.column_config.NumberColumn("1 + ln tf", format="%.4f", help="Dampened tf of a month."),
    "df": st.column_config.NumberColumn("df", help="Reference articles containing the term."),
    "n_docs": st.column_config.NumberColumn("n", help="Reference articles."),
    "idf": st.column_config.NumberColumn("idf", format="%.4f", help="ln((1 + n) / (1 + df)) + 1"),
    "tfidf": st.column_config.NumberColumn("weight × idf", format="%.4f"),
    "score": st.column_config.ProgressColumn("Score", format="%.4f", min_value=0.0, max_value=1.0,
                                             help="weight × idf divided by the document's vector length."),
}
keyness_columns = {
    "rank": st.column_config.NumberColumn("Rank"),
    "a": st.column_config.NumberColumn("a", help="Occurrences in the target (the month's selected articles)."),
    "b": st.column_config.NumberColumn("b", help="Occurrences in the rest of the corpus."),
    "c": st.column_config.NumberColumn("c", help="Tokens of the target."),
    "d": st.column_config.NumberColumn("d", help="Tokens of the rest of the corpus."),
    "per_10k_target": st.column_config.NumberColumn("Target per 10k", format="%.2f"),
    "per_10k_reference": st.column_config.NumberColumn("Rest per 10k", format="%.2f"),
    "g2": st.column_config.NumberColumn("G²", format="%.2f", help="Log-likelihood (Rayson & Garside 2000); 3.84 = p < 0.05, 10.83 = p < 0.001."),
    "p_value": st.column_config.NumberColumn("p", format="%.2e"),
    "log_ratio": st.column_config.NumberColumn("Log Ratio", format="%.2f",
                                               help="log2 of the ratio of relative frequencies (Hardie 2014); a zero count counts as 0.5."),
}

st.subheader("What sets a month apart")
months = sorted(set(by_month["month"]) | set(keyness["month"]))
if not months:
    ui.empty("No keyword for the selected months.")
else:
    month = st.selectbox("Month", months, index=len(months) - 1, key="kw_month")
    left, right = st.columns(2)
    with left:
        st.markdown("**TF-IDF keywords**")
        ui.show_table(by_month[by_month["month"] == month], column_config=keyword_columns, height=420)
    with right:
        st.markdown("**Keyness against the rest of the corpus**")
        rows = keyness[keyness["month"] == month]
        if rows.empty:
            ui.empty("No term of this month is significantly more frequent than in the rest of the corpus "
                     "(G² ≥ 3.84 and at least 5 occurrences).")
        else:
            ui.show_table(rows, column_config=keyness_columns, height=420)
c1, c2 = st.columns(2)
with c1:
    ui.download_table(ctx, "keywords_by_month", "Download keywords_by_month.csv")
with c2:
    ui.download_table(ctx, "keyness_by_month", "Download keyness_by_month.csv")

st.subheader("The selection against the rest of the corpus")
if ctx.flt.selection.is_default:
    st.caption("The filter selects the whole corpus: narrow it (months, text, entity) to compare it with the rest.")
# On request: it aggregates every term of the selection, on every filter change otherwise.
elif st.toggle("Compare the selection with the rest of the corpus", key="kw_selection_keyness"):
    sel_keyness = ui.keyness_of_selection(ctx.corpus, ctx.flt, 50)
    if sel_keyness.empty:
        ui.empty("No term is significantly more frequent in the selection than in the rest of the corpus.")
    else:
        ui.show_table(sel_keyness, column_config=keyness_columns, height=320)
    ui.download_csv(sel_keyness, "keyness_selection.csv", "Download selection keyness (CSV)")

st.subheader("Keyword-by-month heatmap")
max_terms = st.slider("Keywords on the heatmap", 5, 40, 20, step=5, key="kw_heat_n")
heat = views.keyword_heatmap(by_month, max_terms=max_terms)
if heat.empty:
    ui.empty("No keyword for the selected months.")
else:
    base = alt.Chart(heat).encode(
        x=alt.X("month:O", title="Month", axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("term:N", title="Keyword", sort=alt.EncodingSortField("order", order="ascending"),
                axis=alt.Axis(labelLimit=220)),
        tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip("term:N", title="Keyword"),
                 alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("score:Q", title="Score", format=".4f"),
                 alt.Tooltip("tf:Q", title="tf"), alt.Tooltip("df:Q", title="df"),
                 alt.Tooltip("n_docs:Q", title="Reference articles"), alt.Tooltip("idf:Q", title="idf", format=".4f")],
    )
    missing = base.mark_rect(color="#eeeeee", stroke="white", strokeWidth=1)
    scored = base.transform_filter("datum.in_top").mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("score:Q", title="Score", scale=alt.Scale(scheme="blues", zero=True)),
    )
    heat_chart = alt.layer(missing, scored, title="TF-IDF score of each month's top keywords").properties(
        height=26 * heat["term"].nunique() + 80
    )
    ui.chart(heat_chart, key="chart_kw_heatmap")
    st.caption("Grey: the keyword is not among that month's top 25 (its score there is lower, not zero).")
    ui.download_csv(heat, "keyword_heatmap.csv", "Download heatmap data (CSV)")

st.subheader("Keywords per article")
article = ui.article_picker(ctx, "kw_article")
if article is not None:
    by_article = ui.article_keywords(ctx.corpus, ctx.flt, article, ui.EXPORT_OPTIONS.article_keywords)
    if by_article.empty:
        ui.empty("No keyword for this article (it has no terms).")
    else:
        ui.show_table(by_article, column_config=keyword_columns)
ui.download_table(ctx, "keywords_by_article", "Download keywords_by_article.csv")
