"""AppTest of what a user sees of issue 9's numbers: month TF-IDF beside keyness with its four
counts, the multi-series trend with spikes and their articles, the strongest spikes, every
keyword-in-context line, and extra stopwords typed in the sidebar."""

from __future__ import annotations

import io
import math
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import cli_export, open_page, open_section
from tests.tiny import write_seed_corpus



def storm_corpus() -> dict[str, tuple[str, str]]:
    """2024-01..2024-07, 10 articles a month, 11 tokens each ("weer" three times):
    'storm' in one January article and in 8 of the 10 July articles."""
    arts = {}
    for m in range(1, 8):
        for i in range(10):
            stormy = (m == 1 and i == 0) or (m == 7 and i < 8)
            arts[f"{m}_{i}"] = (f"2024-{m:02d}", f"Het weer {'met storm' if stormy else 'is rustig'} nummer{chr(97 + i)}. "
                                                 "Het weer blijft. Het weer telt.")
    return arts


@pytest.fixture
def storm(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_CORPUS", str(write_seed_corpus(tmp_path / "storm", storm_corpus())))


def frame(at: AppTest, *columns: str) -> pd.DataFrame:
    for df in at.dataframe:
        if all(c in df.value.columns for c in columns):
            return df.value
    raise AssertionError(f"no dataframe with columns {columns}")


def csv_of(at: AppTest, downloads, label: str) -> pd.DataFrame:
    found = [b for b in at.get("download_button") if b.label == label]
    assert found, [b.label for b in at.get("download_button")]
    return pd.read_csv(io.BytesIO(downloads.of(found[0])), keep_default_na=False)


def test_keywords_page_shows_keyness_counts_beside_tfidf(storm):
    at = open_page("pages/2_Keywords.py")
    assert not at.exception
    at.selectbox(key="kw_month").select("2024-07").run()
    tfidf = frame(at, "month", "rank", "term", "tf", "tf_weight", "df", "n_docs", "idf", "score")
    assert tfidf["term"].iloc[0] == "storm" and tfidf[["tf", "df", "n_docs"]].iloc[0].tolist() == [8, 9, 70]
    open_section(at, "pages/2_Keywords.py", "Keyness against the rest of the corpus")
    keyness = frame(at, "month", "term", "a", "b", "c", "d", "g2", "log_ratio")
    top = keyness.iloc[0]
    # July: a = 8 of c = 10 × 11 = 110 tokens; the rest: b = 1 of d = 60 × 11 = 660 tokens.
    assert (top["term"], top["a"], top["b"], top["c"], top["d"]) == ("storm", 8, 1, 110, 660)
    e1, e2 = 110 * 9 / 770, 660 * 9 / 770
    assert top["g2"] == pytest.approx(2 * (8 * math.log(8 / e1) + 1 * math.log(1 / e2)))
    assert top["log_ratio"] == pytest.approx(math.log2((8 / 110) / (1 / 660)))


def test_selection_keyness_is_computed_on_request(storm, downloads):
    # July alone against January-June: the same 2×2 as July's row (a 8, b 1, c 110, d 660).
    at = open_page("pages/2_Keywords.py", **{"from": "2024-07"})
    assert not [b for b in at.get("download_button") if b.label == "Download selection keyness (CSV)"]
    at.toggle(key="kw_selection_keyness").set_value(True).run()
    rows = csv_of(at, downloads, "Download selection keyness (CSV)")
    assert rows[["term", "a", "b", "c", "d"]].iloc[0].tolist() == ["storm", 8, 1, 110, 660]


def test_terms_trend_marks_the_spike_and_leads_to_its_articles(storm, downloads):
    at = open_page("pages/1_Terms.py")
    at.text_input(key="trend_terms").input("storm").run()
    at.text_input(key="trend_texts").input("met storm").run()
    assert not at.exception
    trend = csv_of(at, downloads, "Download trend data (CSV)")
    assert trend["series"].unique().tolist() == ["storm", '"met storm" (text)']
    storm_rows = trend[trend.series == "storm"]
    assert storm_rows["month"].tolist() == [f"2024-{m:02d}" for m in range(1, 8)]
    assert storm_rows["articles"].tolist() == [1, 0, 0, 0, 0, 0, 8]
    assert storm_rows["share"].tolist() == pytest.approx([0.1, 0, 0, 0, 0, 0, 0.8])
    assert trend[trend.spike.astype(str) == "True"]["month"].tolist() == ["2024-07", "2024-07"]
    spikes = frame(at, "series", "month", "expected", "p_value")
    assert spikes["month"].tolist() == ["2024-07", "2024-07"]
    assert spikes["expected"].tolist() == pytest.approx([0.25, 0.25])  # (1 + 0.5) / 60 × 10
    assert not [b for b in at.get("download_button") if b.label == "Download spikes (CSV)"]  # only when asked for
    at.toggle(key="spike_show").set_value(True).run()
    strongest = frame(at, "series", "month", "baseline_articles", "ratio")
    assert strongest[["series", "month"]].values.tolist()[0] == ["storm", "2024-07"]
    at.button(key="spike_go").click().run()
    assert 'month 2024-07 · text contains "storm"' in re.sub(r"\\(.)", r"\1", at.markdown[0].value)  # unescaped


def test_every_kwic_line_is_reachable_and_downloaded(storm, downloads):
    at = open_page("pages/1_Terms.py")
    at.text_input(key="kwic_term").input("weer").run()
    assert any(c.value.startswith("210 hit(s) in 70 article(s); showing lines 1–200") for c in at.caption)
    assert len(frame(at, "left", "term", "right", "start")) == 200
    at.number_input(key="kwic_page").set_value(2).run()
    assert any("showing lines 201–210" in c.value for c in at.caption)
    assert len(frame(at, "left", "term", "right", "start")) == 10
    assert len(csv_of(at, downloads, "Download all 210 lines (CSV)")) == 210
    at.radio(key="kwic_sort").set_value("right").run()
    first = frame(at, "left", "term", "right", "start")
    assert first["right"].str.split().str[0].tolist() == sorted(first["right"].str.split().str[0].tolist(), key=str.lower)


def test_extra_stopwords_from_the_sidebar_reach_url_tables_and_downloads(tmp_path, downloads):
    at = open_page("pages/1_Terms.py")
    at.text_input(key="w_stop").input("Rusland, navo").run()
    assert "extra stopwords navo, rusland" in re.sub(r"\\(.)", r"\1", at.markdown[0].value)
    assert at.query_params["stop"] in ("navo,rusland", ["navo,rusland"])
    top = csv_of(at, downloads, "Download top terms (CSV)")
    assert not {"navo", "rusland"} & set(top["term"])
    at.text_input(key="w_stop").input("navo, <b>1</b>").run()
    assert any("Extra stopwords not changed" in w.value for w in at.warning)
    keywords = open_page("pages/2_Keywords.py", stop="navo,rusland")
    out = cli_export(tmp_path / "cli", "--stop", "navo,rusland")
    for name in ("keywords_by_month", "keyness_by_month", "keywords_by_article"):
        found = [b for b in keywords.get("download_button") if b.label == f"Download {name}.csv"][0]
        assert downloads.of(found) == (out / f"{name}.csv").read_bytes(), name


def test_reader_names_an_untitled_article_by_its_first_words(storm):
    at = open_page("pages/4_Articles.py")
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    # the first selected article (month, id order) is 1_0: "Het weer met storm nummera. ..."
    assert len(headings) == 1 and headings[0].startswith("#### Untitled · Het weer met storm nummera"), headings
    assert "1\\_0" not in headings[0] and "1_0" not in headings[0]
