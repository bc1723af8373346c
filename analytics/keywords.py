"""TF-IDF keywords per article and per month, computed with scikit-learn's TfidfTransformer.

For a document ``d`` and term ``t`` (terms as in :mod:`analytics.tokenize`, stopwords removed)::

    tf(t, d)   = raw count of t in d                      (sublinear_tf=False)
    df(t)      = number of reference documents containing t
    idf(t)     = ln((1 + n) / (1 + df(t))) + 1            (smooth_idf=True; n = reference documents)
    tfidf(t,d) = tf(t, d) × idf(t)
    score(t,d) = tfidf(t, d) / sqrt(Σ_t' tfidf(t', d)²)   (norm="l2")

The ``+ 1`` inside the log acts as one extra document containing every term (no division by
zero); the ``+ 1`` after it keeps terms that occur everywhere from getting weight 0.

**Documents.** Per article: each article is a document. Per month: the selected articles of one
month are pooled (their term counts summed) into one document.

**Reference set for df and idf.** All articles of the corpus (per month: all months of the
corpus), after dropping duplicates when the filter says so. The month, text, entity and article
filters do *not* change df or idf: they only choose which articles (and, per month, which
articles are pooled) are shown, so a keyword's score for an article does not move when the view
is narrowed, and a filtered month is compared with the whole corpus.

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
MONTH_KEYWORD_COLUMNS = ["month", "rank", "term", "tf", "df", "n_docs", "idf", "tfidf", "score"]


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


def article_keyword_reference(corpus: BuiltCorpus, duplicates: str) -> str:
    """Parquet path of the top :data:`MAX_TOP` keywords of every article for one duplicates
    choice (computed once per corpus, then only queried)."""

    def compute() -> pd.DataFrame:
        where = _reference_where(FilterState(duplicates=duplicates))
        con = corpus.connection()
        con.execute(
            f"""CREATE TEMP TABLE kw_docs AS
                SELECT a.id, a.month, (row_number() OVER (ORDER BY a.month, a.id) - 1)::INTEGER AS did
                FROM articles a WHERE {where}"""
        )
        con.execute(
            """CREATE TEMP TABLE kw_vocab AS
               SELECT term, (row_number() OVER (ORDER BY term) - 1)::INTEGER AS tid
               FROM (SELECT DISTINCT t.term FROM terms t JOIN kw_docs USING (id))"""
        )
        arrays = con.execute(
            "SELECT d.did, v.tid, t.count FROM terms t JOIN kw_docs d USING (id) JOIN kw_vocab v USING (term)"
        ).fetchnumpy()
        docs = con.execute("SELECT id, month FROM kw_docs ORDER BY did").df()
        vocab = con.execute("SELECT term FROM kw_vocab ORDER BY tid").df()["term"].to_numpy()
        con.close()
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

    return corpus.cached_parquet(f"keywords_article_{duplicates}", compute)


def _month_counts(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    """month, term, count of the selected articles, from the month table when only months filter."""
    if flt.is_month_only:
        count = "count_unique" if flt.duplicates == "drop" else "count"
        clause, params = flt.month_sql("m")
        return corpus.sql(f"SELECT m.month, m.term, m.{count} AS count FROM month_terms m WHERE m.{count} > 0 AND {clause}", params)
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel} SELECT t.month, t.term, sum(t.count) AS count
        FROM terms t JOIN sel USING (id) GROUP BY t.month, t.term""",
        params,
    )


def keywords_by_article(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 10) -> pd.DataFrame:
    """Top ``top`` keywords of each selected article (columns: :data:`ARTICLE_KEYWORD_COLUMNS`)."""
    path = article_keyword_reference(corpus, flt.duplicates)
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel} SELECT k.* FROM read_parquet('{path}') k JOIN sel USING (id)
        WHERE k.rank <= ? ORDER BY k.month, k.id, k.rank""",
        params + [min(int(top), MAX_TOP)],
    )[ARTICLE_KEYWORD_COLUMNS]


def keywords_by_month(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 25) -> pd.DataFrame:
    """Top ``top`` keywords of each month's pooled selected articles (:data:`MONTH_KEYWORD_COLUMNS`)."""
    everything = FilterState(duplicates=flt.duplicates)
    reference = corpus.cached_table(
        f"keywords_month_{flt.duplicates}", lambda: tfidf_table(_month_counts(corpus, everything), "month")
    )
    if flt.is_month_only:
        table = reference
    else:
        ref_counts = corpus.cached_table(f"month_counts_{flt.duplicates}", lambda: _month_counts(corpus, everything))
        table = tfidf_table(_month_counts(corpus, flt), "month", reference=ref_counts)
    in_range = pd.Series(True, index=table.index)
    if flt.month_from:
        in_range &= table["month"] >= flt.month_from
    if flt.month_to:
        in_range &= table["month"] <= flt.month_to
    out = table[in_range & (table["rank"] <= min(top, MAX_TOP))]
    return out.sort_values(["month", "rank"], ignore_index=True)[MONTH_KEYWORD_COLUMNS]
