"""What a person waits for: filter change to settled page in a real browser (``python -m bench browser``).

Starts ``streamlit run APP`` (default ``dashboard.py``) on the corpus ``$NEWS_CORPUS`` / ``--corpus``
and the store ``$ANALYTICS_STORE`` / ``--store``, opens the Overview once and waits until it has
settled (the first visit builds the corpus), then drives Debian's Chromium (headless, through
Playwright; no browser is downloaded) in two phases:

* **single session**: each page (Overview = the entry script, then ``pages/*.py``) is opened and,
  ``--repeats`` times, a new "From month" is chosen in the sidebar select box (random, seeded,
  always different from the current one); each change is timed until the page has settled.
* **concurrent**: ``--sessions`` browser contexts (separate Streamlit sessions) open the pages
  round-robin, wait for each other, then each changes the From month ``--concurrent-repeats``
  times back to back; every change is timed the same way.

**Settled** (checked in the page whenever the DOM changes or a websocket message arrives, and
confirmed at animation frames; the time is taken in the page, with ``performance.now()``):

1. the server has reported the end of a script run started after the choice: a ``script_finished``
   message (other than "finished early for a rerun") has arrived on the app's websocket after
   the pointer went down on the option;
2. no element is stale: nothing matches ``[data-stale="true"]`` (Streamlit marks an element of
   the previous run stale until the new run redraws or removes it);
3. the status widget is gone: no ``[data-testid="stStatusWidget"]`` except one that is fading out
   (class ``StatusWidget-exit*``; Streamlit shows the running icon only after 0.5 s of running and
   fades it out over 0.2 s, a fade no one waits for);
4. 1–3 hold at the first animation frame after they became true and still at the next one (so
   a React commit that is still pending cannot pass for a settled page).

The time of a change is from the ``pointerdown`` on the chosen option to the first frame of (4).
Nothing polls: a ``requestAnimationFrame`` loop in 10 pages cost Chromium about 0.45 CPU-seconds
per second here, taken from the server being measured.
Condition 1 makes the measure independent of how fast React paints the stale marks: a page
whose last element is drawn before a slow tail (no stale element, running icon not yet shown)
is still timed to the end of the run. ``tests/test_bench_browser.py`` checks this on a throwaway
app whose script sleeps.

Results: p50 and p95 per page (``browser_<page>_p50/p95``, ms) and the p50 of the part after the
server's ``script_finished`` arrived (``browser_<page>_draw_p50``, ms: the browser drawing); p95 of
all concurrent changes and per page (``concurrent_p95``, ``concurrent_<page>_p95``, ms); the
resident memory of the Streamlit process tree after the single-session walk and after the
concurrent phase (``dashboard_rss_browser``, ``dashboard_rss_concurrent``, MB, psutil); and the CPU
seconds the Streamlit tree and Chromium used while the changes of each phase ran, page loads
excluded (``browser_cpu_server``,
``browser_cpu_chromium``, ``concurrent_cpu_server``, ``concurrent_cpu_chromium``): the browser
shares the cores with the server it measures, and these show how much.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
FROM_LABEL = "From month"

#: Installed in every page before the app's own scripts: records, with ``performance.now()``, the
#: pointer going down on a select option and each ``new_session`` (a script run starts) and
#: ``script_finished`` (an enum) ForwardMsg arriving on the websocket. Only the top-level protobuf
#: field tags are read; the field numbers are taken from the installed Streamlit (``init_script``).
INIT_SCRIPT = r"""
(() => {
  const rec = window.__bench = {t0: null, started: [], finished: [], wake: null};
  function firstOneof(buf) {
    const b = new Uint8Array(buf); let i = 0;
    const varint = () => { let v = 0, s = 0, x; do { x = b[i++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return v; };
    while (i < b.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (field === FINISHED_FIELD && wire === 0) return ['finished', varint()];
      if (field === STARTED_FIELD) return ['started', 0];
      if (wire === 0) varint(); else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 1) i += 8; else if (wire === 5) i += 4; else return null;
    }
    return null;
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        const t = performance.now();
        const note = (buf) => {
          const r = firstOneof(buf);
          if (r) rec[r[0]].push({t, v: r[1]});
          if (rec.wake) rec.wake();
        };
        if (ev.data instanceof ArrayBuffer) note(ev.data);
        else if (ev.data instanceof Blob) ev.data.arrayBuffer().then(note);
      });
    }
  };
  document.addEventListener('pointerdown', (ev) => {
    if (ev.target.closest && ev.target.closest('[role="option"]')) rec.t0 = performance.now();
  }, true);
  const settledNow = () => {
    if (document.querySelector('[data-stale="true"]')) return false;
    const sw = document.querySelector('[data-testid="stStatusWidget"]');
    return !sw || /StatusWidget-exit/.test(sw.className);
  };
  // Resolves with the timings once the page is settled after a change at t0 (see bench/browser.py).
  // Checked on every DOM change and websocket message, not by polling: a requestAnimationFrame
  // loop in 10 pages costs Chromium about 0.45 CPU-s per second, taken from the server measured.
  window.__benchSettled = (t0, timeoutMs) => new Promise((resolve, reject) => {
    let done = false, frames = 0, first = null, waiting = false;
    const fin = () => rec.finished.find((m) => m.t >= t0 && m.v !== EARLY_FOR_RERUN);
    const holds = () => Boolean(fin()) && settledNow();
    const stop = () => { done = true; observer.disconnect(); rec.wake = null; clearTimeout(timer); };
    const frame = () => {  // conditions must hold at two consecutive frames; time of the first
      const now = performance.now();  // not rAF's argument: the frame's start can precede a message
      waiting = false;
      if (done) return;
      if (!holds()) { frames = 0; first = null; return; }
      if (frames === 0) first = now;
      if (++frames < 2) { waiting = true; requestAnimationFrame(frame); return; }
      stop();
      const start = rec.started.find((m) => m.t >= t0);
      resolve({t0, started: start ? start.t : null, finished: fin().t, settled: first});
    };
    const check = () => {
      if (done) return;
      if (!holds()) { frames = 0; first = null; return; }
      if (!waiting) { waiting = true; requestAnimationFrame(frame); }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, {subtree: true, childList: true, attributes: true,
                                attributeFilter: ['data-stale', 'class']});
    rec.wake = () => setTimeout(check, 0);  // after the app has handled the message
    const timer = setTimeout(() => { stop(); reject(new Error('page did not settle within ' + timeoutMs + ' ms')); },
                             Math.max(0, timeoutMs - (performance.now() - t0)));
    check();
  });
})();
"""


def init_script() -> str:
    """INIT_SCRIPT with the ForwardMsg field numbers of the installed Streamlit."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    fields = ForwardMsg.DESCRIPTOR.fields_by_name
    consts = {
        "STARTED_FIELD": fields["new_session"].number,
        "FINISHED_FIELD": fields["script_finished"].number,
        "EARLY_FOR_RERUN": ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN"),
    }
    header = "".join(f"const {name} = {value};\n" for name, value in consts.items())
    return "(() => {\n" + header + INIT_SCRIPT + "})();\n"


@dataclass(frozen=True)
class Page:
    name: str  # overview, terms, ...
    path: str  # URL path: "" for the entry script, else the page's URL name ("Terms")


@dataclass
class Change:
    """One timed filter change (seconds from the choice): server run started, finished, page settled."""

    page: str
    month: str
    started: float | None
    finished: float
    settled: float


@dataclass
class BrowserResult:
    single: list[Change] = field(default_factory=list)
    concurrent: list[Change] = field(default_factory=list)
    rss_mb: float = 0.0
    rss_concurrent_mb: float = 0.0
    #: phase ("browser", "concurrent") -> CPU seconds used in it by (Streamlit's tree, Chromium's)
    cpu: dict[str, tuple[float, float]] = field(default_factory=dict)


def app_pages(app: Path) -> list[Page]:
    """The entry script as ``overview``, then each ``pages/N_Name.py`` as ``name`` (URL ``/Name``)."""
    pages = [Page("overview", "")]
    for p in sorted((app.parent / "pages").glob("[0-9]*_*.py")):
        url_name = p.stem.split("_", 1)[1]
        pages.append(Page(url_name.lower(), url_name))
    return pages


def percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q))


# ---------------------------------------------------------------------------------------------
# The Streamlit server
# ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(app: Path, env: dict[str, str], log_path: Path, start_timeout: float = 120):
    """Run ``streamlit run app`` on a free local port; yield (url, process)."""
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", app.name, "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, cwd=app.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; its log ({log_path}):\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _tree(pid: int) -> list:
    import psutil

    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its children, in MB."""
    import psutil

    total = 0
    for p in _tree(pid):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def cpu_seconds(server_pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) so far of the server's process tree and of Chromium's (every
    other descendant of this process: Playwright's driver and the browser). Processes that have
    ended are not counted, so take differences over a phase in which the browser stays open."""
    import psutil

    def used(procs) -> float:
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    server = _tree(server_pid)
    server_pids = {p.pid for p in server}
    others = [p for p in _tree(os.getpid())[1:] if p.pid not in server_pids]
    return used(server), used(others)


# ---------------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------------


async def _settled(page, t0: float, timeout_s: float) -> dict:
    return await page.evaluate("([t0, ms]) => window.__benchSettled(t0, ms)", [t0, timeout_s * 1000])


async def open_page(context, url: str, p: Page, timeout_s: float):
    """Open a page in ``context`` and wait until its first run has settled."""
    page = await context.new_page()
    page.set_default_timeout(timeout_s * 1000)
    await page.goto(f"{url}/{p.path}")
    await _settled(page, 0.0, timeout_s)
    await page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=FROM_LABEL).wait_for()
    return page


async def change_from_month(page, p: Page, month: str, timeout_s: float) -> Change:
    """Choose ``month`` in the From select box; return the timings of this change."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=FROM_LABEL)
    await box.click()
    # The option list is virtual (only a few options are in the DOM): type to bring ours in.
    await page.keyboard.type(month)
    option = page.get_by_role("option", name=month, exact=True)
    await option.click()
    t = await page.evaluate("() => window.__bench.t0")
    if t is None:
        raise RuntimeError(f"{p.name}: the choice of {month} was not seen by the page")
    await page.evaluate("() => { window.__bench.t0 = null; }")
    r = await _settled(page, t, timeout_s)
    def since(v: float | None) -> float | None:  # page milliseconds -> seconds after the choice
        return None if v is None else (v - t) / 1000

    change = Change(p.name, month, since(r["started"]), since(r["finished"]), since(r["settled"]))
    if not (change.finished <= change.settled and (change.started is None or 0 <= change.started <= change.finished)):
        raise RuntimeError(f"{p.name}: timings out of order for {month}: {change}")
    return change


def _next_month(rng: random.Random, months: list[str], current: str | None) -> str:
    return rng.choice([m for m in months if m != current])


def _add_cpu(result: BrowserResult, phase: str, before: tuple[float, float], after: tuple[float, float]) -> None:
    server, chromium = result.cpu.get(phase, (0.0, 0.0))
    result.cpu[phase] = (server + after[0] - before[0], chromium + after[1] - before[1])


async def _walk(context, url: str, pid: int, pages: list[Page], months: list[str], repeats: int,
                rng: random.Random, timeout_s: float, result: BrowserResult) -> None:
    for p in pages:
        page = await open_page(context, url, p, timeout_s)
        current = months[0]
        before = cpu_seconds(pid)
        for _ in range(repeats):
            current = _next_month(rng, months, current)
            result.single.append(await change_from_month(page, p, current, timeout_s))
        _add_cpu(result, "browser", before, cpu_seconds(pid))
        await page.close()


async def _concurrent(browser, url: str, pid: int, pages: list[Page], months: list[str], sessions: int,
                      repeats: int, seed: int, timeout_s: float, result: BrowserResult) -> None:
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(sessions)]
    try:
        for c in contexts:
            await c.add_init_script(init_script())
        assigned = [pages[i % len(pages)] for i in range(sessions)]
        opened = await asyncio.gather(*(open_page(c, url, p, timeout_s) for c, p in zip(contexts, assigned)))

        async def session(i: int) -> list[Change]:
            rng, current, out = random.Random(seed * 1000 + i), months[0], []
            for _ in range(repeats):
                current = _next_month(rng, months, current)
                out.append(await change_from_month(opened[i], assigned[i], current, timeout_s))
            return out

        before = cpu_seconds(pid)
        changes = await asyncio.gather(*(session(i) for i in range(sessions)))
        _add_cpu(result, "concurrent", before, cpu_seconds(pid))
        result.concurrent = [c for r in changes for c in r]
    finally:
        for c in contexts:
            await c.close()


async def _measure(url: str, pid: int, pages: list[Page], months, repeats: int, sessions: int,
                   concurrent_repeats: int, seed: int, timeout_s: float) -> BrowserResult:
    """``months``: the From-month choices, or a function returning them once the app has built the corpus."""
    from playwright.async_api import async_playwright

    result = BrowserResult()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = await browser.new_context(viewport=VIEWPORT)
            await context.add_init_script(init_script())
            # First visit: the app builds (or loads) the corpus; wait as long as that takes.
            first = await open_page(context, url, pages[0], timeout_s)
            await first.close()
            if callable(months):
                months = months()
            if len(months) < 2:
                raise ValueError(f"the corpus has {len(months)} month(s); a From-month change needs at least 2")
            await _walk(context, url, pid, pages, months, repeats, random.Random(seed), timeout_s, result)
            await context.close()
            result.rss_mb = tree_rss_mb(pid)
            if sessions and concurrent_repeats:
                await _concurrent(browser, url, pid, pages, months, sessions, concurrent_repeats, seed, timeout_s,
                                  result)
                result.rss_concurrent_mb = tree_rss_mb(pid)
        finally:
            await browser.close()
    return result


def require_browser() -> None:
    """Raise a clear error when Chromium or Playwright is missing (nothing is downloaded)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        raise SystemExit(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set $CHROMIUM)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError as exc:
        raise SystemExit("the browser measure needs playwright: python3 run.py bench ... installs it") from exc


def corpus_months(corpus: str | None, store: str | None) -> list[str]:
    """The corpus's months as the dashboard lists them (the store is already built by the app)."""
    from analytics.build import build_corpus

    return list(build_corpus(corpus or str(ROOT / "seeds"), store).months())


def measure_browser(app: Path = ROOT / "dashboard.py", *, corpus: str | None = None, store: str | None = None,
                    months: list[str] | None = None, pages: list[str] | None = None, repeats: int = 20,
                    sessions: int = 10, concurrent_repeats: int = 5, seed: int = 0, timeout_s: float = 1800,
                    log_dir: Path | None = None) -> BrowserResult:
    """Run the app, measure it in Chromium (see module doc) and return every timed change."""
    require_browser()
    app = app.resolve()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if corpus:
        env["NEWS_CORPUS"] = str(Path(corpus).resolve())
    if store:
        env["ANALYTICS_STORE"] = str(Path(store).resolve())
    selected = app_pages(app)
    if pages:
        unknown = set(pages) - {p.name for p in selected}
        if unknown:
            raise ValueError(f"unknown page(s) {sorted(unknown)}; pages of {app.name}: {[p.name for p in selected]}")
        selected = [p for p in selected if p.name in pages]
    log_dir = log_dir or Path(os.environ.get("TMPDIR", "/tmp"))
    log_dir.mkdir(parents=True, exist_ok=True)
    with streamlit_server(app, env, log_dir / f"streamlit-bench-{os.getpid()}.log") as (url, proc):
        choices = months or (lambda: corpus_months(env.get("NEWS_CORPUS"), env.get("ANALYTICS_STORE")))
        return asyncio.run(_measure(url, proc.pid, selected, choices, repeats, sessions, concurrent_repeats, seed,
                                    timeout_s))


# ---------------------------------------------------------------------------------------------
# Summary rows and command line
# ---------------------------------------------------------------------------------------------


def summary_rows(result: BrowserResult) -> list[tuple[str, float, str]]:
    """(measure, value, unit) rows: per-page p50/p95, concurrent p95 overall and per page, memory."""
    rows: list[tuple[str, float, str]] = []
    by_page: dict[str, list[float]] = {}
    for c in result.single:
        by_page.setdefault(c.page, []).append(c.settled)
    for page, times in by_page.items():
        rows.append((f"browser_{page}_p50", percentile(times, 50) * 1000, "ms"))
        rows.append((f"browser_{page}_p95", percentile(times, 95) * 1000, "ms"))
    for page in by_page:
        draw = [c.settled - c.finished for c in result.single if c.page == page]
        rows.append((f"browser_{page}_draw_p50", percentile(draw, 50) * 1000, "ms"))
    rows.append(("dashboard_rss_browser", result.rss_mb, "MB"))
    if result.concurrent:
        rows.append(("concurrent_p95", percentile([c.settled for c in result.concurrent], 95) * 1000, "ms"))
        conc: dict[str, list[float]] = {}
        for c in result.concurrent:
            conc.setdefault(c.page, []).append(c.settled)
        for page, times in conc.items():
            rows.append((f"concurrent_{page}_p95", percentile(times, 95) * 1000, "ms"))
        rows.append(("dashboard_rss_concurrent", result.rss_concurrent_mb, "MB"))
    for phase, (server, chromium) in result.cpu.items():
        rows.append((f"{phase}_cpu_server", server, "s"))
        rows.append((f"{phase}_cpu_chromium", chromium, "s"))
    return rows


def register(subparsers) -> None:
    p = subparsers.add_parser("browser", help="filter change to settled page in Chromium, 1 and N sessions")
    p.add_argument("--app", type=Path, default=ROOT / "dashboard.py", help="entry script (default dashboard.py)")
    p.add_argument("--corpus", help="corpus folder or file (default $NEWS_CORPUS, else seeds/)")
    p.add_argument("--store", help="store folder (default $ANALYTICS_STORE, else the app's default)")
    p.add_argument("--pages", nargs="+", metavar="NAME", help="only these pages (overview terms keywords ...)")
    p.add_argument("--months", nargs="+", metavar="YYYY-MM", help="From-month choices (default: the corpus's months)")
    p.add_argument("--repeats", type=int, default=20, help="timed From-month changes per page, one session")
    p.add_argument("--sessions", type=int, default=10, help="concurrent browser sessions (0: skip)")
    p.add_argument("--concurrent-repeats", type=int, default=5, help="changes per concurrent session")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=1800, help="seconds a page may take to settle")
    p.add_argument("--out", type=Path, help="also write OUT/results.csv and OUT/results.md")
    p.add_argument("--articles", type=int, default=0, help="the articles column of results.csv")
    p.add_argument("--json", action="store_true", help="print every change as one JSON line at the end")
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    result = measure_browser(
        args.app, corpus=args.corpus, store=args.store, months=args.months, pages=args.pages, repeats=args.repeats,
        sessions=args.sessions, concurrent_repeats=args.concurrent_repeats, seed=args.seed, timeout_s=args.timeout,
        log_dir=args.out)
    rows = summary_rows(result)
    for measure, value, unit in rows:
        print(f"  {measure:<28} {value:>12.3f} {unit}", flush=True)
    if args.out:
        from bench.run import write_results

        print(write_results([(args.articles, m, round(v, 3), u) for m, v, u in rows], args.out))
    if args.json:
        print(json.dumps({"rows": rows, "single": [c.__dict__ for c in result.single],
                          "concurrent": [c.__dict__ for c in result.concurrent]}))
    return 0
