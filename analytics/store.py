"""The on-disk store: per-article results as Parquet segments, corpus tables per fingerprint.

Layout under the store root::

    v<PIPELINE_VERSION>/segments/text-<batch>.parquet      one row per article body (by key)
    v<PIPELINE_VERSION>/segments/terms-<batch>.parquet     key, term, count
    v<PIPELINE_VERSION>/segments/bigrams-<batch>.parquet   key, term (a bigram), count
    v<PIPELINE_VERSION>/segments/mentions-<rec>-<batch>.parquet   key, start, end, surface, type
    v<PIPELINE_VERSION>/corpora/<fingerprint>/...          tables of one corpus (see build.py)

A key is written to at most one segment of each kind, so segments can be read with a glob.
Nothing here is ever a dense term-by-article matrix.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .pipeline import PIPELINE_VERSION

def default_store_dir() -> Path:
    """``$ANALYTICS_STORE`` if set, else a folder in the system temp dir.

    The temp dir is the one place Streamlit Community Cloud lets an app write.
    """
    env = os.environ.get("ANALYTICS_STORE")
    if env:
        return Path(env)
    return Path(tempfile.gettempdir()) / "news-analytics-store"


def recogniser_tag(version: str) -> str:
    return hashlib.sha1(version.encode("utf-8")).hexdigest()[:12]


class Store:
    """Segment cache for per-article results plus folders for corpus-level tables."""

    def __init__(self, root: str | Path):
        self.root = Path(root) / f"v{PIPELINE_VERSION}"
        self.segments = self.root / "segments"
        self.segments.mkdir(parents=True, exist_ok=True)
        (self.root / "corpora").mkdir(exist_ok=True)

    def glob(self, kind: str) -> str:
        return str(self.segments / f"{kind}-*.parquet")

    def segment_files(self, kind: str) -> list[Path]:
        return sorted(self.segments.glob(f"{kind}-*.parquet"))

    def cached_keys(self, kind: str) -> set[str]:
        keys: set[str] = set()
        for path in self.segment_files(kind):
            keys.update(pq.read_table(path, columns=["key"]).column("key").to_pylist())
        return keys

    def write_segment(self, kind: str, table: pa.Table, batch: str | None = None) -> Path:
        """Write atomically (temp file + rename) so a crash never leaves half a segment."""
        batch = batch or uuid.uuid4().hex[:16]
        path = self.segments / f"{kind}-{batch}.parquet"
        tmp = path.with_suffix(".tmp")
        pq.write_table(table, tmp, compression="zstd")
        tmp.replace(path)
        return path

    def corpus_dir(self, fingerprint: str) -> Path:
        return self.root / "corpora" / fingerprint
