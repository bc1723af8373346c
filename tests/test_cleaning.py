from analytics.cleaning import clean_text
from analytics.corpus import load_corpus


def seed(article_id):
    return next(a for a in load_corpus("seeds").articles if a.id == article_id)


def kinds(result):
    return [(r.kind, r.count) for r in result.removals]


def test_seed_000_repeated_block_and_teasers_removed():
    article = seed("000_5775cc61dc2f6202")
    result = clean_text(article.text)
    assert kinds(result) == [("glued", 1), ("teaser", 1), ("teaser", 1), ("repeated", 1)]
    teaser = "Lees ook: Plant Poetin een militaire interventie? Alles wat u moet weten over de hoogspanning in Oekraïne"
    assert [r.text for r in result.removals if r.kind == "teaser"] == [teaser, teaser]
    repeated = next(r.text for r in result.removals if r.kind == "repeated")
    assert repeated.startswith("'Het is niet productief om in het openbaar te onderhandelen.")
    assert repeated.endswith("De diplomaat ontkende opnieuw dat Moskou zint op een invasie.")
    # Every sentence of the article survives exactly once.
    assert result.text.count("De diplomaat ontkende opnieuw") == 1
    assert result.text.count("Dat is voor de VS en de Navo onbespreekbaar") == 1
    assert "Lees ook" not in result.text and "Poetin" not in result.text
    assert result.text.startswith("De Amerikaanse regering heeft een schriftelijk antwoord")
    assert len(result.text.split("\n\n")) == 7


def test_seed_003_is_unchanged_apart_from_whitespace():
    article = seed("003_8fd9f0161f3df59e")
    result = clean_text(article.text)
    assert result.removals == ()
    assert result.text.split() == article.text.split()
    # Section headings are kept as their own paragraph.
    assert "\n\nMoment van de waarheid\n\n" in result.text


def test_glued_sentences_get_a_space_but_abbreviations_and_numbers_do_not():
    result = clean_text("Het gebeurde in Kyiv.De minister sprak. Er waren 100.000 soldaten. Zie www.nos.nl voor meer.")
    assert result.text == "Het gebeurde in Kyiv. De minister sprak. Er waren 100.000 soldaten. Zie www.nos.nl voor meer."
    assert kinds(result) == [("glued", 1)]


def test_short_repeated_sentences_stay_unless_inside_a_repeated_block():
    text = "Ja. De regering viel vandaag na lang overleg. Ja.\n\nDe regering viel vandaag na lang overleg. Ja. Nieuw slot."
    result = clean_text(text)
    assert result.text == "Ja. De regering viel vandaag na lang overleg. Ja.\n\nNieuw slot."
    assert [r.text for r in result.removals] == ["De regering viel vandaag na lang overleg. Ja."]


def test_teaser_variants_and_boilerplate():
    text = "Eerste zin.\n\nBekijk ook: Video van de top\n\nFoto: Belga\n\nSlot van het stuk. LEES OOK: iets anders"
    result = clean_text(text)
    assert result.text == "Eerste zin.\n\nSlot van het stuk."
    assert [(r.kind, r.text) for r in result.removals] == [
        ("teaser", "Bekijk ook: Video van de top"),
        ("boilerplate", "Foto: Belga"),
        ("teaser", "LEES OOK: iets anders"),
    ]


def test_spaces_tabs_and_special_spaces_become_one_space():
    assert clean_text("Een\t\u00a0 twee\u2007drie\u202f vier  vijf.\n\nZes\u200b zeven.").text == "Een twee drie vier vijf.\n\nZes zeven."


def test_glued_sentence_after_a_short_word_is_left():
    # two lowercase letters before the mark: "ze.Dan" is glued, "a.Dan" is not (an initial)
    assert clean_text("Dat deden ze.Dan gingen ze weg. Maar a.Dan niet.").text == "Dat deden ze. Dan gingen ze weg. Maar a.Dan niet."
