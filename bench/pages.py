"""Page rerun times for the benchmark (run by ``bench.run`` in its own process).

Reads the corpus from ``$NEWS_CORPUS`` and the store from ``$ANALYTICS_STORE``, as the dashboard
does. Each page runs once with the default filter (warm-up: the corpus is then cached, as in a
running app); then, in the same session, the sidebar's From and To month pickers are set to a new
random range ``--repeats`` times, and each rerun is timed, as a user changing the filter would
cause. Prints one JSON line: ``{"pages": {name: {"p50": s, "p95": s, "runs": n}}, "rss_mb": MB}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent


def page_files() -> list[str]:
    return ["dashboard.py"] + sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("[0-9]*_*.py"))


def main(argv: list[str] | None = None) -> int:
    from streamlit.testing.v1 import AppTest

    from analytics.build import build_corpus

    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    os.chdir(ROOT)
    months = build_corpus(os.environ["NEWS_CORPUS"], os.environ.get("ANALYTICS_STORE")).months()
    rng = random.Random(args.seed)
    results = {}
    for page in page_files():
        at = AppTest.from_file(str(ROOT / page), default_timeout=1800)
        at.run()
        if at.exception:
            raise SystemExit(f"{page} failed: {at.exception[0].message}")
        times = []
        for _ in range(args.repeats):
            first, last = sorted(rng.sample(months, 2)) if len(months) > 1 else (months[0], months[0])
            at.selectbox(key="w_from").set_value(first)
            at.selectbox(key="w_to").set_value(last)
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
            if at.exception:
                raise SystemExit(f"{page} failed with {first}..{last}: {at.exception[0].message}")
        name = Path(page).stem.split("_", 1)[-1].lower() if page != "dashboard.py" else "overview"
        results[name] = {"p50": float(np.percentile(times, 50)), "p95": float(np.percentile(times, 95)), "runs": len(times)}
    print(json.dumps({"pages": results, "rss_mb": psutil.Process().memory_info().rss / 2**20}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
