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


def month_tokens(corpus: BuiltCorpus, flt: FilterState = FilterState()) -> pd.DataFrame:
    """month, articles, tokens of the selected articles (the per-10k denominators)."""
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel} SELECT month, count(*)::INTEGER AS articles, sum(n_tokens)::BIGINT AS tokens
        FROM sel GROUP BY month ORDER BY month""",
        params,
    )


def terms_by_month(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, kind: Kind = "terms", terms: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per (month, term): month, term, count, per_10k, articles.

    With ``terms`` given, only those terms, and a zero row for every selected month where a
    term does not occur (a trend line then drops to 0 instead of skipping the month).
    """
    sel, params = corpus.selection(flt)
    base = f"""WITH {sel}, mt AS (SELECT month, sum(n_tokens) AS tokens FROM sel GROUP BY month)"""
    if terms is None:
        return corpus.sql(
            f"""{base}
            SELECT t.month, t.term, sum(t.count)::BIGINT AS count,
                   sum(t.count) * 10000.0 / any_value(mt.tokens) AS per_10k,
                   count(*)::INTEGER AS articles
            FROM {_kind(kind)} t JOIN sel USING (id) JOIN mt ON mt.month = t.month
            GROUP BY t.month, t.term
            ORDER BY t.month, count DESC, t.term""",
            params,
        )
    wanted = [w.lower() for w in terms]
    return corpus.sql(
        f"""{base}, w AS (SELECT unnest(?::VARCHAR[]) AS term),
        c AS (SELECT t.month, t.term, sum(t.count) AS count, count(*) AS articles
              FROM {_kind(kind)} t JOIN sel USING (id) WHERE t.term IN (SELECT term FROM w)
              GROUP BY t.month, t.term)
        SELECT mt.month, w.term, coalesce(c.count, 0)::BIGINT AS count,
               coalesce(c.count, 0) * 10000.0 / mt.tokens AS per_10k,
               coalesce(c.articles, 0)::INTEGER AS articles
        FROM mt CROSS JOIN w LEFT JOIN c ON c.month = mt.month AND c.term = w.term
        ORDER BY mt.month, count DESC, w.term""",
        params + [wanted],
    )


def top_terms(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, n: int = 25, kind: Kind = "terms") -> pd.DataFrame:
    """The ``n`` most frequent terms of the selection: term, count, per_10k, articles."""
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel}, total AS (SELECT sum(n_tokens) AS tokens FROM sel)
        SELECT t.term, sum(t.count)::BIGINT AS count,
               sum(t.count) * 10000.0 / any_value(total.tokens) AS per_10k,
               count(*)::INTEGER AS articles
        FROM {_kind(kind)} t JOIN sel USING (id) CROSS JOIN total
        GROUP BY t.term ORDER BY count DESC, t.term LIMIT ?""",
        params + [int(n)],
    )


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
    texts = corpus.sql(
        f"""WITH {sel}
        SELECT x.id, x.month, x.clean_text FROM texts x JOIN sel USING (id)
        WHERE x.id IN (SELECT id FROM terms WHERE term = ?)
        ORDER BY x.month, x.id""",
        params + [term],
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
