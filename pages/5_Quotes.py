"""Quotes: who is quoted in the selection and when, the quotes themselves, and a link to the reader."""

import altair as alt
import pandas as pd
import streamlit as st

import pages as ui
import pages.ui.quotes as vq
from analytics import quotes
from analytics.safe_text import one_line, shorten

ALL = "All speakers"


def _open_in_reader(article_id: str) -> None:
    st.session_state["reader_article"] = article_id
    st.session_state["quotes_open_reader"] = True


ctx = ui.start_page(
    "Quotes",
    "Direct quotes (text in quotation marks with a reporting verb such as “zei”, “aldus” or “verklaarde” next to "
    "it) and who said them. Quoted words without a reporting verb (scare quotes) are not counted.",
)
ui.require_articles(ctx)
if st.session_state.pop("quotes_open_reader", False):
    st.switch_page("pages/4_Articles.py", query_params=ctx.flt.to_query_params())

speakers = vq.quotes_by_speaker(ctx.corpus, ctx.flt)
if speakers.empty:
    ui.empty("No quote was found in the selected articles.")
    st.stop()
if not ctx.corpus.has_entities:
    st.caption("Entities were not recognised for this corpus: speakers are the names and phrases as written.")

c1, c2, c3 = st.columns(3)
c1.metric("Quotes", f"{int(speakers['quotes'].sum()):,}")
c2.metric("Speakers", f"{len(speakers):,}")
c3.metric("Linked to an entity", f"{int(speakers.loc[speakers['speaker_entity'].notna(), 'quotes'].sum()):,}",
          help="Quotes whose speaker is a recognised person or organisation (named, or a pronoun resolved to one).")

st.subheader("Most quoted speakers")
n = st.slider("Speakers", 5, 30, 10, step=5, key="q_n")
top = speakers.head(n).assign(type=lambda d: d["speaker_type"].fillna("unlinked"))
ui.chart(
    ui.bar_chart(
        top, "speaker", "quotes", "Most quoted speakers", value_title="Quotes", category_title="Speaker",
        tooltip=[alt.Tooltip("speaker:N", title="Speaker"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("quotes:Q", title="Quotes", format=","),
                 alt.Tooltip("articles:Q", title="Articles", format=",")],
    ),
    key="chart_top_speakers",
)
c1, c2 = st.columns(2)
with c1:
    ui.download_csv(top.drop(columns="type"), "top_speakers.csv", "Download this chart's data (CSV)", key="dl_top_speakers")
with c2:
    ui.download_table(ctx, "quotes_by_speaker", "Download quotes_by_speaker.csv (per month)")

st.subheader("Speakers over time")
chosen = st.multiselect("Speakers", speakers["speaker"].head(200).tolist(), default=speakers["speaker"].head(3).tolist(),
                        key="q_chosen", max_selections=10, placeholder="Choose speakers")
if chosen:
    by_month = vq.quotes_by_speaker(ctx.corpus, ctx.flt, by_month=True)
    months = ui.selected_months(ctx.corpus, ctx.flt)
    grid = pd.MultiIndex.from_product([months, chosen], names=["month", "speaker"]).to_frame(index=False)
    counts = by_month.groupby(["month", "speaker"], as_index=False)[["quotes", "articles"]].sum()
    trend = grid.merge(counts, on=["month", "speaker"], how="left").fillna({"quotes": 0, "articles": 0})
    ui.chart(
        ui.trend_chart(trend, "quotes", "Quotes", series="speaker", series_title="Speaker",
                       tooltip=[alt.Tooltip("quotes:Q", title="Quotes", format=","),
                                alt.Tooltip("articles:Q", title="Articles", format=",")]),
        key="chart_speaker_trend",
    )
    ui.download_csv(trend, "speaker_trends.csv", "Download trend data (CSV)", key="dl_speaker_trend")
else:
    ui.empty("Choose one or more speakers to see their quotes per month.")

st.subheader("The quotes")
who = st.selectbox("Speaker", [ALL, *speakers["speaker"].head(ui.MAX_ENTITY_OPTIONS).tolist()], key="q_who")
rows = vq.quotes_table(ctx.corpus, ctx.flt, speaker=None if who == ALL else who, limit=ui.MAX_TABLE_ROWS)
total = int(speakers["quotes"].sum()) if who == ALL else int(speakers.loc[speakers["speaker"] == who, "quotes"].sum())
ui.show_table(
    rows[["month", "speaker", "quote", "verb", "position", "how", "id"]], total=total,
    column_config={"quote": st.column_config.TextColumn("quote", width="large"),
                   "how": st.column_config.TextColumn("how", help="named, pronoun (resolved or not), previous "
                                                      "(“klonk het” or a continuation), phrase (unnamed speaker)")},
)
ui.download_table(ctx, "quotes", "Download quotes.csv")

if not rows.empty:
    labels = {i: one_line(f"{r.month} · {shorten(r.speaker, 40)} · {shorten(r.quote, 80)}")
              for i, r in enumerate(rows.itertuples())}
    pick = st.selectbox("Quote in its article", list(labels), format_func=labels.get, key="q_pick")
    row = rows.iloc[pick]
    text = ui.article_text(ctx.corpus, row["id"])
    st.html(quotes.quote_context_html(text, int(row["start"]), int(row["end"])))
    st.button("Open this article in the reader", on_click=_open_in_reader, args=(row["id"],), key="q_open",
              icon=":material/article:")
