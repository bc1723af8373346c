"""Fixtures for the dashboard tests (AppTest and browser).

* every test gets its own ``ANALYTICS_STORE`` and empty Streamlit caches;
* while the shipped NER model is not built, a dictionary recogniser over names in ``seeds/``
  stands in for it, in the app (patched here) and in the CLI run used for comparisons;
* download buttons' bytes are recorded so a test can compare them with the CLI export.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_NAMES = {
    "Rusland": "LOC", "Oekraïne": "LOC", "Washington": "LOC", "Genève": "LOC", "Moskou": "LOC",
    "Peskov": "PER", "Dmitri Peskov": "PER", "Buitenlandse Zaken": "ORG", "NAVO": "ORG", "Navo": "ORG",
}
_PATCH = (
    "import analytics.ner as n; from tests.tiny import DictRecogniser; "
    f"r = DictRecogniser({SEED_NAMES!r}, version='dict-seeds-1'); n.default_recogniser = lambda: r; "
)


def real_model_available() -> bool:
    try:
        from analytics.ner import default_recogniser

        default_recogniser()
        return True
    except Exception:
        return False


REAL_MODEL = real_model_available()


@pytest.fixture(autouse=True)
def app_env(tmp_path, monkeypatch):
    """A fresh store and fresh Streamlit caches; the stand-in recogniser when the model is missing."""
    import streamlit as st

    monkeypatch.setenv("ANALYTICS_STORE", str(tmp_path / "store"))
    monkeypatch.delenv("NEWS_CORPUS", raising=False)
    if not REAL_MODEL:
        import analytics.ner
        from tests.tiny import DictRecogniser

        rec = DictRecogniser(SEED_NAMES, version="dict-seeds-1")
        monkeypatch.setattr(analytics.ner, "default_recogniser", lambda: rec)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def downloads(monkeypatch):
    """file id -> bytes of every download button rendered; read one with ``downloads.of(button)``."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    store: dict[str, bytes] = {}
    names: dict[str, str | None] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        store[file_id] = path_or_data if isinstance(path_or_data, bytes) else Path(path_or_data).read_bytes()
        names[file_id] = filename
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)

    def file_id(button) -> str:
        url = button.proto.url
        assert url, f"download button {button.label!r} has no data"
        return url.rsplit("/", 1)[-1].split(".", 1)[0]

    class View:
        def of(self, button) -> bytes:
            return store[file_id(button)]

        def name_of(self, button) -> str | None:
            return names[file_id(button)]

    return View()


def cli_export(out: Path, *args: str) -> Path:
    """Run ``python -m analytics export seeds --out OUT --store STORE [args]`` like a user would.

    Without the shipped model, the same dictionary recogniser as the app is patched in before the
    CLI's ``main`` runs.
    """
    argv = ["export", "seeds", "--out", str(out), "--store", str(out.parent / (out.name + "-store")), *args]
    if REAL_MODEL:
        cmd = [sys.executable, "-m", "analytics", *argv]
    else:
        cmd = [sys.executable, "-c", _PATCH + f"import sys; from analytics.cli import main; sys.exit(main({argv!r}))"]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out


def open_page(page: str, timeout: float = 90, **params) -> "AppTest":
    """The dashboard with URL ``params``, then switched to ``page`` (sidebar filters seeded as on a visit)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


#: Each page's section tabs (``ui.sections``): only the open one runs, chosen by this session-state key.
SECTION_KEYS = {"pages/2_Keywords.py": "kw_view", "pages/3_Entities.py": "ent_section"}


def open_section(at: "AppTest", page: str, label: str) -> "AppTest":
    """Open the section tab ``label`` of ``page`` (as a click on the tab would) and rerun."""
    at.session_state[SECTION_KEYS[page]] = label
    return at.run()


def section_labels(at: "AppTest") -> list[str]:
    return [t.label for t in at.tabs]


def require_browser(chromium: str) -> None:
    """Skip (fail under CI) unless Debian's Chromium and the playwright package are here."""
    import shutil

    missing = []
    if not (Path(chromium).exists() or shutil.which(chromium)):
        missing.append(f"Chromium not found at {chromium} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package is not installed")
    if missing:
        if os.environ.get("CI"):
            pytest.fail("; ".join(missing))
        pytest.skip("; ".join(missing))


#: Test modules by kind: ``pytest -m lib`` runs the fast library tests only, ``-m app`` the
#: Streamlit AppTests (every ``test_app_*`` module and these), ``-m browser`` the real-browser
#: tests; ``python3 run.py test`` runs all.
APP_MODULES = {"test_hostile_app", "test_hostile_upload"}
BROWSER_MODULES = {"test_browser", "test_bench_browser", "test_hostile_browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        app = module.startswith("test_app_") or module in APP_MODULES
        kind = "browser" if module in BROWSER_MODULES else "app" if app else "lib"
        item.add_marker(getattr(pytest.mark, kind))
