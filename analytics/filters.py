"""The corpus filter as one value: months from-to, a text query, an entity, chosen articles, and
whether duplicates are kept.

The CLI and the dashboard build the same :class:`FilterState`, so they select the same articles.
It round-trips through a URL query string (:meth:`FilterState.to_query_params` /
:meth:`FilterState.from_query_params`) and describes itself in one line (:meth:`describe`).

Selection rules (all active parts must hold):

* ``month_from`` / ``month_to``: inclusive ``YYYY-MM`` bounds on the article's month;
* ``query``: the cleaned text contains the query as a phrase, case-insensitively, with no letter
  or digit directly before or after it (``navo`` matches ``NAVO`` and ``Navo-troepen``, not
  ``kanavo``); whitespace in the query matches any whitespace;
* ``entity``: the article has at least one mention of that canonical entity (case-insensitive);
* ``article_ids``: the article's id is one of these;
* ``duplicates``: ``"drop"`` removes every article flagged as a duplicate of an earlier one.

``stopwords`` does not select articles: these extra stopwords are removed from every term and
bigram table at query time (a bigram containing one goes too), on top of the shipped list. They
stay tokens, so token counts and per-10,000 rates keep their denominators. Because a stopword
already breaks bigrams at build time, removing every bigram that contains an extra stopword gives
exactly the bigrams a rebuild with that stopword would give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Mapping

from .corpus import parse_month
from .tokenize import normalise_token

Duplicates = Literal["keep", "drop"]
DUPLICATE_CHOICES: tuple[str, ...] = ("keep", "drop")
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


@dataclass(frozen=True)
class FilterState:
    month_from: str | None = None
    month_to: str | None = None
    query: str = ""
    entity: str = ""
    article_ids: tuple[str, ...] = ()
    duplicates: Duplicates = "keep"
    stopwords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("month_from", "month_to"):
            value = getattr(self, name)
            if value is not None and parse_month(value) != value:
                raise ValueError(f"{name} must be YYYY-MM, got {value!r}")
        if self.month_from and self.month_to and self.month_from > self.month_to:
            raise ValueError(f"month_from {self.month_from} is after month_to {self.month_to}")
        if self.duplicates not in DUPLICATE_CHOICES:
            raise ValueError(f"duplicates must be one of {DUPLICATE_CHOICES}, got {self.duplicates!r}")
        if len(self.query) > MAX_QUERY_LENGTH:
            raise ValueError(f"query is longer than {MAX_QUERY_LENGTH} characters")
        object.__setattr__(self, "query", " ".join(self.query.split()))
        object.__setattr__(self, "entity", " ".join(self.entity.split()))
        object.__setattr__(self, "article_ids", tuple(sorted(set(self.article_ids))))
        object.__setattr__(self, "stopwords", parse_stopwords(",".join(self.stopwords)))

    @property
    def is_default(self) -> bool:
        return self == FilterState()

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
        return FilterState(self.month_from, self.month_to, self.query, self.entity, self.article_ids, self.duplicates)

    @property
    def is_month_only(self) -> bool:
        """True when only months and the duplicates choice filter: month tables can answer."""
        return not (self.query or self.entity or self.article_ids)

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

    def describe(self) -> str:
        """One line a person can read, e.g. ``months 2022-01 to 2022-02 · text contains "navo"``."""
        parts = []
        if self.month_from and self.month_to:
            parts.append(
                f"month {self.month_from}" if self.month_from == self.month_to else f"months {self.month_from} to {self.month_to}"
            )
        elif self.month_from:
            parts.append(f"months from {self.month_from}")
        elif self.month_to:
            parts.append(f"months up to {self.month_to}")
        if self.query:
            parts.append(f'text contains "{self.query}"')
        if self.entity:
            parts.append(f"mentions {self.entity}")
        if self.article_ids:
            n = len(self.article_ids)
            parts.append(f"article {self.article_ids[0]}" if n == 1 else f"{n} chosen articles")
        if self.duplicates == "drop":
            parts.append("duplicates dropped")
        text = "All articles" if not parts else "Articles with " + " · ".join(parts)
        if self.stopwords:
            n = len(self.stopwords)
            shown = ", ".join(self.stopwords[:5]) + (f" and {n - 5} more" if n > 5 else "")
            text += f" · extra stopword{'s' if n > 1 else ''} {shown}"
        return text

    def to_query_params(self) -> dict[str, str]:
        """Only non-default values, so the default view has a clean URL."""
        params: dict[str, str] = {}
        if self.month_from:
            params["from"] = self.month_from
        if self.month_to:
            params["to"] = self.month_to
        if self.query:
            params["q"] = self.query
        if self.entity:
            params["entity"] = self.entity
        if self.article_ids:
            params["ids"] = ",".join(self.article_ids)
        if self.duplicates != "keep":
            params["dups"] = self.duplicates
        if self.stopwords:
            params["stop"] = ",".join(self.stopwords)
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> tuple["FilterState", list[str]]:
        """Parse URL parameters; a malformed value falls back to its default with a notice."""
        notices: list[str] = []

        def get(name: str) -> str:
            value = params.get(name, "")
            if isinstance(value, (list, tuple)):
                value = value[-1] if value else ""
            return str(value)

        values: dict = {}
        for name, attr in (("from", "month_from"), ("to", "month_to")):
            raw = get(name).strip()
            if raw:
                try:
                    if parse_month(raw) != raw:
                        raise ValueError(f"{raw!r} is not YYYY-MM")
                    values[attr] = raw
                except ValueError as exc:
                    notices.append(f"Ignored URL parameter {name}: {exc}")
        if values.get("month_from") and values.get("month_to") and values["month_from"] > values["month_to"]:
            notices.append(f"Ignored URL parameters from/to: {values['month_from']} is after {values['month_to']}")
            values.pop("month_from"), values.pop("month_to")
        query = get("q")
        if len(query) > MAX_QUERY_LENGTH:
            notices.append(f"Ignored URL parameter q: longer than {MAX_QUERY_LENGTH} characters")
        elif query:
            values["query"] = query
        entity = get("entity")
        if len(entity) > MAX_QUERY_LENGTH:
            notices.append(f"Ignored URL parameter entity: longer than {MAX_QUERY_LENGTH} characters")
        elif entity:
            values["entity"] = entity
        ids = [i.strip() for i in get("ids").split(",") if i.strip()]
        bad = [i for i in ids if not _ID_RE.match(i)]
        if bad:
            notices.append(f"Ignored URL parameter ids: {len(bad)} malformed article id(s)")
        elif ids:
            values["article_ids"] = tuple(ids)
        dups = get("dups")
        if dups and dups not in DUPLICATE_CHOICES:
            notices.append(f"Ignored URL parameter dups: {dups!r} is not one of {', '.join(DUPLICATE_CHOICES)}")
        elif dups:
            values["duplicates"] = dups
        stop = get("stop")
        if stop:
            try:
                values["stopwords"] = parse_stopwords(stop)
            except ValueError:  # the words themselves are not echoed: a URL is untrusted text
                notices.append(f"Ignored URL parameter stop: only words (letters, inner - or '), at most {MAX_STOPWORDS}")
        return cls(**values), notices

    def where_sql(self) -> tuple[str, list]:
        """A SQL condition over the ``articles`` view (with ``texts`` and ``mentions`` views).

        Returns ``(condition, parameters)`` for DuckDB's ``?`` placeholders.
        """
        month_clause, params = self.month_sql("a")
        clauses = [month_clause]
        if self.duplicates == "drop":
            clauses.append("a.duplicate_of IS NULL")
        if self.article_ids:
            clauses.append("a.id IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.article_ids))
        if self.query:
            clauses.append("a.id IN (SELECT id FROM texts WHERE regexp_matches(clean_text, ?))")
            params.append(query_regex(self.query))
        if self.entity:
            clauses.append("a.id IN (SELECT id FROM mentions WHERE lower(entity) = lower(?))")
            params.append(self.entity)
        return " AND ".join(clauses), params


def query_regex(query: str) -> str:
    """RE2 pattern for :attr:`FilterState.query` (see the module docstring)."""
    words = [re.escape(w) for w in query.split()]
    return r"(?i)(^|[^\pL\pN])" + r"\s+".join(words) + r"($|[^\pL\pN])"
