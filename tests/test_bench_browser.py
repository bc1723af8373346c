"""The browser benchmark (bench/browser.py): its rows, and that "settled" waits for the real end of a run.

Benchmarks are not tests: no speed is asserted. The throwaway-app test asserts only lower bounds
the measure must respect whatever the machine (a page that sleeps S seconds cannot settle sooner).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from bench.browser import CHROMIUM, BrowserResult, Change, app_pages, measure_browser, summary_rows
from tests.conftest import ROOT, require_browser

PAGES = ["overview", "terms", "keywords", "entities", "articles"]




def test_dashboard_pages_in_order():
    assert [(p.name, p.path) for p in app_pages(ROOT / "dashboard.py")] == [
        ("overview", ""), ("terms", "Terms"), ("keywords", "Keywords"), ("entities", "Entities"),
        ("articles", "Articles"), ("quotes", "Quotes")]


def test_summary_rows_by_hand():
    single = [Change("overview", "2020-01", 0.1, 0.2, s) for s in (0.3, 0.5, 0.4)]
    single += [Change("terms", "2020-01", 0.1, f, s) for f, s in ((0.5, 1.0), (1.9, 2.0))]
    concurrent = [Change("overview", "2020-02", 0.1, 0.2, s) for s in (1.0, 3.0)]
    cpu = {"browser": (3.0, 1.5), "concurrent": (20.0, 12.0)}
    rows = {m: (round(v, 6), u) for m, v, u in summary_rows(BrowserResult(single, concurrent, 400.0, 450.0, cpu))}
    assert rows["browser_overview_p50"] == (400.0, "ms")  # median of 0.3, 0.4, 0.5 s
    assert rows["browser_overview_p95"] == (490.0, "ms")  # 0.4 + 0.9 * (0.5 - 0.4), linear interpolation
    assert rows["browser_terms_p50"] == (1500.0, "ms")
    assert rows["concurrent_p95"] == rows["concurrent_overview_p95"] == (2900.0, "ms")
    assert rows["dashboard_rss_browser"] == (400.0, "MB")
    assert rows["dashboard_rss_concurrent"] == (450.0, "MB")
    assert rows["browser_overview_draw_p50"] == (200.0, "ms")  # settled - finished: 0.1, 0.3, 0.2 s
    assert rows["browser_terms_draw_p50"] == (300.0, "ms")  # mean of 0.5 and 0.1 s
    assert rows["concurrent_cpu_server"] == (20.0, "s") and rows["browser_cpu_chromium"] == (1.5, "s")


SLOW_APP = """
import os
import time

import streamlit as st

st.sidebar.selectbox("From month", ["2020-01", "2020-02", "2020-03", "2020-04"], key="w_from")
st.title("A deliberately slow page")
seconds = float(os.environ["BENCH_SLOW_SECONDS"])
if os.environ["BENCH_SLOW_WHERE"] == "middle":
    st.write("before the pause")
    time.sleep(seconds)
    st.write("after the pause", st.session_state.w_from)
else:
    st.write("everything drawn", st.session_state.w_from)
    time.sleep(seconds)
"""


@pytest.mark.parametrize("where, seconds", [
    ("middle", 1.2),  # an element stays stale and the running icon shows while the script sleeps
    ("end", 0.4),  # every element is redrawn at once and the icon never shows (< 0.5 s): only the
                   # script_finished message tells that the run is not over
])
def test_settled_waits_for_the_end_of_the_run(tmp_path, monkeypatch, where, seconds):
    require_browser(CHROMIUM)
    app = tmp_path / "slow_app.py"
    app.write_text(SLOW_APP, encoding="utf-8")
    monkeypatch.setenv("BENCH_SLOW_SECONDS", str(seconds))
    monkeypatch.setenv("BENCH_SLOW_WHERE", where)
    result = measure_browser(app, months=["2020-01", "2020-02", "2020-03", "2020-04"], repeats=3, sessions=0,
                             timeout_s=120, log_dir=tmp_path)
    assert len(result.single) == 3 and {c.page for c in result.single} == {"overview"}
    for c in result.single:
        # the run started after the choice, slept, finished; the page settled after that
        assert 0 < c.started < c.finished <= c.settled, c
        assert c.finished >= seconds and c.settled >= seconds, c
    assert result.rss_mb > 0


def test_browser_smoke_on_seeds(tmp_path):
    """The browser measure on the two seed articles: every row exists and is positive."""
    require_browser(CHROMIUM)
    out = tmp_path / "results"
    env = {**os.environ, "ANALYTICS_STORE": str(tmp_path / "store")}
    env.pop("NEWS_CORPUS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "browser", "--repeats", "2", "--sessions", "2", "--concurrent-repeats", "2",
         "--articles", "2", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {r["measure"]: r for r in csv.DictReader((out / "results.csv").open(encoding="utf-8"))}
    expected = {f"browser_{p}_{q}" for p in PAGES for q in ("p50", "p95")} | {
        "concurrent_p95", "concurrent_overview_p95", "concurrent_terms_p95", "dashboard_rss_browser",
        "dashboard_rss_concurrent", "browser_overview_draw_p50", "browser_cpu_server", "browser_cpu_chromium",
        "concurrent_cpu_server", "concurrent_cpu_chromium"}
    assert expected <= rows.keys(), expected - rows.keys()
    assert all(float(r["value"]) > 0 for r in rows.values()), rows
    assert {r["articles"] for r in rows.values()} == {"2"}
