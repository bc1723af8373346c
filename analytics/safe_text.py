"""Untrusted text (corpus, upload, URL parameter) made safe to show or to write.

* :func:`one_line`: every control character, and every character that ends a line for some
  reader (``\\r``, ``\\n``, ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028, U+2029),
  becomes one space; tab is kept only when ``keep_tab``. The result is always one line.
* :func:`shorten`: at most ``limit`` characters; a longer text is cut and ends with ``…``.
* :func:`md`: text to place inside Markdown (Streamlit ``st.markdown``, ``st.caption``,
  ``st.warning``, widget labels...). It is made one line, shortened, and *every* ASCII
  punctuation character is backslash-escaped (CommonMark lets any of them be escaped), so no
  link, image, emphasis, heading, HTML tag, entity, math (``$``), Streamlit directive
  (``:red[..]``, ``:material/..:``, ``:emoji:``) can form. Escapes do not stop GitHub-style
  autolinks (Streamlit links bare ``https://…``, ``www.…`` and e-mail addresses found in the
  *rendered* text), so an invisible WORD JOINER (U+2060) is put inside each of them:
  ``https:\u2060//``, ``www\u2060.``, ``name\u2060@host``. The text reads the same.
"""

from __future__ import annotations

import re

#: Control characters and line separators (tab excluded; see :func:`one_line`).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_OR_TAB_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PUNCT_RE = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK_RE = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"
#: Default longest untrusted text shown in a page element.
MAX_SHOWN = 200


def one_line(text: str, *, keep_tab: bool = False) -> str:
    """``text`` with each control or line-ending character replaced by a space."""
    return (_CONTROL_RE if keep_tab else _CONTROL_OR_TAB_RE).sub(" ", text)


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """At most ``limit`` characters: a longer ``text`` keeps ``limit - 1`` and gains ``…``."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def md(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` as literal Markdown text: one line, at most ``limit`` characters, punctuation
    escaped, autolinks broken by a word joiner."""
    return _PUNCT_RE.sub(r"\\\1", _AUTOLINK_RE.sub(WORD_JOINER, shorten(one_line(str(text)), limit)))
