"""The recogniser interface: raw text in, typed character spans out.

Everything the engine knows about named entities goes through :class:`Recogniser`.
A recogniser never sees tokens from the term tokeniser; it works on the cleaned article
text (case and punctuation intact) and returns character offsets into that text, so the
article reader can highlight exactly what was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, Sequence, runtime_checkable

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
ENTITY_TYPES: tuple[EntityType, ...] = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True)
class Mention:
    """One entity mention: ``text[start:end] == surface``.

    ``confidence`` is the recogniser's probability for the mention's type, in [0, 1] (the
    shipped CRF: the lowest marginal probability of the mention's tags); recognisers that have
    none give 1.0. It is not part of equality, so tests can compare spans and types.
    """

    start: int
    end: int
    surface: str
    type: EntityType
    confidence: float = field(default=1.0, compare=False)


@runtime_checkable
class Recogniser(Protocol):
    """Finds entity mentions in raw text.

    ``version`` identifies the model and its code; it is part of the per-article cache key,
    so changing it re-runs recognition on every article.
    """

    version: str

    def recognise(self, text: str) -> list[Mention]:
        """Return the mentions in ``text``, sorted by ``start``, non-overlapping."""
        ...

    def recognise_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Batch form of :meth:`recognise`; same result as calling it per text."""
        ...
