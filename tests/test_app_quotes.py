"""AppTest of the Quotes page and of the co-occurrence section of the Entities page."""

from __future__ import annotations

import pytest

from tests.conftest import cli_export, open_page, open_section

FEB, JAN = "000_5775cc61dc2f6202", "003_8fd9f0161f3df59e"


def frame(at, *columns):
    for df in at.dataframe:
        if all(c in df.value.columns for c in columns):
            return df.value
    raise AssertionError(f"no dataframe with columns {columns}")


def test_quotes_page_shows_speakers_and_quotes():
    at = open_page("pages/5_Quotes.py")
    assert not at.exception
    assert at.title[0].value == "Quotes"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Quotes"] == "6"  # four in the February sample article, two in January's
    quotes = frame(at, "quote", "speaker")
    assert len(quotes) == 6
    assert any(q.startswith("Het zou van naïviteit getuigen") for q in quotes["quote"])
    assert "een woordvoerster van het ministerie" in quotes["speaker"].tolist()
    assert not any("megafoondiplomatie" == q for q in quotes["quote"])  # a scare quote
    assert any("quote-context" in h.proto.body for h in at.get("html"))


def test_quotes_page_follows_the_filters():
    at = open_page("pages/5_Quotes.py", **{"to": "2022-01"})
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Quotes"] == "2"
    assert set(frame(at, "quote", "month")["month"]) == {"2022-01"}


def test_quotes_page_empty_selection():
    at = open_page("pages/5_Quotes.py", q="zzzgeenwoord")
    assert not at.exception
    assert any("No article matches this filter" in i.value for i in at.info)


def test_quote_opens_its_article_in_the_reader():
    at = open_page("pages/5_Quotes.py", **{"to": "2022-01"})
    at.button(key="q_open").click().run()
    assert not at.exception
    assert at.title[0].value == "Articles"
    assert at.selectbox(key="reader_article").value == JAN


def test_quote_downloads_equal_the_cli_export(tmp_path, downloads):
    at = open_page("pages/5_Quotes.py")
    out = cli_export(tmp_path / "export")
    for name in ("quotes", "quotes_by_speaker"):
        button = [b for b in at.get("download_button") if b.proto.label == f"Download {name}.csv" or
                  b.proto.label.startswith(f"Download {name}.csv")][0]
        assert downloads.of(button) == (out / f"{name}.csv").read_bytes()


def test_entities_page_shows_the_network_and_partners():
    at = open_page("pages/3_Entities.py")
    assert not at.exception
    assert not any("entity" in df.value.columns and "articles_entity" in df.value.columns for df in at.dataframe)
    assert not any("Pairs are ranked by" in c.value for c in at.caption)  # closed: not computed
    open_section(at, "pages/3_Entities.py", "Who appears with whom")
    assert not at.exception
    assert any("Pairs are ranked by" in c.value for c in at.caption)
    partners = frame(at, "entity", "articles_entity", "g2")
    assert len(partners) > 0


def test_entities_page_network_by_sentence():
    """Choosing "the same sentence" counts sentences: the partners table is the library's."""
    from analytics.build import build_corpus
    from analytics.cooccurrence import partners as partners_of
    from tests.conftest import ROOT

    at = open_section(open_page("pages/3_Entities.py"), "pages/3_Entities.py", "Who appears with whom")
    at.radio(key="co_unit").set_value("sentence").run()
    assert not at.exception
    shown = frame(at, "entity", "sentences_entity", "g2")
    pick = at.selectbox(key="co_pick").value
    expected = partners_of(build_corpus(ROOT / "seeds"), *tuple(pick), unit="sentence")  # the app's store
    assert len(expected) > 0
    assert shown["entity"].tolist() == expected["entity"].tolist()
    assert shown["sentences"].tolist() == expected["sentences"].tolist()
