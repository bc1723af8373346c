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


def _top_per_row(doc_codes: np.ndarray, term_codes: np.ndarray, scores: np.ndarray, top: int) -> np.ndarray:
    """Indices of the ``top`` best entries per document; term codes are in alphabetical order."""
    order = np.lexsort((term_codes, -scores, doc_codes))
    docs = doc_codes[order]
    starts = np.r_[0, np.flatnonzero(np.diff(docs)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep = rank < top
    return order[keep], rank[keep] + 1


def tfidf_table(counts: pd.DataFrame, doc: str, *, top: int = MAX_TOP, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keywords from a tidy count table with columns ``doc``, term, count.

    The transformer is fitted on ``reference`` (same columns; default: ``counts`` itself) and
    applied to ``counts``. Returns doc, rank, term, tf, df, n_docs, idf, tfidf, score.
    """
    columns = [doc, "rank", "term", "tf", "df", "n_docs", "idf", "tfidf", "score"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    reference = counts if reference is None else reference
    vocab = pd.Index(np.sort(reference["term"].unique()))
    ref_docs = pd.Index(reference[doc].unique())
    ref_matrix = sp.csr_matrix(
        (reference["count"].to_numpy(np.float64), (ref_docs.get_indexer(reference[doc]), vocab.get_indexer(reference["term"]))),
        shape=(len(ref_docs), len(vocab)),
    )
    transformer = _transformer().fit(ref_matrix)
    df = np.diff(ref_matrix.tocsc().indptr)

    docs = pd.Index(counts[doc].unique())
    doc_codes = docs.get_indexer(counts[doc])
    term_codes = vocab.get_indexer(counts["term"])
    if (term_codes < 0).any():
        raise ValueError("counts contain terms missing from the reference documents")
    matrix = sp.csr_matrix((counts["count"].to_numpy(np.float64), (doc_codes, term_codes)), shape=(len(docs), len(vocab)))
    weighted = sp.coo_matrix(transformer.transform(matrix))
    counts_coo = matrix.tocoo()  # same sparsity pattern and order as ``weighted``
    keep, rank = _top_per_row(weighted.row, weighted.col, weighted.data, top)
    rows, cols = weighted.row[keep], weighted.col[keep]
    tf = counts_coo.data[keep]
    idf = transformer.idf_[cols]
    return pd.DataFrame(
        {
            doc: docs[rows],
            "rank": rank.astype(np.int32),
            "term": vocab[cols],
            "tf": tf.astype(np.int64),
            "df": df[cols].astype(np.int64),
            "n_docs": np.int64(len(ref_docs)),
            "idf": idf,
            "tfidf": tf * idf,
            "score": weighted.data[keep],
        }
    ).sort_values([doc, "rank"], ignore_index=True)


def _reference_where(flt: FilterState) -> str:
    return "a.duplicate_of IS NULL" if flt.duplicates == "drop" else "TRUE"


def _article_reference(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        counts = corpus.sql(
            f"SELECT t.id, t.term, t.count FROM terms t JOIN articles a USING (id) WHERE {_reference_where(flt)}"
        )
        table = tfidf_table(counts, "id")
        months = corpus.sql("SELECT id, month FROM articles")
        return table.merge(months, on="id", how="left")[ARTICLE_KEYWORD_COLUMNS]

    return corpus.cached_table(f"keywords_article_{flt.duplicates}", compute)


def _month_counts(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    sel, params = corpus.selection(flt)
    return corpus.sql(
        f"""WITH {sel} SELECT t.month, t.term, sum(t.count) AS count
        FROM terms t JOIN sel USING (id) GROUP BY t.month, t.term""",
        params,
    )


def _month_reference_flt(flt: FilterState) -> FilterState:
    return FilterState(duplicates=flt.duplicates)


def keywords_by_article(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 10) -> pd.DataFrame:
    """Top ``top`` keywords of each selected article (columns: :data:`ARTICLE_KEYWORD_COLUMNS`)."""
    table = _article_reference(corpus, flt)
    sel, params = corpus.selection(flt)
    ids = set(corpus.sql(f"WITH {sel} SELECT id FROM sel", params)["id"])
    out = table[(table["rank"] <= min(top, MAX_TOP)) & table["id"].isin(ids)]
    return out.sort_values(["month", "id", "rank"], ignore_index=True)


def keywords_by_month(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, top: int = 25) -> pd.DataFrame:
    """Top ``top`` keywords of each month's pooled selected articles (:data:`MONTH_KEYWORD_COLUMNS`)."""
    ref_flt = _month_reference_flt(flt)
    reference = corpus.cached_table(
        f"keywords_month_{flt.duplicates}",
        lambda: tfidf_table(_month_counts(corpus, ref_flt), "month"),
    )
    months_only = flt.with_changes(month_from=None, month_to=None) == ref_flt
    if months_only:
        table = reference
    else:
        ref_counts = corpus.cached_table(f"month_counts_{flt.duplicates}", lambda: _month_counts(corpus, ref_flt))
        table = tfidf_table(_month_counts(corpus, flt), "month", reference=ref_counts)
    in_range = pd.Series(True, index=table.index)
    if flt.month_from:
        in_range &= table["month"] >= flt.month_from
    if flt.month_to:
        in_range &= table["month"] <= flt.month_to
    out = table[in_range & (table["rank"] <= min(top, MAX_TOP))]
    return out.sort_values(["month", "rank"], ignore_index=True)[MONTH_KEYWORD_COLUMNS]
