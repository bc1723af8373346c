"""Cleaning scraped article text, with a record of every change.

Steps, in order (each change is reported as a :class:`Removal` so counts can be trusted):

1. ``normalise``: Unicode NFC, ``\\r\\n`` to ``\\n``, non-breaking and zero-width spaces to plain
   spaces; not reported (no word changes).
2. ``glued``: a full stop, question or exclamation mark glued to the next sentence
   (``invasie.Lees``) gets a space: lowercase letter + ``.!?`` + capital + lowercase letter.
   Reported with the number of places fixed; nothing is removed.
3. ``teaser``: a related-article teaser (``Lees ook:``, ``Lees meer:``, ``Bekijk ook:``, ...)
   starting a paragraph or a sentence is removed up to the end of its paragraph.
4. ``boilerplate``: whole paragraphs that are photo credits, copyright or share prompts.
5. ``repeated``: a sentence whose normalised form (lowercase, single spaces) already occurred
   earlier in the article is removed when it has at least ``MIN_REPEAT_WORDS`` words, or when it
   continues a run of removed repeats (so a repeated block goes as a whole). Each contiguous
   removed block is one report entry.

Short section headings (a paragraph of at most 8 words without final punctuation) are kept: they
are the article's words. The cleaned text keeps paragraphs separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

RemovalKind = Literal["glued", "teaser", "boilerplate", "repeated"]
MIN_REPEAT_WORDS = 4

# The mark first, the two letters before it as a lookbehind: the engine then only tries at . ! ?
_GLUED_RE = re.compile(r"[.!?](?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Þ][a-zà-ÿ])")
_TEASER_WORDS = (
    r"lees ook|lees meer|lees verder|lees hier|meer lezen|bekijk ook|bekijk hier|kijk ook|"
    r"ook interessant|ook gelezen|meer nieuws|uit ons archief|gerelateerd|relevant"
)
_TEASER_RE = re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=[.!?]['\"”’]\s))(?i:{_TEASER_WORDS})\s*[:>»|-].*$", re.M)
#: A teaser needs one of these marks; a paragraph without any is not searched.
_TEASER_MARKS = ":>»|-"
_BOILERPLATE_RE = re.compile(
    r"^\s*(?:(?:foto|beeld|video|fotografie)\s*:|©|\(c\)\s|copyright\b|deel dit artikel|"
    r"volg ons op|abonneer)",
    re.I,
)
# Sentence boundary: end punctuation (optionally closing quote) + whitespace + a capital or
# opening quote. Applied per paragraph, so paragraph breaks are boundaries too.
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?…])(?:['\"”’]+)?\s+(?=['\"“‘]?[A-ZÀ-Þ0-9])")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")


@dataclass(frozen=True)
class Removal:
    """One cleaning change: what kind, the text removed (empty for repairs), and a count."""

    kind: RemovalKind
    text: str
    count: int = 1

    @property
    def reason(self) -> str:
        return {
            "glued": "space inserted between glued sentences",
            "teaser": "related-article teaser, not the article's content",
            "boilerplate": "credit or share prompt, not the article's content",
            "repeated": "repeats text that occurs earlier in the article",
        }[self.kind]


@dataclass(frozen=True)
class CleanResult:
    text: str
    removals: tuple[Removal, ...]

    @property
    def removed_chars(self) -> int:
        return sum(len(r.text) for r in self.removals)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    # The substitution makes one match per space; when every run is one plain space it changes nothing.
    if "  " in text or any(c in text for c in "\t\u00a0\u2007\u202f"):
        text = _SPACE_RE.sub(" ", text)  # never touches \n
    return "\n".join(line.strip() for line in text.split("\n"))


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences; newlines inside a paragraph become spaces."""
    return _split_sentences(" ".join(paragraph.split()))


def _split_sentences(paragraph: str) -> list[str]:
    """:func:`split_sentences` of a paragraph already on one line with single spaces."""
    return [s for s in _SENTENCE_SPLIT_RE.split(paragraph) if s]


_WORD_RE = re.compile(r"\w+")


def clean_text(text: str) -> CleanResult:
    """Clean one article body; see the module docstring for the exact rules."""
    removals: list[Removal] = []
    text = normalise(text)

    text, n_glued = _GLUED_RE.subn(r"\g<0> ", text)
    if n_glued:
        removals.append(Removal("glued", "", n_glued))

    kept_paragraphs: list[list[str]] = []
    for paragraph in split_paragraphs(text):
        paragraph = " ".join(paragraph.split())
        if _BOILERPLATE_RE.match(paragraph):
            removals.append(Removal("boilerplate", paragraph))
            continue
        teaser = _TEASER_RE.search(paragraph) if any(mark in paragraph for mark in _TEASER_MARKS) else None
        if teaser:
            removals.append(Removal("teaser", teaser.group(0).strip()))
            paragraph = paragraph[: teaser.start()].strip()
            if not paragraph:
                continue
        kept_paragraphs.append(_split_sentences(paragraph))

    seen: set[str] = set()
    out_paragraphs: list[str] = []
    block: list[str] = []

    def close_block() -> None:
        if block:
            removals.append(Removal("repeated", " ".join(block)))
            block.clear()

    for sentences in kept_paragraphs:
        kept: list[str] = []
        for sentence in sentences:
            words = _WORD_RE.findall(sentence.lower())
            key = " ".join(words)
            n_words = len(words)
            if key in seen and (n_words >= MIN_REPEAT_WORDS or block):
                block.append(sentence)
                continue
            close_block()
            if key:
                seen.add(key)
            kept.append(sentence)
        if kept:
            out_paragraphs.append(" ".join(kept))
    close_block()
    return CleanResult("\n\n".join(out_paragraphs), tuple(removals))
