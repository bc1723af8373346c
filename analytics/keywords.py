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


def _reference_where(duplicates: str) -> str:
    if duplicates not in ("keep", "drop"):
        raise ValueError(f"duplicates must be 'keep' or 'drop', got {duplicates!r}")
    return "a.duplicate_of IS NULL" if duplicates == "drop" else "TRUE"


def article_keyword_table(con, duplicates: str) -> pd.DataFrame:
    """The top :data:`MAX_TOP` keywords of every article of the reference set for one duplicates
    choice, from the ``articles`` and ``terms`` tables on ``con`` (the build writes it once as
    the ``article_keywords`` table; queries only select from it)."""
    where = _reference_where(duplicates)
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


def _month_reference_sql(duplicates: str) -> str:
    count = "count_unique" if _reference_where(duplicates) != "TRUE" else "count"
    return f"SELECT month, term, {count} AS count FROM month_terms WHERE {count} > 0"


def month_keyword_table(con, duplicates: str) -> pd.DataFrame:
    """The top :data:`MAX_TOP` keywords of every month of the whole corpus for one duplicates
    choice, from the ``month_terms`` table on ``con`` (written once by the build as
    ``month_keywords``)."""
    return tfidf_table(con.execute(_month_reference_sql(duplicates)).df(), "month")


def _month_counts(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    """month, term, count of the selected articles."""
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel} SELECT t.month, t.term, sum(t.count) AS count
        FROM terms t JOIN sel USING (id) GROUP BY t.month, t.term""",
        params,
    )


def keywords_by_article(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 10) -> pd.DataFrame:
    """Top ``top`` keywords of each selected article (columns: :data:`ARTICLE_KEYWORD_COLUMNS`)."""
    sel, params = corpus.selection(flt)
    cols = ", ".join(f"k.{c}" for c in ARTICLE_KEYWORD_COLUMNS)
    return corpus.sql(
        f"""WITH {sel} SELECT {cols} FROM article_keywords k JOIN sel USING (id)
        WHERE k.duplicates = ? AND k.rank <= ? ORDER BY k.month, k.id, k.rank""",
        params + [flt.duplicates, min(int(top), MAX_TOP)],
    )[ARTICLE_KEYWORD_COLUMNS]


def keywords_by_month(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 25) -> pd.DataFrame:
    """Top ``top`` keywords of each month's pooled selected articles (:data:`MONTH_KEYWORD_COLUMNS`)."""
    top = min(int(top), MAX_TOP)
    if flt.is_month_only:
        clause, params = flt.month_sql("k")
        cols = ", ".join(f"k.{c}" for c in MONTH_KEYWORD_COLUMNS)
        return corpus.sql(
            f"""SELECT {cols} FROM month_keywords k WHERE k.duplicates = ? AND k.rank <= ? AND {clause}
            ORDER BY k.month, k.rank""",
            [flt.duplicates, top] + params,
        )[MONTH_KEYWORD_COLUMNS]
    ref_counts = corpus.memo(f"month_counts_{flt.duplicates}", lambda: corpus.sql(_month_reference_sql(flt.duplicates)))
    table = tfidf_table(_month_counts(corpus, flt), "month", reference=ref_counts)
    out = table[table["rank"] <= top]
    return out.sort_values(["month", "rank"], ignore_index=True)[MONTH_KEYWORD_COLUMNS]
