"""Smoke check of the benchmark at its smallest size (benchmarks are not tests: no timing asserted)."""

import csv
import subprocess
import sys

from tests.conftest import ROOT

MEASURES = {
    "reference_tfidf", "build_full", "build_full_peak_rss", "build_full_tokens_per_s", "build_no_entities",
    "build_no_entities_ratio_to_reference", "build_no_entities_tokens_per_s", "rerun_unchanged",
    "rerun_unchanged_share_of_full", "add_1pct", "add_1pct_share_of_full", "dashboard_rss",
}
PAGES = {"overview", "terms", "keywords", "entities", "articles"}


def test_bench_run_smallest_size(tmp_path):
    out = tmp_path / "results"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "run", "--articles", "1000", "--repeats", "2", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = list(csv.DictReader((out / "results.csv").open(encoding="utf-8")))
    assert {r["articles"] for r in rows} == {"1000"}
    measures = {r["measure"] for r in rows}
    expected = MEASURES | {f"page_{p}_{q}" for p in PAGES for q in ("p50", "p95")}
    assert expected <= measures, expected - measures
    # a build stage can take less than the 0.1 s the build prints (0.0), every other figure is positive
    assert all(float(r["value"]) > 0 for r in rows if "_stage_" not in r["measure"])
    assert all(float(r["value"]) >= 0 for r in rows)
    md = (out / "results.md").read_text("utf-8")
    assert "| build_full | s |" in md and "1,000 articles" in md
