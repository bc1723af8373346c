"""Entity counts per article and per month.

A *mention* is one span the recogniser tagged PER, ORG, LOC or MISC in an article's cleaned text.
Mentions are grouped into canonical entities by the rules in :mod:`analytics.entity_merge`
(``merge=False``: every surface form and tagged type is its own entity).

* ``mentions``: number of mentions of the entity (in the article, or in the month's selected
  articles);
* ``articles`` (per month): selected articles of the month with at least one mention;
* ``surface_forms``: every surface form merged into the entity with its count,
  ``"NAVO (5); Navo (2)"``, most frequent first.

Rows are sorted by mentions descending, then entity name.

:func:`entity_forms_table` explains the entities the selected articles mention: per (entity,
surface form, merge rule) the form's mentions and articles **in the whole corpus**, how often
the recogniser tagged it with each type and the summed confidence of those tags (the evidence the
merge and the type were decided on, which is corpus-wide; see :mod:`analytics.entity_merge`).
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from .dataset import BuiltCorpus
from .entity_merge import ENTITY_FORMS_COLUMNS, RULE_DESCRIPTIONS, TYPES
from .filters import FilterState

ENTITIES_BY_ARTICLE_COLUMNS = ["id", "month", "entity", "type", "mentions", "surface_forms"]
ENTITIES_BY_MONTH_COLUMNS = ["month", "entity", "type", "mentions", "articles", "surface_forms"]
MENTION_COLUMNS = ["id", "month", "start", "end", "surface", "type", "entity", "entity_type", "role", "confidence"]


def _entity_table(
    corpus: BuiltCorpus,
    flt: FilterState,
    keys: Sequence[str],
    *,
    merge: bool,
    types: Sequence[str] | None,
    order: str,
    limit: int | None = None,
) -> pd.DataFrame:
    """Mentions grouped by ``keys`` (e.g. id, month) plus entity and type."""
    if merge and flt.is_month_only and "id" not in keys:
        return _month_entity_table(corpus, flt, keys, types=types, order=order, limit=limit)
    sel, params = corpus.selection(flt)
    ent, typ = ("m.entity", "m.entity_type") if merge else ("m.surface", "m.type")
    type_clause = ""
    if types:
        type_clause = f"AND {typ} IN (SELECT unnest(?::VARCHAR[]))"
        params = params + [list(types)]
    key_cols = "".join(f"m.{k}, " for k in keys)
    group = "".join(f"{k}, " for k in keys)
    ctes = f"""WITH {sel},
        ms AS (SELECT {key_cols}m.id AS article, {ent} AS entity, {typ} AS type, m.surface
               FROM mentions m JOIN sel USING (id) WHERE TRUE {type_clause}),
        forms AS (SELECT {group}entity, type, surface, count(*) AS n FROM ms GROUP BY ALL),
        arts AS (SELECT {group}entity, type, count(DISTINCT article) AS articles FROM ms GROUP BY ALL)"""
    return _forms_and_articles(corpus, ctes, params, group, order, limit)


def _forms_and_articles(corpus: BuiltCorpus, ctes: str, params: list, group: str, order: str, limit: int | None) -> pd.DataFrame:
    """The entity table from CTEs ``forms(<group>, entity, type, surface, n)`` and
    ``arts(<group>, entity, type, articles)``."""
    sql = f"""{ctes}
        SELECT {group}entity, type, sum(n)::BIGINT AS mentions, any_value(arts.articles)::INTEGER AS articles,
               string_agg(surface || ' (' || n || ')', '; ' ORDER BY n DESC, surface) AS surface_forms
        FROM forms JOIN arts USING ({group}entity, type)
        GROUP BY {group}entity, type ORDER BY {order}"""
    if limit is not None:
        sql += " LIMIT ?"
        params = params + [int(limit)]
    return corpus.sql(sql, params)


def _month_entity_table(
    corpus: BuiltCorpus, flt: FilterState, keys: Sequence[str], *, types: Sequence[str] | None, order: str, limit: int | None
) -> pd.DataFrame:
    """:func:`_entity_table` from the build's month tables (an article belongs to one month, so
    articles per month add up over a range)."""
    suffix = "_unique" if flt.duplicates == "drop" else ""
    group = "".join(f"{k}, " for k in keys)
    parts, params = [], []
    for alias, value in (("f", "mentions"), ("e", "articles")):
        clause, month_params = flt.month_sql(alias)
        where = f"{alias}.{value}{suffix} > 0 AND {clause}"
        params += month_params
        if types:
            where += f" AND {alias}.type IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(types))
        parts.append(where)
    ctes = f"""WITH
        forms AS (SELECT {group}entity, type, surface, sum(f.mentions{suffix}) AS n
                  FROM month_entity_forms f WHERE {parts[0]} GROUP BY ALL),
        arts AS (SELECT {group}entity, type, sum(e.articles{suffix}) AS articles
                 FROM month_entities e WHERE {parts[1]} GROUP BY ALL)"""
    return _forms_and_articles(corpus, ctes, params, group, order, limit)


def entities_by_article(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, merge: bool = True, types: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per (article, entity): id, month, entity, type, mentions, surface_forms."""
    table = _entity_table(
        corpus, flt, ["id", "month"], merge=merge, types=types, order="month, id, mentions DESC, entity, type"
    )
    return table[ENTITIES_BY_ARTICLE_COLUMNS]


def entities_by_month(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, merge: bool = True, types: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per (month, entity): month, entity, type, mentions, articles, surface_forms."""
    table = _entity_table(corpus, flt, ["month"], merge=merge, types=types, order="month, mentions DESC, entity, type")
    return table[ENTITIES_BY_MONTH_COLUMNS]


def top_entities(
    corpus: BuiltCorpus,
    flt: FilterState = FilterState(),
    *,
    n: int | None = 25,
    merge: bool = True,
    types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The ``n`` most mentioned entities of the selection (all with ``n=None``): entity, type,
    mentions, articles, surface_forms."""
    return _entity_table(corpus, flt, [], merge=merge, types=types, order="mentions DESC, entity, type", limit=n)


def head_of_types(ranked: pd.DataFrame, n: int, types: Sequence[str] | None = None) -> pd.DataFrame:
    """The first ``n`` rows of a :func:`top_entities` table whose type is one of ``types`` (all
    types when None): the same rows as ``top_entities(..., n=n, types=types)``."""
    rows = ranked if not types else ranked[ranked["type"].isin(list(types))]
    return rows.head(n).reset_index(drop=True)


def article_mentions(corpus: BuiltCorpus, article_id: str) -> pd.DataFrame:
    """Every mention in one article, in text order (for highlighting in the reader)."""
    return corpus.sql("SELECT * FROM mentions WHERE id = ? ORDER BY start", [article_id])[MENTION_COLUMNS]


def forms_sql(entity: str = "entity", entity_type: str = "entity_type", rule: str = "rule") -> str:
    """The ``entity_forms`` rows (:data:`analytics.store.CORPUS_TABLES`) from the ``mentions``
    table: per (entity, entity type, surface, rule) the mentions, articles, the mentions the
    recogniser tagged each type and their summed confidence (rounded to 4 decimals)."""
    tagged = ", ".join(f"count(*) FILTER (WHERE type = '{t}')::BIGINT AS tagged_{t.lower()}" for t in TYPES)
    votes = ", ".join(
        f"round(coalesce(sum(confidence::DOUBLE) FILTER (WHERE type = '{t}'), 0), 4) AS votes_{t.lower()}" for t in TYPES
    )
    return f"""SELECT {entity} AS entity, {entity_type} AS entity_type, surface, {rule} AS rule, count(*)::BIGINT AS mentions,
                      count(DISTINCT id)::BIGINT AS articles, {tagged}, {votes}
               FROM mentions GROUP BY ALL"""


def _unmerged_forms_sql() -> str:
    return "(" + forms_sql("surface", "type", "'name'") + ")"


def entity_forms_table(corpus: BuiltCorpus, flt: FilterState = FilterState(), *, merge: bool = True) -> pd.DataFrame:
    """Surface forms, tagged types and merge rules of every entity the selected articles mention.

    Columns (:data:`analytics.entity_merge.ENTITY_FORMS_COLUMNS`): entity, entity_type, surface,
    rule, mentions, articles, tagged_per .. tagged_misc, votes_per .. votes_misc; counts are over
    the whole corpus. Sorted by the entity's corpus mentions descending, entity, type, then the
    form's mentions descending, surface, rule. ``merge=False``: every surface form and type is its
    own entity (rule ``name``).
    """
    sel, params = corpus.selection(flt)
    if merge:
        source, chosen = "entity_forms", "m.entity, m.entity_type"
    else:
        source, chosen = _unmerged_forms_sql(), "m.surface AS entity, m.type AS entity_type"
    columns = ", ".join(f"f.{c}" for c in ENTITY_FORMS_COLUMNS)
    sql = f"""WITH {sel},
        chosen AS (SELECT DISTINCT {chosen} FROM mentions m JOIN sel USING (id)),
        f AS (SELECT *, sum(mentions) OVER (PARTITION BY entity, entity_type) AS total FROM {source})
        SELECT {columns} FROM f JOIN chosen c ON f.entity = c.entity AND f.entity_type = c.entity_type
        ORDER BY f.total DESC, f.entity, f.entity_type, f.mentions DESC, f.surface, f.rule"""
    return corpus.sql(sql, params)[ENTITY_FORMS_COLUMNS]


def forms_of(forms: pd.DataFrame, entity: str, entity_type: str) -> pd.DataFrame:
    """The rows of :func:`entity_forms_table` output for one entity, with a ``rule_meaning``
    column (:data:`analytics.entity_merge.RULE_DESCRIPTIONS`, steps joined by "; then ")."""
    rows = forms[(forms["entity"] == entity) & (forms["entity_type"] == entity_type)].reset_index(drop=True)
    rows = rows.drop(columns=["entity", "entity_type"])
    rows.insert(2, "rule_meaning", ["; then ".join(RULE_DESCRIPTIONS.get(s, s) for s in r.split("+")) for r in rows["rule"]])
    return rows


def entity_roles(corpus: BuiltCorpus, entity: str, entity_type: str, flt: FilterState = FilterState()) -> pd.DataFrame:
    """Titles and functions the selected articles give one entity (merge rule 1): role, mentions,
    articles; most mentioned first, then role. Mentions without a role are not listed."""
    sel, params = corpus.selection(flt)
    sql = f"""WITH {sel}
        SELECT m.role, count(*)::BIGINT AS mentions, count(DISTINCT m.id)::BIGINT AS articles
        FROM mentions m JOIN sel USING (id)
        WHERE m.entity = ? AND m.entity_type = ? AND m.role <> ''
        GROUP BY m.role ORDER BY mentions DESC, m.role"""
    return corpus.sql(sql, params + [entity, entity_type])
