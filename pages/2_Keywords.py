"""Keywords: month TF-IDF (tf, df, idf beside each score), keyness of each month and of the
selection against the rest of the corpus (the four contingency counts beside each score), per
article TF-IDF, and a keyword-by-month heatmap."""

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

keyness_columns = ui.KEYNESS_COLUMNS

st.subheader("What sets a month apart")
months = sorted(set(by_month["month"]) | set(keyness["month"]))
if not months:
    ui.empty("No keyword for the selected months.")
else:
    month = st.selectbox("Month", months, index=len(months) - 1, key="kw_month")
    # tabs, not side-by-side columns: at half width the keyness table's columns were cut off;
    # only the open one is drawn
    left, right = ui.sections(["TF-IDF keywords", "Keyness against the rest of the corpus"], "kw_view")
    with left:
        if left.open:
            month_rows = by_month[by_month["month"] == month]
            ui.show_table(month_rows, column_config=ui.keyword_columns(month_rows["score"]), height=420)
    with right:
        if right.open:
            rows = keyness[keyness["month"] == month]
            if rows.empty:
                ui.empty("No term of this month is significantly more frequent than in the rest of the corpus "
                         "(G² ≥ 3.84 and at least 5 occurrences).")
            else:
                ui.show_table(rows, column_config=keyness_columns, height=420)
ui.download_tables(ctx, "keywords_by_month", "keyness_by_month")

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

@st.fragment  # the slider redraws the heatmap only
def heatmap_section() -> None:
    st.subheader("Keyword-by-month heatmap")
    max_terms = st.slider("Keywords on the heatmap", 5, 40, 20, step=5, key="kw_heat_n")
    heat = views.keyword_heatmap(by_month, max_terms=max_terms)
    if heat.empty:
        ui.empty("No keyword for the selected months.")
    else:
        heat_chart = ui.keyword_heatmap_chart(heat, "TF-IDF score of each month's top keywords")
        ui.chart(heat_chart, key="chart_kw_heatmap")
        st.caption("Grey: the keyword is not among that month's top 25 (its score there is lower, not zero).")
        ui.download_csv(heat, "keyword_heatmap.csv", "Download heatmap data (CSV)")


heatmap_section()

st.subheader("Keywords per article")
# Opened on request: the article picker lists up to 2,000 selected articles, and sending and
# drawing that list was most of this page's cost on a filter change.
with ui.lazy_expander("Keywords of one article", "kw_article_box") as box:
    if box.open:
        article = ui.article_picker(ctx, "kw_article")
        if article is not None:
            by_article = ui.article_keywords(ctx.corpus, ctx.flt, article, ui.EXPORT_OPTIONS.article_keywords)
            if by_article.empty:
                ui.empty("No keyword for this article (it has no terms).")
            else:
                ui.show_table(by_article, column_config=ui.keyword_columns(by_article["score"]))
ui.download_table(ctx, "keywords_by_article", "Download keywords_by_article.csv")
