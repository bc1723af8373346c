"""AppTest of the Terms, Keywords, Entities and Articles pages: rendering, filters, page switches,
downloads equal to the CLI export, entity narrowing and the escaped article reader."""

from __future__ import annotations

import re
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.articles import articles_table
from analytics.filters import FilterState
from tests.conftest import ROOT, SECTION_KEYS, cli_export, open_page, open_section, section_labels

TIMEOUT = 60
FEB, JAN = "000_5775cc61dc2f6202", "003_8fd9f0161f3df59e"
PAGES = ["pages/1_Terms.py", "pages/2_Keywords.py", "pages/3_Entities.py", "pages/4_Articles.py"]
ENTITIES = "pages/3_Entities.py"
TITLES = {"pages/1_Terms.py": "Terms", "pages/2_Keywords.py": "Keywords", "pages/3_Entities.py": "Entities",
          "pages/4_Articles.py": "Articles"}


def BUILT():
    """The seeds as the app built them (same store and recogniser: the build reuses its tables)."""
    from analytics.build import build_corpus

    return build_corpus(ROOT / "seeds", label="seeds")


def header(at: AppTest) -> str:
    """The filter header as a person reads it (untrusted parts are backslash-escaped Markdown)."""
    return re.sub(r"\\(.)", r"\1", at.markdown[0].value)


def button(at: AppTest, label: str):
    found = [b for b in at.get("download_button") if b.label == label]
    assert found, f"no download button {label!r}; have {[b.label for b in at.get('download_button')]}"
    return found[0]


def button_in_sections(at: AppTest, page: str, label: str):
    """A download button, opening the page's section tabs in turn until one shows it."""
    labels = [b.label for b in at.get("download_button")]
    if label in labels or page not in SECTION_KEYS:
        return button(at, label)
    for section in section_labels(at):
        open_section(at, page, section)
        assert not at.exception
        if label in [b.label for b in at.get("download_button")]:
            return button(at, label)
    raise AssertionError(f"no section of {page} shows a download button {label!r}")


def frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first dataframe on the page having these columns."""
    for df in at.dataframe:
        if all(c in df.value.columns for c in columns):
            return df.value
    raise AssertionError(f"no dataframe with columns {columns}")


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_under_its_filter_header(page):
    at = open_page(page, **{"from": "2022-02"})
    assert not at.exception
    assert at.title[0].value == TITLES[page]
    assert header(at).startswith("**Articles with months from 2022-02**")
    assert at.selectbox(key="w_from").value == "2022-02"


@pytest.mark.parametrize("page", PAGES)
def test_empty_selection_gives_a_message(page):
    at = open_page(page, q="zzzgeenwoord")
    assert not at.exception
    assert any("No article matches this filter" in i.value for i in at.info)


def test_filters_survive_page_switches_and_url_round_trip():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    at.selectbox(key="w_to").select("2022-01").run()
    at.checkbox(key="w_dups").check().run()
    for page in PAGES + ["dashboard.py"]:
        at.switch_page(page).run()
        assert not at.exception
        assert at.selectbox(key="w_to").value == "2022-01", page
        assert at.checkbox(key="w_dups").value is True, page
        assert "months up to 2022-01" in header(at) and "duplicates dropped" in header(at)
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params == {"to": "2022-01", "dups": "drop"}
    shared = open_page("pages/4_Articles.py", **params)
    assert frame(shared, "id", "tokens")["id"].tolist() == [JAN]


def test_terms_page_follows_filters_and_kwic(downloads):
    at = open_page("pages/1_Terms.py")
    top_all = pd.read_csv(pd.io.common.BytesIO(downloads.of(button(at, "Download top terms (CSV)"))))
    at.text_input(key="kwic_term").input("peskov").run()
    kwic = frame(at, "left", "term", "right")
    assert set(kwic["id"]) == {JAN} and (kwic["term"].str.lower() == "peskov").all()
    assert len(kwic) == 4
    at.selectbox(key="w_to").select("2022-01").run()
    top_jan = pd.read_csv(pd.io.common.BytesIO(downloads.of(button(at, "Download top terms (CSV)"))))
    assert top_jan["count"].sum() < top_all["count"].sum()
    at.text_input(key="trend_terms").input("navo, rusland").run()
    trend = pd.read_csv(pd.io.common.BytesIO(downloads.of(button(at, "Download trend data (CSV)"))))
    assert set(trend["value"]) == {"navo", "rusland"} and set(trend["month"]) == {"2022-01"}
    assert not (at.get("imgs") or at.get("image"))  # the word cloud is drawn only when asked for
    at.radio(key="terms_view").set_value("Word cloud").run()
    assert at.get("imgs") or at.get("image")


@pytest.mark.parametrize(
    "page, labels",
    [
        ("pages/1_Terms.py", {"Download terms_by_month.csv": "terms_by_month.csv",
                              "Download terms_by_article.csv": "terms_by_article.csv"}),
        ("pages/2_Keywords.py", {"Download keywords_by_month.csv": "keywords_by_month.csv",
                                 "Download keywords_by_article.csv": "keywords_by_article.csv"}),
        ("pages/3_Entities.py", {"Download entities_by_month.csv": "entities_by_month.csv",
                                 "Download entities_by_article.csv": "entities_by_article.csv",
                                 "Download entity_forms.csv": "entity_forms.csv"}),
        ("pages/4_Articles.py", {"Download articles.csv": "articles.csv"}),
    ],
)
@pytest.mark.parametrize("params, args", [({}, ()), ({"from": "2022-02", "dups": "drop"}, ("--from", "2022-02", "--drop-duplicates"))])
def test_page_downloads_equal_cli_export(tmp_path, downloads, page, labels, params, args):
    at = open_page(page, **params)
    assert not at.exception
    out = cli_export(tmp_path / "cli", *args)
    for label, file_name in labels.items():
        b = button_in_sections(at, page, label)
        assert downloads.name_of(b) == file_name
        assert downloads.of(b) == (out / file_name).read_bytes(), label


def test_keywords_page_shows_tf_df_idf_and_heatmap():
    at = open_page("pages/2_Keywords.py")
    month = frame(at, "month", "rank", "term", "tf", "df", "idf", "score")
    assert set(month["month"]) == {"2022-02"}  # the latest month is shown first
    at.selectbox(key="kw_month").select("2022-01").run()
    month = frame(at, "month", "rank", "term", "tf", "df", "idf", "score")
    assert set(month["month"]) == {"2022-01"} and month["rank"].tolist() == list(range(1, 26))
    assert not any("id" in d.value.columns and "rank" in d.value.columns for d in at.dataframe)  # closed
    at.session_state["kw_article_box"] = True  # open "Keywords of one article"
    at.run()
    article = frame(at, "id", "rank", "term", "tf", "df", "idf")
    assert article["id"].nunique() == 1 and len(article) == 10
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert any("each month's top keywords" in spec and '"rect"' in spec for spec in specs)


def test_entities_page_narrows_every_page_to_an_entity_and_plots_it(downloads):
    at = open_page("pages/3_Entities.py")
    assert not at.exception
    first_picks = open_section(at, ENTITIES, "Over time").multiselect(key="ent_chosen").value
    pick = open_section(at, ENTITIES, "Top entities").selectbox(key="ent_narrow_pick")
    # an entity the default trend picks (the three most mentioned) do not hold
    chosen = next(e for e in reversed(pick.options) if e not in [k[0] for k in first_picks])
    pick.select(chosen).run()
    at.button(key="ent_narrow").click().run()
    assert not at.exception
    assert f"mentions {chosen}" in header(at)
    assert at.query_params["entity"] in (chosen, [chosen])
    # the trend now plots the chosen entity (it kept the earlier picks before)
    open_section(at, ENTITIES, "Over time")
    assert [k[0] for k in at.multiselect(key="ent_chosen").value] == [chosen]
    trend = pd.read_csv(pd.io.common.BytesIO(downloads.of(button(at, "Download trend data (CSV)"))))
    assert set(trend["entity"]) == {chosen} and trend["mentions"].sum() > 0
    at.switch_page("pages/4_Articles.py").run()
    shown = frame(at, "id", "tokens")["id"].tolist()
    expected = articles_table(BUILT(), FilterState(entity=chosen))["id"].tolist()
    assert shown == expected and 0 < len(expected) < 2  # the seeds: the entity is in one of the two articles
    at.switch_page("pages/3_Entities.py").run()
    at.button(key="ent_clear").click().run()
    assert header(at).startswith("**All articles**")


def test_entities_page_explains_an_entity():
    at = open_section(open_page("pages/3_Entities.py"), ENTITIES, "Why an entity is what it is")
    assert not at.exception
    pick = at.selectbox(key="ent_why_pick")
    assert "Dmitri Peskov (PER)" in pick.options, pick.options
    pick.select_index(pick.options.index("Dmitri Peskov (PER)")).run()
    rows = frame(at, "surface", "rule", "rule_meaning", "tagged_per")
    assert ("Kremlinwoordvoerder Dmitri Peskov", "title") in list(zip(rows.surface, rows.rule))
    assert ("Peskov", "surname_article") in list(zip(rows.surface, rows.rule))
    assert rows.mentions.sum() == 4
    roles = frame(at, "role", "mentions", "articles")
    assert roles.values.tolist() == [["Kremlinwoordvoerder", 1, 1]]


def test_entities_page_trend_counts_match_the_table(downloads):
    at = open_section(open_page("pages/3_Entities.py"), ENTITIES, "Full tables")
    by_month = frame(at, "month", "entity", "type", "mentions", "articles")
    open_section(at, ENTITIES, "Over time")
    trend = pd.read_csv(pd.io.common.BytesIO(downloads.of(button(at, "Download trend data (CSV)"))))
    assert len(trend) == 3 * 2  # three entities chosen by default, two months, zero-filled
    for row in trend.itertuples():
        match = by_month[(by_month.month == row.month) & (by_month.entity == row.entity) & (by_month.type == row.type)]
        assert row.mentions == (int(match["mentions"].iloc[0]) if len(match) else 0)


def test_reader_escapes_corpus_html_and_highlights_entities():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    body = "Rusland en Washington <script>alert('x')</script> <img src=x onerror=alert(1)> & meer."
    data = f'id,date,title,text\nx1,2024-05,"<b>Kop</b>","{body}"\n'.encode()
    at.file_uploader(key="w_upload").upload("html.csv", data, "text/csv")
    at.run()
    at.switch_page("pages/4_Articles.py").run()
    assert not at.exception
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "&amp; meer." in html
    assert 'data-type="LOC"' in html  # Rusland / Washington highlighted (dictionary or shipped model)
    assert any("&lt;b&gt;Kop&lt;/b&gt;" in m.value or "\\<b\\>Kop" in m.value for m in at.markdown)


def test_reader_shows_keywords_and_cleaning_for_the_chosen_article():
    at = open_page("pages/4_Articles.py")
    at.selectbox(key="reader_article").select(JAN).run()
    kw = frame(at, "rank", "term", "tf", "df", "idf", "score")
    assert kw["rank"].tolist() == list(range(1, 11))
    assert "peskov" in kw["term"].tolist()
    at.button(key="reader_only").click().run()
    assert f"article {JAN}" in header(at)
    assert at.multiselect(key="w_ids").value == [JAN]


def test_entities_page_type_choice_draws_that_types_top():
    """The type picker draws one chart: the chosen type's most mentioned entities, as the library ranks them."""
    import json

    from analytics.entities import top_entities

    at = open_page("pages/3_Entities.py")
    at.radio(key="ent_type").set_value("PER").run()
    assert not at.exception
    titled = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if "Most mentioned" in c.proto.spec]
    assert len(titled) == 1 and titled[0]["title"] == "Most mentioned PER entities"
    expected = top_entities(BUILT(), types=["PER"], n=10)["entity"].tolist()
    assert expected and titled[0]["encoding"]["y"]["sort"] == expected
