"""A/B of two recogniser.py versions on ned.testa as raw text: same mentions? tokens/s?

Usage: git show <commit>:analytics/ner/recogniser.py > /tmp/recogniser_old.py
       PYTHONPATH=. python bench_ner/speed_ab_versions.py /tmp/recogniser_old.py [ROUNDS]
Same process, same model files, alternating, empty word cache each run.
"""
import importlib.util
import sys
import time

from analytics.ner import MODEL_DIR, tokenize
from analytics.ner.conll import read_conll
from analytics.ner.recogniser import CrfRecogniser as New

spec = importlib.util.spec_from_file_location("analytics.ner._ab_old", sys.argv[1])
old_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(old_module)
old, new = old_module.CrfRecogniser(MODEL_DIR), New(MODEL_DIR)
docs = read_conll("data/conll2002/ned.testa")
texts = ["\n\n".join(" ".join(s.words) for s in d.sentences) for d in docs]
ntok = sum(len(tokenize(x)) for x in texts)
a, b = old.recognise_many(texts), new.recognise_many(texts)
print("identical mentions:", a == b, sum(map(len, a)))
res = {"old": [], "new": []}
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
    for name, rec in (("old", old), ("new", new)):
        rec.extractor._cache.clear()
        t = time.perf_counter()
        rec.recognise_many(texts)
        res[name].append(ntok / (time.perf_counter() - t))
for k, v in res.items():
    print(k, " ".join(f"{x:,.0f}" for x in v), "best", f"{max(v):,.0f}")
