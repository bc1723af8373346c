"""Dutch news analytics: terms, TF-IDF keywords and named entities per article and per month.

The light entry points are imported here; the ones that pull in DuckDB, pandas and
scikit-learn (:func:`build_corpus`, :class:`BuildOptions`, :class:`BuiltCorpus`) load on first use,
so ``import analytics`` stays cheap.
"""

from .corpus import Article, CorpusError, LoadResult, load_bytes, load_corpus
from .filters import FilterState

__all__ = [
    "Article", "BuildOptions", "BuiltCorpus", "CorpusError", "FilterState", "LoadResult",
    "build_corpus", "load_bytes", "load_corpus",
]


def __getattr__(name: str):
    if name in ("build_corpus", "BuildOptions"):
        from . import build

        return getattr(build, name)
    if name == "BuiltCorpus":
        from .dataset import BuiltCorpus

        return BuiltCorpus
    raise AttributeError(f"module 'analytics' has no attribute {name!r}")
