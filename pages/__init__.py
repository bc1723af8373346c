"""The shared Streamlit layer of the dashboard: corpus, filters, cached views, downloads, charts.

Streamlit lists every ``pages/*.py`` except this file as a page, so every page imports it::

    import pages as ui
    ctx = ui.start_page("Terms")      # page config, corpus, sidebar filters, filter header
    top = ui.top_terms(ctx.corpus, ctx.flt, 25, "terms")

Caching layers (see STYLE.md):

* corpus: the default corpus (``seeds/`` or ``$NEWS_CORPUS``) is built once per process and
  shared by all sessions through ``st.cache_resource``, keyed by its path and a signature of its
  files (names, sizes, modification times). An uploaded corpus is built into a per-session
  ``news-upload-*`` temporary store and kept in that session's ``st.session_state`` only; the
  store is removed when the upload is replaced or dropped and when the session ends (see
  :class:`UploadStore`).
* views: ``st.cache_data`` keyed by the corpus (fingerprint *and* store folder, so one session's
  upload is never served to another) plus the :class:`FilterState` and scalar options.
* UI: durable filter keys in ``st.session_state`` (``f_*``), seeded once per session from the
  URL and written back to it on every run; widgets (``w_*``) copy into them in ``on_change``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import altair as alt
import pandas as pd
import streamlit as st

from analytics import articles as _articles
from analytics import entities as _entities
from analytics import export as _export
from analytics import keywords as _keywords
from analytics import terms as _terms
from analytics import views
from analytics.build import BuildOptions, build_corpus
from analytics.corpus import CorpusError, LoadResult, load_bytes
from analytics.dataset import BuiltCorpus
from analytics import keyness as _keyness
from analytics import months as _months
from analytics import spikes as _spikes
from analytics import trends as _trends
from analytics.filters import FilterState, parse_stopwords
from analytics.safe_text import md, one_line
from analytics.store import StoreError

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ENV = "NEWS_CORPUS"
DEFAULT_CORPUS = "seeds"
MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: Largest total size the files inside an uploaded zip may unpack to.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
EXPORT_OPTIONS = _export.ExportOptions()
UPLOAD_TYPES = ["zip", "csv", "jsonl", "ndjson"]
#: Sidebar pickers list at most this many entities / articles (others can be typed or set by URL).
MAX_ENTITY_OPTIONS = 300
MAX_ARTICLE_OPTIONS = 2000
TYPES = ("PER", "ORG", "LOC", "MISC")
#: Tables on a page show at most this many rows (downloads have them all).
MAX_TABLE_ROWS = 2000
#: Up to this many selected articles, download files are made with the page; above it, on click.
EAGER_DOWNLOAD_ARTICLES = 200
#: The corpus folder is checked for changed files at most this often (seconds).
SIGNATURE_TTL = 60
#: Upload stores are temporary folders named like this.
UPLOAD_PREFIX = "news-upload-"
#: An upload store no live session of this process holds is swept after this many seconds
#: (left behind by a crashed or killed server).
UPLOAD_MAX_AGE = 6 * 3600
_log = logging.getLogger(__name__)

FILTER_KEYS = {"f_from": None, "f_to": None, "f_query": "", "f_entity": "", "f_ids": (), "f_dups": "keep", "f_stop": ()}


# ---------------------------------------------------------------------------------------------
# Corpus: the shared default build and per-session uploads
# ---------------------------------------------------------------------------------------------


class UploadStore:
    """One upload's temporary store folder, removed by :meth:`remove` or, at the latest, when the
    object is garbage-collected (the session's state is dropped when the session ends) or the
    process exits."""

    def __init__(self) -> None:
        self.path = tempfile.mkdtemp(prefix=UPLOAD_PREFIX)
        live = _live_upload_stores()
        live.add(self.path)
        self._finalizer = weakref.finalize(self, _remove_store, self.path, live)

    def remove(self) -> None:
        self._finalizer()


def _remove_store(path: str, live: set) -> None:
    shutil.rmtree(path, ignore_errors=True)
    live.discard(path)


@st.cache_resource(show_spinner=False)
def _live_upload_stores() -> set:
    """Upload store folders held by this process's sessions (never swept)."""
    return set()


def sweep_upload_stores(root: str | None = None, max_age: float = UPLOAD_MAX_AGE) -> list[str]:
    """Remove ``news-upload-*`` folders in ``root`` (the temp folder) older than ``max_age``
    seconds that no live session holds; return the removed paths."""
    root = root or tempfile.gettempdir()
    live, removed = _live_upload_stores(), []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(UPLOAD_PREFIX) or entry.path in live:
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or time.time() - entry.stat(follow_symlinks=False).st_mtime < max_age:
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(entry.path)
    return removed


@dataclass
class ActiveCorpus:
    corpus: BuiltCorpus
    label: str
    uploaded: bool = False
    notices: list[str] = field(default_factory=list)
    store: UploadStore | None = None


def corpus_source() -> tuple[Path, str]:
    """The default corpus folder or file and how it is named: ``$NEWS_CORPUS`` or ``seeds``."""
    raw = os.environ.get(CORPUS_ENV, "").strip() or DEFAULT_CORPUS
    path = Path(raw).expanduser()
    if not path.is_absolute() and not path.exists():
        path = ROOT / raw
    return path, raw


@st.cache_data(show_spinner=False, ttl=SIGNATURE_TTL)
def _signature(path: Path) -> str:
    """Names, sizes and modification times of the corpus files: a change rebuilds the corpus."""
    h = hashlib.sha1()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in files:
        try:
            s = p.stat()
        except OSError:
            continue
        h.update(f"{p.relative_to(path) if path.is_dir() else p.name}\x1f{s.st_size}\x1f{s.st_mtime_ns}\x1e".encode())
    return h.hexdigest()


@st.cache_resource(show_spinner=False)
def _recogniser_problem() -> str | None:
    """Why the shipped entity recogniser cannot be used (None when it can)."""
    try:
        from analytics.ner import default_recogniser

        default_recogniser()
    except Exception as exc:  # the model is an optional artefact: any failure means "no entities"
        _log.warning("named-entity recogniser unavailable", exc_info=True)
        return type(exc).__name__  # the message may hold server paths: it is in the log only
    return None


def build_options() -> tuple[BuildOptions, list[str]]:
    problem = _recogniser_problem()
    if problem is None:
        return BuildOptions(), []
    return BuildOptions(entities=False), [
        f"Named-entity recognition is unavailable ({problem}; details in the server log); entity figures are empty."
    ]


@st.cache_resource(show_spinner=False)
def _shared_builds() -> tuple[dict, threading.Lock]:
    """Process-wide built default corpora by (path, signature), and the lock that serialises builds."""
    return {}, threading.Lock()


def _progress_callback(bar) -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{stage}: {done:,} of {total:,} articles")

    return report


def default_corpus() -> ActiveCorpus:
    """The default corpus, built on the first visit (with a progress bar) and then shared."""
    path, label = corpus_source()
    key = (str(path.resolve()), _signature(path) if path.exists() else "")
    builds, lock = _shared_builds()
    with lock:
        if key not in builds:
            options, notices = build_options()
            bar = st.progress(0.0, text=f"Building corpus {md(label)} (first visit only)…")
            try:
                corpus = build_corpus(path, options=options, progress=_progress_callback(bar), label=label)
            finally:
                bar.empty()
            builds.clear()  # an edited corpus replaces the old build
            builds[key] = ActiveCorpus(corpus, label, notices=notices)
        return builds[key]


def _drop_upload_store() -> None:
    """Forget this session's upload and remove its store folder."""
    active = st.session_state.pop("upload", None)
    if active is not None and active.store is not None:
        active.store.remove()


def use_default_corpus() -> None:
    st.session_state.pop("upload_error", None)
    _drop_upload_store()


def build_upload(data: bytes, filename: str, progress=None) -> tuple[ActiveCorpus | None, LoadResult | None, str | None]:
    """Load and build an uploaded corpus into this session's temp store.

    Returns ``(corpus, load result, error)``; ``error`` is set when the file is too large or
    nothing could be loaded or built (the load result then lists what was skipped). The
    session's current corpus is not touched: the caller swaps it in on success. A new store
    folder is made for the build and removed again when the build fails.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        return None, None, f"{filename} is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB."
    try:
        result = load_bytes(data, filename, max_bytes=MAX_UNPACKED_BYTES)
    except CorpusError as exc:
        return None, None, str(exc)
    except Exception:  # a loader bug must not show a traceback: log it, name the file
        _log.exception("loading upload %r failed", filename)
        return None, None, f"{filename} could not be read (the error is in the server log)."
    if not result.articles:
        return None, result, f"{filename}: no article could be loaded."
    sweep_upload_stores()
    store = UploadStore()
    options, notices = build_options()
    try:
        corpus = build_corpus(result, store.path, options=options, progress=progress, label=filename)
    except CorpusError as exc:
        store.remove()
        return None, result, str(exc)
    except Exception:
        store.remove()
        _log.exception("building upload %r failed", filename)
        return None, result, f"{filename} could not be built (the error is in the server log)."
    return ActiveCorpus(corpus, filename, uploaded=True, notices=notices, store=store), result, None


def _handle_upload(uploaded) -> None:
    """Build a newly uploaded file once (the same file on later reruns is not rebuilt)."""
    if uploaded is None:
        return
    if st.session_state.get("upload_file_id") == uploaded.file_id:
        return
    st.session_state["upload_file_id"] = uploaded.file_id
    bar = st.progress(0.0, text=f"Building {md(uploaded.name)}…")
    try:
        active, result, error = build_upload(uploaded.getvalue(), uploaded.name, _progress_callback(bar))
    finally:
        bar.empty()
    if error:  # the corpus shown so far (an earlier upload or the default) stays
        skipped = [(s.file, s.reason) for s in result.skipped] if result else []
        st.session_state["upload_error"] = (error, skipped)
        return
    st.session_state.pop("upload_error", None)
    _drop_upload_store()
    st.session_state["upload"] = active
    reset_filters()


def corpus_panel(container) -> ActiveCorpus | None:
    """The sidebar's corpus section (uploader, active corpus); returns the corpus to show."""
    with container:
        st.divider()
        st.subheader("Corpus")
        uploaded = st.file_uploader(
            f"Explore your own corpus (max {MAX_UPLOAD_MB} MB)",
            type=UPLOAD_TYPES,
            key="w_upload",
            help="A .zip of .txt articles in the seed format (first line ` date YYYY-MM`), or a CSV / "
            "JSON Lines file with columns id, date, text (optional title, source). It is processed in "
            "memory and stays private to this browser session.",
        )
        _handle_upload(uploaded)
        error = st.session_state.get("upload_error")
        if error:
            message, skipped = error
            st.error(md(message, 500))
            if skipped:
                st.dataframe(pd.DataFrame(skipped, columns=["file", "reason"]), hide_index=True)
        active: ActiveCorpus | None = st.session_state.get("upload")
        if active is not None:
            st.caption(f"Showing your upload **{md(active.label)}**.")
            st.button("Back to the default corpus", on_click=use_default_corpus, key="w_default_corpus")
            skipped = active.corpus.report.get("skipped", [])
            if skipped:
                st.warning(f"{len(skipped)} file(s) or row(s) of the upload were skipped; see Overview > Data quality.")
            return active
    try:
        active = default_corpus()
    except CorpusError as exc:
        _log.error("default corpus: %s", exc)
        reason = str(exc).replace(str(corpus_source()[0]), corpus_source()[1])  # no server path
        st.error(f"The corpus could not be loaded: {md(reason, 500)}")
    except StoreError as exc:
        _log.error("default corpus store: %s", exc)
        _shared_builds()[0].clear()  # the next visit rebuilds the damaged tables
        st.error("The corpus's stored tables could not be read; reload the page to rebuild them.")
        return None
    container.caption(f"Showing the default corpus **{md(active.label)}** ({CORPUS_ENV} sets another folder).")
    return active


# ---------------------------------------------------------------------------------------------
# Filters: durable session keys <-> widgets <-> URL
# ---------------------------------------------------------------------------------------------


def _seed_filters() -> None:
    ss = st.session_state
    if ss.get("f_seeded"):
        return
    flt, notices = FilterState.from_query_params(st.query_params.to_dict())
    ss["f_from"], ss["f_to"] = flt.month_from, flt.month_to
    ss["f_query"], ss["f_entity"] = flt.query, flt.entity
    ss["f_ids"], ss["f_dups"] = flt.article_ids, flt.duplicates
    ss["f_stop"] = flt.stopwords
    ss["f_notices"] = notices
    ss["f_seeded"] = True


def reset_filters() -> None:
    for key, value in FILTER_KEYS.items():
        st.session_state[key] = value
    st.session_state["f_notices"] = []


def set_filter(**changes) -> None:
    """Change durable filters (e.g. ``set_filter(f_entity="Rusland")``) from a callback."""
    for key, value in changes.items():
        if key not in FILTER_KEYS:
            raise ValueError(f"unknown filter key {key!r}; allowed: {', '.join(FILTER_KEYS)}")
        st.session_state[key] = value
    st.session_state["f_notices"] = []


def _copy(widget_key: str, durable_key: str, convert=lambda v: v) -> Callable[[], None]:
    def callback() -> None:
        st.session_state[durable_key] = convert(st.session_state[widget_key])
        st.session_state["f_notices"] = []

    return callback


def _copy_stopwords() -> None:
    """Typed extra stopwords into the durable key; words that can never be tokens are refused."""
    try:
        st.session_state["f_stop"] = parse_stopwords(st.session_state["w_stop"])
        st.session_state["f_notices"] = []
    except ValueError as exc:
        st.session_state["f_notices"] = [f"Extra stopwords not changed: {exc}"]


def current_filter(months: list[str]) -> tuple[FilterState, list[str]]:
    """The FilterState of the durable keys, and notices about values that had to be adjusted."""
    ss = st.session_state
    notices = []
    month_from, month_to, swapped = views.ordered_bounds(ss["f_from"], ss["f_to"])
    if swapped:
        notices.append(f"The 'from' month was after the 'to' month; showing {month_from} to {month_to}.")
    try:
        flt = FilterState(month_from, month_to, ss["f_query"], ss["f_entity"], tuple(ss["f_ids"]), ss["f_dups"],
                          tuple(ss["f_stop"]))
    except ValueError as exc:
        notices.append(f"Filters reset: {exc}")
        reset_filters()
        flt = FilterState()
    return flt, notices


def sidebar_filters(corpus: BuiltCorpus, container=None) -> FilterState:
    """The filter widgets (identical on every page); returns the active :class:`FilterState`."""
    ss = st.session_state
    months = corpus_months(corpus)
    choices = views.month_choices(months, ss["f_from"], ss["f_to"])
    with container or st.sidebar:
        st.header("Filters")
        if choices:
            ss["w_from"] = ss["f_from"] or choices[0]
            ss["w_to"] = ss["f_to"] or choices[-1]
            c1, c2 = st.columns(2)
            c1.selectbox("From month", choices, key="w_from",
                         on_change=_copy("w_from", "f_from", lambda v: views.month_bound(v, choices, "from")))
            c2.selectbox("To month", choices, key="w_to",
                         on_change=_copy("w_to", "f_to", lambda v: views.month_bound(v, choices, "to")))
        ss["w_query"] = ss["f_query"]
        st.text_input("Text contains", key="w_query", max_chars=200, placeholder="e.g. navo",
                      help="Keeps articles whose cleaned text contains this phrase (case-insensitive, whole words).",
                      on_change=_copy("w_query", "f_query", lambda v: " ".join((v or "").split())))
        entity_options = [""] + [e for e in entity_names(corpus) if e]
        if ss["f_entity"] and ss["f_entity"] not in entity_options:
            entity_options.append(ss["f_entity"])
        ss["w_entity"] = ss["f_entity"]
        st.selectbox("Mentions entity", entity_options, key="w_entity", accept_new_options=True,
                     format_func=lambda e: e or "Any entity",
                     help="Keeps articles that mention this entity (canonical name; pick or type one).",
                     on_change=_copy("w_entity", "f_entity", lambda v: (v or "").strip()))
        ids = article_labels(corpus)
        if len(ids) <= MAX_ARTICLE_OPTIONS:
            options = list(ids) + [i for i in ss["f_ids"] if i not in ids]
            ss["w_ids"] = list(ss["f_ids"])
            st.multiselect("Only these articles", options, key="w_ids", format_func=lambda i: ids.get(i, i),
                           placeholder="All articles",
                           on_change=_copy("w_ids", "f_ids", lambda v: tuple(sorted(set(v)))))
        else:
            ss["w_ids"] = ", ".join(ss["f_ids"])
            st.text_input("Only these article ids", key="w_ids", placeholder="comma-separated ids",
                          on_change=_copy("w_ids", "f_ids", views.parse_ids))
        ss["w_dups"] = ss["f_dups"] == "drop"
        st.checkbox("Drop duplicates", key="w_dups",
                    help="Leaves out every article flagged as an exact or near duplicate of an earlier one.",
                    on_change=_copy("w_dups", "f_dups", lambda v: "drop" if v else "keep"))
        ss["w_stop"] = ", ".join(ss["f_stop"])
        st.text_input("Extra stopwords", key="w_stop", placeholder="e.g. jaar, morgen",
                      help="Words to leave out of every term, keyword and keyness table, download and export "
                           "(comma-separated). They still count as tokens. No rebuild needed.",
                      on_change=_copy_stopwords)
        flt, notices = current_filter(months)
        if not flt.is_default:
            st.button("Reset filters", on_click=reset_filters, key="w_reset")
    for notice in ss.get("f_notices", []) + notices:
        st.warning(md(notice, 300), icon=":material/warning:")
    target = flt.to_query_params()
    if st.query_params.to_dict() != target:
        st.query_params.from_dict(target)
    return flt


# ---------------------------------------------------------------------------------------------
# Page frame
# ---------------------------------------------------------------------------------------------


@dataclass
class PageContext:
    corpus: BuiltCorpus
    flt: FilterState
    label: str
    uploaded: bool


def start_page(title: str, intro: str = "") -> PageContext:
    """Page config, corpus, sidebar filters and the header naming the active filter.

    Stops the page (with a message) when no corpus could be loaded.
    """
    st.set_page_config(page_title=f"{title} · Dutch news analytics", layout="wide")
    _seed_filters()
    filter_box = st.sidebar.container()
    corpus_box = st.sidebar.container()
    st.title(title)
    active = corpus_panel(corpus_box)
    if active is None:
        st.stop()
    for notice in active.notices:
        st.info(md(notice, 500), icon=":material/info:")
    flt = sidebar_filters(active.corpus, filter_box)
    filter_header(flt, active)
    if intro:
        st.caption(intro)
    return PageContext(active.corpus, flt, active.label, active.uploaded)


def filter_header(flt: FilterState, active: ActiveCorpus) -> None:
    st.markdown(
        f"**{md(flt.describe(), 300)}** &nbsp;·&nbsp; corpus *{md(active.label)}*",
        help="The sidebar filters apply to every page; the URL keeps them, so you can share this view.",
    )


def require_articles(ctx: PageContext) -> None:
    """Stop the page with a clear message when the filter selects no article."""
    if summary(ctx.corpus, ctx.flt).articles == 0:
        st.info(
            "No article matches this filter. Widen the months, change the text or entity, or press "
            "**Reset filters** in the sidebar.",
            icon=":material/search_off:",
        )
        st.stop()


# ---------------------------------------------------------------------------------------------
# Cached views (keyed by corpus fingerprint + store folder, FilterState and scalars)
# ---------------------------------------------------------------------------------------------


def _corpus_key(corpus: BuiltCorpus) -> tuple[str, str]:
    return corpus.fingerprint, str(corpus.directory)


HASH = {BuiltCorpus: _corpus_key, FilterState: repr}


def cached(func):
    return st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=512)(func)


@st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=64)
def table(corpus: BuiltCorpus, flt: FilterState, name: str) -> pd.DataFrame:
    """One CLI export table for this filter (the same table serves the page and its download)."""
    return _export.metric_table(corpus, flt, name, EXPORT_OPTIONS)


@st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=16)
def table_csv(corpus: BuiltCorpus, flt: FilterState, name: str) -> bytes:
    return _export.csv_bytes(table(corpus, flt, name))


@st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=4)
def export_zip(corpus: BuiltCorpus, flt: FilterState) -> bytes:
    tables = {name: table(corpus, flt, name) for name in _export.TABLE_NAMES}
    return _export.zip_bytes(corpus, flt, EXPORT_OPTIONS, tables=tables)


def download_data(ctx: "PageContext", make: Callable[[], bytes]) -> bytes | Callable[[], bytes]:
    """Bytes now for a small selection; for a large one a callable, so the (cached) tables are
    only turned into a file when the button is clicked, not on every filter change."""
    return make() if summary(ctx.corpus, ctx.flt).articles <= EAGER_DOWNLOAD_ARTICLES else make


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


@cached
def ranked_entities(corpus: BuiltCorpus, flt: FilterState) -> pd.DataFrame:
    """Every entity of the selection, most mentioned first: one query serves every top-N view."""
    return _entities.top_entities(corpus, flt, n=None)


def top_entities(corpus: BuiltCorpus, flt: FilterState, n: int, types: tuple[str, ...] | None) -> pd.DataFrame:
    return _entities.head_of_types(ranked_entities(corpus, flt), n, types)


# cache_resource: one shared read-only object per corpus, not a copy per rerun (these are large).
@st.cache_resource(show_spinner=False, hash_funcs=HASH, max_entries=8)
def entity_names(corpus: BuiltCorpus) -> list[str]:
    """Canonical entity names of the whole corpus, most mentioned first (for the sidebar picker)."""
    top = _entities.top_entities(corpus, FilterState(), n=MAX_ENTITY_OPTIONS)
    return list(dict.fromkeys(top["entity"]))


@st.cache_resource(show_spinner=False, hash_funcs=HASH, max_entries=8)
def article_labels(corpus: BuiltCorpus) -> dict[str, str]:
    return views.article_choice_labels(_articles.articles_table(corpus, FilterState()))


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


# ---------------------------------------------------------------------------------------------
# Downloads and render helpers
# ---------------------------------------------------------------------------------------------


def download_csv(data, file_name: str, label: str | None = None, *, key: str | None = None) -> None:
    """A CSV download button; a DataFrame is written with the CLI export's exact CSV format."""
    payload = _export.csv_bytes(data) if isinstance(data, pd.DataFrame) else data
    file_name = re.sub(r"[^\w.\-]+", "_", one_line(file_name))[:120]  # may hold an article id
    st.download_button(
        label or f"Download {md(file_name)}", payload, file_name=file_name, mime="text/csv",
        key=key or f"dl_{file_name}", on_click="ignore", icon=":material/download:",
    )


def article_picker(ctx: PageContext, key: str) -> str | None:
    """A picker of the selected articles (the first :data:`MAX_TABLE_ROWS` listed, any other
    selected id can be typed); returns the chosen id, or None when it is not selected."""
    total = summary(ctx.corpus, ctx.flt).articles
    options = articles_page(ctx.corpus, ctx.flt)["id"].tolist()
    current = st.session_state.get(key)
    if current is not None and current not in options:
        if selected_article(ctx.corpus, ctx.flt, current).empty:
            st.session_state.pop(key, None)  # the filter changed and left it out: start from the first
        else:
            options.append(current)  # an id typed in earlier stays choosable
    labels = article_labels(ctx.corpus)
    chosen = st.selectbox("Article", options, format_func=lambda i: labels.get(i, i), key=key,
                          accept_new_options=total > MAX_TABLE_ROWS)
    if total > MAX_TABLE_ROWS:
        st.caption(f"The list holds the first {MAX_TABLE_ROWS:,} of {total:,} articles; type an id, or narrow the filters.")
    if chosen is None or selected_article(ctx.corpus, ctx.flt, chosen).empty:
        empty(f"No selected article has the id {md(repr(chosen))}.")
        return None
    return chosen


def csv_of(df: pd.DataFrame) -> bytes:
    """A DataFrame as CSV bytes in the export's format."""
    return _export.csv_bytes(df)


def download_table(ctx: PageContext, name: str, label: str | None = None) -> None:
    """Download one CLI export table (``articles``, ``terms_by_month``, ...) as ``<name>.csv``."""
    download_csv(download_data(ctx, lambda: table_csv(ctx.corpus, ctx.flt, name)), f"{name}.csv", label)


def show_table(df: pd.DataFrame, *, height: int | None = None, column_config: dict | None = None,
               max_rows: int = MAX_TABLE_ROWS, total: int | None = None) -> None:
    """A table; past ``max_rows`` rows only the first ones are sent to the browser (the download
    next to it has them all), so a large corpus does not stall the page. ``total``: the full
    table's row count when ``df`` is already only its first rows."""
    kwargs = {"height": height} if height else {}
    shown = df.head(max_rows)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config, **kwargs)
    total = len(df) if total is None else total
    if total > len(shown):
        st.caption(f"Showing the first {len(shown):,} of {total:,} rows; the CSV download has them all.")


def empty(message: str) -> None:
    """An information box; ``message`` is Markdown: pass untrusted parts through :func:`md`."""
    st.info(message, icon=":material/info:")


def chart(c: alt.Chart, key: str | None = None) -> None:
    st.altair_chart(c.configure_axis(labelFontSize=12, titleFontSize=13).configure_title(fontSize=15, anchor="start"),
                    width="stretch", key=key)


def bar_chart(df: pd.DataFrame, category: str, value: str, title: str, *, value_title: str, category_title: str,
              tooltip: list, color: str | None = None, horizontal: bool = True, height: int | None = None) -> alt.Chart:
    axis = alt.Axis(format=",d", tickMinStep=1)
    enc_value = alt.X(f"{value}:Q", title=value_title, axis=axis) if horizontal else alt.Y(f"{value}:Q", title=value_title, axis=axis)
    if horizontal:
        enc_cat = alt.Y(f"{category}:N", title=category_title, sort=alt.EncodingSortField(value, order="descending"),
                        axis=alt.Axis(labelLimit=260))
        base = alt.Chart(df, title=title).mark_bar().encode(x=enc_value, y=enc_cat, tooltip=tooltip)
    else:
        base = alt.Chart(df, title=title).mark_bar().encode(
            x=alt.X(f"{category}:O", title=category_title, axis=alt.Axis(labelAngle=0)), y=enc_value, tooltip=tooltip
        )
    legend_room = 70 if color is not None else 0
    if color is not None:
        base = base.encode(color=color)
    return base.properties(height=(height or max(180, 26 * len(df) + 90 + legend_room)) if horizontal else (height or 280))


def term_bar_chart(df: pd.DataFrame, title: str, *, category_title: str = "Term") -> alt.Chart:
    """Bars of a :func:`analytics.terms.top_terms` table, with its exact figures as tooltips."""
    return bar_chart(
        df, "term", "count", title, value_title="Occurrences", category_title=category_title,
        tooltip=[alt.Tooltip("term:N", title=category_title), alt.Tooltip("count:Q", title="Occurrences", format=","),
                 alt.Tooltip("per_10k:Q", title="Per 10,000 tokens", format=".1f"),
                 alt.Tooltip("articles:Q", title="Articles", format=",")],
    )


def trend_chart(df: pd.DataFrame, field: str, title: str, *, series: str, series_title: str, tooltip: list) -> alt.Chart:
    """One line per ``series`` over months, points marked, exact values in the tooltip."""
    return (
        alt.Chart(df, title=f"{title} per month")
        .mark_line(point=alt.OverlayMarkDef(size=60))
        .encode(
            x=alt.X("month:O", title="Month", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{field}:Q", title=title),
            color=alt.Color(f"{series}:N", title=series_title, scale=alt.Scale(scheme="tableau10"),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip(f"{series}:N", title=series_title), *tooltip],
        )
        .properties(height=300)
    )


def entity_type_color(legend: bool = True) -> alt.Color:
    return alt.Color(
        "type:N", title="Type",
        scale=alt.Scale(domain=list(views.ENTITY_COLOURS), range=["#d55e00", "#0072b2", "#009e73", "#cc79a7"]),
        legend=alt.Legend(orient="bottom") if legend else None,
    )
