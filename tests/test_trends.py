"""Trends of several series on a continuous month axis, and spikes, on corpora worked out by hand."""

import math

import pandas as pd
import pytest

from analytics.build import BuildOptions, build_corpus
from analytics.filters import FilterState
from analytics.spikes import detect_spikes, strongest_spikes
from analytics.trends import Series, series_trend
from tests.tiny import DictRecogniser, write_seed_corpus

ARTICLES = {
    "a": ("2024-01", "De NAVO vergadert. De kat slaapt."),  # 6 tokens
    "b": ("2024-01", "Een hond blaft."),                      # 3 tokens
    "c": ("2024-03", "De NAVO en de kat. NAVO!"),            # 6 tokens
}


def rows(df, *cols):
    return [tuple(r) for r in df[list(cols)].itertuples(index=False)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("trend")
    return build_corpus(write_seed_corpus(base / "c", ARTICLES), base / "s", recogniser=DictRecogniser({"NAVO": "ORG"}))


def test_terms_entities_and_text_on_one_axis(corpus):
    t = series_trend(corpus, FilterState(), [Series("term", "Kat"), Series("entity", "navo"), Series("text", "de  kat")])
    assert t.series.unique().tolist() == ["kat", "navo (entity)", '"de kat" (text)']
    assert rows(t, "series", "month", "count", "articles", "month_articles", "share") == [
        ("kat", "2024-01", 1, 1, 2, 0.5), ("kat", "2024-02", 0, 0, 0, 0.0), ("kat", "2024-03", 1, 1, 1, 1.0),
        ("navo (entity)", "2024-01", 1, 1, 2, 0.5), ("navo (entity)", "2024-02", 0, 0, 0, 0.0), ("navo (entity)", "2024-03", 2, 1, 1, 1.0),
        ('"de kat" (text)', "2024-01", 1, 1, 2, 0.5), ('"de kat" (text)', "2024-02", 0, 0, 0, 0.0), ('"de kat" (text)', "2024-03", 1, 1, 1, 1.0),
    ]
    # January: 9 tokens, so kat per 10,000 = 1/9 × 10,000; March: 2 NAVO mentions of 6 tokens.
    assert t.per_10k.tolist()[0] == pytest.approx(10_000 / 9)
    assert t.per_10k.tolist()[5] == pytest.approx(2 / 6 * 10_000)
    # A text filter narrows the months' articles: share is then of the selected articles.
    q = series_trend(corpus, FilterState(query="hond", month_to="2024-01"), [Series("term", "hond")])
    assert rows(q, "month", "articles", "month_articles", "share") == [("2024-01", 1, 1, 1.0)]
    with pytest.raises(ValueError, match="kind must be one of"):
        Series("word", "x")


def storm_corpus():
    """Jan-Jun: 10 articles a month, 'storm' in one January article; July: 8 of 10 mention it."""
    arts = {}
    for m in range(1, 8):
        for i in range(10):
            stormy = (m == 1 and i == 0) or (m == 7 and i < 8)
            arts[f"{m}_{i}"] = (f"2024-{m:02d}", f"Het weer {'met storm' if stormy else 'is rustig'} nummer{chr(97 + i)}.")
    return arts


def test_poisson_spike_against_trailing_baseline(tmp_path):
    c = build_corpus(write_seed_corpus(tmp_path / "c", storm_corpus()), tmp_path / "s", options=BuildOptions(entities=False))
    trend = series_trend(c, FilterState(), [Series("term", "storm")])
    s = detect_spikes(trend)
    july = s[s.month == "2024-07"].iloc[0]
    # Baseline Jan-Jun: B = 1 article with storm, M = 60 articles; N = 10 in July, x = 8.
    # λ = (1 + 0.5) / 60 × 10 = 0.25; P(X ≥ 8) = Σ_{k≥8} e^-0.25 0.25^k / k! ≈ 3.03e-10
    assert (july.baseline_articles, july.baseline_month_articles, july.baseline_months) == (1, 60, 6)
    assert july.expected == pytest.approx(0.25)
    p = sum(math.exp(-0.25) * 0.25**k / math.factorial(k) for k in range(8, 40))
    assert july.p_value == pytest.approx(p, rel=1e-6)
    assert july.ratio == pytest.approx(32.0) and july.spike
    assert s[s.spike].month.tolist() == ["2024-07"]  # January has no baseline; the others have no storm
    # The corpus-wide table finds the same spike with the same numbers.
    top = strongest_spikes(c)
    assert top.series.tolist() == ["storm"]
    pd.testing.assert_frame_equal(top.reset_index(drop=True), s[s.spike].reset_index(drop=True), check_dtype=False)
    # Fewer than min_articles is never a spike.
    assert strongest_spikes(c, min_articles=9).empty
