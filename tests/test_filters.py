"""The filter registry: URL round-trip, wording, the text query's grammar and SQL, the source
filter and the one policy for a from-month after the to-month.

The query and source tests select from this CSV corpus (hand-checked):

    s1 2024-01 NOS   "De NAVO en Rusland praten in het Witte Huis."
    s2 2024-01 NOS   "Rusland zwijgt."
    s3 2024-02 RTL   "De navo-top in Vilnius; het huis is wit."
    s4 2024-02 ''    "Een kanavo is geen woord, 100% zeker; DROP TABLE articles"
"""

import argparse

import pytest

from analytics.articles import articles_table, sources
from analytics.build import BuildOptions, build_corpus
from analytics.filters import FILTERS, FilterState, Op, Phrase, add_cli_options, from_cli, parse_query

CSV = """id,date,source,text
s1,2024-01-03,NOS,"De NAVO en Rusland praten in het Witte Huis."
s2,2024-01-09,NOS,"Rusland zwijgt."
s3,2024-02-01,RTL,"De navo-top in Vilnius; het huis is wit."
s4,2024-02-02,,"Een kanavo is geen woord, 100% zeker; DROP TABLE articles"
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("flt")
    (base / "c.csv").write_text(CSV, encoding="utf-8")
    return build_corpus(base / "c.csv", base / "store", options=BuildOptions(entities=False))


def ids(corpus, **kw) -> list[str]:
    return articles_table(corpus, FilterState(**kw))["id"].tolist()


def test_describe():
    assert FilterState().describe() == "All articles"
    flt = FilterState("2022-01", "2022-03", "navo  top", "NAVO", ("b", "a"), "drop")
    assert flt.describe() == 'Articles with months 2022-01 to 2022-03 · text contains "navo top" · mentions NAVO · 2 chosen articles · duplicates dropped'
    assert FilterState("2022-01", "2022-01").describe() == "Articles with month 2022-01"
    assert FilterState(query='navo NOT "witte huis"', source="NOS").describe() == (
        'Articles with text matches navo AND NOT "witte huis" · source NOS'
    )


def test_query_params_round_trip():
    flt = FilterState("2022-01", "2022-03", "navo", "Dmitri Peskov", ("x_1", "a-2"), "drop", ("jaar",), "NOS")
    params = flt.to_query_params()
    assert params == {"from": "2022-01", "to": "2022-03", "q": "navo", "entity": "Dmitri Peskov", "source": "NOS",
                      "ids": "a-2,x_1", "dups": "drop", "stop": "jaar"}
    assert FilterState.from_query_params(params) == (flt, [])
    assert FilterState().to_query_params() == {}


def test_every_filter_is_in_url_cli_and_manifest():
    full = FilterState("2022-01", "2022-03", "navo", "NAVO", ("a",), "drop", ("jaar",), "NOS")
    assert set(full.to_query_params()) == {f.url for f in FILTERS}
    assert set(full.manifest()["values"]) == {f.attr for f in FILTERS}
    parser = argparse.ArgumentParser()
    add_cli_options(parser)
    args = parser.parse_args(["--from", "2022-01", "--to", "2022-03", "--query", "navo", "--entity", "NAVO",
                              "--source", "NOS", "--ids", "a", "--drop-duplicates", "--stop", "jaar"])
    assert from_cli(args) == (full, [])


@pytest.mark.parametrize(
    "params, notice",
    [
        ({"from": "2022-13"}, "Ignored URL parameter from"),
        ({"to": "gisteren"}, "Ignored URL parameter to"),
        ({"dups": "maybe"}, "Ignored URL parameter dups"),
        ({"ids": "ok,<script>"}, "Ignored URL parameter ids"),
        ({"q": "x" * 500}, "Ignored URL parameter q"),
        ({"q": 'navo AND "witte'}, "Ignored URL parameter q: a double quote is not closed"),
        ({"q": "navo OR"}, "Ignored URL parameter q: a phrase is missing at the end"),
    ],
)
def test_malformed_params_fall_back_with_notice(params, notice):
    flt, notices = FilterState.from_query_params(params)
    assert flt == FilterState()
    assert len(notices) == 1 and notices[0].startswith(notice)


def test_from_month_after_to_month_is_one_policy_everywhere():
    flt, notices = FilterState.from_query_params({"from": "2023-01", "to": "2022-01"})
    assert (flt.month_from, flt.month_to) == ("2022-01", "2023-01")
    assert notices == ["The from-month 2023-01 is after the to-month 2022-01; showing 2022-01 to 2023-01."]
    parser = argparse.ArgumentParser()
    add_cli_options(parser)
    assert from_cli(parser.parse_args(["--from", "2023-01", "--to", "2022-01"])) == (flt, notices)
    with pytest.raises(ValueError, match="after month_to"):  # a value built in code is refused
        FilterState("2022-05", "2022-01")


def test_cli_names_the_bad_option():
    parser = argparse.ArgumentParser()
    add_cli_options(parser)
    with pytest.raises(ValueError, match="--query: a bracket is not closed"):
        from_cli(parser.parse_args(["--query", "(navo OR rusland"]))


def test_invalid_values_raise_naming_the_value():
    with pytest.raises(ValueError, match="duplicates: 'sometimes' is not one of keep, drop"):
        FilterState(duplicates="sometimes")


def test_hashable_and_normalised():
    assert hash(FilterState(query=" a  b ")) == hash(FilterState(query="a b"))


@pytest.mark.parametrize(
    "text, tree",
    [
        ("witte huis", Phrase(("witte", "huis"))),
        ('"witte huis"', Phrase(("witte", "huis"))),
        ("navo rusland", Phrase(("navo", "rusland"))),
        ("navo AND rusland", Op("AND", (Phrase(("navo",)), Phrase(("rusland",))))),
        ("navo NOT rusland", Op("AND", (Phrase(("navo",)), Op("NOT", (Phrase(("rusland",)),))))),
        ('navo OR "witte huis" poetin', Op("OR", (Phrase(("navo",)), Op("AND", (Phrase(("witte", "huis")), Phrase(("poetin",))))))),
        ("(navo OR rusland) AND top", Op("AND", (Op("OR", (Phrase(("navo",)), Phrase(("rusland",)))), Phrase(("top",))))),
        ("kat and hond", Phrase(("kat", "and", "hond"))),  # lower case: words, not operators
        ('"OR"', Phrase(("OR",))),
        ("", None),
    ],
)
def test_query_grammar(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    "query, expected",
    [
        ("navo", ["s1", "s3"]),  # NAVO and navo-top; not kanavo
        ("witte huis", ["s1"]),
        ("rusland AND navo", ["s1"]),
        ("rusland OR vilnius", ["s1", "s2", "s3"]),
        ("rusland NOT navo", ["s2"]),
        ('NOT "witte huis"', ["s2", "s3", "s4"]),
        ("(navo OR zwijgt) NOT huis", ["s2"]),
        ("100%", ["s4"]),  # regex characters are literal
        (".*", []),
        ("'; DROP TABLE articles; --", []),
        ("DROP TABLE articles", ["s4"]),  # the words as a phrase, nothing executed
    ],
)
def test_query_selects_articles(corpus, query, expected):
    assert ids(corpus, query=query) == expected


def test_source_filter(corpus):
    assert sources(corpus) == ["NOS", "RTL"]
    assert ids(corpus, source="NOS") == ["s1", "s2"]
    assert ids(corpus, source="rtl") == ["s3"]
    assert ids(corpus, source="' OR 1=1 --") == []
    assert ids(corpus, source="NOS", query="navo") == ["s1"]
