"""A very long article: bounded per-article work, the same results where nothing is capped.

(Memory itself is measured by ``python -m bench.long_article``, not here.)
"""

from __future__ import annotations

import zlib

import pytest

from analytics.corpus import MAX_RECOGNISED_CHARS, load_bytes
from analytics.pipeline import (
    MINHASH_PERMUTATIONS, MINHASH_SCHEME, SHINGLE_WORDS, _permutations, minhash_signature, recognisable_part,
    recognise_texts,
)
from tests.tiny import DictRecogniser


def test_minhash_in_batches_equals_one_batch():
    from datasketch import MinHash

    words = [f"w{i % 997}x{i % 13}" for i in range(45_000)]  # more shingles than one batch
    whole = MinHash(num_perm=MINHASH_PERMUTATIONS, hashfunc=zlib.crc32, scheme=MINHASH_SCHEME, permutations=_permutations())
    whole.update_batch([" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)])
    assert minhash_signature(words) == whole.hashvalues.astype("<u4").tobytes()


@pytest.mark.parametrize(
    "words",
    [["één", "twee", "drie", "vier", "vijf", "zés"], ["a b", "c", "d", "e", "f", "g"], ["kort", "stuk"], []],
)
def test_minhash_of_shingle_bytes(words):
    from datasketch import MinHash

    m = MinHash(num_perm=MINHASH_PERMUTATIONS, hashfunc=zlib.crc32, scheme=MINHASH_SCHEME, permutations=_permutations())
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    m.update_batch([" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(n)])
    expected = m.hashvalues.astype("<u4").tobytes()
    assert minhash_signature(words) == expected
    assert minhash_signature(words, " ".join(words).encode()) == expected


def test_recognisable_part_cuts_at_whitespace():
    assert recognisable_part("kort", 10) == "kort"
    assert recognisable_part("een twee drie vier", 10) == "een twee"
    assert recognisable_part("x" * 30, 10) == "x" * 10  # no whitespace to cut at


def test_recogniser_sees_only_the_first_part():
    text = "Rusland " * (MAX_RECOGNISED_CHARS // 8 + 500)
    table = recognise_texts([("k", text)], DictRecogniser({"Rusland": "LOC"}))
    assert table.num_rows == MAX_RECOGNISED_CHARS // 8
    assert max(table.column("end").to_pylist()) <= MAX_RECOGNISED_CHARS


def test_long_article_loads_with_a_note():
    body = "woord " * (MAX_RECOGNISED_CHARS // 6 + 10)
    result = load_bytes(f" date 2022-01 {body}".encode(), "lang.txt")
    assert [a.id for a in result.articles] == ["lang"]
    [note] = result.notes
    assert note.file == "lang.txt" and note.note.endswith(
        f"named entities are recognised in its first {MAX_RECOGNISED_CHARS:,} characters only"
    )
