"""Top terms over month ranges are exact whether the candidate table answers or not."""

import itertools

import pandas as pd
import pytest

import analytics.build
import analytics.terms
from analytics.build import BuildOptions, build_corpus
from analytics.filters import FilterState
from analytics.terms import terms_by_article, top_terms

from tiny import write_seed_corpus

# Corpus totals: kat 6, hond 4, vis 3, paard 2. With two candidates (kat, hond) the bound is 3
# (vis), so a range where vis ranks in the top n cannot be answered from the candidates alone.
ARTICLES = {
    "a1": ("2024-01", "kat kat kat kat hond"),
    "a2": ("2024-02", "kat kat hond hond paard"),
    "a3": ("2024-03", "vis vis vis hond paard"),
}


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(analytics.build, "TOP_CANDIDATES", 2)
    monkeypatch.setattr(analytics.terms, "TOP_CANDIDATES", 2)
    return build_corpus(write_seed_corpus(tmp_path / "c", ARTICLES), tmp_path / "store", options=BuildOptions(entities=False))


def reference(corpus, flt, n):
    rows = terms_by_article(corpus, flt)
    out = rows.groupby("term", as_index=False).agg(count=("count", "sum"), articles=("id", "nunique"))
    return out.sort_values(["count", "term"], ascending=[False, True]).head(n)[["term", "count", "articles"]].values.tolist()


def test_candidate_bound_is_the_largest_total_outside_the_candidates(corpus):
    assert corpus.meta("candidate_bound_terms") == "3"
    assert corpus.sql("SELECT DISTINCT term FROM month_top_terms WHERE kind = 'terms' ORDER BY term")["term"].tolist() == ["hond", "kat"]


def test_hand_computed_ranges(corpus):
    # January-February: kat 6 > bound 3 and hond 3 is not > 3, so n=1 is answered by the candidates,
    # n=2 needs the full table (paard 1 could not have tied, but the rule cannot know that).
    jan_feb = FilterState(month_to="2024-02")
    assert top_terms(corpus, jan_feb, n=1)[["term", "count"]].values.tolist() == [["kat", 6]]
    assert top_terms(corpus, jan_feb, n=2)[["term", "count"]].values.tolist() == [["kat", 6], ["hond", 3]]
    # March alone: vis (not a candidate) leads.
    march = FilterState(month_from="2024-03")
    assert top_terms(corpus, march, n=1)[["term", "count"]].values.tolist() == [["vis", 3]]


def test_every_range_and_size_equals_a_full_aggregation(corpus):
    months = ["2024-01", "2024-02", "2024-03"]
    for (lo, hi), n in itertools.product(itertools.combinations_with_replacement(months, 2), range(1, 5)):
        flt = FilterState(month_from=lo, month_to=hi)
        got = top_terms(corpus, flt, n=n)[["term", "count", "articles"]].values.tolist()
        assert got == reference(corpus, flt, n), (lo, hi, n)
