"""Terms: top terms, a word cloud, trends of terms, entities and text queries with spikes, the strongest spikes,
bigrams and every keyword-in-context line."""

import streamlit as st

import pages as ui
from analytics import trends, views
from analytics.terms import kwic_totals

MEASURES = {"Occurrences": "count", "Per 10,000 tokens": "per_10k", "Share of articles": "share"}
SORTS = {"position": "Article order", "left": "Word left of the hit", "right": "Word right of the hit"}
KWIC_PAGE = 200

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
    st.image(ui.wordcloud_png(ctx.corpus, ctx.flt, n),
             caption=f"The {len(top)} most frequent terms; font size is proportional to occurrences.")
ui.download_csv(top, "top_terms.csv", "Download top terms (CSV)")

st.subheader("Trends")
st.caption(
    "Compare terms (a word or two-word bigram), entities and text queries on one axis covering every month of the "
    "filter range (empty months count 0). Share = the month's selected articles that mention it. "
    "▲ marks a spike: more articles than the previous 6 months' share predicts (Poisson p below 0.001, at least 5 articles)."
)
c1, c2, c3 = st.columns(3)
typed = c1.text_input("Terms (comma-separated)", value=", ".join(top["term"].head(3)), key="trend_terms")
entity_choices = ui.entity_names(ctx.corpus)
picked = c2.multiselect("Entities", entity_choices, key="trend_entities", max_selections=10, placeholder="Choose entities")
phrases = c3.text_input("Text queries (comma-separated phrases)", key="trend_texts", placeholder="e.g. witte huis")
chosen = trends.series_from_inputs(views.parse_terms(typed), picked, views.parse_terms(phrases))
measure = st.radio("Measure", list(MEASURES), horizontal=True, key="trend_measure")
if not chosen:
    ui.empty("Type terms or text queries, or choose entities, to see how they move per month.")
else:
    series_key = tuple((s.kind, s.value) for s in chosen)
    trend = ui.trend_spikes(ctx.corpus, ctx.flt, series_key)
    field = MEASURES[measure]
    if trend["count"].sum() == 0:
        ui.empty(f"None of {ui.md(', '.join(s.label for s in chosen))} occurs in the selected articles.")
    ui.chart(ui.spike_trend_chart(trend, field, measure), key="chart_trend")
    ui.download_csv(trend, "term_trends.csv", "Download trend data (CSV)")
    spikes = trend[trend["spike"].fillna(False).astype(bool)]
    if spikes.empty:
        st.caption("No spike among these series in the selected months.")
    else:
        st.markdown(f"**Spikes** ({len(spikes)}): months with more articles than the previous months predict.")
        ui.show_table(spikes[["series", "month", "articles", "month_articles", "share", "expected", "ratio", "p_value"]],
                      column_config=ui.SPIKE_COLUMNS)
        ui.spike_narrowing(spikes)

st.subheader("Strongest spikes in the selection")
# Not run on every filter change: it tests every term's (or entity's) whole monthly history.
if st.toggle("Find the strongest spikes", key="spike_show",
             help="Tests every term or entity month by month against its own previous 6 months."):
    spike_kind = st.radio("Of", ["terms", "entities"], horizontal=True, key="spike_kind")
    strongest = ui.strongest_spikes(ctx.corpus, ctx.flt, spike_kind, 50)
    if strongest.empty:
        ui.empty("No month stands out: no term or entity is in more articles than its previous 6 months predict "
                 "(p below 0.001, at least 5 articles, at least 3 earlier months with articles).")
    else:
        ui.show_table(strongest.drop(columns=["spike"]), column_config=ui.SPIKE_COLUMNS)
    ui.download_csv(strongest, "spikes.csv", "Download spikes (CSV)")


# A fragment: typing a word or paging reruns this section only, not the charts above.
@st.fragment
def keyword_in_context_section() -> None:
    st.subheader("Keyword in context")
    c1, c2, c3 = st.columns([2, 1, 1])
    # Empty until typed: every line of a frequent word means reading most selected texts.
    term = c1.text_input("Word or phrase", key="kwic_term",
                         placeholder=f"e.g. {top['term'].iloc[0]}" if len(top) else "e.g. navo",
                         help="Matched as whole words, case-insensitively; a phrase matches its words in order.")
    width = c2.slider("Context (characters each side)", 20, 200, 60, step=10, key="kwic_width")
    sort = c3.radio("Sort by", list(SORTS), format_func=SORTS.get, key="kwic_sort")
    lines = ui.keyword_in_context(ctx.corpus, ctx.flt, term.strip(), width, sort)
    hits, n_articles = kwic_totals(lines)
    if not term.strip():
        ui.empty("Type a word or phrase to see the lines it occurs in.")
    elif lines.empty:
        ui.empty(f"“{ui.md(term.strip())}” does not occur in the selected articles.")
    else:
        start, stop, n_pages = views.page_bounds(hits, st.session_state.get("kwic_page", 1), KWIC_PAGE)
        st.caption(f"{hits:,} hit(s) in {n_articles:,} article(s); showing lines {start + 1:,}–{stop:,}.")
        if n_pages > 1:
            if st.session_state.get("kwic_page", 1) > n_pages:  # a new term with fewer pages
                st.session_state["kwic_page"] = n_pages
            st.number_input(f"Page (of {n_pages:,}, {KWIC_PAGE} lines each)", 1, n_pages, key="kwic_page")
            start, stop, _ = views.page_bounds(hits, st.session_state["kwic_page"], KWIC_PAGE)
        ui.show_table(lines.iloc[start:stop], column_config=ui.KWIC_COLUMNS)
        ui.download_csv(ui.download_data(ctx, lambda: ui.keyword_in_context_csv(ctx.corpus, ctx.flt, term.strip(), width, sort)),
                        "keyword_in_context.csv", f"Download all {hits:,} lines (CSV)", key="dl_kwic")


keyword_in_context_section()

st.subheader("Full tables")
st.caption("terms_by_month.csv: month, term, count, per_10k, articles; terms_by_article.csv: id, month, term, count, per_10k.")
with ui.lazy_expander("Preview terms_by_month (as the command-line export)", "terms_tables") as box:
    if box.open:
        ui.show_table(ui.terms_by_month_page(ctx.corpus, ctx.flt), height=300,
                      total=ui.count_terms_by_month(ctx.corpus, ctx.flt))
ui.download_tables(ctx, "terms_by_month", "terms_by_article")
