"""The benchmark: ``python -m bench run --articles N [N ...] [--out DIR] [--browser]``.

For each size it generates the corpus (``bench.generate``, seed 0) and measures, in one run:

* ``reference_tfidf``: reading the files and ``sklearn TfidfVectorizer().fit_transform`` on them;
* ``build_full``: ``python -m analytics build`` with every metric, on an empty store (wall time,
  peak resident memory of the process tree, tokens per second, and the time of each stage:
  load, text, entities, tables, keywords);
* ``build_no_entities``: the same with ``--no-entities`` on an empty store, and its ratio to the
  reference;
* ``rerun_unchanged``: the full build again on the same store, and its share of ``build_full``;
* ``add_1pct``: 1% new articles added to the corpus, built on the same store, and its share;
* ``page_<name>``: p50 and p95 of a dashboard page's rerun after a filter change (Streamlit's
  AppTest keeps one session per page and sets the From and To month pickers to a new random range
  before each timed rerun, so the filtered views are recomputed; the corpus itself stays cached
  as in the running app);
* ``dashboard_rss``: resident memory of the process that ran all pages;
* with ``--browser``, what a person waits for (``bench.browser``, Debian's Chromium through
  Playwright): ``browser_<page>_p50/p95``, filter change to settled page, one session;
  ``concurrent_p95`` and ``concurrent_<page>_p95``, the same with ``--sessions`` sessions changing
  filters at once; ``dashboard_rss_browser`` and ``dashboard_rss_concurrent``, resident memory of
  the ``streamlit run`` process tree after each phase. Off by default: CI's smoke run stays fast.

Results go to ``OUT/results.csv`` (columns articles, measure, value, unit) and ``OUT/results.md``
and are printed. Benchmarks are not tests: CI runs only the smallest size, as a smoke check.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_run(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run ``cmd``; return (seconds, peak RSS of it and its children in MB, stdout)."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    ps = psutil.Process(proc.pid)

    def watch() -> None:
        nonlocal peak
        while proc.poll() is None:
            try:
                total = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    watcher.join()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return seconds, peak / 2**20, out.strip()


def _build(corpus: Path, store: Path, *extra: str) -> tuple[float, float, str]:
    cmd = [sys.executable, "-m", "analytics", "build", str(corpus), "--store", str(store), *extra]
    return _peak_rss_run(cmd)


def reference_tfidf_seconds(corpus: Path) -> float:
    """Read every article and fit scikit-learn's TfidfVectorizer with its defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    started = time.perf_counter()
    texts = [p.read_text("utf-8").split(" ", 3)[-1] for p in sorted(corpus.glob("*.txt"))]
    TfidfVectorizer().fit_transform(texts)
    return time.perf_counter() - started


def _stages(output: str) -> dict[str, float]:
    """Stage timings from the build's ``stages: load 1.2 s, text 3.4 s, ...`` line."""
    line = next((l for l in output.splitlines() if l.startswith("stages: ")), "stages: ")
    return {name: float(value) for name, value in (p.rsplit(" ", 2)[:2] for p in line[8:].split(", ") if p)}


def _tokens(summary_line: str) -> int:
    part = summary_line.split(" tokens")[0].rsplit(" ", 1)[-1]
    return int(part.replace(",", ""))


def measure_pages(corpus: Path, store: Path, repeats: int, seed: int = 0) -> dict:
    """Run in a fresh process: every page with ``repeats`` random month ranges (see module doc)."""
    env = dict(os.environ, NEWS_CORPUS=str(corpus), ANALYTICS_STORE=str(store))
    cmd = [sys.executable, "-m", "bench.pages", "--repeats", str(repeats), "--seed", str(seed)]
    _, _, out = _peak_rss_run(cmd, env=env)
    return json.loads(out.splitlines()[-1])


@dataclass(frozen=True)
class BrowserOptions:
    """The ``--browser`` phase of a run (see ``bench.browser``)."""

    repeats: int = 20
    sessions: int = 10
    concurrent_repeats: int = 5


def run_size(n: int, work: Path, repeats: int,
             browser: BrowserOptions | None = None) -> list[tuple[int, str, float, str]]:
    from bench.generate import generate_corpus

    corpus, extra_dir = work / f"corpus-{n}", work / f"extra-{n}"
    if not corpus.exists():
        generate_corpus(n, corpus, seed=0)
    for stale in corpus.glob("new_*.txt"):
        stale.unlink()
    rows: list[tuple[int, str, float, str]] = []

    def add(measure: str, value: float, unit: str) -> None:
        rows.append((n, measure, round(value, 3), unit))
        print(f"  {n:>7} {measure:<28} {value:>12.3f} {unit}", flush=True)

    print(f"[{n} articles]", flush=True)
    ref = reference_tfidf_seconds(corpus)
    add("reference_tfidf", ref, "s")

    store = work / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    seconds, peak, line = _build(corpus, store)
    add("build_full", seconds, "s")
    add("build_full_peak_rss", peak, "MB")
    add("build_full_tokens_per_s", _tokens(line) / seconds, "tokens/s")
    for stage, stage_seconds in _stages(line).items():
        add(f"build_full_stage_{stage}", stage_seconds, "s")

    store_ne = work / f"store-ne-{n}"
    shutil.rmtree(store_ne, ignore_errors=True)
    seconds_ne, peak_ne, line_ne = _build(corpus, store_ne, "--no-entities")
    shutil.rmtree(store_ne, ignore_errors=True)
    add("build_no_entities", seconds_ne, "s")
    add("build_no_entities_ratio_to_reference", seconds_ne / ref, "ratio")
    add("build_no_entities_tokens_per_s", _tokens(line_ne) / seconds_ne, "tokens/s")

    rerun, _, _ = _build(corpus, store)
    add("rerun_unchanged", rerun, "s")
    add("rerun_unchanged_share_of_full", 100 * rerun / seconds, "%")

    shutil.rmtree(extra_dir, ignore_errors=True)
    generate_corpus(max(1, n // 100), extra_dir, seed=1_000_003)
    for path in extra_dir.glob("*.txt"):
        shutil.copy(path, corpus / f"new_{path.name}")
    added, _, added_line = _build(corpus, store)
    add("add_1pct", added, "s")
    add("add_1pct_share_of_full", 100 * added / seconds, "%")
    for stage, stage_seconds in _stages(added_line).items():
        add(f"add_1pct_stage_{stage}", stage_seconds, "s")
    for path in corpus.glob("new_*.txt"):
        path.unlink()
    shutil.rmtree(extra_dir, ignore_errors=True)

    pages = measure_pages(corpus, store, repeats)
    for page, stats in pages["pages"].items():
        add(f"page_{page}_p50", stats["p50"] * 1000, "ms")
        add(f"page_{page}_p95", stats["p95"] * 1000, "ms")
    add("dashboard_rss", pages["rss_mb"], "MB")

    if browser:
        from bench.browser import measure_browser, summary_rows

        result = measure_browser(corpus=str(corpus), store=str(store), repeats=browser.repeats,
                                 sessions=browser.sessions, concurrent_repeats=browser.concurrent_repeats,
                                 log_dir=work)
        for measure, value, unit in summary_rows(result):
            add(measure, value, unit)
    return rows


def write_results(rows: list[tuple[int, str, float, str]], out: Path) -> str:
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame(rows, columns=["articles", "measure", "value", "unit"])
    table.to_csv(out / "results.csv", index=False)
    wide = table.assign(col=table["articles"].map(lambda n: f"{n:,} articles")).pivot_table(
        index=["measure", "unit"], columns="col", values="value", aggfunc="first", sort=False
    )
    cols = sorted(wide.columns, key=lambda c: int(c.split()[0].replace(",", "")))
    header = f"Benchmark run {date.today().isoformat()} on {platform.node()} ({os.cpu_count()} cores, {platform.python_version()})\n\n"
    lines = ["| measure | unit | " + " | ".join(cols) + " |", "|---|---|" + "---:|" * len(cols)]
    for (measure, unit), values in wide[cols].iterrows():
        cells = ["" if v != v else f"{v:,.3f}".rstrip("0").rstrip(".") for v in values]
        lines.append(f"| {measure} | {unit} | " + " | ".join(cells) + " |")
    md = header + "\n".join(lines) + "\n"
    (out / "results.md").write_text(md, encoding="utf-8")
    return md


def register(subparsers) -> None:
    p = subparsers.add_parser("run", help="measure build, rerun, incremental and page times at each size")
    p.add_argument("--articles", type=int, nargs="+", required=True, metavar="N")
    p.add_argument("--out", type=Path, default=Path("bench/results"), help="folder for results.csv and results.md")
    p.add_argument("--work", type=Path, help="folder for corpora and stores (default: OUT/work)")
    p.add_argument("--repeats", type=int, default=20, help="filter changes per page")
    p.add_argument("--browser", action="store_true",
                   help="also measure in Chromium: filter change to settled page, concurrent sessions, memory")
    p.add_argument("--browser-repeats", type=int, help="browser filter changes per page (default: --repeats)")
    p.add_argument("--sessions", type=int, default=10, help="concurrent browser sessions (with --browser)")
    p.add_argument("--concurrent-repeats", type=int, default=5, help="changes per concurrent session")
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    work = args.work or args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    browser = None
    if args.browser:
        from bench.browser import require_browser

        require_browser()
        browser = BrowserOptions(args.browser_repeats or args.repeats, args.sessions, args.concurrent_repeats)
    rows: list = []
    for n in args.articles:
        rows += run_size(n, work, args.repeats, browser)
    print(write_results(rows, args.out))
    return 0
