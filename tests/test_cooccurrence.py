"""Entity co-occurrence on a tiny corpus whose counts and scores are worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics import export
from analytics.build import build_corpus
from analytics.cooccurrence import PAIR_COLUMNS, cooccurrence, g2_scores, network_edges, network_layout, partners
from analytics.filters import FilterState
from tests.tiny import DictRecogniser, write_seed_corpus

# N = 4 articles: Anna in 3, Bram in 2, Cito in 2; Anna+Bram in 2, Anna+Cito in 1, Bram+Cito in 1.
ARTICLES = {
    "a": ("2024-01", "Anna en Bram bij Cito."),
    "b": ("2024-01", "Anna ziet Bram. Anna lacht."),
    "c": ("2024-02", "Anna alleen."),
    "d": ("2024-02", "Cito alleen."),
}
# Anna-Bram: O = (2, 1, 0, 1), E = (1.5, 1.5, 0.5, 0.5): G² = 2(2 ln(2/1.5) + ln(1/1.5) + ln 2)
G2_AB = 2 * (2 * math.log(2 / 1.5) + math.log(1 / 1.5) + math.log(2))
# Anna-Cito: O = (1, 2, 1, 0), same E; fewer together than expected, so negative
G2_AC = -2 * (math.log(1 / 1.5) + 2 * math.log(2 / 1.5) + math.log(2))


@pytest.fixture
def corpus(tmp_path):
    rec = DictRecogniser({"Anna": "PER", "Bram": "PER", "Cito": "ORG"}, version="dict-co-1")
    return build_corpus(write_seed_corpus(tmp_path / "c", ARTICLES), tmp_path / "store", recogniser=rec)


def test_pairs_counted_and_scored_by_hand(corpus):
    table = cooccurrence(corpus, min_articles=1)
    assert list(table.columns) == PAIR_COLUMNS
    assert table[["entity_a", "entity_b", "articles", "articles_a", "articles_b", "n_articles"]].values.tolist() == [
        ["Anna", "Bram", 2, 3, 2, 4], ["Bram", "Cito", 1, 2, 2, 4], ["Anna", "Cito", 1, 3, 2, 4],
    ]
    assert table["expected"].tolist() == pytest.approx([1.5, 1.0, 1.5])
    assert table["pmi"].tolist() == pytest.approx([math.log2(8 / 6), 0.0, math.log2(4 / 6)])
    assert table["g2"].tolist() == pytest.approx([G2_AB, 0.0, G2_AC])
    assert G2_AB == pytest.approx(1.726092, abs=1e-6)


def test_min_articles_and_entity_limit(corpus):
    assert cooccurrence(corpus)[["entity_a", "entity_b"]].values.tolist() == [["Anna", "Bram"]]
    # the 2 entities in most articles are Anna (3) and then Bram/Cito (2, Bram first by name)
    assert cooccurrence(corpus, min_articles=1, max_entities=2)[["entity_a", "entity_b"]].values.tolist() == [["Anna", "Bram"]]
    with pytest.raises(ValueError, match="min_articles"):
        cooccurrence(corpus, min_articles=0)


def test_by_month_counts_within_each_month(corpus):
    table = cooccurrence(corpus, by_month=True, min_articles=1)
    # January: both articles have Anna and Bram; N = 2, so they are independent (G² = 0)
    assert table[["month", "entity_a", "entity_b", "articles", "n_articles", "g2"]].values.tolist() == [
        ["2024-01", "Anna", "Bram", 2, 2, 0.0], ["2024-01", "Anna", "Cito", 1, 2, 0.0], ["2024-01", "Bram", "Cito", 1, 2, 0.0],
    ]


def test_filters_narrow_the_articles(corpus):
    table = cooccurrence(corpus, FilterState(entity="Bram"), min_articles=1)
    assert table[["entity_a", "entity_b", "articles", "n_articles"]].values.tolist()[0] == ["Anna", "Bram", 2, 2]


def test_partners_of_one_entity(corpus):
    table = partners(corpus, "Anna", "PER")
    assert table[["entity", "type", "articles", "articles_entity"]].values.tolist() == [["Bram", "PER", 2, 2], ["Cito", "ORG", 1, 2]]
    assert table["g2"].tolist() == pytest.approx([G2_AB, G2_AC])


def test_g2_is_zero_for_independence_and_signed():
    assert g2_scores([5], [10], [10], [20]).tolist() == pytest.approx([0.0])
    assert g2_scores([10], [10], [10], [20])[0] > 0 > g2_scores([0], [10], [10], [20])[0]


def test_layout_and_edges(corpus):
    pairs = cooccurrence(corpus, min_articles=1)
    nodes = pd.DataFrame({"entity": ["Anna", "Bram", "Cito"], "type": ["PER", "PER", "ORG"], "mentions": [4, 2, 2]})
    layout = network_layout(pairs, nodes)
    assert sorted(layout["entity"]) == ["Anna", "Bram", "Cito"]
    assert layout.set_index("entity")["mentions"].to_dict() == {"Anna": 4, "Bram": 2, "Cito": 2}
    assert layout.equals(network_layout(pairs, nodes))  # deterministic
    edges = network_edges(pairs, layout)
    assert len(edges) == 2 * len(pairs)
    # no pair and no node: an empty layout, not a merge error
    empty = network_layout(pairs.head(0), nodes.head(0))
    assert empty.empty and list(empty.columns) == ["entity", "type", "mentions", "x", "y"]


def test_export_has_cooccurrence(corpus):
    table = export.metric_table(corpus, FilterState(), "cooccurrence")
    assert list(table.columns) == ["month", *PAIR_COLUMNS]


def test_sentence_unit_counted_and_scored_by_hand(corpus):
    """Sentences mentioning an entity: a#0 (Anna, Bram, Cito), b#0 (Anna, Bram), b#1 (Anna),
    c#0 (Anna), d#0 (Cito): N = 5; Anna in 4, Bram in 2, Cito in 2."""
    assert corpus.sql("SELECT id, sentence, entity FROM mentions ORDER BY id, start").values.tolist() == [
        ["a", 0, "Anna"], ["a", 0, "Bram"], ["a", 0, "Cito"], ["b", 0, "Anna"], ["b", 0, "Bram"], ["b", 1, "Anna"],
        ["c", 0, "Anna"], ["d", 0, "Cito"],
    ]
    table = cooccurrence(corpus, min_articles=1, unit="sentence")
    assert list(table.columns) == [c.replace("articles", "sentences") for c in PAIR_COLUMNS]

    def g2(observed, expected):
        return 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o > 0)

    ab = g2((2, 2, 0, 1), (1.6, 2.4, 0.4, 0.6))
    bc = g2((1, 1, 1, 2), (0.8, 1.2, 1.2, 1.8))
    ac = -g2((1, 3, 1, 0), (1.6, 2.4, 0.4, 0.6))  # together less often than chance
    got = table[["entity_a", "entity_b", "sentences", "sentences_a", "sentences_b", "n_sentences"]].values.tolist()
    assert got == [["Anna", "Bram", 2, 4, 2, 5], ["Bram", "Cito", 1, 2, 2, 5], ["Anna", "Cito", 1, 4, 2, 5]]
    assert table["g2"].tolist() == pytest.approx([ab, bc, ac])
    assert table["expected"].tolist() == pytest.approx([1.6, 0.8, 1.6])
    with_anna = partners(corpus, "Anna", "PER", unit="sentence")
    assert with_anna[["entity", "sentences", "sentences_entity", "n_sentences"]].values.tolist() == [
        ["Bram", 2, 2, 5], ["Cito", 1, 2, 5]]
    with pytest.raises(ValueError, match="unit must be one of article, sentence"):
        cooccurrence(corpus, unit="paragraph")


def test_sentence_starts_by_hand():
    from analytics.cooccurrence import sentence_starts

    text = "Anna zei: 'Het kan.' Bram lacht. dr. Cito komt… of niet? Ja!\n\nNieuw stuk, 3 mei. 4 man."
    starts = sentence_starts(text)
    # "lacht. dr." and "komt… of" go on (lower case next); the recogniser's tokenizer also keeps
    # "dr. Cito" together (it knows the abbreviation), the one place the two differ here
    assert [text[s : s + 6] for s in starts] == ["Anna z", "Bram l", "Cito k", "Ja!\n\nN", "Nieuw ", "4 man."]
