"""AppTest of the Overview page: figures, filters, URL, export zip, uploads and session isolation.

Seeds: 000_5775cc61dc2f6202 (2022-02) and 003_8fd9f0161f3df59e (2022-01).
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from analytics.articles import summary
from analytics.build import BuildOptions, build_corpus
from tests.conftest import ROOT, cli_export

TIMEOUT = 60
FEB, JAN = "000_5775cc61dc2f6202", "003_8fd9f0161f3df59e"


def overview(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def header(at: AppTest) -> str:
    """The filter header as a person reads it (untrusted parts are backslash-escaped Markdown)."""
    return re.sub(r"\\(.)", r"\1", at.markdown[0].value)


def test_overview_shows_seed_figures(tmp_path):
    at = overview()
    assert not at.exception
    assert at.title[0].value == "Overview"
    m = metrics(at)
    assert m["Articles"] == "2" and m["Months"] == "2"
    expected = summary(build_corpus(ROOT / "seeds", tmp_path / "s", options=BuildOptions(entities=False)))
    assert m["Tokens"] == f"{expected.tokens:,}" and m["Distinct terms"] == f"{expected.distinct_terms:,}"
    assert header(at).startswith("**All articles**")
    assert "Every file was loaded." in [s.value for s in at.success]
    assert not at.warning


def test_month_widget_narrows_figures_and_url():
    at = overview()
    at.selectbox(key="w_from").select("2022-02").run()
    assert not at.exception
    assert metrics(at)["Articles"] == "1"
    assert metrics(at)["Months"] == "1"
    assert header(at).startswith("**Articles with months from 2022-02**")
    assert at.query_params["from"] == ["2022-02"] or at.query_params["from"] == "2022-02"


def test_text_query_and_duplicates_change_figures():
    at = overview()
    at.text_input(key="w_query").input("Peskov").run()
    assert metrics(at)["Articles"] == "1"
    assert 'text contains "Peskov"' in header(at)
    at.checkbox(key="w_dups").check().run()
    assert "duplicates dropped" in header(at)
    at.button(key="w_reset").click().run()
    assert metrics(at)["Articles"] == "2"
    assert header(at).startswith("**All articles**")


def test_url_seeds_filters():
    at = overview(to="2022-01", ids=f"{JAN},{FEB}")
    assert not at.exception
    assert metrics(at)["Articles"] == "1"
    assert at.selectbox(key="w_to").value == "2022-01"
    assert set(at.multiselect(key="w_ids").value) == {JAN, FEB}
    assert "months up to 2022-01" in header(at)


@pytest.mark.parametrize(
    "params, notice",
    [
        ({"from": "2022-13"}, "Ignored URL parameter from"),
        ({"dups": "maybe"}, "Ignored URL parameter dups"),
        ({"ids": "../etc/passwd"}, "Ignored URL parameter ids"),
        ({"from": "2022-02", "to": "2022-01"}, "The from-month 2022-02 is after the to-month 2022-01"),
    ],
)
def test_malformed_url_falls_back_with_notice(params, notice):
    at = overview(**params)
    assert not at.exception
    shown = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]  # notices are escaped Markdown
    assert any(notice in w for w in shown), shown
    assert metrics(at)["Articles"] == "2"


def test_no_match_gives_message_not_exception():
    at = overview(q="zzzgeenwoord")
    assert not at.exception
    assert metrics(at)["Articles"] == "0"
    assert any("No article matches this filter" in i.value for i in at.info)


@pytest.mark.parametrize("args, params", [((), {}), (("--from", "2022-02"), {"from": "2022-02"})])
def test_zip_download_equals_cli_export(tmp_path, downloads, args, params):
    at = overview(**params)
    zips = [b for b in at.get("download_button") if b.label == "Download all tables (zip)"]
    assert len(zips) == 1, [b.label for b in at.get("download_button")]
    data = downloads.of(zips[0])
    out = cli_export(tmp_path / "cli", *args)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(p.name for p in out.iterdir())
        for name in names:
            assert archive.read(name) == (out / name).read_bytes(), name
        # compressed, not stored: 5,000 articles made a 90 MB zip when stored
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert sum(i.compress_size for i in archive.infolist()) < sum(i.file_size for i in archive.infolist()) / 2
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["filter"]["query_params"] == params


def _seed_csv(rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["id,date,title,text"] + [f'{i},{d},"Titel {i}","{t}"' for i, d, t in rows]
    return ("\n".join(lines) + "\n").encode()


def test_upload_csv_is_explored_and_private_to_the_session():
    at = overview()
    data = _seed_csv([("a1", "2023-03-01", "De kat zit op de mat."), ("a2", "2023-04", "Een hond blaft."),
                      ("a3", "not-a-date", "Kapot.")])
    at.file_uploader(key="w_upload").upload("mijn.csv", data, "text/csv")
    at.run()
    assert not at.exception
    assert metrics(at)["Articles"] == "2"
    assert "corpus *mijn.csv*" in header(at)
    assert any("skipped" in w.value for w in at.warning)
    reasons = " ".join(" ".join(map(str, df.value["reason"])) for df in at.dataframe if "reason" in df.value)
    assert "not-a-date" in reasons
    other = overview()
    assert metrics(other)["Articles"] == "2" and "corpus *seeds*" in header(other)
    # the upload stays across a page switch, and the default corpus comes back on request
    at.switch_page("pages/4_Articles.py").run()
    assert "corpus *mijn.csv*" in header(at)
    at.switch_page("dashboard.py").run()
    at.button(key="w_default_corpus").click().run()
    assert "corpus *seeds*" in header(at)


def test_upload_lists_skipped_files_and_unsafe_paths():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("ok/001_a.txt", " date 2024-01 De kat zit.")
        z.writestr("../evil.txt", " date 2024-01 Boos.")
        z.writestr("notes.md", "hallo")
    at = overview()
    at.file_uploader(key="w_upload").upload("corpus.zip", buffer.getvalue(), "application/zip")
    at.run()
    assert not at.exception
    assert metrics(at)["Articles"] == "1"
    shown = at.dataframe
    reasons = " ".join(" ".join(map(str, df.value.get("reason", []))) for df in shown)
    assert "unsafe path" in reasons and "not a .txt article" in reasons


def test_upload_over_the_limit_is_refused(monkeypatch):
    import pages
    import pages.ui.uploads

    monkeypatch.setattr(pages.ui.uploads, "MAX_UPLOAD_BYTES", 100)
    at = overview()
    at.file_uploader(key="w_upload").upload("groot.csv", _seed_csv([("a", "2023-01", "x " * 200)]), "text/csv")
    at.run()
    assert not at.exception
    assert any("the limit is" in e.value for e in at.error)
    assert metrics(at)["Articles"] == "2"


def test_upload_with_nothing_loadable_shows_reasons():
    at = overview()
    at.file_uploader(key="w_upload").upload("leeg.jsonl", b'{"id": "x"}\nnot json\n', "application/json")
    at.run()
    assert not at.exception
    assert any("no article could be loaded" in e.value for e in at.error)
    reasons = " ".join(" ".join(map(str, df.value["reason"])) for df in at.dataframe if "reason" in df.value)
    assert "missing field" in reasons and "invalid JSON" in reasons
    assert metrics(at)["Articles"] == "2"
