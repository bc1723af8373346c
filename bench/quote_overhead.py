"""Time the quote extraction of a build on a built corpus: ``python -m bench.quote_overhead CORPUS_DIR``.

Copies the corpus's ``texts`` and ``mentions`` tables into an in-memory database and times
:func:`analytics.quotes.fill_quote_tables` (the one step the quotes add to a build) ``--repeat``
times; prints the best time, the quotes found and, when given, its share of ``--build-seconds``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from analytics.quotes import fill_quote_tables
from analytics.store import CORPUS_FILE, CORPUS_TABLES, create_table_sql, sql_string


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus_dir", type=Path, help="a built corpus folder (holding corpus.duckdb)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--build-seconds", type=float, help="the whole build's time, to print the share")
    args = p.parse_args(argv)
    best, found = float("inf"), 0
    for _ in range(args.repeat):
        con = duckdb.connect()
        con.execute(f"ATTACH {sql_string(args.corpus_dir / CORPUS_FILE)} AS src (READ_ONLY)")
        con.execute("CREATE TABLE texts AS SELECT * FROM src.texts")
        con.execute("CREATE TABLE mentions AS SELECT * FROM src.mentions")
        con.execute(create_table_sql(CORPUS_TABLES["quotes"]))
        t0 = time.perf_counter()
        fill_quote_tables(con)
        best = min(best, time.perf_counter() - t0)
        found = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
        articles = con.execute("SELECT count(*) FROM texts").fetchone()[0]
        con.close()
    line = f"quote extraction: {best:.2f} s (best of {args.repeat}) for {articles:,} articles, {found:,} quotes"
    if args.build_seconds:
        line += f"; {100 * best / args.build_seconds:.1f}% of a {args.build_seconds:.1f} s build"
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
