"""Known organisation names (analytics/ner/known_names.py) on tiny literal sentences."""

import pytest

from analytics.ner import MODEL_DIR, load_recogniser
from analytics.ner.known_names import (KNOWN_ORGANISATIONS_FILE, _read, apply_known_names,
                                       known_organisations)

NAMES = {"Open": [("Open", "VLD")], "VLD": [("VLD",)], "Amnesty": [("Amnesty", "International")],
         "Groen": [("Groen",)]}


def _apply(words, tags):
    conf = [0.5] * len(words.split())
    return apply_known_names(words.split(), tags.split(), conf, NAMES), conf


def test_a_split_name_becomes_one_org_with_confidence_one():
    tags, conf = _apply("volgens Open VLD is", "O B-MISC B-ORG O")
    assert tags == ["O", "B-ORG", "I-ORG", "O"]
    assert conf == [0.5, 1.0, 1.0, 0.5]


def test_a_word_the_recogniser_left_out_joins_the_name():
    tags, _ = _apply("Amnesty International reageert", "O B-ORG O")
    assert tags == ["B-ORG", "I-ORG", "O"]


def test_a_single_mistyped_name_is_retyped():
    tags, _ = _apply("Vooruit en Groen willen", "O O B-MISC O")
    assert tags == ["O", "O", "B-ORG", "O"]


def test_nothing_is_added_where_the_recogniser_found_nothing():
    tags, conf = _apply("Groen is een kleur", "O O O O")
    assert tags == ["O", "O", "O", "O"] and conf == [0.5] * 4


def test_case_counts():
    tags, _ = _apply("het gras is groen", "O O O B-MISC")
    assert tags == ["O", "O", "O", "B-MISC"]


def test_an_entity_crossing_the_names_edges_is_left_alone():
    left, _ = _apply("Kamer stemden Open VLD", "B-MISC I-MISC I-MISC B-ORG")
    assert left == ["B-MISC", "I-MISC", "I-MISC", "B-ORG"]
    right, _ = _apply("Open VLD Jongeren", "B-ORG I-ORG I-ORG")
    assert right == ["B-ORG", "I-ORG", "I-ORG"]


def test_the_longest_listed_name_wins():
    tags, _ = _apply("Open VLD", "B-MISC B-LOC")
    assert tags == ["B-ORG", "I-ORG"]


def test_the_shipped_list_parses_into_tokens_without_repeats():
    lines = _read(KNOWN_ORGANISATIONS_FILE)
    assert len(lines) == len(set(lines)) > 50
    names = known_organisations()
    assert ("Open", "VLD") in names["Open"]
    assert ("sp", ".", "a") in names["sp"]  # tokenised like the text it is matched against
    assert "MR" not in names  # "(MR)" is also a journalist's initials in Belgian papers


@pytest.fixture(scope="module")
def rec():
    return load_recogniser(MODEL_DIR)


def test_recogniser_joins_open_vld_and_can_be_switched_off(rec):
    text = "Volgens Open VLD is het akkoord onvoldoende, zegt Amnesty International."
    got = [(m.surface, m.type) for m in rec.recognise(text)]
    assert ("Open VLD", "ORG") in got and ("Amnesty International", "ORG") in got
    rec.known_names = False
    try:
        off = [(m.surface, m.type) for m in rec.recognise(text)]
    finally:
        rec.known_names = True
    assert ("Open VLD", "ORG") not in off


def test_recogniser_types_listed_companies_clubs_and_agencies_org(rec):
    # without the list the model types these PER, MISC or LOC (checked when the list grew)
    text = "Volgens Philips en Shell daalt de vraag. De NS en ProRail zeggen dat Club Brugge wint."
    got = {(m.surface, m.type) for m in rec.recognise(text)}
    assert {("Philips", "ORG"), ("Shell", "ORG"), ("NS", "ORG"), ("ProRail", "ORG"),
            ("Club Brugge", "ORG")} <= got
