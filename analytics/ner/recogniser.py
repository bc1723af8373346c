"""The CRF recogniser: raw text -> sentences -> two CRF passes -> character-offset mentions."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Sequence

import pycrfsuite

from ..wordlists import demonyms  # the list the entity merge types MISC
from .base import Mention
from .conll import chunks
from .crfmodel import read_crfsuite
from .features import FEATURE_VERSION, FeatureExtractor
from .known_names import apply_known_names, known_names_hash, known_organisations
from .resources import load_resources
from .scoring import DocumentScorer
from .tokenize import sentences_with_offsets

__all__ = ["CrfRecogniser", "STAGE1_FILE", "STAGE2_FILE", "META_FILE", "model_hash",
           "tag_with_confidence", "document_consistency", "join_particle_splits", "join_first_names",
           "CONSISTENCY_VERSION"]

STAGE1_FILE = "stage1.crfsuite"
STAGE2_FILE = "stage2.crfsuite"
META_FILE = "meta.json"
_VALID = {"PER", "ORG", "LOC", "MISC"}

#: Document-consistency post-processing and mention confidences (part of the recogniser's
#: version string; dc2: every mention carries a confidence; dc3: a person cut after a surname
#: particle is joined with the name that follows, :func:`join_particle_splits`; dc4: listed
#: organisation names become one ORG mention, :mod:`.known_names`; dc5: a lone first name typed
#: MISC right before a person joins it, :func:`join_first_names`).
CONSISTENCY_VERSION = "dc5"
#: Lower-case surname particles: a person name never ends with one ("Annelies van den").
NAME_PARTICLES = frozenset("van de der den ten ter von zu le la du des da di del el al ben bin ibn abu".split())


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
        weights = [read_crfsuite(os.path.join(model_dir, STAGE1_FILE))]
        if self._tagger2 is not None:
            weights.append(read_crfsuite(stage2))
        # attributes with a weight in either model; the rest would be ignored by crfsuite
        keep = frozenset(a for w in weights for a in w.attrs)
        res = load_resources(model_dir)
        self.extractor = FeatureExtractor(res, keep=keep)
        self._scorer = DocumentScorer(FeatureExtractor(res), *weights) if len(weights) == 2 else None
        #: "numpy" decodes with the models' weights (:mod:`.scoring`); "crfsuite" hands the
        #: attribute strings to crfsuite's tagger. Same tags; numpy is faster.
        self.decoder = "numpy"
        self.consistency = True
        #: listed organisation names made one ORG mention (:mod:`.known_names`)
        self.known_names = True
        self.version = (f"crf2p-{FEATURE_VERSION}-{CONSISTENCY_VERSION}-{model_hash(model_dir)}"
                        f"-k{known_names_hash()}")

    # ------------------------------------------------------------------ token level

    def tag_document(self, doc: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for a document given as tokenised sentences."""
        return self.tag_document_with_confidence(doc)[0]

    def tag_document_with_confidence(
        self, doc: Sequence[Sequence[str]]
    ) -> tuple[list[list[str]], list[list[float]]]:
        """IOB2 tags and, per token, the confidence of its tag.

        A token inside an entity gets the marginal probability of its tag under the last CRF
        pass; a token the consistency step retyped gets the share of the document's vote that
        the new type holds. Tokens outside entities get 1.0.
        """
        return self.tag_documents_with_confidence([doc])[0]

    def tag_documents_with_confidence(
        self, docs: Sequence[Sequence[Sequence[str]]]
    ) -> list[tuple[list[list[str]], list[list[float]]]]:
        """:meth:`tag_document_with_confidence` of each document, decoded together."""
        if self._tagger2 is None:
            return [self._tag_one_pass(doc) for doc in docs]
        if self.decoder == "numpy":
            raws = self._scorer.tag_many(docs)
        else:
            raws = [self._tag_crfsuite(doc) for doc in docs]
        return [self._finish(doc, rt, rc) for doc, (rt, rc) in zip(docs, raws)]

    def _tag_one_pass(self, doc: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[list[float]]]:
        tags, conf = [], []
        for sent, x in zip(doc, self.extractor.doc_stage1(doc)):
            t, c = tag_with_confidence(self._tagger1, x)
            tags.append(self._sentence_rules(sent, t))
            conf.append(c)
        return self._known(doc, tags, conf), conf

    def _finish(self, doc: Sequence[Sequence[str]], raw_tags: list[list[str]],
                raw_conf: list[list[float]]) -> tuple[list[list[str]], list[list[float]]]:
        """Valid IOB2, names joined at their particle, and the document-consistency vote."""
        # the marginal probability of each entity token's tag is its confidence; a mention's
        # vote in the consistency step is the lowest of these over its tokens
        out: list[list[str]] = []
        confs: list[list[float]] = []
        found: list[tuple[int, int, int, tuple[str, ...]]] = []
        types: dict[tuple[str, ...], set[str]] = {}
        for si, (raw, marg) in enumerate(zip(raw_tags, raw_conf)):
            n = len(raw)
            if raw.count("O") == n:
                out.append(raw)
                confs.append([1.0] * n)
                continue
            c = [1.0 if tg == "O" else marg[i] for i, tg in enumerate(raw)]
            confs.append(c)
            t = self._sentence_rules(doc[si], raw)
            out.append(t)
            sent = doc[si]
            for a, tg in enumerate(t):
                if tg[0] == "B":  # after _repair every entity starts with B- and goes on
                    b = a + 1     # with I- of the same type
                    while b < n and t[b][0] == "I":
                        b += 1
                    key = tuple(sent[a:b])
                    found.append((si, a, b, key))
                    types.setdefault(key, set()).add(tg[2:])
        if self.consistency:
            spans = [(si, a, b, min(confs[si][a:b])) for si, a, b, key in found if len(types[key]) > 1]
            document_consistency(doc, out, spans, confs)
        return self._known(doc, out, confs), confs

    def _sentence_rules(self, words: Sequence[str], raw: Sequence[str]) -> list[str]:
        """Valid IOB2, then names joined at their particle and lone first names joined."""
        return join_first_names(words, join_particle_splits(words, _repair(raw)), self._is_first_name)

    def _is_first_name(self, word: str) -> bool:
        """A first name of the gazetteer that is not also a nationality word ("Brit")."""
        if "FIRST" not in self.extractor.res.gazetteer.get(word, ()):
            return False
        return word.casefold() not in demonyms()

    def _known(self, doc: Sequence[Sequence[str]], tags: list[list[str]],
               confs: list[list[float]]) -> list[list[str]]:
        """:func:`apply_known_names` over the sentences that hold an entity."""
        if self.known_names:
            names = known_organisations()
            for words, t, c in zip(doc, tags, confs):
                if t and t.count("O") != len(t):
                    apply_known_names(words, t, c, names)
        return tags

    def _tag_crfsuite(self, doc: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[list[float]]]:
        """Second-pass tags from crfsuite's tagger, with the marginal of each entity tag
        (read right after tagging, while the tagger still holds the sentence; 1.0 for O)."""
        ex = self.extractor
        f1 = ex.doc_stage1(doc)
        tags, conf = [], []
        for x in f1:
            t, c = tag_with_confidence(self._tagger1, x)
            tags.append(t)
            conf.append(c)
        f2 = ex.doc_stage2(doc, f1, tags, conf, inplace=True)  # f1 is not needed after this
        tag2 = self._tagger2.tag
        marginal = self._tagger2.marginal
        out, margs = [], []
        for x in f2:
            raw = tag2(x) if x else []
            out.append(raw)
            margs.append([1.0 if tg == "O" else marginal(tg, i) for i, tg in enumerate(raw)])
        return out, margs

    # ------------------------------------------------------------------ text level

    def recognise(self, text: str) -> list[Mention]:
        """Mentions in ``text`` (sorted, non-overlapping, ``text[start:end] == surface``)."""
        return self.recognise_many([text])[0]

    def recognise_many(self, texts: Sequence[str], batch_tokens: int = 50_000) -> list[list[Mention]]:
        """:meth:`recognise` of each text (each its own document); texts are tagged together
        in batches of about ``batch_tokens`` tokens."""
        out: list[list[Mention]] = []
        batch: list[tuple[str, list]] = []
        size = 0
        for text in texts:
            sents = sentences_with_offsets(text)
            batch.append((text, sents))
            size += sum(len(s) for s in sents)
            if size >= batch_tokens:
                out += self._mentions(batch)
                batch, size = [], 0
        if batch:
            out += self._mentions(batch)
        return out

    def _mentions(self, batch: list[tuple[str, list]]) -> list[list[Mention]]:
        docs = [[[text[s:e] for s, e in sent] for sent in sents] for text, sents in batch]
        tagged = self.tag_documents_with_confidence(docs)
        out = []
        for (text, sents), (tags, confs) in zip(batch, tagged):
            found: list[Mention] = []
            for spans, t, c in zip(sents, tags, confs):
                for a, b, typ in chunks(t):
                    if typ not in _VALID:
                        continue
                    start, end = spans[a][0], spans[b - 1][1]
                    found.append(Mention(start, end, text[start:end], typ, round(min(c[a:b]), 4)))  # type: ignore[arg-type]
            out.append(found)
        return out


def document_consistency(
    doc: Sequence[Sequence[str]],
    tags: list[list[str]],
    spans: Sequence[tuple[int, int, int, float]],
    confidences: list[list[float]] | None = None,
) -> list[list[str]]:
    """Give the predicted mentions of one token string in a document one type.

    ``spans`` lists the predicted entities as (sentence, start, end, confidence), the
    confidence being the lowest marginal probability of the entity's tags. Per distinct token
    string the confidences are summed per predicted type; a mention whose type differs from
    the type with the largest sum is retyped when that type holds more than half of the total.
    Spans are never changed, only types, and nothing is added. ``tags`` is modified in place
    and returned; when per-token ``confidences`` are given, a retyped mention's tokens get the
    new type's share of the vote.
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
            if confidences is not None:
                share = v[typ] / sum(v.values())
                for i in range(a, b):
                    confidences[si][i] = share
    return tags


def join_particle_splits(words: Sequence[str], tags: list[str]) -> list[str]:
    """Join a person entity that ends with a lower-case surname particle to the entity right after it.

    The recogniser sometimes cuts a name at its particle: "Annelies van den" (PER) + "Heuvel"
    (LOC). A person name never ends with "van den", so the two spans are one person:
    ``B-PER I-PER I-PER B-LOC`` becomes ``B-PER I-PER I-PER I-PER``. ``tags`` (valid IOB2) is
    changed in place and returned."""
    n = len(tags)
    for i in range(1, n):
        if tags[i][0] == "B" and tags[i - 1][2:] == "PER" and words[i - 1] in NAME_PARTICLES:
            tags[i] = "I-PER"
            j = i + 1
            while j < n and tags[j][0] == "I" and tags[j][2:] != "PER":
                tags[j] = "I-PER"
                j += 1
    return tags


def join_first_names(words: Sequence[str], tags: list[str], is_first_name) -> list[str]:
    """Join a lone first name typed MISC to the person right after it.

    The recogniser sometimes types a first name on its own: "Niels" (MISC) + "Van Leeuwen"
    (PER), or "Niels" (MISC) + "van" + "Leeuwen" (PER). When the MISC entity is one word that
    ``is_first_name`` accepts, and a person starts right after it or after lower-case surname
    particles (:data:`NAME_PARTICLES`) left outside any entity, they are one person:
    ``B-MISC B-PER I-PER`` and ``B-MISC O B-PER`` become ``B-PER I-PER I-PER``. Other types
    are left alone ("Gent" LOC + "Bart Peeters" is a place and a person). ``tags`` (valid IOB2)
    is changed in place and returned."""
    n = len(tags)
    for i in range(n - 1):
        if tags[i] != "B-MISC" or tags[i + 1] == "I-MISC":
            continue
        j = i + 1
        while j < n and tags[j] == "O" and words[j] in NAME_PARTICLES:
            j += 1
        if j < n and tags[j] == "B-PER" and is_first_name(words[i]):
            tags[i] = "B-PER"
            for k in range(i + 1, j + 1):
                tags[k] = "I-PER"
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
