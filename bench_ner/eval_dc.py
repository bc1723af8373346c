"""Score a model on a gold CoNLL file with and without the document-consistency step.
Usage: PYTHONPATH=. python bench_ner/eval_dc.py MODEL_DIR GOLD"""
import sys
from analytics.ner import evaluate, load_recogniser
r = load_recogniser(sys.argv[1])
for flag in (False, True):
    r.consistency = flag
    df = evaluate(sys.argv[2], r)
    print(f"consistency={flag}: " + "  ".join(
        f"{t} {df.loc[t, 'precision']*100:.2f}/{df.loc[t, 'recall']*100:.2f}/{df.loc[t, 'f1']*100:.2f}"
        for t in df.index))
