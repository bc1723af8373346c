"""Tagging speed on a corpus folder, one process: the first N articles from an empty word table,
then the next N with the table filled (the steady state of a long build).

Usage: PYTHONPATH=. python bench_ner/speed_corpus.py CORPUS_DIR [N] [--decoder crfsuite]
(pin it to one core with `taskset -c 1`). On a shared virtual machine the wall-clock figure
swings with what the host does; the per-CPU-second figure swings less."""
import glob, os, sys, time

from analytics.ner import MODEL_DIR, load_recogniser, tokenize

argv = sys.argv[1:]
decoder = None
if "--decoder" in argv:
    k = argv.index("--decoder")
    decoder = argv[k + 1]
    del argv[k:k + 2]
args = argv
folder, n = args[0], int(args[1]) if len(args) > 1 else 1500
rec = load_recogniser(MODEL_DIR)
if decoder:
    rec.decoder = decoder
files = sorted(glob.glob(os.path.join(folder, "*.txt")))[:2 * n]
texts = [open(f, encoding="utf-8").read() for f in files]
for label, part in (("first", texts[:n]), ("next", texts[n:])):
    ntok = sum(len(tokenize(t)) for t in part)
    t, c = time.perf_counter(), time.process_time()
    rec.recognise_many(part)
    dt, dc = time.perf_counter() - t, time.process_time() - c
    print(f"{rec.decoder}: {label} {len(part)} articles, {ntok} tokens, {dt:.1f} s, "
          f"{ntok / dt:,.0f} tokens/s ({ntok / dc:,.0f} per CPU-second of the process)")
