"""The shipped default model on the sample articles: offsets, known names, speed, versioning."""

import glob
import os
import shutil
import subprocess
import sys

import pytest

from analytics.ner import MODEL_DIR, Mention, Recogniser, default_recogniser, load_recogniser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sorted(glob.glob(os.path.join(ROOT, "seeds", "*.txt")))


def article(path):
    text = open(path, encoding="utf-8").read()
    return text.split(" ", 3)[3]  # strip the " date YYYY-MM " header


@pytest.fixture(scope="module")
def rec():
    return default_recogniser()


def test_default_is_cached_and_implements_protocol(rec):
    assert default_recogniser() is rec
    assert isinstance(rec, Recogniser)
    assert rec.version.startswith("crf2p-")


@pytest.mark.parametrize("path", SEEDS, ids=os.path.basename)
def test_offsets_sorted_non_overlapping(rec, path):
    text = article(path)
    ms = rec.recognise(text)
    assert len(ms) >= 10
    for m in ms:
        assert isinstance(m, Mention)
        assert text[m.start:m.end] == m.surface
        assert m.type in ("PER", "ORG", "LOC", "MISC")
        assert m.surface == m.surface.strip() and m.surface
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


def test_known_names_in_seed_003(rec):
    text = article(next(p for p in SEEDS if os.path.basename(p).startswith("003_")))
    found = {(m.surface, m.type) for m in rec.recognise(text)}
    assert ("Peskov", "PER") in found
    assert ("Genève", "LOC") in found
    assert ("Brussel", "LOC") in found
    assert ("Rjabkov", "PER") in found or ("Sergej Rjabkov", "PER") in found
    # not every capitalised word is a name
    surfaces = {s for s, _ in found}
    assert "Woensdag" not in surfaces and "Maandag" not in surfaces


def test_glued_and_quoted_text(rec):
    text = "Poetin dreigt met een invasie.Lees ook: 'Dat gebeurt', zei Joe Biden in Washington."
    ms = rec.recognise(text)
    found = {(m.surface, m.type) for m in ms}
    assert ("Poetin", "PER") in found
    assert ("Washington", "LOC") in found
    assert "Joe Biden" in {m.surface for m in ms}  # span found (type varies in this short text)
    assert not any("." in m.surface or "'" in m.surface for m in ms)
    text = ("Poetin dreigt met een invasie. “Dat gebeurt”, zei de Amerikaanse president Joe Biden "
            "gisteren in Washington.")
    found = {(m.surface, m.type) for m in rec.recognise(text)}
    assert {("Joe Biden", "PER"), ("Amerikaanse", "MISC"), ("Washington", "LOC")} <= found


def test_recognise_many_matches_recognise(rec):
    texts = [article(p) for p in SEEDS] + ["", "geen namen hier ."]
    assert rec.recognise_many(texts) == [rec.recognise(t) for t in texts]
    assert rec.recognise("") == []


def test_model_files_are_small():
    # Load time is measured by bench_ner/speed.py, not asserted here (no timed asserts).
    for name in os.listdir(MODEL_DIR):
        assert os.path.getsize(os.path.join(MODEL_DIR, name)) < 5_000_000, name


def test_version_changes_with_model_files(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy)
    v1 = load_recogniser(str(copy)).version
    with open(copy / "meta.json", "a", encoding="utf-8") as fh:
        fh.write(" ")
    assert load_recogniser(str(copy)).version != v1


def test_import_is_cheap():
    code = "import sys, analytics.ner; print('pycrfsuite' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
