"""Score a model on a gold CoNLL file with one post-processing step of the recogniser off and on.
Usage: PYTHONPATH=. python bench_ner/eval_dc.py MODEL_DIR GOLD [--switch consistency|known_names]
(default: the document-consistency step; `known_names` keeps consistency on)."""
import argparse
from analytics.ner import evaluate, load_recogniser
ap = argparse.ArgumentParser()
ap.add_argument("model")
ap.add_argument("gold")
ap.add_argument("--switch", choices=("consistency", "known_names"), default="consistency")
a = ap.parse_args()
r = load_recogniser(a.model)
for flag in (False, True):
    setattr(r, a.switch, flag)
    df = evaluate(a.gold, r)
    print(f"{a.switch}={flag}: " + "  ".join(
        f"{t} {df.loc[t, 'precision']*100:.2f}/{df.loc[t, 'recall']*100:.2f}/{df.loc[t, 'f1']*100:.2f}"
        for t in df.index))
