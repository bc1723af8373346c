"""CoNLL reading, IOB chunking and conlleval-style scoring, checked by hand."""

import pytest

from analytics.ner.conll import chunks, read_conll_lines, score
from analytics.ner.evaluation import evaluate


def test_chunks_follow_conlleval():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG", "I-ORG", "B-MISC"]
    assert list(chunks(tags)) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 7, "ORG"),
                                  (7, 8, "MISC")]


GOLD = """-DOCSTART- -DOCSTART- O
Jan B-PER
Peeters I-PER
woont O
in O
Brussel B-LOC
. O

Hij O
werkt O
voor O
Agfa B-ORG
. O
"""

# predictions: PER right, LOC right, ORG given as MISC (wrong type), one spurious MISC
PRED = [[["B-PER", "I-PER", "O", "O", "B-LOC", "O"], ["B-MISC", "O", "O", "B-MISC", "O"]]]


class FixedRecogniser:
    """Returns canned tags per document, in order."""

    version = "fixed"

    def __init__(self, docs):
        self.docs = list(docs)

    def tag_document(self, sentences):
        tags = self.docs.pop(0)
        assert [len(s) for s in sentences] == [len(t) for t in tags]
        return tags


def test_evaluate_hand_computed(tmp_path):
    gold = tmp_path / "gold.conll"
    gold.write_text(GOLD, encoding="utf-8")
    df = evaluate(str(gold), FixedRecogniser(PRED))
    # 3 gold entities, 4 predicted, 2 correct
    p, r = 2 / 4, 2 / 3
    assert df.loc["overall", "precision"] == pytest.approx(p)
    assert df.loc["overall", "recall"] == pytest.approx(r)
    assert df.loc["overall", "f1"] == pytest.approx(2 * p * r / (p + r))  # 0.5714
    assert df.loc["overall", "support"] == 3
    assert df.loc["PER", "f1"] == pytest.approx(1.0)
    assert df.loc["LOC", "f1"] == pytest.approx(1.0)
    assert df.loc["ORG", "recall"] == 0.0 and df.loc["ORG", "support"] == 1
    assert df.loc["MISC", "precision"] == 0.0 and df.loc["MISC", "predicted"] == 2


def test_read_conll_documents_and_tags():
    docs = read_conll_lines(GOLD.splitlines() + ["-DOCSTART- -DOCSTART- O", "X B-LOC"])
    assert len(docs) == 2
    assert [s.words for s in docs[0].sentences] == [
        ["Jan", "Peeters", "woont", "in", "Brussel", "."], ["Hij", "werkt", "voor", "Agfa", "."]]
    assert docs[1].sentences[0].tags == ["B-LOC"]


def test_score_function_partial_span_is_wrong():
    s = score([["B-PER", "I-PER"]], [["B-PER", "O"]])
    row = s.rows()[0]
    assert (row["correct"], row["predicted"], row["support"]) == (0, 1, 1)
