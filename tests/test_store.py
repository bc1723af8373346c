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


GROW_A = {
    "001_a": ("2024-01", "Jan Peeters opent de brug. Peeters zegt dat de brug klaar is. De kat kijkt."),
    "002_b": ("2024-01", "Een hond blaft bij de brug in Gent. De hond slaapt."),
    "003_c": ("2024-02", "De NAVO vergadert in Gent. Jan Peeters is er niet."),
    "004_d": ("2024-02", "Peeters en de kat. De kat en de hond in Antwerpen."),
    "005_e": ("2024-03", "De NAVO en Antwerpen. Een brug, een kat, een hond."),
}
GROW_B = {
    "000_early": ("2023-12", GROW_A["003_c"][1]),  # an earlier copy: 003_c becomes its duplicate
    "006_f": ("2024-02", "Piet Peeters en de kat in Gent. De brug is dicht."),
    "007_g": ("2024-04", "Antwerpen en Gent. Jan Peeters spreekt de NAVO toe. Een nieuwe brug."),
    "008_h": ("2024-03", GROW_A["005_e"][1]),  # a later copy: a duplicate itself
}
GROW_NAMES = {"Jan Peeters": "PER", "Piet Peeters": "PER", "Peeters": "MISC", "NAVO": "ORG", "Gent": "LOC", "Antwerpen": "LOC"}


def all_table_rows(corpus: BuiltCorpus) -> dict[str, list[tuple]]:
    """Every declared table as sorted rows (floats rounded: sums may be added in another order)."""
    out = {}
    for name, table in CORPUS_TABLES.items():
        df = corpus.sql(f"SELECT * FROM {name}")
        for col in df.columns:
            if df[col].dtype.kind == "f":
                df[col] = df[col].round(9)
        out[name] = sorted(tuple(map(str, row)) for row in df.itertuples(index=False))
    return out


@pytest.mark.parametrize("extra_stopwords", [(), ("hond",)])
def test_adding_articles_equals_a_full_build_table_for_table(tmp_path, extra_stopwords):
    from tests.tiny import DictRecogniser, write_seed_corpus

    options = BuildOptions(extra_stopwords=extra_stopwords, workers=1)
    recogniser = DictRecogniser(GROW_NAMES)
    store = tmp_path / "store"
    first = build_corpus(write_seed_corpus(tmp_path / "a", GROW_A), store, options=options, recogniser=recogniser)
    assert first.stats.parent is None
    grown = build_corpus(write_seed_corpus(tmp_path / "ab", GROW_A | GROW_B), store, options=options, recogniser=recogniser)
    assert grown.stats.parent == first.directory.name and grown.stats.added == len(GROW_B)
    full = build_corpus(write_seed_corpus(tmp_path / "ab2", GROW_A | GROW_B), tmp_path / "fresh", options=options, recogniser=recogniser)
    assert full.stats.parent is None
    assert all_table_rows(grown) == all_table_rows(full)
    assert grown.sql("SELECT duplicate_of FROM articles WHERE id = '003_c'")["duplicate_of"].tolist() == ["000_early"]
    assert grown.sql("SELECT count(*) AS n FROM articles")["n"].tolist() == [len(GROW_A) + len(GROW_B)]


def test_a_corpus_with_other_articles_or_options_is_not_grown_from(tmp_path):
    store = tmp_path / "store"
    build_corpus(write_articles(tmp_path / "a", range(0, 10)), store, options=NO_NER)
    changed = write_articles(tmp_path / "b", range(0, 12))
    (changed / "000_x0.txt").write_text(" date 2024-01 Een andere tekst.", encoding="utf-8")  # a changed body
    assert build_corpus(changed, store, options=NO_NER).stats.parent is None
    other = BuildOptions(entities=False, workers=1, extra_stopwords=("kat0",))
    assert build_corpus(write_articles(tmp_path / "c", range(0, 12)), store, options=other).stats.parent is None


def test_entity_tables_in_sql_equal_canonicalise(tmp_path):
    """The build labels mentions in SQL from the summed votes; the result must be
    analytics.entity_merge.canonicalise (and entity_forms) on the same mentions."""
    import pandas as pd

    from analytics.entity_merge import canonicalise, entity_forms
    from tests.tiny import DictRecogniser, write_seed_corpus

    articles = GROW_A | GROW_B | {
        "009_i": ("2024-04", "Minister Peeters en Jan Peeters. De Peeters. NAVO's leger in Gent."),
        "010_j": ("2024-04", "Eva Michiels opent de zaak in Antwerpen."),
        "011_k": ("2024-05", "Michiels spreekt in Antwerpn."),  # a surname alone; a misspelt city
    }
    names = GROW_NAMES | {"Minister Peeters": "PER", "NAVO's": "ORG", "De Peeters": "LOC", "Eva Michiels": "PER",
                          "Michiels": "PER", "Antwerpn": "LOC"}
    corpus = build_corpus(write_seed_corpus(tmp_path / "c", articles), tmp_path / "s", options=BuildOptions(workers=1),
                          recogniser=DictRecogniser(names))
    segments = [p for p in Store(tmp_path / "s").segments.glob("mentions-*.parquet")]
    keys = corpus.sql("SELECT id, key FROM articles")
    seg = pd.concat([pd.read_parquet(p) for p in segments]).merge(keys, on="key").rename(columns={"id": "article_id"})
    expected = canonicalise(seg.sort_values(["article_id", "start"], ignore_index=True))
    got = corpus.sql('SELECT id AS article_id, start, surface, entity, entity_type, role, rule FROM mentions ORDER BY id, start')
    cols = ["article_id", "start", "surface", "entity", "entity_type", "role", "rule"]
    assert got[cols].values.tolist() == expected[cols].values.tolist()
    assert {"title", "surname_article", "surname_corpus", "spelling"} <= set(got["rule"])  # the rules are exercised
    forms = corpus.sql("SELECT * FROM entity_forms")
    want = entity_forms(expected)
    key = ["entity", "entity_type", "surface", "rule"]
    pd.testing.assert_frame_equal(
        forms.sort_values(key, ignore_index=True), want[forms.columns].sort_values(key, ignore_index=True), check_dtype=False
    )
