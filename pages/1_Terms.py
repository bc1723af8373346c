"""Terms: top terms, a word cloud, trends of chosen terms, bigrams and keyword-in-context lines."""

import altair as alt
import streamlit as st

import pages as ui
from analytics import views

ctx = ui.start_page("Terms", "Terms are words without stopwords; counts are occurrences in the selected articles.")
ui.require_articles(ctx)

n = st.slider("How many top terms", 10, 50, 25, step=5, key="terms_n")
top = ui.top_terms(ctx.corpus, ctx.flt, n, "terms")

# A radio, not tabs: tabs run both, and drawing a word cloud costs more than the rest of the page.
view = st.radio("Show as", ["Bar chart", "Word cloud"], horizontal=True, key="terms_view", label_visibility="collapsed")
if view == "Bar chart":
    ui.chart(ui.term_bar_chart(top, f"Top {len(top)} terms"), key="chart_top_terms")
elif top.empty:
    ui.empty("No terms to draw.")
else:
    st.image(ui.wordcloud_png(ctx.corpus, ctx.flt, n), caption=f"The {len(top)} most frequent terms; size follows occurrences.")
ui.download_csv(top, "top_terms.csv", "Download top terms (CSV)")

st.subheader("Trends")
default_terms = ", ".join(top["term"].head(3))
typed = st.text_input("Terms to follow (comma-separated, up to 10)", value=default_terms, key="trend_terms")
chosen = views.parse_terms(typed)
measure = st.radio("Measure", ["Occurrences", "Per 10,000 tokens"], horizontal=True, key="trend_measure")
if not chosen:
    ui.empty("Type one or more terms to see how often they occur per month.")
else:
    trend = ui.term_trend(ctx.corpus, ctx.flt, tuple(chosen), "terms")
    field, title = ("count", "Occurrences") if measure == "Occurrences" else ("per_10k", "Per 10,000 tokens")
    if trend.empty or trend["count"].sum() == 0:
        ui.empty(f"None of {ui.md(', '.join(chosen))} occurs in the selected articles.")
    trend_chart = ui.trend_chart(
        trend, field, title, series="term", series_title="Term",
        tooltip=[alt.Tooltip("count:Q", title="Occurrences", format=","),
                 alt.Tooltip("per_10k:Q", title="Per 10,000 tokens", format=".2f"),
                 alt.Tooltip("articles:Q", title="Articles", format=",")],
    )
    ui.chart(trend_chart, key="chart_trend")
    ui.download_csv(trend, "term_trends.csv", "Download trend data (CSV)")

st.subheader("Bigrams")
bigrams = ui.top_terms(ctx.corpus, ctx.flt, 20, "bigrams")
if bigrams.empty:
    ui.empty("No bigram (two terms in a row) in the selected articles.")
else:
    ui.chart(ui.term_bar_chart(bigrams, f"Top {len(bigrams)} bigrams", category_title="Bigram"), key="chart_bigrams")
    ui.download_csv(bigrams, "top_bigrams.csv", "Download top bigrams (CSV)")

st.subheader("Keyword in context")
term = st.text_input("Term", value=top["term"].iloc[0] if len(top) else "", key="kwic_term",
                     help="A single term; matched as a whole word, case-insensitively.")
kwic = ui.keyword_in_context(ctx.corpus, ctx.flt, term.strip(), 60, 200)
if not term.strip():
    ui.empty("Type a term to see the lines it occurs in.")
elif kwic.empty:
    ui.empty(f"“{ui.md(term.strip())}” does not occur in the selected articles.")
else:
    st.caption(f"{len(kwic)} line(s){' (first 200)' if len(kwic) >= 200 else ''}.")
    ui.show_table(
        kwic,
        column_config={
            "left": st.column_config.TextColumn("Left context", width="large"),
            "term": st.column_config.TextColumn("Term", width="small"),
            "right": st.column_config.TextColumn("Right context", width="large"),
            "id": st.column_config.TextColumn("Article"),
            "month": st.column_config.TextColumn("Month"),
        },
    )
    ui.download_csv(kwic, "keyword_in_context.csv", "Download these lines (CSV)")

with st.expander("Full tables (as the command-line export)"):
    st.caption("terms_by_month.csv: month, term, count, per_10k, articles; terms_by_article.csv: id, month, term, count, per_10k.")
    ui.show_table(ui.terms_by_month_page(ctx.corpus, ctx.flt), height=300,
                  total=ui.summary(ctx.corpus, ctx.flt).month_terms)
    c1, c2 = st.columns(2)
    with c1:
        ui.download_table(ctx, "terms_by_month", "Download terms_by_month.csv")
    with c2:
        ui.download_table(ctx, "terms_by_article", "Download terms_by_article.csv")
