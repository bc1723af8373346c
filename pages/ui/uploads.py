"""Per-session uploads: an uploaded corpus is built into a ``news-upload-*`` temporary store kept
in that session's ``st.session_state`` only; the store is removed when the upload is replaced or
dropped and when the session ends (see :class:`UploadStore`). Also the sidebar's corpus panel."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import weakref

import pandas as pd
import streamlit as st

from analytics.build import build_corpus
from analytics.corpus import CorpusError, LoadResult, load_bytes
from analytics.safe_text import md
from analytics.store import StoreError

from .filter_bar import FILTER_KEYS, reset_filters
from .corpus import CORPUS_ENV, ActiveCorpus, _shared_builds, build_options, corpus_source, default_corpus, progress_callback

MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: Largest total size the files inside an uploaded zip may unpack to.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
UPLOAD_TYPES = ["zip", "csv", "jsonl", "ndjson"]
#: Upload stores are temporary folders named like this.
UPLOAD_PREFIX = "news-upload-"
#: An upload store no live session of this process holds is swept after this many seconds
#: (left behind by a crashed or killed server).
UPLOAD_MAX_AGE = 6 * 3600
_log = logging.getLogger(__name__)


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


def _drop_upload_store() -> None:
    """Forget this session's upload and remove its store folder."""
    active = st.session_state.pop("upload", None)
    if active is not None and active.store is not None:
        active.store.remove()


def forget_page_state() -> None:
    """Drop the pages' own widget values (article picks, trend picks, ...): they name articles and
    entities of the corpus that was shown. Filters (``f_*``), sidebar widgets (``w_*``) and the
    upload's own state stay."""
    for key in list(st.session_state):
        if not str(key).startswith(("f_", "w_", "upload")):
            del st.session_state[key]


def uploader_key() -> str:
    """The uploader's widget key: a new one after "Back to the default corpus", so the dropped
    file is no longer listed in it."""
    n = st.session_state.get("upload_nonce", 0)
    return "w_upload" if n == 0 else f"w_upload_{n}"


def use_default_corpus() -> None:
    st.session_state.pop("upload_error", None)
    _drop_upload_store()
    st.session_state["upload_nonce"] = st.session_state.get("upload_nonce", 0) + 1
    st.session_state.pop("upload_file_id", None)
    forget_page_state()
    _reset_filters_with_notice("the default corpus")


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
        active, result, error = build_upload(uploaded.getvalue(), uploaded.name, progress_callback(bar))
    finally:
        bar.empty()
    if error:  # the corpus shown so far (an earlier upload or the default) stays
        skipped = [(s.file, s.reason) for s in result.skipped] if result else []
        st.session_state["upload_error"] = (error, skipped)
        return
    st.session_state.pop("upload_error", None)
    _drop_upload_store()
    st.session_state["upload"] = active
    forget_page_state()
    _reset_filters_with_notice(uploaded.name)


def _reset_filters_with_notice(label: str) -> None:
    had_filters = any(st.session_state.get(k) != v for k, v in FILTER_KEYS.items())
    reset_filters()
    if had_filters:
        st.session_state["f_notices"] = [
            f"Filters were reset for {label}: months, entities and articles of the previous corpus may not exist in it."
        ]


def corpus_panel(container) -> ActiveCorpus | None:
    """The sidebar's corpus section (uploader, active corpus); returns the corpus to show."""
    with container:
        st.divider()
        st.subheader("Corpus")
        uploaded = st.file_uploader(
            f"Explore your own corpus (max {MAX_UPLOAD_MB} MB)",
            type=UPLOAD_TYPES,
            key=uploader_key(),
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

