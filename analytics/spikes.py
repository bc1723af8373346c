"""Spikes: months where a term or entity is in more articles than its own recent history predicts.

Method: a one-sided Poisson test against a trailing baseline of the previous ``window`` months
(default 6) of the selection's continuous month axis. For series ``s`` and month ``t``::

    x                  = selected articles of month t that contain s      (``articles``)
    N                  = selected articles of month t                      (``month_articles``)
    B                  = articles containing s in months t−window … t−1    (``baseline_articles``)
    M                  = selected articles in months t−window … t−1        (``baseline_month_articles``)
    expected λ         = (B + 0.5) / M × N        (the baseline share; the 0.5 keeps a series never
                                                   seen before from having λ = 0)
    p_value            = P(X ≥ x) for X ~ Poisson(λ)
    ratio              = x / λ

A month is a **spike** when ``x ≥ min_articles`` (default 5), at least ``min_baseline_months``
(default 3) of the previous ``window`` months have selected articles, ``x > λ`` and
``p_value < alpha`` (default 0.001). Counting articles rather than occurrences keeps one article
that repeats a word from making a spike; dividing by the month's articles keeps a month that
simply had more articles from being one. The baseline uses only months inside the selection, so
the first months of a range have no baseline.

:func:`detect_spikes` tests the dense rows of :func:`analytics.trends.series_trend` (the trend
chart); :func:`strongest_spikes` tests every term or entity of the selection with the same
numbers (computed in SQL over the sparse month tables) and keeps the strongest.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import poisson

from .dataset import BuiltCorpus
from .filters import FilterState

WINDOW = 6
MIN_BASELINE_MONTHS = 3
MIN_ARTICLES = 5
ALPHA = 0.001
PSEUDO_COUNT = 0.5
SpikeKind = Literal["terms", "entities"]
SPIKE_KINDS: tuple[str, ...] = ("terms", "entities")
SPIKE_COLUMNS = [
    "series", "month", "articles", "month_articles", "share", "baseline_articles", "baseline_month_articles",
    "baseline_months", "expected", "ratio", "p_value", "spike",
]


def poisson_test(
    frame: pd.DataFrame, *, min_articles: int = MIN_ARTICLES, min_baseline_months: int = MIN_BASELINE_MONTHS,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Add expected, ratio, p_value, spike to rows with articles, month_articles, baseline_articles,
    baseline_month_articles, baseline_months (module docstring)."""
    out = frame.copy()
    x = out["articles"].to_numpy(np.float64)
    n = out["month_articles"].to_numpy(np.float64)
    b = out["baseline_articles"].to_numpy(np.float64)
    m = out["baseline_month_articles"].to_numpy(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(m > 0, (b + PSEUDO_COUNT) / m * n, np.nan)
        out["expected"] = lam
        out["ratio"] = np.where(lam > 0, x / lam, np.nan)
        out["p_value"] = np.where(lam > 0, poisson.sf(x - 1, np.where(lam > 0, lam, 1.0)), np.nan)
    out["share"] = np.where(n > 0, x / np.where(n > 0, n, 1.0), 0.0)
    out["spike"] = (
        (x >= min_articles) & (out["baseline_months"].to_numpy() >= min_baseline_months) & (x > np.nan_to_num(lam))
        & (np.nan_to_num(out["p_value"].to_numpy(), nan=1.0) < alpha)
    )
    return out


def detect_spikes(trend: pd.DataFrame, *, window: int = WINDOW, **thresholds) -> pd.DataFrame:
    """Spike test of every (series, month) row of a dense trend table (columns series, month,
    articles, month_articles, one row per month of the axis): :data:`SPIKE_COLUMNS`."""
    if trend.empty:
        return pd.DataFrame(columns=SPIKE_COLUMNS)
    t = trend.sort_values(["series", "month"], kind="mergesort").reset_index(drop=True)

    def trailing(values: pd.Series) -> pd.Series:
        return values.groupby(t["series"]).transform(lambda v: v.shift(1).rolling(window, min_periods=1).sum()).fillna(0)

    t["baseline_articles"] = trailing(t["articles"]).astype("int64")
    t["baseline_month_articles"] = trailing(t["month_articles"]).astype("int64")
    t["baseline_months"] = trailing((t["month_articles"] > 0).astype("int64")).astype("int64")
    return poisson_test(t, **thresholds)[SPIKE_COLUMNS]


def annotate_trend(trend: pd.DataFrame, **thresholds) -> pd.DataFrame:
    """A :func:`analytics.trends.series_trend` table with expected, ratio, p_value and spike added
    per row (:func:`detect_spikes`), row order kept."""
    if trend.empty:
        return trend.assign(expected=pd.Series(dtype=float), ratio=pd.Series(dtype=float),
                            p_value=pd.Series(dtype=float), spike=pd.Series(dtype=bool))
    tested = detect_spikes(trend, **thresholds)[["series", "month", "expected", "ratio", "p_value", "spike"]]
    return trend.merge(tested, on=["series", "month"], how="left")


def _candidates_sql(corpus: BuiltCorpus, flt: FilterState, kind: str) -> tuple[str, list]:
    """CTEs ending in ``c(month, term, articles)``: articles per month of each term or entity."""
    from .terms import month_counts_sql

    ctes, params = month_counts_sql(corpus, flt, "terms")
    if kind == "terms":
        return ctes + ", cs AS (SELECT month, term, articles FROM c)", params
    return (
        ctes + """, cs AS (SELECT m.month, m.entity || ' (' || m.entity_type || ')' AS term, count(DISTINCT m.id) AS articles
        FROM mentions m JOIN sel USING (id) GROUP BY m.month, m.entity, m.entity_type)""",
        params,
    )


def strongest_spikes(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, kind: SpikeKind = "terms", top: int = 50,
    window: int = WINDOW, min_articles: int = MIN_ARTICLES, min_baseline_months: int = MIN_BASELINE_MONTHS,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """The ``top`` spikes of every term (or entity, named ``"NAVO (ORG)"``) in the selection, the
    smallest p-value first (ties: larger ratio, then series, month): :data:`SPIKE_COLUMNS`."""
    if kind not in SPIKE_KINDS:
        raise ValueError(f"kind must be one of {SPIKE_KINDS}, got {kind!r}")
    window = int(window)
    ctes, params = _candidates_sql(corpus, flt, kind)
    frame = f"BETWEEN {window} PRECEDING AND 1 PRECEDING"
    rows = corpus.sql(
        f"""{ctes},
        mi AS (SELECT month, n_articles,
                      (CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER)) AS midx,
                      coalesce(sum(n_articles) OVER (ORDER BY month ROWS {frame}), 0) AS base_total,
                      coalesce(sum(CASE WHEN n_articles > 0 THEN 1 ELSE 0 END) OVER (ORDER BY month ROWS {frame}), 0) AS base_months
               FROM mt),
        cc AS (SELECT cs.term, cs.month, cs.articles,
                      coalesce(sum(cs.articles) OVER (PARTITION BY cs.term ORDER BY mi.midx RANGE {frame}), 0) AS base_articles
               FROM cs JOIN mi USING (month))
        SELECT cc.term AS series, cc.month, cc.articles::BIGINT AS articles, mi.n_articles::BIGINT AS month_articles,
               cc.base_articles::BIGINT AS baseline_articles, mi.base_total::BIGINT AS baseline_month_articles,
               mi.base_months::BIGINT AS baseline_months
        FROM cc JOIN mi USING (month) WHERE cc.articles >= ? AND mi.base_months >= ?""",
        params + [int(min_articles), int(min_baseline_months)],
    )
    if rows.empty:
        return pd.DataFrame(columns=SPIKE_COLUMNS)
    tested = poisson_test(rows, min_articles=min_articles, min_baseline_months=min_baseline_months, alpha=alpha)
    spikes = tested[tested["spike"]].sort_values(
        ["p_value", "ratio", "series", "month"], ascending=[True, False, True, True], kind="mergesort"
    )
    return spikes.head(int(top))[SPIKE_COLUMNS].reset_index(drop=True)
