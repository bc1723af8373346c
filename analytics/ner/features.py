"""Feature extraction for the two CRF passes.

Speed matters (the engine tags tens of millions of tokens), so every feature that depends on
the word alone is computed once per distinct word and cached as ready-made, position-prefixed
string lists; a token's feature list is then a concatenation of its own list and the lists of
its neighbours, plus a few sentence-, document- and (second pass) prediction-level features.

First pass, per token:

* word: lower-cased form, exact form when capitalised, prefixes 1–4 and suffixes 1–5, word
  shape (full, capped at 6 chars, and collapsed), capitalisation/digit/hyphen/punctuation flags;
* hyphenated compounds ("NAVO-Ruslandraad"): first and last part and the shape of the first;
* resources: gazetteer flags (place, language, first name), wordfreq Zipf bin of the lower-cased
  form, word clusters at three granularities (also for a compound's last part);
* context: words, shapes, clusters and gazetteer flags of the neighbours at -2..+2, and a
  sentence-start marker combined with capitalisation;
* document: a capitalised word whose lower-case form occurs elsewhere in the document
  ("lcdoc"), and a sentence-initial word also seen capitalised mid-sentence ("capdoc").

Second pass adds the first-pass tags at -1, 0, +1, the document-level distribution of
first-pass entity types for the same word form (a name tagged confidently elsewhere in the same
document), and the training-lexicon type distribution of the word.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from .resources import TYPES, Resources

__all__ = ["FeatureExtractor", "FEATURE_VERSION", "normalise", "case_sets", "token_extras",
           "doc_type_feats", "tag_extras", "start_feats", "end_feats",
           "bigram_feats", "case_feats", "lex_feats", "tag_window_feats",
           "neighbour_doc_feats", "CONF_HI", "CONF_MID", "CONF_BINS"]

#: Bump when the feature code changes; part of the recogniser's version string.
FEATURE_VERSION = "f5"

_NORMALISE = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'",
                            "’": "'", "‚": "'", "`": "'", "–": "-", "—": "-"})
_PUNCT_RE = re.compile(r"^[^\w]+$")
_SHAPE = str.maketrans(
    {**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŠŽ"},
     **{c: "x" for c in "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿšžß"},
     **{c: "d" for c in "0123456789"}}
)
_COLLAPSE_RE = re.compile(r"(.)\1+")


def normalise(word: str) -> str:
    """Map typographic quotes and dashes to the ASCII forms used in the CoNLL data."""
    w = word.translate(_NORMALISE)
    if w == "…":
        return "..."
    return w


def _shape(w: str) -> str:
    return w.translate(_SHAPE)


class FeatureExtractor:
    """Builds crfsuite attribute lists for sentences of a document, caching per word."""

    def __init__(self, res: Resources, max_cache: int = 300_000,
                 keep: frozenset[str] | set[str] | None = None) -> None:
        """``keep``: if given, only these attributes are emitted (the ones the trained models
        use; dropping the others changes no score but saves crfsuite the lookups)."""
        self.res = res
        self.max_cache = max_cache
        self.keep = keep
        self._cache: dict[str, tuple] = {}

    # ------------------------------------------------------------------ per word

    def _word_feats(self, word: str) -> tuple:
        """:meth:`word_lists` of ``word``, cached, keeping only the attributes in ``keep``."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(self._cache) >= self.max_cache:
            self._cache.clear()
        out = self.word_lists(word)
        keep = self.keep
        if keep is not None:
            out = tuple([x for x in lst if x in keep] for lst in out[:5]) + out[5:]
        self._cache[word] = out
        return out

    def word_lists(self, word: str) -> tuple:
        """Return (own, as -1, as +1, as -2, as +2, zipf feature, lower form) for ``word``.

        The first five are the attributes the word gives a token when it is that token, or the
        token's neighbour at -1, +1, -2 or +2."""
        res = self.res
        w = normalise(word)
        low = w.lower()
        shape = _shape(w)
        short = _COLLAPSE_RE.sub(r"\1", shape)
        f = ["b", "w=" + low, "sh=" + short, "shf=" + shape[:6]]
        if w != low:
            f.append("W=" + w)
        n = len(low)
        for k in (1, 2, 3, 4):
            if n > k:
                f.append(f"p{k}=" + low[:k])
        for k in (1, 2, 3, 4, 5):
            if n > k:
                f.append(f"s{k}=" + low[-k:])
        first = w[:1]
        title = first.isupper()
        if title:
            f.append("title")
            if w.isupper() and n > 1:
                f.append("upper")
        if not w.isalpha() and any(c.isdigit() for c in w):
            f.append("digit")
        if _PUNCT_RE.match(w):
            f.append("punct")
        gaz = res.gazetteer.get(w, ())
        for g in gaz:
            f.append("g=" + g)
        zf = res.wordfreq.get(low)
        f.append("zf=" + (str(zf) if zf is not None else "-"))
        sx = sonar_feats(res.sonarlex.get(w))
        f.extend(sx)
        cl = res.clusters.get(low)
        if cl:
            f.extend(("c0=" + cl[0], "c1=" + cl[1], "c2=" + cl[2]))
        else:
            f.append("c=-")
        if "-" in w[1:-1]:
            parts = w.split("-")
            head, tail = parts[0], parts[-1]
            f.append("hyph")
            f.append("h0=" + head.lower())
            f.append("hl=" + tail.lower())
            f.append("h0sh=" + _COLLAPSE_RE.sub(r"\1", _shape(head)))
            f.append("hlsh=" + _COLLAPSE_RE.sub(r"\1", _shape(tail)))
            for g in res.gazetteer.get(head, ()):
                f.append("h0g=" + g)
            for g in res.gazetteer.get(tail, ()):
                f.append("hlg=" + g)
            tcl = res.clusters.get(tail.lower())
            if tcl:
                f.append("hlc1=" + tcl[1])
            hzf = res.wordfreq.get(head.lower())
            f.append("h0zf=" + (str(hzf) if hzf is not None else "-"))
        # context views of this word
        near = ["w=" + low, "sh=" + short]
        if cl:
            near.append("c1=" + cl[1])
        for g in gaz:
            near.append("g=" + g)
        if title:
            near.append("title")
        near.append(sx[0])
        far = ["w=" + low, "sh=" + short]
        if cl:
            far.append("c0=" + cl[0])
        out = (
            f,
            ["-1:" + x for x in near] + ["-1:s3=" + low[-3:]],
            ["+1:" + x for x in near] + ["+1:s3=" + low[-3:]],
            ["-2:" + x for x in far],
            ["+2:" + x for x in far],
            "zf=" + (str(zf) if zf is not None else "-"),
            low,
        )
        return out

    # ------------------------------------------------------------------ per document

    def doc_stage1(self, doc: Sequence[Sequence[str]]) -> list[list[list[str]]]:
        """First-pass attribute lists for every token of every sentence in ``doc``."""
        lower_forms, mid_caps = case_sets(doc)
        out = []
        wf = self._word_feats
        keep = self.keep
        for sent in doc:
            ents = [wf(w) for w in sent]
            left, right = bigram_feats([e[6] for e in ents])
            n = len(sent)
            feats = []
            for i in range(n):
                f = list(ents[i][0])
                if i > 0:
                    f += ents[i - 1][1]
                    if i > 1:
                        f += ents[i - 2][3]
                if i + 1 < n:
                    f += ents[i + 1][2]
                    if i + 2 < n:
                        f += ents[i + 2][4]
                extra = token_extras(sent, i, (left[i], right[i]), ents[i][5], lower_forms, mid_caps)
                if keep is None:
                    f += extra
                else:
                    f += [x for x in extra if x in keep]
                feats.append(f)
            out.append(feats)
        return out

    def doc_stage2(
        self,
        doc: Sequence[Sequence[str]],
        stage1_feats: list[list[list[str]]],
        stage1_tags: Sequence[Sequence[str]],
        stage1_conf: Sequence[Sequence[float]] | None = None,
        trainlex: dict[str, tuple[int, int, int, int, int]] | None = None,
        inplace: bool = False,
    ) -> list[list[list[str]]]:
        """Second-pass attribute lists: first-pass features plus prediction-based features.

        ``stage1_conf`` holds the first pass's marginal probability of each predicted tag;
        ``trainlex`` overrides the lexicon in the resources (used for out-of-fold training);
        ``inplace`` extends the lists of ``stage1_feats`` instead of copying them (when the
        caller has no further use for the first-pass features; saves a copy per token).
        """
        lex = self.res.trainlex if trainlex is None else trainlex
        if stage1_conf is None:
            stage1_conf = [[1.0] * len(t) for t in stage1_tags]
        docf = doc_type_feats(doc, stage1_tags, stage1_conf)
        lexf: dict[str, list[str]] = {}
        out = []
        for sent, feats, tags, conf in zip(doc, stage1_feats, stage1_tags, stage1_conf):
            dn = [docf.get(w) for w in sent]
            sent_out = []
            for i in range(len(sent)):
                w = sent[i]
                f = feats[i] if inplace else list(feats[i])
                f += tag_extras(tags, conf, dn, i)
                lf = lexf.get(w)
                if lf is None:
                    lf = lex_feats(lex.get(w))
                    lexf[w] = lf
                f += lf
                sent_out.append(f)
            out.append(sent_out)
        return out


_OPENERS = frozenset(('"', "'", "“", "‘", ":", "(", "-", "--"))


def case_sets(doc: Sequence[Sequence[str]]) -> tuple[set[str], set[str]]:
    """The document's lower-case words, and its capitalised words seen mid-sentence (not right
    after an opening quote, bracket, colon or dash)."""
    lower_forms = {w for sent in doc for w in sent if w[:1].islower()}
    mid_caps = {sent[j] for sent in doc for j in range(1, len(sent))
                if sent[j][:1].isupper() and sent[j - 1] not in _OPENERS}
    return lower_forms, mid_caps


def token_extras(sent: Sequence[str], i: int, bigrams: tuple[str, str], zf: str,
                 lower_forms: set[str], mid_caps: set[str]) -> list[str]:
    """First-pass attributes of token ``i`` that are not one word's own or neighbour lists:
    sentence-boundary markers, its two word bigrams (from :func:`bigram_feats`) and the document
    case features."""
    f = start_feats(i) + end_feats(i, len(sent))
    f += bigrams
    w = sent[i]
    if w[:1].isupper():
        f += case_feats(w, i, zf, lower_forms, mid_caps)
    return f


def start_feats(i: int) -> list[str]:
    """Markers of the first two tokens of a sentence."""
    return ["BOS"] if i == 0 else ["-2:BOS"] if i == 1 else []


def end_feats(i: int, n: int) -> list[str]:
    """Markers of the last two tokens of a sentence of ``n`` tokens."""
    return ["EOS"] if i == n - 1 else ["+2:EOS"] if i == n - 2 else []


def bigram_feats(lows: list[str]) -> tuple[list[str], list[str]]:
    """The word bigrams of each token of a sentence (its words lower-cased): with the word before
    it ("BOS" at the start) and with the word after it ("EOS" at the end)."""
    left = ["w-1w0=" + p + "|" + w for p, w in zip(["BOS"] + lows[:-1], lows)]
    right = ["w0w+1=" + w + "|" + q for w, q in zip(lows, lows[1:] + ["EOS"])]
    return left, right


def case_feats(w: str, i: int, zf: str, lower_forms: set[str], mid_caps: set[str]) -> list[str]:
    """Attributes of a capitalised token ``w`` at position ``i``: at the sentence start its
    frequency bin (``zf``), and whether the document also writes it in lower case or
    capitalised mid-sentence (:func:`case_sets`)."""
    f = ["BOS_title", "BOS_" + zf] if i == 0 else []
    if w.lower() in lower_forms:
        f.append("lcdoc")
    if w in mid_caps:
        f.append("capdoc")
    return f


def doc_type_feats(
    doc: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    conf: Sequence[Sequence[float]],
) -> dict[str, list[str]]:
    """Per capitalised word form: the confidence-weighted first-pass types of its occurrences
    in the document (``d=TYPE``, with its share, ``:multi``, ``:conf`` and ``d=mixed``)."""
    seen: Counter[str] = Counter()
    typed: dict[str, dict[str, float]] = {}
    best: dict[str, float] = {}
    for sent, tg, cf in zip(doc, tags, conf):
        for w, t, c in zip(sent, tg, cf):
            if not w[:1].isupper():
                continue
            seen[w] += 1
            if t != "O":
                d = typed.setdefault(w, {})
                d[t[2:]] = d.get(t[2:], 0.0) + c
                if c > best.get(w, 0.0):
                    best[w] = c
    docf: dict[str, list[str]] = {}
    for w, n in seen.items():
        d = typed.get(w)
        if not d:
            docf[w] = ["d=O"] if n > 1 else []
            continue
        typ = max(d, key=d.__getitem__)
        frac = d[typ] / n
        fs = ["d=" + typ,
              "d=" + typ + (":all" if frac >= 0.9 else ":hi" if frac >= 0.5 else ":lo")]
        if n > 1:
            fs.append("d=" + typ + ":multi")
        if best[w] >= 0.9:
            fs.append("d=" + typ + ":conf")
        if len(d) > 1:
            fs.append("d=mixed")
        docf[w] = fs
    return docf


#: First-pass confidence bins of the ``t0c=`` attribute: ":hi" from CONF_HI, ":mid" from CONF_MID.
CONF_HI, CONF_MID = 0.9, 0.6
CONF_BINS = (":hi", ":mid", ":lo")


def tag_window_feats(tm2: str, tm1: str, t0: str, conf_bin: str, tp1: str, tp2: str) -> list[str]:
    """Second-pass attributes from the first-pass tags at -2..+2 ("BOS"/"EOS" past the
    sentence's ends) and the confidence bin of the tag at 0 (one of :data:`CONF_BINS`)."""
    return [
        "t0=" + t0,
        "t0c=" + t0 + conf_bin,
        "t-1=" + tm1,
        "t+1=" + tp1,
        "t-2=" + tm2,
        "t+2=" + tp2,
        "t-1t0=" + tm1 + "|" + t0,
        "t0t+1=" + t0 + "|" + tp1,
    ]


def neighbour_doc_feats(d: list[str] | None) -> tuple[str, str] | None:
    """The attributes a word's document types give its neighbours at +1 and -1."""
    return ("-1:" + d[0], "+1:" + d[0]) if d else None


def tag_extras(tags: Sequence[str], conf: Sequence[float],
               dn: Sequence[list[str] | None], i: int) -> list[str]:
    """Second-pass attributes of token ``i`` from the first pass: its tags at -2..+2 with the
    confidence of its own, and the document type features of the word and its neighbours
    (``dn``: :func:`doc_type_feats` of each word of the sentence, or None)."""
    n = len(tags)
    c = conf[i]
    f = tag_window_feats(
        tags[i - 2] if i > 1 else "BOS",
        tags[i - 1] if i > 0 else "BOS",
        tags[i],
        CONF_BINS[0] if c >= CONF_HI else CONF_BINS[1] if c >= CONF_MID else CONF_BINS[2],
        tags[i + 1] if i + 1 < n else "EOS",
        tags[i + 2] if i + 2 < n else "EOS",
    )
    d = dn[i]
    if d:
        f += d
    if i > 0:
        nb = neighbour_doc_feats(dn[i - 1])
        if nb:
            f.append(nb[0])
    if i + 1 < n:
        nb = neighbour_doc_feats(dn[i + 1])
        if nb:
            f.append(nb[1])
    return f


def _type_feats(v: tuple[int, int, int, int, int], p: str) -> list[str]:
    """From counts ``(n, PER, ORG, LOC, MISC)`` with at least one entity: the main type
    (``p=TYPE``), the share of the n occurrences inside an entity (``pe=all|hi|lo``, hi >= 1/2)
    and ``p=amb`` when the main type holds under 3/4 of the entity counts."""
    k = max(range(4), key=lambda j: v[1 + j])
    ent = sum(v[1:])
    frac = ent / v[0]
    out = [f"{p}={TYPES[k]}", f"{p}e=" + ("all" if frac == 1.0 else "hi" if frac >= 0.5 else "lo")]
    if v[1 + k] / ent < 0.75:
        out.append(f"{p}=amb")
    return out


def sonar_feats(v: tuple[int, int, int, int, int] | None) -> list[str]:
    """The word's entity types in the SoNaR-1 corpus (frogdata): :func:`_type_feats` and how
    often it was seen (``sxn=1|few|many``, few < 5)."""
    if v is None:
        return ["sx=-"]
    n = v[0]
    cnt = "sxn=" + ("1" if n == 1 else "few" if n < 5 else "many")
    if sum(v[1:]) == 0:
        return ["sx=O", cnt]
    out = _type_feats(v, "sx")
    out.insert(2, cnt)
    return out


def lex_feats(v: tuple[int, int, int, int, int] | None) -> list[str]:
    """The word's entity types in the training annotations (:func:`_type_feats`)."""
    if v is None:
        return ["lx=-"]
    return _type_feats(v, "lx")
