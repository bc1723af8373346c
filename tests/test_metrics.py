"""Every metric on a three-article corpus, against numbers worked out by hand.

    001_a 2024-01 "De kat zit. De kat slaapt."   tokens 6: de kat zit de kat slaapt
    002_b 2024-01 "Een hond blaft."              tokens 3: een hond blaft
    003_c 2024-02 "De kat en de hond."           tokens 5: de kat en de hond
Stopwords de, een, en drop out of the terms.
"""

import math

import pandas as pd
import pytest

from analytics.articles import articles_per_month, articles_table, summary
from analytics.build import BuildOptions, build_corpus
from analytics.filters import FilterState
from analytics.keywords import keywords_by_article, keywords_by_month
from analytics.terms import keyword_in_context, kwic_totals, terms_by_article, terms_by_month, top_terms
from tests.tiny import TINY, write_seed_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("tiny")
    return build_corpus(write_seed_corpus(base / "corpus"), base / "store", options=BuildOptions(entities=False))


def rows(df, *cols):
    return [tuple(r) for r in df[list(cols)].itertuples(index=False)]


def test_terms_by_article_counts_and_rate(corpus):
    t = terms_by_article(corpus)
    assert rows(t[t.id == "001_a"], "term", "count") == [("kat", 2), ("slaapt", 1), ("zit", 1)]
    kat = t[(t.id == "001_a") & (t.term == "kat")].iloc[0]
    assert kat.per_10k == pytest.approx(2 / 6 * 10_000)
    assert rows(t[t.id == "003_c"], "term", "count", "per_10k") == [("hond", 1, 2000.0), ("kat", 1, 2000.0)]


def test_terms_by_month(corpus):
    t = terms_by_month(corpus)
    jan = t[t.month == "2024-01"]
    assert rows(jan, "term", "count", "articles") == [
        ("kat", 2, 1), ("blaft", 1, 1), ("hond", 1, 1), ("slaapt", 1, 1), ("zit", 1, 1)
    ]
    assert jan.iloc[0].per_10k == pytest.approx(2 / 9 * 10_000)
    assert rows(t[t.month == "2024-02"], "term", "count", "per_10k", "articles") == [("hond", 1, 2000.0, 1), ("kat", 1, 2000.0, 1)]


def test_term_trend_is_zero_filled(corpus):
    t = terms_by_month(corpus, terms=["zit", "Kat"])
    assert rows(t, "month", "term", "count", "articles") == [
        ("2024-01", "kat", 2, 1), ("2024-01", "zit", 1, 1), ("2024-02", "kat", 1, 1), ("2024-02", "zit", 0, 0)
    ]


def test_top_terms_and_summary(corpus):
    assert rows(top_terms(corpus, n=2), "term", "count", "articles") == [("kat", 3, 2), ("hond", 2, 2)]
    s = summary(corpus)
    assert (s.articles, s.tokens, s.months, s.distinct_terms, s.entities, s.duplicates) == (3, 14, 2, 5, 0, 0)
    per_month = articles_per_month(corpus, FilterState(month_from="2024-02"))
    assert rows(per_month, "month", "articles", "tokens") == [("2024-02", 1, 5)]  # the filter range only


def idf(n, df):
    return math.log((1 + n) / (1 + df)) + 1


def test_article_keywords_match_hand_computed_tfidf(corpus):
    k = keywords_by_article(corpus)
    a = k[k.id == "001_a"]
    # n = 3 articles; df(kat) = 2, df(zit) = df(slaapt) = 1.
    w_kat, w_one = 2 * idf(3, 2), 1 * idf(3, 1)
    norm = math.sqrt(w_kat**2 + 2 * w_one**2)
    assert rows(a, "rank", "term", "tf", "df", "n_docs") == [(1, "kat", 2, 2, 3), (2, "slaapt", 1, 1, 3), (3, "zit", 1, 1, 3)]
    assert a.idf.tolist() == pytest.approx([idf(3, 2), idf(3, 1), idf(3, 1)])
    assert a.tfidf.tolist() == pytest.approx([w_kat, w_one, w_one])
    assert a.score.tolist() == pytest.approx([w_kat / norm, w_one / norm, w_one / norm])
    for _, group in k.groupby("id"):
        assert sum(s**2 for s in group.score) == pytest.approx(1.0)  # all terms fit in the top 10


def test_article_keywords_equal_scikit_learn_tfidf_transformer(tmp_path):
    """The README's per-article formula is scikit-learn's TfidfTransformer (l2, smooth idf): the
    query-time SQL gives its scores for every term, with and without duplicates in df."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    articles = dict(TINY) | {"004_d": ("2024-02", TINY["001_a"][1]), "005_e": ("2024-03", "Een kat, een hond en een muis.")}
    built = build_corpus(write_seed_corpus(tmp_path / "c", articles), tmp_path / "store", options=BuildOptions(entities=False))
    for duplicates, ids in (("keep", ["001_a", "002_b", "003_c", "004_d", "005_e"]), ("drop", ["001_a", "002_b", "003_c", "005_e"])):
        flt = FilterState(duplicates=duplicates)
        counts = terms_by_article(built, flt)
        assert sorted(counts["id"].unique()) == ids
        vocab = sorted(counts["term"].unique())
        matrix = sp.csr_matrix(
            (counts["count"].astype(float), ([ids.index(i) for i in counts["id"]], [vocab.index(t) for t in counts["term"]])),
            shape=(len(ids), len(vocab)),
        )
        expected = TfidfTransformer(norm="l2", smooth_idf=True, sublinear_tf=False).fit_transform(matrix).toarray()
        got = keywords_by_article(built, flt, top=50)
        assert len(got) == (expected > 0).sum()  # every term of every article (all fit in the top 50)
        for row in got.itertuples():
            assert row.score == pytest.approx(expected[ids.index(row.id), vocab.index(row.term)], rel=1e-12)
        for article, group in got.groupby("id"):
            assert group["score"].is_monotonic_decreasing and group["rank"].tolist() == list(range(1, len(group) + 1))


def test_month_keywords_match_hand_computed_tfidf(corpus):
    k = keywords_by_month(corpus)
    jan = k[k.month == "2024-01"]
    # January pools 001_a + 002_b: kat 2, zit 1, slaapt 1, hond 1, blaft 1.
    # idf over the n = 3 ARTICLES: df(kat) = df(hond) = 2, df(zit) = df(slaapt) = df(blaft) = 1.
    # tf_weight = 1 + ln(tf): kat 1 + ln 2, the others 1.
    w = {"kat": (1 + math.log(2)) * idf(3, 2), "hond": idf(3, 2), "blaft": idf(3, 1), "slaapt": idf(3, 1), "zit": idf(3, 1)}
    # kat 1.6931 × 1.2877 = 2.1802 > blaft = slaapt = zit 1.6931 (alphabetical) > hond 1.2877
    norm = math.sqrt(sum(v**2 for v in w.values()))
    assert jan.term.tolist() == ["kat", "blaft", "slaapt", "zit", "hond"]
    assert rows(jan, "term", "tf", "df", "n_docs") == [("kat", 2, 2, 3), ("blaft", 1, 1, 3), ("slaapt", 1, 1, 3), ("zit", 1, 1, 3), ("hond", 1, 2, 3)]
    assert jan.tf_weight.tolist() == pytest.approx([1 + math.log(2), 1, 1, 1, 1])
    assert jan.idf.tolist() == pytest.approx([idf(3, 2), idf(3, 1), idf(3, 1), idf(3, 1), idf(3, 2)])
    assert jan.tfidf.tolist() == pytest.approx([w[t] for t in jan.term])
    assert jan.score.tolist() == pytest.approx([w[t] / norm for t in jan.term])
    assert sum(s**2 for s in k[k.month == "2024-02"].score) == pytest.approx(1.0)


def test_filters_select_but_do_not_change_idf(corpus):
    flt = FilterState(query="hond")
    k = keywords_by_article(corpus, flt)
    assert sorted(set(k.id)) == ["002_b", "003_c"]
    assert k[k.term == "hond"].idf.tolist() == pytest.approx([idf(3, 2)] * 2)
    # Per month: January pools only 002_b now; idf stays that of the whole corpus's articles.
    m = keywords_by_month(corpus, flt)
    jan = m[m.month == "2024-01"]
    norm = math.sqrt(idf(3, 1) ** 2 + idf(3, 2) ** 2)
    assert rows(jan, "term", "tf") == [("blaft", 1), ("hond", 1)]
    assert jan.score.tolist() == pytest.approx([idf(3, 1) / norm, idf(3, 2) / norm])
    assert keywords_by_month(corpus, FilterState(month_from="2024-02")).month.unique().tolist() == ["2024-02"]


def test_query_time_stopwords_equal_a_rebuild_with_them(corpus, tmp_path):
    flt = FilterState(stopwords=("kat",))
    rebuilt = build_corpus(write_seed_corpus(tmp_path / "c"), tmp_path / "s", options=BuildOptions(entities=False, extra_stopwords=("kat",)))
    # 001_a without kat: zit and slaapt, tfidf idf(3, 1) each, so score 1/sqrt(2) each.
    a = keywords_by_article(corpus, flt)
    assert rows(a[a.id == "001_a"], "rank", "term") == [(1, "slaapt"), (2, "zit")]
    assert a[a.id == "001_a"].score.tolist() == pytest.approx([1 / math.sqrt(2)] * 2)
    for query_time, built in [
        (keywords_by_article(corpus, flt), keywords_by_article(rebuilt)),
        (keywords_by_month(corpus, flt), keywords_by_month(rebuilt)),
        (terms_by_month(corpus, flt), terms_by_month(rebuilt)),
        (terms_by_month(corpus, flt, kind="bigrams"), terms_by_month(rebuilt, kind="bigrams")),
        (terms_by_article(corpus, flt), terms_by_article(rebuilt)),
        (top_terms(corpus, flt), top_terms(rebuilt)),
    ]:
        pd.testing.assert_frame_equal(query_time.reset_index(drop=True), built.reset_index(drop=True), check_dtype=False)
    # 001_a "De kat zit. De kat slaapt.": 6 tokens, terms without kat: zit, slaapt.
    # (A build with --stopword still counts kat in ``terms``: the build's n_terms ignores extras.)
    assert articles_table(corpus, flt).set_index("id").loc["001_a", ["tokens", "terms", "distinct_terms"]].tolist() == [6, 2, 2]
    assert summary(corpus, flt).distinct_terms == 4


def test_monthly_axis_includes_empty_months(tmp_path):
    c = build_corpus(
        write_seed_corpus(tmp_path / "c", {"a": ("2024-01", "Kat en hond."), "b": ("2024-03", "Kat.")}), tmp_path / "s",
        options=BuildOptions(entities=False),
    )
    assert rows(articles_per_month(c), "month", "articles") == [("2024-01", 1), ("2024-02", 0), ("2024-03", 1)]
    t = terms_by_month(c, terms=["hond"])
    # share = articles mentioning / the month's articles; February has none: 0, not skipped.
    assert rows(t, "month", "count", "articles", "month_articles", "share") == [
        ("2024-01", 1, 1, 1, 1.0), ("2024-02", 0, 0, 0, 0.0), ("2024-03", 0, 0, 1, 0.0)
    ]
    assert articles_per_month(c, FilterState(month_from="2023-12", month_to="2024-01")).month.tolist() == ["2023-12", "2024-01"]


@pytest.mark.parametrize(
    "flt, ids",
    [
        (FilterState(), ["001_a", "002_b", "003_c"]),
        (FilterState(month_from="2024-02"), ["003_c"]),
        (FilterState(month_to="2024-01"), ["001_a", "002_b"]),
        (FilterState(query="KAT"), ["001_a", "003_c"]),
        (FilterState(query="kat zit"), ["001_a"]),
        (FilterState(query="ka"), []),
        (FilterState(article_ids=("002_b", "nope")), ["002_b"]),
    ],
)
def test_filter_selection(corpus, flt, ids):
    assert articles_table(corpus, flt).id.tolist() == ids


def test_article_table_columns(corpus):
    a = articles_table(corpus).set_index("id")
    assert a.loc["001_a", ["tokens", "terms", "distinct_terms"]].tolist() == [6, 4, 3]


def test_keyword_in_context(corpus):
    kwic = keyword_in_context(corpus, "kat", width=8)
    assert rows(kwic, "left", "term", "right", "id", "month") == [
        ("De", "kat", "zit. De", "001_a", "2024-01"),
        ("zit. De", "kat", "slaapt.", "001_a", "2024-01"),
        ("De", "kat", "en de", "003_c", "2024-02"),
    ]
    assert keyword_in_context(corpus, "hond", FilterState(month_from="2024-02")).id.tolist() == ["003_c"]
    assert kwic_totals(kwic) == (3, 2)


def test_keyword_in_context_stopwords_phrases_and_sorting(corpus):
    # "de" is a stopword (not in the term table): 001_a at 0 and 12, 003_c at 0 and 10.
    by_position = keyword_in_context(corpus, "de", width=20)
    assert rows(by_position, "id", "start") == [("001_a", 0), ("001_a", 12), ("003_c", 0), ("003_c", 10)]
    # Left words: "", "zit", "", "en" -> "" (ties by right word kat, kat, then article), en, zit.
    by_left = keyword_in_context(corpus, "de", width=20, sort="left")
    assert rows(by_left, "id", "start") == [("001_a", 0), ("003_c", 0), ("003_c", 10), ("001_a", 12)]
    # Right words: kat, kat, kat, hond -> hond, then kat by left word "", "", zit.
    by_right = keyword_in_context(corpus, "de", width=20, sort="right")
    assert rows(by_right, "id", "start") == [("003_c", 10), ("001_a", 0), ("003_c", 0), ("001_a", 12)]
    phrase = keyword_in_context(corpus, "De  KAT")
    assert rows(phrase, "term", "id", "start") == [("De kat", "001_a", 0), ("De kat", "001_a", 12), ("De kat", "003_c", 0)]
    with pytest.raises(ValueError, match="sort must be one of"):
        keyword_in_context(corpus, "kat", sort="random")


def test_extra_stopwords_remove_terms(tmp_path):
    c = build_corpus(write_seed_corpus(tmp_path / "c"), tmp_path / "s", options=BuildOptions(entities=False, extra_stopwords=("Kat",)))
    assert "kat" not in set(terms_by_article(c).term)
    assert summary(c).tokens == 14  # stopwords still count as tokens


def test_month_tables_agree_with_article_level_aggregation(corpus):
    all_ids = tuple(articles_table(corpus).id)
    for kind in ("terms", "bigrams"):
        fast = terms_by_month(corpus, FilterState(month_from="2024-01"), kind=kind)
        slow = terms_by_month(corpus, FilterState(month_from="2024-01", article_ids=all_ids), kind=kind)
        pd.testing.assert_frame_equal(fast, slow)
    fast_kw = keywords_by_month(corpus)
    slow_kw = keywords_by_month(corpus, FilterState(article_ids=all_ids))
    pd.testing.assert_frame_equal(fast_kw, slow_kw)
