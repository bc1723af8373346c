"""State scores of a document's tokens under both CRF passes, from per-word sums of weights.

A token's first-pass attributes are its word's own list, the lists its neighbours at -2..+2 give
it (:meth:`FeatureExtractor.word_lists`) and a few per-token extras (boundary markers, bigrams and
case features: ``start_feats``, ``end_feats``, ``bigram_feats``, ``case_feats``). Its
score for label y under a model is the sum of the weights w[a, y] of those attributes, so

    s(i, ·) = own[w_i] + left1[w_{i-1}] + right1[w_{i+1}] + left2[w_{i-2}] + right2[w_{i+2}]
              + Σ_{a ∈ extras(i)} w[a, ·]

where own[w] = Σ_{a ∈ own list of w} w[a, ·] and so on are computed once per distinct word and
kept (up to ``max_words`` words, then the table starts again). The second pass scores the same
attributes with its own weights, adds the word's training-lexicon attributes to own[w], and adds
the per-token attributes of the first pass's result (:func:`tag_extras`). Scores are the ones
crfsuite would compute from the attribute strings; the recogniser's tests check tags and
marginals against crfsuite's own tagger.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .crfmodel import CrfWeights, decode
from .features import (CONF_BINS, CONF_HI, CONF_MID, FeatureExtractor, bigram_feats, case_feats,
                       case_sets, doc_type_feats, end_feats, lex_feats, neighbour_doc_feats,
                       start_feats, tag_window_feats)

__all__ = ["DocumentScorer"]

# per word: first pass own, -1, +1, -2, +2, then the same five under the second pass
_OWN, _LEFT1, _RIGHT1, _LEFT2, _RIGHT2 = range(5)


class DocumentScorer:
    """Both passes of the two-pass CRF over a batch of tokenised documents, decoded in numpy."""

    def __init__(self, extractor: FeatureExtractor, first: CrfWeights, second: CrfWeights,
                 max_words: int = 50_000) -> None:
        self.extractor = extractor
        self.labels = list(first.labels)
        order = [second.labels.index(lab) for lab in self.labels]
        names = list(first.attrs) + [a for a in second.attrs if a not in first.attrs]
        self.index = {a: i for i, a in enumerate(names)}
        self.zero = len(names)  # an all-zero row for attributes neither model knows
        n_lab = len(self.labels)
        self.w1 = np.zeros((len(names) + 1, n_lab))
        self.w1[list(first.attrs.values())] = first.state
        self.w2 = np.zeros((len(names) + 1, n_lab))
        rows2 = [self.index[a] for a in second.attrs]
        self.w2[rows2] = second.state[list(second.attrs.values())][:, order]
        self.trans1 = first.trans
        self.trans2 = second.trans[np.ix_(order, order)]
        # boundary markers of a token 0, 1 or >= 2 tokens from the sentence's start / end
        starts = [self._ids(start_feats(k)) for k in range(3)]
        ends = [self._ids(end_feats(0, k + 1)) for k in range(3)]
        self._start1 = np.array([self.w1[r].sum(axis=0) for r in starts])
        self._start2 = np.array([self.w2[r].sum(axis=0) for r in starts])
        self._end1 = np.array([self.w1[r].sum(axis=0) for r in ends])
        self._end2 = np.array([self.w2[r].sum(axis=0) for r in ends])
        self.max_words = max_words
        self._slot: dict[str, int] = {}
        self._low: list[str] = []
        self._zf: list[str] = []
        self._vec = np.zeros((1024, 10, n_lab))
        self._windows: dict[int, np.ndarray] = {}  # tag-window code -> second-pass row

    # ------------------------------------------------------------------ per word

    def _ids(self, attrs: Sequence[str]) -> list[int]:
        get, zero = self.index.get, self.zero
        return [get(a, zero) for a in attrs]

    def _reset(self) -> None:
        self._slot.clear()
        self._low.clear()
        self._zf.clear()

    def _add_words(self, words: list[str]) -> None:
        """Sum the weight rows of each new word's attribute lists under both models."""
        start = len(self._slot)
        need = start + len(words)
        if need > len(self._vec):
            size = len(self._vec)
            while size < need:
                size *= 2
            grown = np.zeros((size,) + self._vec.shape[1:])
            grown[:start] = self._vec[:start]
            self._vec = grown
        lex = self.extractor.res.trainlex
        ids: list[int] = []
        starts: list[int] = []
        lex_ids: list[int] = []
        lex_starts: list[int] = []
        get, zero = self.index.get, self.zero
        word_lists = self.extractor.word_lists
        for k, w in enumerate(words):
            lists = word_lists(w)
            at = len(ids)
            for j in range(5):
                starts.append(at)
                at += len(lists[j])
            ids += [get(a, zero) for a in lists[0] + lists[1] + lists[2] + lists[3] + lists[4]]
            lex_starts.append(len(lex_ids))
            lex_ids += [get(a, zero) for a in lex_feats(lex.get(w))]
            self._slot[w] = start + k
            self._zf.append(lists[5])
            self._low.append(lists[6])
        n_lab = len(self.labels)
        # every list holds at least one attribute (zero row if unknown): no empty group
        first = np.add.reduceat(self.w1[ids], starts)
        second = np.add.reduceat(self.w2[ids], starts)
        second[0::5] += np.add.reduceat(self.w2[lex_ids], lex_starts)
        self._vec[start:need, :5] = first.reshape(len(words), 5, n_lab)
        self._vec[start:need, 5:] = second.reshape(len(words), 5, n_lab)

    # ------------------------------------------------------------------ per batch

    def _window_dims(self) -> tuple[int, ...]:
        """Sizes of a tag window's parts: tags at -2, -1 (labels + BOS), 0, its confidence
        bin, tags at +1, +2 (labels + EOS)."""
        nl = len(self.labels)
        return (nl + 1, nl + 1, nl, len(CONF_BINS), nl + 1, nl + 1)

    def _window_rows(self, codes: np.ndarray) -> np.ndarray:
        """Second-pass weight sums of the tag-window attributes for each window code."""
        out = np.zeros((len(codes), len(self.labels)))
        left, right = self.labels + ["BOS"], self.labels + ["EOS"]
        known = self._windows
        parts = [p.tolist() for p in np.unravel_index(codes, self._window_dims())]
        for j, (code, tm2, tm1, t0, cb, tp1, tp2) in enumerate(zip(codes.tolist(), *parts)):
            row = known.get(code)
            if row is None:
                attrs = tag_window_feats(left[tm2], left[tm1], self.labels[t0], CONF_BINS[cb],
                                         right[tp1], right[tp2])
                row = known[code] = self.w2[self._ids(attrs)].sum(axis=0)
            out[j] = row
        return out

    def tag_many(self, docs: Sequence[Sequence[Sequence[str]]]
                 ) -> list[tuple[list[list[str]], list[list[float]]]]:
        """For each tokenised document, the second-pass Viterbi tags of each sentence and the
        marginal probability of each tag (empty sentences get empty lists)."""
        sents = [s for doc in docs for s in doc if s]
        if not sents:
            return [([[] for _ in doc], [[] for _ in doc]) for doc in docs]
        slot = self._slot
        new = list(dict.fromkeys(w for s in sents for w in s if w not in slot))
        if new:
            if len(slot) + len(new) > self.max_words:
                self._reset()
                new = list(dict.fromkeys(w for s in sents for w in s))
            self._add_words(new)
        slots = np.fromiter((slot[w] for s in sents for w in s), dtype=np.intp)
        lens = np.fromiter((len(s) for s in sents), dtype=np.intp)
        n_tok = len(slots)
        lens_tok = np.repeat(lens, lens)
        pos = np.arange(n_tok) - np.repeat(np.cumsum(lens) - lens, lens)
        v = self._vec[slots]
        s1 = v[:, _OWN].copy()
        s2 = v[:, 5 + _OWN].copy()
        for shift, part in ((-1, _LEFT1), (-2, _LEFT2), (1, _RIGHT1), (2, _RIGHT2)):
            ok = np.nonzero(pos >= -shift if shift < 0 else pos < lens_tok - shift)[0]
            s1[ok] += v[ok + shift, part]
            s2[ok] += v[ok + shift, 5 + part]

        # per-token extras of the first pass, scored under both models: sentence-boundary
        # markers by position, bigrams and case features per token
        get, zero, ids = self.index.get, self.zero, self._ids
        from_start = np.minimum(pos, 2)
        from_end = np.minimum(lens_tok - 1 - pos, 2)
        s1 += self._start1[from_start] + self._end1[from_end]
        s2 += self._start2[from_start] + self._end2[from_end]
        low, zf = self._low, self._zf
        ex_ids: list[int] = []
        ex_tok: list[int] = []
        big_l: list[int] = []
        big_r: list[int] = []
        t = 0
        for doc in docs:
            lower_forms, mid_caps = case_sets(doc)
            for s in doc:
                left, right = bigram_feats([low[slot[w]] for w in s])
                big_l += [get(a, zero) for a in left]
                big_r += [get(a, zero) for a in right]
                for i, w in enumerate(s):
                    if w[:1].isupper():
                        for a in case_feats(w, i, zf[slot[w]], lower_forms, mid_caps):
                            ex_ids.append(get(a, zero))
                            ex_tok.append(t + i)
                t += len(s)
        s1 += self.w1[big_l] + self.w1[big_r]
        s2 += self.w2[big_l] + self.w2[big_r]
        if ex_ids:
            np.add.at(s1, ex_tok, self.w1[ex_ids])
            np.add.at(s2, ex_tok, self.w2[ex_ids])

        lab1, marg1 = decode(s1, lens, self.trans1)

        # second pass: the first pass's tag window of every token, as one code per token
        nl = len(self.labels)
        pad = np.full(2, nl)  # BOS before a sentence, EOS after it
        def shifted(by: int) -> np.ndarray:
            ok = pos + by
            inside = (ok >= 0) & (ok < lens_tok)
            return np.where(inside, np.concatenate((pad, lab1, pad))[np.arange(n_tok) + 2 + by], nl)
        cbin = np.where(marg1 >= CONF_HI, 0, np.where(marg1 >= CONF_MID, 1, 2))
        codes = np.ravel_multi_index((shifted(-2), shifted(-1), lab1, cbin, shifted(1), shifted(2)),
                                     self._window_dims())
        uniq, inv = np.unique(codes, return_inverse=True)
        s2 += self._window_rows(uniq)[inv]

        # second pass: document types of each capitalised word form, per document
        names = self.labels
        own_ids: list[int] = [zero]  # form 0: no document types
        own_starts: list[int] = [0]
        nb_l: list[int] = [zero]
        nb_r: list[int] = [zero]
        didx: list[int] = []
        for doc, dt, dc in zip(docs, _per_sentence(docs, [names[k] for k in lab1.tolist()]),
                               _per_sentence(docs, marg1.tolist())):
            form_row: dict[str, int] = {}
            for w, fs in doc_type_feats(doc, dt, dc).items():
                if not fs:
                    continue
                form_row[w] = len(own_starts)
                own_starts.append(len(own_ids))
                own_ids += [get(a, zero) for a in fs]
                nb = neighbour_doc_feats(fs)
                nb_l.append(get(nb[0], zero))
                nb_r.append(get(nb[1], zero))
            fget = form_row.get
            didx += [fget(w, 0) for s in doc for w in s]
        d = np.asarray(didx, dtype=np.intp)
        w2 = self.w2
        s2 += np.add.reduceat(w2[own_ids], own_starts)[d]
        ok = np.nonzero(pos >= 1)[0]
        s2[ok] += w2[nb_l][d[ok - 1]]
        ok = np.nonzero(pos < lens_tok - 1)[0]
        s2[ok] += w2[nb_r][d[ok + 1]]

        lab2, marg2 = decode(s2, lens, self.trans2)
        return list(zip(_per_sentence(docs, [names[k] for k in lab2.tolist()]),
                        _per_sentence(docs, marg2.tolist())))


def _per_sentence(docs: Sequence[Sequence[Sequence[str]]], flat: list) -> list[list[list]]:
    """Cut one value per token of ``docs`` (in order) into documents and sentences."""
    out = []
    t = 0
    for doc in docs:
        sents = []
        for s in doc:
            sents.append(flat[t:t + len(s)])
            t += len(s)
        out.append(sents)
    return out
