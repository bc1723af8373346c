"""The merge rules of analytics.entity_merge, each on a small literal text."""

import pandas as pd
import pytest

from analytics.build import build_corpus
from analytics.entities import entities_by_article, entities_by_month, top_entities
from analytics.entity_merge import canonicalise, name_key
from analytics.filters import FilterState
from tests.tiny import DictRecogniser, write_seed_corpus


def merged(mentions, merge=True):
    df = pd.DataFrame(mentions, columns=["article_id", "surface", "type"])
    out = canonicalise(df, merge=merge)
    return list(zip(out["surface"], out["entity"], out["entity_type"]))


def test_case_variants_are_one_entity():
    assert merged([("a", "NAVO", "ORG"), ("a", "Navo", "ORG"), ("b", "NAVO", "ORG")]) == [
        ("NAVO", "NAVO", "ORG"), ("Navo", "NAVO", "ORG"), ("NAVO", "NAVO", "ORG")
    ]


def test_surname_after_full_name_in_the_same_article():
    out = merged([("a", "Dmitri Peskov", "PER"), ("a", "Peskov", "PER"), ("a", "Peskov", "PER")])
    assert {e for _, e, _ in out} == {"Dmitri Peskov"}


def test_surname_with_two_full_names_in_an_article_stays_apart():
    out = merged([("a", "Jan Peeters", "PER"), ("a", "Piet Peeters", "PER"), ("a", "Peeters", "PER")])
    assert [e for _, e, _ in out] == ["Jan Peeters", "Piet Peeters", "Peeters"]


def test_unambiguous_short_form_joins_its_full_name_across_the_corpus():
    out = merged([("a", "Sergej Lavrov", "PER"), ("b", "Lavrov", "PER"), ("c", "Lavrov", "PER")])
    assert [e for _, e, _ in out] == ["Sergej Lavrov"] * 3


def test_genitive_joins_the_name_but_not_a_differently_typed_adjective():
    out = merged([("a", "Poetin", "PER"), ("a", "Poetins", "PER"), ("b", "Nederland", "LOC"), ("b", "Nederlands", "MISC")])
    assert [e for _, e, _ in out] == ["Poetin", "Poetin", "Nederland", "Nederlands"]
    assert name_key("Poetin's") == "poetin"


def test_compounds():
    assert name_key("Navo-troepen") == "navo"
    assert name_key("VS-ambassadeur") == "vs"
    assert name_key("NAVO-Ruslandraad") == "navo-ruslandraad"
    assert name_key("kwestie-Oekraïne") == "oekraïne"
    assert name_key("Russisch-Oekraïense") == "russisch-oekraïense"
    out = merged([("a", "NAVO", "ORG"), ("a", "Navo-troepen", "ORG"), ("a", "NAVO-Ruslandraad", "ORG")])
    assert [e for _, e, _ in out] == ["NAVO", "NAVO", "NAVO-Ruslandraad"]


def test_spelling_variants_of_places_but_not_of_people():
    out = merged(
        [("a", "Oekraïne", "LOC"), ("a", "Oekraïne", "LOC"), ("b", "Oekraïene", "LOC"), ("c", "Oekraine", "LOC"),
         ("d", "Jansen", "PER"), ("d", "Janssen", "PER")]
    )
    assert [e for _, e, _ in out] == ["Oekraïne"] * 4 + ["Jansen", "Janssen"]


def test_majority_type_and_merge_off():
    out = merged([("a", "Washington", "LOC"), ("b", "Washington", "LOC"), ("c", "Washington", "ORG")])
    assert {t for _, _, t in out} == {"LOC"}
    off = merged([("a", "NAVO", "ORG"), ("a", "Navo", "MISC")], merge=False)
    assert off == [("NAVO", "NAVO", "ORG"), ("Navo", "Navo", "MISC")]


NAMES = {"Dmitri Peskov": "PER", "Peskov": "PER", "NAVO": "ORG", "Navo": "ORG", "Genève": "LOC", "Brussel": "LOC"}
ARTICLES = {
    "a1": ("2022-01", "Dmitri Peskov sprak in Genève. Peskov zei dat de NAVO moet luisteren. De Navo zweeg."),
    "a2": ("2022-01", "In Brussel vergaderde de NAVO."),
    "a3": ("2022-02", "Peskov sprak opnieuw."),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("ents")
    return build_corpus(write_seed_corpus(base / "c", ARTICLES), base / "s", recogniser=DictRecogniser(NAMES))


def test_entities_by_article(corpus):
    t = entities_by_article(corpus)
    a1 = t[t.id == "a1"]
    assert [tuple(r) for r in a1[["entity", "type", "mentions", "surface_forms"]].itertuples(index=False)] == [
        ("Dmitri Peskov", "PER", 2, "Dmitri Peskov (1); Peskov (1)"),
        ("NAVO", "ORG", 2, "NAVO (1); Navo (1)"),
        ("Genève", "LOC", 1, "Genève (1)"),
    ]


def test_entities_by_month_and_top(corpus):
    t = entities_by_month(corpus)
    jan = t[t.month == "2022-01"]
    assert [tuple(r) for r in jan[["entity", "mentions", "articles"]].itertuples(index=False)] == [
        ("NAVO", 3, 2), ("Dmitri Peskov", 2, 1), ("Brussel", 1, 1), ("Genève", 1, 1)
    ]
    feb = t[t.month == "2022-02"]
    assert feb[["entity", "mentions"]].values.tolist() == [["Dmitri Peskov", 1]]  # short form across the corpus
    top = top_entities(corpus, n=2)
    assert top[["entity", "mentions", "articles"]].values.tolist() == [["Dmitri Peskov", 3, 2], ["NAVO", 3, 2]]
    assert top_entities(corpus, types=["LOC"]).entity.tolist() == ["Brussel", "Genève"]
    unmerged = top_entities(corpus, merge=False)
    assert unmerged[["entity", "mentions"]].values.tolist()[:2] == [["NAVO", 2], ["Peskov", 2]]


def test_entity_filter_narrows_the_corpus(corpus):
    t = entities_by_article(corpus, FilterState(entity="genève"))
    assert set(t.id) == {"a1"}
    assert set(entities_by_article(corpus, FilterState(entity="Dmitri Peskov")).id) == {"a1", "a3"}


def test_month_tables_answer_like_the_mentions(tmp_path):
    """Month-only filters read month_entities/month_entity_forms; the same articles chosen by id
    read the mentions: both must agree, with and without duplicates."""
    articles = dict(ARTICLES, a4=("2022-02", ARTICLES["a1"][1]))  # an exact duplicate of a1 in February
    corpus = build_corpus(write_seed_corpus(tmp_path / "c", articles), tmp_path / "s", recogniser=DictRecogniser(NAMES))
    for dups in ("keep", "drop"):
        for month_from, month_to in ((None, None), ("2022-02", None), (None, "2022-01")):
            by_month = FilterState(month_from=month_from, month_to=month_to, duplicates=dups)
            by_id = FilterState(month_from=month_from, month_to=month_to, duplicates=dups, article_ids=tuple(articles))
            assert by_month.is_month_only and not by_id.is_month_only
            for fn in (entities_by_month, top_entities):
                assert fn(corpus, by_month).equals(fn(corpus, by_id)), (fn.__name__, dups, month_from, month_to)
    # February: a3 (Peskov) and a4 (a copy of a1: Dmitri Peskov 2, NAVO 2, Genève 1); dropping
    # duplicates leaves a3 only.
    feb = entities_by_month(corpus, FilterState(month_from="2022-02"))
    assert feb[["entity", "mentions", "articles"]].values.tolist() == [["Dmitri Peskov", 3, 2], ["NAVO", 2, 1], ["Genève", 1, 1]]
    feb_unique = entities_by_month(corpus, FilterState(month_from="2022-02", duplicates="drop"))
    assert feb_unique[["entity", "mentions", "articles"]].values.tolist() == [["Dmitri Peskov", 1, 1]]
