"""A built corpus: its Parquet tables behind DuckDB views, queried per filter.

Views (one row per ...):

* ``articles``: article — id, month, title, source, source_file, key, n_tokens, n_terms,
  distinct_terms, entity_mentions, removed_chars, duplicate_of, duplicate_kind, similarity;
* ``texts``: article — id, month, clean_text, removals (JSON list of cleaning changes);
* ``terms`` / ``bigrams``: (article, term) — id, month, term, count;
* ``mentions``: entity mention — id, month, start, end, surface, type, entity, entity_type;
* ``month_terms`` / ``month_bigrams``: (month, term) — count and articles over all articles, and
  count_unique and articles_unique over the articles that are not duplicates.

Queries run on a fresh DuckDB cursor each time, so one handle can serve many threads (Streamlit
sessions) at once.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Callable

import duckdb
import pandas as pd

from .filters import FilterState

QUERY_MEMORY_LIMIT = "512MB"
VIEWS = ("articles", "texts", "terms", "bigrams", "mentions", "month_terms", "month_bigrams")


class BuiltCorpus:
    def __init__(self, directory: str | Path, stats: Any = None):
        self.directory = Path(directory)
        self.fingerprint = self.directory.name
        self.stats = stats
        self.report: dict = json.loads((self.directory / "report.json").read_text("utf-8"))
        self._con = duckdb.connect()
        self._con.execute("SET enable_progress_bar = false")
        # Queries serve a dashboard that shares a small machine: spill instead of growing.
        self._con.execute(f"SET memory_limit = '{QUERY_MEMORY_LIMIT}'")
        self._con.execute(f"SET temp_directory = '{self.directory.parent.parent / 'duckdb-tmp'}'")
        for view in VIEWS:
            path = str(self.directory / f"{view}.parquet").replace("'", "''")
            self._con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{path}')")
        self._lock = threading.Lock()
        self._memo: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"BuiltCorpus({self.report.get('corpus')!r}, {self.report.get('articles')} articles, {self.fingerprint})"

    @property
    def has_entities(self) -> bool:
        return bool(self.report.get("entities"))

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (for temp tables); the caller closes it."""
        return self._con.cursor()

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        cursor = self._con.cursor()
        try:
            return cursor.execute(query, params or []).df()
        finally:
            cursor.close()

    def selection(self, flt: FilterState) -> tuple[str, list]:
        """SQL for ``sel(id, month, n_tokens)``: the articles passing ``flt``."""
        where, params = flt.where_sql()
        return f"sel AS (SELECT a.id, a.month, a.n_tokens FROM articles a WHERE {where})", params

    def cached_parquet(self, name: str, compute: Callable[[], pd.DataFrame]) -> str:
        """Path of a derived table stored as Parquet in the corpus folder (computed once), for
        querying with ``read_parquet`` without holding the table in memory."""
        with self._lock:
            path = self.directory / f"{name}.parquet"
            if not path.exists():
                table = compute()
                tmp = path.with_suffix(".tmp")
                table.to_parquet(tmp, index=False)
                tmp.replace(path)
            return str(path).replace("'", "''")

    def cached_table(self, name: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A small derived table kept in memory and as Parquet in the corpus folder."""
        path = self.cached_parquet(name, compute)
        with self._lock:
            if name not in self._memo:
                self._memo[name] = pd.read_parquet(path)
            return self._memo[name]

    def months(self, flt: FilterState | None = None) -> list[str]:
        sel, params = self.selection(flt or FilterState())
        return self.sql(f"WITH {sel} SELECT DISTINCT month FROM sel ORDER BY month", params)["month"].tolist()
