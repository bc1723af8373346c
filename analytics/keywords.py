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

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from .dataset import BuiltCorpus
from .filters import FilterState

MAX_TOP = 50
ARTICLE_KEYWORD_COLUMNS = ["id", "month", "rank", "term", "tf", "df", "n_docs", "idf", "tfidf", "score"]
MONTH_KEYWORD_COLUMNS = ["month", "rank", "term", "tf", "tf_weight", "df", "n_docs", "idf", "tfidf", "score"]
TERM_TOTAL_COLUMNS = ["term", "count", "articles", "count_unique", "articles_unique"]


def _transformer() -> TfidfTransformer:
    return TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=False)


def _top_per_row(doc_codes: np.ndarray, term_codes: np.ndarray, scores: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the ``top`` best entries per document, and their ranks (1-based).

    Ties are broken by term code; codes follow alphabetical order, so ties go alphabetically.
    """
    order = np.lexsort((term_codes, -scores, doc_codes))
    docs = doc_codes[order]
    starts = np.r_[0, np.flatnonzero(np.diff(docs)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep = rank < top
    return order[keep], rank[keep] + 1


def _matrix(docs: np.ndarray, terms: np.ndarray, counts: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    return sp.csr_matrix((counts.astype(np.float64), (docs, terms)), shape=shape)


def tfidf_keywords(
    docs: np.ndarray,
    terms: np.ndarray,
    counts: np.ndarray,
    shape: tuple[int, int],
    *,
    top: int = MAX_TOP,
    reference: tuple[np.ndarray, np.ndarray, np.ndarray, int] | None = None,
) -> dict[str, np.ndarray]:
    """Top ``top`` keywords per document from integer-coded counts.

    ``docs``/``terms``/``counts`` are parallel arrays (document code, term code, count) of a
    ``shape = (documents, vocabulary)`` matrix; term codes must follow alphabetical order. The
    transformer is fitted on ``reference = (docs, terms, counts, n_reference_docs)`` over the
    same vocabulary (default: the counts themselves). Returns arrays doc, term, rank, tf, df,
    n_docs, idf, tfidf, score.
    """
    matrix = _matrix(docs, terms, counts, shape)
    if reference is None:
        ref_matrix = matrix
    else:
        r_docs, r_terms, r_counts, n_ref = reference
        ref_matrix = _matrix(r_docs, r_terms, r_counts, (n_ref, shape[1]))
    transformer = _transformer().fit(ref_matrix)
    df = np.bincount(ref_matrix.indices, minlength=shape[1])
    weighted = sp.coo_matrix(transformer.transform(matrix))
    counts_coo = matrix.tocoo()  # same sparsity pattern and order as ``weighted``
    keep, rank = _top_per_row(weighted.row, weighted.col, weighted.data, top)
    cols = weighted.col[keep]
    tf = counts_coo.data[keep].astype(np.int64)
    idf = transformer.idf_[cols]
    return {
        "doc": weighted.row[keep], "term": cols, "rank": rank.astype(np.int32), "tf": tf,
        "df": df[cols].astype(np.int64), "n_docs": np.full(len(cols), ref_matrix.shape[0], dtype=np.int64),
        "idf": idf, "tfidf": tf * idf, "score": weighted.data[keep],
    }


def tfidf_table(counts: pd.DataFrame, doc: str, *, top: int = MAX_TOP, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keywords from a tidy count table with columns ``doc``, term, count (see :func:`tfidf_keywords`)."""
    columns = [doc, "rank", "term", "tf", "df", "n_docs", "idf", "tfidf", "score"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    reference = counts if reference is None else reference
    vocab = pd.Index(np.sort(reference["term"].unique()))
    ref_docs = pd.Index(reference[doc].unique())
    docs = pd.Index(counts[doc].unique())
    term_codes = vocab.get_indexer(counts["term"])
    if (term_codes < 0).any():
        raise ValueError("counts contain terms missing from the reference documents")
    result = tfidf_keywords(
        docs.get_indexer(counts[doc]), term_codes, counts["count"].to_numpy(), (len(docs), len(vocab)), top=top,
        reference=(ref_docs.get_indexer(reference[doc]), vocab.get_indexer(reference["term"]), reference["count"].to_numpy(), len(ref_docs)),
    )
    result[doc] = docs[result.pop("doc")]
    result["term"] = vocab[result["term"]]
    return pd.DataFrame(result)[columns].sort_values([doc, "rank"], ignore_index=True)


def _reference_where(flt: FilterState) -> str:
    return "a.duplicate_of IS NULL" if flt.duplicates == "drop" else "TRUE"


def article_keyword_table(con, duplicates: str) -> pd.DataFrame:
    """The top :data:`MAX_TOP` keywords of every article of the reference set for one duplicates
    choice, from the ``articles`` and ``terms`` tables on ``con`` (the build writes it once as the
    ``article_keywords`` table; queries only select from it)."""
    where = _reference_where(FilterState(duplicates=duplicates))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE kw_docs AS
            SELECT a.id, a.month, (row_number() OVER (ORDER BY a.month, a.id) - 1)::INTEGER AS did
            FROM articles a WHERE {where}"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE kw_vocab AS
           SELECT term, (row_number() OVER (ORDER BY term) - 1)::INTEGER AS tid
           FROM (SELECT DISTINCT t.term FROM terms t JOIN kw_docs USING (id))"""
    )
    arrays = con.execute(
        "SELECT d.did, v.tid, t.count FROM terms t JOIN kw_docs d USING (id) JOIN kw_vocab v USING (term)"
    ).fetchnumpy()
    docs = con.execute("SELECT id, month FROM kw_docs ORDER BY did").df()
    vocab = con.execute("SELECT term FROM kw_vocab ORDER BY tid").df()["term"].to_numpy()
    con.execute("DROP TABLE kw_docs")
    con.execute("DROP TABLE kw_vocab")
    if len(arrays["did"]) == 0:
        return pd.DataFrame(columns=ARTICLE_KEYWORD_COLUMNS)
    result = tfidf_keywords(
        np.asarray(arrays["did"]), np.asarray(arrays["tid"]), np.asarray(arrays["count"]), (len(docs), len(vocab))
    )
    doc = result.pop("doc")
    result["term"] = vocab[result["term"]]
    result["id"] = docs["id"].to_numpy()[doc]
    result["month"] = docs["month"].to_numpy()[doc]
    return pd.DataFrame(result)[ARTICLE_KEYWORD_COLUMNS]


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

    With extra stopwords, they leave the list and the scores are renormalised (module docstring);
    an article then has at most :data:`MAX_TOP` minus the removed keywords."""
    sel, params = corpus.selection(flt)
    top = min(int(top), MAX_TOP)
    cols = ", ".join(f"k.{c}" for c in ARTICLE_KEYWORD_COLUMNS)
    keywords = "(SELECT * FROM article_keywords WHERE duplicates = ?)"
    if not flt.stopwords:
        return corpus.sql(
            f"""WITH {sel} SELECT {cols} FROM {keywords} k JOIN sel USING (id)
            WHERE k.rank <= ? ORDER BY k.month, k.id, k.rank""",
            params + [flt.duplicates, top],
        )[ARTICLE_KEYWORD_COLUMNS]
    df_col = "articles_unique" if flt.duplicates == "drop" else "articles"
    n, _ = reference_size(corpus, flt.duplicates)
    stop = [list(flt.stopwords)]
    return corpus.sql(
        f"""WITH {sel},
        rm AS (SELECT t.id, sum(power(t.count * (ln((1.0 + ?) / (1.0 + d.{df_col})) + 1), 2)) AS r2
               FROM terms t JOIN sel USING (id) JOIN term_totals d USING (term)
               WHERE t.term IN (SELECT unnest(?::VARCHAR[])) GROUP BY t.id),
        k AS (SELECT k.*, power(k.tfidf / k.score, 2) - coalesce(rm.r2, 0) AS norm2
              FROM {keywords} k JOIN sel USING (id) LEFT JOIN rm USING (id)
              WHERE k.term NOT IN (SELECT unnest(?::VARCHAR[]))),
        r AS (SELECT k.id, k.month, row_number() OVER (PARTITION BY k.id ORDER BY k.rank)::INTEGER AS rank,
                     k.term, k.tf, k.df, k.n_docs, k.idf, k.tfidf, k.tfidf / sqrt(k.norm2) AS score FROM k)
        SELECT * FROM r WHERE rank <= ? ORDER BY month, id, rank""",
        params + [n] + stop + [flt.duplicates] + stop + [top],
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
