"""The word lists from Debian's frogdata: how they are read and what features they give."""

import os

from analytics.ner import MODEL_DIR
from analytics.ner import resources as R
from analytics.ner.features import FeatureExtractor, sonar_feats


def _fake_frog(tmp_path):
    (tmp_path / "nergen.data.lex").write_text(
        "12 Vos B-per:2 I-loc:1 I-per:9 \n"
        "3 Napster B-pro:2 B-org:1 \n"
        "5 de O:5 \n"
        "1 Zwalm B-loc:1 \n", encoding="utf-8")
    (tmp_path / "familienamen.ner").write_text("Pauwels\nvan der Vos\n", encoding="utf-8")
    (tmp_path / "voornamen.ner").write_text("Eva\n", encoding="utf-8")
    (tmp_path / "geonames-be.ner").write_text("Zwalm\nSint Martens Latem\n", encoding="utf-8")
    for name in ("geonames-nl.ner", "plaatsen-nld.ner", "gemeenten-nld.ner"):
        (tmp_path / name).write_text("", encoding="utf-8")
    return str(tmp_path)


def test_build_frog_counts_types_and_flags_names(tmp_path):
    (tmp_path / "frog").mkdir()
    frog = _fake_frog(tmp_path / "frog")
    out = tmp_path / "model"
    out.mkdir()
    assert R.build_frog(str(out), frog) == (4, 7)
    res = R.load_resources(str(out))
    # B- and I- both count; PRO (and EVE) are MISC in CoNLL's four types
    assert res.sonarlex["Vos"] == (12, 11, 0, 1, 0)
    assert res.sonarlex["Napster"] == (3, 0, 1, 0, 2)
    assert res.sonarlex["de"] == (5, 0, 0, 0, 0)
    assert res.gazetteer["Pauwels"] == ("SUR",)
    assert res.gazetteer["Vos"] == ("SURm",)  # lower-case particles of "van der Vos" are no names
    assert "van" not in res.gazetteer
    assert res.gazetteer["Zwalm"] == ("FLOC",)
    assert res.gazetteer["Latem"] == ("FLOCm",)
    assert res.gazetteer["Eva"] == ("FFIRST",)


def test_sonar_features_worked_by_hand():
    assert sonar_feats(None) == ["sx=-"]
    assert sonar_feats((5, 0, 0, 0, 0)) == ["sx=O", "sxn=many"]
    # all 12 inside an entity, 11 a person and 1 a place: PER, not ambiguous (11/12 >= .75)
    assert sonar_feats((12, 11, 0, 1, 0)) == ["sx=PER", "sxe=all", "sxn=many"]
    # 3 of 5 inside a person: "hi" (>= half)
    assert sonar_feats((5, 3, 0, 0, 0)) == ["sx=PER", "sxe=hi", "sxn=many"]
    # 1 of 4 inside an organisation: "lo"
    assert sonar_feats((4, 0, 1, 0, 0)) == ["sx=ORG", "sxe=lo", "sxn=few"]
    # seen 3 times, always inside an entity, MISC 2 of 3 (< .75): ambiguous
    assert sonar_feats((3, 0, 1, 0, 2)) == ["sx=MISC", "sxe=all", "sxn=few", "sx=amb"]
    assert sonar_feats((1, 0, 0, 1, 0)) == ["sx=LOC", "sxe=all", "sxn=1"]


def test_the_shipped_model_has_the_frog_word_lists():
    for name in R.WORD_LIST_FILES:
        assert os.path.exists(os.path.join(MODEL_DIR, name)), name
    ex = FeatureExtractor(R.load_resources(MODEL_DIR))
    own = ex.word_lists("Swissair")[0]
    assert "sx=ORG" in own  # SoNaR has the airline, ned.train does not
    assert "+1:sx=ORG" in ex.word_lists("Swissair")[2]


def test_build_frog_names_the_missing_folder(tmp_path):
    try:
        R.build_frog(str(tmp_path), str(tmp_path / "nowhere"))
    except FileNotFoundError as e:
        assert "nowhere" in str(e) and "frogdata" in str(e)
    else:
        raise AssertionError("no error")
