"""Tagging and scoring of CoNLL files with a recogniser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conll import Score, read_conll_lines

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .recogniser import CrfRecogniser

__all__ = ["tag_conll", "evaluate", "score_table"]


def _recogniser(recogniser):
    if recogniser is None:
        from . import default_recogniser

        return default_recogniser()
    return recogniser


def _blocks(lines: list[str]) -> list[list[list[int]]]:
    """Group line indices into documents of sentences of token lines."""
    docs: list[list[list[int]]] = [[]]
    cur: list[int] = []
    for i, line in enumerate(lines):
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if cur:
                docs[-1].append(cur)
                cur = []
            if cols and docs[-1]:
                docs.append([])
            continue
        cur.append(i)
    if cur:
        docs[-1].append(cur)
    return [d for d in docs if d]


def tag_conll(in_path: str, out_path: str, recogniser: "CrfRecogniser | None" = None) -> int:
    """Tag the words (first column) of a CoNLL file; write ``word TAG`` lines to ``out_path``.

    Blank and ``-DOCSTART-`` lines are copied in place, so the output has exactly as many lines
    as the input. Documents are the spans between ``-DOCSTART-`` lines. Returns the token count.
    """
    rec = _recogniser(recogniser)
    with open(in_path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    trailing = lines and lines[-1] == ""
    if trailing:
        lines.pop()
    out = list(lines)
    n = 0
    for doc in _blocks(lines):
        words = [[lines[i].split()[0] for i in sent] for sent in doc]
        tags = rec.tag_document(words)
        for sent, w, t in zip(doc, words, tags):
            for i, word, tag in zip(sent, w, t):
                out[i] = f"{word} {tag}"
                n += 1
    for i, line in enumerate(out):
        cols = line.split()
        if not cols:
            out[i] = ""
        elif cols[0] == "-DOCSTART-":
            out[i] = "-DOCSTART- O" if len(cols) > 1 else "-DOCSTART-"
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + ("\n" if trailing else ""))
    return n


def score_table(s: Score) -> "pd.DataFrame":
    """The score as a DataFrame indexed by ``overall`` and the entity types."""
    import pandas as pd

    return pd.DataFrame(s.rows()).set_index("type")


def evaluate(gold_path: str, recogniser: "CrfRecogniser | None" = None) -> "pd.DataFrame":
    """Tag the words of ``gold_path`` and score against its last column (CoNLL exact match).

    Returns a DataFrame with rows ``overall``, ``LOC``, ``MISC``, ``ORG``, ``PER`` and columns
    precision, recall, f1, support (gold entities), predicted and correct.
    """
    rec = _recogniser(recogniser)
    with open(gold_path, encoding="utf-8") as fh:
        docs = read_conll_lines(fh)
    s = Score()
    for doc in docs:
        pred = rec.tag_document([sent.words for sent in doc.sentences])
        for sent, p in zip(doc.sentences, pred):
            if sent.tags is None:
                raise ValueError(f"{gold_path}: a sentence has no tag column")
            s.add(sent.tags, p)
    return score_table(s)
