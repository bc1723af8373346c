"""Small render helpers shared by the pages: tables, information boxes and the article picker."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from analytics.safe_text import md

from .filter_bar import set_filter
from .cache import MAX_TABLE_ROWS, article_labels, is_selected, selected_count, selected_ids

if TYPE_CHECKING:
    from .frame import PageContext


def empty(message: str) -> None:
    """An information box; ``message`` is Markdown: pass untrusted parts through :func:`md`."""
    st.info(message, icon=":material/info:")


def show_table(df: pd.DataFrame, *, height: int | None = None, column_config: dict | None = None,
               max_rows: int = MAX_TABLE_ROWS, total: int | None = None) -> None:
    """A table; past ``max_rows`` rows only the first ones are sent to the browser (the download
    next to it has them all), so a large corpus does not stall the page. ``total``: the full
    table's row count when ``df`` is already only its first rows. Without ``height`` Streamlit fits
    the table to its rows (a fixed height left an empty row under short tables)."""
    shown = df.head(max_rows)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config,
                 **({"height": height} if height else {}))
    total = len(df) if total is None else total
    if total > len(shown):
        st.caption(f"Showing the first {len(shown):,} of {total:,} rows; the CSV download has them all.")


def article_picker(ctx: "PageContext", key: str) -> str | None:
    """A picker of the selected articles, each named by id, month and title (or first words)
    (the first :data:`MAX_TABLE_ROWS` listed, any other selected id can be typed); returns the
    chosen id, or None when it is not selected."""
    total = selected_count(ctx.corpus, ctx.flt)
    options = list(selected_ids(ctx.corpus, ctx.flt))
    current = st.session_state.get(key)
    if current is not None and current not in options:
        if not is_selected(ctx.corpus, ctx.flt, current):
            st.session_state.pop(key, None)  # the filter or corpus changed and left it out: start from the first
        else:
            options.append(current)  # an id typed in earlier stays choosable
    labels = article_labels(ctx.corpus)
    chosen = st.selectbox("Article", options, format_func=lambda i: labels.get(i, i), key=key,
                          accept_new_options=total > MAX_TABLE_ROWS)
    if total > MAX_TABLE_ROWS:
        st.caption(f"The list holds the first {MAX_TABLE_ROWS:,} of {total:,} articles; type an id, or narrow the filters.")
    if chosen is None or not is_selected(ctx.corpus, ctx.flt, chosen):
        empty(f"No selected article has the id {md(repr(chosen))}.")
        return None
    return chosen


def spike_narrowing(spikes: pd.DataFrame) -> None:
    """Pick a spike (rows of :func:`analytics.spikes.annotate_trend`) and narrow every page to its
    month and its entity or text (a text series becomes a quoted phrase of the text query)."""
    labels = {i: f"{r.series} · {r.month}" for i, r in zip(spikes.index, spikes.itertuples())}
    pick = st.selectbox("Show the articles behind a spike", list(labels), format_func=labels.get, key="spike_pick")
    row = spikes.loc[pick]
    target = {"month_from": row["month"], "month_to": row["month"]}
    target.update({"entity": row["value"]} if row["kind"] == "entity" else {"query": f'"{row["value"]}"'})
    st.button("Narrow every page to these articles", on_click=set_filter, kwargs=target, key="spike_go")
