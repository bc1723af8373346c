"""A/B speed of the consistency step: same process, alternating, cold cache each time."""
import time
from analytics.ner import MODEL_DIR, load_recogniser, tokenize
from analytics.ner.conll import read_conll
rec = load_recogniser(MODEL_DIR)
docs = read_conll("data/conll2002/ned.testa")
texts = ["\n\n".join(" ".join(s.words) for s in d.sentences) for d in docs]
ntok = sum(len(tokenize(x)) for x in texts)
res = {False: [], True: []}
for rep in range(3):
    for flag in (False, True):
        rec.consistency = flag
        rec.extractor._cache.clear()
        t = time.perf_counter(); rec.recognise_many(texts); res[flag].append(ntok / (time.perf_counter() - t))
for f, v in res.items():
    print("consistency", f, " ".join(f"{x:,.0f}" for x in v), "best", f"{max(v):,.0f}")
