"""The article table, corpus summary figures and the data-quality report.

``articles`` columns: id, month, title, source, source_file, tokens (word tokens incl.
stopwords), terms (tokens that are not stopwords), distinct_terms, entity_mentions,
removed_chars (characters cleaning removed), cleaning (what was removed, in words),
duplicate_of, duplicate_kind (``exact``/``near``/empty), similarity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from .dataset import BuiltCorpus
from .filters import FilterState
from .months import selection_months
from .terms import month_counts_sql

ARTICLE_COLUMNS = [
    "id", "month", "title", "source", "source_file", "tokens", "terms", "distinct_terms",
    "entity_mentions", "removed_chars", "cleaning", "duplicate_of", "duplicate_kind", "similarity",
]
REMOVAL_COLUMNS = ["id", "month", "kind", "reason", "chars", "count", "text"]


def describe_removals(removals_json: str) -> str:
    """``"repeated: 1 block, 2,527 chars; teaser: 2, 214 chars; glued: 1 fix"``."""
    summary: dict[str, list[int]] = {}
    for r in json.loads(removals_json or "[]"):
        entry = summary.setdefault(r["kind"], [0, 0])
        entry[0] += r["count"]
        entry[1] += len(r["text"])
    parts = []
    for kind, (count, chars) in summary.items():
        if kind == "glued":
            parts.append(f"glued sentences: {count} fixed")
        else:
            unit = "block" if kind == "repeated" else "item"
            parts.append(f"{kind}: {count} {unit}{'s' if count != 1 else ''}, {chars:,} chars")
    return "; ".join(parts)


def removal_rows(articles: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One row per cleaning change (:data:`REMOVAL_COLUMNS`) from ``(id, month, removals JSON)``."""
    rows = [
        (art, month, r["kind"], r["reason"], len(r["text"]), r["count"], r["text"])
        for art, month, removals in articles
        for r in json.loads(removals or "[]")
    ]
    return pd.DataFrame(rows, columns=REMOVAL_COLUMNS).astype({"chars": "int32", "count": "int32"})


def _limit(limit: int | None) -> tuple[str, list]:
    return ("", []) if limit is None else (" LIMIT ?", [int(limit)])


def articles_table(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, limit: int | None = None, article_id: str | None = None
) -> pd.DataFrame:
    """The selected articles (:data:`ARTICLE_COLUMNS`) in month and id order; the first ``limit``;
    with ``article_id``, only that article if it is selected. ``terms`` and ``distinct_terms``
    leave out the filter's extra stopwords."""
    sel, params = corpus.selection(flt)
    terms, distinct, extra_cte, join = "a.n_terms", "a.distinct_terms", "", ""
    if flt.stopwords:
        extra_cte = """, xs AS (SELECT t.id, sum(t.count) AS n, count(*) AS k FROM terms t JOIN sel USING (id)
                       WHERE t.term IN (SELECT unnest(?::VARCHAR[])) GROUP BY t.id)"""
        params = params + [list(flt.stopwords)]
        terms, distinct = "(a.n_terms - coalesce(xs.n, 0))::INTEGER", "(a.distinct_terms - coalesce(xs.k, 0))::INTEGER"
        join = "LEFT JOIN xs USING (id)"
    where = "TRUE"
    if article_id is not None:
        where, params = "a.id = ?", params + [article_id]
    tail, extra = _limit(limit)
    return corpus.sql(
        f"""WITH {sel}{extra_cte}
        SELECT a.id, a.month, a.title, a.source, a.source_file, a.n_tokens AS tokens, {terms} AS terms,
               {distinct} AS distinct_terms, a.entity_mentions, a.removed_chars, a.cleaning,
               a.duplicate_of, a.duplicate_kind, a.similarity
        FROM articles a JOIN sel USING (id) {join} WHERE {where}
        ORDER BY a.month, a.id{tail}""",
        params + extra,
    )[ARTICLE_COLUMNS]


def duplicate_articles(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, limit: int | None = None) -> pd.DataFrame:
    """The selected articles flagged as duplicates: id, month, title, duplicate_of, duplicate_kind,
    similarity (month and id order)."""
    sel, params = corpus.selection(flt)
    tail, extra = _limit(limit)
    return corpus.sql(
        f"""WITH {sel}
        SELECT a.id, a.month, a.title, a.duplicate_of, a.duplicate_kind, a.similarity
        FROM articles a JOIN sel USING (id) WHERE a.duplicate_of IS NOT NULL
        ORDER BY a.month, a.id{tail}""",
        params + extra,
    )


def cleaning_removals(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, limit: int | None = None) -> pd.DataFrame:
    """One row per cleaning change in the selected articles: id, month, kind, reason, chars, count, text."""
    sel, params = corpus.selection(flt)
    tail, extra = _limit(limit)
    cols = ", ".join(f"r.{c}" for c in REMOVAL_COLUMNS)
    return corpus.sql(
        f"WITH {sel} SELECT {cols} FROM removals r JOIN sel USING (id) ORDER BY r.month, r.id{tail}",
        params + extra,
    )


def removal_summary(corpus: BuiltCorpus, flt: FilterState = FilterState()) -> pd.DataFrame:
    """What cleaning removed from the selection, per kind and reason: articles affected, changes
    (``count`` summed), characters removed (``chars`` summed) and rows of
    :func:`cleaning_removals`; most characters first."""
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel}
        SELECT r.kind, r.reason, count(DISTINCT r.id)::INTEGER AS articles, sum(r.count)::BIGINT AS changes,
               sum(r.chars)::BIGINT AS chars, count(*)::INTEGER AS rows
        FROM removals r JOIN sel USING (id) GROUP BY r.kind, r.reason ORDER BY chars DESC, r.kind, r.reason""",
        params,
    )


def article_text(corpus: BuiltCorpus, article_id: str) -> str:
    """The cleaned text of one article ('' for an unknown id)."""
    rows = corpus.sql("SELECT clean_text FROM texts WHERE id = ?", [article_id])
    return rows["clean_text"].iloc[0] if len(rows) else ""


@dataclass(frozen=True)
class Summary:
    articles: int
    tokens: int
    months: int
    distinct_terms: int
    entities: int
    duplicates: int
    month_terms: int  #: rows of ``terms_by_month`` for the selection


def summary(corpus: BuiltCorpus, flt: FilterState = FilterState()) -> Summary:
    """Headline figures for the selection (entities: distinct canonical entity and type pairs)."""
    ctes, params = month_counts_sql(corpus, flt, "terms")
    entities = "SELECT count(DISTINCT (entity, entity_type)) FROM mentions JOIN sel USING (id)"
    if flt.is_month_only:  # the month table lists the same (entity, type) pairs, without reading every mention
        rows, month_params = flt.month_rows_sql("e")
        entities = f"SELECT count(DISTINCT (entity, type)) FROM month_entities e WHERE {rows}"
        params = params + month_params
    row = corpus.sql(
        f"""{ctes}
        SELECT (SELECT count(*) FROM sel) AS articles,
               (SELECT coalesce(sum(n_tokens), 0) FROM sel) AS tokens,
               (SELECT count(DISTINCT month) FROM sel) AS months,
               (SELECT count(DISTINCT term) FROM c) AS distinct_terms,
               ({entities}) AS entities,
               (SELECT count(*) FROM articles a JOIN sel USING (id) WHERE a.duplicate_of IS NOT NULL) AS duplicates,
               (SELECT count(*) FROM c) AS month_terms""",
        params,
    ).iloc[0]
    return Summary(*(int(row[c]) for c in ("articles", "tokens", "months", "distinct_terms", "entities", "duplicates", "month_terms")))


def selected_count(corpus: BuiltCorpus, flt: FilterState = FilterState()) -> int:
    """The number of selected articles (:attr:`Summary.articles`, without the other figures)."""
    sel, params = corpus.selection(flt)
    return int(corpus.sql(f"WITH {sel} SELECT count(*) AS n FROM sel", params)["n"].iloc[0])


def selected_ids(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, limit: int | None = None) -> list[str]:
    """The ids of the selected articles in month and id order (the first ``limit``), as
    :func:`articles_table` lists them."""
    sel, params = corpus.selection(flt)
    tail, extra = _limit(limit)
    return corpus.sql(f"WITH {sel} SELECT id FROM sel ORDER BY month, id{tail}", params + extra)["id"].tolist()


def is_selected(corpus: BuiltCorpus, flt: FilterState, article_id: str) -> bool:
    """Whether the filter selects the article ``article_id``."""
    sel, params = corpus.selection(flt)
    return bool(corpus.sql(f"WITH {sel} SELECT count(*) AS n FROM sel WHERE id = ?", params + [article_id])["n"].iloc[0])


def articles_per_month(corpus: BuiltCorpus, flt: FilterState = FilterState()) -> pd.DataFrame:
    """month, articles, tokens for the selection: every month of the filter's range
    (:func:`analytics.months.selection_months`), zero when a month has no selected article."""
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel}, s AS (SELECT month, count(*) AS articles, sum(n_tokens) AS tokens FROM sel GROUP BY month)
        SELECT m.month, coalesce(s.articles, 0)::INTEGER AS articles, coalesce(s.tokens, 0)::BIGINT AS tokens
        FROM (SELECT unnest(?::VARCHAR[]) AS month) m LEFT JOIN s USING (month) ORDER BY m.month""",
        params + [selection_months(corpus, flt)],
    )


def skipped_files(corpus: BuiltCorpus) -> pd.DataFrame:
    """Files or rows the loader skipped (file, reason) and decoding notes (file, note)."""
    skipped = pd.DataFrame(corpus.report.get("skipped", []), columns=["file", "reason"])
    notes = pd.DataFrame(corpus.report.get("notes", []), columns=["file", "note"])
    return pd.concat([skipped.assign(kind="skipped"), notes.rename(columns={"note": "reason"}).assign(kind="note")], ignore_index=True)[
        ["kind", "file", "reason"]
    ]


def article_titles(corpus: BuiltCorpus, *, chars: int = 80) -> pd.DataFrame:
    """id, month, title of every article (month and id order): the title, or for an untitled
    article its first ``chars`` characters of cleaned text on one line (pickers name articles by it)."""
    return corpus.sql(
        """SELECT a.id, a.month,
                  coalesce(nullif(trim(a.title), ''), left(regexp_replace(t.clean_text, '\\s+', ' ', 'g'), ?)) AS title
           FROM articles a LEFT JOIN texts t USING (id) ORDER BY a.month, a.id""",
        [int(chars)],
    )


def sources(corpus: BuiltCorpus) -> list[str]:
    """The distinct non-empty ``source`` values of the corpus, alphabetically (the source filter's choices)."""
    rows = corpus.sql("SELECT DISTINCT source FROM articles WHERE coalesce(source, '') <> '' ORDER BY source")
    return rows["source"].tolist()
