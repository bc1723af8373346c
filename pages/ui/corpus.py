"""The default corpus: found (``$NEWS_CORPUS`` or ``seeds/``), built once per process with a
progress bar, and shared by every session through ``st.cache_resource``, keyed by its path and a
signature of its files (names, sizes, modification times)."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
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


def progress_callback(bar) -> Callable[[str, int, int], None]:
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
                corpus = build_corpus(path, options=options, progress=progress_callback(bar), label=label)
            finally:
                bar.empty()
            builds.clear()  # an edited corpus replaces the old build
            builds[key] = ActiveCorpus(corpus, label, notices=notices)
        return builds[key]

