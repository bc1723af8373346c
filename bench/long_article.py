"""Memory of building one very long single-line article (issue 10: hostile input).

``python -m bench.long_article [--chars 4200000] [--limit-mb 1024]`` writes a corpus folder with
one article of ``--chars`` characters on a single line (under the 5 MB article limit; words drawn
from a fixed list with a fixed seed, so the text is the same on every run) and one short article,
runs ``python -m analytics build`` on it in a child process with a fresh store, and prints the
child's peak resident memory (``ru_maxrss``) and wall time. Exit status 1 when the peak is over
``--limit-mb``. This is a benchmark, not a unit test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("de het een Rusland NAVO Oekraïne minister zei dat Kyiv Amsterdam Jan Peters bij overleg over gas "
         "Den Haag kabinet premier Brussel Europese Commissie sancties olie prijs").split()


def long_line(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts, size = [], 0
    while size < chars:
        word = rng.choice(WORDS)
        parts.append(word)
        size += len(word) + 1
    return " ".join(parts)[:chars].rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.long_article", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=4_200_000, help="characters of the long article")
    parser.add_argument("--limit-mb", type=int, default=1024, help="peak RSS allowed for the build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / "001_long.txt").write_text(" date 2022-01 " + long_line(args.chars), encoding="utf-8")
        (corpus / "002_short.txt").write_text(" date 2022-01 Rusland en de NAVO praten in Genève.", encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "analytics", "build", str(corpus), "--store", str(Path(tmp) / "store"), "--workers", "1"],
            capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        return 2
    print(f"one {args.chars:,}-character single-line article: build peak RSS {peak_mb:,.0f} MB, {seconds:.1f} s "
          f"(limit {args.limit_mb:,} MB)")
    return 0 if peak_mb <= args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
