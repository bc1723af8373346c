"""The CRF recogniser: raw text -> sentences -> two CRF passes -> character-offset mentions."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Sequence

import pycrfsuite

from .base import Mention
from .conll import chunks
from .features import FEATURE_VERSION, FeatureExtractor
from .resources import load_resources
from .tokenize import sentences_with_offsets

__all__ = ["CrfRecogniser", "STAGE1_FILE", "STAGE2_FILE", "META_FILE", "model_hash",
           "tag_with_confidence", "document_consistency", "CONSISTENCY_VERSION"]

STAGE1_FILE = "stage1.crfsuite"
STAGE2_FILE = "stage2.crfsuite"
META_FILE = "meta.json"
_VALID = {"PER", "ORG", "LOC", "MISC"}

#: Document-consistency post-processing (part of the recogniser's version string).
CONSISTENCY_VERSION = "dc1"


def tag_with_confidence(tagger: pycrfsuite.Tagger, xseq: list) -> tuple[list[str], list[float]]:
    """Viterbi tags of one sentence and the marginal probability of each chosen tag."""
    if not xseq:
        return [], []
    tags = tagger.tag(xseq)
    marginal = tagger.marginal
    return tags, [marginal(t, i) for i, t in enumerate(tags)]


def model_hash(model_dir: str) -> str:
    """SHA-256 (first 12 hex digits) over every file of the model directory, in name order."""
    h = hashlib.sha256()
    for name in sorted(os.listdir(model_dir)):
        path = os.path.join(model_dir, name)
        if os.path.isfile(path) and not name.startswith("."):
            h.update(name.encode())
            with open(path, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()[:12]


class CrfRecogniser:
    """Two-pass CRF named-entity recogniser for Dutch (PER, ORG, LOC, MISC; IOB2).

    The first CRF uses word, context, resource and document features; the second adds the
    first pass's tags and their document-level distribution per word form. A model directory
    with only ``stage1.crfsuite`` is used as a single-pass model.
    """

    def __init__(self, model_dir: str) -> None:
        self.model_dir = model_dir
        meta_path = os.path.join(model_dir, META_FILE)
        self.meta: dict = {}
        if os.path.exists(meta_path):
            with open(meta_path, encoding="utf-8") as fh:
                self.meta = json.load(fh)
        self._tagger1 = pycrfsuite.Tagger()
        self._tagger1.open(os.path.join(model_dir, STAGE1_FILE))
        self._tagger2 = None
        stage2 = os.path.join(model_dir, STAGE2_FILE)
        if os.path.exists(stage2):
            self._tagger2 = pycrfsuite.Tagger()
            self._tagger2.open(stage2)
        # attributes with a weight in either model; the rest would be ignored by crfsuite
        keep: set[str] = set()
        for tagger in (self._tagger1, self._tagger2):
            if tagger is not None:
                keep.update(a for a, _ in tagger.info().state_features)
        self.extractor = FeatureExtractor(load_resources(model_dir), keep=frozenset(keep))
        self.consistency = True
        self.version = f"crf2p-{FEATURE_VERSION}-{CONSISTENCY_VERSION}-{model_hash(model_dir)}"

    # ------------------------------------------------------------------ token level

    def tag_document(self, doc: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for a document given as tokenised sentences."""
        ex = self.extractor
        f1 = ex.doc_stage1(doc)
        if self._tagger2 is None:
            tag1 = self._tagger1.tag
            return [_repair(tag1(x)) if x else [] for x in f1]
        tagger1 = self._tagger1
        tags, conf = [], []
        for x in f1:
            t, c = tag_with_confidence(tagger1, x)
            tags.append(t)
            conf.append(c)
        f2 = ex.doc_stage2(doc, f1, tags, conf, inplace=True)  # f1 is not needed after this
        tagger2 = self._tagger2
        tag2 = tagger2.tag
        if not self.consistency:
            return [_repair(tag2(x)) if x else [] for x in f2]
        # Viterbi tags; then, only for mentions of token strings the document gives more than
        # one type, the lowest marginal probability of the mention's tags (the weight of its
        # vote in the consistency step). Other mentions cannot change, so their sentences are
        # not revisited.
        out: list[list[str]] = []
        raws: list[list[str]] = []
        found: list[tuple[int, int, int, tuple[str, ...]]] = []
        types: dict[tuple[str, ...], set[str]] = {}
        for si, x in enumerate(f2):
            if not x:
                out.append([])
                raws.append([])
                continue
            raw = tag2(x)
            raws.append(raw)
            if raw.count("O") == len(raw):
                out.append(raw)
                continue
            t = _repair(raw)
            out.append(t)
            n = len(t)
            sent = doc[si]
            for a, tg in enumerate(t):
                if tg[0] == "B":  # after _repair every entity starts with B- and goes on
                    b = a + 1     # with I- of the same type
                    while b < n and t[b][0] == "I":
                        b += 1
                    key = tuple(sent[a:b])
                    found.append((si, a, b, key))
                    types.setdefault(key, set()).add(tg[2:])
        spans: list[tuple[int, int, int, float]] = []
        current = -1
        marginal = tagger2.marginal
        for si, a, b, key in found:
            if len(types[key]) < 2:
                continue
            if si != current:
                tagger2.set(f2[si])
                current = si
            raw = raws[si]
            spans.append((si, a, b, min(marginal(raw[i], i) for i in range(a, b))))
        return document_consistency(doc, out, spans)

    # ------------------------------------------------------------------ text level

    def recognise(self, text: str) -> list[Mention]:
        """Mentions in ``text`` (sorted, non-overlapping, ``text[start:end] == surface``)."""
        sents = sentences_with_offsets(text)
        if not sents:
            return []
        doc = [[text[s:e] for s, e in sent] for sent in sents]
        tags = self.tag_document(doc)
        out: list[Mention] = []
        for spans, t in zip(sents, tags):
            for a, b, typ in chunks(t):
                if typ not in _VALID:
                    continue
                start, end = spans[a][0], spans[b - 1][1]
                out.append(Mention(start, end, text[start:end], typ))  # type: ignore[arg-type]
        return out

    def recognise_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Batch form of :meth:`recognise` (each text is its own document)."""
        return [self.recognise(t) for t in texts]


def document_consistency(
    doc: Sequence[Sequence[str]],
    tags: list[list[str]],
    spans: Sequence[tuple[int, int, int, float]],
) -> list[list[str]]:
    """Give the predicted mentions of one token string in a document one type.

    ``spans`` lists the predicted entities as (sentence, start, end, confidence), the
    confidence being the lowest marginal probability of the entity's tags. Per distinct token
    string the confidences are summed per predicted type; a mention whose type differs from
    the type with the largest sum is retyped when that type holds more than half of the total.
    Spans are never changed, only types, and nothing is added. ``tags`` is modified in place
    and returned.
    """
    if len(spans) < 2:
        return tags
    votes: dict[tuple[str, ...], dict[str, float]] = {}
    keys = []
    for si, a, b, c in spans:
        key = tuple(doc[si][a:b])
        keys.append(key)
        v = votes.setdefault(key, {})
        typ = tags[si][a][2:]
        v[typ] = v.get(typ, 0.0) + c
    for (si, a, b, _), key in zip(spans, keys):
        v = votes[key]
        if len(v) < 2:
            continue
        typ = max(v, key=v.__getitem__)
        sent = tags[si]
        if sent[a][2:] != typ and v[typ] > sum(v.values()) - v[typ]:
            sent[a] = "B-" + typ
            for i in range(a + 1, b):
                sent[i] = "I-" + typ
    return tags


def _repair(tags: Sequence[str]) -> list[str]:
    """Turn an ``I-X`` that does not continue an ``X`` into ``B-X`` (valid IOB2 output)."""
    out = list(tags)
    prev = "O"
    for i, t in enumerate(out):
        if t[:2] == "I-" and (prev == "O" or prev[2:] != t[2:]):
            out[i] = "B-" + t[2:]
        prev = out[i]
    return out
