"""analytics.safe_text: untrusted text as one line, bounded, and literal inside Markdown."""

from __future__ import annotations

import re

import pytest

from analytics.safe_text import WORD_JOINER, md, one_line, shorten


def unescape(source: str) -> str:
    """What a reader sees: backslash escapes resolved, word joiners invisible."""
    return re.sub(r"\\(.)", r"\1", source).replace(WORD_JOINER, "")


@pytest.mark.parametrize(
    "text",
    [
        "[Log hier opnieuw in](https://evil.example/login)",
        "![x](https://evil.example/p.png)",
        ":red[rood] :material/warning: :smile: $x^2$ <img src=x onerror=alert(1)> &amp; &#60;",
        "**vet** _schuin_ `code` # kop > citaat - lijst 1. lijst | tabel | ~~weg~~",
        "mail a.b@evil.example of www.evil.example of HTTPS://EVIL.EXAMPLE",
        "\\[al ontsnapt\\]",
    ],
)
def test_md_reads_as_the_text_and_leaves_no_markup(text):
    source = md(text)
    assert unescape(source) == text
    bare = re.sub(r"\\.", "", source)
    assert not re.search(r"[!-/:-@\[-`{-~]", bare), bare  # every ASCII punctuation is escaped
    assert not re.search(r"(?i)https?://|www\.|\w@\w", source.replace("\\", ""))  # no autolink can match


def test_md_is_one_line_and_bounded():
    assert md("een\r\ntwee\u2028drie\x00vier") == "een  twee drie vier"
    assert unescape(md("[x](y)" * 20_000)) == ("[x](y)" * 20_000)[:199] + "…"
    assert len(unescape(md("a" * 10_000, 50))) == 50


def test_one_line_and_shorten():
    assert one_line("a\tb\rc\nd\x85e\u2029f\x7f") == "a b c d e f "
    assert one_line("a\tb\rc", keep_tab=True) == "a\tb c"
    assert shorten("abcdef", 4) == "abc…" and shorten("abc", 4) == "abc"
    with pytest.raises(ValueError, match="limit must be at least 1"):
        shorten("x", 0)
