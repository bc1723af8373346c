"""On a generated corpus with planted month events, month keywords and keyness find each event
in its month, and the months' top-10 lists barely overlap (they used to be the same frequent words)."""

from collections import Counter
from itertools import combinations

import pandas as pd
import pytest

from analytics.build import BuildOptions, build_corpus
from analytics.keyness import keyness_by_month
from analytics.keywords import keywords_by_month
from analytics.filters import FilterState
from analytics.spikes import MIN_ARTICLES, strongest_spikes
from analytics.trends import Series, series_trend
from bench.generate import generate_corpus, planted_events

EVENTS = 6


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    pytest.importorskip("wordfreq")
    base = tmp_path_factory.mktemp("events")
    generate_corpus(1500, base / "corpus", seed=3, events=EVENTS)
    return build_corpus(base / "corpus", base / "store", options=BuildOptions(entities=False, workers=1))


def test_planted_events_are_deterministic_and_spread():
    events = planted_events(EVENTS)
    assert len({m for _, m in events}) == EVENTS and events == planted_events(EVENTS)
    # event i goes to month index floor((i + 0.5) × 84 / 6): 7 → 2018-08, 21 → 2019-10, ...
    assert events[:2] == [("dijkdoorbraak", "2018-08"), ("stroomstoring", "2019-10")]
    with pytest.raises(ValueError, match="events must be between"):
        planted_events(999)


@pytest.mark.parametrize("method", ["tfidf", "keyness"])
def test_each_event_word_ranks_top_3_in_its_month(corpus, method):
    table = keywords_by_month(corpus, top=10) if method == "tfidf" else keyness_by_month(corpus, top=10)
    for word, month in planted_events(EVENTS):
        top3 = table[table.month == month].sort_values("rank").term.head(3).tolist()
        assert word in top3, (method, word, month, top3)


@pytest.mark.parametrize("method", ["tfidf", "keyness"])
def test_month_top_10_lists_barely_overlap(corpus, method):
    table = keywords_by_month(corpus, top=10) if method == "tfidf" else keyness_by_month(corpus, top=10)
    tops = {m: set(g.term) for m, g in table.groupby("month")}
    assert len(tops) >= 80
    # No term is in more than a fifth of the lists (before: `volgens` and `we` were in all 84).
    most_common = Counter(t for terms in tops.values() for t in terms).most_common(1)[0]
    assert most_common[1] <= len(tops) // 5, most_common
    overlaps = [len(a & b) / len(a | b) for a, b in combinations(tops.values(), 2)]
    assert sum(overlaps) / len(overlaps) < 0.05  # mean Jaccard similarity of two months' lists


def test_spikes_find_the_events(corpus):
    """Events in at least MIN_ARTICLES articles are the strongest spikes of the corpus; on 1,500
    articles (about 18 a month) some events reach only 2-4 articles, too few to call."""
    trend = series_trend(corpus, FilterState(), [Series("term", w) for w, _ in planted_events(EVENTS)])
    at_event = {(w, m) for w, m in planted_events(EVENTS)}
    is_event = pd.Series([(s, m) in at_event for s, m in zip(trend.series, trend.month)], index=trend.index)
    big = trend[is_event & (trend.articles >= MIN_ARTICLES)]
    assert len(big) >= 3
    top = strongest_spikes(corpus, top=len(big))
    assert set(zip(top.series, top.month)) == set(zip(big.series, big.month))


def test_precomputed_month_tables_equal_the_direct_computation(corpus):
    """Month-only filters read tables computed once; selecting the same articles by id computes
    directly: the numbers must be the same."""
    flt = FilterState(month_from="2019-09", month_to="2019-11")
    ids = tuple(corpus.sql("SELECT id FROM articles WHERE month BETWEEN '2019-09' AND '2019-11'")["id"])
    same = FilterState(month_from="2019-09", month_to="2019-11", article_ids=ids)
    for fn in (keywords_by_month, keyness_by_month):
        pd.testing.assert_frame_equal(fn(corpus, flt, top=10), fn(corpus, same, top=10), check_dtype=False)
