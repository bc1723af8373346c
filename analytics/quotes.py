"""Direct quotes and their speakers.

A *quote* is text between a pair of the quotation marks Dutch news uses (``'…'``, ``"…"``,
``“…”``, ``‘…’``, ``„…”``) inside one paragraph of an article's cleaned text, **attributed** by a
reporting pattern right next to it:

* after the closing mark (position ``after``): ``, zei X`` / ``, aldus X`` / ``, liet X weten`` /
  ``, klonk het`` (a reporting verb of :data:`REPORTING_VERBS`, then the speaker);
* before the opening mark (position ``before``): ``X zei: '…'``, ``zei X: '…'``,
  ``Volgens X: '…'`` (the sentence part before the mark ends with a colon).

Quoted text with no such pattern is not a quote (a scare quote: ``de 'megafoondiplomatie'``,
``“positief” verlopen``). Cleaning has already removed repeated blocks, so a repeated quote is
counted once.

The *speaker* phrase is the words after the verb (before it, for ``X zei:``) up to punctuation, a
preposition or a time word (at most :data:`MAX_SPEAKER_WORDS` words). It is then resolved
(column ``how``):

* ``named``: the phrase contains an entity mention (PER or ORG first): the speaker is that
  canonical entity (``speaker_entity``, ``speaker_type``);
* ``pronoun``: the phrase is ``hij``, ``ze`` or ``zij``. It resolves to the person named most
  recently before the quote (a PER mention, or a speaker named by an earlier quote of the article),
  **when that is unambiguous**: the most recent sentence before the quote that names any person
  names exactly one. Otherwise the pronoun is kept as the speaker, with no entity;
* ``previous``: ``klonk het`` (impersonal) takes the speaker of the previous quote of the article;
* ``phrase``: any other phrase is kept as written (``een woordvoerster van het ministerie``).

``speaker`` is the entity name when there is one, else the phrase as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import pandas as pd

from .filters import FilterState

#: Reporting verbs (finite forms) that attribute a quote, by infinitive. Separable verbs keep
#: their particle after the speaker (``liet X weten``, ``voegde X eraan toe``).
REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "zeggen": ("zei", "zeiden", "zegt", "zeggen", "zegde"),
    "verklaren": ("verklaarde", "verklaarden", "verklaart"),
    "stellen": ("stelde", "stelden", "stelt"),
    "benadrukken": ("benadrukte", "benadrukten", "benadrukt"),
    "beklemtonen": ("beklemtoonde", "beklemtoonden", "beklemtoont"),
    "vertellen": ("vertelde", "vertelden", "vertelt"),
    "reageren": ("reageerde", "reageerden", "reageert"),
    "antwoorden": ("antwoordde", "antwoordden", "antwoordt"),
    "schrijven": ("schreef", "schreven", "schrijft"),
    "waarschuwen": ("waarschuwde", "waarschuwden", "waarschuwt"),
    "benadrukken/onderstrepen": ("onderstreepte", "onderstreept"),
    "verzekeren": ("verzekerde", "verzekert"),
    "beweren": ("beweerde", "beweert"),
    "betogen": ("betoogde", "betoogt"),
    "erkennen": ("erkende", "erkent"),
    "vragen": ("vroeg", "vroegen", "vraagt"),
    "roepen": ("riep", "riepen", "roept"),
    "concluderen": ("concludeerde", "concludeert"),
    "vervolgen": ("vervolgde", "vervolgt"),
    "tweeten": ("tweette", "twitterde", "tweet"),
    "aldus": ("aldus",),
}
#: Separable reporting verbs: finite form, then the speaker, then the particle.
SEPARABLE_VERBS: dict[str, tuple[tuple[str, ...], str]] = {
    "laten weten": (("liet", "lieten", "laat", "laten"), "weten"),
    "toevoegen": (("voegde", "voegden", "voegt"), "(?:er(?:aan)?\\s+)?toe"),
    "uitleggen": (("legde", "legden", "legt"), "uit"),
    "opmerken": (("merkte", "merkten", "merkt"), "op"),
}
POSITIONS = ("after", "before", "continued")
HOW = ("named", "pronoun", "previous", "phrase")
PRONOUNS = ("hij", "ze", "zij")
MAX_SPEAKER_WORDS = 8
MAX_QUOTE_CHARS = 2000

QUOTE_COLUMNS = ["id", "month", "start", "end", "quote", "speaker", "speaker_entity", "speaker_type", "verb",
                 "position", "how"]
BY_SPEAKER_COLUMNS = ["speaker", "speaker_entity", "speaker_type", "quotes", "articles"]
BY_SPEAKER_MONTH_COLUMNS = ["month", *BY_SPEAKER_COLUMNS]

_FORMS = {form: verb for verb, forms in REPORTING_VERBS.items() for form in forms}
_VERB_ALT = "|".join(sorted(_FORMS, key=len, reverse=True))
# The speaker phrase stops at punctuation or at one of these words (prepositions, time words).
_STOP_WORDS = {
    "tegen", "bij", "in", "op", "aan", "tijdens", "na", "voor", "over", "met", "vanuit", "vanop", "namens", "nog",
    "ook", "later", "toen", "dan", "daarop", "daarover", "verder", "eerder", "gisteren", "vandaag", "vanmorgen",
    "vanavond", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "zondagavond",
    "vorige", "vorig", "afgelopen", "dit", "deze", "nadat", "terwijl", "omdat", "dat", "zonder", "weten", "toe", "uit",
    "eraan", "erbij", "er", "daarbij", "al", "nu", "zelf", "echter",
}
# opening mark -> closing marks; a closing mark must not be followed by a letter (so zo'n, auto's stay words)
_PAIRS = {"“": "”“\"", "„": "”“\"", "‘": "’'", "'": "'’", '"': '"”'}
_OPEN_RE = re.compile(r"""(?:(?<=^)|(?<=[\s(\[—–-]))(['"“„‘])(?=\S)""")
_WORD_RE = re.compile(r"[^\s,.;:!?()\[\]“”„‘’'\"]+")
_SENTENCE_END_RE = re.compile(r"[.!?…](?:['’”\"])?\s+(?=[A-Z“„‘'\"])|\n")
_AFTER_RE = re.compile(
    rf"""^\s*[,.]?\s*(?:
        (?P<sep>{"|".join("|".join(f) for f, _ in SEPARABLE_VERBS.values())})\s+(?P<sep_speaker>[^.,;:!?\n]+?)\s+(?P<particle>{"|".join(p for _, p in SEPARABLE_VERBS.values())})\b
      | (?P<klonk>klonk|klinkt)\s+het\b
      | (?P<verb>{_VERB_ALT})\s+(?P<speaker>[^.,;:!?\n'"“”‘’„]+)
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_BEFORE_INVERTED_RE = re.compile(rf"(?:^|\s)(?P<verb>{_VERB_ALT})\s+(?P<speaker>[^.,;:!?\n]+?)\s*:\s*$", re.IGNORECASE)
_BEFORE_SUBJECT_RE = re.compile(rf"(?P<speaker>[^.;:!?\n]+?)\s+(?P<verb>{_VERB_ALT})(?:\s+[^\s:]+){{0,4}}\s*:\s*$", re.IGNORECASE)
# between an attributed quote and a continuation: the rest of its sentence, nothing quoted, same paragraph
_CONTINUES_RE = re.compile(r"^[^'\"“”„‘’\n]*[.!?…]\s+$")
_VOLGENS_RE = re.compile(r"(?:^|\s)(?P<verb>[Vv]olgens)\s+(?P<speaker>[^.;:!?\n]+?)\s*[:,]\s*$")


@dataclass(frozen=True)
class Quote:
    """One quote found in a text: ``start``/``end`` delimit the quoted words (marks excluded);
    the speaker phrase is ``text[speaker_start:speaker_end]``."""

    start: int
    end: int
    speaker_start: int
    speaker_end: int
    verb: str
    position: str

    def quote(self, text: str) -> str:
        return text[self.start : self.end]

    def speaker(self, text: str) -> str:
        return text[self.speaker_start : self.speaker_end]


def quoted_spans(text: str) -> list[tuple[int, int, int, int]]:
    """Every quoted span in ``text``: (open mark, first quoted char, after last quoted char,
    after closing mark), in text order, not overlapping, within one paragraph."""
    spans, pos = [], 0
    while True:
        m = _OPEN_RE.search(text, pos)
        if not m:
            return spans
        opener, start = m.group(1), m.end()
        closers = _PAIRS[opener]
        end = None
        i = start
        limit = min(len(text), start + MAX_QUOTE_CHARS)
        while i < limit:
            ch = text[i]
            if ch == "\n" and text[i + 1 : i + 2] == "\n":
                break  # a quote stays inside its paragraph
            if ch in closers and i > start and not text[i - 1].isspace():
                nxt = text[i + 1 : i + 2]
                if not (nxt.isalnum()):
                    end = i
                    break
            i += 1
        if end is None:
            pos = m.end()
            continue
        spans.append((m.start(), start, end, end + 1))
        pos = end + 1


def _speaker_words(phrase: str, offset: int, *, from_end: bool = False) -> tuple[int, int] | None:
    """The speaker part of ``phrase`` (which starts at ``offset`` in the text): words up to a stop
    word, at most :data:`MAX_SPEAKER_WORDS`; ``from_end``: the last words of the phrase instead."""
    words = [(w.start(), w.end()) for w in _WORD_RE.finditer(phrase)]
    if from_end:
        words = words[-MAX_SPEAKER_WORDS:]
        keep: list[tuple[int, int]] = []
        for s, e in reversed(words):
            if phrase[s:e].lower() in _STOP_WORDS and keep:
                break
            keep.insert(0, (s, e))
        # a leading time word or adverb is not the speaker ("Maandag minister X zei:")
        while keep and phrase[keep[0][0]:keep[0][1]].lower() in _STOP_WORDS:
            keep.pop(0)
    else:
        keep = []
        for s, e in words[:MAX_SPEAKER_WORDS]:
            w = phrase[s:e].lower()
            # "van", "de", "het" belong to a phrase ("een woordvoerster van het ministerie")
            if w in _STOP_WORDS and keep:
                break
            keep.append((s, e))
    if not keep:
        return None
    return offset + keep[0][0], offset + keep[-1][1]


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after the last sentence end or line break)."""
    start = 0
    for m in _SENTENCE_END_RE.finditer(text, 0, pos):
        start = m.end()
    return start


def _starts_with_stop(phrase: str) -> bool:
    first = _WORD_RE.search(phrase)
    return first is None or first.group(0).lower() in _STOP_WORDS


def _can_start_speaker(phrase: str) -> bool:
    """After an inverted verb ("zei Peskov:"), the speaker starts with a capital, a determiner or
    a pronoun, never with a stop word or an adverb ("reageerde kort:")."""
    first = _WORD_RE.search(phrase)
    if first is None or first.group(0).lower() in _STOP_WORDS:
        return False
    word = first.group(0)
    return word[:1].isupper() or word.lower() in ("de", "het", "een", *PRONOUNS)


def extract_quotes(text: str) -> list[Quote]:
    """The attributed quotes of one cleaned text, in text order (see the module docstring)."""
    found: list[Quote] = []
    last_close = -1
    for open_at, start, end, close_at in quoted_spans(text):
        if not text[start:end].strip():
            continue
        quote = _attributed(text, open_at, start, end, close_at)
        if quote is None and found and last_close >= 0 and _CONTINUES_RE.match(text[last_close:open_at]) \
                and re.search(r"[.!?…]\s*$", text[start:end]):
            prev = found[-1]
            quote = Quote(start, end, prev.speaker_start, prev.speaker_end, prev.verb, "continued")
        if quote is not None:
            found.append(quote)
            last_close = close_at
    return found


def _attributed(text: str, open_at: int, start: int, end: int, close_at: int) -> Quote | None:
    after = text[close_at : close_at + 200]
    m = _AFTER_RE.match(after)
    if m:
        if m.group("klonk"):
            s, e = close_at + m.start("klonk"), close_at + m.end()
            return Quote(start, end, s, e, "klinken", "after")
        if m.group("sep"):
            phrase, at = m.group("sep_speaker"), close_at + m.start("sep_speaker")
            verb = next(v for v, (forms, _) in SEPARABLE_VERBS.items() if m.group("sep").lower() in forms)
        else:
            phrase, at = m.group("speaker"), close_at + m.start("speaker")
            verb = _FORMS[m.group("verb").lower()]
        span = None if _starts_with_stop(phrase) else _speaker_words(phrase, at)
        if span:
            return Quote(start, end, *span, verb, "after")
    before_start = max(_sentence_start(text, open_at), open_at - 300)
    before = text[before_start:open_at]
    for pattern, from_end in ((_VOLGENS_RE, False), (_BEFORE_INVERTED_RE, False), (_BEFORE_SUBJECT_RE, True)):
        m = pattern.search(before)
        if not m or (not from_end and not _can_start_speaker(m.group("speaker"))):
            continue
        span = _speaker_words(m.group("speaker"), before_start + m.start("speaker"), from_end=from_end)
        if span:
            verb = m.group("verb").lower()
            return Quote(start, end, *span, "volgens" if verb == "volgens" else _FORMS[verb], "before")
    return None


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END_RE.finditer(text)]


def resolve_speakers(text: str, quotes: list[Quote], mentions: pd.DataFrame) -> list[dict]:
    """Speaker, speaker_entity, speaker_type and how for each quote of one article.

    ``mentions``: the article's mentions (start, end, entity, entity_type), any order.
    """
    ments = mentions.sort_values("start") if len(mentions) else mentions
    spans = list(zip(ments["start"], ments["end"], ments["entity"], ments["entity_type"])) if len(ments) else []
    starts = _sentence_starts(text)
    # persons named so far: (position, name, type)
    persons = [(s, ent, typ) for s, _, ent, typ in spans if typ == "PER"]
    rows: list[dict] = []
    for q in quotes:
        phrase = q.speaker(text)
        inside = [(s, ent, typ) for s, e, ent, typ in spans if s < q.speaker_end and e > q.speaker_start
                  and (typ == "PER" or _names_whole_phrase(text, q, s, e))]
        inside.sort(key=lambda x: ({"PER": 0, "ORG": 1}.get(x[2], 2), x[0]))
        if q.position == "continued" or q.verb == "klinken":
            prev = rows[-1] if rows else None
            row = {"speaker": prev["speaker"] if prev else phrase, "speaker_entity": prev["speaker_entity"] if prev else None,
                   "speaker_type": prev["speaker_type"] if prev else None, "how": "previous" if prev else "phrase"}
        elif inside:
            _, ent, typ = inside[0]
            row = {"speaker": ent, "speaker_entity": ent, "speaker_type": typ, "how": "named"}
        elif phrase.lower() in PRONOUNS:
            row = _resolve_pronoun(phrase, min(q.start, q.speaker_start), persons, rows, quotes, starts)
        else:
            row = {"speaker": phrase, "speaker_entity": None, "speaker_type": None, "how": "phrase"}
        rows.append(row)
    return rows


def _names_whole_phrase(text: str, q: Quote, start: int, end: int) -> bool:
    """A non-person mention is the speaker only when it is the whole phrase, after at most a
    determiner ("De Europese Commissie"); in "een woordvoerder van het KNMI" it is not."""
    head = text[q.speaker_start : max(start, q.speaker_start)].strip().lower()
    return end >= q.speaker_end and head in ("", "de", "het")


def _resolve_pronoun(phrase, before, persons, rows, quotes, starts) -> dict:
    """The person most recently named before ``before`` when the sentence naming the most recent
    person names only one (see the module docstring); else the pronoun itself."""
    named = [(s, ent, typ) for s, ent, typ in persons if s < before]
    # speakers named by earlier quotes count as named persons (a build without entities has only these)
    for q, r in zip(quotes, rows):
        if r["how"] == "named" or (r["how"] == "phrase" and r["speaker"][:1].isupper()):
            if q.speaker_start < before:
                named.append((q.speaker_start, r["speaker"], r["speaker_type"]))
    if named:
        named.sort()
        last = named[-1][0]
        sentence = starts[bisect_right(starts, last) - 1]
        in_sentence = {ent for s, ent, _ in named if s >= sentence}
        if len(in_sentence) == 1:
            ent, typ = next(iter(in_sentence)), named[-1][2]
            # a person only a quote named (no entity mention) resolves by name, without an entity
            return {"speaker": ent, "speaker_entity": ent if typ else None, "speaker_type": typ, "how": "pronoun"}
    return {"speaker": phrase.lower(), "speaker_entity": None, "speaker_type": None, "how": "pronoun"}


def quote_rows(texts: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The ``quotes`` table (:data:`QUOTE_COLUMNS`) for ``texts`` (id, month, clean_text) and
    their ``mentions`` (id, start, end, entity, entity_type)."""
    by_id = {k: g for k, g in mentions.groupby("id", sort=False)} if len(mentions) else {}
    none = pd.DataFrame({"start": [], "end": [], "entity": [], "entity_type": []})
    out = []
    for aid, month, text in zip(texts["id"], texts["month"], texts["clean_text"]):
        if not any(c in text for c in "'\"“„‘"):
            continue
        quotes = extract_quotes(text)
        if not quotes:
            continue
        for q, r in zip(quotes, resolve_speakers(text, quotes, by_id.get(aid, none))):
            out.append({"id": aid, "month": month, "start": q.start, "end": q.end, "quote": q.quote(text),
                        "verb": q.verb, "position": q.position, **r})
    frame = pd.DataFrame(out, columns=QUOTE_COLUMNS)
    return frame.astype({"start": "int32", "end": "int32"})


def fill_quote_tables(con) -> None:
    """Fill the ``quotes`` table of a corpus being built from its ``texts`` and ``mentions``."""
    from .store import CORPUS_TABLES

    # only texts holding a quotation mark are read into Python (most work stays in DuckDB)
    texts = con.execute(
        """SELECT id, month, clean_text FROM texts
           WHERE regexp_matches(clean_text, '[''"“„‘]') ORDER BY month, id"""
    ).df()
    mentions = con.execute(
        """SELECT m.id, m.start, m."end", m.entity, m.entity_type FROM mentions m
           WHERE m.id IN (SELECT id FROM texts WHERE regexp_matches(clean_text, '[''"“„‘]'))"""
    ).df()
    rows = quote_rows(texts, mentions)
    table = CORPUS_TABLES["quotes"]
    con.register("quote_rows", rows[table.schema.names])
    cols = ", ".join(f'"{c}"' for c in table.schema.names)
    con.execute(f"INSERT INTO quotes ({cols}) SELECT {cols} FROM quote_rows ORDER BY {', '.join(table.order)}")
    con.unregister("quote_rows")


# ---------------------------------------------------------------------------------------------
# Queries (read the built tables)
# ---------------------------------------------------------------------------------------------


def quotes_table(corpus, flt: FilterState = FilterState(), *, speaker: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Every quote of the selected articles (:data:`QUOTE_COLUMNS`), in month, id, start order;
    ``speaker``: only this speaker's quotes."""
    sel, params = corpus.selection(flt)
    where = ""
    if speaker is not None:
        where, params = "WHERE q.speaker = ?", params + [speaker]
    sql = f"WITH {sel} SELECT q.* FROM quotes q JOIN sel USING (id) {where} ORDER BY q.month, q.id, q.start"
    if limit is not None:
        sql += " LIMIT ?"
        params = params + [int(limit)]
    return corpus.sql(sql, params)[QUOTE_COLUMNS]


def quotes_by_speaker(corpus, flt: FilterState = FilterState(), *, by_month: bool = False, n: int | None = None) -> pd.DataFrame:
    """Quotes per speaker (and month with ``by_month``) in the selected articles.

    ``quotes``: quotes attributed to the speaker; ``articles``: selected articles with at least
    one of them. Sorted by (month,) quotes descending, articles descending, speaker.
    A speaker is the canonical entity when linked, else the phrase as written
    (``speaker_entity`` and ``speaker_type`` empty).
    """
    sel, params = corpus.selection(flt)
    month = "q.month, " if by_month else ""
    sql = f"""WITH {sel}
        SELECT {month}q.speaker, any_value(q.speaker_entity) AS speaker_entity, q.speaker_type,
               count(*)::BIGINT AS quotes, count(DISTINCT q.id)::BIGINT AS articles
        FROM quotes q JOIN sel USING (id)
        GROUP BY {month}q.speaker, q.speaker_type
        ORDER BY {month}quotes DESC, articles DESC, q.speaker, q.speaker_type NULLS FIRST"""
    if n is not None:
        sql += " LIMIT ?"
        params = params + [int(n)]
    return corpus.sql(sql, params)[BY_SPEAKER_MONTH_COLUMNS if by_month else BY_SPEAKER_COLUMNS]


def quote_context_html(text: str, start: int, end: int, width: int = 300) -> str:
    """The quote with up to ``width`` characters either side, as HTML: everything escaped, the
    quote in ``<mark>``, cut ends marked with ``…``. Nothing from the corpus reaches the markup
    unescaped."""
    import html

    lo, hi = max(0, start - width), min(len(text), end + width)
    esc = lambda s: html.escape(s, quote=True).replace("\n\n", "<br><br>")  # noqa: E731
    return (
        '<div class="quote-context" style="line-height:1.7;max-width:75ch">'
        + ("…" if lo > 0 else "") + esc(text[lo:start])
        + '<mark style="background:#fde68a;padding:0 .15em;border-radius:.2em">' + esc(text[start:end]) + "</mark>"
        + esc(text[end:hi]) + ("…" if hi < len(text) else "") + "</div>"
    )
