"""Altair charts shared by the pages, with ONE palette: entity types use
:data:`analytics.views.ENTITY_COLOURS` (the reader's highlights use the same hues as tints); series use
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


AXIS_CONFIG = {"labelFontSize": 12, "titleFontSize": 13}
TITLE_CONFIG = {"fontSize": 15, "anchor": "start"}


def chart(c: alt.Chart, key: str | None = None) -> None:
    """Draw an Altair chart as its Vega-Lite spec, with every table sent as Arrow.

    ``st.altair_chart`` validates the spec against the Vega-Lite JSON schema on every rerun; with
    jsonschema that was a quarter of the Entities page's rerun at 100,000 articles (about 40 ms
    per chart). The charts here are built by this module from fixed shapes, and
    ``tests/test_app_charts.py`` validates every one of them, so the page skips that check."""
    datasets: dict[str, pd.DataFrame] = {}
    # Dataset names must be unique on the page: the browser's Vega runtime rejects a name another
    # chart already registered ("Duplicate data set name") and draws nothing.
    spec = vega_lite_spec(_named_data(c, datasets, f"{key or 'chart'}_data"))
    config = spec.setdefault("config", {})
    config["axis"] = {**config.get("axis", {}), **AXIS_CONFIG}
    config["title"] = {**config.get("title", {}), **TITLE_CONFIG}
    spec["datasets"] = datasets
    # Canvas, not Vega's default SVG: as SVG every mark is a DOM node (a keyword heatmap was
    # 2,400 of the Keywords page's 3,100), and the browser rebuilt them all on each filter change.
    spec["usermeta"] = {"embedOptions": {"renderer": "canvas"}}
    st.vega_lite_chart(spec, width="stretch", key=key)


def vega_lite_spec(c: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec without schema validation, and without Altair's default theme
    (a fixed 300-pixel view), as Streamlit draws it."""
    spec = c.to_dict(validate=False)
    config = spec.get("config", {})
    config.pop("view", None)
    if not config:
        spec.pop("config", None)
    return spec


def _named_data(c, datasets: dict[str, pd.DataFrame], prefix: str):
    """``c`` with every DataFrame it (or one of its layers) holds replaced by a named dataset
    collected in ``datasets``, so the spec carries no inline rows and needs no data transformer."""
    if isinstance(c.data, pd.DataFrame):
        name = next((n for n, df in datasets.items() if df is c.data), f"{prefix}_{len(datasets)}")
        datasets[name] = c.data
        c = c.copy(deep=False)
        c.data = alt.Data(name=name)
    if isinstance(getattr(c, "layer", None), list):
        c = c.copy(deep=False)
        c.layer = [_named_data(layer, datasets, prefix) for layer in c.layer]
    return c


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


def trend_chart(df: pd.DataFrame, field: str, title: str, *, series: str, series_title: str, tooltip: list,
                with_data: bool = True) -> alt.Chart:
    """One line per ``series`` over months, points marked, exact values in the tooltip
    (``with_data=False``: without the rows, for a layer that holds them)."""
    return (
        alt.Chart(df if with_data else alt.Undefined, title=f"{title} per month")
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
    """Entity types in the one palette (:data:`analytics.views.ENTITY_COLOURS`, the chart strength)."""
    return alt.Color(
        "type:N", title="Type",
        scale=alt.Scale(domain=list(views.ENTITY_COLOURS), range=list(views.ENTITY_COLOURS.values())),
        legend=alt.Legend(orient="bottom") if legend else None,
    )


def entity_heatmap_chart(heat: pd.DataFrame, title: str) -> alt.Chart:
    """Mentions per (month, entity) of :func:`analytics.views.entity_heatmap`. A month without
    mentions is a white cell; 1 mention and up are shades of one colour on a log scale, so 0 and 1
    never look alike and one busy entity does not wash out the rest."""
    base = alt.Chart(title=title).encode(
        x=alt.X("month:O", title="Month", axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("label:N", title="Entity", sort=category_order(heat, "label"), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip("label:N", title="Entity"),
                 alt.Tooltip("mentions:Q", title="Mentions", format=","),
                 alt.Tooltip("articles:Q", title="Articles", format=",")],
    )
    zero = base.transform_filter("datum.mentions == 0").mark_rect(fill="white", stroke="#dddddd", strokeWidth=1)
    some = base.transform_filter("datum.mentions > 0").mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("mentions:Q", title="Mentions (0 = white)",
                        scale=alt.Scale(type="log", domainMin=1, range=["#fdd49e", "#7f2704"])),
    )
    # the rows sit on the layer, not on each part: Altair would otherwise hash them to find they are shared
    return alt.layer(zero, some, data=heat).properties(height=26 * heat["label"].nunique() + 80)


def keyword_heatmap_chart(heat: pd.DataFrame, title: str) -> alt.Chart:
    """TF-IDF scores of :func:`analytics.views.keyword_heatmap`; grey: not among the month's top keywords."""
    base = alt.Chart().encode(
        x=alt.X("month:O", title="Month", axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("term:N", title="Keyword", sort=category_order(heat, "term"), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip("term:N", title="Keyword"),
                 alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("score:Q", title="Score", format=".4f"),
                 alt.Tooltip("tf:Q", title="tf"), alt.Tooltip("df:Q", title="df"),
                 alt.Tooltip("n_docs:Q", title="Reference articles"), alt.Tooltip("idf:Q", title="idf", format=".4f")],
    )
    missing = base.mark_rect(color="#eeeeee", stroke="white", strokeWidth=1)
    scored = base.transform_filter("isValid(datum.score)").mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("score:Q", title="Score", scale=alt.Scale(scheme=HEAT_SCHEME, zero=False)),
    )
    return alt.layer(missing, scored, title=title, data=heat).properties(height=26 * heat["term"].nunique() + 80)


def spike_trend_chart(trend: pd.DataFrame, field: str, measure: str) -> alt.Chart:
    """Lines of :func:`analytics.spikes.annotate_trend` rows with a ▲ on each spike month."""
    tooltip = [alt.Tooltip("count:Q", title="Occurrences", format=","),
               alt.Tooltip("per_10k:Q", title="Per 10,000 tokens", format=".2f"),
               alt.Tooltip("articles:Q", title="Articles", format=","),
               alt.Tooltip("month_articles:Q", title="Articles that month", format=","),
               alt.Tooltip("share:Q", title="Share of articles", format=".1%"),
               alt.Tooltip("expected:Q", title="Expected articles (baseline)", format=".2f"),
               alt.Tooltip("p_value:Q", title="Spike p-value", format=".2g")]
    line = trend_chart(trend, field, measure, series="series", series_title="Series", tooltip=tooltip, with_data=False)
    marks = (
        alt.Chart().transform_filter("datum.spike").mark_point(shape="triangle-up", size=220, filled=True, color="#d62728")
        .encode(x="month:O", y=f"{field}:Q",
                tooltip=[alt.Tooltip("series:N", title="Spike of"), alt.Tooltip("month:O", title="Month"), *tooltip])
    )
    return alt.layer(line, marks, data=trend)


def entity_bar_chart(top: pd.DataFrame, title: str, *, legend: bool) -> alt.Chart:
    """Bars of an :func:`analytics.entities.top_entities` table, coloured by type."""
    return bar_chart(
        top, "entity", "mentions", title, value_title="Mentions", category_title="Entity", color=entity_type_color(legend),
        tooltip=[alt.Tooltip("entity:N", title="Entity"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("mentions:Q", title="Mentions", format=","),
                 alt.Tooltip("articles:Q", title="Articles", format=","),
                 alt.Tooltip("surface_forms:N", title="Written as")],
    )
