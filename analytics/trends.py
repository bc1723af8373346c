"""Monthly trends of several terms, entities or text queries on one continuous month axis.

A :class:`Series` is one thing to follow: a ``term`` (a word, or two words = a bigram, as
counted in the term tables), an ``entity`` (canonical name, case-insensitive) or a ``text``
query (a phrase matched like the text filter: case-insensitive, whole words). For every month of
the selection's axis (:func:`analytics.months.selection_months`, empty months included):

* ``count``: occurrences in the month's selected articles (term occurrences, entity mentions, or
  phrase matches; a match uses up the character after it, so "navo navo" counts once);
* ``per_10k = count / tokens × 10,000`` (tokens of the month's selected articles);
* ``articles``: the month's selected articles that contain it;
* ``month_articles``: the month's selected articles;
* ``share = articles / month_articles``: the attention share (Media Cloud's attention ratio).

A month without selected articles has every figure 0. A term that is one of the filter's extra
stopwords has no counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

import pandas as pd

from .articles import articles_per_month
from .dataset import BuiltCorpus
from .filters import FilterState, query_regex

SeriesKind = Literal["term", "entity", "text"]
SERIES_KINDS: tuple[str, ...] = ("term", "entity", "text")
TREND_COLUMNS = ["series", "kind", "value", "month", "count", "per_10k", "articles", "month_articles", "share"]


@dataclass(frozen=True)
class Series:
    kind: SeriesKind
    value: str

    def __post_init__(self) -> None:
        if self.kind not in SERIES_KINDS:
            raise ValueError(f"kind must be one of {SERIES_KINDS}, got {self.kind!r}")
        value = " ".join(self.value.split())
        if self.kind == "term":
            value = value.lower()
            if len(value.split()) > 2:
                raise ValueError(f"a term is one word or a bigram of two; use a text series for {value!r}")
        if not value:
            raise ValueError("a series needs a value")
        object.__setattr__(self, "value", value)

    @property
    def label(self) -> str:
        """How the series is named in charts and tables: ``navo``, ``NAVO (entity)``, ``"witte huis" (text)``."""
        if self.kind == "term":
            return self.value
        if self.kind == "entity":
            return f"{self.value} (entity)"
        return f'"{self.value}" (text)'


def _term_counts(corpus: BuiltCorpus, flt: FilterState, terms: Sequence[str], table: str) -> pd.DataFrame:
    """term, month, count, articles of several terms (or bigrams) over the selected articles in
    one pass over the table (months with hits only)."""
    if flt.is_month_only:
        suffix = flt.month_suffix
        rows, month_params = flt.month_rows_sql("m", "count")
        return corpus.sql(
            f"""SELECT m.term, m.month, m.count{suffix} AS count, m.articles{suffix} AS articles
            FROM month_{table} m WHERE m.term IN (SELECT unnest(?::VARCHAR[])) AND {rows}""",
            [list(terms)] + month_params,
        )
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel} SELECT t.term, t.month, sum(t.count) AS count, count(*) AS articles
        FROM {table} t JOIN sel USING (id) WHERE t.term IN (SELECT unnest(?::VARCHAR[])) GROUP BY t.term, t.month""",
        params + [list(terms)],
    )


def _counts(corpus: BuiltCorpus, flt: FilterState, series: Series, terms: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """month, count, articles for one series over the selected articles (months with hits only);
    ``terms``: the counts of the term series, already read by :func:`_term_counts`."""
    sel, params = corpus.selection(flt)
    if series.kind == "term":
        empty = pd.DataFrame(columns=["month", "count", "articles"])
        return terms.get(series.value, empty)
    if series.kind == "entity":
        return corpus.sql(
            f"""WITH {sel} SELECT m.month, count(*) AS count, count(DISTINCT m.id) AS articles
            FROM mentions m JOIN sel USING (id) WHERE lower(m.entity) = lower(?) GROUP BY m.month""",
            params + [series.value],
        )
    pattern = query_regex(series.value)
    return corpus.sql(
        f"""WITH {sel} SELECT x.month, sum(len(regexp_extract_all(x.clean_text, ?))) AS count, count(*) AS articles
        FROM texts x JOIN sel USING (id) WHERE regexp_matches(x.clean_text, ?) GROUP BY x.month""",
        params + [pattern, pattern],
    )


def series_trend(corpus: BuiltCorpus, flt: FilterState, series: Sequence[Series]) -> pd.DataFrame:
    """One row per (series, month) over the selection's month axis (:data:`TREND_COLUMNS`), series
    in the given order, months ascending."""
    months = articles_per_month(corpus, flt).rename(columns={"articles": "month_articles"})
    frames = []
    wanted = [s.value for s in dict.fromkeys(series)
              if s.kind == "term" and not any(w in flt.stopwords for w in s.value.split())]
    terms: dict[str, pd.DataFrame] = {}
    for table, words in (("terms", 1), ("bigrams", 2)):
        chosen = [t for t in wanted if len(t.split()) == words]
        if chosen:
            found = _term_counts(corpus, flt, chosen, table)
            terms.update({t: rows.drop(columns="term") for t, rows in found.groupby("term")})
    for s in dict.fromkeys(series):
        counts = _counts(corpus, flt, s, terms)
        out = months.merge(counts, on="month", how="left")
        out[["count", "articles"]] = out[["count", "articles"]].fillna(0).astype("int64")
        out["per_10k"] = (out["count"] * 10_000 / out["tokens"].where(out["tokens"] > 0)).fillna(0.0)
        out["share"] = (out["articles"] / out["month_articles"].where(out["month_articles"] > 0)).fillna(0.0)
        out["series"], out["kind"], out["value"] = s.label, s.kind, s.value
        frames.append(out)
    if not frames:
        return pd.DataFrame(columns=TREND_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["month_articles"] = out["month_articles"].astype("int64")
    return out[TREND_COLUMNS]


def series_from_inputs(terms: Sequence[str] = (), entities: Sequence[str] = (), texts: Sequence[str] = ()) -> list[Series]:
    """Series from what a user typed or picked, in order, without repeats; a "term" of more than
    two words is followed as a text query instead."""
    out = [Series("term" if len(t.split()) <= 2 else "text", t) for t in terms if t.strip()]
    out += [Series("entity", e) for e in entities if e.strip()]
    out += [Series("text", q) for q in texts if q.strip()]
    return list(dict.fromkeys(out))
