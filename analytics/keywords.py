"""TF-IDF keywords per article and per month.

Per article (scikit-learn's ``TfidfTransformer(norm="l2", smooth_idf=True, sublinear_tf=False)``),
for article ``d`` and term ``t`` (terms as in :mod:`analytics.tokenize`, stopwords removed)::

    tf(t, d)   = raw count of t in d
    df(t)      = number of reference articles containing t
    idf(t)     = ln((1 + n) / (1 + df(t))) + 1            (n = reference articles)
    tfidf(t,d) = tf(t, d) × idf(t)
    score(t,d) = tfidf(t, d) / sqrt(Σ_t' tfidf(t', d)²)   (l2 norm over the article's terms)

The ``+ 1`` inside the log acts as one extra document containing every term (no division by
zero); the ``+ 1`` after it keeps terms that occur everywhere from getting weight 0.

Per month, the document is the month's selected articles pooled, but idf is still counted over
**articles**, and tf is dampened::

    tf(t, m)        = occurrences of t in the month's selected articles (pooled count)
    tf_weight(t, m) = 1 + ln(tf(t, m))                     (scikit-learn's sublinear_tf)
    df, n, idf      = as per article: over the reference ARTICLES
    tfidf(t, m)     = tf_weight(t, m) × idf(t)
    score(t, m)     = tfidf(t, m) / sqrt(Σ_t' tfidf(t', m)²)

Why: with months as the documents, a term found in every month gets the floor idf 1.0, and on a
few thousand articles nearly every term is found in every month, so month keywords were just the
most frequent words. Over articles, idf separates a word in half of all articles (idf ≈ 1.7) from
one in 20 of 5,000 (idf ≈ 6.5). A month pools hundreds of articles, so raw counts of everyday
words run into the hundreds and would still outweigh any idf; ``1 + ln(tf)`` keeps the count's
order but lets idf decide between a frequent everyday word and a word the month is about.

**Reference set for df and idf.** All articles of the corpus, after dropping duplicates when the
filter says so. The month, text, entity and article filters do *not* change df or idf: they
only choose which articles are shown (per month: pooled), so a keyword's score for an article does
not move when the view is narrowed, and a filtered month is compared with the whole corpus.

**Extra stopwords** of the filter leave the tables; scores are then normalised over the remaining
terms (for an article: ``score = tfidf / sqrt(Σ tfidf² − Σ over removed terms tfidf²)``, exactly
the score of a build with those stopwords).

Keywords are the ``top`` terms by score per document (ties: term alphabetically), at most
:data:`MAX_TOP` per document.
"""

from __future__ import annotations

import pandas as pd

from .dataset import BuiltCorpus
from .filters import FilterState

MAX_TOP = 50
ARTICLE_KEYWORD_COLUMNS = ["id", "month", "rank", "term", "tf", "df", "n_docs", "idf", "tfidf", "score"]
MONTH_KEYWORD_COLUMNS = ["month", "rank", "term", "tf", "tf_weight", "df", "n_docs", "idf", "tfidf", "score"]
TERM_TOTAL_COLUMNS = ["term", "count", "articles", "count_unique", "articles_unique"]


def _reference_where(flt: FilterState) -> str:
    return "a.duplicate_of IS NULL" if flt.duplicates == "drop" else "TRUE"


#: The corpus-wide totals per term (:data:`TERM_TOTAL_COLUMNS`): count and articles (= df over
#: articles), and the same over the articles that are not duplicates. The build writes this table
#: from ``month_terms`` (an article has one month, so articles per month add up).
TERM_TOTALS = "term_totals"
TERM_TOTALS_SQL = """SELECT term, sum(count)::BIGINT AS count, sum(articles)::BIGINT AS articles,
       sum(count_unique)::BIGINT AS count_unique, sum(articles_unique)::BIGINT AS articles_unique
FROM month_terms GROUP BY term"""


def reference_size(corpus: BuiltCorpus, duplicates: str) -> tuple[int, int]:
    """``(articles, tokens)`` of the reference set: the corpus, without duplicates for ``"drop"``."""
    where = _reference_where(FilterState(duplicates=duplicates))

    def size() -> tuple[int, int]:
        row = corpus.sql(f"SELECT count(*) AS n, coalesce(sum(n_tokens), 0) AS tokens FROM articles a WHERE {where}").iloc[0]
        return int(row["n"]), int(row["tokens"])

    return corpus.memo(f"reference_size_{duplicates}", size)  # read-only tables: once per process


def keywords_by_article(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 10) -> pd.DataFrame:
    """Top ``top`` keywords of each selected article (columns: :data:`ARTICLE_KEYWORD_COLUMNS`).

    Computed when asked, from ``terms`` and the corpus's df in ``term_totals`` (the formula of the
    module docstring, which is scikit-learn's ``TfidfTransformer``; ``tests/test_metrics.py``
    checks the two agree). Nothing per article is stored: adding articles changes df, and so every
    article's scores, and one article's keywords take milliseconds. Extra stopwords leave the
    article's terms before the l2 norm, so the scores are those of a build without them. Ties in
    score go alphabetically."""
    sel, params = corpus.selection(flt)
    df_col = "articles_unique" if flt.duplicates == "drop" else "articles"
    n, _ = reference_size(corpus, flt.duplicates)
    # Chosen ids are already in sel; a constant list of them on the terms table too lets DuckDB
    # skip the row groups without them (a join does not), so one article is read, not every term.
    ids, id_params = "", []
    if 0 < len(flt.article_ids) <= 100:
        ids, id_params = f"AND t.id IN ({', '.join('?' * len(flt.article_ids))})", list(flt.article_ids)
    return corpus.sql(
        f"""WITH {sel},
        w AS (SELECT t.id, t.month, t.term, t.count::BIGINT AS tf, d.{df_col}::BIGINT AS df, ?::BIGINT AS n_docs,
                     ln((1.0 + ?) / (1.0 + d.{df_col})) + 1 AS idf
              FROM terms t JOIN sel USING (id) JOIN term_totals d USING (term)
              WHERE t.term NOT IN (SELECT unnest(?::VARCHAR[])) {ids}),
        s AS (SELECT *, tf * idf AS tfidf FROM w),
        r AS (SELECT *, tfidf / sqrt(sum(tfidf * tfidf) OVER (PARTITION BY id)) AS score,
                     row_number() OVER (PARTITION BY id ORDER BY tfidf DESC, term)::INTEGER AS rank FROM s)
        SELECT {", ".join(ARTICLE_KEYWORD_COLUMNS)} FROM r WHERE rank <= ? ORDER BY month, id, rank""",
        params + [n, n, list(flt.stopwords)] + id_params + [min(int(top), MAX_TOP)],
    )[ARTICLE_KEYWORD_COLUMNS]


def keywords_by_month(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 25) -> pd.DataFrame:
    """Top ``top`` keywords of each month's pooled selected articles (:data:`MONTH_KEYWORD_COLUMNS`),
    idf over the reference articles, ``tf_weight = 1 + ln(tf)`` (module docstring).

    A month's keywords depend only on its own counts and the corpus's df, so when only months
    filter (no extra stopwords) they are selected from the build's ``month_keywords`` table (every
    month, :func:`month_keyword_table`)."""
    if flt.is_month_only and not flt.stopwords:
        return corpus.month_ranked("month_keywords", MONTH_KEYWORD_COLUMNS, flt, min(int(top), MAX_TOP))
    return _month_keywords(corpus, flt, top)


def month_keyword_table(corpus, duplicates: str) -> pd.DataFrame:
    """The top :data:`MAX_TOP` keywords of every month of the corpus for one duplicates choice
    (written by the build as ``month_keywords``)."""
    return _month_keywords(corpus, FilterState(duplicates=duplicates), MAX_TOP)


def _month_keywords(corpus: BuiltCorpus, flt: FilterState, top: int) -> pd.DataFrame:
    from .terms import month_counts_sql

    ctes, params = month_counts_sql(corpus, flt, "terms")
    df_col = "articles_unique" if flt.duplicates == "drop" else "articles"
    n, _ = reference_size(corpus, flt.duplicates)
    # Chosen ids are already in sel; a constant list of them on the terms table too lets DuckDB
    # skip the row groups without them (a join does not), so one article is read, not every term.
    ids, id_params = "", []
    if 0 < len(flt.article_ids) <= 100:
        ids, id_params = f"AND t.id IN ({', '.join('?' * len(flt.article_ids))})", list(flt.article_ids)
    return corpus.sql(
        f"""{ctes},
        w AS (SELECT c.month, c.term, c.count::BIGINT AS tf, 1 + ln(c.count::DOUBLE) AS tf_weight,
                     d.{df_col}::BIGINT AS df, ?::BIGINT AS n_docs,
                     ln((1.0 + ?) / (1.0 + d.{df_col})) + 1 AS idf
              FROM c JOIN term_totals d USING (term)),
        s AS (SELECT *, tf_weight * idf AS tfidf FROM w),
        r AS (SELECT *, tfidf / sqrt(sum(tfidf * tfidf) OVER (PARTITION BY month)) AS score,
                     row_number() OVER (PARTITION BY month ORDER BY tfidf DESC, term)::INTEGER AS rank FROM s)
        SELECT {", ".join(MONTH_KEYWORD_COLUMNS)} FROM r WHERE rank <= ? ORDER BY month, rank""",
        params + [n, n, min(int(top), MAX_TOP)],
    )
