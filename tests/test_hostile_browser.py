"""Hostile URL parameters in a real browser (Debian chromium via Playwright, as tests/test_browser.py):
no link or image to the attacker's site appears, nothing is fetched from it, and the text shows
literally."""

from __future__ import annotations

import urllib.parse

from tests.test_browser import ARGS, CHROMIUM, server  # noqa: F401  (server is a fixture)

PARAMS = {
    "q": "[x](https://evil.example)",
    "entity": "![i](https://evil.example/pixel.png)",
    "dups": "[d](https://evil.example/dups) https://evil.example/bare",
    "to": ":red[rood] :material/home: <b>vet</b>",
}


def test_hostile_url_renders_as_text(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            fetched: list[str] = []
            page.on("request", lambda request: fetched.append(request.url)
                    if urllib.parse.urlsplit(request.url).hostname == "evil.example" else None)
            page.goto(f"{server}/?{urllib.parse.urlencode(PARAMS)}")
            expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=90_000)
            expect(page.get_by_text("text matches").first).to_be_visible(timeout=90_000)  # [x](...) groups: [x] AND https://...
            expect(page.get_by_text("Ignored URL parameter to").first).to_be_visible(timeout=90_000)
            shown = page.locator("[data-testid=stMain]").inner_text().replace("\u2060", "")  # word joiners
            for literal in ('text matches [x] AND https://evil.example', "[d](https://evil.example/dups) https://evil.example/bare",
                            ":red[rood] :material/home: <b>vet</b>"):
                assert literal in shown, literal
            # The app's own page links keep the query string (…/Terms?q=…evil.example…); none may
            # lead to the attacker's host.
            hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
            hosts = {urllib.parse.urlsplit(h).hostname for h in hrefs}
            assert "evil.example" not in hosts, [h for h in hrefs if "127.0.0.1" not in h]
            srcs = page.locator("img[src]").evaluate_all("els => els.map(e => e.src)")
            assert not [s for s in srcs if urllib.parse.urlsplit(s).hostname == "evil.example"], srcs
            assert page.locator("[data-testid=stMarkdownContainer] b").filter(has_text="vet").count() == 0
            assert fetched == []
        finally:
            browser.close()
