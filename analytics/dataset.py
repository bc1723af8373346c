"""A built corpus: its DuckDB database file, opened read-only and queried per filter.

Tables (declared, with every column's meaning, in :data:`analytics.store.CORPUS_TABLES`; one row
per ...):

* ``articles``: article — id, month, title, source, source_file, key, n_tokens, n_terms,
  distinct_terms, entity_mentions, removed_chars, duplicate_of, duplicate_kind, similarity;
* ``texts``: article — id, month, clean_text, removals (JSON list of cleaning changes);
* ``terms`` / ``bigrams``: (article, term) — id, month, term, count;
* ``mentions``: entity mention — id, month, start, end, surface, type, entity, entity_type;
* ``month_terms`` / ``month_bigrams``: (month, term) — count and articles over all articles, and
  count_unique and articles_unique over the articles that are not duplicates;
* ``month_keywords``: the top 50 TF-IDF keywords per month for each duplicates choice (an
  article's keywords are computed when asked: :func:`analytics.keywords.keywords_by_article`).

The file is opened once per process and shared: each query runs on a cursor of its own, so one
handle serves many threads (Streamlit sessions) at once, and DuckDB's buffer pool (bounded by
:data:`QUERY_MEMORY_LIMIT`) keeps what is hot in memory instead of re-reading files per query.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Callable

import duckdb
import pandas as pd

from .filters import FilterState
from .store import CORPUS_FILE, CORPUS_TABLES, StoreError, duckdb_type, sql_string

QUERY_MEMORY_LIMIT = "512MB"
_HEADER_BYTES = 3 * 4096


def _damaged(path: Path, why: str) -> StoreError:
    return StoreError(
        f"The store file {path} is damaged or incomplete ({why}). Run `python -m analytics build CORPUS` "
        f"(or reload the dashboard) to rebuild it, or delete the folder {path.parent}."
    )


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise _damaged(path, f"{type(exc).__name__}: {exc}") from exc


def _check(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Every declared table with its declared columns and types, and the ``complete`` mark."""
    try:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position"
        ).fetchall()
        complete = con.execute("SELECT value FROM meta WHERE name = 'complete'").fetchall()
        block_size, blocks = con.execute("SELECT block_size, total_blocks FROM pragma_database_size()").fetchone()
    except duckdb.Error as exc:
        raise _damaged(path, f"{type(exc).__name__}: {exc}") from exc
    # The file is its header (3 × 4 KiB) and every block the database counts: shorter means cut off.
    expected = _HEADER_BYTES + block_size * blocks
    if path.stat().st_size < expected:
        raise _damaged(path, f"{path.stat().st_size:,} bytes where its blocks need {expected:,}")
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        found.setdefault(table, []).append((column, dtype))
    for table in CORPUS_TABLES.values():
        wanted = [(f.name, duckdb_type(f.type)) for f in table.schema]
        if found.get(table.name) != wanted:
            raise _damaged(path, f"table {table.name} has columns {found.get(table.name)}, expected {wanted}")
    if complete != [("1",)]:
        raise _damaged(path, "the build did not finish")


def check_corpus_file(path: str | Path) -> None:
    """Raise :class:`~analytics.store.StoreError` unless ``path`` is a complete corpus file."""
    path = Path(path)
    con = _open(path)
    try:
        _check(con, path)
    finally:
        con.close()


def _latest_report(directory: Path) -> Path | None:
    reports = sorted((directory / "loads").glob("*.json"), key=lambda p: p.stat().st_mtime)
    return reports[-1] if reports else None


class Tables:
    """Queries over the corpus tables on one DuckDB connection (each on a cursor of its own)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path):
        self._con = con
        self.path = path
        self._lock = threading.Lock()
        self._memo: dict[str, Any] = {}

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (for temp tables); the caller closes it."""
        return self._con.cursor()

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        cursor = self._con.cursor()
        try:
            return cursor.execute(query, params or []).df()
        except (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException) as exc:
            raise _damaged(self.path, f"{type(exc).__name__}: {exc}") from exc
        finally:
            cursor.close()

    def selection(self, flt: FilterState) -> tuple[str, list]:
        """SQL for ``sel(id, month, n_tokens)``: the articles passing ``flt``."""
        where, params = flt.where_sql()
        return f"sel AS (SELECT a.id, a.month, a.n_tokens FROM articles a WHERE {where})", params

    def month_ranked(self, table: str, columns: list[str], flt: FilterState, top: int) -> pd.DataFrame:
        """Rows of a build-time per-month ranking (``month_keywords``, ``month_keyness``) for the
        filter's months and duplicates choice, rank ``<= top``, in month and rank order."""
        clause, params = flt.month_sql("k")
        cols = ", ".join(f"k.{c}" for c in columns)
        return self.sql(
            f"""SELECT {cols} FROM {table} k WHERE k.duplicates = ? AND {clause} AND k.rank <= ?
            ORDER BY k.month, k.rank""",
            [flt.duplicates] + params + [int(top)],
        )[columns]

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per process from the (read-only) tables, e.g. a reference table."""
        with self._lock:
            if name not in self._memo:
                self._memo[name] = compute()
            return self._memo[name]

    def months(self, flt: FilterState | None = None) -> list[str]:
        sel, params = self.selection(flt or FilterState())
        return self.sql(f"WITH {sel} SELECT DISTINCT month FROM sel ORDER BY month", params)["month"].tolist()


class BuiltCorpus(Tables):
    """Read-only handle to one built corpus and the report of the load that built it."""

    def __init__(self, directory: str | Path, *, report: str | Path | None = None, stats: Any = None):
        self.directory = Path(directory)
        self.fingerprint = self.directory.name
        self.stats = stats
        path = self.directory / CORPUS_FILE
        con = _open(path)
        try:
            _check(con, path)
        except StoreError:
            con.close()  # else DuckDB keeps serving this damaged file to the next connect
            raise
        super().__init__(con, path)
        meta = dict(self._con.execute("SELECT name, value FROM meta").fetchall())
        self._meta = meta
        report_path = Path(report) if report else _latest_report(self.directory)
        load = json.loads(report_path.read_text("utf-8")) if report_path else {"corpus": "", "skipped": [], "notes": []}
        self.report: dict = {
            **load,
            "fingerprint": self.fingerprint,
            "pipeline_version": meta.get("pipeline_version"),
            "store_version": meta.get("store_version"),
            "entities": json.loads(meta.get("entities", "false")),
            "extra_stopwords": json.loads(meta.get("extra_stopwords", "[]")),
        }
        self._con.execute("SET enable_progress_bar = false")
        # Queries serve a dashboard that shares a small machine: spill instead of growing.
        self._con.execute(f"SET memory_limit = '{QUERY_MEMORY_LIMIT}'")
        self._con.execute(f"SET temp_directory = {sql_string(self.directory.parent.parent / 'duckdb-tmp')}")

    def __repr__(self) -> str:
        return f"BuiltCorpus({self.report.get('corpus')!r}, {self.report.get('articles')} articles, {self.fingerprint})"

    def meta(self, name: str) -> str:
        """A value the build recorded in the ``meta`` table."""
        return self._meta[name]

    @property
    def has_entities(self) -> bool:
        return bool(self.report.get("entities"))
