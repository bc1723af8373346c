"""End-to-end: train-ner, tag and eval-ner through the argparse ``register()`` path."""

import argparse
import json
import os

import pytest

from analytics.ner import MODEL_DIR, load_recogniser, train
from analytics.ner.resources import WORD_LIST_FILES
from analytics.ner.cli import register

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN = os.path.join(ROOT, "data", "conll2002", "ned.train")
TESTA = os.path.join(ROOT, "data", "conll2002", "ned.testa")


def run(argv):
    parser = argparse.ArgumentParser(prog="analytics")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    assert run(["train-ner", "--train", TRAIN, "--out", str(out), "--max-sentences", "300",
                "--folds", "2"]) == 0
    return str(out)


def test_train_ner_writes_a_working_model(small_model):
    names = set(os.listdir(small_model))
    assert {"stage1.crfsuite", "stage2.crfsuite", "meta.json", "gazetteer.tsv.gz"} <= names
    # the word lists are the shipped model's, byte for byte (retraining reproduces the model)
    for name in WORD_LIST_FILES:
        with open(os.path.join(small_model, name), "rb") as a, open(os.path.join(MODEL_DIR, name), "rb") as b:
            assert a.read() == b.read(), name
    with open(os.path.join(small_model, "meta.json"), encoding="utf-8") as fh:
        assert json.load(fh)["word_lists"] == "copied"
    rec = load_recogniser(small_model)
    text = "Minister Guy Verhofstadt sprak gisteren in Brussel met Louis Michel ."
    found = {(m.surface, m.type) for m in rec.recognise(text)}
    assert ("Brussel", "LOC") in found
    assert any(t == "PER" and "Verhofstadt" in s for s, t in found)
    assert all(text[m.start:m.end] == m.surface for m in rec.recognise(text))


def test_tag_round_trip_keeps_layout(small_model, tmp_path):
    src = tmp_path / "in.conll"
    lines = open(TESTA, encoding="utf-8").read().split("\n")[:400]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.conll"
    assert run(["tag", "--conll", str(src), "--out", str(out), "--model", small_model]) == 0
    got = out.read_text(encoding="utf-8").split("\n")
    assert len(got) == len(lines) + 1
    for a, b in zip(lines, got):
        if not a.strip():
            assert b == ""
        elif a.startswith("-DOCSTART-"):
            assert b.startswith("-DOCSTART-")
        else:
            word, tag = b.split(" ")
            assert word == a.split()[0]
            assert tag == "O" or tag[:2] in ("B-", "I-") and tag[2:] in ("PER", "ORG", "LOC", "MISC")


def test_eval_ner_prints_scores(small_model, capsys):
    assert run(["eval-ner", TESTA, "--model", small_model]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert set(lines) >= {"overall", "PER", "ORG", "LOC", "MISC"}
    f1 = float(lines["overall"][3])
    assert 20.0 < f1 < 100.0  # a 300-sentence model is weak but clearly better than nothing


def test_missing_file_gives_error_code(tmp_path):
    assert run(["eval-ner", str(tmp_path / "nope.conll")]) == 2


def test_train_names_a_model_without_word_lists(tmp_path):
    with pytest.raises(FileNotFoundError, match="gazetteer.tsv.gz"):
        train(TRAIN, str(tmp_path / "out"), max_sentences=50, resources_from=str(tmp_path))
