"""AppTest: hostile URL parameters, corpus titles and ids render as text on every page.

AppTest gives each element's Markdown source. A source is safe when, after its backslash-escaped
characters are taken out, no link, image, HTML tag, bare URL, math or Streamlit directive can
form from what is left (:func:`markup_left`).
"""

from __future__ import annotations

import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from analytics.safe_text import md
from tests.conftest import ROOT, SECTION_KEYS, open_section, section_labels

TIMEOUT = 60
PAGES = ["dashboard.py", "pages/1_Terms.py", "pages/2_Keywords.py", "pages/3_Entities.py", "pages/4_Articles.py"]
LINK = "[Log hier opnieuw in](https://evil.example/login)"
IMAGE = "![x](https://evil.example/pixel.png)"
DIRECTIVES = ":red[rood] :material/warning: :smile: $x^2$ <img src=x onerror=alert(1)> https://evil.example"
HOSTILE_PARAMS = {
    "q": LINK,
    "entity": IMAGE,
    "from": f"2022-01{LINK}",
    "to": DIRECTIVES,
    "dups": f"{LINK} {IMAGE}",
    "ids": f"a,{LINK}",
}
FORBIDDEN = ("](", "![", "<", ":red[", ":material/", "://", "$", "&#", ":smile:")


def markup_left(source: str) -> list[str]:
    """The markup-forming sequences left in ``source`` once escaped characters are removed."""
    bare = re.sub(r"\\.", "", source, flags=re.S)
    return [f for f in FORBIDDEN if f in bare]


def text_elements(at: AppTest) -> list[tuple[str, str]]:
    """(kind, Markdown source) of every element that renders Markdown, sidebar included."""
    found = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader"):
        found += [(kind, e.value) for e in at.get(kind)]
    found += [("button", b.label) for b in at.get("button")]
    return found


def assert_safe(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for kind, source in text_elements(at):
        assert not markup_left(source), (kind, source[:300], markup_left(source))
        assert len(source) < 2_000, (kind, len(source))


def open_page(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at if page == "dashboard.py" else at.switch_page(page).run()


def test_the_check_can_fail():
    assert markup_left(LINK) == ["](", "://"]
    assert markup_left(md(LINK)) == [] and markup_left(md(IMAGE)) == [] and markup_left(md(DIRECTIVES)) == []
    assert "evil" in md(LINK)  # shown, as text


def assert_safe_in_every_section(at: AppTest, page: str) -> None:
    """:func:`assert_safe` on the page, and on each of its section tabs (only the open one runs)."""
    assert_safe(at)
    if page in SECTION_KEYS:
        for label in section_labels(at):
            assert_safe(open_section(at, page, label))


@pytest.mark.parametrize("page", PAGES)
def test_hostile_url_parameters_render_as_text(page):
    at = open_page(page, HOSTILE_PARAMS)
    assert_safe_in_every_section(at, page)
    shown = " ".join(source for _, source in text_elements(at))
    assert "Ignored URL parameter from" in re.sub(r"\\(.)", r"\1", shown)


@pytest.mark.parametrize("param", ["q", "entity", "dups", "from", "ids"])
def test_a_100_kb_parameter_is_refused_with_a_short_notice(param):
    at = open_page("dashboard.py", {param: LINK * 2_500})  # 120 KB
    assert_safe(at)
    assert [w.value for w in at.warning], "no notice"
    assert at.markdown[0].value.startswith("**All articles**")  # the filter did not take it


def test_query_that_is_valid_but_hostile_is_shown_escaped_in_the_header():
    at = open_page("dashboard.py", {"q": "[x](https://evil.example)"})
    assert_safe(at)
    assert "text matches" in at.markdown[0].value  # brackets group phrases: [x] AND https://evil.example
    assert "evil\\.example" in at.markdown[0].value


@pytest.fixture
def hostile_corpus(tmp_path, monkeypatch):
    title = f"{LINK} {IMAGE} {DIRECTIVES}\n# kop"
    rows = [
        ("a1", "2022-01", title, "Rusland en de NAVO praten in Genève over Oekraïne. De kat zit op de mat."),
        ("[id](https://evil.example)", "2022-01", ":blue[titel]", "Peskov zegt dat Moskou niets doet. De hond blaft."),
    ]
    lines = ["id,date,title,source,text"] + [
        ",".join('"' + v.replace('"', '""') + '"' for v in (i, d, t, DIRECTIVES, x)) for i, d, t, x in rows
    ]
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("NEWS_CORPUS", str(path))
    return path


def test_hostile_titles_ids_and_sources_render_as_text(hostile_corpus):
    at = open_page("pages/4_Articles.py", {})
    assert_safe(at)
    for article, shown in (("a1", "evil\\.example"), ("[id](https://evil.example)", "\\:blue\\[titel\\]")):
        at.selectbox(key="reader_article").set_value(article).run()
        assert_safe(at)
        headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
        assert len(headings) == 1 and shown in headings[0] and "\n" not in headings[0], headings
    for page in PAGES[:-1]:
        assert_safe_in_every_section(at.switch_page(page).run(), page)


def test_visitors_get_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_corpus_error_shows_no_server_path(monkeypatch):
    monkeypatch.setenv("NEWS_CORPUS", "geen-corpus-hier")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    errors = [e.value for e in at.error]
    assert errors and "geen\\-corpus\\-hier" in errors[0], errors
    assert not any(str(ROOT) in re.sub(r"\\(.)", r"\1", e) for e in errors), errors
