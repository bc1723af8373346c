"""Known organisation names: one ORG mention where the recogniser split or mistyped them.

The training news (CoNLL-2002, 2000) predates most of today's party names, and the recogniser
splits or mistypes them: "Open" (MISC) + "VLD" (ORG), "Vooruit" as a place, "CD&V" as a person,
"Amnesty" left out of "Amnesty International". ``analytics/data/organisations_nl.txt`` lists
organisations Dutch-language news names every day; :func:`apply_known_names` makes each
occurrence of a listed name one ORG mention when

* at least one of its tokens is inside a recognised entity (a name is never added where the
  recogniser found nothing: "Groen" at a sentence start may be the colour), and
* no recognised entity crosses its edges (an entity running into it from the left or past it
  on the right is left alone: "VRT NWS" keeps its span although "VRT" is listed).

Matching is on exact tokens, case included, longest name first.
"""

from __future__ import annotations

import functools
import hashlib
import os
from typing import Sequence

from .tokenize import tokenize

__all__ = ["KNOWN_ORGANISATIONS_FILE", "known_organisations", "known_names_hash", "apply_known_names"]

KNOWN_ORGANISATIONS_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data",
                                        "organisations_nl.txt")


def _read(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")]


@functools.lru_cache(maxsize=4)
def known_organisations(path: str = KNOWN_ORGANISATIONS_FILE) -> dict[str, list[tuple[str, ...]]]:
    """First token -> the listed names starting with it, as token tuples, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for name in _read(path):
        toks = tuple(name[s:e] for s, e in tokenize(name))
        if toks and toks not in out.get(toks[0], []):
            out.setdefault(toks[0], []).append(toks)
    for names in out.values():
        names.sort(key=len, reverse=True)
    return out


def known_names_hash(path: str = KNOWN_ORGANISATIONS_FILE) -> str:
    """First 8 hex digits of the SHA-256 of the list (part of the recogniser's version)."""
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()[:8]


def apply_known_names(words: Sequence[str], tags: list[str], conf: list[float] | None,
                      names: dict[str, list[tuple[str, ...]]]) -> list[str]:
    """Make every listed name in one sentence an ORG mention where the rules above allow.

    ``tags`` (valid IOB2) and ``conf`` are changed in place; a listed mention's tokens get
    confidence 1.0. Returns ``tags``."""
    n = len(words)
    i = 0
    while i < n:
        for name in names.get(words[i], ()):
            b = i + len(name)
            if (b <= n and tuple(words[i:b]) == name and tags[i][0] != "I"
                    and (b == n or tags[b][0] != "I")
                    and any(t != "O" for t in tags[i:b])):
                tags[i] = "B-ORG"
                for j in range(i + 1, b):
                    tags[j] = "I-ORG"
                if conf is not None:
                    for j in range(i, b):
                        conf[j] = 1.0
                i = b - 1
                break
        i += 1
    return tags
