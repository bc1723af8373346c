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
    per_type: int | None = None,
) -> pd.DataFrame:
    """Mentions grouped by ``keys`` (e.g. id, month) plus entity and type; with ``limit`` and/or
    ``per_type`` only the first ``limit`` rows in ``order`` and the first ``per_type`` of each type
    (their union). Rows are ranked before their surface forms are listed, so a short ranking of a
    large selection does not list the forms of every entity."""
    if merge and flt.is_month_only and "id" not in keys:
        counts, counts_params, forms, forms_params = _month_counts_and_forms(flt, keys, types)
    else:
        counts, counts_params, forms, forms_params = _mention_counts_and_forms(corpus, flt, keys, merge, types)
    group = "".join(f"{k}, " for k in keys)
    ranks, rank_params = [], []
    if limit is not None:
        ranks.append(f"row_number() OVER (ORDER BY {order}) <= ?")
        rank_params.append(int(limit))
    if per_type is not None:
        ranks.append(f"row_number() OVER (PARTITION BY type ORDER BY {order}) <= ?")
        rank_params.append(int(per_type))
    if per_type is None and limit is not None:  # a top-N without sorting every row
        kept = f"SELECT * FROM e ORDER BY {order} LIMIT ?"
    else:
        kept = f"SELECT * FROM e QUALIFY {' OR '.join(ranks)}" if ranks else "SELECT * FROM e"
    sql = f"""{counts},
        r AS ({kept}),
        forms AS ({forms})
        SELECT {group}r.entity, r.type, r.mentions::BIGINT AS mentions, r.articles::INTEGER AS articles,
               string_agg(forms.surface || ' (' || forms.n || ')', '; ' ORDER BY forms.n DESC, forms.surface) AS surface_forms
        FROM r JOIN forms USING ({group}entity, type)
        GROUP BY ALL ORDER BY {order}"""
    return corpus.sql(sql, counts_params + rank_params + forms_params)


def _mention_counts_and_forms(
    corpus: BuiltCorpus, flt: FilterState, keys: Sequence[str], merge: bool, types: Sequence[str] | None
) -> tuple[str, list, str, list]:
    """CTEs ``e(<keys>, entity, type, mentions, articles)`` from the selected articles' mentions,
    and the query of the forms of the entities in ``r`` (``<keys>, entity, type, surface, n``),
    each with its parameters."""
    sel, params = corpus.selection(flt)
    ent, typ = ("m.entity", "m.entity_type") if merge else ("m.surface", "m.type")
    type_clause = ""
    if types:
        type_clause = f"AND {typ} IN (SELECT unnest(?::VARCHAR[]))"
        params = params + [list(types)]
    key_cols = "".join(f"m.{k}, " for k in keys)
    group = "".join(f"{k}, " for k in keys)
    counts = f"""WITH {sel},
        ms AS (SELECT {key_cols}m.id AS article, {ent} AS entity, {typ} AS type, m.surface
               FROM mentions m JOIN sel USING (id) WHERE TRUE {type_clause}),
        e AS (SELECT {group}entity, type, count(*) AS mentions, count(DISTINCT article) AS articles FROM ms GROUP BY ALL)"""
    forms = f"SELECT {group}entity, type, surface, count(*) AS n FROM ms SEMI JOIN r USING ({group}entity, type) GROUP BY ALL"
    return counts, params, forms, []


def _month_counts_and_forms(flt: FilterState, keys: Sequence[str], types: Sequence[str] | None) -> tuple[str, list, str, list]:
    """The same CTE and query from the build's month tables (an article belongs to one month, so
    articles per month add up over a range)."""
    suffix = flt.month_suffix
    group = "".join(f"{k}, " for k in keys)
    parts, params = [], []
    for alias, value in (("e", "articles"), ("f", "mentions")):
        where, month_params = flt.month_rows_sql(alias, value)
        if types:
            where += f" AND {alias}.type IN (SELECT unnest(?::VARCHAR[]))"
            month_params = month_params + [list(types)]
        parts.append(where)
        params.append(month_params)
    counts = f"""WITH e AS (SELECT {group}entity, type, sum(e.mentions{suffix}) AS mentions, sum(e.articles{suffix}) AS articles
                  FROM month_entities e WHERE {parts[0]} GROUP BY ALL)"""
    forms = f"""SELECT {group}entity, type, surface, sum(f.mentions{suffix}) AS n
                FROM month_entity_forms f SEMI JOIN r USING ({group}entity, type) WHERE {parts[1]} GROUP BY ALL"""
    return counts, params[0], forms, params[1]


def entities_by_article(
    corpus: BuiltCorpus, flt: FilterState = FilterState(), *, merge: bool = True, types: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per (article, entity): id, month, entity, type, mentions, surface_forms."""
    table = _entity_table(
        corpus, flt, ["id", "month"], merge=merge, types=types, order="month, id, mentions DESC, entity, type"
    )
    return table[ENTITIES_BY_ARTICLE_COLUMNS]


def entities_by_month(
    corpus: BuiltCorpus,
    flt: FilterState = FilterState(),
    *,
    merge: bool = True,
    types: Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per (month, entity): month, entity, type, mentions, articles, surface_forms (the
    first ``limit`` rows; :func:`count_entity_months` counts them all)."""
    table = _entity_table(corpus, flt, ["month"], merge=merge, types=types, order="month, mentions DESC, entity, type",
                          limit=limit)
    return table[ENTITIES_BY_MONTH_COLUMNS]


def count_entity_months(corpus: BuiltCorpus, flt: FilterState = FilterState()) -> int:
    """The number of rows of :func:`entities_by_month` (merged entities): (month, entity, type)
    triples with a mention in the selected articles."""
    if flt.is_month_only:
        rows, params = flt.month_rows_sql("e")
        sql = f"SELECT count(*) AS n FROM month_entities e WHERE {rows}"
    else:
        sel, params = corpus.selection(flt)
        sql = f"""WITH {sel} SELECT count(*) AS n FROM
                  (SELECT DISTINCT m.month, m.entity, m.entity_type FROM mentions m JOIN sel USING (id))"""
    return int(corpus.sql(sql, params)["n"].iloc[0])


def top_entities(
    corpus: BuiltCorpus,
    flt: FilterState = FilterState(),
    *,
    n: int | None = 25,
    merge: bool = True,
    types: Sequence[str] | None = None,
    per_type: int | None = None,
) -> pd.DataFrame:
    """The ``n`` most mentioned entities of the selection (all with ``n=None``): entity, type,
    mentions, articles, surface_forms. With ``per_type``, also the ``per_type`` most mentioned of
    each type (so :func:`head_of_types` answers every type's top ``per_type`` from one table);
    rows stay in ranking order, so the first ``n`` rows are the overall top ``n``."""
    if n is None and per_type is not None:
        raise ValueError("per_type needs n: without n every entity is listed already")
    return _entity_table(corpus, flt, [], merge=merge, types=types, order="mentions DESC, entity, type", limit=n,
                         per_type=per_type)


def entity_counts(
    corpus: BuiltCorpus, flt: FilterState, keys: Sequence[tuple[str, str]], *, by_month: bool = False
) -> pd.DataFrame:
    """Mentions and articles of the given (entity, type) pairs in the selected articles (per month
    with ``by_month``): [month,] entity, type, mentions, articles, as in :func:`entities_by_month`
    and :func:`top_entities` (merged entities); a pair the selection does not mention has no row.
    Sorted by [month,] mentions descending, entity, type."""
    entities_, types_ = [list(x) for x in zip(*keys)] if keys else ([], [])
    wanted = "(SELECT unnest(?::VARCHAR[]) AS entity, unnest(?::VARCHAR[]) AS type)"
    month = "month, " if by_month else ""
    if flt.is_month_only:
        suffix = flt.month_suffix
        rows, params = flt.month_rows_sql("e")
        sql = f"""SELECT {month}entity, type, sum(e.mentions{suffix})::BIGINT AS mentions,
                         sum(e.articles{suffix})::INTEGER AS articles
                  FROM month_entities e SEMI JOIN {wanted} k USING (entity, type)
                  WHERE {rows} GROUP BY ALL"""
        params = [entities_, types_] + params
    else:
        sel, params = corpus.selection(flt)
        sql = f"""WITH {sel}
                  SELECT {"m." + month if by_month else ""}m.entity, m.entity_type AS type, count(*)::BIGINT AS mentions,
                         count(DISTINCT m.id)::INTEGER AS articles
                  FROM mentions m JOIN sel USING (id)
                  SEMI JOIN {wanted} k ON m.entity = k.entity AND m.entity_type = k.type GROUP BY ALL"""
        params = params + [entities_, types_]
    return corpus.sql(f"{sql} ORDER BY {month}mentions DESC, entity, type", params)


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
        source = "entity_forms"
        chosen = f"{sel}, chosen AS (SELECT DISTINCT m.entity, m.entity_type FROM mentions m JOIN sel USING (id))"
        if flt.is_month_only:  # the month table lists the same entities without reading every mention
            rows, params = flt.month_rows_sql("e")
            chosen = f"chosen AS (SELECT DISTINCT e.entity, e.type AS entity_type FROM month_entities e WHERE {rows})"
    else:
        source = _unmerged_forms_sql()
        chosen = f"{sel}, chosen AS (SELECT DISTINCT m.surface AS entity, m.type AS entity_type FROM mentions m JOIN sel USING (id))"
    columns = ", ".join(f"f.{c}" for c in ENTITY_FORMS_COLUMNS)
    sql = f"""WITH {chosen},
        f AS (SELECT *, sum(mentions) OVER (PARTITION BY entity, entity_type) AS total FROM {source})
        SELECT {columns} FROM f JOIN chosen c ON f.entity = c.entity AND f.entity_type = c.entity_type
        ORDER BY f.total DESC, f.entity, f.entity_type, f.mentions DESC, f.surface, f.rule"""
    return corpus.sql(sql, params)[ENTITY_FORMS_COLUMNS]


def entity_forms_of(corpus: BuiltCorpus, entity: str, entity_type: str) -> pd.DataFrame:
    """The :func:`entity_forms_table` rows of one (merged) entity, read from the build's table:
    the form's mentions descending, surface, rule."""
    columns = ", ".join(ENTITY_FORMS_COLUMNS)
    return corpus.sql(
        f"""SELECT {columns} FROM entity_forms WHERE entity = ? AND entity_type = ?
            ORDER BY mentions DESC, surface, rule""",
        [entity, entity_type],
    )[ENTITY_FORMS_COLUMNS]


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
    if flt.is_month_only:  # the build's month table: an article belongs to one month, so counts add up
        rows, params = flt.month_rows_sql("r")
        suffix = flt.month_suffix
        sql = f"""SELECT r.role, sum(r.mentions{suffix})::BIGINT AS mentions, sum(r.articles{suffix})::BIGINT AS articles
            FROM month_entity_roles r WHERE r.entity = ? AND r.type = ? AND {rows}
            GROUP BY r.role ORDER BY mentions DESC, r.role"""
        return corpus.sql(sql, [entity, entity_type] + params)
    sel, params = corpus.selection(flt)
    sql = f"""WITH {sel}
        SELECT m.role, count(*)::BIGINT AS mentions, count(DISTINCT m.id)::BIGINT AS articles
        FROM mentions m JOIN sel USING (id)
        WHERE m.entity = ? AND m.entity_type = ? AND m.role <> ''
        GROUP BY m.role ORDER BY mentions DESC, m.role"""
    return corpus.sql(sql, params + [entity, entity_type])
