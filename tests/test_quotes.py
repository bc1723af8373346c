"""Quotes and speakers: precision/recall on hand-annotated texts, rules, and hand-counted tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analytics import export
from analytics.build import build_corpus
from analytics.cleaning import clean_text
from analytics.filters import FilterState
from analytics.quotes import (
    BY_SPEAKER_MONTH_COLUMNS, QUOTE_COLUMNS, extract_quotes, quote_rows, quotes_by_speaker, quotes_table,
    resolve_speakers,
)
from tests import quote_gold
from tests.tiny import DictRecogniser, write_seed_corpus

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _mentions(text: str, names: dict) -> pd.DataFrame:
    """The stand-in recogniser + merge: every whole-word name of ``names``, longest first."""
    if not names:
        return pd.DataFrame(columns=["start", "end", "entity", "entity_type"])
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
    rows = [(m.start(), m.end(), *names[m.group(0)]) for m in pattern.finditer(text)]
    return pd.DataFrame(rows, columns=["start", "end", "entity", "entity_type"])


def _predict(text: str, names: dict) -> list[tuple[str, str]]:
    quotes = extract_quotes(text)
    rows = resolve_speakers(text, quotes, _mentions(text, names))
    return [(q.quote(text).strip(), r["speaker"]) for q, r in zip(quotes, rows)]


def _evaluation() -> dict[str, float]:
    """Precision and recall of quote spans (exact text) and of speakers (exact text, on a matched span)."""
    cases = [(text, gold, quote_gold.NAMES) for text, gold in quote_gold.PARAGRAPHS]
    for article_id, gold in quote_gold.SEEDS.items():
        raw = (ROOT / "seeds" / f"{article_id}.txt").read_text("utf-8").split(" ", 3)[3]
        cases.append((clean_text(raw).text, gold, quote_gold.SEED_NAMES))
    predicted = gold_n = spans_ok = speakers_ok = 0
    for text, gold, names in cases:
        pred = _predict(text, names)
        predicted += len(pred)
        gold_n += len(gold)
        wanted = {q.strip(): s for q, s in gold}
        for quote, speaker in pred:
            if quote in wanted:
                spans_ok += 1
                speakers_ok += speaker.lower() == wanted[quote].lower()
    return {
        "quotes_gold": gold_n, "quotes_found": predicted,
        "span_precision": spans_ok / predicted, "span_recall": spans_ok / gold_n,
        "speaker_precision": speakers_ok / predicted, "speaker_recall": speakers_ok / gold_n,
    }


def test_precision_and_recall_on_hand_annotated_texts():
    scores = _evaluation()
    print("quote evaluation:", {k: round(v, 3) for k, v in scores.items()})
    assert len(quote_gold.PARAGRAPHS) >= 20
    assert scores["quotes_gold"] >= 29
    assert scores["span_precision"] >= 0.95
    assert scores["span_recall"] >= 0.85
    assert scores["speaker_precision"] >= 0.9
    assert scores["speaker_recall"] >= 0.8


@pytest.mark.parametrize(
    "text, expected",
    [
        ("De 'megafoondiplomatie' van Washington.", []),
        ("Het verliep “positief”, zei niemand.", [("positief", "niemand", "zeggen", "after")]),
        ("'Nee', zei hij.", [("Nee", "hij", "zeggen", "after")]),
        ("Peskov zei: “Het is te vroeg.”", [("Het is te vroeg.", "Peskov", "zeggen", "before")]),
        ("Volgens Rjabkov: 'Het kan anders.'", [("Het kan anders.", "Rjabkov", "volgens", "before")]),
        ("“Geen deadline”, aldus Rjabkov bij Interfax.", [("Geen deadline", "Rjabkov", "aldus", "after")]),
        ("„Wij stoppen”, liet minister Jan Smit weten.", [("Wij stoppen", "minister Jan Smit", "laten weten", "after")]),
        ("'Zo'n dag', zei ze.", [("Zo'n dag", "ze", "zeggen", "after")]),
        ("Het 's avonds druk in de auto's van Jan.", []),
    ],
)
def test_quote_rules(text, expected):
    found = [(q.quote(text), q.speaker(text), q.verb, q.position) for q in extract_quotes(text)]
    assert found == expected


def test_pronoun_resolves_only_when_unambiguous():
    names = {"Jan Smit": ("Jan Smit", "PER"), "Piet Bos": ("Piet Bos", "PER")}
    one = "Jan Smit kwam binnen. 'Goedemorgen', zei hij."
    two = "Jan Smit en Piet Bos kwamen binnen. 'Goedemorgen', zei hij."
    assert _predict(one, names) == [("Goedemorgen", "Jan Smit")]
    assert _predict(two, names) == [("Goedemorgen", "hij")]


def test_klonk_het_takes_the_previous_speaker():
    text = "'Eerst dit', zei een woordvoerder. 'En dan dat', klonk het."
    assert _predict(text, {}) == [("Eerst dit", "een woordvoerder"), ("En dan dat", "een woordvoerder")]


# -- tables on a tiny corpus, counted by hand ----------------------------------------------------

TINY_QUOTES = {
    # 2024-01: Jan Smit quoted twice in a, once in b; "een woordvoerder" once in b
    "a": ("2024-01", "Jan Smit sprak. 'Eén', zei Jan Smit. 'Twee', zei hij."),
    "b": ("2024-01", "'Drie', zei Jan Smit. 'Vier', verklaarde een woordvoerder."),
    # 2024-02: Jan Smit once; a scare quote that does not count
    "c": ("2024-02", "De 'crisis' is voorbij. Jan Smit zei: 'Vijf.'"),
}


@pytest.fixture
def tiny_quotes(tmp_path):
    folder = write_seed_corpus(tmp_path / "corpus", TINY_QUOTES)
    rec = DictRecogniser({"Jan Smit": "PER"}, version="dict-quotes-1")
    return build_corpus(folder, tmp_path / "store", recogniser=rec)


def test_quotes_by_speaker_counts_by_hand(tiny_quotes):
    table = quotes_by_speaker(tiny_quotes)
    assert table[["speaker", "speaker_type", "quotes", "articles"]].fillna("").values.tolist() == [
        ["Jan Smit", "PER", 4, 3], ["een woordvoerder", "", 1, 1],
    ]
    by_month = quotes_by_speaker(tiny_quotes, by_month=True)
    assert list(by_month.columns) == BY_SPEAKER_MONTH_COLUMNS
    assert by_month[["month", "speaker", "quotes", "articles"]].values.tolist() == [
        ["2024-01", "Jan Smit", 3, 2], ["2024-01", "een woordvoerder", 1, 1], ["2024-02", "Jan Smit", 1, 1],
    ]
    assert by_month["quotes"].sum() == len(quotes_table(tiny_quotes))
    feb = quotes_by_speaker(tiny_quotes, FilterState(month_from="2024-02"))
    assert feb[["speaker", "quotes"]].values.tolist() == [["Jan Smit", 1]]


def test_quotes_table_columns_and_offsets(tiny_quotes):
    table = quotes_table(tiny_quotes)
    assert list(table.columns) == QUOTE_COLUMNS
    assert table["quote"].tolist() == ["Eén", "Twee", "Drie", "Vier", "Vijf."]
    assert table["how"].tolist() == ["named", "pronoun", "named", "phrase", "named"]
    texts = dict(tiny_quotes.sql("SELECT id, clean_text FROM texts").values.tolist())
    for row in table.itertuples():
        assert texts[row.id][row.start:row.end] == row.quote


def test_quote_exports_are_formula_safe(tmp_path):
    folder = write_seed_corpus(tmp_path / "corpus", {"x": ("2024-01", "'=HYPERLINK(1)', zei @woordvoerder.")})
    corpus = build_corpus(folder, tmp_path / "store", recogniser=DictRecogniser({"Jan": "PER"}, version="d"))
    data = export.csv_bytes(export.metric_table(corpus, FilterState(), "quotes")).decode()
    assert "'=HYPERLINK(1)" in data and ",'@woordvoerder," in data


def test_repeated_block_is_counted_once():
    raw = (ROOT / "seeds" / "000_5775cc61dc2f6202.txt").read_text("utf-8").split(" ", 3)[3]
    frame = pd.DataFrame({"id": ["x"], "month": ["2022-02"], "clean_text": [clean_text(raw).text]})
    rows = quote_rows(frame, pd.DataFrame(columns=["id", "start", "end", "entity", "entity_type"]))
    assert len(rows) == 4
