"""CoNLL-2002 file reading/writing, IOB2 chunking and conlleval-style scoring.

Layout: one token per line, the word in the first column and (in gold files) the entity tag in
the last; a blank line ends a sentence; a ``-DOCSTART-`` line starts a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

__all__ = [
    "Sentence",
    "Document",
    "read_conll",
    "read_conll_lines",
    "chunks",
    "score",
    "Score",
]


@dataclass
class Sentence:
    """Words of one sentence and, when the file has them, their gold tags (last column)."""

    words: list[str]
    tags: list[str] | None = None


@dataclass
class Document:
    """Sentences between two ``-DOCSTART-`` lines."""

    sentences: list[Sentence] = field(default_factory=list)


def read_conll_lines(lines: Iterable[str]) -> list[Document]:
    """Parse CoNLL lines into documents. Tags are read when every token line has 2+ columns."""
    docs: list[Document] = [Document()]
    words: list[str] = []
    tags: list[str] = []
    has_tags = True

    def flush() -> None:
        nonlocal words, tags, has_tags
        if words:
            docs[-1].sentences.append(Sentence(words, tags if has_tags else None))
        words, tags, has_tags = [], [], True

    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r")
        cols = line.split()
        if not cols:
            flush()
            continue
        if cols[0] == "-DOCSTART-":
            flush()
            if docs[-1].sentences:
                docs.append(Document())
            continue
        words.append(cols[0])
        if len(cols) >= 2:
            tags.append(cols[-1])
        else:
            has_tags = False
    flush()
    return [d for d in docs if d.sentences]


def read_conll(path: str) -> list[Document]:
    """Read a CoNLL file (UTF-8) into documents."""
    with open(path, encoding="utf-8") as fh:
        return read_conll_lines(fh)


def chunks(tags: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Yield ``(first, last_exclusive, type)`` entity chunks from IOB tags, as conlleval does.

    A chunk starts at ``B-X``, or at ``I-X`` that follows ``O`` or a different type, and ends
    before the next ``B-``, ``O`` or type change.
    """
    start = -1
    ctype = ""
    for i, tag in enumerate(tags):
        if tag == "O" or len(tag) < 3:
            prefix, typ = "O", ""
        else:
            prefix, typ = tag[0], tag[2:]
        if start >= 0 and (prefix != "I" or typ != ctype):
            yield start, i, ctype
            start = -1
        if prefix in ("B", "I") and start < 0:
            start, ctype = i, typ
    if start >= 0:
        yield start, len(tags), ctype


@dataclass
class Score:
    """Counts per entity type: gold, predicted and correct (exact span and type)."""

    gold: dict[str, int] = field(default_factory=dict)
    pred: dict[str, int] = field(default_factory=dict)
    correct: dict[str, int] = field(default_factory=dict)

    def add(self, gold_tags: Sequence[str], pred_tags: Sequence[str]) -> None:
        """Add one sentence (or any sequence scored as a unit)."""
        g = set(chunks(gold_tags))
        p = set(chunks(pred_tags))
        for _, _, t in g:
            self.gold[t] = self.gold.get(t, 0) + 1
        for _, _, t in p:
            self.pred[t] = self.pred.get(t, 0) + 1
        for _, _, t in g & p:
            self.correct[t] = self.correct.get(t, 0) + 1

    def rows(self) -> list[dict]:
        """``overall`` first, then one row per type: precision, recall, f1, support, predicted."""
        types = sorted(set(self.gold) | set(self.pred))
        out = [_prf("overall", sum(self.correct.values()), sum(self.pred.values()),
                    sum(self.gold.values()))]
        for t in types:
            out.append(_prf(t, self.correct.get(t, 0), self.pred.get(t, 0), self.gold.get(t, 0)))
        return out


def _prf(name: str, correct: int, pred: int, gold: int) -> dict:
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"type": name, "precision": p, "recall": r, "f1": f, "support": gold,
            "predicted": pred, "correct": correct}


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> Score:
    """Score parallel sequences of gold and predicted tag sequences."""
    s = Score()
    for g, p in zip(gold, pred, strict=True):
        s.add(g, p)
    return s
