"""Speed/load benchmark: one process (pin it to one core with `taskset -c 1`).

Usage: PYTHONPATH=. python bench_ner/speed.py [MODEL_DIR] [--decoder crfsuite]
                                              [--corpus DIR [--articles N]]

Without --corpus: ned.testa rebuilt as raw text, tagged twice (an empty word table, then filled).
With --corpus: the first N articles of DIR from an empty word table, then the next N with the
table filled (the steady state of a long build). On a shared virtual machine the wall-clock figure
swings with what the host does; the per-CPU-second figure swings less."""
import argparse, glob, os, time
t = time.perf_counter()
from analytics.ner import MODEL_DIR, load_recogniser, tokenize
from analytics.ner.conll import read_conll
t_imp = time.perf_counter() - t
ap = argparse.ArgumentParser()
ap.add_argument("model", nargs="?", default=MODEL_DIR)
ap.add_argument("--decoder", choices=("numpy", "crfsuite"))
ap.add_argument("--corpus")
ap.add_argument("--articles", type=int, default=1500)
a = ap.parse_args()
t = time.perf_counter(); rec = load_recogniser(a.model); t_load = time.perf_counter() - t
if a.decoder:
    rec.decoder = a.decoder


def timed(texts: list[str]) -> tuple[int, float, float]:
    """Tokens in ``texts``, and the wall-clock and CPU seconds of recognising them."""
    ntok = sum(len(tokenize(x)) for x in texts)
    w, c = time.perf_counter(), time.process_time()
    rec.recognise_many(texts)
    return ntok, time.perf_counter() - w, time.process_time() - c


if a.corpus:
    n = a.articles
    files = sorted(glob.glob(os.path.join(a.corpus, "*.txt")))[:2 * n]
    texts = [open(f, encoding="utf-8").read() for f in files]
    for label, part in (("first", texts[:n]), ("next", texts[n:])):
        ntok, dt, dc = timed(part)
        print(f"{rec.decoder}: {label} {len(part)} articles, {ntok} tokens, {dt:.1f} s, "
              f"{ntok / dt:,.0f} tokens/s ({ntok / dc:,.0f} per CPU-second of the process)")
else:
    docs = read_conll("data/conll2002/ned.testa")
    texts = ["\n\n".join(" ".join(s.words) for s in d.sentences) for d in docs]
    ntok, cold, _ = timed(texts)
    _, warm, _ = timed(texts)
    size = sum(os.path.getsize(os.path.join(a.model, f)) for f in os.listdir(a.model))
    big = max(os.path.getsize(os.path.join(a.model, f)) for f in os.listdir(a.model))
    print(f"{rec.decoder}: import {t_imp:.3f}s load {t_load:.3f}s; raw-text testa {ntok} tokens: "
          f"cold cache {ntok/cold:,.0f} tok/s, warm cache {ntok/warm:,.0f} tok/s; "
          f"model {size/1e6:.2f} MB, largest file {big/1e6:.2f} MB")
