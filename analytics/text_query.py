"""The text query of a filter: phrases combined with AND, OR, NOT and brackets (see
:func:`parse_query`), turned into a parameterised SQL condition (:func:`query_sql`).

A phrase matches case-insensitively, with no letter or digit directly before or after it
(``navo`` matches ``NAVO`` and ``Navo-troepen``, not ``kanavo``); whitespace in a phrase matches
any whitespace. User text never reaches SQL or a pattern unescaped: each phrase is a ``?``
parameter whose words went through :func:`re.escape`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

OPERATORS = ("AND", "OR", "NOT")
MAX_QUERY_PHRASES = 20
_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\()|(\))|([^\s()"]+)')


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]

    def text(self) -> str:
        joined = " ".join(self.words)
        return f'"{joined}"' if len(self.words) > 1 or joined in OPERATORS else joined


@dataclass(frozen=True)
class Op:
    op: Literal["AND", "OR", "NOT"]
    parts: tuple  # of Phrase | Op

    def text(self) -> str:
        if self.op == "NOT":
            return "NOT " + _wrapped(self.parts[0])
        return f" {self.op} ".join(_wrapped(p) for p in self.parts)


def _wrapped(node) -> str:
    return f"({node.text()})" if isinstance(node, Op) and node.op != "NOT" else node.text()


def parse_query(text: str) -> Phrase | Op | None:
    """The query as a tree, or None for an empty query.

    Grammar (operators in capitals; ``and``/``or``/``not`` in lower case are words)::

        query  := and ("OR" and)*
        and    := unary (["AND"] unary)*      -- two parts side by side are joined by AND
        unary  := "NOT" unary | "(" query ")" | phrase
        phrase := '"' words '"' | word+       -- bare words next to each other are one phrase

    So ``witte huis`` is the phrase "witte huis", ``navo NOT rusland`` is navo AND NOT rusland, and
    ``navo OR "witte huis" AND poetin`` is navo OR ("witte huis" AND poetin). Raises ValueError
    naming the problem (an unclosed quote or bracket, an operator with nothing after it).
    """
    text = text or ""
    if text.count('"') % 2:
        raise ValueError("a double quote is not closed")
    tokens: list[tuple[str, Any]] = []
    for quoted, left, right, word in (m.groups() for m in _QUERY_TOKEN.finditer(text)):
        if quoted is not None:
            words = tuple(quoted.split())
            if not words:
                raise ValueError('an empty phrase ""')
            tokens.append(("phrase", words))
        elif left or right:
            tokens.append((left or right, None))
        elif word in OPERATORS:
            tokens.append((word, None))
        elif tokens and tokens[-1][0] == "word":
            tokens[-1] = ("word", tokens[-1][1] + (word,))
        else:
            tokens.append(("word", (word,)))
    if not tokens:
        return None
    pos = 0

    def peek() -> str | None:
        return tokens[pos][0] if pos < len(tokens) else None

    def take() -> tuple[str, Any]:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def unary():
        kind = peek()
        if kind is None or kind in ("AND", "OR", ")"):
            raise ValueError(f"a phrase is missing{' before ' + kind if kind else ' at the end'}")
        kind, value = take()
        if kind == "NOT":
            return Op("NOT", (unary(),))
        if kind == "(":
            node = disjunction()
            if peek() != ")":
                raise ValueError("a bracket is not closed")
            take()
            return node
        return Phrase(value)

    def conjunction():
        parts = [unary()]
        while peek() in ("AND", "NOT", "(", "phrase", "word"):
            if peek() == "AND":
                take()
            parts.append(unary())
        return parts[0] if len(parts) == 1 else Op("AND", tuple(parts))

    def disjunction():
        parts = [conjunction()]
        while peek() == "OR":
            take()
            parts.append(conjunction())
        return parts[0] if len(parts) == 1 else Op("OR", tuple(parts))

    tree = disjunction()
    if pos < len(tokens):
        raise ValueError("a closing bracket has no opening one")
    if len(_phrases(tree)) > MAX_QUERY_PHRASES:
        raise ValueError(f"more than {MAX_QUERY_PHRASES} phrases")
    return tree


def _phrases(node) -> list[Phrase]:
    return [node] if isinstance(node, Phrase) else [p for part in node.parts for p in _phrases(part)]


def query_regex(query: str) -> str:
    """RE2 pattern matching one phrase (see the module docstring); its words are escaped."""
    words = [re.escape(w) for w in query.split()]
    return r"(?i)(^|[^\pL\pN])" + r"\s+".join(words) + r"($|[^\pL\pN])"


def query_sql(tree, column: str = "clean_text") -> tuple[str, list]:
    """A condition on ``column`` for a parsed query: each phrase is one ``regexp_matches(column, ?)``."""
    if isinstance(tree, Phrase):
        return f"regexp_matches({column}, ?)", [query_regex(" ".join(tree.words))]
    parts = [query_sql(p, column) for p in tree.parts]
    if tree.op == "NOT":
        return f"NOT ({parts[0][0]})", parts[0][1]
    return "(" + f" {tree.op} ".join(s for s, _ in parts) + ")", [v for _, ps in parts for v in ps]
