"""Keyness against 2×2 tables worked out by hand (layout of Rayson & Garside 2000:
a, b = the term's count in target and reference; c, d = their token totals)."""

import math

import numpy as np
import pandas as pd
import pytest

from analytics.build import BuildOptions, build_corpus
from analytics.filters import FilterState
from analytics.keyness import keyness_by_month, keyness_of_selection, keyness_table, log_likelihood, log_ratio
from tests.tiny import write_seed_corpus


@pytest.mark.parametrize(
    "a, b, c, d, g2, lr",
    [
        # E1 = 1000·30/5000 = 6, E2 = 4000·30/5000 = 24
        # G² = 2(10 ln(10/6) + 20 ln(20/24)) = 2(5.108256 − 3.646431) = 2.923650
        # LR = log2((10/1000) / (20/4000)) = log2(2) = 1
        (10, 20, 1000, 4000, 2.923650, 1.0),
        # b = 0: E1 = 100·5/1000 = 0.5; G² = 2(5 ln(5/0.5) + 0·ln 0) = 10 ln 10 = 23.025851
        # LR with b → 0.5: log2((5/100) / (0.5/900)) = log2(90) = 6.491853
        (5, 0, 100, 900, 23.025851, 6.491853),
        # a = 0: E2 = 5; G² = 2(0 + 10 ln(10/5)) = 20 ln 2 = 13.862944
        # LR with a → 0.5: log2((0.5/100) / (10/100)) = log2(0.05) = −4.321928
        (0, 10, 100, 100, 13.862944, -4.321928),
        # equal rates: a/c = b/d, so E1 = a and E2 = b: G² = 0, LR = 0
        (3, 6, 100, 200, 0.0, 0.0),
    ],
)
def test_hand_computed_2x2(a, b, c, d, g2, lr):
    assert log_likelihood([a], [b], [c], [d])[0] == pytest.approx(g2, abs=1e-6)
    assert log_ratio([a], [b], [c], [d])[0] == pytest.approx(lr, abs=1e-6)


def test_table_thresholds_direction_and_order():
    counts = pd.DataFrame(
        {"term": ["x", "y", "z", "w", "v"], "a": [10, 5, 4, 50, 20], "b": [20, 0, 0, 1000, 20],
         "c": [1000] * 5, "d": [4000] * 5}
    )
    out = keyness_table(counts, min_count=5, min_g2=3.84)
    # x: G² 2.92 < 3.84 goes; z: a = 4 < 5 goes; w: 50/1000 < 1000/4000 is underused, goes.
    # y: E1 = 5·1000/5000 = 1, G² = 2·5 ln 5 = 16.094379; v: E1 = 40/5 = 8, E2 = 32,
    # G² = 2(20 ln(20/8) + 20 ln(20/32)) = 2(18.325815 − 9.400073) = 17.851484
    assert out.term.tolist() == ["v", "y"]
    assert out.g2.tolist() == pytest.approx([17.851484, 16.094379], abs=1e-6)
    assert out["rank"].tolist() == [1, 2]
    assert out.per_10k_target.tolist() == pytest.approx([200.0, 50.0])
    neg = keyness_table(counts, min_count=5, min_g2=3.84, direction="negative")
    assert neg.term.tolist() == ["w"] and neg.log_ratio.iloc[0] == pytest.approx(math.log2(0.05 / 0.25))
    with pytest.raises(ValueError, match="direction must be one of"):
        keyness_table(counts, direction="up")


def test_month_against_the_rest_of_the_corpus(tmp_path):
    corpus = build_corpus(write_seed_corpus(tmp_path / "c"), tmp_path / "s", options=BuildOptions(entities=False))
    k = keyness_by_month(corpus, min_count=1, min_g2=0)
    jan = k[k.month == "2024-01"].set_index("term")
    # January: 9 tokens (001_a 6 + 002_b 3); the rest (003_c): 5 tokens.
    # kat: a = 2, b = 1, c = 9, d = 5; E1 = 9·3/14 = 1.928571, E2 = 5·3/14 = 1.071429
    # G² = 2(2 ln(2/1.928571) + 1 ln(1/1.071429)) = 2(0.072736 − 0.068993) = 0.007486
    assert jan.loc["kat", ["a", "b", "c", "d"]].tolist() == [2, 1, 9, 5]
    assert jan.loc["kat", "g2"] == pytest.approx(0.007486, abs=1e-5)
    # zit: a = 1, b = 0: G² = 2 ln(1 / (9/14)) = 0.883666; LR = log2((1/9) / (0.5/5)) = 0.152003
    assert jan.loc["zit", "g2"] == pytest.approx(0.883666, abs=1e-5)
    assert jan.loc["zit", "log_ratio"] == pytest.approx(0.152003, abs=1e-5)
    assert "hond" not in jan.index  # 1/9 < 1/5: underused in January, not a positive keyword
    sel = keyness_of_selection(corpus, FilterState(month_to="2024-01"), min_count=1, min_g2=0).set_index("term")
    assert sel.loc["kat", ["a", "b", "c", "d"]].tolist() == [2, 1, 9, 5]
    # The whole corpus has no rest to compare with.
    assert keyness_of_selection(corpus, min_count=1, min_g2=0).empty
