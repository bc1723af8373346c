"""The hand-written word lists of ``analytics/data/`` that the recogniser and the entity merge
share, read in one place. Light on purpose: tagging text imports this, not pandas."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources


def word_list(name: str) -> frozenset[str]:
    """The case-folded (NFC) words of ``analytics/data/<name>``; ``#`` starts a comment."""
    text = resources.files("analytics").joinpath(f"data/{name}").read_text("utf-8")
    words = (w for line in text.splitlines() for w in line.split("#", 1)[0].split())
    return frozenset(unicodedata.normalize("NFC", w).casefold() for w in words)


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Case-folded Dutch nationality nouns and adjectives (``analytics/data/demonyms_nl.txt``)."""
    return word_list("demonyms_nl.txt")


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Case-folded titles and functions (``analytics/data/person_roles_nl.txt``)."""
    return word_list("person_roles_nl.txt")
