"""Altair charts shared by the pages, with ONE palette: entity types use
:data:`analytics.views.ENTITY_COLOURS` (the reader's highlight colours, too); series use
:data:`SERIES_SCHEME`; sequential cells use :data:`HEAT_SCHEME`.

Bars are ordered as the table hands them over (the analytics functions sort with documented
tie-breaks), never re-sorted in the browser, so bars with equal counts keep one order everywhere.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from analytics import views

SERIES_SCHEME = "tableau10"
HEAT_SCHEME = "blues"
#: Axis labels are never cut ("Kremlinwoordvoerder Dmitri Peskov" stays whole).
LABEL_LIMIT = 0


def chart(c: alt.Chart, key: str | None = None) -> None:
    st.altair_chart(c.configure_axis(labelFontSize=12, titleFontSize=13).configure_title(fontSize=15, anchor="start"),
                    width="stretch", key=key)


def category_order(df: pd.DataFrame, category: str) -> list[str]:
    """The categories in the table's own row order (first appearance), the chart's sort."""
    return list(dict.fromkeys(df[category].astype(str)))


def bar_chart(df: pd.DataFrame, category: str, value: str, title: str, *, value_title: str, category_title: str,
              tooltip: list, color: alt.Color | None = None, horizontal: bool = True, height: int | None = None) -> alt.Chart:
    axis = alt.Axis(format=",d", tickMinStep=1)
    enc_value = alt.X(f"{value}:Q", title=value_title, axis=axis) if horizontal else alt.Y(f"{value}:Q", title=value_title, axis=axis)
    if horizontal:
        enc_cat = alt.Y(f"{category}:N", title=category_title, sort=category_order(df, category),
                        axis=alt.Axis(labelLimit=LABEL_LIMIT))
        base = alt.Chart(df, title=title).mark_bar().encode(x=enc_value, y=enc_cat, tooltip=tooltip)
    else:
        base = alt.Chart(df, title=title).mark_bar().encode(
            x=alt.X(f"{category}:O", title=category_title, axis=alt.Axis(labelAngle=0)), y=enc_value, tooltip=tooltip
        )
    legend_room = 70 if color is not None else 0
    if color is not None:
        base = base.encode(color=color)
    return base.properties(height=(height or max(180, 26 * len(df) + 90 + legend_room)) if horizontal else (height or 280))


def term_bar_chart(df: pd.DataFrame, title: str, *, category_title: str = "Term") -> alt.Chart:
    """Bars of a :func:`analytics.terms.top_terms` table, with its exact figures as tooltips."""
    return bar_chart(
        df, "term", "count", title, value_title="Occurrences", category_title=category_title,
        tooltip=[alt.Tooltip("term:N", title=category_title), alt.Tooltip("count:Q", title="Occurrences", format=","),
                 alt.Tooltip("per_10k:Q", title="Per 10,000 tokens", format=".1f"),
                 alt.Tooltip("articles:Q", title="Articles", format=",")],
    )


def trend_chart(df: pd.DataFrame, field: str, title: str, *, series: str, series_title: str, tooltip: list) -> alt.Chart:
    """One line per ``series`` over months, points marked, exact values in the tooltip."""
    return (
        alt.Chart(df, title=f"{title} per month")
        .mark_line(point=alt.OverlayMarkDef(size=60))
        .encode(
            x=alt.X("month:O", title="Month", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{field}:Q", title=title),
            color=alt.Color(f"{series}:N", title=series_title, scale=alt.Scale(scheme=SERIES_SCHEME),
                            sort=category_order(df, series), legend=alt.Legend(orient="bottom", labelLimit=LABEL_LIMIT)),
            tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip(f"{series}:N", title=series_title), *tooltip],
        )
        .properties(height=300)
    )


def entity_type_color(legend: bool = True) -> alt.Color:
    """Entity types in the one palette of :data:`analytics.views.ENTITY_COLOURS`."""
    return alt.Color(
        "type:N", title="Type",
        scale=alt.Scale(domain=list(views.ENTITY_COLOURS), range=list(views.ENTITY_COLOURS.values())),
        legend=alt.Legend(orient="bottom") if legend else None,
    )
