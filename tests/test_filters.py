import pytest

from analytics.filters import FilterState


def test_describe():
    assert FilterState().describe() == "All articles"
    flt = FilterState("2022-01", "2022-03", "navo  top", "NAVO", ("b", "a"), "drop")
    assert flt.describe() == 'Articles with months 2022-01 to 2022-03 · text contains "navo top" · mentions NAVO · 2 chosen articles · duplicates dropped'
    assert FilterState("2022-01", "2022-01").describe() == "Articles with month 2022-01"


def test_query_params_round_trip():
    flt = FilterState("2022-01", "2022-03", "navo", "Dmitri Peskov", ("x_1", "a-2"), "drop")
    params = flt.to_query_params()
    assert params == {"from": "2022-01", "to": "2022-03", "q": "navo", "entity": "Dmitri Peskov", "ids": "a-2,x_1", "dups": "drop"}
    assert FilterState.from_query_params(params) == (flt, [])
    assert FilterState().to_query_params() == {}


@pytest.mark.parametrize(
    "params, notice",
    [
        ({"from": "2022-13"}, "Ignored URL parameter from"),
        ({"to": "gisteren"}, "Ignored URL parameter to"),
        ({"from": "2023-01", "to": "2022-01"}, "Ignored URL parameters from/to"),
        ({"dups": "maybe"}, "Ignored URL parameter dups"),
        ({"ids": "ok,<script>"}, "Ignored URL parameter ids"),
        ({"q": "x" * 500}, "Ignored URL parameter q"),
    ],
)
def test_malformed_params_fall_back_with_notice(params, notice):
    flt, notices = FilterState.from_query_params(params)
    assert flt == FilterState()
    assert len(notices) == 1 and notices[0].startswith(notice)


def test_invalid_values_raise_naming_the_value():
    with pytest.raises(ValueError, match="duplicates must be one of"):
        FilterState(duplicates="sometimes")
    with pytest.raises(ValueError, match="after month_to"):
        FilterState("2022-05", "2022-01")


def test_hashable_and_normalised():
    assert hash(FilterState(query=" a  b ")) == hash(FilterState(query="a b"))
