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


#: Session-state prefix of the copies :func:`keep_values` keeps of widgets in closed sections.
KEPT = "_kept_"


def sections(labels: list[str], key: str):
    """Tabs whose closed ones do not run: write a tab's content under ``if tab.open:``.

    Streamlit runs every tab of plain ``st.tabs`` on every rerun; with ``on_change="rerun"`` a
    filter change only computes and draws the open tab (switching tabs reruns the page)."""
    return st.tabs(labels, key=key, on_change="rerun")


def lazy_expander(label: str, key: str):
    """An expander whose content runs only while it is open (write it under ``if box.open:``)."""
    return st.expander(label, key=key, on_change="rerun")


def keep_values(*keys: str) -> None:
    """Keep the values of widgets that live in a closed section (:func:`sections`).

    Streamlit forgets a widget's value after a run that did not draw it, so the choices made in a
    tab were lost when another tab was opened. Called at the top of a page, before its widgets,
    this copies each current value aside and puts it back when the widget is drawn again."""
    state = st.session_state
    for key in keys:
        if key in state:
            state[KEPT + key] = state[key]
        elif KEPT + key in state:
            state[key] = state[KEPT + key]


def initial(key: str, value):
    """A widget's default ``value``, or None when session state already holds its value (so a value
    :func:`keep_values` put back does not clash with the default)."""
    return None if key in st.session_state else value


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
