"""Tokeniser and sentence splitter of the recogniser (CoNLL-2002 Dutch conventions)."""

import glob
import os

import pytest

from analytics.ner.tokenize import sentences_with_offsets, split_sentences, tokenize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sorted(glob.glob(os.path.join(ROOT, "seeds", "*.txt")))


def toks(text):
    return [text[s:e] for s, e in tokenize(text)]


def test_hyphenated_compounds_stay_one_token():
    t = "de NAVO-Ruslandraad, Navo-troepen, een VS-ambassadeur en de Russisch-Oekraïense grens"
    assert toks(t) == ["de", "NAVO-Ruslandraad", ",", "Navo-troepen", ",", "een",
                       "VS-ambassadeur", "en", "de", "Russisch-Oekraïense", "grens"]


def test_apostrophes_numbers_abbreviations():
    t = "zo'n 2.000 programma's van J. Peeters (fr. 20.000) in 's-Hertogenbosch en 't dorp in '98"
    assert toks(t) == ["zo'n", "2.000", "programma's", "van", "J.", "Peeters", "(", "fr.",
                       "20.000", ")", "in", "'s-Hertogenbosch", "en", "'t", "dorp", "in", "'98"]


def test_quotes_are_split_off():
    t = "'Het is niet productief wenst', verklaarde hij. “Het zou”, zei Peskov."
    assert toks(t) == ["'", "Het", "is", "niet", "productief", "wenst", "'", ",", "verklaarde",
                       "hij", ".", "“", "Het", "zou", "”", ",", "zei", "Peskov", "."]


def test_glued_sentences_are_split():
    sents = split_sentences("Na de invasie.Lees ook: wat gebeurt', zei hij. En toen?")
    assert sents == [["Na", "de", "invasie", "."],
                     ["Lees", "ook", ":", "wat", "gebeurt", "'", ",", "zei", "hij", "."],
                     ["En", "toen", "?"]]


def test_closing_quote_stays_with_its_sentence_and_paragraphs_split():
    sents = split_sentences("Hij zei: 'Dat was het.' Daarna vertrok hij\n\nNieuwe alinea")
    assert sents == [["Hij", "zei", ":", "'", "Dat", "was", "het", ".", "'"],
                     ["Daarna", "vertrok", "hij"], ["Nieuwe", "alinea"]]


def test_no_split_after_initial_or_before_lower_case():
    assert len(split_sentences("Hij sprak met J. Peeters. die er was.")) == 1


@pytest.mark.parametrize("path", SEEDS, ids=os.path.basename)
def test_offsets_map_back_on_seed_articles(path):
    text = open(path, encoding="utf-8").read()
    assert text.startswith(" date ")
    text = text.split(" ", 3)[3]  # strip the " date YYYY-MM " header
    spans = [sp for sent in sentences_with_offsets(text) for sp in sent]
    assert len(spans) > 300
    # every non-space character is covered exactly once, in order
    covered = "".join(text[s:e] for s, e in spans)
    assert covered == "".join(text.split())
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
