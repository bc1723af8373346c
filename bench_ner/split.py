"""Split ned.train into 80% / 20% of documents (every 5th document held out)."""
lines = open('data/conll2002/ned.train', encoding='utf-8').read().split('\n')
docs, cur = [], []
for l in lines:
    if l.startswith('-DOCSTART-') and cur:
        docs.append(cur); cur = []
    cur.append(l)
if cur: docs.append(cur)
tr = [d for i, d in enumerate(docs) if i % 5 != 4]
ho = [d for i, d in enumerate(docs) if i % 5 == 4]
def w(p, ds):
    with open(p, 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(l for d in ds for l in d).rstrip('\n') + '\n')
w('bench_ner/train80.conll', tr); w('bench_ner/held20.conll', ho)
print(len(docs), len(tr), len(ho))
