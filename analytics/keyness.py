"""Keyness: which terms a target (a month, or any filtered selection) uses more than the rest of
the corpus, with log-likelihood G² for significance and Log Ratio for effect size.

For one term, the 2×2 contingency table of Rayson & Garside (2000), as in UCREL's
log-likelihood calculator::

                      target      reference     total
    the term            a             b          a + b
    other tokens      c − a         d − b        c + d − a − b
    all tokens          c             d          c + d

* ``a``: occurrences of the term in the target; ``b``: in the reference;
* ``c``: tokens of the target; ``d``: tokens of the reference (tokens include stopwords, as
  every rate here does).

The **target** is the month's selected articles (:func:`keyness_by_month`) or all selected
articles (:func:`keyness_of_selection`); the **reference** is the rest of the corpus: every other
article of the reference set (the corpus, without duplicates when the filter drops them). So
``b = corpus count − a`` and ``d = corpus tokens − c``.

Log-likelihood (Rayson & Garside 2000), with ``0 · ln 0 = 0``::

    E1 = c (a + b) / (c + d)           E2 = d (a + b) / (c + d)
    G² = 2 (a ln(a / E1) + b ln(b / E2))

G² follows a χ² distribution with 1 degree of freedom: 3.84 is p < 0.05, 6.63 is p < 0.01,
10.83 is p < 0.001, 15.13 is p < 0.0001. ``p_value`` is its upper tail.

Log Ratio (Hardie 2014), the binary log of the ratio of relative frequencies::

    log_ratio = log2((a / c) / (b / d))

where a zero ``a`` or ``b`` is replaced by :data:`ZERO_ADJUSTMENT` (0.5) first, so a term absent
from the reference has a finite ratio. 1 means twice as frequent in the target, 3 eight times.

Rows kept: ``a ≥ min_count`` (default :data:`MIN_COUNT` = 5: rarer differences are noise),
``G² ≥ min_g2`` (default 3.84, p < 0.05), and by default only **positive** keywords (the target
uses the term more: ``a / c > b / d``). Sorted by G² descending, then term; ``rank`` per target.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import chi2

from .dataset import BuiltCorpus
from .filters import FilterState

Direction = Literal["positive", "negative", "both"]
DIRECTIONS: tuple[str, ...] = ("positive", "negative", "both")
MIN_COUNT = 5
MIN_G2 = 3.84
ZERO_ADJUSTMENT = 0.5
MAX_TOP = 200
KEYNESS_COLUMNS = ["rank", "term", "a", "b", "c", "d", "per_10k_target", "per_10k_reference", "g2", "p_value", "log_ratio"]
KEYNESS_BY_MONTH_COLUMNS = ["month", *KEYNESS_COLUMNS]


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x · ln(y), with 0 · ln(anything) = 0."""
    out = np.zeros_like(x, dtype=np.float64)
    nz = x > 0
    out[nz] = x[nz] * np.log(y[nz])
    return out


def log_likelihood(a, b, c, d) -> np.ndarray:
    """G² of Rayson & Garside (2000) per row (module docstring); arrays of equal length."""
    a, b, c, d = (np.asarray(v, dtype=np.float64) for v in (a, b, c, d))
    total = c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        e1 = c * (a + b) / total
        e2 = d * (a + b) / total
        g2 = 2 * (_xlogy(a, np.where(e1 > 0, a / e1, 1.0)) + _xlogy(b, np.where(e2 > 0, b / e2, 1.0)))
    return g2


def log_ratio(a, b, c, d, *, zero: float = ZERO_ADJUSTMENT) -> np.ndarray:
    """Hardie's (2014) Log Ratio per row; a zero ``a`` or ``b`` counts as ``zero`` (module docstring)."""
    a, b, c, d = (np.asarray(v, dtype=np.float64) for v in (a, b, c, d))
    a = np.where(a == 0, zero, a)
    b = np.where(b == 0, zero, b)
    return np.log2((a / c) / (b / d))


def keyness_table(
    counts: pd.DataFrame, *, group: str | None = None, top: int = 25, min_count: int = MIN_COUNT,
    min_g2: float = MIN_G2, direction: Direction = "positive",
) -> pd.DataFrame:
    """Score a table with columns [``group``,] term, a, b, c, d: G², p-value, Log Ratio and rates;
    keep the rows passing the thresholds; the ``top`` per group by G² (module docstring)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    columns = ([group] if group else []) + KEYNESS_COLUMNS
    out = counts[counts["a"] >= min_count].copy()
    out = out[out["d"] > 0]  # without a reference there is nothing to compare with
    if out.empty:
        return pd.DataFrame(columns=columns)
    a, b, c, d = (out[k].to_numpy(np.float64) for k in "abcd")
    out["g2"] = log_likelihood(a, b, c, d)
    out["p_value"] = chi2.sf(out["g2"].to_numpy(), 1)
    out["log_ratio"] = log_ratio(a, b, c, d)
    out["per_10k_target"] = a / c * 10_000
    out["per_10k_reference"] = b / d * 10_000
    over = a / c > b / d
    keep = out["g2"].to_numpy() >= min_g2
    if direction == "positive":
        keep &= over
    elif direction == "negative":
        keep &= ~over
    out = out[keep]
    keys = [group] if group else []
    out = out.sort_values(keys + ["g2", "term"], ascending=[True] * len(keys) + [False, True], kind="mergesort")
    out["rank"] = (out.groupby(group).cumcount() if group else pd.Series(np.arange(len(out)), index=out.index)) + 1
    out = out[out["rank"] <= min(int(top), MAX_TOP)]
    for k in "abcd":
        out[k] = out[k].astype("int64")
    out["rank"] = out["rank"].astype("int64")
    return out[columns].reset_index(drop=True)


def _corpus_counts_sql(corpus: BuiltCorpus, flt: FilterState) -> tuple[str, str, int]:
    from .keywords import TERM_TOTALS, reference_size

    count_col = "count_unique" if flt.duplicates == "drop" else "count"
    _, tokens = reference_size(corpus, flt.duplicates)
    return TERM_TOTALS, count_col, tokens


def keyness_by_month(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 25, min_count: int = MIN_COUNT,
    min_g2: float = MIN_G2, direction: Direction = "positive",
) -> pd.DataFrame:
    """Each month's selected articles against the rest of the corpus (:data:`KEYNESS_BY_MONTH_COLUMNS`).

    With the default thresholds and only months filtering (no extra stopwords), rows come from the
    build's ``month_keyness`` table (every month, :func:`month_keyness_table`): a month's keyness
    depends only on its own counts and the corpus totals."""
    defaults = (min_count, min_g2, direction) == (MIN_COUNT, MIN_G2, "positive")
    if defaults and flt.is_month_only and not flt.stopwords:
        return corpus.month_ranked("month_keyness", KEYNESS_BY_MONTH_COLUMNS, flt, min(int(top), MAX_TOP))
    return _keyness_by_month(corpus, flt, top, min_count, min_g2, direction, _corpus_counts_sql(corpus, flt))


def month_keyness_table(corpus, duplicates: str) -> pd.DataFrame:
    """Every month's keyness against the rest at the default thresholds, top :data:`MAX_TOP`
    (written by the build as ``month_keyness``)."""
    flt = FilterState(duplicates=duplicates)
    return _keyness_by_month(corpus, flt, MAX_TOP, MIN_COUNT, MIN_G2, "positive", _corpus_counts_sql(corpus, flt))


def _keyness_by_month(
    corpus: BuiltCorpus, flt: FilterState, top: int, min_count: int, min_g2: float, direction: str,
    corpus_counts: tuple[str, str, int],
) -> pd.DataFrame:
    from .terms import month_counts_sql

    ctes, params = month_counts_sql(corpus, flt, "terms")
    totals, count_col, tokens = corpus_counts
    # Terms below min_count in the target are dropped anyway; filtering here keeps the table small.
    counts = corpus.sql(
        f"""{ctes}
        SELECT c.month, c.term, c.count::BIGINT AS a, (t.{count_col} - c.count)::BIGINT AS b,
               mt.tokens::BIGINT AS c, (?::BIGINT - mt.tokens)::BIGINT AS d
        FROM c JOIN mt USING (month) JOIN {totals} t USING (term)
        WHERE c.count >= ?""",
        params + [tokens, int(min_count)],
    )
    return keyness_table(counts, group="month", top=top, min_count=min_count, min_g2=min_g2, direction=direction)


def keyness_of_selection(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 50, min_count: int = MIN_COUNT,
    min_g2: float = MIN_G2, direction: Direction = "positive",
) -> pd.DataFrame:
    """All selected articles against the rest of the corpus (:data:`KEYNESS_COLUMNS`)."""
    from .terms import month_counts_sql

    ctes, params = month_counts_sql(corpus, flt, "terms")
    totals, count_col, tokens = _corpus_counts_sql(corpus, flt)
    counts = corpus.sql(
        f"""{ctes}, s AS (SELECT term, sum(count) AS a FROM c GROUP BY term)
        SELECT s.term, s.a::BIGINT AS a, (t.{count_col} - s.a)::BIGINT AS b,
               (SELECT sum(tokens) FROM mt)::BIGINT AS c, (?::BIGINT - (SELECT sum(tokens) FROM mt))::BIGINT AS d
        FROM s JOIN {totals} t USING (term) WHERE s.a >= ?""",
        params + [tokens, int(min_count)],
    )
    return keyness_table(counts, top=top, min_count=min_count, min_g2=min_g2, direction=direction)
