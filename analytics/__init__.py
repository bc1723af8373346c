"""Dutch news analytics: terms, TF-IDF keywords and named entities per article and per month.

The main entry points load on first use, so ``import analytics`` (and ``import analytics.ner``)
stays cheap.
"""

_EXPORTS = {
    "Article": "corpus", "CorpusError": "corpus", "LoadResult": "corpus", "load_bytes": "corpus",
    "load_corpus": "corpus", "FilterState": "filters", "BuildOptions": "build", "build_corpus": "build",
    "BuiltCorpus": "dataset",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'analytics' has no attribute {name!r}")
