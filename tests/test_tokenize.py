import pytest

from analytics.tokenize import analyse, default_stopwords, stopword_set, tokens


@pytest.mark.parametrize(
    "text, expected",
    [
        ("De Oekraïne en Oekraïense", ["de", "oekraïne", "en", "oekraïense"]),
        ("Navo-troepen in Oost-Europa", ["navo-troepen", "in", "oost-europa"]),
        ("auto's en zo'n foto’s", ["auto's", "en", "zo'n", "foto's"]),
        ("'Het is productief', zei hij.", ["het", "is", "productief", "zei", "hij"]),
        ("In 2019 waren er 100.000 soldaten; covid-19!", ["in", "waren", "er", "soldaten", "covid"]),
        ("'s avonds a b c", ["avonds"]),
        ("Dat is — echt — zo - of niet", ["dat", "is", "echt", "zo", "of", "niet"]),
    ],
)
def test_tokens(text, expected):
    assert tokens(text) == expected


def test_stopwords_list_and_extras():
    stop = default_stopwords()
    assert {"de", "het", "een", "en", "zei"} <= stop
    assert "navo" not in stop
    assert "navo" in stopword_set(["NAVO "])


def test_terms_and_bigrams_respect_stopwords_and_sentence_breaks():
    toks, terms, bigrams = analyse("De Europese Commissie besliste. Europese landen volgen; Commissie zwijgt", default_stopwords())
    assert len(toks) == 9
    assert terms == ["europese", "commissie", "besliste", "europese", "landen", "volgen", "commissie", "zwijgt"]
    assert bigrams == ["europese commissie", "commissie besliste", "europese landen", "landen volgen", "commissie zwijgt"]


def test_bigrams_do_not_bridge_a_stopword():
    _, _, bigrams = analyse("minister van defensie", default_stopwords())
    assert bigrams == []


def _readme_term_paragraph() -> str:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    start = text.index("* A **term** is a token that is not a stopword.")
    return text[start : text.index("* **Extra stopwords**", start)]


def test_every_stopword_the_readme_names_is_in_the_list():
    import re

    paragraph = _readme_term_paragraph()
    named, rest = paragraph.split("Why this list", 1)
    words = [w for w in re.findall(r"`([^`]+)`", named) if re.fullmatch(r"[a-z']+", w)]
    assert {"zei", "volgens", "we", "zo'n"} <= set(words)  # the parse found the list
    assert set(words) <= default_stopwords(), set(words) - default_stopwords()
    # ...and the content words it says the list keeps are not stopwords.
    kept = [w for w in re.findall(r"`([^`]+)`", rest) if re.fullmatch(r"[a-z]+", w)]
    assert {"weg", "vrij", "recent"} <= set(kept)
    assert not set(kept) & default_stopwords()


def test_shipped_list_is_package_list_plus_news_additions():
    from analytics.tokenize import news_stopwords, package_stopwords

    assert len(package_stopwords()) == 106 and {"de", "het", "we", "zei"} <= package_stopwords()
    assert {"volgens", "zeiden", "jullie", "zo'n"} <= news_stopwords()
    assert default_stopwords() == package_stopwords() | news_stopwords()


def test_paragraph_breaks_and_single_letters_in_one_pass():
    # a paragraph break ends a bigram; a one-letter token is dropped without ending one
    toks, terms, bigrams = analyse("Rode auto\n\nBlauwe fiets: groene x boot", frozenset())
    assert toks == ["rode", "auto", "blauwe", "fiets", "groene", "boot"]
    assert terms == toks
    assert bigrams == ["rode auto", "blauwe fiets", "groene boot"]


def test_curly_marks_become_plain_before_tokenising():
    assert tokens("Oekraïne\u2019s \u2018top\u2019 oost\u2010europa zuid\u2011oost a\u02bcb") == [
        "oekraïne's", "top", "oost-europa", "zuid-oost", "a'b",
    ]
