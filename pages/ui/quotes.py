"""Streamlit views for quotes and co-occurrence (in pages/ui/: Streamlit does not list it as a page).

* cached queries of :mod:`analytics.quotes` and :mod:`analytics.cooccurrence`;
* :func:`network_section`: the co-occurrence network of the Entities page (Altair, from a layout
  computed by :func:`analytics.cooccurrence.network_layout`), its table and CSV, and who appears
  with a chosen entity.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import pages as ui
from analytics import cooccurrence as _co
from analytics import quotes as _quotes
from analytics import views
from analytics.safe_text import md

quotes_by_speaker = ui.cached(_quotes.quotes_by_speaker)
quotes_table = ui.cached(_quotes.quotes_table)
pairs = ui.cached(_co.cooccurrence)
partners = ui.cached(_co.partners)


@ui.cached
def network(corpus, flt, top: int, unit: str = "article") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ``top`` strongest pairs (positive G²) together in the same ``unit``, the node layout
    and the edge ends (whose ``articles`` column counts units of either kind)."""
    strongest = pairs(corpus, flt, unit=unit)
    strongest = strongest[strongest["g2"] > 0].head(top).reset_index(drop=True)
    plain = strongest.rename(columns=lambda c: c.replace("sentences", "articles"))
    ends = list(zip(plain["entity_a"], plain["type_a"])) + list(zip(plain["entity_b"], plain["type_b"]))
    nodes = ui.entity_counts(corpus, flt, tuple(dict.fromkeys(ends)), False)
    layout = _co.network_layout(plain, nodes)
    return strongest, layout, _co.network_edges(plain, layout)


def network_chart(layout: pd.DataFrame, edges: pd.DataFrame, title: str, together: str = "Articles together") -> alt.Chart:
    """Edges as lines (width by articles together), nodes as circles sized by mentions and
    coloured by entity type, labelled with the entity name."""
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    x, y = alt.X("x:Q", axis=axis), alt.Y("y:Q", axis=axis)
    lines = alt.Chart(edges).mark_line(color="#6b7280", opacity=0.7).encode(
        x=x, y=y, detail="pair:N",
        strokeWidth=alt.StrokeWidth("articles:Q", title=together, legend=None, scale=alt.Scale(range=[1, 7])),
        tooltip=[alt.Tooltip("label:N", title="Pair"), alt.Tooltip("articles:Q", title=together, format=","),
                 alt.Tooltip("g2:Q", title="G²", format=".1f")],
    )
    points = alt.Chart(layout).mark_circle(opacity=0.9, stroke="white", strokeWidth=1).encode(
        x=x, y=y, color=ui.entity_type_color(),
        size=alt.Size("mentions:Q", title="Mentions", scale=alt.Scale(range=[60, 1400]), legend=None),
        tooltip=[alt.Tooltip("entity:N", title="Entity"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("mentions:Q", title="Mentions", format=",")],
    )
    labels = alt.Chart(layout).mark_text(dx=9, align="left", baseline="middle", fontSize=11).encode(
        x=x, y=y, text="entity:N")
    return (lines + points + labels).properties(title=title, height=520)


def network_section(ctx) -> None:
    """The Entities page's co-occurrence section (drawn only while its tab is open: pairing the
    selection's entities is the page's costliest query, 0.5 s on 10,000 articles)."""
    unit = st.radio("Together in", ["article", "sentence"], format_func=lambda u: f"the same {u}", horizontal=True,
                    key="co_unit")
    word = f"{unit}s"
    st.caption(
        f"Entities mentioned in the same {unit}. Pairs are ranked by the log-likelihood G² of their {word} "
        f"together against chance (see the README); only the {_co.MAX_ENTITIES} entities in most selected {word} "
        f"are paired, and a pair needs at least {_co.MIN_ARTICLES} {word} together."
        + (" Sentences are counted among those that mention an entity." if unit == "sentence" else "")
    )
    top = st.slider("Strongest pairs", 10, 80, ui.initial("co_top", 30), step=10, key="co_top")
    strongest, layout, edges = network(ctx.corpus, ctx.flt, top, unit)
    together = f"{word.capitalize()} together"
    if strongest.empty:
        ui.empty(f"No two entities appear together in enough selected {word}.")
    else:
        chart_col, table_col = st.columns([3, 2], gap="large")
        with chart_col:
            ui.chart(network_chart(layout, edges, f"The {len(strongest)} strongest pairs", together), key="chart_network")
        with table_col:
            ui.show_table(
                strongest[["entity_a", "entity_b", word, "expected", "g2"]], height=440,
                column_config={"entity_a": "Entity", "entity_b": "With", word: together,
                               "expected": st.column_config.NumberColumn("Expected", format="%.1f"),
                               "g2": st.column_config.NumberColumn("G²", format="%.1f")},
            )
            ui.download_csv(strongest, f"cooccurrence_strongest_{word}.csv", "Download these pairs (CSV)", key="dl_co_strongest")
            ui.download_table(ctx, "cooccurrence", "Download cooccurrence.csv (articles, per month)")
    ranked = ui.top_entities(ctx.corpus, ctx.flt, 200, None)
    keys = list(zip(ranked["entity"], ranked["type"]))
    if not keys:
        return
    pick = st.selectbox("Who appears with", keys, format_func=lambda k: views.entity_label(*k), key="co_pick")
    with_it = partners(ctx.corpus, *tuple(pick), ctx.flt, unit=unit)
    if with_it.empty:
        ui.empty(f"{md(pick[0])} appears with no other entity in the selected {word}.")
        return
    st.caption(f"Entities in the same selected {word} as {md(pick[0])}, strongest association first.")
    ui.show_table(
        with_it, height=300,
        column_config={"entity": "Entity", "type": "Type", word: together,
                       f"{word}_entity": f"{word.capitalize()} with the entity", f"n_{word}": f"Selected {word}"
                       + (" with an entity" if unit == "sentence" else ""),
                       "expected": st.column_config.NumberColumn("Expected", format="%.1f"),
                       "pmi": st.column_config.NumberColumn("PMI", format="%.2f"),
                       "g2": st.column_config.NumberColumn("G²", format="%.1f")},
    )
    ui.download_csv(with_it, f"with_{pick[0]}_{word}.csv", "Download (CSV)", key="dl_co_partners")
