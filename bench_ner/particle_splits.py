"""Person mentions cut after a surname particle, on a built store's cleaned texts.

Usage: PYTHONPATH=. python bench_ner/particle_splits.py STORE_DIR [N_ARTICLES]

Recognises the first N (default 1,500) cleaned texts of STORE_DIR's text segments (by key) with
the shipped recogniser and prints: mentions; PER mentions ending in a lower-case surname particle
("Annelies van den"); and pairs of mentions one space apart, all and with such a PER first.
"""
import sys

import duckdb

from analytics.ner import default_recogniser
from analytics.pipeline import recognise_texts
from analytics.store import Store, sql_string

store = Store(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
rows = duckdb.sql(f"SELECT key, clean_text FROM read_parquet({sql_string(store.glob('text'))}) ORDER BY key LIMIT {n}").fetchall()
con = duckdb.connect()
con.register("m", recognise_texts(rows, default_recogniser()))
PARTICLE = "' (van|de|den|der|ter|ten)$'"
print(con.sql(f"SELECT count(*) AS mentions, count(*) FILTER (WHERE type = 'PER' AND regexp_matches(surface, {PARTICLE})) AS per_ending_in_particle FROM m"))
print(con.sql(f"""SELECT count(*) AS adjacent_pairs,
       count(*) FILTER (WHERE a.type = 'PER' AND regexp_matches(a.surface, {PARTICLE})) AS cut_after_particle
FROM m a JOIN m b ON a.key = b.key AND b.start = a."end" + 1"""))
