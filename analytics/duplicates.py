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


def find_duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` has columns id, month, text_hash, minhash; returns one row per duplicate.

    Columns: id, duplicate_of (the original's id), duplicate_kind (``exact``/``near``),
    similarity (1.0 for exact; the MinHash Jaccard estimate for near).
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
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=MINHASH_PERMUTATIONS)
        parent: dict[str, str] = {}
        hashes: dict[str, MinHash] = {}
        position = {art_id: i for i, art_id in enumerate(originals["id"])}
        for art_id, blob in zip(originals["id"], originals["minhash"]):
            mh = MinHash(num_perm=MINHASH_PERMUTATIONS, hashvalues=signature_array(blob).astype(np.uint64), scheme=MINHASH_SCHEME)
            # LSH returns candidates in no fixed order: try the earliest first, so the result
            # does not depend on the process's hash seed.
            for other in sorted(lsh.query(mh), key=position.__getitem__):
                similarity = mh.jaccard(hashes[other])
                if similarity >= NEAR_THRESHOLD:
                    # ``other`` was inserted earlier, so it is earlier in (month, id) order.
                    root = parent.get(other, other)
                    parent[art_id] = root
                    rows.append((art_id, root, "near", round(float(similarity), 4)))
                    break
            else:
                lsh.insert(art_id, mh)
                hashes[art_id] = mh
        # An exact copy of a near-duplicate belongs to the near-duplicate's original.
        rows = [(a, parent.get(o, o) if k == "exact" else o, k, s) for a, o, k, s in rows]
    return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
