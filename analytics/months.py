"""The continuous month axis of a selection: every ``YYYY-MM`` from the first to the last month.

A selection covers the months from the filter's ``month_from`` (else the corpus's first month) to
its ``month_to`` (else the corpus's last month), every month in between included, whether or not
it has articles. Monthly tables and charts use this axis, so an empty month shows as 0 instead of
being skipped (a line from 2022-03 straight to 2022-05 would hide that April had nothing).
"""

from __future__ import annotations

from .dataset import BuiltCorpus
from .filters import FilterState


def month_index(month: str) -> int:
    """``YYYY-MM`` as a month count (year × 12 + month − 1), so month arithmetic is subtraction."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive (empty when ``first`` is after ``last``)."""
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(month_index(first), month_index(last) + 1)]


def corpus_span(corpus: BuiltCorpus) -> tuple[str | None, str | None]:
    """The corpus's first and last month (None, None for an empty corpus)."""
    def span() -> tuple[str | None, str | None]:
        row = corpus.sql("SELECT min(month) AS lo, max(month) AS hi FROM articles").iloc[0]
        return (row["lo"] or None, row["hi"] or None)

    return corpus.memo("corpus_span", span)  # the tables are read-only: once per process


def selection_months(corpus: BuiltCorpus, flt: FilterState = FilterState()) -> list[str]:
    """The continuous month axis of ``flt`` on ``corpus`` (see the module docstring)."""
    lo, hi = corpus_span(corpus)
    first, last = flt.month_from or lo, flt.month_to or hi
    if not first or not last:
        return []
    return month_range(first, last)
