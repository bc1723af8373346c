import csv
import json
import subprocess
import sys

import pandas as pd

from analytics.build import BuildOptions, build_corpus
from analytics.export import TABLE_NAMES, csv_bytes, neutralise_cell
from tests.tiny import write_seed_corpus


def run_cli(*args, store):
    return subprocess.run(
        [sys.executable, "-m", "analytics", *map(str, args), "--store", str(store)],
        capture_output=True, text=True, timeout=300,
    )


def test_export_round_trip_with_a_bad_file(tmp_path):
    corpus = write_seed_corpus(tmp_path / "c")
    (corpus / "009_bad.txt").write_text("geen kop hier", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("export", corpus, "--out", out, "--no-entities", "--from", "2024-01", "--to", "2024-01", store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("exported 2 articles (Articles with month 2024-01) to")
    assert "skipped 009_bad.txt: no ' date YYYY-MM' header" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{n}.csv" for n in TABLE_NAMES] + ["manifest.json"])
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["filter"]["description"] == "Articles with month 2024-01"
    assert manifest["filter"]["query_params"] == {"from": "2024-01", "to": "2024-01"}
    assert manifest["filter"]["values"]["month_from"] == "2024-01" and manifest["filter"]["values"]["source"] == ""
    assert manifest["skipped"] == [{"file": "009_bad.txt", "reason": "no ' date YYYY-MM' header (file starts with 'geen kop hier')"}]
    terms = pd.read_csv(out / "terms_by_month.csv")
    assert terms.columns.tolist() == ["month", "term", "count", "per_10k", "articles"]
    assert terms[["month", "term", "count"]].values.tolist()[0] == ["2024-01", "kat", 2]
    # The files are exactly what the library's csv_bytes gives for the same tables.
    built = build_corpus(corpus, tmp_path / "s", options=BuildOptions(entities=False))
    from analytics.export import metric_tables
    from analytics.filters import FilterState

    tables = metric_tables(built, FilterState("2024-01", "2024-01"))
    for name, table in tables.items():
        assert (out / f"{name}.csv").read_bytes() == csv_bytes(table), name


def test_build_summary_line_and_cache_reuse(tmp_path):
    corpus = write_seed_corpus(tmp_path / "c")
    first = run_cli("build", corpus, "--no-entities", store=tmp_path / "s")
    assert first.returncode == 0, first.stderr
    assert "3 articles (0 skipped, 0 duplicates), 3 processed, 0 reused from the store, 14 tokens, 5 distinct terms" in first.stdout
    (corpus / "004_d.txt").write_text(" date 2024-03 Een nieuwe kat.", encoding="utf-8")
    second = run_cli("build", corpus, "--no-entities", store=tmp_path / "s")
    assert "4 articles (0 skipped, 0 duplicates), 1 processed, 3 reused from the store" in second.stdout
    assert "tables: grown from corpus " in second.stdout and "by 1 added articles" in second.stdout
    third = run_cli("build", corpus, "--no-entities", store=tmp_path / "s")
    assert "tables: reused (the corpus is unchanged)" in third.stdout


def test_nothing_loadable_exits_non_zero(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_bytes(b"")
    result = run_cli("export", tmp_path / "c", "--out", tmp_path / "o", "--no-entities", store=tmp_path / "s")
    assert result.returncode == 1
    assert "no article could be loaded (1 skipped: x.txt: empty file)" in result.stderr
    missing = run_cli("build", tmp_path / "nope", store=tmp_path / "s")
    assert missing.returncode == 1 and "no such file or folder" in missing.stderr


def test_bad_filter_value_exits_2(tmp_path):
    result = run_cli("export", write_seed_corpus(tmp_path / "c"), "--out", tmp_path / "o", "--from", "2024-13", store=tmp_path / "s")
    assert result.returncode == 2 and "impossible month" in result.stderr


def test_formula_cells_are_neutralised(tmp_path):
    assert neutralise_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert [neutralise_cell(v) for v in ("+1", "-x", "@SUM", "\tx", "ok", 5, -3.0)] == ["'+1", "'-x", "'@SUM", "'\tx", "ok", 5, -3.0]
    data = pd.DataFrame({"title": ["=1+2", "Gewoon"], "n": [-1, 2]})
    rows = list(csv.reader(csv_bytes(data).decode().splitlines()))
    assert rows == [["title", "n"], ["'=1+2", "-1"], ["Gewoon", "2"]]


def test_csv_corpus_with_hostile_title_is_exported_safely(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text('id,date,text,title\nx1,2023-02-11,De kat zit.,"=cmd|\' /C calc\'!A0"\n', encoding="utf-8")
    out = tmp_path / "o"
    result = run_cli("export", path, "--out", out, "--no-entities", store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    articles = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8")))
    assert articles[0]["title"] == "'=cmd|' /C calc'!A0" and articles[0]["month"] == "2023-02"


def test_kwic_writes_every_line(tmp_path):
    corpus = write_seed_corpus(tmp_path / "c")
    out = tmp_path / "kwic" / "de.csv"
    result = run_cli("kwic", corpus, "de", "--out", out, "--no-entities", "--width", "20", "--sort", "right", "--stop", "kat",
                     store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("4 lines of 'de' in 2 articles (All articles · extra stopword kat) to")
    lines = pd.read_csv(out, keep_default_na=False)
    assert lines.columns.tolist() == ["left", "term", "right", "id", "month", "start"]
    assert lines[["id", "start"]].values.tolist() == [["003_c", 10], ["001_a", 0], ["003_c", 0], ["001_a", 12]]
    bad = run_cli("kwic", corpus, "de", "--out", out, "--stop", "k4t", store=tmp_path / "s")
    assert bad.returncode == 2 and "--stop: only words" in bad.stderr
