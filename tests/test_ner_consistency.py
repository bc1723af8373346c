"""Document-consistency step of the recogniser: one type per token string, spans kept."""

from analytics.ner import default_recogniser
from analytics.ner.recogniser import document_consistency


def test_minority_type_of_repeated_name_is_retyped():
    doc = [["Tectrade", "heeft", "winst"], ["Acht", "mensen", "van", "Tectrade"],
           ["Tectrade", "werkt"], ["Dat", "zei", "Jan", "Peeters"]]
    tags = [["B-ORG", "O", "O"], ["O", "O", "O", "B-LOC"], ["B-ORG", "O"],
            ["O", "O", "B-PER", "I-PER"]]
    spans = [(0, 0, 1, 0.6), (1, 3, 4, 0.9), (2, 0, 1, 0.5), (3, 2, 4, 0.99)]
    out = document_consistency(doc, tags, spans)
    assert out == [["B-ORG", "O", "O"], ["O", "O", "O", "B-ORG"], ["B-ORG", "O"],
                   ["O", "O", "B-PER", "I-PER"]]


def test_confident_mention_outweighs_unsure_ones_and_nothing_is_added():
    doc = [["Granada", "won"], ["in", "Granada", "en", "Granada"], ["Granada", "!"]]
    tags = [["B-ORG", "O"], ["O", "B-LOC", "O", "B-LOC"], ["O", "O"]]  # last one stays O
    spans = [(0, 0, 1, 0.95), (1, 1, 2, 0.4), (1, 3, 4, 0.4)]
    assert document_consistency(doc, [list(t) for t in tags], spans) == [
        ["B-ORG", "O"], ["O", "B-ORG", "O", "B-ORG"], ["O", "O"]]
    # otherwise the two LOC votes win
    spans = [(0, 0, 1, 0.5), (1, 1, 2, 0.4), (1, 3, 4, 0.4)]
    assert document_consistency(doc, [list(t) for t in tags], spans)[0] == ["B-LOC", "O"]
    # no type holds more than half of the votes: unchanged
    tags3 = [["B-ORG", "O"], ["O", "B-LOC", "O", "B-MISC"], ["O", "O"]]
    spans = [(0, 0, 1, 0.5), (1, 1, 2, 0.4), (1, 3, 4, 0.4)]
    assert document_consistency(doc, [list(t) for t in tags3], spans) == tags3


def test_retyped_mention_takes_the_vote_share_as_confidence():
    doc = [["Granada", "won"], ["in", "Granada"], ["Granada", "!"]]
    tags = [["B-ORG", "O"], ["O", "B-LOC"], ["B-ORG", "O"]]
    conf = [[0.9, 1.0], [1.0, 0.4], [0.6, 1.0]]
    spans = [(0, 0, 1, 0.9), (1, 1, 2, 0.4), (2, 0, 1, 0.6)]
    assert document_consistency(doc, tags, spans, conf)[1] == ["O", "B-ORG"]
    assert conf == [[0.9, 1.0], [1.0, 1.5 / 1.9], [0.6, 1.0]]  # ORG holds 0.9 + 0.6 of 1.9


def test_every_mention_has_a_confidence():
    rec = default_recogniser()
    text = "Dat laat Kremlinwoordvoerder Dmitri Peskov dinsdag weten in Genève. Peskov zei niets."
    found = rec.recognise(text)
    assert [m.surface for m in found] == ["Kremlinwoordvoerder Dmitri Peskov", "Genève", "Peskov"]
    assert all(0.0 < m.confidence <= 1.0 for m in found)
    assert len({m.confidence for m in found}) > 1  # real marginals, not a constant


def test_multi_word_mentions_are_retyped_as_a_whole():
    doc = [["Radio", "Roxy", "stelt"], ["bij", "Radio", "Roxy"], ["Radio", "Roxy", "wil"]]
    tags = [["B-ORG", "I-ORG", "O"], ["O", "B-PER", "I-PER"], ["B-ORG", "I-ORG", "O"]]
    spans = [(0, 0, 2, 0.7), (1, 1, 3, 0.6), (2, 0, 2, 0.7)]
    assert document_consistency(doc, tags, spans)[1] == ["O", "B-ORG", "I-ORG"]


def test_recogniser_switch_and_version():
    rec = default_recogniser()
    assert "-dc5-" in rec.version
    doc = [["Tectrade", "heeft", "winst", "."], ["Voor", "Tectrade", "moet", "dit", "."]]
    assert rec.consistency
    with_dc = rec.tag_document(doc)
    rec.consistency = False
    try:
        without = rec.tag_document(doc)
    finally:
        rec.consistency = True
    # same spans either way; only types may differ
    strip = lambda ts: [[t[:1] for t in s] for s in ts]  # noqa: E731
    assert strip(with_dc) == strip(without)


def test_a_person_cut_after_a_surname_particle_is_joined_with_the_name_after_it():
    from analytics.ner.recogniser import join_particle_splits

    words = ["Annelies", "van", "den", "Heuvel", "zei", "Open", "VLD"]
    tags = ["B-PER", "I-PER", "I-PER", "B-LOC", "O", "B-MISC", "B-ORG"]
    assert join_particle_splits(words, list(tags)) == ["B-PER", "I-PER", "I-PER", "I-PER", "O", "B-MISC", "B-ORG"]
    # the name after the particle may run over several tokens, of any type
    assert join_particle_splits(["Bram", "de", "Haan", "Jansen"], ["B-PER", "I-PER", "B-ORG", "I-ORG"]) == ["B-PER"] + ["I-PER"] * 3
    # not after a particle, not after a non-person, and capitalised "Van" starts a name
    kept = [(["Niels", "Timmermans"], ["B-MISC", "B-PER"]), (["Huis", "van", "Oranje"], ["B-ORG", "I-ORG", "B-LOC"]),
            (["Peeters", "Van", "Dijk"], ["B-PER", "B-PER", "I-PER"])]
    for w, t in kept:
        assert join_particle_splits(w, list(t)) == t


def test_a_lone_first_name_typed_misc_joins_the_person_after_it():
    from analytics.ner.recogniser import join_first_names
    first = {"Niels", "Gent", "Brit"}.__contains__
    words = ["Niels", "Van", "Leeuwen", "zei", "het"]
    assert join_first_names(words, ["B-MISC", "B-PER", "I-PER", "O", "O"], first) == \
        ["B-PER", "I-PER", "I-PER", "O", "O"]
    assert join_first_names(["Niels", "van", "Leeuwen", "zei"], ["B-MISC", "O", "B-PER", "O"], first) == \
        ["B-PER", "I-PER", "I-PER", "O"]
    # a MISC of two words, a place before a person and a name that is no first name stay apart
    assert join_first_names(["Niels", "Bohr", "Leeuwen"], ["B-MISC", "I-MISC", "B-PER"], first) == \
        ["B-MISC", "I-MISC", "B-PER"]
    assert join_first_names(["Gent", "Bart", "Peeters"], ["B-LOC", "B-PER", "I-PER"], first) == \
        ["B-LOC", "B-PER", "I-PER"]
    assert join_first_names(["Amerikaanse", "Joe", "Biden"], ["B-MISC", "B-PER", "I-PER"], first) == \
        ["B-MISC", "B-PER", "I-PER"]


def test_the_recogniser_does_not_take_a_nationality_word_for_a_first_name():
    rec = default_recogniser()
    assert rec._is_first_name("Niels")
    assert not rec._is_first_name("Brit")  # a first name, and a Briton
    assert not rec._is_first_name("zei")
