"""The numpy decoder (analytics/ner/crfmodel.py, scoring.py) against brute force and crfsuite."""

import itertools
import math
import subprocess
import sys
import os

import numpy as np
import pycrfsuite
import pytest

from analytics.ner import MODEL_DIR, load_recogniser
from analytics.ner.conll import read_conll
from analytics.ner.crfmodel import decode, read_crfsuite
from analytics.ner.scoring import DocumentScorer

TESTA = os.path.join(os.path.dirname(__file__), "..", "data", "conll2002", "ned.testa")


def test_two_tokens_worked_by_hand():
    """scores s = [[1, 0], [0, 2]], transitions t = [[0, -1], [-3, 0]].

    The four sequences score (0,0): 1+0+0 = 1, (0,1): 1+2-1 = 2, (1,0): 0+0-3 = -3,
    (1,1): 0+2+0 = 2. (0,1) and (1,1) tie; like crfsuite, Viterbi keeps the first best
    predecessor, so the answer is (0,1). Z = e + 2e² + e⁻³; P(y0 = 0) = (e + e²)/Z and
    P(y1 = 1) = 2e²/Z."""
    labels, marg = decode(np.array([[1.0, 0.0], [0.0, 2.0]]), [2],
                          np.array([[0.0, -1.0], [-3.0, 0.0]]))
    assert labels.tolist() == [0, 1]
    z = math.e + 2 * math.e ** 2 + math.e ** -3
    assert marg[0] == pytest.approx((math.e + math.e ** 2) / z, rel=1e-12)
    assert marg[1] == pytest.approx(2 * math.e ** 2 / z, rel=1e-12)


def test_decode_matches_brute_force_on_random_sentences():
    rng = np.random.default_rng(7)
    n_lab = 3
    for _ in range(20):
        lens = rng.integers(1, 6, size=rng.integers(1, 5)).tolist()
        scores = rng.normal(size=(sum(lens), n_lab))
        trans = rng.normal(size=(n_lab, n_lab))
        labels, marg = decode(scores, lens, trans)
        start = 0
        for n in lens:
            s = scores[start:start + n]
            seqs = list(itertools.product(range(n_lab), repeat=n))
            total = [sum(s[i, y[i]] for i in range(n)) + sum(trans[y[i - 1], y[i]] for i in range(1, n))
                     for y in seqs]
            best = seqs[int(np.argmax(total))]
            assert labels[start:start + n].tolist() == list(best)
            z = sum(math.exp(v) for v in total)
            for i in range(n):
                p = sum(math.exp(v) for y, v in zip(seqs, total) if y[i] == best[i]) / z
                assert marg[start + i] == pytest.approx(p, rel=1e-9)
            start += n


@pytest.mark.parametrize("name", ["stage1.crfsuite", "stage2.crfsuite"])
def test_weights_read_from_the_model_file_match_crfsuite(name):
    path = os.path.join(MODEL_DIR, name)
    w = read_crfsuite(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    info = tagger.info()  # weights printed with 6 decimals
    assert sorted(w.labels) == sorted(info.labels)
    assert np.count_nonzero(w.state) == len(info.state_features)
    for (attr, label), weight in info.state_features.items():
        assert abs(w.state[w.attrs[attr], w.labels.index(label)] - weight) <= 5e-7
    for (a, b), weight in info.transitions.items():
        assert abs(w.trans[w.labels.index(a), w.labels.index(b)] - weight) <= 5e-7


def test_read_crfsuite_rejects_other_files(tmp_path):
    bad = tmp_path / "x.crfsuite"
    bad.write_bytes(b"not a model at all" * 10)
    with pytest.raises(ValueError, match="not a crfsuite"):
        read_crfsuite(str(bad))


@pytest.fixture(scope="module")
def recognisers():
    fast = load_recogniser(MODEL_DIR)
    ref = load_recogniser(MODEL_DIR)
    ref.decoder = "crfsuite"
    return fast, ref


def _same(a, b):
    """Per document (tags, confidences) pairs: the same tags, confidences equal to 1e-9."""
    assert len(a) == len(b)
    for (ta, ca), (tb, cb) in zip(a, b):
        assert ta == tb
        assert [x for s in ca for x in s] == pytest.approx([y for s in cb for y in s], abs=1e-9)


def test_numpy_decoder_gives_crfsuite_tags_and_confidences(recognisers):
    fast, ref = recognisers
    docs = [[s.words for s in d.sentences] for d in read_conll(TESTA)[:12]]
    _same(fast.tag_documents_with_confidence(docs), [ref.tag_document_with_confidence(d) for d in docs])


def test_numpy_decoder_on_odd_texts_and_a_small_word_table(recognisers):
    fast, ref = recognisers
    texts = ["", "Jan.", "\n\n\n", "Peskov", "Dmitri Peskov zei in Genève dat de NAVO-top mislukt is.",
             " ".join(["Willem Van Hanegem en Ajax speelden in Rotterdam"] * 80),  # one 560-token sentence
             "De Standaard meldt: \"Open VLD en Vooruit praten.\"\n\nAmnesty International reageert."]
    assert fast.recognise_many(texts) == [ref.recognise(t) for t in texts]
    small = DocumentScorer(fast._scorer.extractor, read_crfsuite(os.path.join(MODEL_DIR, "stage1.crfsuite")),
                           read_crfsuite(os.path.join(MODEL_DIR, "stage2.crfsuite")), max_words=40)
    docs = [[s.words for s in d.sentences] for d in read_conll(TESTA)[:3]]
    batch = [d[:4] for d in docs]  # every batch brings more new words than the table holds
    _same([small.tag_many([d])[0] for d in batch], fast._scorer.tag_many(batch))


def test_tagging_text_imports_neither_pandas_nor_pyarrow():
    # the recogniser runs in build workers and the `tag` command; pandas and pyarrow cost
    # about 0.3 s on the first article (dc5 imported them through the entity merge once)
    code = ("import sys; from analytics.ner import MODEL_DIR, load_recogniser; "
            "r = load_recogniser(MODEL_DIR); "
            "m = r.recognise('Volgens de Brit Niels van Leeuwen zegt Open VLD in Brussel nee.'); "
            "assert m, m; "
            "t = r._sentence_rules(['Niels', 'van', 'Leeuwen'], ['B-MISC', 'O', 'B-PER']); "
            "assert t == ['B-PER', 'I-PER', 'I-PER'], t; "
            "print(sorted({'pandas', 'pyarrow'} & set(sys.modules)))")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": root})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
