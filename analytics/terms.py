"""Term frequencies per article and per month, term trends, bigrams and keyword-in-context.

Definitions (tokens, terms and bigrams as in :mod:`analytics.tokenize`):

* ``count``: occurrences of the term in the article (or in the month's selected articles);
* ``per_10k = count / tokens × 10,000``, where ``tokens`` is the number of word tokens, stopwords
  included, of the article (or of the month's selected articles);
* ``articles`` (per month): how many of the month's selected articles contain the term;
* ``month_articles``: the month's selected articles; ``share = articles / month_articles``, the
  attention share (Media Cloud's attention ratio): the fraction of the month's articles that
  mention the term (0 for a month without selected articles).

The filter's extra stopwords (:attr:`FilterState.stopwords`) are left out of every table here.

Rows are sorted by count descending, then term, so ties are deterministic.
"""

from __future__ import annotations

import re
from typing import Literal, Sequence

import pandas as pd

from .dataset import BuiltCorpus
from .filters import FilterState, query_regex
from .months import selection_months

Kind = Literal["terms", "bigrams"]
TERMS_BY_ARTICLE_COLUMNS = ["id", "month", "term", "count", "per_10k"]
TERMS_BY_MONTH_COLUMNS = ["month", "term", "count", "per_10k", "articles"]
TERM_TREND_COLUMNS = ["month", "term", "count", "per_10k", "articles", "month_articles", "share"]
KWIC_COLUMNS = ["left", "term", "right", "id", "month", "start"]
KwicSort = Literal["position", "left", "right"]
KWIC_SORTS: tuple[str, ...] = ("position", "left", "right")


def _kind(kind: str) -> str:
    if kind not in ("terms", "bigrams"):
        raise ValueError(f"kind must be 'terms' or 'bigrams', got {kind!r}")
    return kind


def terms_by_article(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, kind: Kind = "terms") -> pd.DataFrame:
    """One row per (article, term): id, month, term, count, per_10k."""
    sel, params = corpus.selection(flt)
    stop, stop_params = flt.stopword_sql("t", _kind(kind))
    return corpus.sql(
        f"""WITH {sel}
        SELECT t.id, t.month, t.term, t.count::INTEGER AS count,
               t.count * 10000.0 / sel.n_tokens AS per_10k
        FROM {_kind(kind)} t JOIN sel USING (id) WHERE {stop}
        ORDER BY t.month, t.id, t.count DESC, t.term""",
        params + stop_params,
    )


def month_counts_sql(corpus: BuiltCorpus, flt: FilterState, kind: Kind) -> tuple[str, list]:
    """CTEs ``sel`` (selected articles), ``mt(month, tokens, n_articles)`` over every month of the
    selection's continuous axis (:func:`analytics.months.selection_months`, zeros included) and
    ``c(month, term, count, articles)`` without the filter's extra stopwords.

    When only months (and the duplicates choice) filter, ``c`` reads the precomputed month table
    instead of aggregating the article-level table: same numbers, a fraction of the work.
    """
    sel, params = corpus.selection(flt)
    table = _kind(kind)
    params = params + [selection_months(corpus, flt)]
    if flt.is_month_only:
        suffix = flt.month_suffix
        clause, month_params = flt.month_sql("m")
        stop, stop_params = flt.stopword_sql("m", table)
        counts = f"""SELECT m.month, m.term, m.count{suffix} AS count, m.articles{suffix} AS articles
            FROM month_{table} m WHERE m.count{suffix} > 0 AND {clause} AND {stop}"""
        params = params + month_params + stop_params
    else:
        stop, stop_params = flt.stopword_sql("t", table)
        counts = f"""SELECT t.month, t.term, sum(t.count) AS count, count(*) AS articles
            FROM {table} t JOIN sel USING (id) WHERE {stop} GROUP BY t.month, t.term"""
        params = params + stop_params
    mt = """mt AS (SELECT cal.month, coalesce(sum(sel.n_tokens), 0) AS tokens, count(sel.id) AS n_articles
            FROM (SELECT unnest(?::VARCHAR[]) AS month) cal LEFT JOIN sel USING (month) GROUP BY cal.month)"""
    return f"WITH {sel}, {mt}, c AS ({counts})", params


def terms_by_month(
    corpus: BuiltCorpus,
    flt: FilterState = FilterState(),
    *,
    kind: Kind = "terms",
    terms: Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per (month, term): month, term, count, per_10k, articles (the first ``limit`` rows).

    With ``terms`` given, only those terms, one row for every month of the selection's
    continuous axis (zeros included, so a trend line drops to 0 instead of skipping a month),
    with ``month_articles`` and ``share`` too (:data:`TERM_TREND_COLUMNS`).
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
               CASE WHEN mt.tokens > 0 THEN coalesce(c.count, 0) * 10000.0 / mt.tokens ELSE 0.0 END AS per_10k,
               coalesce(c.articles, 0)::INTEGER AS articles, mt.n_articles::INTEGER AS month_articles,
               CASE WHEN mt.n_articles > 0 THEN coalesce(c.articles, 0) / mt.n_articles ELSE 0.0 END AS share
        FROM mt CROSS JOIN w LEFT JOIN c ON c.month = mt.month AND c.term = w.term
        ORDER BY mt.month, count DESC, w.term""",
        params + [wanted],
    )


def count_terms_by_month(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, kind: Kind = "terms") -> int:
    """The number of rows of :func:`terms_by_month` (:attr:`analytics.articles.Summary.month_terms`)."""
    ctes, params = month_counts_sql(corpus, flt, kind)
    return int(corpus.sql(f"{ctes} SELECT count(*) AS n FROM c", params)["n"].iloc[0])


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
    suffix = flt.month_suffix
    sel, params = corpus.selection(flt)
    clause, month_params = flt.month_sql("m")
    stop, stop_params = flt.stopword_sql("m", kind)  # leaving out candidates keeps the bound valid
    bound = int(corpus.meta(f"candidate_bound_{kind}"))
    top = corpus.sql(
        f"""WITH {sel}, total AS (SELECT sum(n_tokens) AS tokens FROM sel)
        SELECT m.term, sum(m.count{suffix})::BIGINT AS count,
               sum(m.count{suffix}) * 10000.0 / any_value(total.tokens) AS per_10k,
               sum(m.articles{suffix})::INTEGER AS articles
        FROM month_top_terms m CROSS JOIN total
        WHERE m.kind = ? AND m.count{suffix} > 0 AND {clause} AND {stop}
        GROUP BY m.term ORDER BY count DESC, m.term LIMIT ?""",
        params + [kind] + month_params + stop_params + [int(n)],
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


def kwic_pattern(term: str) -> re.Pattern:
    """The hit pattern: the words of ``term`` as whole tokens (a hyphen or apostrophe followed by a
    letter continues a token), any whitespace between them, case-insensitive."""
    letter = r"[^\W\d_]"
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w'\-]){words}(?![\w]|['\-]{letter})", re.IGNORECASE)


def _edge_word(text: str, side: str) -> str:
    words = re.findall(r"[^\W\d_]+(?:['\-][^\W\d_]+)*", text.lower())
    if not words:
        return ""
    return words[-1] if side == "left" else words[0]


def sort_kwic(lines: pd.DataFrame, by: KwicSort = "position") -> pd.DataFrame:
    """Lines in article order (``position``: month, id, offset), or by the word just left of the
    hit (then the word right of it), or by the word just right of it (then the left word)."""
    if by not in KWIC_SORTS:
        raise ValueError(f"sort must be one of {KWIC_SORTS}, got {by!r}")
    if by == "position" or lines.empty:
        return lines.sort_values(["month", "id", "start"], kind="mergesort", ignore_index=True)
    left = lines["left"].map(lambda t: _edge_word(t, "left"))
    right = lines["right"].map(lambda t: _edge_word(t, "right"))
    keys = pd.DataFrame({"k1": left if by == "left" else right, "k2": right if by == "left" else left})
    order = pd.concat([keys, lines[["month", "id", "start"]]], axis=1).sort_values(
        ["k1", "k2", "month", "id", "start"], kind="mergesort"
    ).index
    return lines.loc[order].reset_index(drop=True)


def keyword_in_context(
    corpus: BuiltCorpus, term: str, flt: FilterState = FilterState(), *, width: int = 60, sort: KwicSort = "position"
) -> pd.DataFrame:
    """Every concordance line of ``term`` in the selected articles (:data:`KWIC_COLUMNS`): left
    context, the matched text, right context, article id, month, character offset of the hit.

    ``term`` is a word or a phrase; it matches as whole tokens, case-insensitively (``navo``
    finds ``NAVO`` but not ``Navo-troepen``, which is the token ``navo-troepen``), with any
    whitespace between a phrase's words. ``width`` characters of context either side, whitespace
    collapsed. Sorted by :func:`sort_kwic`. The number of lines is the number of hits.
    """
    from .tokenize import default_stopwords

    term = " ".join(term.split()).lower()
    if not term:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    sel, params = corpus.selection(flt)
    if " " not in term and term not in default_stopwords():
        # The term table says which articles hold the token: only those texts are read.
        hits = "SELECT t.id FROM terms t JOIN sel USING (id) WHERE t.term = ?"
        hit_params = [term]
    else:  # phrases and stopwords are not in the term table: a first pass over the texts
        hits = "SELECT x.id FROM texts x JOIN sel USING (id) WHERE regexp_matches(x.clean_text, ?)"
        hit_params = [query_regex(term)]
    texts = corpus.sql(
        f"""WITH {sel}, hits AS ({hits})
        SELECT x.id, x.month, x.clean_text FROM texts x JOIN hits USING (id) ORDER BY x.month, x.id""",
        params + hit_params,
    )
    pattern = kwic_pattern(term)
    rows = []
    for art_id, month, text in texts.itertuples(index=False):
        for m in pattern.finditer(text):
            left, right = _context(text, m.start(), m.end(), int(width))
            rows.append((left, m.group(0), right, art_id, month, m.start()))
    return sort_kwic(pd.DataFrame(rows, columns=KWIC_COLUMNS), sort)


def kwic_totals(lines: pd.DataFrame) -> tuple[int, int]:
    """``(hits, articles)`` of a :func:`keyword_in_context` table."""
    return len(lines), int(lines["id"].nunique()) if len(lines) else 0
