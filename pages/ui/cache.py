"""Cached analytics calls: every table a page shows comes from here (``st.cache_data`` keyed by
the corpus fingerprint *and* store folder, so one session's upload is never served to another,
plus the :class:`FilterState` and scalar options). Whole-corpus lists shared by all sessions
(months, entity names, article labels) are ``st.cache_resource``: one read-only object, not a
copy per rerun."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import articles as _articles
from analytics import entities as _entities
from analytics import export as _export
from analytics import keyness as _keyness
from analytics import keywords as _keywords
from analytics import months as _months
from analytics import spikes as _spikes
from analytics import terms as _terms
from analytics import trends as _trends
from analytics import views
from analytics.dataset import BuiltCorpus
from analytics.filters import FilterState

EXPORT_OPTIONS = _export.ExportOptions()
#: Tables on a page show at most this many rows (downloads have them all).
MAX_TABLE_ROWS = 2000
#: Sidebar pickers list at most this many entities.
MAX_ENTITY_OPTIONS = 300


def _corpus_key(corpus: BuiltCorpus) -> tuple[str, str]:
    return corpus.fingerprint, str(corpus.directory)


HASH = {BuiltCorpus: _corpus_key, FilterState: repr}


def cached(func):
    return st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=512)(func)


@st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=64)
def table(corpus: BuiltCorpus, flt: FilterState, name: str) -> pd.DataFrame:
    """One CLI export table for this filter (the same table serves the page and its download)."""
    return _export.metric_table(corpus, flt, name, EXPORT_OPTIONS)


@cached
def summary(corpus: BuiltCorpus, flt: FilterState) -> _articles.Summary:
    return _articles.summary(corpus, flt)


@cached
def articles_per_month(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    return _articles.articles_per_month(corpus, flt)


@cached
def selected_months(corpus: BuiltCorpus, flt: FilterState) -> list[str]:
    """Every month of the filter's range, empty ones included (the continuous chart axis)."""
    return _months.selection_months(corpus, flt)


@st.cache_resource(show_spinner=False, hash_funcs=HASH, max_entries=8)
def corpus_months(corpus: BuiltCorpus) -> list[str]:
    """Every month of the corpus (the month pickers' choices)."""
    return corpus.months()


@cached
def cleaning_removals(corpus: BuiltCorpus, flt: FilterState, limit: int | None = MAX_TABLE_ROWS) -> pd.DataFrame:
    return _articles.cleaning_removals(corpus, flt, limit=limit)


@cached
def removal_summary(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    return _articles.removal_summary(corpus, flt)


@cached
def duplicate_articles(corpus: BuiltCorpus, flt: FilterState, limit: int | None = MAX_TABLE_ROWS) -> pd.DataFrame:
    return _articles.duplicate_articles(corpus, flt, limit=limit)


@cached
def selected_article(corpus: BuiltCorpus, flt: FilterState, article_id: str) -> pd.DataFrame:
    return _articles.articles_table(corpus, flt, article_id=article_id)


@cached
def terms_by_month_page(corpus: BuiltCorpus, flt: FilterState, limit: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    return _terms.terms_by_month(corpus, flt, limit=limit)


@cached
def selected_ids(corpus: BuiltCorpus, flt: FilterState, limit: int = MAX_TABLE_ROWS) -> list[str]:
    """The first ``limit`` selected ids, in the article table's order (pickers)."""
    return _articles.selected_ids(corpus, flt, limit=limit)


@cached
def is_selected(corpus: BuiltCorpus, flt: FilterState, article_id: str) -> bool:
    return _articles.is_selected(corpus, flt, article_id)


@cached
def count_terms_by_month(corpus: BuiltCorpus, flt: FilterState) -> int:
    return _terms.count_terms_by_month(corpus, flt)


@cached
def articles_page(corpus: BuiltCorpus, flt: FilterState, limit: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """The first ``limit`` rows of the article table (the download has them all)."""
    return _articles.articles_table(corpus, flt, limit=limit)


@cached
def skipped_files(corpus: BuiltCorpus) -> pd.DataFrame:
    return _articles.skipped_files(corpus)


@cached
def top_terms(corpus: BuiltCorpus, flt: FilterState, n: int, kind: str) -> pd.DataFrame:
    return _terms.top_terms(corpus, flt, n=n, kind=kind)


@cached
def term_trend(corpus: BuiltCorpus, flt: FilterState, terms: tuple[str, ...], kind: str) -> pd.DataFrame:
    return _terms.terms_by_month(corpus, flt, kind=kind, terms=list(terms))


@cached
def keyword_in_context(corpus: BuiltCorpus, flt: FilterState, term: str, width: int, sort: str) -> pd.DataFrame:
    return _terms.keyword_in_context(corpus, term, flt, width=width, sort=sort)


@cached
def keyword_in_context_csv(corpus: BuiltCorpus, flt: FilterState, term: str, width: int, sort: str) -> bytes:
    return _export.csv_bytes(keyword_in_context(corpus, flt, term, width, sort))


@cached
def series_trend(corpus: BuiltCorpus, flt: FilterState, series: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """``series``: (kind, value) pairs, e.g. ``(("term", "navo"), ("entity", "Rusland"))``."""
    return _trends.series_trend(corpus, flt, [_trends.Series(kind, value) for kind, value in series])


@cached
def trend_spikes(corpus: BuiltCorpus, flt: FilterState, series: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """The trend rows with the spike test's expected, ratio, p_value and spike columns."""
    return _spikes.annotate_trend(series_trend(corpus, flt, series))


@cached
def strongest_spikes(corpus: BuiltCorpus, flt: FilterState, kind: str, top: int) -> pd.DataFrame:
    return _spikes.strongest_spikes(corpus, flt, kind=kind, top=top)


@cached
def keyness_of_selection(corpus: BuiltCorpus, flt: FilterState, top: int) -> pd.DataFrame:
    return _keyness.keyness_of_selection(corpus, flt, top=top)


@cached
def wordcloud_png(corpus: BuiltCorpus, flt: FilterState, n: int) -> bytes:
    return views.wordcloud_png(views.word_frequencies(top_terms(corpus, flt, n, "terms")))


#: Entity pickers on the pages list the selection's this many most mentioned entities.
RANKED_ENTITIES = 200
#: Top-N views of one entity type show at most this many (the Entities page's slider maximum).
RANKED_PER_TYPE = 30


@cached
def ranked_entities(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    """The selection's :data:`RANKED_ENTITIES` most mentioned entities plus the
    :data:`RANKED_PER_TYPE` most mentioned of each type, in ranking order: one query serves every
    top-N view (:func:`top_entities`) and picker."""
    return _entities.top_entities(corpus, flt, n=RANKED_ENTITIES, per_type=RANKED_PER_TYPE)


def top_entities(corpus: BuiltCorpus, flt: FilterState, n: int, types: tuple[str, ...] | None) -> pd.DataFrame:
    """The first ``n`` entities (of ``types``) of :func:`ranked_entities`."""
    if n > (RANKED_ENTITIES if types is None else RANKED_PER_TYPE):
        raise ValueError(f"top_entities: n={n} is more than the ranking holds")
    return _entities.head_of_types(ranked_entities(corpus, flt), n, types)


@cached
def entity_counts(corpus: BuiltCorpus, flt: FilterState, keys: tuple[tuple[str, str], ...], by_month: bool) -> pd.DataFrame:
    return _entities.entity_counts(corpus, flt, list(keys), by_month=by_month)


@cached
def entity_forms_of(corpus: BuiltCorpus, entity: str, entity_type: str) -> pd.DataFrame:
    return _entities.forms_of(_entities.entity_forms_of(corpus, entity, entity_type), entity, entity_type)


@cached
def entities_by_month_head(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    """The first :data:`MAX_TABLE_ROWS` rows of the export's ``entities_by_month`` table."""
    return _entities.entities_by_month(corpus, flt, merge=EXPORT_OPTIONS.merge_entities, limit=MAX_TABLE_ROWS)


@cached
def count_entity_months(corpus: BuiltCorpus, flt: FilterState) -> int:
    return _entities.count_entity_months(corpus, flt)


@cached
def selected_count(corpus: BuiltCorpus, flt: FilterState) -> int:
    return _articles.selected_count(corpus, flt)


# cache_resource: one shared read-only object per corpus, not a copy per rerun (these are large).
@st.cache_resource(show_spinner=False, hash_funcs=HASH, max_entries=8)
def entity_names(corpus: BuiltCorpus) -> list[str]:
    """Canonical entity names of the whole corpus, most mentioned first (for the sidebar picker)."""
    top = _entities.top_entities(corpus, FilterState(), n=MAX_ENTITY_OPTIONS)
    return list(dict.fromkeys(top["entity"]))


@st.cache_resource(show_spinner=False, hash_funcs=HASH, max_entries=8)
def article_labels(corpus: BuiltCorpus) -> dict[str, str]:
    """id -> "id · month · title or first words" for every article of the corpus (pickers)."""
    return views.article_choice_labels(_articles.article_titles(corpus))


@st.cache_resource(show_spinner=False, hash_funcs=HASH, max_entries=8)
def corpus_sources(corpus: BuiltCorpus) -> list[str]:
    """The corpus's distinct sources (the source filter's choices; empty when it has none)."""
    return _articles.sources(corpus)


@cached
def article_text(corpus: BuiltCorpus, article_id: str) -> str:
    return _articles.article_text(corpus, article_id)


@cached
def article_mentions(corpus: BuiltCorpus, article_id: str) -> pd.DataFrame:
    return _entities.article_mentions(corpus, article_id)


@cached
def article_keywords(corpus: BuiltCorpus, flt: FilterState, article_id: str, top: int) -> pd.DataFrame:
    """One article's keywords under the filter's duplicates choice and extra stopwords."""
    one = FilterState(article_ids=(article_id,), duplicates=flt.duplicates, stopwords=flt.stopwords)
    return _keywords.keywords_by_article(corpus, one, top=top)


@cached
def article_removals(corpus: BuiltCorpus, article_id: str) -> pd.DataFrame:
    return _articles.cleaning_removals(corpus, FilterState(article_ids=(article_id,)))

