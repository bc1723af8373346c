"""Speed/load benchmark: one process, one core. Usage: speed.py [MODEL_DIR] [--decoder crfsuite]"""
import os, sys, time
t = time.perf_counter()
from analytics.ner import MODEL_DIR, load_recogniser, tokenize
from analytics.ner.conll import read_conll
t_imp = time.perf_counter() - t
argv = sys.argv[1:]
decoder = None
if "--decoder" in argv:
    k = argv.index("--decoder")
    decoder = argv[k + 1]
    del argv[k:k + 2]
args = argv
model = args[0] if args else MODEL_DIR
t = time.perf_counter(); rec = load_recogniser(model); t_load = time.perf_counter() - t
if decoder:
    rec.decoder = decoder
docs = read_conll("data/conll2002/ned.testa")
texts = ["\n\n".join(" ".join(s.words) for s in d.sentences) for d in docs]
ntok = sum(len(tokenize(x)) for x in texts)
t = time.perf_counter(); rec.recognise_many(texts); cold = time.perf_counter() - t
t = time.perf_counter(); rec.recognise_many(texts); warm = time.perf_counter() - t
size = sum(os.path.getsize(os.path.join(model, f)) for f in os.listdir(model))
big = max(os.path.getsize(os.path.join(model, f)) for f in os.listdir(model))
print(f"{rec.decoder}: import {t_imp:.3f}s load {t_load:.3f}s; raw-text testa {ntok} tokens: "
      f"cold cache {ntok/cold:,.0f} tok/s, warm cache {ntok/warm:,.0f} tok/s; "
      f"model {size/1e6:.2f} MB, largest file {big/1e6:.2f} MB")
