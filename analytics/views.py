"""Shaping engine tables for the dashboard: heatmap grids, trends, reader markup, word clouds.

Everything here is a pure function of engine tables (no Streamlit), so the pages only call and
render. Definitions:

* :func:`keyword_heatmap`: the cells of the keyword-by-month heatmap, taken from
  :func:`analytics.keywords.keywords_by_month` as is. A term is on the grid when it is among a
  month's top keywords; terms are ordered by their best score in any month (descending, ties:
  term alphabetically) and the first ``max_terms`` kept. A (month, term) pair where the term is not
  among that month's top keywords has ``score`` NaN and ``in_top`` False: its TF-IDF score is not
  0, it is just not in the table.
* :func:`entity_heatmap`: mentions per (month, entity) from
  :func:`analytics.entities.entities_by_month`, for the ``max_entities`` entities with the most
  mentions over all months (ties: entity, then type), zero-filled for every given month (an entity
  not mentioned in a month really has 0 mentions there).
* :func:`entity_trend`: the same zero-filled rows for chosen entities.
* :func:`highlighted_html`: article text with entity mentions wrapped in ``<mark>``; every piece
  of text is passed through :func:`html.escape` first, so a corpus can never inject markup.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

import pandas as pd

#: Background colours of highlighted entity types (colour-blind safe Okabe-Ito tints).
#: One palette, two strengths of each hue: ``ENTITY_COLOURS`` for chart marks (bars, circles,
#: lines: they must read on white), ``ENTITY_TINTS`` behind text in the reader (text must stay legible).
ENTITY_COLOURS = {"PER": "#d9730d", "ORG": "#2f7fc1", "LOC": "#2e9e52", "MISC": "#9a5bc2"}
ENTITY_TINTS = {"PER": "#f6c3a1", "ORG": "#a9d3f0", "LOC": "#b7e4c7", "MISC": "#e5c6f0"}
ENTITY_TYPE_NAMES = {"PER": "person", "ORG": "organisation", "LOC": "location", "MISC": "miscellaneous"}
#: Rows come in display order (terms / entities in rank order, then months); no internal columns.
KEYWORD_HEATMAP_COLUMNS = ["month", "term", "rank", "score", "tf", "df", "n_docs", "idf", "tfidf"]
ENTITY_HEATMAP_COLUMNS = ["month", "entity", "type", "label", "mentions", "articles"]
MAX_TERMS = 10


def parse_terms(text: str, *, limit: int = MAX_TERMS) -> list[str]:
    """Terms typed by a user, comma or semicolon separated: stripped, lower-cased, deduplicated in
    order, at most ``limit``. A bigram ("witte huis") keeps its inner single space."""
    out: list[str] = []
    for part in re.split(r"[,;\n]", text or ""):
        term = " ".join(part.split()).lower()
        if term and term not in out:
            out.append(term)
    return out[:limit]


def page_bounds(total: int, page: int, size: int) -> tuple[int, int, int]:
    """``(start, stop, pages)`` of 1-based ``page`` of ``size`` rows out of ``total`` (page clamped
    to 1..pages; an empty table has one empty page)."""
    pages = max(1, -(-int(total) // int(size)))
    page = min(max(int(page), 1), pages)
    start = (page - 1) * int(size)
    return start, min(start + int(size), int(total)), pages


def parse_ids(text: str) -> tuple[str, ...]:
    """Article ids typed as one comma/space separated string, deduplicated, sorted."""
    return tuple(sorted({p for p in re.split(r"[\s,;]+", text or "") if p}))


def month_bound(value: str | None, months: Sequence[str], side: Literal["from", "to"]) -> str | None:
    """The filter bound for a month chosen in a from/to picker: ``None`` (no bound) when the choice
    is the corpus's first month (``from``) or last month (``to``), else the month itself."""
    if side not in ("from", "to"):
        raise ValueError(f"side must be 'from' or 'to', got {side!r}")
    if value is None or not months:
        return value
    edge = months[0] if side == "from" else months[-1]
    return None if value == edge else value


def month_choices(months: Sequence[str], *bounds: str | None) -> list[str]:
    """The corpus months plus any bound outside them (from a URL), sorted, without repeats."""
    return sorted(set(months) | {b for b in bounds if b})


def keyword_heatmap(keywords_by_month: pd.DataFrame, *, max_terms: int = 20) -> pd.DataFrame:
    """A full month × term grid of :data:`KEYWORD_HEATMAP_COLUMNS` (see the module docstring)."""
    if keywords_by_month.empty:
        return pd.DataFrame(columns=KEYWORD_HEATMAP_COLUMNS)
    best = (
        keywords_by_month.groupby("term", as_index=False)["score"].max()
        .sort_values(["score", "term"], ascending=[False, True], kind="mergesort")
        .head(max_terms)
    )
    terms = best["term"].tolist()
    months = sorted(keywords_by_month["month"].unique())
    grid = pd.MultiIndex.from_product([months, terms], names=["month", "term"]).to_frame(index=False)
    cells = keywords_by_month[keywords_by_month["term"].isin(terms)]
    out = grid.merge(cells, on=["month", "term"], how="left")
    order = out["term"].map({t: i for i, t in enumerate(terms)})
    out = out.assign(_order=order).sort_values(["_order", "month"], kind="mergesort", ignore_index=True)
    return out[KEYWORD_HEATMAP_COLUMNS]


def entity_label(entity: str, entity_type: str) -> str:
    """How an entity is named in pickers and charts: ``"Rusland (LOC)"``."""
    return f"{entity} ({entity_type})"


def _entity_grid(rows: pd.DataFrame, keys: list[tuple[str, str]], months: Sequence[str]) -> pd.DataFrame:
    if not keys or not months:
        return pd.DataFrame(columns=ENTITY_HEATMAP_COLUMNS)
    grid = pd.DataFrame(
        [(m, e, t, entity_label(e, t), i) for i, (e, t) in enumerate(keys) for m in months],
        columns=["month", "entity", "type", "label", "_order"],
    )
    counts = rows[["month", "entity", "type", "mentions", "articles"]]
    out = grid.merge(counts, on=["month", "entity", "type"], how="left")
    out[["mentions", "articles"]] = out[["mentions", "articles"]].fillna(0).astype("int64")
    return out.sort_values(["_order", "month"], kind="mergesort", ignore_index=True)[ENTITY_HEATMAP_COLUMNS]


def entity_heatmap(entities_by_month: pd.DataFrame, months: Sequence[str], *, max_entities: int = 20) -> pd.DataFrame:
    """Zero-filled mentions per (month, entity) for the most mentioned entities (module docstring)."""
    if entities_by_month.empty:
        return pd.DataFrame(columns=ENTITY_HEATMAP_COLUMNS)
    totals = (
        entities_by_month.groupby(["entity", "type"], as_index=False)["mentions"].sum()
        .sort_values(["mentions", "entity", "type"], ascending=[False, True, True], kind="mergesort")
        .head(max_entities)
    )
    keys = list(zip(totals["entity"], totals["type"]))
    return _entity_grid(entities_by_month, keys, months)


def entity_trend(entities_by_month: pd.DataFrame, chosen: Iterable[tuple[str, str]], months: Sequence[str]) -> pd.DataFrame:
    """Zero-filled mentions and articles per month for the chosen (entity, type) pairs, in order."""
    keys = list(dict.fromkeys(tuple(c) for c in chosen))
    return _entity_grid(entities_by_month, keys, months)


def article_choice_labels(articles: pd.DataFrame, *, width: int = 60) -> dict[str, str]:
    """id -> ``"id · month · title"`` (title shortened to ``width`` characters) for pickers."""
    labels = {}
    for art_id, month, title in articles[["id", "month", "title"]].itertuples(index=False):
        title = " ".join(str(title or "").split())
        if len(title) > width:
            title = title[: width - 1].rstrip() + "…"
        labels[art_id] = " · ".join(p for p in (art_id, month, title) if p)
    return labels


def article_excerpt(text: str, *, chars: int = 80) -> str:
    """The first ``chars`` characters of a text on one line (a title stand-in for untitled articles)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= chars else flat[: chars - 1].rstrip() + "…"


@dataclass(frozen=True)
class Segment:
    """A piece of article text; ``type`` and ``entity`` are set when it is an entity mention."""

    text: str
    type: str | None = None
    entity: str | None = None


def highlight_segments(text: str, mentions: pd.DataFrame) -> list[Segment]:
    """Split ``text`` at the mentions' ``start``/``end`` offsets (columns start, end, type,
    entity). Mentions outside the text or overlapping an earlier one are left out; joining the
    segments' text always gives ``text`` back."""
    segments: list[Segment] = []
    pos = 0
    rows = mentions.sort_values(["start", "end"], kind="mergesort") if len(mentions) else mentions
    for start, end, typ, entity in rows[["start", "end", "type", "entity"]].itertuples(index=False) if len(rows) else ():
        start, end = int(start), int(end)
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], str(typ), str(entity) if entity is not None else None))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments


def _paragraphs(escaped: str) -> str:
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def highlighted_html(text: str, mentions: pd.DataFrame) -> str:
    """The article as HTML: escaped text, mentions in ``<mark>`` coloured by type with a tooltip
    naming the type and canonical entity. Nothing from the corpus reaches the markup unescaped."""
    parts = []
    for seg in highlight_segments(text, mentions):
        body = _paragraphs(html.escape(seg.text, quote=True))
        if seg.type is None:
            parts.append(body)
            continue
        colour = ENTITY_TINTS.get(seg.type, "#e0e0e0")
        title = html.escape(f"{seg.type}: {seg.entity or seg.text}", quote=True)
        kind = html.escape(seg.type, quote=True)
        parts.append(
            f'<mark class="entity" data-type="{kind}" title="{title}" '
            f'style="background:{colour};padding:0 .15em;border-radius:.2em">{body}'
            f'<sup style="font-size:.6em;opacity:.7;margin-left:.1em">{kind}</sup></mark>'
        )
    return (
        '<div class="article-text" style="line-height:1.7;font-size:1rem;max-width:75ch">'
        + "".join(parts)
        + "</div>"
    )


def entity_legend_html() -> str:
    """The colour key of :func:`highlighted_html`."""
    items = [
        f'<mark style="background:{c};padding:0 .3em;border-radius:.2em">{t}</mark> {ENTITY_TYPE_NAMES[t]}'
        for t, c in ENTITY_TINTS.items()
    ]
    return '<div style="font-size:.85rem">' + " &nbsp; ".join(items) + "</div>"


def removals_for_display(removals: pd.DataFrame, *, chars: int = 200) -> pd.DataFrame:
    """Cleaning changes with their removed text shortened to ``chars`` characters on one line."""
    out = removals.copy()
    if "text" in out:
        out["text"] = [article_excerpt(str(t), chars=chars) for t in out["text"]]
    return out


def word_frequencies(top_terms: pd.DataFrame) -> dict[str, int]:
    """term -> count for the word cloud (terms as given, counts as ints)."""
    return {str(t): int(c) for t, c in zip(top_terms["term"], top_terms["count"]) if int(c) > 0}


def _cloud(frequencies: dict[str, int], width: int, height: int):
    if not frequencies:
        raise ValueError("no terms to draw")
    from wordcloud import WordCloud

    # relative_scaling=1: font size proportional to the count (0.5, the default, mixes in rank, so
    # equal counts got different sizes). max_font_size keeps the largest word small enough that
    # the rest fit without the layout shrinking them.
    return WordCloud(
        width=width, height=height, background_color="white", random_state=0, prefer_horizontal=0.95,
        colormap="viridis", max_words=len(frequencies), relative_scaling=1.0, margin=4,
        max_font_size=max(24, height // 4), min_font_size=8,
    ).generate_from_frequencies(frequencies)


def wordcloud_sizes(frequencies: dict[str, int], *, width: int = 900, height: int = 420) -> dict[str, int]:
    """word -> font size in the cloud :func:`wordcloud_png` draws (words that did not fit are absent)."""
    return {word: size for (word, _), size, *_ in _cloud(frequencies, width, height).layout_}


def wordcloud_png(frequencies: dict[str, int], *, width: int = 900, height: int = 420) -> bytes:
    """A PNG word cloud drawn with the ``wordcloud`` package's bundled font (no network).

    Font size is proportional to the count (``relative_scaling=1``; sizes are rounded to whole
    points and at least 8): equal counts are drawn at one size. Layout is fixed by
    ``random_state=0``. Raises ValueError for an empty dict.
    """
    buffer = io.BytesIO()
    _cloud(frequencies, width, height).to_image().save(buffer, format="PNG")
    return buffer.getvalue()
