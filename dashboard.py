"""Overview: headline figures, articles per month, top terms and entities, data quality, export.

Run with ``streamlit run dashboard.py``; the other pages live in ``pages/``.
"""

import altair as alt
import streamlit as st

import pages as ui
from analytics import views

ctx = ui.start_page("Overview", "Dutch news: terms, TF-IDF keywords and named entities, per article and per month.")
s = ui.summary(ctx.corpus, ctx.flt)

cols = st.columns(5)
cols[0].metric("Articles", f"{s.articles:,}")
cols[1].metric("Tokens", f"{s.tokens:,}", help="Word tokens, stopwords included.")
cols[2].metric("Months", f"{s.months:,}")
cols[3].metric("Distinct terms", f"{s.distinct_terms:,}", help="Different words once stopwords are removed.")
cols[4].metric("Entities", f"{s.entities:,}", help="Distinct canonical entities (name and type) mentioned.")

ui.require_articles(ctx)

per_month = ui.articles_per_month(ctx.corpus, ctx.flt)
ui.chart(
    ui.bar_chart(
        per_month, "month", "articles", "Articles per month", value_title="Articles", category_title="Month",
        tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip("articles:Q", title="Articles", format=","),
                 alt.Tooltip("tokens:Q", title="Tokens", format=",")],
        horizontal=False, height=260,
    ),
    key="chart_per_month",
)
ui.download_csv(per_month, "articles_per_month.csv", "Download articles per month (CSV)")

left, right = st.columns(2)
with left:
    st.subheader("Top terms")
    top = ui.top_terms(ctx.corpus, ctx.flt, 10, "terms")
    if top.empty:
        ui.empty("No terms in the selected articles.")
    else:
        ui.chart(
            ui.term_bar_chart(top, "Ten most frequent terms"),
            key="chart_top_terms",
        )
        ui.download_csv(top, "top_terms.csv", "Download top terms (CSV)")
with right:
    st.subheader("Top entities")
    ents = ui.top_entities(ctx.corpus, ctx.flt, 10, None)
    if ents.empty:
        ui.empty("No entity is mentioned in the selected articles.")
    else:
        ui.show_table(ents[["entity", "type", "mentions", "articles"]])
        ui.download_csv(ents, "top_entities.csv", "Download top entities (CSV)")

st.subheader("Data quality")
# Stacked, not side by side: the duplicates table needs the full width for its six columns.
with st.container():
    st.markdown("**Files skipped**")
    skipped = ui.skipped_files(ctx.corpus)
    if skipped.empty:
        st.success("Every file was loaded.", icon=":material/check_circle:")
    else:
        n_skipped = int((skipped["kind"] == "skipped").sum())
        st.caption(f"{n_skipped} file(s) or row(s) skipped, {len(skipped) - n_skipped} decoding note(s).")
        ui.show_table(skipped)
        ui.download_csv(skipped, "skipped_files.csv", "Download skipped files (CSV)")
with st.container():
    st.markdown("**Duplicates**")
    if s.duplicates == 0:
        st.success("No duplicate among the selected articles.", icon=":material/check_circle:")
    else:
        st.caption(f"{s.duplicates:,} selected article(s) repeat an earlier one; **Drop duplicates** leaves them out.")
        # On request: up to 2,000 rows redrawn on every filter change were much of this page's wait.
        with ui.lazy_expander("Which articles, and which earlier article each repeats", "dups_list") as box:
            if box.open:
                ui.show_table(ui.duplicate_articles(ctx.corpus, ctx.flt), total=s.duplicates,
                              column_config=ui.DUPLICATE_COLUMNS)
        ui.download_csv(ui.download_data(ctx, lambda: ui.csv_of(ui.duplicate_articles(ctx.corpus, ctx.flt, None))),
                        "duplicates.csv", "Download duplicates (CSV)")
with st.container():
    st.markdown("**What cleaning removed**")
    removal_summary = ui.removal_summary(ctx.corpus, ctx.flt)
    if removal_summary.empty:
        st.success("Cleaning removed nothing from the selected articles.", icon=":material/check_circle:")
    else:
        ui.show_table(removal_summary)
        with ui.lazy_expander("Every change", "removals_all") as box:
            if box.open:
                ui.show_table(views.removals_for_display(ui.cleaning_removals(ctx.corpus, ctx.flt)),
                              total=int(removal_summary["rows"].sum()))
        ui.download_csv(
            ui.download_data(ctx, lambda: ui.csv_of(ui.cleaning_removals(ctx.corpus, ctx.flt, None))),
            "cleaning_removals.csv", "Download cleaning changes (CSV)",
        )

st.subheader("Export")
st.caption(
    "Every metric table for the current filter, as the command line writes them "
    "(`python -m analytics export`), with a manifest.json naming the corpus, filter and options."
)
ui.download_zip(ctx)
