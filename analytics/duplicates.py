"""Exact and near-duplicate articles across a corpus.

* **exact**: the cleaned texts have the same token stream (lowercased word tokens, see
  :mod:`analytics.tokenize`), so whitespace, punctuation and case differences do not matter.
* **near**: estimated Jaccard similarity of the sets of word 5-gram shingles is at least
  :data:`NEAR_THRESHOLD`, estimated with 64-permutation MinHash and found with datasketch's
  MinHashLSH (the same wire story with a sentence edited).

In each group the *original* is the earliest article (by month, then id); every other member
is reported with ``duplicate_of`` set to the original. Dropping duplicates keeps originals only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .pipeline import MINHASH_PERMUTATIONS, MINHASH_SCHEME, signature_array

NEAR_THRESHOLD = 0.8
DUPLICATE_COLUMNS = ["id", "duplicate_of", "duplicate_kind", "similarity"]


def lsh_bands() -> tuple[int, int]:
    """``(bands, rows per band)``: datasketch's choice for :data:`NEAR_THRESHOLD` and 64 permutations."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=MINHASH_PERMUTATIONS)
    return lsh.b, lsh.r


def _candidate_pairs(signatures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(earlier, later)`` of row positions that agree on at least one LSH band: the
    candidates datasketch's ``MinHashLSH`` returns, found with one sort per band."""
    bands, rows = lsh_bands()
    firsts, seconds = [], []
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, group, sizes = np.unique(keys, return_inverse=True, return_counts=True)
        shared = sizes[group.ravel()] > 1
        if not shared.any():
            continue
        members = np.flatnonzero(shared)
        by_group = members[np.argsort(group.ravel()[members], kind="stable")]
        groups = group.ravel()[by_group]
        starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1, len(groups)]
        for lo, hi in zip(starts[:-1], starts[1:]):
            pos = by_group[lo:hi]  # ascending: stable sort of ascending positions
            i, j = np.triu_indices(len(pos), k=1)
            firsts.append(pos[i])
            seconds.append(pos[j])
    if not firsts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    pairs = np.unique(np.stack([np.concatenate(firsts), np.concatenate(seconds)], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def find_duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` has columns id, month, text_hash, minhash; returns one row per duplicate.

    Columns: id, duplicate_of (the original's id), duplicate_kind (``exact``/``near``),
    similarity (1.0 for exact; the MinHash Jaccard estimate for near).

    Near duplicates follow datasketch's ``MinHashLSH`` used one article at a time in (month, id)
    order: an article whose LSH candidates include an earlier *original* with estimated Jaccard
    ≥ :data:`NEAR_THRESHOLD` is a copy of the earliest such original, otherwise it becomes an
    original itself. The candidates are found for all articles at once (same bands, same rule),
    which gives the same result in a fraction of the time (``tests/test_duplicates.py``).
    """
    rows: list[tuple[str, str, str, float]] = []
    if articles.empty:
        return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
    ordered = articles.sort_values(["month", "id"], kind="stable")
    originals = ordered.drop_duplicates("text_hash", keep="first")
    first_by_hash = dict(zip(originals["text_hash"], originals["id"]))
    for art_id, text_hash in zip(ordered["id"], ordered["text_hash"]):
        original = first_by_hash[text_hash]
        if original != art_id:
            rows.append((art_id, original, "exact", 1.0))

    if len(originals) > 1:
        ids = originals["id"].to_numpy()
        signatures = np.stack([signature_array(blob) for blob in originals["minhash"]]).astype(np.uint64)
        earlier, later = _candidate_pairs(signatures)
        similarity = np.count_nonzero(signatures[earlier] == signatures[later], axis=1) / float(MINHASH_PERMUTATIONS)
        close = similarity >= NEAR_THRESHOLD
        earlier, later, similarity = earlier[close], later[close], similarity[close]
        order = np.lexsort((earlier, later))  # by the later article, then its earliest candidate
        copy_of: dict[int, int] = {}
        parent: dict[str, str] = {}
        # Pairs come by later article, so every earlier article is settled when it is a candidate.
        for a, b, sim in zip(earlier[order].tolist(), later[order].tolist(), similarity[order].tolist()):
            if b in copy_of or a in copy_of:  # b already placed, or a is a copy (never inserted)
                continue
            copy_of[b] = a
            parent[ids[b]] = ids[a]
            rows.append((ids[b], ids[a], "near", round(sim, 4)))
        # An exact copy of a near-duplicate belongs to the near-duplicate's original.
        rows = [(a, parent.get(o, o) if k == "exact" else o, k, s) for a, o, k, s in rows]
    return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
