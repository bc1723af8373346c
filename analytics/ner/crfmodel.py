"""A crfsuite model's weights read exactly from its file, and decoding with them in numpy.

A first-order linear-chain CRF scores a tag sequence y of a sentence x as

    score(x, y) = Σ_i s(i, y_i) + Σ_i t(y_{i-1}, y_i),    s(i, y) = Σ_{a ∈ attrs(x, i)} w[a, y]

and the recogniser needs the best sequence (Viterbi) and the marginal probability of each tag,
P(y_i = y | x) = α_i(y) β_i(y) / Σ_y' α_i(y') β_i(y') (forward-backward). crfsuite does both
in C, but takes each token's attributes as strings: at ~75 attributes a token, building and
handing over those strings was most of the tagging time. Here s(i, ·) is a sum of weight rows,
so the rows of each word's attribute lists are summed once per distinct word
(:class:`..scoring.DocumentScorer`) and a token's scores are a few vector additions.

:func:`read_crfsuite` parses the model file (format of crfsuite 0.12, ``crf1d_model.c``: a
48-byte header, label and attribute string databases (CQDB) and 20-byte feature records holding
the weight as a little-endian double), so the weights are the model's own, not the 6-decimal
text of ``Tagger.info()``. Tie-breaking follows crfsuite's Viterbi (the first best label).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["CrfWeights", "read_crfsuite", "decode"]

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


@dataclass(frozen=True)
class CrfWeights:
    """``labels[j]`` names column j; ``attrs`` maps an attribute to its row of ``state``
    (shape attributes × labels); ``trans[i, j]`` is the weight of label i followed by j."""

    labels: list[str]
    attrs: dict[str, int]
    state: np.ndarray
    trans: np.ndarray


def _cqdb_strings(buf: bytes, base: int) -> list[str]:
    """The strings of a CQDB chunk in id order (its backward-link array)."""
    if buf[base:base + 4] != b"CQDB":
        raise ValueError("not a crfsuite model: string database missing")
    _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<5I", buf, base + 4)
    offsets = struct.unpack_from(f"<{bwd_size}I", buf, base + bwd_offset)
    out = []
    for off in offsets:
        _id, ksize = struct.unpack_from("<2I", buf, base + off)
        out.append(buf[base + off + 8:base + off + 8 + ksize - 1].decode("utf-8"))
    return out


def read_crfsuite(path: str) -> CrfWeights:
    """Read the labels, attributes and weights of a crfsuite CRF1d model file."""
    with open(path, "rb") as fh:
        buf = fh.read()
    if buf[:4] != b"lCRF" or buf[8:12] != b"FOMC":
        raise ValueError(f"{path}: not a crfsuite CRF1d model")
    (_version, _n, n_labels, n_attrs, off_feat, off_labels, off_attrs,
     _off_lref, _off_aref) = struct.unpack_from("<9I", buf, 12)
    if buf[off_feat:off_feat + 4] != b"FEAT":
        raise ValueError(f"{path}: feature chunk missing")
    (n_feat,) = struct.unpack_from("<I", buf, off_feat + 8)  # the header's count is left 0
    labels = _cqdb_strings(buf, off_labels)
    names = _cqdb_strings(buf, off_attrs)
    if len(labels) != n_labels or len(names) != n_attrs:
        raise ValueError(f"{path}: string databases do not match the header")
    feats = np.frombuffer(buf, dtype=_FEATURE, count=n_feat, offset=off_feat + 12)
    state = np.zeros((n_attrs, n_labels))
    trans = np.zeros((n_labels, n_labels))
    st = feats[feats["type"] == 0]
    tr = feats[feats["type"] == 1]
    state[st["src"], st["dst"]] = st["weight"]
    trans[tr["src"], tr["dst"]] = tr["weight"]
    return CrfWeights(labels, {a: i for i, a in enumerate(names)}, state, trans)


def decode(scores: np.ndarray, lengths: Sequence[int], trans: np.ndarray,
           want_marginals: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Viterbi labels and the marginal probability of each chosen label.

    ``scores`` (tokens × labels) holds s(i, ·) of consecutive sentences of ``lengths`` (each at
    least 1). All sentences are decoded together, position by position: sorted longest first,
    the sentences still running at position t are the first k_t, so nothing is padded and the
    loops run once per position of the longest sentence. Returns the label index of every token
    and, when asked, P(y_i = chosen label | x)."""
    n_tok, n_lab = scores.shape
    if n_tok == 0:
        return np.zeros(0, dtype=np.intp), (np.zeros(0) if want_marginals else None)
    lens = np.asarray(lengths, dtype=np.intp)
    order = np.argsort(-lens, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(lens))
    t_max = int(lens[order[0]])
    k = np.searchsorted(-lens[order], -np.arange(t_max), side="left")  # k[t] = #(len > t)
    off = np.concatenate(([0], np.cumsum(k)[:-1]))
    pos = np.arange(n_tok) - np.repeat(np.cumsum(lens) - lens, lens)
    tm = off[pos] + np.repeat(rank, lens)  # time-major index of each token
    x = np.empty_like(scores)
    x[tm] = scores

    delta = x[:k[0]].copy()
    back = np.zeros((n_tok, n_lab), dtype=np.intp)
    for t in range(1, t_max):
        kt, o = k[t], off[t]
        cand = delta[:kt, :, None] + trans[None]
        back[o:o + kt] = cand.argmax(axis=1)
        delta[:kt] = cand.max(axis=1) + x[o:o + kt]
    cur = delta.argmax(axis=1)  # first best label, as crfsuite
    path = np.empty(n_tok, dtype=np.intp)
    for t in range(t_max - 1, -1, -1):
        if t + 1 < t_max:
            k1, o1 = k[t + 1], off[t + 1]
            cur[:k1] = back[np.arange(o1, o1 + k1), cur[:k1]]
        path[off[t]:off[t] + k[t]] = cur[:k[t]]
    labels = path[tm]
    if not want_marginals:
        return labels, None

    # forward-backward in probability space, each position rescaled to sum 1
    e = np.exp(x - x.max(axis=1, keepdims=True))
    et = np.exp(trans)
    alpha = np.empty_like(e)
    a = e[:k[0]]
    alpha[:k[0]] = a / a.sum(axis=1, keepdims=True)
    for t in range(1, t_max):
        kt, o, op = k[t], off[t], off[t - 1]
        a = (alpha[op:op + kt] @ et) * e[o:o + kt]
        alpha[o:o + kt] = a / a.sum(axis=1, keepdims=True)
    beta = np.ones_like(e)
    for t in range(t_max - 2, -1, -1):
        k1, o1, o = k[t + 1], off[t + 1], off[t]
        b = (e[o1:o1 + k1] * beta[o1:o1 + k1]) @ et.T
        beta[o:o + k1] = b / b.sum(axis=1, keepdims=True)
    ab = alpha * beta
    marg = ab[np.arange(n_tok), path] / ab.sum(axis=1)
    return labels, marg[tm]
