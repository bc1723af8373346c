"""CSV export of every metric table, plus a manifest; the same bytes for the CLI and the dashboard.

Every text cell, in every column (ids and file names included), is first made one line: each
carriage return, line feed and other control or line-separator character becomes a space (tab
excepted), so no reader can see a cell start a new row. Then a cell whose first character other
than a space is ``=``, ``+``, ``-`` or ``@``, or that starts with a tab, is prefixed with an
apostrophe ``'`` so a spreadsheet never runs it as a formula. Cells holding a comma or ``"`` are
quoted as RFC 4180 says. Numbers are written as numbers.
Exports contain no timestamp: the same corpus, filter and options give byte-identical files.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

from .articles import articles_table
from .dataset import BuiltCorpus
from .cooccurrence import cooccurrence
from .entities import entities_by_article, entities_by_month, entity_forms_table
from .filters import FilterState
from .keyness import keyness_by_month
from .keywords import keywords_by_article, keywords_by_month
from .quotes import quotes_by_speaker, quotes_table
from .safe_text import one_line
from .terms import terms_by_article, terms_by_month

FORMULA_PREFIXES = ("=", "+", "-", "@")
TABLE_NAMES = (
    "articles",
    "terms_by_article",
    "terms_by_month",
    "keywords_by_article",
    "keywords_by_month",
    "keyness_by_month",
    "entities_by_article",
    "entities_by_month",
    "entity_forms",
    "quotes",
    "quotes_by_speaker",
    "cooccurrence",
)


@dataclass(frozen=True)
class ExportOptions:
    """Knobs that change table contents; written into the manifest."""

    article_keywords: int = 10
    month_keywords: int = 25
    merge_entities: bool = True
    keyness_terms: int = 25


def package_version() -> str:
    try:
        return metadata.version("news-analytics")
    except metadata.PackageNotFoundError:
        return "0.1.0+source"


def neutralise_cell(value):
    """One text cell made one line and formula-free (see the module docstring); others unchanged."""
    if not isinstance(value, str):
        return value
    value = one_line(value, keep_tab=True)
    if value.startswith("\t") or value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Every non-numeric column (object, string, category...) goes through :func:`neutralise_cell`."""
    out = df.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype)):
            out[column] = out[column].astype(object).map(neutralise_cell)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The exact bytes of a CSV download: UTF-8, comma, ``\\n``, formulas neutralised."""
    return neutralise(df).to_csv(index=False, lineterminator="\n").encode("utf-8")


TABLE_FUNCTIONS = {
    "articles": lambda c, f, o: articles_table(c, f),
    "terms_by_article": lambda c, f, o: terms_by_article(c, f),
    "terms_by_month": lambda c, f, o: terms_by_month(c, f),
    "keywords_by_article": lambda c, f, o: keywords_by_article(c, f, top=o.article_keywords),
    "keywords_by_month": lambda c, f, o: keywords_by_month(c, f, top=o.month_keywords),
    "keyness_by_month": lambda c, f, o: keyness_by_month(c, f, top=o.keyness_terms),
    "entities_by_article": lambda c, f, o: entities_by_article(c, f, merge=o.merge_entities),
    "entities_by_month": lambda c, f, o: entities_by_month(c, f, merge=o.merge_entities),
    "entity_forms": lambda c, f, o: entity_forms_table(c, f, merge=o.merge_entities),
    "quotes": lambda c, f, o: quotes_table(c, f),
    "quotes_by_speaker": lambda c, f, o: quotes_by_speaker(c, f, by_month=True),
    "cooccurrence": lambda c, f, o: cooccurrence(c, f, by_month=True),
}


def metric_table(
    corpus: BuiltCorpus, flt: FilterState, name: str, options: ExportOptions = ExportOptions()
) -> pd.DataFrame:
    """One exported table by file stem (one of :data:`TABLE_NAMES`)."""
    if name not in TABLE_FUNCTIONS:
        raise ValueError(f"unknown table {name!r}; allowed: {', '.join(TABLE_NAMES)}")
    return TABLE_FUNCTIONS[name](corpus, flt, options)


def metric_tables(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), options: ExportOptions = ExportOptions()
) -> dict[str, pd.DataFrame]:
    """Every exported table for one filter, by file stem (see :data:`TABLE_NAMES`)."""
    return {name: metric_table(corpus, flt, name, options) for name in TABLE_NAMES}


def manifest(
    corpus: BuiltCorpus, flt: FilterState, options: ExportOptions, tables: dict[str, pd.DataFrame]
) -> dict:
    report = corpus.report
    return {
        "package": "news-analytics",
        "package_version": package_version(),
        "pipeline_version": report.get("pipeline_version"),
        "corpus": report.get("corpus"),
        "corpus_fingerprint": corpus.fingerprint,
        "articles_loaded": report.get("articles"),
        "entities_recognised": report.get("entities"),
        "extra_stopwords": report.get("extra_stopwords", []),
        "query_stopwords": list(flt.stopwords),
        "filter": flt.manifest(),
        "options": {
            "article_keywords": options.article_keywords,
            "month_keywords": options.month_keywords,
            "merge_entities": options.merge_entities,
            "keyness_terms": options.keyness_terms,
        },
        "files": {f"{name}.csv": len(table) for name, table in tables.items()},
        "skipped": report.get("skipped", []),
        "decoding_notes": report.get("notes", []),
    }


def manifest_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_export(
    corpus: BuiltCorpus, out_dir: str | Path, flt: FilterState = FilterState(), options: ExportOptions = ExportOptions()
) -> dict:
    """Write one CSV per table and ``manifest.json`` into ``out_dir``; return the manifest."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = metric_tables(corpus, flt, options)
    for name, table in tables.items():
        (out / f"{name}.csv").write_bytes(csv_bytes(table))
    data = manifest(corpus, flt, options, tables)
    (out / "manifest.json").write_bytes(manifest_bytes(data))
    return data


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed date (the same tables give the same bytes), compressed: a ZipInfo
    passed to ``writestr`` is stored uncompressed unless it says otherwise."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def zip_bytes(corpus: BuiltCorpus, flt: FilterState = FilterState(), options: ExportOptions = ExportOptions(), tables: dict | None = None) -> bytes:
    """The whole export as one zip: the same files :func:`write_export` writes."""
    tables = tables if tables is not None else metric_tables(corpus, flt, options)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in tables.items():
            archive.writestr(_member(f"{name}.csv"), csv_bytes(table))
        archive.writestr(_member("manifest.json"), manifest_bytes(manifest(corpus, flt, options, tables)))
    return buffer.getvalue()
