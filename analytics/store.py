"""The on-disk store, its one schema, and the lock that makes it safe to share.

This module is the only owner of what the store holds: every table is declared once in
:data:`SEGMENT_TABLES` (per-article results, shared by every corpus) and :data:`CORPUS_TABLES` (one
corpus, in one DuckDB database file), with its columns, types and meaning. The build writes every
table a page or an export needs; queries only read.

Layout under the store root::

    v<PIPELINE_VERSION>/build.lock                          held by a build while it writes
    v<PIPELINE_VERSION>/segments/<kind>-<batch>.parquet     per-article results (SEGMENT_TABLES)
    v<PIPELINE_VERSION>/corpora-t<TABLES_VERSION>/<fingerprint>/corpus.duckdb   the corpus tables
    v<PIPELINE_VERSION>/corpora-t<TABLES_VERSION>/<fingerprint>/loads/<hash>.json   one load
        report per way of loading the same articles

Segments depend only on the per-article pipeline (``PIPELINE_VERSION``), corpus tables also on the
table rules (``TABLES_VERSION``), so a code change never serves tables written by older code, and
a change to the table rules alone reuses every article's cleaning, counts and entities. A build holds ``build.lock`` (a :mod:`filelock` lock: concurrent builds
into one store wait for each other) while it writes segments and corpus files, and every file is
written under a temporary name and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .pipeline import MENTION_SCHEMA, PIPELINE_VERSION, COUNT_SCHEMA, TEXT_SCHEMA

#: Bump when a corpus table or a rule that fills it (duplicates, entity merging, keywords) changes.
TABLES_VERSION = "11"
STORE_VERSION = f"{PIPELINE_VERSION}.{TABLES_VERSION}"
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
CORPUS_FILE = "corpus.duckdb"
#: How long a build waits for another build of the same store before giving up (seconds).
LOCK_TIMEOUT = 6 * 3600


class StoreError(RuntimeError):
    """A store file is missing, truncated or not what the schema says; the message says how to fix it."""


@dataclass(frozen=True)
class Table:
    """One stored table: its name, columns (a pyarrow schema), sort order and meaning."""

    name: str
    schema: pa.Schema
    doc: str
    order: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()


def _table(name: str, doc: str, fields: list[tuple[str, pa.DataType, str]], order: tuple[str, ...] = ()) -> Table:
    return Table(name, pa.schema([(n, t) for n, t, _ in fields]), doc, order, tuple((n, d) for n, _, d in fields))


SEGMENT_TABLES: dict[str, pa.Schema] = {
    "text": TEXT_SCHEMA,
    "terms": COUNT_SCHEMA,
    "bigrams": COUNT_SCHEMA,
    "mentions": MENTION_SCHEMA,
}

_COUNTS = [
    ("id", pa.string(), "article id"),
    ("month", pa.string(), "YYYY-MM"),
    ("term", pa.string(), "the term (a bigram: two terms and a space)"),
    ("count", pa.int32(), "occurrences in the article"),
]
_MONTH_COUNTS = [
    ("month", pa.string(), "YYYY-MM"),
    ("term", pa.string(), "the term or bigram"),
    ("count", pa.int64(), "occurrences in the month's articles"),
    ("articles", pa.int32(), "articles of the month containing it"),
    ("count_unique", pa.int64(), "occurrences in the month's articles that are not duplicates"),
    ("articles_unique", pa.int32(), "articles of the month, not duplicates, containing it"),
]
_DUPLICATES = ("duplicates", pa.string(), "'keep': reference set with every article; 'drop': without duplicates")

CORPUS_TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _table(
            "articles", "one row per loaded article",
            [
                ("id", pa.string(), "article id (file stem, or the id column)"),
                ("month", pa.string(), "YYYY-MM"),
                ("title", pa.string(), "title ('' when the format has none)"),
                ("source", pa.string(), "source ('' when the format has none)"),
                ("source_file", pa.string(), "file, archive member or table row it came from"),
                ("key", pa.string(), "SHA-1 of the body: the segment key"),
                ("n_tokens", pa.int32(), "word tokens, stopwords included"),
                ("n_terms", pa.int32(), "tokens that are not stopwords"),
                ("distinct_terms", pa.int32(), "different terms"),
                ("entity_mentions", pa.int32(), "entity mentions"),
                ("removed_chars", pa.int32(), "characters cleaning removed"),
                ("cleaning", pa.string(), "what cleaning removed, in words ('' when nothing)"),
                ("duplicate_of", pa.string(), "id of the original when a duplicate, else NULL"),
                ("duplicate_kind", pa.string(), "'exact' or 'near' when a duplicate"),
                ("similarity", pa.float64(), "estimated Jaccard similarity with the original"),
            ],
            ("month", "id"),
        ),
        _table(
            "texts", "the cleaned text of every article",
            [
                ("id", pa.string(), "article id"),
                ("month", pa.string(), "YYYY-MM"),
                ("clean_text", pa.string(), "the text after cleaning: what is counted"),
                ("removals", pa.string(), "JSON list of cleaning changes (kind, reason, text, count)"),
            ],
            ("month", "id"),
        ),
        _table(
            "removals", "one row per cleaning change",
            [
                ("id", pa.string(), "article id"),
                ("month", pa.string(), "YYYY-MM"),
                ("kind", pa.string(), "glued, teaser, boilerplate or repeated"),
                ("reason", pa.string(), "why, in words"),
                ("chars", pa.int32(), "characters of the removed text"),
                ("count", pa.int32(), "how many times it was removed (or fixes made)"),
                ("text", pa.string(), "the removed text"),
            ],
            ("month", "id"),
        ),
        _table("terms", "term counts per article (stopwords removed)", _COUNTS, ("month", "id", "term")),
        _table("bigrams", "bigram counts per article", _COUNTS, ("month", "id", "term")),
        _table(
            "mentions", "entity mentions with their canonical entity",
            [
                ("id", pa.string(), "article id"),
                ("month", pa.string(), "YYYY-MM"),
                ("start", pa.int32(), "character offset in clean_text"),
                ("end", pa.int32(), "character offset after the mention"),
                ("surface", pa.string(), "the text as tagged"),
                ("type", pa.string(), "the tagged type: PER, ORG, LOC or MISC"),
                ("entity", pa.string(), "canonical entity name"),
                ("entity_type", pa.string(), "canonical entity type"),
                ("role", pa.string(), "title or function split off a person's name ('' when none)"),
                ("confidence", pa.float32(), "the recogniser's confidence in the tag (1.0 when it gives none)"),
                ("sentence", pa.int32(), "the sentence of the article holding it (0 = first; analytics.cooccurrence.sentence_starts)"),
                ("rule", pa.string(), "the merge rule that joined this form to its entity (analytics.entity_merge)"),
                ("name", pa.string(), "the name with a title or function split off (merge rules 1-2)"),
                ("key", pa.string(), "the name's merge key after the rules within its article (1-4)"),
                ("candidate", pa.string(), "a longer name of the article this short form joins if the corpus's votes make it a person (rule 4), else ''"),
                ("local_rule", pa.string(), "the merge steps taken within the article ('' when none)"),
            ],
            ("month", "id", "start"),
        ),
        _table(
            "entity_votes", "the corpus's summed entity votes (analytics.entity_merge): what rules 4-8 decide on",
            [
                ("key", pa.string(), "merge key after the rules within articles"),
                ("form_key", pa.string(), "merge key of the form as written"),
                ("surface", pa.string(), "the form as tagged"),
                ("name", pa.string(), "the name with a title split off"),
                ("type", pa.string(), "the tagged type"),
                ("local_rule", pa.string(), "merge steps within the article"),
                ("candidate", pa.string(), "longer name the form joins if it is a person ('' when none)"),
                ("mentions", pa.int64(), "mentions with these values"),
                ("votes", pa.float64(), "their summed confidence, rounded to 9 decimals"),
            ],
            ("key", "form_key", "surface", "name", "type", "local_rule", "candidate"),
        ),
        _table(
            "entity_forms", "why each entity is what it is: its surface forms, tagged types and merge rules (whole corpus)",
            [
                ("entity", pa.string(), "canonical entity name"),
                ("entity_type", pa.string(), "canonical entity type"),
                ("surface", pa.string(), "a form merged into it"),
                ("rule", pa.string(), "the merge rule that joined this form (analytics.entity_merge)"),
                ("mentions", pa.int64(), "mentions of this form under this rule"),
                ("articles", pa.int64(), "articles with such a mention"),
                *[(f"tagged_{t.lower()}", pa.int64(), f"mentions the recogniser tagged {t}") for t in ENTITY_TYPES],
                *[(f"votes_{t.lower()}", pa.float64(), f"summed confidence of the {t} tags") for t in ENTITY_TYPES],
            ],
            ("entity", "entity_type", "surface", "rule"),
        ),
        _table(
            "month_entities", "canonical entities per month (answers entity tables when only months filter)",
            [
                ("month", pa.string(), "YYYY-MM"),
                ("entity", pa.string(), "canonical entity name"),
                ("type", pa.string(), "canonical entity type"),
                ("mentions", pa.int64(), "mentions in the month's articles"),
                ("articles", pa.int32(), "articles of the month mentioning it"),
                ("mentions_unique", pa.int64(), "mentions in the month's articles that are not duplicates"),
                ("articles_unique", pa.int32(), "articles of the month, not duplicates, mentioning it"),
            ],
            ("month", "entity", "type"),
        ),
        _table(
            "month_entity_forms", "surface forms of each canonical entity per month",
            [
                ("month", pa.string(), "YYYY-MM"),
                ("entity", pa.string(), "canonical entity name"),
                ("type", pa.string(), "canonical entity type"),
                ("surface", pa.string(), "the form as written"),
                ("mentions", pa.int64(), "mentions in this form in the month's articles"),
                ("mentions_unique", pa.int64(), "the same, in articles that are not duplicates"),
            ],
            ("month", "entity", "type", "surface"),
        ),
        _table(
            "month_entity_roles", "titles and functions written before each canonical entity per month (merge rule 1)",
            [
                ("month", pa.string(), "YYYY-MM"),
                ("entity", pa.string(), "canonical entity name"),
                ("type", pa.string(), "canonical entity type"),
                ("role", pa.string(), "the title or function, as written"),
                ("mentions", pa.int64(), "mentions with this role in the month's articles"),
                ("articles", pa.int32(), "articles of the month with such a mention"),
                ("mentions_unique", pa.int64(), "the same, in articles that are not duplicates"),
                ("articles_unique", pa.int32(), "articles of the month, not duplicates, with such a mention"),
            ],
            ("month", "entity", "type", "role"),
        ),
        _table("month_terms", "term counts per month", _MONTH_COUNTS, ("month", "term")),
        _table("month_bigrams", "bigram counts per month", _MONTH_COUNTS, ("month", "term")),
        _table(
            "month_top_terms",
            "month_terms and month_bigrams rows of the corpus's most frequent terms and bigrams "
            "(analytics.terms.TOP_CANDIDATES of each), for exact top-N queries over month ranges",
            [("kind", pa.string(), "'terms' or 'bigrams'"), *_MONTH_COUNTS],
            ("kind", "month", "term"),
        ),
        _table(
            "month_keywords", "the top 50 TF-IDF keywords of every month of the whole corpus, for each duplicates choice",
            [
                _DUPLICATES,
                ("month", pa.string(), "YYYY-MM"),
                ("rank", pa.int32(), "1 = highest score in its month"),
                ("term", pa.string(), "the keyword"),
                ("tf", pa.int64(), "occurrences in the month's articles (pooled)"),
                ("tf_weight", pa.float64(), "1 + ln(tf)"),
                ("df", pa.int64(), "reference articles containing the term"),
                ("n_docs", pa.int64(), "reference articles"),
                ("idf", pa.float64(), "ln((1 + n_docs) / (1 + df)) + 1"),
                ("tfidf", pa.float64(), "tf_weight × idf"),
                ("score", pa.float64(), "tfidf divided by the l2 norm of the month's tfidf vector"),
            ],
            ("duplicates", "month", "rank"),
        ),
        _table(
            "term_totals", "corpus-wide totals per term (df over articles, and the keyness reference counts)",
            [
                ("term", pa.string(), "the term"),
                ("count", pa.int64(), "occurrences in the corpus"),
                ("articles", pa.int64(), "articles containing it (df)"),
                ("count_unique", pa.int64(), "occurrences in articles that are not duplicates"),
                ("articles_unique", pa.int64(), "articles, not duplicates, containing it"),
            ],
            ("term",),
        ),
        _table(
            "month_keyness", "each month against the rest of the corpus at the default thresholds (top 200), "
            "for each duplicates choice (analytics.keyness)",
            [
                _DUPLICATES,
                ("month", pa.string(), "YYYY-MM"),
                ("rank", pa.int64(), "1 = highest G² in its month"),
                ("term", pa.string(), "the term"),
                ("a", pa.int64(), "occurrences in the month"),
                ("b", pa.int64(), "occurrences in the rest of the corpus"),
                ("c", pa.int64(), "tokens of the month"),
                ("d", pa.int64(), "tokens of the rest of the corpus"),
                ("per_10k_target", pa.float64(), "a / c × 10,000"),
                ("per_10k_reference", pa.float64(), "b / d × 10,000"),
                ("g2", pa.float64(), "log-likelihood G²"),
                ("p_value", pa.float64(), "chi-squared (1 df) upper tail of G²"),
                ("log_ratio", pa.float64(), "log2 of the ratio of relative frequencies (0.5 for a zero count)"),
            ],
            ("duplicates", "month", "rank"),
        ),
        # -- quotes and co-occurrence (analytics.quotes, analytics.cooccurrence) --------------------
        _table(
            "quotes", "direct quotes with their speakers (analytics.quotes)",
            [
                ("id", pa.string(), "article id"),
                ("month", pa.string(), "YYYY-MM"),
                ("start", pa.int32(), "character offset of the quoted text in clean_text (marks excluded)"),
                ("end", pa.int32(), "character offset after the quoted text"),
                ("quote", pa.string(), "the quoted text"),
                ("speaker", pa.string(), "canonical entity name when linked, else the speaker phrase as written"),
                ("speaker_entity", pa.string(), "canonical entity of the speaker (NULL when not linked)"),
                ("speaker_type", pa.string(), "its entity type (NULL when not linked)"),
                ("verb", pa.string(), "reporting verb (infinitive; 'aldus', 'volgens', 'klinken')"),
                ("position", pa.string(), "'after' (', zei X') or 'before' ('X zei: ...') the quote"),
                ("how", pa.string(), "how the speaker was found: named, pronoun, previous or phrase"),
            ],
            ("month", "id", "start"),
        ),
        _table(
            "meta", "what the tables were built from (written last: a file without it is incomplete)",
            [("name", pa.string(), "setting"), ("value", pa.string(), "its value")],
        ),
    ]
}

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR", pa.int32(): "INTEGER", pa.int64(): "BIGINT", pa.float32(): "FLOAT", pa.float64(): "DOUBLE",
    pa.binary(): "BLOB",
}


def duckdb_type(dtype: pa.DataType) -> str:
    if pa.types.is_fixed_size_binary(dtype):
        return "BLOB"
    return _DUCKDB_TYPES[dtype]


def create_table_sql(table: Table) -> str:
    """``CREATE TABLE`` for a declared table (the only place its DDL is written)."""
    cols = ", ".join(f'"{f.name}" {duckdb_type(f.type)}' for f in table.schema)
    return f"CREATE TABLE {table.name} ({cols})"


def sql_string(value: str | Path) -> str:
    """A SQL string literal (quotes doubled), for paths in statements that take no parameters."""
    return "'" + str(value).replace("'", "''") + "'"


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


def _unique_tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")


class Store:
    """Per-article segments shared by every corpus, plus one folder per built corpus."""

    def __init__(self, root: str | Path):
        self.root = Path(root) / f"v{PIPELINE_VERSION}"
        self.segments = self.root / "segments"
        self.segments.mkdir(parents=True, exist_ok=True)
        self.corpora = self.root / f"corpora-t{TABLES_VERSION}"
        self.corpora.mkdir(exist_ok=True)
        self.temp_dir = self.root / "duckdb-tmp"

    @contextmanager
    def lock(self):
        """Hold the store's build lock (waits for any other build of this store)."""
        from filelock import FileLock

        with FileLock(str(self.root / "build.lock"), timeout=LOCK_TIMEOUT):
            yield

    def glob(self, kind: str) -> str:
        return str(self.segments / f"{kind}-*.parquet")

    def segment_files(self, kind: str) -> list[Path]:
        return sorted(self.segments.glob(f"{kind}-*.parquet"))

    def cached_keys(self, kind: str) -> set[str]:
        """Keys already in segments of ``kind``. A batch with a segment that cannot be read
        (truncated, corrupt) is deleted whole (``text``, ``terms`` and ``bigrams`` of a batch go
        together), so its articles are processed again instead of failing every query."""
        keys: set[str] = set()
        for path in self.segment_files(kind):
            batch = [path, *(self._siblings(path) if kind == "text" else [])]
            try:
                found = pq.read_table(path, columns=["key"]).column("key").to_pylist()
                for sibling in batch[1:]:
                    pq.read_metadata(sibling)
            except (OSError, pa.ArrowException):
                for damaged in batch:
                    damaged.unlink(missing_ok=True)
                continue
            keys.update(found)
        return keys

    def _siblings(self, text_segment: Path) -> list[Path]:
        batch = text_segment.name.removeprefix("text-")
        return [self.segments / f"{kind}-{batch}" for kind in ("terms", "bigrams")]

    def write_segment(self, kind: str, table: pa.Table, batch: str | None = None) -> Path:
        """Write atomically (unique temp file + rename) so no reader sees half a segment."""
        batch = batch or uuid.uuid4().hex[:16]
        path = self.segments / f"{kind}-{batch}.parquet"
        tmp = _unique_tmp(path)
        pq.write_table(table, tmp, compression="zstd")
        tmp.replace(path)
        return path

    def corpus_dir(self, fingerprint: str) -> Path:
        return self.corpora / fingerprint

    def new_temp_path(self, path: Path) -> Path:
        return _unique_tmp(path)
