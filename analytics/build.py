"""Build a corpus into the store: per-article work once, then the corpus tables.

``build_corpus`` does, in order:

1. load the corpus (skipped files are kept for the report);
2. run :func:`analytics.pipeline.process_texts` on every body not yet in the store, in parallel
   batches, one Parquet segment per batch;
3. run the recogniser on every cleaned body without mentions for that recogniser version;
4. write every table of :data:`analytics.store.CORPUS_TABLES` into
   ``corpora/<fingerprint>/corpus.duckdb`` unless a sound one exists already (a damaged one is
   rebuilt), including the TF-IDF keyword tables, so queries only read;
5. write this load's report (label, skipped files, notes) to ``corpora/<fingerprint>/loads/``.

The fingerprint covers the article ids, months, titles, sources, source files and bodies, the
store and recogniser versions and the extra stopwords, so an unchanged corpus reuses every table,
and two corpora that load the same articles from different files keep their own reports.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from bisect import bisect_right
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from .articles import describe_removals, removal_rows
from .corpus import CorpusError, LoadResult, load_corpus
from .cooccurrence import sentence_starts
from .dataset import BuiltCorpus, Tables, check_corpus_file
from .duplicates import find_duplicates
from .entities import forms_sql
from .entity_merge import main_types, mention_votes, resolve_in_articles, resolve_keys
from .keyness import month_keyness_table
from .keywords import TERM_TOTALS_SQL, month_keyword_table
from .quotes import fill_quote_tables
from .pipeline import MENTION_FORMAT, PIPELINE_VERSION, process_texts, recognise_texts
from .store import (
    CORPUS_FILE, CORPUS_TABLES, STORE_VERSION, Store, StoreError, create_table_sql, default_store_dir, duckdb_type, recogniser_tag,
    sql_string,
)
from .terms import TOP_CANDIDATES
from .tokenize import default_stopwords, normalise_token

BATCH_SIZE = 1000
#: Below this many articles to process, worker processes cost more than they save.
PARALLEL_MIN = 400
Progress = Callable[[str, int, int], None]


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
    parent: str | None = None
    added: int = 0
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
    """Names the corpus tables: every article's id, month, title, source, source file and body
    key, plus the store version, recogniser version and extra stopwords."""
    h = hashlib.sha1()
    h.update(f"store={STORE_VERSION};ner={recogniser_version};stop={options.normalised_stopwords()}".encode())
    for a in sorted(load.articles, key=lambda a: a.id):
        h.update("\x1f".join((a.id, a.month, a.title, a.source, a.source_file, a.content_key)).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:20]


def load_report(load: LoadResult, label: str) -> dict:
    """What this load of the corpus read and skipped (kept per load, beside the corpus tables)."""
    return {
        "corpus": label,
        "articles": len(load.articles),
        "skipped": [asdict(s) for s in load.skipped],
        "notes": [asdict(n) for n in load.notes],
    }


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
    loaded. Concurrent builds into one store wait for each other (the store's build lock).
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

    with store.lock():
        t0 = time.perf_counter()
        missing = sorted(set(bodies) - store.cached_keys("text"))
        stats.processed = len(missing)
        for text_t, terms_t, bigrams_t in runner(
            _text_job, [(k, bodies[k]) for k in missing], workers, options.batch_size, progress, "Cleaning and counting"
        ):
            batch = text_t.column("key")[0].as_py()[:16]
            # text last: a batch whose text segment exists is complete (see Store.cached_keys)
            store.write_segment("terms", terms_t, batch)
            store.write_segment("bigrams", bigrams_t, batch)
            store.write_segment("text", text_t, batch)
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
            # the mention format is in the name too: segments written in an older layout are not mixed in
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
        if (directory / CORPUS_FILE).exists():
            try:
                check_corpus_file(directory / CORPUS_FILE)
                stats.reused_tables = True
            except StoreError:
                shutil.rmtree(directory, ignore_errors=True)
        if not stats.reused_tables:
            t0 = time.perf_counter()
            _write_corpus_tables(store, directory, load, options, mention_kind, stats)
            stats.timings["tables"] = time.perf_counter() - t0 - stats.timings.get("keywords", 0.0)
        report = write_load_report(directory, load_report(load, label))
    stats.seconds = time.perf_counter() - started
    return BuiltCorpus(directory, report=report, stats=stats)


def write_load_report(directory: Path, report: dict) -> Path:
    """``loads/<hash>.json``: one file per distinct load report, written atomically."""
    data = json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    path = directory / "loads" / f"{hashlib.sha1(data).hexdigest()[:16]}.json"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def duckdb_connection(store: Store, database: str | Path = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that spills to the store instead of growing past 2 GB."""
    con = duckdb.connect(str(database))
    con.execute("SET memory_limit = '2GB'")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET temp_directory = {sql_string(store.temp_dir)}")
    return con


def _clean_texts(store: Store, keys: list[str]) -> dict[str, str]:
    con = duckdb_connection(store)
    con.register("wanted", pa.table({"key": keys}))
    rows = con.execute(
        f"SELECT key, clean_text FROM read_parquet({sql_string(store.glob('text'))}) JOIN wanted USING (key)"
    ).fetchall()
    con.close()
    return dict(rows)


def _insert(con: duckdb.DuckDBPyConnection, name: str, select: str, params: list | None = None) -> None:
    """Fill a declared table (:data:`analytics.store.CORPUS_TABLES`) in its declared order."""
    table = CORPUS_TABLES[name]
    cols = ", ".join(f'"{c}"' for c in table.schema.names)
    order = f" ORDER BY {', '.join(table.order)}" if table.order else ""
    con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM ({select}){order}", params or [])


def _write_corpus_tables(
    store: Store, directory: Path, load: LoadResult, options: BuildOptions, mention_kind: str | None, stats: BuildStats
) -> None:
    """Write ``corpus.duckdb`` with every table of :data:`CORPUS_TABLES` into a temporary folder,
    then rename it into place.

    When the store holds a corpus built the same way whose articles are all in this load
    (:func:`find_parent`), its file is copied and only the added articles are written into it
    (:func:`_update_tables`); otherwise the tables start empty and every article is added. Both
    give the same tables (``tests/test_store.py``)."""
    tmp = store.new_temp_path(directory)
    tmp.mkdir(parents=True)
    try:
        loaded = _loaded_table(load)
        parent = find_parent(store, directory, loaded, options, mention_kind)
        if parent is not None:
            shutil.copyfile(parent / CORPUS_FILE, tmp / CORPUS_FILE)
            stats.parent = parent.name
        con = duckdb_connection(store, tmp / CORPUS_FILE)
        if parent is None:
            for table in CORPUS_TABLES.values():
                con.execute(create_table_sql(table))
        _update_tables(con, store, loaded, options, mention_kind, stats)
        con.execute("CHECKPOINT")
        con.close()
        tmp.rename(directory)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _build_meta(options: BuildOptions, mention_kind: str | None) -> dict[str, str]:
    """What must match for one corpus's tables to grow into another's."""
    return {
        "store_version": STORE_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "entities": json.dumps(mention_kind is not None),
        "mention_kind": mention_kind or "",
        "extra_stopwords": json.dumps(list(options.normalised_stopwords()), ensure_ascii=False),
    }


def find_parent(store: Store, directory: Path, loaded: pa.Table, options: BuildOptions, mention_kind: str | None) -> Path | None:
    """The largest sound corpus of this store built with the same versions, recogniser and extra
    stopwords whose articles (id, month, title, source, source file and body) are all in ``loaded``
    (:func:`_loaded_table`); ``None`` when there is none."""
    wanted = _build_meta(options, mention_kind)
    best, best_n = None, 0
    for candidate in store.corpora.iterdir():
        path = candidate / CORPUS_FILE
        if candidate == directory or candidate.name.startswith(".") or not path.exists():
            continue
        try:
            check_corpus_file(path)
            con = duckdb.connect(str(path), read_only=True)
        except (StoreError, duckdb.Error):
            continue
        try:
            meta = dict(con.execute("SELECT name, value FROM meta").fetchall())
            if any(meta.get(k) != v for k, v in wanted.items()):
                continue
            con.register("loaded", loaded)
            n, matched = con.execute(
                """SELECT count(*), count(l.id) FROM articles a LEFT JOIN loaded l
                   ON a.id = l.id AND a.month = l.month AND a.title = l.title AND a.source = l.source
                      AND a.source_file = l.source_file AND a.key = l.key"""
            ).fetchone()
        finally:
            con.close()
        if n == matched and best_n < n < loaded.num_rows:
            best, best_n = candidate, n
    return best


def _loaded_table(load: LoadResult) -> pa.Table:
    return pa.table(
        {
            "id": [a.id for a in load.articles],
            "month": [a.month for a in load.articles],
            "title": [a.title for a in load.articles],
            "source": [a.source for a in load.articles],
            "source_file": [a.source_file for a in load.articles],
            "key": [a.content_key for a in load.articles],
        }
    )


def _apply_delta(con, table: str, delta: str, keys: tuple[str, ...], present: str) -> None:
    """Add the rows of temp table ``delta`` (same columns as ``table``, one row per ``keys``,
    signed numbers, NULL for 0) to ``table``, matching on ``keys``; a row whose ``present``
    column sums to 0 goes."""
    cols = CORPUS_TABLES[table].schema.names
    values = [c for c in cols if c not in keys]
    if not con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall():
        # Empty table (a new corpus): the sums are delta's own rows; no join, no second grouping.
        filled = ", ".join(f'coalesce("{c}", 0)::{duckdb_type(CORPUS_TABLES[table].schema.field(c).type)} AS "{c}"' for c in values)
        _insert(con, table, f'SELECT * FROM (SELECT {", ".join(keys)}, {filled} FROM {delta}) WHERE "{present}" > 0')
        return
    on = " AND ".join(f't."{k}" = d."{k}"' for k in keys)
    key_list = ", ".join(f'"{k}"' for k in keys)
    sums = ", ".join(f'coalesce(sum("{c}"), 0)::{duckdb_type(CORPUS_TABLES[table].schema.field(c).type)} AS "{c}"' for c in values)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE summed AS
            SELECT {key_list}, {sums} FROM (
                SELECT t.* FROM {table} t SEMI JOIN {delta} d ON {on}
                UNION ALL BY NAME SELECT * FROM {delta}) GROUP BY {key_list}"""
    )
    con.execute(f"DELETE FROM {table} t USING {delta} d WHERE {on}")
    _insert(con, table, f'SELECT * FROM summed WHERE "{present}" > 0')
    con.execute("DROP TABLE summed")


def _update_tables(con, store: Store, loaded: pa.Table, options: BuildOptions, mention_kind: str | None, stats: BuildStats) -> None:
    """Bring the corpus tables on ``con`` (empty, or a parent corpus's) to the ``loaded`` articles
    (:func:`_loaded_table`).

    Per-article rows are added for the articles not yet in ``articles``. Duplicates are found
    again over every article (an added article can make an older one a copy); month tables get
    the added articles' counts plus the unique-count changes of articles whose duplicate flag
    changed. Entity tables are canonicalised again over every mention (corpus-level votes, see
    :mod:`analytics.entity_merge`). Tables over the whole corpus (top-term candidates, totals,
    month keywords and keyness, meta) are recomputed from the month tables."""
    con.register("loaded", loaded)
    con.execute("CREATE TEMP TABLE added AS SELECT l.* FROM loaded l ANTI JOIN articles a USING (id)")
    stats.added = con.execute("SELECT count(*) FROM added").fetchone()[0]
    text_glob = sql_string(store.glob("text"))
    con.execute(
        f"""CREATE TEMP TABLE joined AS
        SELECT m.*, t.clean_text, t.n_tokens, t.n_terms, t.removed_chars, t.removals
        FROM added m JOIN read_parquet({text_glob}) t USING (key)"""
    )
    dup_input = con.execute(
        f"SELECT m.id, m.month, t.text_hash, t.minhash FROM loaded m JOIN read_parquet({text_glob}) t USING (key)"
    ).df()
    con.register("dups", find_duplicates(dup_input))
    # Articles already stored whose duplicate flag changed (an earlier copy was added).
    con.execute(
        """CREATE TEMP TABLE changed AS
           SELECT a.id, a.month, a.duplicate_of IS NULL AS old_unique, d.id IS NULL AS new_unique,
                  d.duplicate_of, d.duplicate_kind, d.similarity
           FROM articles a LEFT JOIN dups d USING (id)
           WHERE a.duplicate_of IS DISTINCT FROM d.duplicate_of OR a.duplicate_kind IS DISTINCT FROM d.duplicate_kind
              OR a.similarity IS DISTINCT FROM d.similarity"""
    )
    # Signed contributions to the month tables: +1 for an added article; for a changed one -1
    # with its old flag and +1 with its new one (so only the unique columns move).
    con.execute(
        """CREATE TEMP TABLE contrib AS
           SELECT a.id, 1 AS sign, d.id IS NULL AS is_unique FROM added a LEFT JOIN dups d USING (id)
           UNION ALL SELECT id, -1, old_unique FROM changed WHERE old_unique <> new_unique
           UNION ALL SELECT id, 1, new_unique FROM changed WHERE old_unique <> new_unique"""
    )
    _insert(con, "texts", "SELECT id, month, clean_text, removals FROM joined")
    cleaning = con.execute("SELECT id, month, removals FROM joined ORDER BY month, id").fetchall()
    con.register("cleaning", pd.DataFrame([(i, describe_removals(r)) for i, _, r in cleaning], columns=["id", "cleaning"]))
    con.register("removal_rows", removal_rows(cleaning))
    _insert(con, "removals", "SELECT * FROM removal_rows")
    extra = list(options.normalised_stopwords())
    con.register("extra_stop", pa.table({"w": pa.array(extra, pa.string())}))
    for kind in ("terms", "bigrams"):
        # An extra stopword removes its term and every bigram containing it.
        stop_clause = (
            "WHERE t.term NOT IN (SELECT w FROM extra_stop)"
            if kind == "terms"
            else "WHERE split_part(t.term, ' ', 1) NOT IN (SELECT w FROM extra_stop) AND split_part(t.term, ' ', 2) NOT IN (SELECT w FROM extra_stop)"
        )
        _insert(
            con, kind,
            f"""SELECT m.id, m.month, t.term, t.count
                FROM added m JOIN read_parquet({sql_string(store.glob(kind))}) t USING (key) {stop_clause}""",
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE delta AS
                SELECT t.month, t.term, sum(c.sign * t.count) AS count, sum(c.sign) AS articles,
                       sum(c.sign * t.count) FILTER (WHERE c.is_unique) AS count_unique,
                       sum(c.sign) FILTER (WHERE c.is_unique) AS articles_unique
                FROM {kind} t JOIN contrib c USING (id) GROUP BY t.month, t.term"""
        )
        _apply_delta(con, f"month_{kind}", "delta", ("month", "term"), "articles")
    con.execute("DELETE FROM month_top_terms")
    bounds = {}
    for kind in ("terms", "bigrams"):
        # The first TOP_CANDIDATES terms by total count (ties by term) and the total of the next
        # one (the largest total left out); a top-N query, not a sort of every term.
        ranked = con.execute(
            f"SELECT term, sum(count) AS total FROM month_{kind} GROUP BY term ORDER BY total DESC, term LIMIT {TOP_CANDIDATES + 1}"
        ).fetchall()
        con.register("candidates", pa.table({"term": pa.array([t for t, _ in ranked[:TOP_CANDIDATES]], pa.string())}))
        _insert(
            con, "month_top_terms",
            f"""SELECT '{kind}' AS kind, m.* FROM month_{kind} m
                WHERE m.term IN (SELECT term FROM candidates)""",
        )
        con.unregister("candidates")
        bounds[f"candidate_bound_{kind}"] = str(ranked[TOP_CANDIDATES][1] if len(ranked) > TOP_CANDIDATES else 0)
    _update_entity_tables(con, store, mention_kind)
    _insert(
        con, "articles",
        """WITH tc AS (SELECT id, count(*) AS distinct_terms FROM terms SEMI JOIN added USING (id) GROUP BY id),
                mc AS (SELECT id, count(*) AS entity_mentions FROM mentions SEMI JOIN added USING (id) GROUP BY id)
            SELECT j.id, j.month, j.title, j.source, j.source_file, j.key, j.n_tokens, j.n_terms,
                   coalesce(tc.distinct_terms, 0)::INTEGER AS distinct_terms,
                   coalesce(mc.entity_mentions, 0)::INTEGER AS entity_mentions,
                   j.removed_chars, coalesce(cl.cleaning, '') AS cleaning, d.duplicate_of, d.duplicate_kind, d.similarity
            FROM joined j LEFT JOIN dups d USING (id) LEFT JOIN tc USING (id) LEFT JOIN mc USING (id)
                 LEFT JOIN cleaning cl USING (id)""",
    )
    con.execute(
        """UPDATE articles SET duplicate_of = c.duplicate_of, duplicate_kind = c.duplicate_kind, similarity = c.similarity
           FROM changed c WHERE articles.id = c.id"""
    )
    for temp in ("joined", "changed", "contrib", "delta"):
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    con.execute("DELETE FROM term_totals")
    _insert(con, "term_totals", TERM_TOTALS_SQL)
    t0 = time.perf_counter()
    tables = Tables(con, Path("corpus being built"))
    derived = {
        "month_keywords": lambda duplicates: month_keyword_table(tables, duplicates),
        "month_keyness": lambda duplicates: month_keyness_table(tables, duplicates),
    }
    has_duplicates = len(con.execute("SELECT 1 FROM articles WHERE duplicate_of IS NOT NULL LIMIT 1").fetchall()) > 0
    for name in derived:
        con.execute(f"DELETE FROM {name}")
    for duplicates in ("keep", "drop"):
        for name, compute in derived.items():
            if duplicates == "drop" and not has_duplicates:
                # without duplicates both reference sets are the same articles
                cols = ", ".join(f'"{c}"' for c in CORPUS_TABLES[name].schema.names if c != "duplicates")
                _insert(con, name, f"SELECT 'drop' AS duplicates, {cols} FROM {name} WHERE duplicates = 'keep'")
                continue
            con.register("computed", compute(duplicates).assign(duplicates=duplicates))
            _insert(con, name, "SELECT * FROM computed")
            con.unregister("computed")
    stats.timings["keywords"] = time.perf_counter() - t0
    meta = {**_build_meta(options, mention_kind), **bounds, "complete": "1"}
    con.execute("DELETE FROM meta")
    con.register("meta_rows", pd.DataFrame({"name": list(meta), "value": list(meta.values())}))
    _insert(con, "meta", "SELECT * FROM meta_rows")


def sentence_numbers(mentions: pd.DataFrame, texts: dict[str, str]) -> list[int]:
    """The sentence (0-based, :func:`analytics.cooccurrence.sentence_starts`) of each mention
    (columns article_id, start) in its article's cleaned text."""
    starts: dict[str, list[int]] = {}
    out = []
    for article, start in zip(mentions["article_id"], mentions["start"]):
        if article not in starts:
            starts[article] = sentence_starts(texts[article])
        out.append(bisect_right(starts[article], int(start)) - 1)
    return out


def _update_entity_tables(con, store: Store, mention_kind: str | None) -> None:
    """Add the new articles' mentions and votes, then label every mention with the corpus's votes.

    Rules 1-4 of :mod:`analytics.entity_merge` look at one article: they run on the added
    articles' mentions only, and their results (``name``, ``key``, ``candidate``,
    ``local_rule``, ``role``) are kept per mention. Their votes are added to ``entity_votes``
    (sums, so the order of adding does not matter). Rules 4 (corpus half) to 8 run on the summed
    votes (:func:`~analytics.entity_merge.resolve_keys`, one row per key), and every mention
    gets its entity, type and rule from them in SQL: nothing is tagged or resolved again."""
    if mention_kind and store.segment_files(mention_kind):
        new = con.execute(
            f"""SELECT m.id AS article_id, m.month, t.start, t."end", t.surface, t.type, t.confidence, t.preceding
                FROM added m JOIN read_parquet({sql_string(store.glob(mention_kind))}) t USING (key)
                ORDER BY m.month, m.id, t.start"""
        ).df()
    else:
        new = pd.DataFrame(
            {c: pd.Series(dtype=d) for c, d in [("article_id", str), ("month", str), ("start", "int32"), ("end", "int32"),
                                                ("surface", str), ("type", str), ("confidence", "float32"), ("preceding", str)]}
        )
    if len(new):
        new["sentence"] = sentence_numbers(new, dict(con.execute("SELECT id, clean_text FROM joined").fetchall()))
        resolved = resolve_in_articles(new).rename(columns={"article_id": "id"})
        resolved["entity"] = resolved["entity_type"] = resolved["rule"] = ""  # labelled below
        con.register("resolved", resolved[CORPUS_TABLES["mentions"].schema.names])
        _insert(con, "mentions", "SELECT * FROM resolved")
        con.register("new_votes", mention_votes(resolved.rename(columns={"id": "article_id"})))
        vote_keys = ", ".join(CORPUS_TABLES["entity_votes"].schema.names[:-2])
        con.execute(
            f"""CREATE TEMP TABLE summed_votes AS
                SELECT {vote_keys}, sum(mentions)::BIGINT AS mentions, round(sum(votes), 9) AS votes
                FROM (SELECT * FROM entity_votes UNION ALL BY NAME SELECT * FROM new_votes) GROUP BY ALL"""
        )
        con.execute("DELETE FROM entity_votes")
        _insert(con, "entity_votes", "SELECT * FROM summed_votes")
        con.execute("DROP TABLE summed_votes")
    votes = con.execute("SELECT * FROM entity_votes").df()
    if len(votes):
        main = main_types(votes)
        con.register("main_type", pd.DataFrame({"key": list(main), "main": list(main.values())}))
        con.register("resolved_keys", resolve_keys(votes)[["key", "join_rule", "entity", "entity_type"]])
        # As analytics.entity_merge.canonicalise: a candidate whose main type is PER takes the
        # mention (rule 4, corpus half), then the key's entity and the rule that joined it.
        con.execute(
            """CREATE TEMP TABLE labelled AS
               WITH p AS (SELECT m.* EXCLUDE (entity, entity_type, rule), coalesce(t.main = 'PER', FALSE) AS promoted
                          FROM mentions m LEFT JOIN main_type t ON m.candidate <> '' AND t.key = m.candidate),
                    e AS (SELECT p.*, CASE WHEN promoted THEN concat_ws('+', nullif(local_rule, ''), 'surname_article')
                                      ELSE local_rule END AS steps
                          FROM p)
               SELECT e.* EXCLUDE (promoted, steps), k.entity, k.entity_type,
                      CASE WHEN e.steps <> '' OR k.join_rule <> '' THEN concat_ws('+', nullif(e.steps, ''), nullif(k.join_rule, ''))
                           WHEN e.name = k.entity THEN 'name' ELSE 'case' END AS rule
               FROM e LEFT JOIN resolved_keys k ON k.key = CASE WHEN e.promoted THEN e.candidate ELSE e.key END"""
        )
        unlabelled = con.execute("SELECT count(*) FROM labelled WHERE entity IS NULL").fetchone()[0]
        if unlabelled:
            raise StoreError(f"{unlabelled} mentions have no entity: the corpus's entity votes do not cover them")
        con.execute("DELETE FROM mentions")
        _insert(con, "mentions", "SELECT * FROM labelled")
        con.execute("DROP TABLE labelled")
    for table in ("entity_forms", "month_entities", "month_entity_forms", "month_entity_roles"):
        con.execute(f"DELETE FROM {table}")
    _insert(con, "entity_forms", forms_sql())
    # Quote speakers are canonical entities, which adding articles can change: found again.
    con.execute("DELETE FROM quotes")
    fill_quote_tables(con)
    _insert(
        con, "month_entities",
        """SELECT m.month, m.entity, m.entity_type AS type, count(*)::BIGINT AS mentions,
                  count(DISTINCT m.id)::INTEGER AS articles,
                  count(*) FILTER (WHERE d.id IS NULL)::BIGINT AS mentions_unique,
                  count(DISTINCT m.id) FILTER (WHERE d.id IS NULL)::INTEGER AS articles_unique
           FROM mentions m LEFT JOIN dups d USING (id) GROUP BY m.month, m.entity, m.entity_type""",
    )
    _insert(
        con, "month_entity_forms",
        """SELECT m.month, m.entity, m.entity_type AS type, m.surface, count(*)::BIGINT AS mentions,
                  count(*) FILTER (WHERE d.id IS NULL)::BIGINT AS mentions_unique
           FROM mentions m LEFT JOIN dups d USING (id) GROUP BY m.month, m.entity, m.entity_type, m.surface""",
    )
    _insert(
        con, "month_entity_roles",
        """SELECT m.month, m.entity, m.entity_type AS type, m.role, count(*)::BIGINT AS mentions,
                  count(DISTINCT m.id)::INTEGER AS articles,
                  count(*) FILTER (WHERE d.id IS NULL)::BIGINT AS mentions_unique,
                  count(DISTINCT m.id) FILTER (WHERE d.id IS NULL)::INTEGER AS articles_unique
           FROM mentions m LEFT JOIN dups d USING (id) WHERE m.role <> ''
           GROUP BY m.month, m.entity, m.entity_type, m.role""",
    )
