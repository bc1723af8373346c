"""Tokeniser and sentence splitter for the recogniser, following CoNLL-2002 Dutch conventions.

Tokens keep case and punctuation and are returned as ``(start, end)`` character offsets into the
input text, so mentions map back exactly (``text[start:end]``). Conventions copied from the
CoNLL-2002 Dutch data (De Morgen, 2000):

* hyphenated compounds stay one token ("NAVO-Ruslandraad", "Russisch-Oekraïense",
  "Groot-Brittannië"); a dangling hyphen before "en"/"of" stays attached ("regen- en");
* internal apostrophes stay inside the word ("zo'n", "programma's", "D'Haese"), and "'s", "'t",
  "'98" are tokens of their own; any other quote character is a separate token, so quoted
  speech like "'Het is ... wenst', verklaarde" and "gebeurt', zei" split cleanly;
* numbers keep their internal separators ("2.000", "21.00", "231.56.53");
* initials ("J.") and a short list of abbreviations ("fr.", "tel.", "dr.") keep their dot;
  web names ("Startupfailures.com") stay one token;
* a sentence-final dot glued to the next sentence ("invasie.Lees ook") is split off.

Sentences end at ".", "?", "!", "..." (plus any closing quotes or brackets right after them) when
the next token does not start with a lower-case letter, and always at a blank line (paragraph).
"""

from __future__ import annotations

import re

__all__ = ["tokenize", "split_sentences", "sentences_with_offsets", "ABBREVIATIONS"]

#: Lower-cased abbreviations (without the dot) that keep their dot, as in the CoNLL data.
ABBREVIATIONS = frozenset(
    """
    fr tel dr drs prof mr mevr mvr dhr mgr ir ing st nr blz bv enz ca gem cm km kg mln mld
    jr sr vs ed red resp max min vgl zgn evt o.a e.a z.t a.s m.a.w d.w.z i.p.v t.o.v b.v o.m
    n.a.v i.v.m v.chr n.chr p.s m.b.t
    """.split()
)

_APOS = "'’‘`"
_LETTER = r"[^\W\d_]"
# One alternation, tried in order at each position; the first match wins.
_TOKEN_RE = re.compile(
    r"""
    (?P<url>(?:https?://|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]'’])              # URLs
  | (?P<mail>[\w.+-]+@\w[\w-]*(?:\.\w[\w-]*)+)                                 # e-mail
  | (?P<abbr>(?:{L}\.){{2,}})                                                  # e.a. z.t. o.a.
  | (?P<num>\d+(?:[.,:/]\d+)*(?:-\w+)*)                                        # 2.000 21.00 18-jarige
  | (?P<word>
        (?:[{A}]s-\w+(?:-\w+)*)                                                  # 's-Hertogenbosch
      | (?:[{A}](?=(?:s|t|n)\b)(?:s|t|n))                                      # 's 't 'n
      | (?:[{A}](?=\d\d\b)\d\d)                                                # '98
      | (?:\w+(?:(?:[{A}]|-+|&)\w+|\.(?=[a-z]{{2,4}}\b)(?:[a-z]{{2,4}}))*       # zo'n NAVO-top x.com
           (?:-(?=\s+(?:en|of|tot|noch|als)\b))?)                               # regen- en
    )
  | (?P<dots>\.{{2,}}|…)                                                       # ... ..
  | (?P<dash>-{{2,}}|[–—])                                                    # -- – —
  | (?P<other>\S)                                                              # any other char
    """.format(L=_LETTER, A=_APOS),
    re.VERBOSE,
)
_SENT_END = frozenset({".", "?", "!", "...", "..", "…", "?!", "!?"})
_SENT_FIRST = frozenset(t[0] for t in _SENT_END)
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})


def tokenize(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into tokens; return ``(start, end)`` offsets in order.

    A word directly followed by "." becomes one token with the dot when it is a single letter
    (an initial, "J.") or a known abbreviation ("fr.", "prof."); otherwise the dot is separate.
    """
    spans: list[tuple[int, int]] = []
    append = spans.append
    n = len(text)
    last = -1
    for m in _TOKEN_RE.finditer(text):
        s, e = m.span()
        if s < last:  # the dot was absorbed into the previous token
            continue
        if e < n and text[e] == "." and m.lastgroup == "word":
            w = text[s:e]
            if (
                len(w) == 1 and w.isalpha() and w.isupper()
            ) or w.lower() in ABBREVIATIONS:
                e += 1  # keep the dot of "J." / "fr."
        append((s, e))
        last = e
    return spans


def sentences_with_offsets(text: str) -> list[list[tuple[int, int]]]:
    """Tokenise ``text`` and group the token spans into sentences."""
    spans = tokenize(text)
    sentences: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    i = 0
    n = len(spans)
    find = text.find
    while i < n:
        s, e = spans[i]
        if cur and find("\n", cur[-1][1], s) != -1:
            gap = text[cur[-1][1] : s]
            if gap.count("\n") >= 2 or _ends_sentence(text, cur[-1]):
                sentences.append(cur)
                cur = []
        cur.append((s, e))
        if text[s] in _SENT_FIRST and text[s:e] in _SENT_END:
            # swallow closing quotes/brackets directly after the terminator
            j = i + 1
            while j < n and text[spans[j][0] : spans[j][1]] in _CLOSERS and _closes(text, spans, j):
                cur.append(spans[j])
                j += 1
            if j >= n or _starts_sentence(text[spans[j][0] : spans[j][1]]):
                sentences.append(cur)
                cur = []
            i = j
            continue
        i += 1
    if cur:
        sentences.append(cur)
    return sentences


def split_sentences(text: str) -> list[list[str]]:
    """Tokenise ``text`` and return sentences as lists of token strings."""
    return [[text[s:e] for s, e in sent] for sent in sentences_with_offsets(text)]


def _ends_sentence(text: str, span: tuple[int, int]) -> bool:
    tok = text[span[0] : span[1]]
    return tok in _SENT_END or tok in _CLOSERS or tok == ":"


def _closes(text: str, spans: list[tuple[int, int]], j: int) -> bool:
    """A quote right after a terminator closes the sentence unless it is glued to a next word."""
    s, e = spans[j]
    if j + 1 < len(spans) and spans[j + 1][0] == e:
        nxt = text[spans[j + 1][0] : spans[j + 1][1]]
        # '.'Hij  -> an opening quote of the next sentence glued on the left: not a closer
        if nxt[:1].isalnum() and s > 0 and text[s - 1].isspace():
            return False
    return True


def _starts_sentence(tok: str) -> bool:
    c = tok[:1]
    return not (c.islower() or c in ",;:)")
