"""Training of the two-pass CRF model from a CoNLL-2002 file.

Steps (from the repository and pip packages; Debian's frogdata only to rebuild the word lists;
no downloads):

1. put the word resources into the model directory: the word lists (gazetteer, word
   frequencies, SoNaR lexicon and name lists) copied from ``resources_from`` (the shipped model by
   default, so that retraining reproduces it: rebuilding the gazetteer from today's babel and
   pycountry changed 7 of its 172,574 lines and moved ned.testa by 0.66 F1), or built anew with
   ``resources_from=None``; word clusters learned from the training text; training lexicon;
2. split the training documents into ``folds`` parts; for each part train a first-pass CRF on
   the other parts and tag the held-out part, so that the second pass is trained on honest
   (out-of-fold) first-pass predictions and an out-of-fold training lexicon;
3. train the first-pass CRF on all documents (``stage1.crfsuite``);
4. train the second-pass CRF on all documents with the out-of-fold features
   (``stage2.crfsuite``).

Fold models are trained in parallel worker processes (``jobs``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
import time
from typing import Sequence

import pycrfsuite

from . import resources as R
from .conll import Document, Sentence, read_conll
from .features import FEATURE_VERSION, FeatureExtractor
from .recogniser import META_FILE, STAGE1_FILE, STAGE2_FILE, tag_with_confidence

__all__ = ["train", "DEFAULT_PARAMS"]

#: crfsuite L-BFGS settings; c1 (L1) prunes features to keep the model small.
DEFAULT_PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 200}

# Data shared with forked fold workers (set before the pool starts; never pickled).
_SHARED: dict = {}


def _limit(docs: list[Document], max_sentences: int | None) -> list[Document]:
    if max_sentences is None:
        return docs
    out: list[Document] = []
    left = max_sentences
    for d in docs:
        if left <= 0:
            break
        sents = d.sentences[:left]
        left -= len(sents)
        out.append(Document(sents))
    return out


def _train_crf(xs: Sequence, ys: Sequence, path: str, params: dict) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params({**params, "feature.possible_transitions": True})
    for x, y in zip(xs, ys):
        if x:
            trainer.append(x, y)
    trainer.train(path)


def _fold_worker(k: int) -> tuple[int, list]:
    """Train a first-pass CRF without fold ``k``; return (tags, confidences) for its docs."""
    feats, tags, fold_of, params, tmp = (
        _SHARED["feats"], _SHARED["tags"], _SHARED["fold_of"], _SHARED["params"], _SHARED["tmp"])
    xs, ys = [], []
    for d, (df, dt) in enumerate(zip(feats, tags)):
        if fold_of[d] != k:
            xs.extend(df)
            ys.extend(dt)
    path = os.path.join(tmp, f"fold{k}.crfsuite")
    _train_crf(xs, ys, path, params)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    pred = []
    for d, df in enumerate(feats):
        if fold_of[d] == k:
            pred.append([tag_with_confidence(tagger, x) for x in df])
    tagger.close()
    return k, pred


def train(
    train_path: str,
    model_path: str,
    *,
    max_sentences: int | None = None,
    folds: int = 4,
    stages: int = 2,
    params: dict | None = None,
    jobs: int = 2,
    cluster_ks: Sequence[int] = (32, 128, 512),
    resources_from: str | None = "",
    frog_dir: str = R.FROG_DIR,
    log=print,
) -> dict:
    """Train a model from ``train_path`` (CoNLL) into the directory ``model_path``.

    ``resources_from``: a model directory whose word lists are copied (``""``: the shipped
    model; ``None``: build them from the pip packages and Debian's frogdata in ``frog_dir``).
    Returns the metadata written to ``meta.json`` (settings, sizes and timings).
    """
    if resources_from == "":
        from . import MODEL_DIR
        resources_from = MODEL_DIR
    kept: dict[str, bytes] = {}
    if resources_from is not None:
        for name in R.WORD_LIST_FILES:
            path = os.path.join(resources_from, name)
            if not os.path.exists(path):
                raise FileNotFoundError(f"{path}: no word list to copy (build them with "
                                        "resources_from=None, train-ner --rebuild-resources)")
            with open(path, "rb") as fh:  # read first: resources_from may be model_path
                kept[name] = fh.read()
    t0 = time.time()
    params = {**DEFAULT_PARAMS, **(params or {})}
    docs = _limit(read_conll(train_path), max_sentences)
    sents: list[Sentence] = [s for d in docs for s in d.sentences]
    if not sents or any(s.tags is None for s in sents):
        raise ValueError(f"{train_path}: no tagged sentences to train on")
    os.makedirs(model_path, exist_ok=True)
    for name in (STAGE1_FILE, STAGE2_FILE, META_FILE, R.CLUSTERS_FILE, R.TRAINLEX_FILE,
                 *R.WORD_LIST_FILES):
        p = os.path.join(model_path, name)
        if os.path.exists(p):
            os.remove(p)

    log(f"resources: {len(docs)} documents, {len(sents)} sentences")
    if kept:
        for name, data in kept.items():
            with open(os.path.join(model_path, name), "wb") as fh:
                fh.write(data)
        log(f"  word lists copied from {resources_from}")
    else:
        n_gaz = R.build_gazetteer(model_path)
        n_wf = R.build_wordfreq(model_path)
        n_lex, n_names = R.build_frog(model_path, frog_dir)
        log(f"  gazetteer {n_gaz} tokens, wordfreq {n_wf} words, SoNaR lexicon {n_lex} words, "
            f"frog name lists {n_names} tokens")
    n_cl = R.build_clusters(model_path, [s.words for s in sents], ks=cluster_ks)
    log(f"  clusters {n_cl} words ({time.time() - t0:.0f}s)")

    res = R.load_resources(model_path)
    ex = FeatureExtractor(res)
    doc_words = [[s.words for s in d.sentences] for d in docs]
    doc_tags = [[s.tags for s in d.sentences] for d in docs]
    feats1 = [ex.doc_stage1(dw) for dw in doc_words]

    stages = 2 if stages >= 2 and len(docs) >= 2 else 1
    folds = max(2, min(folds, len(docs)))
    oof_tags: list = [None] * len(docs)
    fold_of = [d % folds for d in range(len(docs))]
    tmp = tempfile.mkdtemp(prefix="ner-train-")
    try:
        if stages == 2:
            _SHARED.update(feats=feats1, tags=doc_tags, fold_of=fold_of, params=params, tmp=tmp)
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(max(1, min(jobs, folds))) as pool:
                for k, pred in pool.imap_unordered(_fold_worker, range(folds)):
                    idx = [d for d in range(len(docs)) if fold_of[d] == k]
                    for d, p in zip(idx, pred):
                        oof_tags[d] = p
                    log(f"  fold {k + 1}/{folds} done ({time.time() - t0:.0f}s)")
            _SHARED.clear()
        log("training first pass on all documents")
        _train_crf([x for df in feats1 for x in df], [y for dt in doc_tags for y in dt],
                   os.path.join(model_path, STAGE1_FILE), params)
        log(f"  done ({time.time() - t0:.0f}s)")
        if stages == 2:
            xs2, ys2 = [], []
            for k in range(folds):
                lex = R.trainlex_counts(
                    (s.words, s.tags) for d, doc in enumerate(docs) if fold_of[d] != k
                    for s in doc.sentences)
                for d in range(len(docs)):
                    if fold_of[d] == k:
                        tags = [t for t, _ in oof_tags[d]]
                        conf = [c for _, c in oof_tags[d]]
                        xs2.extend(ex.doc_stage2(doc_words[d], feats1[d], tags, conf,
                                                 trainlex=lex))
                        ys2.extend(doc_tags[d])
            log("training second pass")
            _train_crf(xs2, ys2, os.path.join(model_path, STAGE2_FILE), params)
            R.build_trainlex(model_path, R.trainlex_counts((s.words, s.tags) for s in sents))
            log(f"  done ({time.time() - t0:.0f}s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    meta = {
        "feature_version": FEATURE_VERSION,
        "train_path": os.path.basename(train_path),
        "documents": len(docs),
        "sentences": len(sents),
        "tokens": sum(len(s.words) for s in sents),
        "stages": stages,
        "folds": folds if stages == 2 else 0,
        "params": params,
        "cluster_ks": list(cluster_ks),
        "word_lists": "copied" if kept else "built",
        "files": {},
    }
    for name in sorted(os.listdir(model_path)):
        if name != META_FILE:
            meta["files"][name] = os.path.getsize(os.path.join(model_path, name))
    with open(os.path.join(model_path, META_FILE), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1, sort_keys=True)
        fh.write("\n")
    log(f"model written to {model_path} ({time.time() - t0:.0f}s)")
    return meta
