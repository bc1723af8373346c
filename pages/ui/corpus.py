"""The default corpus: found (``$NEWS_CORPUS`` or ``seeds/``), built once per process with a
progress bar, and shared by every session through ``st.cache_resource``, keyed by its path and a
signature of its files (names, sizes, modification times)."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import streamlit as st

from analytics.build import BuildOptions, build_corpus
from analytics.dataset import BuiltCorpus
from analytics.safe_text import md

if TYPE_CHECKING:
    from .uploads import UploadStore

ROOT = Path(__file__).resolve().parents[2]
CORPUS_ENV = "NEWS_CORPUS"
DEFAULT_CORPUS = "seeds"
#: The corpus folder is checked for changed files at most this often (seconds).
SIGNATURE_TTL = 60
_log = logging.getLogger(__name__)


@dataclass
class ActiveCorpus:
    corpus: BuiltCorpus
    label: str
    uploaded: bool = False
    notices: list[str] = field(default_factory=list)
    store: "UploadStore | None" = None


def corpus_source() -> tuple[Path, str]:
    """The default corpus folder or file and how it is named: ``$NEWS_CORPUS`` or ``seeds``."""
    raw = os.environ.get(CORPUS_ENV, "").strip() or DEFAULT_CORPUS
    path = Path(raw).expanduser()
    if not path.is_absolute() and not path.exists():
        path = ROOT / raw
    return path, raw


def corpus_signature(path: Path) -> str:
    """Names, sizes and modification times of the corpus files: a change rebuilds the corpus."""
    h = hashlib.sha1()
    if path.is_dir():
        files = sorted(os.path.relpath(os.path.join(d, f), path) for d, _, names in os.walk(path) for f in names)
    else:
        files = [path.name]
    base = path if path.is_dir() else path.parent
    for rel in files:
        try:
            s = os.stat(os.path.join(base, rel))
        except OSError:
            continue
        h.update(f"{rel}\x1f{s.st_size}\x1f{s.st_mtime_ns}\x1e".encode())
    return h.hexdigest()


class SignatureWatch:
    """The signature of one corpus path, checked again at most every :data:`SIGNATURE_TTL` seconds
    in a background thread: at 100,000 files the check takes seconds, which no rerun should wait
    for. The first :meth:`current` computes it in the caller (the first visit builds anyway)."""

    def __init__(self, path: Path, ttl: float = SIGNATURE_TTL):
        self.path, self.ttl = path, ttl
        self._value = corpus_signature(path) if path.exists() else ""
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        self._refreshing = False

    def current(self) -> str:
        """The last signature found; starts a background check when it is older than the TTL."""
        with self._lock:
            if not self._refreshing and time.monotonic() - self._checked > self.ttl:
                self._refreshing = True
                threading.Thread(target=self._refresh, name="corpus-signature", daemon=True).start()
        return self._value

    def _refresh(self) -> None:
        try:
            self._value = corpus_signature(self.path) if self.path.exists() else ""
        except OSError:
            _log.warning("checking the corpus folder failed", exc_info=True)
        finally:
            with self._lock:
                self._checked, self._refreshing = time.monotonic(), False


@st.cache_resource(show_spinner=False)
def _signature_watch(path: str) -> SignatureWatch:
    return SignatureWatch(Path(path))


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


def progress_callback(bar) -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{stage}: {done:,} of {total:,} articles")

    return report


def default_corpus() -> ActiveCorpus:
    """The default corpus, built on the first visit (with a progress bar) and then shared."""
    path, label = corpus_source()
    key = (str(path.resolve()), _signature_watch(str(path.resolve())).current())
    builds, lock = _shared_builds()
    with lock:
        if key not in builds:
            options, notices = build_options()
            bar = st.progress(0.0, text=f"Building corpus {md(label)} (first visit only)…")
            try:
                corpus = build_corpus(path, options=options, progress=progress_callback(bar), label=label)
            finally:
                bar.empty()
            builds.clear()  # an edited corpus replaces the old build
            builds[key] = ActiveCorpus(corpus, label, notices=notices)
        return builds[key]

