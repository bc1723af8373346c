"""Build a corpus into the store: per-article work once, then the corpus tables.

``build_corpus`` does, in order:

1. load the corpus (skipped files are kept for the report);
2. run :func:`analytics.pipeline.process_texts` on every body not yet in the store, in parallel
   batches, one Parquet segment per batch;
3. run the recogniser on every cleaned body without mentions for that recogniser version;
4. write the corpus tables under ``corpora/<fingerprint>/`` unless they exist already:
   ``articles``, ``texts``, ``terms``, ``bigrams``, ``mentions`` (Parquet) and ``report.json``.

The fingerprint covers the article ids, months, titles, sources and bodies, the pipeline and
recogniser versions and the extra stopwords, so an unchanged corpus reuses every table.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Sequence

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .corpus import CorpusError, LoadResult, load_corpus
from .dataset import BuiltCorpus
from .duplicates import find_duplicates
from .entity_merge import ENTITY_FORMS_SCHEMA, canonicalise, entity_forms
from .pipeline import MENTION_FORMAT, PIPELINE_VERSION, process_texts, recognise_texts
from .store import Store, default_store_dir, recogniser_tag
from .tokenize import default_stopwords, normalise_token

BATCH_SIZE = 1000
#: Below this many articles to process, worker processes cost more than they save.
PARALLEL_MIN = 400
Progress = Callable[[str, int, int], None]
#: Bump when the corpus tables or the rules that fill them (duplicates, entity merging) change,
#: so corpus folders written by older code are not reused.
TABLES_VERSION = "4"
MENTIONS_SCHEMA = pa.schema(
    [("id", pa.string()), ("month", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
     ("surface", pa.string()), ("type", pa.string()), ("entity", pa.string()), ("entity_type", pa.string()),
     ("role", pa.string()), ("confidence", pa.float32())]
)


@dataclass(frozen=True)
class BuildOptions:
    """What a build computes and how. ``extra_stopwords`` are removed on top of the shipped list;
    ``workers`` and ``batch_size`` (articles per task) change speed, never results."""

    entities: bool = True
    extra_stopwords: tuple[str, ...] = ()
    workers: int | None = None
    batch_size: int = BATCH_SIZE

    def normalised_stopwords(self) -> tuple[str, ...]:
        return tuple(sorted({normalise_token(w) for w in self.extra_stopwords if w.strip()}))


@dataclass
class BuildStats:
    articles: int = 0
    bodies: int = 0
    processed: int = 0
    recognised: int = 0
    reused_tables: bool = False
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _text_job(items: Sequence[tuple[str, str]]):
    return process_texts(items, default_stopwords())


def _ner_job(items: Sequence[tuple[str, str]]):
    from .ner import default_recogniser

    return recognise_texts(items, default_recogniser())


def _batches(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _run_batches(job, items: list, workers: int, batch_size: int, progress: Progress | None, stage: str):
    """Yield ``job(batch)`` results in batch order, in worker processes when it pays off."""
    batches = _batches(items, batch_size)
    done = 0
    if workers <= 1 or len(items) < PARALLEL_MIN:
        for batch in batches:
            yield job(batch)
            done += len(batch)
            if progress:
                progress(stage, done, len(items))
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        for batch, result in zip(batches, pool.map(job, batches)):
            yield result
            done += len(batch)
            if progress:
                progress(stage, done, len(items))


def fingerprint(load: LoadResult, options: BuildOptions, recogniser_version: str | None) -> str:
    h = hashlib.sha1()
    h.update(f"pipeline={PIPELINE_VERSION};tables={TABLES_VERSION};ner={recogniser_version};stop={options.normalised_stopwords()}".encode())
    for a in sorted(load.articles, key=lambda a: a.id):
        h.update("\x1f".join((a.id, a.month, a.title, a.source, a.content_key)).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:20]


def build_corpus(
    source: str | Path | LoadResult,
    store_dir: str | Path | None = None,
    *,
    options: BuildOptions = BuildOptions(),
    recogniser=None,
    progress: Progress | None = None,
    label: str | None = None,
    runner=None,
) -> BuiltCorpus:
    """Build (or reuse) everything for ``source``; return a handle to query it.

    ``recogniser`` overrides the shipped model (it then runs in this process). ``runner`` maps
    the per-article jobs over batches (default: local worker processes; see
    :mod:`analytics.distributed` for Dask). Raises :class:`CorpusError` when no article could be
    loaded.
    """
    runner = runner or _run_batches
    started = time.perf_counter()
    stats = BuildStats()
    load = source if isinstance(source, LoadResult) else load_corpus(source)
    label = label or (str(source) if not isinstance(source, LoadResult) else "uploaded corpus")
    if not load.articles:
        reasons = "; ".join(f"{s.file}: {s.reason}" for s in load.skipped[:5])
        raise CorpusError(f"{label}: no article could be loaded ({len(load.skipped)} skipped{': ' + reasons if reasons else ''})")
    stats.articles = len(load.articles)
    store = Store(store_dir or default_store_dir())
    workers = options.workers or _default_workers()
    stats.timings["load"] = time.perf_counter() - started

    bodies: dict[str, str] = {}
    for article in load.articles:
        bodies.setdefault(article.content_key, article.text)

    stats.bodies = len(bodies)
    t0 = time.perf_counter()
    missing = sorted(set(bodies) - store.cached_keys("text"))
    stats.processed = len(missing)
    for text_t, terms_t, bigrams_t in runner(
        _text_job, [(k, bodies[k]) for k in missing], workers, options.batch_size, progress, "Cleaning and counting"
    ):
        batch = text_t.column("key")[0].as_py()[:16]
        store.write_segment("text", text_t, batch)
        store.write_segment("terms", terms_t, batch)
        store.write_segment("bigrams", bigrams_t, batch)
    stats.timings["text"] = time.perf_counter() - t0

    rec_version = None
    mention_kind = None
    if options.entities:
        t0 = time.perf_counter()
        if recogniser is None:
            from .ner import default_recogniser

            rec_version = default_recogniser().version
        else:
            rec_version = recogniser.version
        mention_kind = f"mentions-{recogniser_tag(rec_version + ';' + MENTION_FORMAT)}"
        missing = sorted(set(bodies) - store.cached_keys(mention_kind))
        stats.recognised = len(missing)
        if missing:
            cleaned = _clean_texts(store, missing)
            items = [(k, cleaned[k]) for k in missing]
            if recogniser is None:
                results = runner(_ner_job, items, workers, options.batch_size, progress, "Recognising entities")
            else:
                results = _run_batches(
                    lambda b: recognise_texts(b, recogniser), items, 1, options.batch_size, progress, "Recognising entities"
                )
            for items_batch, table in zip(_batches(items, options.batch_size), results):
                store.write_segment(mention_kind, table, items_batch[0][0][:16])
        stats.timings["entities"] = time.perf_counter() - t0

    fp = fingerprint(load, options, rec_version)
    directory = store.corpus_dir(fp)
    if (directory / "report.json").exists():
        stats.reused_tables = True
    else:
        t0 = time.perf_counter()
        _write_corpus_tables(store, directory, load, options, mention_kind, label)
        stats.timings["tables"] = time.perf_counter() - t0
    corpus = BuiltCorpus(directory, stats=stats)
    if not stats.reused_tables:
        t0 = time.perf_counter()
        from .keywords import article_keyword_reference, keywords_by_month

        article_keyword_reference(corpus, "keep")
        keywords_by_month(corpus)
        stats.timings["keywords"] = time.perf_counter() - t0
    stats.seconds = time.perf_counter() - started
    return corpus


def duckdb_connection(store: Store) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that spills to the store instead of growing past 2 GB."""
    con = duckdb.connect()
    con.execute("SET memory_limit = '2GB'")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET temp_directory = '{store.root / 'duckdb-tmp'}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def _clean_texts(store: Store, keys: list[str]) -> dict[str, str]:
    con = duckdb_connection(store)
    con.register("wanted", pa.table({"key": keys}))
    rows = con.execute(
        f"SELECT key, clean_text FROM read_parquet('{store.glob('text')}') JOIN wanted USING (key)"
    ).fetchall()
    con.close()
    return dict(rows)


def _write_corpus_tables(
    store: Store, directory: Path, load: LoadResult, options: BuildOptions, mention_kind: str | None, label: str
) -> None:
    tmp = directory.with_name(directory.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    meta = pa.table(
        {
            "id": [a.id for a in load.articles],
            "month": [a.month for a in load.articles],
            "title": [a.title for a in load.articles],
            "source": [a.source for a in load.articles],
            "source_file": [a.source_file for a in load.articles],
            "key": [a.content_key for a in load.articles],
        }
    )
    con = duckdb_connection(store)
    con.register("meta", meta)
    con.execute(
        f"""CREATE TABLE joined AS
        SELECT m.*, t.clean_text, t.n_tokens, t.n_terms, t.removed_chars, t.removals, t.text_hash, t.minhash
        FROM meta m JOIN read_parquet('{store.glob('text')}') t USING (key)"""
    )
    dup_input = con.execute("SELECT id, month, text_hash, minhash FROM joined").df()
    con.register("dups", find_duplicates(dup_input))
    con.execute(
        f"COPY (SELECT id, month, clean_text, removals FROM joined ORDER BY month, id) TO '{tmp / 'texts.parquet'}' (FORMAT parquet, COMPRESSION zstd)"
    )
    extra = list(options.normalised_stopwords())
    con.register("extra_stop", pa.table({"w": pa.array(extra, pa.string())}))
    for kind in ("terms", "bigrams"):
        # An extra stopword removes its term and every bigram containing it.
        stop_clause = (
            "WHERE t.term NOT IN (SELECT w FROM extra_stop)"
            if kind == "terms"
            else "WHERE split_part(t.term, ' ', 1) NOT IN (SELECT w FROM extra_stop) AND split_part(t.term, ' ', 2) NOT IN (SELECT w FROM extra_stop)"
        )
        con.execute(
            f"""COPY (
                SELECT m.id, m.month, t.term, t.count
                FROM meta m JOIN read_parquet('{store.glob(kind)}') t USING (key) {stop_clause}
                ORDER BY m.month, m.id, t.term
            ) TO '{tmp / (kind + '.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 500000)"""
        )
        con.execute(
            f"""COPY (
                SELECT t.month, t.term, sum(t.count)::BIGINT AS count, count(*)::INTEGER AS articles,
                       coalesce(sum(t.count) FILTER (WHERE d.id IS NULL), 0)::BIGINT AS count_unique,
                       count(*) FILTER (WHERE d.id IS NULL)::INTEGER AS articles_unique
                FROM read_parquet('{tmp / (kind + '.parquet')}') t LEFT JOIN dups d USING (id)
                GROUP BY t.month, t.term ORDER BY t.month, t.term
            ) TO '{tmp / ('month_' + kind + '.parquet')}' (FORMAT parquet)"""
        )
    if mention_kind and store.segment_files(mention_kind):
        mentions = con.execute(
            f"""SELECT m.id AS article_id, m.month, t.start, t."end", t.surface, t.type, t.confidence, t.preceding
                FROM meta m JOIN read_parquet('{store.glob(mention_kind)}') t USING (key)
                ORDER BY m.month, m.id, t.start"""
        ).df()
    else:
        mentions = pd.DataFrame(
            {c: pd.Series(dtype=d) for c, d in [("article_id", str), ("month", str), ("start", "int32"), ("end", "int32"), ("surface", str), ("type", str), ("confidence", "float32"), ("preceding", str)]}
        )
    merged = canonicalise(mentions)
    pq.write_table(
        pa.Table.from_pandas(entity_forms(merged), schema=ENTITY_FORMS_SCHEMA, preserve_index=False),
        tmp / "entity_forms.parquet",
    )
    merged = merged.rename(columns={"article_id": "id"})
    pq.write_table(
        pa.Table.from_pandas(merged[MENTIONS_SCHEMA.names], schema=MENTIONS_SCHEMA, preserve_index=False),
        tmp / "mentions.parquet",
    )
    con.execute(
        f"""COPY (
            WITH tc AS (SELECT id, count(*) AS distinct_terms FROM read_parquet('{tmp / 'terms.parquet'}') GROUP BY id),
                 mc AS (SELECT id, count(*) AS entity_mentions FROM read_parquet('{tmp / 'mentions.parquet'}') GROUP BY id)
            SELECT j.id, j.month, j.title, j.source, j.source_file, j.key, j.n_tokens, j.n_terms,
                   coalesce(tc.distinct_terms, 0)::INTEGER AS distinct_terms,
                   coalesce(mc.entity_mentions, 0)::INTEGER AS entity_mentions,
                   j.removed_chars, d.duplicate_of, d.duplicate_kind, d.similarity
            FROM joined j LEFT JOIN dups d USING (id) LEFT JOIN tc USING (id) LEFT JOIN mc USING (id)
            ORDER BY j.month, j.id
        ) TO '{tmp / 'articles.parquet'}' (FORMAT parquet)"""
    )
    con.close()
    report = {
        "corpus": label,
        "fingerprint": directory.name,
        "pipeline_version": PIPELINE_VERSION,
        "entities": mention_kind is not None,
        "extra_stopwords": extra,
        "articles": len(load.articles),
        "skipped": [asdict(s) for s in load.skipped],
        "notes": [asdict(n) for n in load.notes],
    }
    (tmp / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if directory.exists():
        import shutil

        shutil.rmtree(directory)
    tmp.replace(directory)
