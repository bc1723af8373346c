"""The corpus filter as one value, and the registry that declares every filter once.

Each :class:`Filter` in :data:`FILTERS` declares its URL key, CLI option, parser, validation, SQL
and wording. :class:`FilterState` (a frozen, hashable value), its URL round-trip
(:meth:`FilterState.to_query_params` / :meth:`FilterState.from_query_params`), its description
(:meth:`FilterState.describe`), its SQL (:meth:`FilterState.where_sql`), the CLI options
(:func:`add_cli_options`, :func:`from_cli`), the dashboard's sidebar and the export manifest are
all generated from the registry: adding a filter is one entry there (plus a field here).

Selection rules (all active parts must hold):

* ``month_from`` / ``month_to``: inclusive ``YYYY-MM`` bounds on the article's month. One policy
  everywhere a person types them (URL, CLI, sidebar; :func:`ordered_months`): a from-month after
  the to-month is swapped, with a notice. A :class:`FilterState` built in code refuses it.
* ``query``: a text query over the cleaned text (see :func:`parse_query`): phrases joined by
  ``AND``, ``OR``, ``NOT`` and brackets. A phrase (bare words, or words in double quotes) matches
  case-insensitively, with no letter or digit directly before or after it (``navo`` matches
  ``NAVO`` and ``Navo-troepen``, not ``kanavo``); whitespace in a phrase matches any whitespace.
* ``entity``: the article has at least one mention of that canonical entity (case-insensitive);
* ``source``: the article's ``source`` (CSV/JSONL column) equals this, case-insensitively;
* ``article_ids``: the article's id is one of these;
* ``duplicates``: ``"drop"`` removes every article flagged as a duplicate of an earlier one.

``stopwords`` does not select articles: these extra stopwords are removed from every term and
bigram table at query time (a bigram containing one goes too), on top of the shipped list. They
stay tokens, so token counts and per-10,000 rates keep their denominators. Because a stopword
already breaks bigrams at build time, removing every bigram that contains an extra stopword gives
exactly the bigrams a rebuild with that stopword would give.

User text never reaches SQL or a regular expression unescaped: every value is a ``?`` parameter,
and a phrase becomes a pattern through :func:`re.escape`.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, fields, replace
from typing import Any, Callable, Literal, Mapping

from .corpus import parse_month
from .text_query import MAX_QUERY_PHRASES, OPERATORS, Op, Phrase, parse_query, query_regex, query_sql  # noqa: F401
from .tokenize import normalise_token

Duplicates = Literal["keep", "drop"]
DUPLICATE_CHOICES: tuple[str, ...] = ("keep", "drop")
Widget = Literal["month_from", "month_to", "query", "entity", "source", "ids", "dups", "stopwords"]
MAX_QUERY_LENGTH = 200
MAX_STOPWORDS = 200
_ID_RE = re.compile(r"^[\w.\-]{1,200}$")
_WORD_RE = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*$")


def parse_stopwords(text: str) -> tuple[str, ...]:
    """Stopwords typed as one comma/space separated string: normalised like tokens, sorted, unique.

    Raises ValueError naming a word that could never be a token (digits, punctuation)."""
    words = {normalise_token(w) for w in re.split(r"[\s,;]+", text or "") if w.strip()}
    bad = sorted(w for w in words if not _WORD_RE.match(w) or len(w) > 60)
    if bad:
        raise ValueError(f"not a word (letters, inner - or '): {', '.join(bad[:5])}")
    if len(words) > MAX_STOPWORDS:
        raise ValueError(f"more than {MAX_STOPWORDS} extra stopwords")
    return tuple(sorted(words))


def _clean_query(value: str) -> str:
    text = " ".join((value or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        raise ValueError(f"longer than {MAX_QUERY_LENGTH} characters")
    parse_query(text)
    return text


def _query_words(value: str) -> str:
    tree = parse_query(value)
    if isinstance(tree, Phrase):
        return f'text contains "{" ".join(tree.words)}"'
    return f"text matches {tree.text()}"


# --- the registry -----------------------------------------------------------------------------


def _clean_month(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = str(value).strip()
    if parse_month(value) != value:
        raise ValueError(f"{value!r} is not YYYY-MM")
    return value


def _clean_name(value: str) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        raise ValueError(f"longer than {MAX_QUERY_LENGTH} characters")
    return text


def _clean_ids(value) -> tuple[str, ...]:
    """Ids typed as text (URL, CLI, text box) must look like ids (letters, digits, ``_.-``); ids
    given as a sequence (in code, or picked from the corpus's own list) are taken as they are."""
    typed = isinstance(value, str)
    ids = sorted({str(i).strip() for i in (value.split(",") if typed else list(value or ())) if str(i).strip()})
    bad = [i for i in ids if not _ID_RE.match(i)]
    if typed and bad:
        raise ValueError(f"{len(bad)} malformed article id(s)")
    return tuple(ids)


def _clean_dups(value: str) -> str:
    if value not in DUPLICATE_CHOICES:
        raise ValueError(f"{value!r} is not one of {', '.join(DUPLICATE_CHOICES)}")
    return value


def _clean_stopwords(value) -> tuple[str, ...]:
    text = value if isinstance(value, str) else ",".join(value or ())
    try:
        return parse_stopwords(text)
    except ValueError:  # the words themselves are not echoed: a URL is untrusted text
        raise ValueError(f"only words (letters, inner - or '), at most {MAX_STOPWORDS}") from None


@dataclass(frozen=True)
class Filter:
    """One filter, declared once.

    ``clean`` turns typed or URL/CLI text into the value (raising ValueError with the reason),
    ``text`` turns a value back into URL/CLI text, ``words`` describes an active value, ``sql``
    gives its condition on the ``articles`` alias ``a`` (None: it selects no articles)."""

    attr: str
    url: str
    cli: str
    label: str
    help: str
    widget: Widget
    clean: Callable[[Any], Any]
    text: Callable[[Any], str] = str
    words: Callable[[Any], str] | None = None
    sql: Callable[[Any], tuple[str, list]] | None = None
    cli_flag: str | None = None  #: a CLI switch that sets this value (``--drop-duplicates``)
    key: str = ""  #: the dashboard's state name (``f_<key>``, widget ``w_<key>``); default: the URL key

    @property
    def state_key(self) -> str:
        return self.key or self.url


FILTERS: tuple[Filter, ...] = (
    Filter("month_from", "from", "from", "From month", "first month (inclusive), YYYY-MM", "month_from",
           _clean_month, sql=lambda v: ("a.month >= ?", [v])),
    Filter("month_to", "to", "to", "To month", "last month (inclusive), YYYY-MM", "month_to",
           _clean_month, sql=lambda v: ("a.month <= ?", [v])),
    Filter("query", "q", "query", "Text query",
           'keep articles whose text matches: phrases with AND, OR, NOT, brackets; "quotes" for a phrase',
           "query", _clean_query, words=_query_words, key="query",
           sql=lambda v: (lambda c, p: (f"a.id IN (SELECT id FROM texts WHERE {c})", p))(*query_sql(parse_query(v)))),
    Filter("entity", "entity", "entity", "Mentions entity", "keep articles mentioning this canonical entity",
           "entity", _clean_name, words=lambda v: f"mentions {v}",
           sql=lambda v: ("a.id IN (SELECT id FROM mentions WHERE lower(entity) = lower(?))", [v])),
    Filter("source", "source", "source", "Source", "keep articles of this source (the CSV/JSONL source column)",
           "source", _clean_name, words=lambda v: f"source {v}",
           sql=lambda v: ("lower(a.source) = lower(?)", [v])),
    Filter("article_ids", "ids", "ids", "Only these articles", "comma-separated article ids to keep", "ids",
           _clean_ids, text=",".join,
           words=lambda v: f"article {v[0]}" if len(v) == 1 else f"{len(v)} chosen articles",
           sql=lambda v: ("a.id IN (SELECT unnest(?::VARCHAR[]))", [list(v)])),
    Filter("duplicates", "dups", "duplicates", "Drop duplicates", "drop exact and near duplicates", "dups",
           _clean_dups, words=lambda v: "duplicates dropped", sql=lambda v: ("a.duplicate_of IS NULL", []),
           cli_flag="drop"),
    Filter("stopwords", "stop", "stop", "Extra stopwords",
           "extra stopwords applied at query time (no rebuild), comma-separated", "stopwords",
           _clean_stopwords, text=",".join),
)
BY_ATTR = {f.attr: f for f in FILTERS}


def ordered_months(month_from: str | None, month_to: str | None) -> tuple[str | None, str | None, str | None]:
    """The one policy for a from-month after the to-month: swap them and say so.

    Returns ``(from, to, notice)``; ``notice`` is None when they were already in order."""
    if month_from and month_to and month_from > month_to:
        return month_to, month_from, (
            f"The from-month {month_from} is after the to-month {month_to}; showing {month_to} to {month_from}."
        )
    return month_from, month_to, None


@dataclass(frozen=True)
class FilterState:
    month_from: str | None = None
    month_to: str | None = None
    query: str = ""
    entity: str = ""
    article_ids: tuple[str, ...] = ()
    duplicates: Duplicates = "keep"
    stopwords: tuple[str, ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        for f in FILTERS:
            try:
                object.__setattr__(self, f.attr, f.clean(getattr(self, f.attr)))
            except ValueError as exc:
                raise ValueError(f"{f.attr}: {exc}") from None
        if self.month_from and self.month_to and self.month_from > self.month_to:
            raise ValueError(f"month_from {self.month_from} is after month_to {self.month_to}")

    @classmethod
    def from_texts(cls, texts: Mapping[str, Any], *, strict: bool = False,
                   name: Callable[[Filter], str] = lambda f: f"URL parameter {f.url}") -> tuple["FilterState", list[str]]:
        """A filter from raw values by attribute (text from a URL, a CLI or a widget).

        A bad value is left out with a notice naming ``name(filter)`` and the reason (``strict``:
        raises ValueError instead); the months are put in order by :func:`ordered_months`."""
        values: dict[str, Any] = {}
        notices: list[str] = []
        for f in FILTERS:
            raw = texts.get(f.attr)
            if raw is None or raw == "" or raw == ():
                continue
            try:
                values[f.attr] = f.clean(raw)
            except ValueError as exc:
                if strict:
                    raise ValueError(f"{name(f)}: {exc}") from None
                notices.append(f"Ignored {name(f)}: {exc}")
        values["month_from"], values["month_to"], notice = ordered_months(values.get("month_from"), values.get("month_to"))
        if notice:
            notices.append(notice)
        return cls(**values), notices

    @property
    def is_default(self) -> bool:
        return self == FilterState()

    def changed(self) -> dict[str, Any]:
        """attribute -> value of every filter not at its default (in registry order)."""
        default = FilterState()
        return {f.attr: getattr(self, f.attr) for f in FILTERS if getattr(self, f.attr) != getattr(default, f.attr)}

    def stopword_sql(self, alias: str, kind: str = "terms") -> tuple[str, list]:
        """Condition that drops the extra stopwords from ``alias.term`` (a bigram: either word)."""
        if not self.stopwords:
            return "TRUE", []
        if kind == "bigrams":
            return (
                f"split_part({alias}.term, ' ', 1) NOT IN (SELECT unnest(?::VARCHAR[])) AND "
                f"split_part({alias}.term, ' ', 2) NOT IN (SELECT unnest(?::VARCHAR[]))",
                [list(self.stopwords), list(self.stopwords)],
            )
        return f"{alias}.term NOT IN (SELECT unnest(?::VARCHAR[]))", [list(self.stopwords)]

    @property
    def selection(self) -> "FilterState":
        """The same filter without the extra stopwords (they never change which articles are selected)."""
        return replace(self, stopwords=())

    @property
    def is_month_only(self) -> bool:
        """True when only months and the duplicates choice filter: month tables can answer."""
        return set(self.selection.changed()) <= {"month_from", "month_to", "duplicates"}

    def month_sql(self, alias: str) -> tuple[str, list]:
        """The month-range part of the filter as a condition on ``alias.month``."""
        clauses, params = ["TRUE"], []
        if self.month_from:
            clauses.append(f"{alias}.month >= ?")
            params.append(self.month_from)
        if self.month_to:
            clauses.append(f"{alias}.month <= ?")
            params.append(self.month_to)
        return " AND ".join(clauses), params

    @property
    def month_suffix(self) -> str:
        """The suffix of the month tables' columns for the duplicates choice: ``"_unique"`` (counts
        without duplicates) when they are dropped, else ``""``."""
        return "_unique" if self.duplicates == "drop" else ""

    def month_rows_sql(self, alias: str, column: str = "articles") -> tuple[str, list]:
        """The rows of a build-time month table (alias ``alias``) that this filter selects: a
        non-zero ``column`` for the duplicates choice (:attr:`month_suffix`) in the month range.
        Only meaningful when :attr:`is_month_only`."""
        clause, params = self.month_sql(alias)
        return f"{alias}.{column}{self.month_suffix} > 0 AND {clause}", params

    def describe(self) -> str:
        """One line a person can read, e.g. ``months 2022-01 to 2022-02 · text contains "navo"``."""
        parts = []
        lo, hi = self.month_from, self.month_to
        if lo and hi:
            parts.append(f"month {lo}" if lo == hi else f"months {lo} to {hi}")
        elif lo:
            parts.append(f"months from {lo}")
        elif hi:
            parts.append(f"months up to {hi}")
        for attr, value in self.changed().items():
            if BY_ATTR[attr].words is not None:
                parts.append(BY_ATTR[attr].words(value))
        text = "All articles" if not parts else "Articles with " + " · ".join(parts)
        if self.stopwords:
            n = len(self.stopwords)
            shown = ", ".join(self.stopwords[:5]) + (f" and {n - 5} more" if n > 5 else "")
            text += f" · extra stopword{'s' if n > 1 else ''} {shown}"
        return text

    def to_query_params(self) -> dict[str, str]:
        """Only non-default values, so the default view has a clean URL."""
        return {BY_ATTR[attr].url: BY_ATTR[attr].text(value) for attr, value in self.changed().items()}

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> tuple["FilterState", list[str]]:
        """Parse URL parameters; a malformed value falls back to its default with a notice."""

        def last(value):
            return (value[-1] if value else "") if isinstance(value, (list, tuple)) else value

        return cls.from_texts({f.attr: last(params.get(f.url, "")) for f in FILTERS})

    def where_sql(self) -> tuple[str, list]:
        """A SQL condition over the ``articles`` view (with ``texts`` and ``mentions`` views).

        Returns ``(condition, parameters)`` for DuckDB's ``?`` placeholders.
        """
        clauses, params = ["TRUE"], []
        for attr, value in self.changed().items():
            sql = BY_ATTR[attr].sql
            if sql is not None:
                clause, values = sql(value)
                clauses.append(clause)
                params.extend(values)
        return " AND ".join(clauses), params

    def manifest(self) -> dict[str, Any]:
        """The filter for an export manifest: its description, URL parameters and every value."""
        return {
            "description": self.describe(),
            "query_params": self.to_query_params(),
            "values": {f.attr: (list(v) if isinstance(v := getattr(self, f.attr), tuple) else v) for f in FILTERS},
        }


assert {f.name for f in fields(FilterState)} == set(BY_ATTR), "every FilterState field is in FILTERS"


# --- the command line -------------------------------------------------------------------------


def add_cli_options(parser: argparse.ArgumentParser) -> None:
    """One option per filter (``--from``, ``--query``, ``--drop-duplicates``, ...)."""
    for f in FILTERS:
        if f.cli_flag is not None:
            parser.add_argument(f"--drop-{f.cli}", dest=f"filter_{f.attr}", action="store_const", const=f.cli_flag,
                                help=f.help)
        else:
            parser.add_argument(f"--{f.cli}", dest=f"filter_{f.attr}", metavar=f.url.upper(), help=f.help)


def from_cli(args: argparse.Namespace) -> tuple[FilterState, list[str]]:
    """The filter of parsed CLI options; a bad value raises ValueError naming the option."""
    texts = {f.attr: getattr(args, f"filter_{f.attr}", None) for f in FILTERS}
    return FilterState.from_texts(
        texts, strict=True, name=lambda f: f"--drop-{f.cli}" if f.cli_flag else f"--{f.cli}"
    )
