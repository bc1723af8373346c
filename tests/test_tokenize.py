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
