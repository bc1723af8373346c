"""Term tokenisation for Dutch news.

A *token* is a maximal run of letters (any script, diacritics kept: ``oekraïne``), optionally
joined to further letter runs by a single hyphen or apostrophe *between letters*:

* hyphenated compounds stay one token: ``navo-troepen``, ``oost-europa``, ``de-escalatie``;
* word-internal apostrophes stay: ``auto's``, ``zo'n``; quote marks around words are dropped;
* digits end a token and are never part of one (``100.000`` and ``2019`` give no token,
  ``covid-19`` gives ``covid``);
* tokens of one letter are dropped (``'s`` and ``'t`` clitics leave ``s``/``t`` behind).

Text is Unicode NFC-normalised and lowercased with :py:meth:`str.lower`; curly apostrophes
become ``'``. A *term* is a token that is not a stopword. The stopword list is the Dutch list of
the ``stop-words`` package (106 words, the Snowball core) merged with the documented news
additions in ``analytics/data/stopwords_nl_news.txt`` (``zei``, ``volgens``, ``we``, inflections),
plus any caller-supplied extras. A *bigram* is two adjacent terms with no stopword, sentence
punctuation (``. ! ? ; :``) or paragraph break between them, written ``"eerste tweede"``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
_BREAK_RE = re.compile(r"[.!?;:]|\n\s*\n")
_TOKEN_OR_BREAK_RE = re.compile(rf"{_TOKEN_RE.pattern}|{_BREAK_RE.pattern}")
_BREAK_MARKS = frozenset(".!?;:")
_APOSTROPHE_PAIRS = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2010", "-"), ("\u2011", "-"))


@lru_cache(maxsize=1)
def package_stopwords() -> frozenset[str]:
    """The Dutch list of the ``stop-words`` package (read from the installed package, no network)."""
    from stop_words import get_stop_words

    return frozenset(normalise_token(w) for w in get_stop_words("dutch") if w.strip())


@lru_cache(maxsize=1)
def news_stopwords() -> frozenset[str]:
    """The documented additions for news (``analytics/data/stopwords_nl_news.txt``)."""
    text = resources.files("analytics").joinpath("data/stopwords_nl_news.txt").read_text("utf-8")
    return frozenset(
        normalise_token(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def default_stopwords() -> frozenset[str]:
    """The shipped Dutch stopword list: :func:`package_stopwords` ∪ :func:`news_stopwords`."""
    return package_stopwords() | news_stopwords()


def stopword_set(extra: Iterable[str] = ()) -> frozenset[str]:
    extra = {normalise_token(w) for w in extra if w.strip()}
    return default_stopwords() | extra if extra else default_stopwords()


def normalise_token(word: str) -> str:
    return prepare(word.strip())


def prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # str.replace per mark, not str.translate: translate looks up every character in Python.
    for mark, plain in _APOSTROPHE_PAIRS:
        if mark in text:
            text = text.replace(mark, plain)
    return text.lower()


def tokens(text: str) -> list[str]:
    """All word tokens of ``text`` (stopwords included), lowercased."""
    return [t for t in _TOKEN_RE.findall(prepare(text)) if len(t) > 1]


def analyse(text: str, stopwords: frozenset[str]) -> tuple[list[str], list[str], list[str]]:
    """Return ``(tokens, terms, bigrams)`` of one text in one pass.

    ``tokens`` includes stopwords: its length is the denominator of the per-10,000-token rates.
    The text is first cut at sentence punctuation and paragraph breaks, so no bigram spans one.
    """
    all_tokens: list[str] = []
    terms: list[str] = []
    pairs: list[str] = []
    previous = None
    # One pass over tokens and breaks (a token never contains a break character, so this finds
    # the same tokens as splitting at breaks first).
    for token in _TOKEN_OR_BREAK_RE.findall(prepare(text)):
        if len(token) < 2:
            if token in _BREAK_MARKS:
                previous = None
            continue
        if token[0] == "\n":  # paragraph break
            previous = None
            continue
        all_tokens.append(token)
        if token in stopwords:
            previous = None
            continue
        terms.append(token)
        if previous is not None:
            pairs.append(previous + " " + token)
        previous = token
    return all_tokens, terms, pairs
