"""analytics.views on small literal tables whose results are worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics import views


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NAVO, rusland", ["navo", "rusland"]),
        ("  Witte   Huis ;navo,,NAVO ", ["witte huis", "navo"]),
        ("", []),
        (",, ;", []),
    ],
)
def test_parse_terms(text, expected):
    assert views.parse_terms(text) == expected


def test_parse_terms_limit():
    assert views.parse_terms(",".join(f"t{i}" for i in range(15))) == [f"t{i}" for i in range(10)]


def test_parse_ids():
    assert views.parse_ids("b, a;a\nc") == ("a", "b", "c")


@pytest.mark.parametrize(
    "value, side, expected",
    [("2024-01", "from", None), ("2024-02", "from", "2024-02"), ("2024-03", "to", None), ("2024-02", "to", "2024-02"),
     (None, "to", None)],
)
def test_month_bound(value, side, expected):
    assert views.month_bound(value, ["2024-01", "2024-02", "2024-03"], side) == expected


def test_month_bound_rejects_unknown_side():
    with pytest.raises(ValueError, match="'from' or 'to'"):
        views.month_bound("2024-01", ["2024-01"], "up")


def test_month_choices():
    # a from-month after the to-month has one policy: analytics.filters.ordered_months (tests/test_filters.py)
    assert views.month_choices(["2024-02", "2024-01"], "2023-12", None, "2024-02") == ["2023-12", "2024-01", "2024-02"]


KBM = pd.DataFrame(
    [
        # month, rank, term, tf, df, n_docs, idf, tfidf, score
        ("2024-01", 1, "kat", 2, 2, 2, 1.0, 2.0, 0.8),
        ("2024-01", 2, "hond", 1, 1, 2, 1.4, 1.4, 0.6),
        ("2024-02", 1, "hond", 3, 1, 2, 1.4, 4.2, 0.9),
        ("2024-02", 2, "muis", 1, 1, 2, 1.4, 1.4, 0.3),
    ],
    columns=["month", "rank", "term", "tf", "df", "n_docs", "idf", "tfidf", "score"],
)


def test_keyword_heatmap_orders_by_best_score_and_marks_missing_cells():
    heat = views.keyword_heatmap(KBM)
    # best scores: hond 0.9, kat 0.8, muis 0.3; 3 terms x 2 months = 6 cells
    assert list(dict.fromkeys(heat["term"])) == ["hond", "kat", "muis"]
    assert len(heat) == 6
    kat_feb = heat[(heat.term == "kat") & (heat.month == "2024-02")].iloc[0]
    assert math.isnan(kat_feb['rank']) and math.isnan(kat_feb.score)
    hond_feb = heat[(heat.term == "hond") & (heat.month == "2024-02")].iloc[0]
    assert hond_feb.score == 0.9 and hond_feb.tf == 3 and hond_feb["rank"] == 1
    assert list(heat.columns) == views.KEYWORD_HEATMAP_COLUMNS


def test_keyword_heatmap_limits_terms_with_alphabetical_ties():
    tie = pd.concat([KBM, KBM.assign(term="aap", score=0.9, month="2024-03")])
    assert list(dict.fromkeys(views.keyword_heatmap(tie, max_terms=2)["term"])) == ["aap", "hond"]
    assert views.keyword_heatmap(KBM.iloc[0:0]).empty


EBM = pd.DataFrame(
    [
        ("2024-01", "NAVO", "ORG", 5, 2, "NAVO (5)"),
        ("2024-01", "Rusland", "LOC", 3, 1, "Rusland (3)"),
        ("2024-03", "Rusland", "LOC", 4, 2, "Rusland (4)"),
        ("2024-03", "Poetin", "PER", 1, 1, "Poetin (1)"),
    ],
    columns=["month", "entity", "type", "mentions", "articles", "surface_forms"],
)


def test_entity_heatmap_zero_fills_every_month():
    months = ["2024-01", "2024-02", "2024-03"]
    heat = views.entity_heatmap(EBM, months, max_entities=2)
    # totals: Rusland 7, NAVO 5, Poetin 1 -> Rusland, NAVO; 2 entities x 3 months
    assert list(dict.fromkeys(heat["label"])) == ["Rusland (LOC)", "NAVO (ORG)"]
    assert heat[heat.entity == "Rusland"]["mentions"].tolist() == [3, 0, 4]
    assert heat[heat.entity == "NAVO"]["articles"].tolist() == [2, 0, 0]
    assert int(heat["mentions"].sum()) == 12


def test_entity_trend_keeps_the_chosen_order():
    trend = views.entity_trend(EBM, [("Poetin", "PER"), ("NAVO", "ORG"), ("Poetin", "PER")], ["2024-01", "2024-03"])
    assert trend[["entity", "month", "mentions"]].values.tolist() == [
        ["Poetin", "2024-01", 0], ["Poetin", "2024-03", 1], ["NAVO", "2024-01", 5], ["NAVO", "2024-03", 0]
    ]
    assert views.entity_trend(EBM, [], ["2024-01"]).empty


def test_article_labels_and_excerpt():
    arts = pd.DataFrame({"id": ["a"], "month": ["2024-01"], "title": ["Een heel lange titel " * 5]})
    label = views.article_choice_labels(arts, width=20)["a"]
    assert label.startswith("a · 2024-01 · Een heel lange") and label.endswith("…") and len(label) == len("a · 2024-01 · ") + 20
    assert views.article_excerpt("a\n b  c", chars=80) == "a b c"


MENTIONS = pd.DataFrame(
    {"start": [0, 14, 15, 30], "end": [7, 18, 20, 99], "type": ["LOC", "ORG", "PER", "LOC"], "entity": ["Rusland", "NAVO", "x", "y"]}
)


def test_highlight_segments_cover_the_text_and_skip_bad_spans():
    text = "Rusland en de NAVO."
    # NAVO is at 14-18; (15, 20) overlaps it and (30, 99) lies outside the 19-character text
    segs = views.highlight_segments(text, MENTIONS)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.type) for s in segs] == [("Rusland", "LOC"), (" en de ", None), ("NAVO", "ORG"), (".", None)]


def test_highlighted_html_escapes_everything():
    text = "<script>alert('x')</script> Rusland & co\nregel 2"
    mentions = pd.DataFrame({"start": [28], "end": [35], "type": ["LOC"], "entity": ['<b onmouseover="x">']})
    out = views.highlighted_html(text, mentions)
    assert "<script" not in out and "<b " not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
    assert 'title="LOC: &lt;b onmouseover=&quot;x&quot;&gt;"' in out
    assert ">Rusland<sup" in out and "&amp; co<br>regel 2" in out
    assert views.highlighted_html("a", MENTIONS.iloc[0:0]).endswith(">a</div>")


def test_word_frequencies_and_cloud():
    top = pd.DataFrame({"term": ["kat", "hond", "niets"], "count": [3, 1, 0]})
    freqs = views.word_frequencies(top)
    assert freqs == {"kat": 3, "hond": 1}
    png = views.wordcloud_png(freqs, width=200, height=100)
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        views.wordcloud_png({})


def test_heatmap_tables_carry_no_internal_columns():
    assert not {"order", "in_top", "_order"} & set(views.keyword_heatmap(KBM).columns)
    assert not {"order", "_order"} & set(views.entity_heatmap(EBM, ["2024-01"]).columns)


def test_word_cloud_sizes_follow_the_counts():
    # the case: three words with 3 occurrences each were drawn at very different sizes
    counts = {"oorlog": 12, "navo": 6, "kat": 3, "hond": 3, "muis": 3, **{f"woord{i}": 2 for i in range(20)}}
    sizes = views.wordcloud_sizes(counts)
    assert set(sizes) == set(counts)  # every word fits
    assert sizes["kat"] == sizes["hond"] == sizes["muis"]
    assert sizes["oorlog"] > sizes["navo"] > sizes["kat"] > sizes["woord0"]
    assert sizes["oorlog"] / sizes["navo"] == pytest.approx(2, rel=0.1)
