"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

Starts ``streamlit run dashboard.py`` on a free port, opens the Overview, narrows the months and
sees the article count drop, opens the Articles page (the filter stays), downloads articles.csv
and checks its rows, opens the Quotes page (listed once) and downloads quotes.csv, then stops the
server. A second test walks browser Back and Forward through filter changes and a page switch. No
browser is downloaded: ``/usr/bin/chromium`` must
be installed (``apt-get install chromium``); with ``CI`` set, a missing browser fails the test.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT, require_browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
FEB = "000_5775cc61dc2f6202"




def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    require_browser(CHROMIUM)
    port = _free_port()
    env = {**os.environ, "ANALYTICS_STORE": str(tmp_path / "store"), "PYTHONPATH": str(ROOT)}
    env.pop("NEWS_CORPUS", None)
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def chromium_page(**page_options):
    """A page of Debian's headless Chromium, 1400×1000, with 90-second timeouts (the first visit
    builds the corpus: slow on a loaded machine)."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=90_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, **page_options)
            page.set_default_timeout(90_000)
            yield page
        finally:
            browser.close()


def _metric(page, label: str):
    """The value of the metric labelled exactly ``label``. Assert with a one-item list
    (``to_have_text(["2"])``): while Streamlit reruns, the old and the new metric can both be on the
    page for a moment, and the list form waits until exactly one shows the value."""
    labelled = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=labelled).get_by_test_id("stMetricValue")


def test_overview_filter_page_switch_and_csv_download(server, tmp_path):
    from playwright.sync_api import expect

    with chromium_page(accept_downloads=True) as page:
        page.goto(server)
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        articles = _metric(page, "Articles")
        expect(articles).to_have_text(["2"])

        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="From month").click()
        page.get_by_role("option", name="2022-02").click()
        expect(articles).to_have_text(["1"])
        expect(page.get_by_text("Articles with months from 2022-02").first).to_be_visible()
        assert "from=2022-02" in page.url

        sidebar.get_by_role("link", name="Articles").click()
        expect(page.get_by_role("heading", name="Articles", exact=True)).to_be_visible()
        expect(page.get_by_text("Articles with months from 2022-02").first).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("button", name="Download articles.csv").click()
        download = info.value
        assert download.suggested_filename == "articles.csv"
        path = tmp_path / "articles.csv"
        download.save_as(path)
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
        assert [r["id"] for r in rows] == [FEB]
        assert rows[0]["month"] == "2022-02" and int(rows[0]["tokens"]) > 0
        assert list(rows[0])[:3] == ["id", "month", "title"]

        # the Quotes page: listed once in the page list (helper sub-packages are not pages)
        expect(sidebar.get_by_role("link")).to_have_text(PAGE_LINKS)
        sidebar.get_by_role("link", name="Quotes").click()
        expect(page.get_by_role("heading", name="Quotes", exact=True)).to_be_visible()
        expect(page.get_by_text("Articles with months from 2022-02").first).to_be_visible()
        expect(_metric(page, "Quotes")).to_have_text(["4"])
        expect(page.locator(".quote-context mark").first).to_contain_text("Het is niet productief")
        with page.expect_download() as info:
            page.get_by_role("button", name="Download quotes.csv").click()
        path = tmp_path / "quotes.csv"
        info.value.save_as(path)
        quotes = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
        assert len(quotes) == 4 and {q["id"] for q in quotes} == {FEB}


PAGE_LINKS = ["Overview", "Terms", "Keywords", "Entities", "Articles", "Quotes"]


def test_page_list_and_back_forward_follow_the_url(server):
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(server)
        articles = _metric(page, "Articles")
        expect(articles).to_have_text(["2"])
        sidebar = page.locator('[data-testid="stSidebar"]')
        links = sidebar.get_by_role("link")
        expect(links).to_have_text(PAGE_LINKS)

        sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="From month").click()
        page.get_by_role("option", name="2022-02").click()
        expect(articles).to_have_text(["1"])
        page.wait_for_url("**from=2022-02**")
        sidebar.get_by_role("link", name="Articles").click()
        expect(page.get_by_role("heading", name="Articles", exact=True)).to_be_visible()

        page.go_back()  # the Overview with the month filter
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        expect(articles).to_have_text(["1"])
        page.go_back()  # the Overview before the filter
        expect(articles).to_have_text(["2"])
        expect(page.get_by_text("All articles").first).to_be_visible()
        assert "from=" not in page.url
        page.go_forward()
        expect(articles).to_have_text(["1"])
        expect(page.get_by_text("Articles with months from 2022-02").first).to_be_visible()
        assert "from=2022-02" in page.url


def test_entities_sections_draw_only_the_open_tab_and_keep_choices(server):
    """Only the open section of the Entities page is drawn; a tab's choices survive a visit elsewhere."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(server + "/Entities")
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        expect(charts).to_have_count(1)  # the top-entities bar chart, not the trend or heatmap
        expect(page.locator("canvas, svg.marks").first).to_be_visible()
        tabs = page.get_by_role("tab")
        tabs.filter(has_text="Over time").click()
        expect(page.get_by_text("Measure").first).to_be_visible()
        page.get_by_role("radiogroup").filter(has_text="Articles").get_by_text("Articles").click()
        expect(charts).to_have_count(1)
        tabs.filter(has_text="Heatmap").click()
        expect(page.get_by_role("button", name="Download heatmap data (CSV)")).to_be_visible()
        expect(page.get_by_role("button", name="Download trend data (CSV)")).to_have_count(0)
        tabs.filter(has_text="Over time").click()
        checked = page.get_by_role("radiogroup").filter(has_text="Mentions").locator("input:checked")
        expect(checked).to_have_value("1")  # "Articles", chosen before the Heatmap visit
