"""Per-article work: cleaning, term and bigram counts, a MinHash signature, entity mentions.

Everything here depends only on the article body, so results are cached on disk keyed by the
body's SHA-1 (:attr:`analytics.corpus.Article.content_key`) and :data:`PIPELINE_VERSION`
(entity mentions additionally by the recogniser's ``version``).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from functools import lru_cache
from itertools import islice
from typing import Sequence

import numpy as np
import pyarrow as pa

from .cleaning import clean_text
from .corpus import MAX_RECOGNISED_CHARS
from .tokenize import analyse

#: Bump when cleaning, tokenisation or stopwords change: every cached article is redone.
PIPELINE_VERSION = "2"
MINHASH_PERMUTATIONS = 64
SHINGLE_WORDS = 5
MINHASH_SCHEME = "affine32"
#: Shingles hashed per MinHash update: bounds memory on a very long article (same signature).
_MINHASH_BATCH = 20_000

TEXT_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("clean_text", pa.string()),
        ("n_tokens", pa.int32()),
        ("n_terms", pa.int32()),
        ("removed_chars", pa.int32()),
        ("removals", pa.string()),
        ("text_hash", pa.string()),
        ("minhash", pa.binary(4 * MINHASH_PERMUTATIONS)),
    ]
)
COUNT_SCHEMA = pa.schema([("key", pa.string()), ("term", pa.string()), ("count", pa.int32())])
MENTION_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("surface", pa.string()),
        ("type", pa.string()),
        ("confidence", pa.float32()),
        ("preceding", pa.string()),
    ]
)
#: Bump when MENTION_SCHEMA or what fills it changes: cached mentions are redone (it is part of
#: the mention cache key with the recogniser's version). 2: confidence and preceding.
MENTION_FORMAT = "2"


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=MINHASH_PERMUTATIONS, scheme=MINHASH_SCHEME).permutations


def minhash_signature(words: Sequence[str], joined: bytes | None = None) -> bytes:
    """MinHash (datasketch, 64 permutations, CRC-32 of word 5-gram shingles) as raw bytes.

    A shingle is ``" ".join(words[i : i + 5]).encode("utf-8")``. ``joined`` is
    ``" ".join(words).encode("utf-8")`` when the caller has it already: the shingles are then
    joined from its words' bytes (the same bytes, so the same signature) without a Python loop.
    """
    from datasketch import MinHash

    m = MinHash(num_perm=MINHASH_PERMUTATIONS, hashfunc=zlib.crc32, scheme=MINHASH_SCHEME, permutations=_permutations())
    if joined is None:
        joined = " ".join(words).encode("utf-8")
    if len(words) < SHINGLE_WORDS:
        m.update_batch([joined])
        return m.hashvalues.astype("<u4").tobytes()
    parts = joined.split(b" ")
    if len(parts) == len(words):
        shingles = map(b" ".join, zip(*(parts[k:] for k in range(SHINGLE_WORDS))))
    else:  # a word with a space in it: join the words themselves
        shingles = (" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1))
    while batch := list(islice(shingles, _MINHASH_BATCH)):  # the minimum over batches is the minimum over all
        m.update_batch(batch)
    return m.hashvalues.astype("<u4").tobytes()


def signature_array(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def process_texts(items: Sequence[tuple[str, str]], stopwords: frozenset[str]) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Process ``(key, body)`` pairs; return the text, term-count and bigram-count tables."""
    text_cols: dict[str, list] = {name: [] for name in TEXT_SCHEMA.names}
    term_cols: dict[str, list] = {"key": [], "term": [], "count": []}
    bigram_cols: dict[str, list] = {"key": [], "term": [], "count": []}
    for key, body in items:
        cleaned = clean_text(body)
        words, terms, bigrams = analyse(cleaned.text, stopwords)
        n_tokens = len(words)
        term_counts = Counter(terms)
        text_cols["key"].append(key)
        text_cols["clean_text"].append(cleaned.text)
        text_cols["n_tokens"].append(n_tokens)
        text_cols["n_terms"].append(len(terms))
        text_cols["removed_chars"].append(cleaned.removed_chars)
        text_cols["removals"].append(
            json.dumps([{"kind": r.kind, "reason": r.reason, "text": r.text, "count": r.count} for r in cleaned.removals], ensure_ascii=False)
        )
        joined = " ".join(words).encode("utf-8")
        text_cols["text_hash"].append(hashlib.sha1(joined).hexdigest())
        text_cols["minhash"].append(minhash_signature(words, joined))
        for cols, counts in ((term_cols, term_counts), (bigram_cols, Counter(bigrams))):
            cols["key"].extend([key] * len(counts))
            cols["term"].extend(counts.keys())
            cols["count"].extend(counts.values())
    return (
        pa.Table.from_pydict(text_cols, schema=TEXT_SCHEMA),
        pa.Table.from_pydict(term_cols, schema=COUNT_SCHEMA),
        pa.Table.from_pydict(bigram_cols, schema=COUNT_SCHEMA),
    )


def recognisable_part(text: str, limit: int = MAX_RECOGNISED_CHARS) -> str:
    """The start of ``text`` the recogniser sees: all of it up to ``limit`` characters, else the
    first ``limit`` characters cut back to the last whitespace (so no word is split)."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    return text[: cut if cut > limit // 2 else limit]


def preceding_word(text: str, start: int) -> str:
    """The word right before ``text[start:]`` on the same line (``""`` at a line start or
    after . ! ? : ; or a quote); used for a person's role (:mod:`analytics.entity_merge`)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip()
    if not before or before[-1] in ".!?:;'\"\u201d\u2019)":
        return ""
    return before.rsplit(None, 1)[-1]


def recognise_texts(items: Sequence[tuple[str, str]], recogniser) -> pa.Table:
    """Run the recogniser over ``(key, clean_text)`` pairs; one row per mention with its
    confidence (1.0 when the recogniser gives none) and the word before it.

    Only :func:`recognisable_part` of each text is recognised: the recogniser's memory grows with
    the length of a text, and one very long (or single-line) article must not exhaust it.
    """
    cols: dict[str, list] = {name: [] for name in MENTION_SCHEMA.names}
    results = recogniser.recognise_many([recognisable_part(text) for _, text in items])
    for (key, text), mentions in zip(items, results):
        for m in mentions:
            cols["key"].append(key)
            cols["start"].append(m.start)
            cols["end"].append(m.end)
            cols["surface"].append(m.surface)
            cols["type"].append(m.type)
            cols["confidence"].append(getattr(m, "confidence", 1.0))
            cols["preceding"].append(preceding_word(text, m.start))
    return pa.Table.from_pydict(cols, schema=MENTION_SCHEMA)
