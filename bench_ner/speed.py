"""Speed/load benchmark: one process, one core. Usage: speed.py [MODEL_DIR]"""
import os, sys, time
t = time.perf_counter()
from analytics.ner import MODEL_DIR, load_recogniser, tokenize
from analytics.ner.conll import read_conll
t_imp = time.perf_counter() - t
model = sys.argv[1] if len(sys.argv) > 1 else MODEL_DIR
t = time.perf_counter(); rec = load_recogniser(model); t_load = time.perf_counter() - t
docs = read_conll("data/conll2002/ned.testa")
texts = ["\n\n".join(" ".join(s.words) for s in d.sentences) for d in docs]
ntok = sum(len(tokenize(x)) for x in texts)
t = time.perf_counter(); rec.recognise_many(texts); cold = time.perf_counter() - t
t = time.perf_counter(); rec.recognise_many(texts); warm = time.perf_counter() - t
size = sum(os.path.getsize(os.path.join(model, f)) for f in os.listdir(model))
big = max(os.path.getsize(os.path.join(model, f)) for f in os.listdir(model))
print(f"import {t_imp:.3f}s load {t_load:.3f}s; raw-text testa {ntok} tokens: "
      f"cold cache {ntok/cold:,.0f} tok/s, warm cache {ntok/warm:,.0f} tok/s; "
      f"model {size/1e6:.2f} MB, largest file {big/1e6:.2f} MB")
