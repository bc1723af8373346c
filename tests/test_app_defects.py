"""AppTests of the defects a journalist hit in a real browser (issue 12), each asserting what a
person sees: picker labels, notices, buttons, chart specs and download contents."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, open_page, open_section

TIMEOUT = 60
UNTITLED = (
    "id,date,source,text\n"
    'u1,2024-01-05,NOS,"Kremlinwoordvoerder Dmitri Peskov zegt dat Rusland geen plannen heeft."\n'
    'u2,2024-02-07,RTL,"Een hond blaft in Genève terwijl de NAVO vergadert."\n'
    'u3,2024-02-08,RTL,"Een hond blaft in Genève terwijl de NAVO vergadert."\n'
).encode()


def header(at: AppTest) -> str:
    return re.sub(r"\\(.)", r"\1", at.markdown[0].value)


def specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def spec_with_title(at: AppTest, text: str) -> dict:
    for spec in specs(at):
        title = spec.get("title") or spec.get("layer", [{}])[0].get("title") or ""
        title = title.get("text", "") if isinstance(title, dict) else title
        if text in json.dumps(spec.get("title", "")) or text in str(title):
            return spec
    raise AssertionError(f"no chart titled {text!r}")


def button(at: AppTest, label: str):
    found = [b for b in at.get("download_button") if b.label == label]
    assert found, f"no download button {label!r}; have {[b.label for b in at.get('download_button')]}"
    return found[0]


def uploaded(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    at.file_uploader(key="w_upload").upload("mijn.csv", UNTITLED, "text/csv")
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def test_upload_names_its_articles_by_first_words_and_picker_follows_the_new_corpus():
    at = open_page("pages/4_Articles.py")
    at.selectbox(key="reader_article").select_index(1).run()
    at.switch_page("dashboard.py").run()
    at.file_uploader(key="w_upload").upload("mijn.csv", UNTITLED, "text/csv")
    at.run()
    at.switch_page("pages/4_Articles.py").run()
    assert not at.exception
    picker = at.selectbox(key="reader_article")
    assert picker.options[0].startswith("u1 · 2024-01 · Kremlinwoordvoerder Dmitri Peskov zegt dat Rusland")
    assert picker.value == "u1"  # not the sample article picked before the upload
    shown = " ".join(h.proto.body for h in at.get("html"))
    assert "geen plannen heeft" in shown


def test_upload_says_it_reset_the_filters():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["from"] = "2022-02"
    at.run()
    at.file_uploader(key="w_upload").upload("mijn.csv", UNTITLED, "text/csv")
    at.run()
    assert header(at).startswith("**All articles**")
    notices = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]
    assert any(n.startswith("Filters were reset for mijn.csv") for n in notices), notices


def test_back_to_default_corpus_clears_the_uploader():
    at = uploaded()
    assert at.file_uploader(key="w_upload").value is not None
    at.button(key="w_default_corpus").click().run()
    assert "corpus *seeds*" in header(at)
    uploaders = at.get("file_uploader")
    assert len(uploaders) == 1 and not uploaders[0].value  # the dropped file is no longer listed


def test_duplicates_have_a_csv_button_and_fitted_columns(downloads):
    at = uploaded()
    rows = pd.read_csv(io.BytesIO(downloads.of(button(at, "Download duplicates (CSV)"))))
    assert rows[["id", "duplicate_of", "duplicate_kind"]].values.tolist() == [["u3", "u2", "exact"]]
    assert not any("duplicate_of" in d.value.columns for d in at.dataframe)  # listed on request
    at.session_state["dups_list"] = True  # open the expander
    at.run()
    table = next(d for d in at.dataframe if "duplicate_of" in d.value.columns)
    widths = {k: v.get("width") for k, v in json.loads(table.proto.columns).items()}
    assert widths["id"] == widths["duplicate_of"] == "medium" and widths["similarity"] == "small"


def test_source_filter_in_the_sidebar_and_url():
    at = uploaded()
    at.selectbox(key="w_source").select("RTL").run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
    assert "source RTL" in header(at)
    assert at.query_params["source"] in ("RTL", ["RTL"])


def test_text_query_with_operators_from_the_sidebar():
    at = uploaded()
    at.text_input(key="w_query").input('blaft NOT "dmitri peskov"').run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
    assert 'text matches blaft AND NOT "dmitri peskov"' in header(at)
    at.text_input(key="w_query").input('blaft AND "niet gesloten').run()
    notices = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]
    assert any("Text query not changed: a double quote is not closed" in n for n in notices), notices
    assert 'text matches blaft AND NOT "dmitri peskov"' in header(at)  # the last good query stays


def test_bars_keep_the_table_order_for_equal_counts(downloads):
    at = open_page("dashboard.py")
    table = pd.read_csv(io.BytesIO(downloads.of(button(at, "Download top terms (CSV)"))))
    assert table["count"].duplicated().any()  # the seeds do have ties
    # ties broken by term in the table, and the chart draws the table's order (not the browser's sort)
    assert table["term"].tolist() == table.sort_values(["count", "term"], ascending=[False, True])["term"].tolist()
    assert spec_with_title(at, "Ten most frequent terms")["encoding"]["y"]["sort"] == table["term"].tolist()


def test_long_entity_names_are_not_cut():
    at = open_page("pages/3_Entities.py")
    spec = spec_with_title(at, "Most mentioned entities")
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0


def test_keyword_score_bar_is_fitted_to_the_scores():
    at = open_page("pages/2_Keywords.py")
    table = next(d for d in at.dataframe if "score" in d.value.columns and "tf_weight" in d.value.columns)
    top = float(table.value["score"].max())
    bar = json.loads(table.proto.columns)["score"]["type_config"]
    assert bar["max_value"] < 1 or top > 0.9
    assert top <= bar["max_value"] <= top + 0.1


def test_entity_heatmap_tells_zero_from_one_and_its_csv_has_no_internal_columns(downloads):
    at = open_section(open_page("pages/3_Entities.py"), "pages/3_Entities.py", "Heatmap")
    spec = spec_with_title(at, "of the 20 most mentioned entities")
    zero, some = spec["layer"]
    assert zero["transform"][0]["filter"] == "datum.mentions == 0" and zero["mark"]["fill"] == "white"
    assert some["encoding"]["color"]["scale"]["domainMin"] == 1
    heat = pd.read_csv(io.BytesIO(downloads.of(button(at, "Download heatmap data (CSV)"))))
    assert list(heat.columns) == ["month", "entity", "type", "mentions", "articles"]


def test_keyword_heatmap_csv_has_no_internal_columns(downloads):
    at = open_page("pages/2_Keywords.py")
    heat = pd.read_csv(io.BytesIO(downloads.of(button(at, "Download heatmap data (CSV)"))))
    assert not {"order", "in_top"} & set(heat.columns) and "score" in heat.columns


def test_sidebar_from_month_after_to_month_follows_the_one_policy():
    at = open_page("dashboard.py")
    at.selectbox(key="w_to").select("2022-01").run()
    at.selectbox(key="w_from").select("2022-02").run()
    assert not at.exception
    notices = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]
    assert "The from-month 2022-02 is after the to-month 2022-01; showing 2022-01 to 2022-02." in notices
    assert header(at).startswith("**Articles with months 2022-01 to 2022-02**")
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"


def test_keyness_table_is_not_squeezed_beside_the_keywords():
    """At half width the keyness table's last columns were cut off: the two month tables are tabs."""
    at = open_page("pages/2_Keywords.py")
    assert not at.exception
    assert [t.label for t in at.tabs][:2] == ["TF-IDF keywords", "Keyness against the rest of the corpus"]
    assert "score" in at.tabs[0].dataframe[0].value.columns  # the month's TF-IDF keywords
    assert not at.tabs[1].children  # the closed tab is not computed
    open_section(at, "pages/2_Keywords.py", "Keyness against the rest of the corpus")
    assert not at.tabs[0].children
    keyness = at.tabs[1]  # on the two samples no term passes the keyness thresholds: its notice
    assert [i.value for i in keyness.info] == [
        "No term of this month is significantly more frequent than in the rest of the corpus "
        "(G² ≥ 3.84 and at least 5 occurrences)."] or "g2" in keyness.dataframe[0].value.columns


def test_entity_chart_colours_read_on_white_and_tints_stay_behind_text():
    """Bars used the reader's pale highlight tints (contrast 1.6:1 on white). Chart marks need
    3:1 against the white page (WCAG 1.4.11); highlights must leave black text at 4.5:1."""
    from analytics.views import ENTITY_COLOURS, ENTITY_TINTS

    def luminance(hex_colour):
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a, b):
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    assert set(ENTITY_COLOURS) == set(ENTITY_TINTS) == {"PER", "ORG", "LOC", "MISC"}
    for t in ENTITY_COLOURS:
        assert contrast(ENTITY_COLOURS[t], "#ffffff") >= 3.0, t
        assert contrast(ENTITY_TINTS[t], "#000000") >= 4.5, t
