"""Uploads: a failed upload keeps the corpus shown so far; upload store folders never stay behind."""

from __future__ import annotations

import gc
import os
import tempfile
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TIMEOUT = 60
GOOD_CSV = b"id,date,text\na1,2023-03,De kat zit op de mat.\na2,2023-04,Een hond blaft.\n"
OTHER_CSV = b"id,date,text\nb1,2023-05,Een vis zwemt.\n"


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """Upload stores go to a temp folder of this test only."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def stores(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.name.startswith("news-upload-"))


def articles(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Articles"]


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="w_upload").upload(name, data, "text/csv")
    return at.run()


def test_failed_upload_after_a_good_one_keeps_the_good_corpus(temp_root):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    upload(at, "goed.csv", GOOD_CSV)
    assert not at.exception and articles(at) == "2"
    [good_store] = stores(temp_root)
    upload(at, "kapot.csv", b"id,date,text\nx,not-a-date,tekst\n")
    assert not at.exception
    assert any("no article could be loaded" in e.value for e in at.error)
    assert articles(at) == "2" and stores(temp_root) == [good_store]
    for page in ("pages/1_Terms.py", "pages/4_Articles.py", "dashboard.py"):
        at.switch_page(page).run()
        assert not at.exception, page


def test_upload_whose_build_crashes_keeps_the_good_corpus_and_leaves_no_store(temp_root, monkeypatch):
    import pages
    import pages.ui.uploads

    real_build = pages.ui.uploads.build_corpus

    def build(source, store, **kwargs):
        if kwargs.get("label") == "boom.csv":
            raise RuntimeError("/srv/secret/path exploded")
        return real_build(source, store, **kwargs)

    monkeypatch.setattr(pages.ui.uploads, "build_corpus", build)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    upload(at, "goed.csv", GOOD_CSV)
    [good_store] = stores(temp_root)
    upload(at, "boom.csv", OTHER_CSV)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("boom\\.csv could not be built" in e for e in errors), errors
    assert not any("secret" in e for e in errors)  # the error itself goes to the server log
    assert articles(at) == "2" and stores(temp_root) == [good_store]
    at.switch_page("pages/4_Articles.py").run()
    assert not at.exception


def test_a_new_upload_and_back_to_default_remove_the_old_store(temp_root):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    upload(at, "goed.csv", GOOD_CSV)
    [first] = stores(temp_root)
    upload(at, "ander.csv", OTHER_CSV)
    assert articles(at) == "1"
    [second] = stores(temp_root)
    assert second != first and not first.exists()
    at.button(key="w_default_corpus").click().run()
    assert not at.exception and articles(at) == "2"  # seeds
    assert stores(temp_root) == []


def test_store_is_removed_when_the_session_state_goes(temp_root):
    import pages
    import pages.ui.uploads

    store = pages.UploadStore()
    path = Path(store.path)
    assert path.is_dir() and path.parent == temp_root
    del store
    gc.collect()
    assert not path.exists()


def test_sweep_removes_old_orphans_only(temp_root):
    import pages
    import pages.ui.uploads

    orphan, fresh = temp_root / "news-upload-orphan", temp_root / "news-upload-fresh"
    other = temp_root / "something-else"
    for folder in (orphan, fresh, other):
        folder.mkdir()
    old = time.time() - pages.UPLOAD_MAX_AGE - 60
    os.utime(orphan, (old, old))
    os.utime(other, (old, old))
    held = pages.UploadStore()
    os.utime(held.path, (old, old))  # old, but a live session holds it
    assert pages.sweep_upload_stores() == [str(orphan)]
    assert fresh.exists() and other.exists() and Path(held.path).exists()
    held.remove()
