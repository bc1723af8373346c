"""The store is safe to share: concurrent builds, per-load reports, damaged files, odd paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.build import BuildOptions, build_corpus
from analytics.dataset import BuiltCorpus
from analytics.export import write_export
from analytics.store import CORPUS_FILE, CORPUS_TABLES, Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
NO_NER = BuildOptions(entities=False, workers=1)
WORDS = "kat hond vis paard koe geit schaap eend kip muis".split()


def write_articles(folder: Path, ids: range, *, bad: str | None = None) -> Path:
    """Seed-format articles with distinct bodies; ``bad`` adds one unreadable file of that name."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in ids:
        month = f"2024-{i % 12 + 1:02d}"
        body = " ".join(f"{WORDS[(i + j) % len(WORDS)]}{i % 7}" for j in range(30)) + f". Artikel nummer {i}."
        (folder / f"{i:03d}_x{i}.txt").write_text(f" date {month} {body}", encoding="utf-8")
    if bad:
        (folder / bad).write_text("no header here", encoding="utf-8")
    return folder


def export_files(corpus: BuiltCorpus, out: Path) -> dict[str, bytes]:
    write_export(corpus, out)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix == ".csv"}


def test_every_declared_table_is_in_the_corpus_file_and_queries_never_write(tmp_path):
    corpus = build_corpus(write_articles(tmp_path / "c", range(12)), tmp_path / "store", options=NO_NER)
    tables = set(corpus.sql("SELECT table_name FROM information_schema.tables")["table_name"])
    assert tables == set(CORPUS_TABLES)
    before = sorted((p.relative_to(corpus.directory), p.stat().st_mtime_ns) for p in corpus.directory.rglob("*"))
    export_files(corpus, tmp_path / "out")
    export_files(corpus, tmp_path / "out2")  # a second export reads the same tables
    after = sorted((p.relative_to(corpus.directory), p.stat().st_mtime_ns) for p in corpus.directory.rglob("*"))
    assert after == before


def test_two_overlapping_builds_at_once_equal_clean_builds(tmp_path):
    a = write_articles(tmp_path / "a", range(0, 60))
    b = write_articles(tmp_path / "b", range(30, 90))
    shared = tmp_path / "shared-store"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "analytics", "build", str(folder), "--store", str(shared), "--no-entities", "--workers", "1"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for folder in (a, b, a)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    for name, folder in (("a", a), ("b", b)):
        together = export_files(build_corpus(folder, shared, options=NO_NER), tmp_path / f"together-{name}")
        alone = export_files(build_corpus(folder, tmp_path / f"alone-{name}", options=NO_NER), tmp_path / f"alone-out-{name}")
        assert together == alone
        assert together["articles.csv"].count(b"\n") == 61  # header + 60 articles, not the union


def test_corpora_that_load_the_same_articles_keep_their_own_reports(tmp_path):
    store = tmp_path / "store"
    one = build_corpus(write_articles(tmp_path / "one", range(8), bad="900_one.txt"), store, options=NO_NER, label="one")
    two = build_corpus(write_articles(tmp_path / "two", range(8), bad="901_two.txt"), store, options=NO_NER, label="two")
    assert one.directory == two.directory  # same articles: the tables are shared
    assert [s["file"] for s in one.report["skipped"]] == ["900_one.txt"]
    assert [s["file"] for s in two.report["skipped"]] == ["901_two.txt"]
    assert (one.report["corpus"], two.report["corpus"]) == ("one", "two")


def test_same_articles_from_other_files_keep_their_own_source_file(tmp_path):
    store = tmp_path / "store"
    folder = build_corpus(write_articles(tmp_path / "f", range(4)), store, options=NO_NER)
    from analytics.corpus import load_bytes
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for p in sorted((tmp_path / "f").iterdir()):
            z.writestr(f"inner/{p.name}", p.read_bytes())
    zipped = build_corpus(load_bytes(buffer.getvalue(), "c.zip"), store, options=NO_NER, label="c.zip")
    sources = lambda c: c.sql("SELECT source_file FROM articles ORDER BY id")["source_file"].tolist()  # noqa: E731
    assert all("inner/" not in s for s in sources(folder))
    assert all("inner/" in s for s in sources(zipped))


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_corpus_file_is_rebuilt_and_named_when_opened(tmp_path, damage):
    folder = write_articles(tmp_path / "c", range(10))
    store = tmp_path / "store"
    first = build_corpus(folder, store, options=NO_NER)
    expected = export_files(first, tmp_path / "before")
    path = first.directory / CORPUS_FILE
    first._con.close()
    data = path.read_bytes()
    path.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"\0garbage" * 1000, "empty": b""}[damage])
    with pytest.raises(StoreError) as info:
        BuiltCorpus(first.directory)
    assert str(path) in str(info.value) and "rebuild" in str(info.value)
    again = build_corpus(folder, store, options=NO_NER)
    assert not again.stats.reused_tables
    assert export_files(again, tmp_path / "after") == expected


def test_a_truncated_segment_is_processed_again(tmp_path):
    folder = write_articles(tmp_path / "c", range(10))
    store_dir = tmp_path / "store"
    expected = export_files(build_corpus(folder, store_dir, options=NO_NER), tmp_path / "before")
    store = Store(store_dir)
    segment = store.segment_files("terms")[0]
    segment.write_bytes(segment.read_bytes()[:100])
    for corpus_dir in store.corpora.iterdir():
        import shutil

        shutil.rmtree(corpus_dir)
    again = build_corpus(folder, store_dir, options=NO_NER)
    assert again.stats.processed == 10
    assert export_files(again, tmp_path / "after") == expected


def test_a_store_path_with_quotes_works(tmp_path):
    corpus = build_corpus(write_articles(tmp_path / "c", range(5)), tmp_path / "it's a \"store\"", options=NO_NER)
    assert int(corpus.sql("SELECT count(*) AS n FROM articles")["n"].iloc[0]) == 5
