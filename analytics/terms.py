"""Term frequencies per article and per month, term trends, bigrams and keyword-in-context.

Definitions (tokens, terms and bigrams as in :mod:`analytics.tokenize`):

* ``count``: occurrences of the term in the article (or in the month's selected articles);
* ``per_10k = count / tokens × 10,000``, where ``tokens`` is the number of word tokens, stopwords
  included, of the article (or of the month's selected articles);
* ``articles`` (per month): how many of the month's selected articles contain the term.

Rows are sorted by count descending, then term, so ties are deterministic.
"""

from __future__ import annotations

import re
from typing import Literal, Sequence

import pandas as pd

from .dataset import BuiltCorpus
from .filters import FilterState

Kind = Literal["terms", "bigrams"]
TERMS_BY_ARTICLE_COLUMNS = ["id", "month", "term", "count", "per_10k"]
TERMS_BY_MONTH_COLUMNS = ["month", "term", "count", "per_10k", "articles"]
KWIC_COLUMNS = ["left", "term", "right", "id", "month"]


def _kind(kind: str) -> str:
    if kind not in ("terms", "bigrams"):
        raise ValueError(f"kind must be 'terms' or 'bigrams', got {kind!r}")
    return kind


def terms_by_article(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, kind: Kind = "terms") -> pd.DataFrame:
    """One row per (article, term): id, month, term, count, per_10k."""
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel}
        SELECT t.id, t.month, t.term, t.count::INTEGER AS count,
               t.count * 10000.0 / sel.n_tokens AS per_10k
        FROM {_kind(kind)} t JOIN sel USING (id)
        ORDER BY t.month, t.id, t.count DESC, t.term""",
        params,
    )


def month_counts_sql(corpus: BuiltCorpus, flt: FilterState, kind: Kind) -> tuple[str, list]:
    """CTEs ``sel`` (selected articles), ``mt(month, tokens)`` and ``c(month, term, count, articles)``.

    When only months (and the duplicates choice) filter, ``c`` reads the precomputed month table
    instead of aggregating the article-level table: same numbers, a fraction of the work.
    """
    sel, params = corpus.selection(flt)
    table = _kind(kind)
    if flt.is_month_only:
        suffix = "_unique" if flt.duplicates == "drop" else ""
        clause, month_params = flt.month_sql("m")
        counts = f"""SELECT m.month, m.term, m.count{suffix} AS count, m.articles{suffix} AS articles
            FROM month_{table} m WHERE m.count{suffix} > 0 AND {clause}"""
        params = params + month_params
    else:
        counts = f"""SELECT t.month, t.term, sum(t.count) AS count, count(*) AS articles
            FROM {table} t JOIN sel USING (id) GROUP BY t.month, t.term"""
    return f"WITH {sel}, mt AS (SELECT month, sum(n_tokens) AS tokens FROM sel GROUP BY month), c AS ({counts})", params


def terms_by_month(
    corpus: BuiltCorpus,
    flt: FilterState = FilterState(),
    *,
    kind: Kind = "terms",
    terms: Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per (month, term): month, term, count, per_10k, articles (the first ``limit`` rows).

    With ``terms`` given, only those terms, and a zero row for every selected month where a
    term does not occur (a trend line then drops to 0 instead of skipping the month).
    """
    ctes, params = month_counts_sql(corpus, flt, kind)
    if terms is None:
        tail = "" if limit is None else " LIMIT ?"
        return corpus.sql(
            f"""{ctes}
            SELECT c.month, c.term, c.count::BIGINT AS count, c.count * 10000.0 / mt.tokens AS per_10k,
                   c.articles::INTEGER AS articles
            FROM c JOIN mt USING (month) ORDER BY c.month, count DESC, c.term{tail}""",
            params + ([] if limit is None else [int(limit)]),
        )
    wanted = [w.lower() for w in terms]
    return corpus.sql(
        f"""{ctes}, w AS (SELECT unnest(?::VARCHAR[]) AS term)
        SELECT mt.month, w.term, coalesce(c.count, 0)::BIGINT AS count,
               coalesce(c.count, 0) * 10000.0 / mt.tokens AS per_10k,
               coalesce(c.articles, 0)::INTEGER AS articles
        FROM mt CROSS JOIN w LEFT JOIN c ON c.month = mt.month AND c.term = w.term
        ORDER BY mt.month, count DESC, w.term""",
        params + [wanted],
    )


#: How many of the corpus's most frequent terms (and bigrams) the build keeps apart in
#: ``month_top_terms`` so that a month range's top terms rarely need the whole month table.
TOP_CANDIDATES = 2000


def top_terms(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, n: int = 25, kind: Kind = "terms") -> pd.DataFrame:
    """The ``n`` most frequent terms of the selection: term, count, per_10k, articles.

    When only months filter, the answer is first sought among the :data:`TOP_CANDIDATES` terms with
    the highest corpus-wide count (table ``month_top_terms``): a term outside them occurs at most
    ``bound`` times in the whole corpus (``meta`` value ``candidate_bound_<kind>``), so if the
    ``n``-th candidate occurs more than ``bound`` times in the selection, no other term can enter
    the top ``n`` and the result is exact. Otherwise the whole month table is aggregated.
    """
    if flt.is_month_only and n <= TOP_CANDIDATES:
        found = _top_candidates(corpus, flt, n, _kind(kind))
        if found is not None:
            return found
    ctes, params = month_counts_sql(corpus, flt, kind)
    return corpus.sql(
        f"""{ctes}, total AS (SELECT sum(tokens) AS tokens FROM mt)
        SELECT c.term, sum(c.count)::BIGINT AS count, sum(c.count) * 10000.0 / any_value(total.tokens) AS per_10k,
               sum(c.articles)::INTEGER AS articles
        FROM c CROSS JOIN total GROUP BY c.term ORDER BY count DESC, c.term LIMIT ?""",
        params + [int(n)],
    )


def _top_candidates(corpus: BuiltCorpus, flt: FilterState, n: int, kind: str) -> pd.DataFrame | None:
    """:func:`top_terms` from the candidate table, or None when it cannot prove the result exact."""
    suffix = "_unique" if flt.duplicates == "drop" else ""
    sel, params = corpus.selection(flt)
    clause, month_params = flt.month_sql("m")
    bound = int(corpus.meta(f"candidate_bound_{kind}"))
    top = corpus.sql(
        f"""WITH {sel}, total AS (SELECT sum(n_tokens) AS tokens FROM sel)
        SELECT m.term, sum(m.count{suffix})::BIGINT AS count,
               sum(m.count{suffix}) * 10000.0 / any_value(total.tokens) AS per_10k,
               sum(m.articles{suffix})::INTEGER AS articles
        FROM month_top_terms m CROSS JOIN total
        WHERE m.kind = ? AND m.count{suffix} > 0 AND {clause}
        GROUP BY m.term ORDER BY count DESC, m.term LIMIT ?""",
        params + [kind] + month_params + [int(n)],
    )
    if len(top) == n and int(top["count"].iloc[-1]) > bound:
        return top
    return None


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` characters either side, without a word cut in half at the outer edge."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    left, right = text[lo:start], text[end:hi]
    if lo > 0 and not text[lo - 1].isspace():
        left = re.sub(r"^\S+", "", left)
    if hi < len(text) and not text[hi].isspace():
        right = re.sub(r"\S+$", "", right)
    return " ".join(left.split()), " ".join(right.split())


def keyword_in_context(
    corpus: BuiltCorpus, term: str, flt: FilterState = FilterState(), *, width: int = 60, limit: int = 200
) -> pd.DataFrame:
    """Concordance lines for ``term``: left context, the matched text, right context, id, month.

    Matches the term as a whole token, case-insensitively (``navo`` finds ``NAVO`` but not
    ``Navo-troepen``, which is the token ``navo-troepen``). ``width`` characters either side,
    whitespace collapsed; at most ``limit`` lines, in month and id order.
    """
    term = term.strip().lower()
    if not term:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    sel, params = corpus.selection(flt)
    # Each matching article gives at least one line, so ``limit`` articles are enough.
    texts = corpus.sql(
        f"""WITH {sel}, hits AS (
            SELECT t.id, t.month FROM {"bigrams" if " " in term else "terms"} t JOIN sel USING (id)
            WHERE t.term = ? ORDER BY t.month, t.id LIMIT ?)
        SELECT x.id, x.month, x.clean_text FROM texts x JOIN hits USING (id) ORDER BY x.month, x.id""",
        params + [term, int(limit)],
    )
    letter = r"[^\W\d_]"
    pattern = re.compile(rf"(?<![\w'\-]){re.escape(term)}(?![\w]|['\-]{letter})", re.IGNORECASE)
    rows = []
    for art_id, month, text in texts.itertuples(index=False):
        for m in pattern.finditer(text):
            left, right = _context(text, m.start(), m.end(), width)
            rows.append((left, m.group(0), right, art_id, month))
            if len(rows) >= limit:
                return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
