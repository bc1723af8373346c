"""Keywords: TF-IDF keywords per month and per article (tf, df and idf visible) and a heatmap."""

import altair as alt
import streamlit as st

import pages as ui
from analytics import views

ctx = ui.start_page(
    "Keywords",
    "TF-IDF: tf = occurrences in the document, idf = ln((1 + n) / (1 + df)) + 1 with df = documents containing "
    "the term among n reference documents (all articles, or all months), score = tf × idf normalised to length 1 "
    "per document.",
)
ui.require_articles(ctx)

by_month = ui.table(ctx.corpus, ctx.flt, "keywords_by_month")

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
                 alt.Tooltip("n_docs:Q", title="Reference documents"), alt.Tooltip("idf:Q", title="idf", format=".4f")],
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

st.subheader("Keywords per month")
keyword_columns = {
    "rank": st.column_config.NumberColumn("Rank"),
    "tf": st.column_config.NumberColumn("tf", help="Occurrences of the term in the document."),
    "df": st.column_config.NumberColumn("df", help="Reference documents containing the term."),
    "n_docs": st.column_config.NumberColumn("n", help="Reference documents."),
    "idf": st.column_config.NumberColumn("idf", format="%.4f", help="ln((1 + n) / (1 + df)) + 1"),
    "tfidf": st.column_config.NumberColumn("tf × idf", format="%.4f"),
    "score": st.column_config.ProgressColumn("Score", format="%.4f", min_value=0.0, max_value=1.0,
                                             help="tf × idf divided by the document's vector length."),
}
months = sorted(by_month["month"].unique())
if not months:
    ui.empty("No keyword for the selected months.")
else:
    month = st.selectbox("Month", months, index=len(months) - 1, key="kw_month")
    ui.show_table(by_month[by_month["month"] == month], column_config=keyword_columns, height=320)
ui.download_table(ctx, "keywords_by_month", "Download keywords_by_month.csv")

st.subheader("Keywords per article")
article = ui.article_picker(ctx, "kw_article")
if article is not None:
    by_article = ui.article_keywords(ctx.corpus, article, ctx.flt.duplicates, ui.EXPORT_OPTIONS.article_keywords)
    if by_article.empty:
        ui.empty("No keyword for this article (it has no terms).")
    else:
        ui.show_table(by_article, column_config=keyword_columns)
ui.download_table(ctx, "keywords_by_article", "Download keywords_by_article.csv")
