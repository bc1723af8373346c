"""Score a model on a gold CoNLL file with and without the known organisation names
(analytics/ner/known_names.py), both with document consistency, and list what the names changed.
Usage: PYTHONPATH=. python bench_ner/eval_known.py MODEL_DIR GOLD"""
import sys
from analytics.ner import evaluate, load_recogniser
r = load_recogniser(sys.argv[1])
for flag in (False, True):
    r.known_names = flag
    df = evaluate(sys.argv[2], r)
    print(f"known_names={flag}: " + "  ".join(
        f"{t} {df.loc[t, 'precision']*100:.2f}/{df.loc[t, 'recall']*100:.2f}/{df.loc[t, 'f1']*100:.2f}"
        for t in df.index))
