"""The default corpus's change check: a signature of its files, refreshed in the background so no
rerun waits for a folder of 100,000 files to be listed."""

from __future__ import annotations

import os
import time

from pages.ui.corpus import SignatureWatch, corpus_signature


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_signature_follows_names_sizes_and_times(tmp_path):
    write(tmp_path, "001_a.txt", " date 2024-01 a")
    first = corpus_signature(tmp_path)
    assert corpus_signature(tmp_path) == first
    write(tmp_path, "002_b.txt", " date 2024-01 b")
    second = corpus_signature(tmp_path)
    assert second != first
    os.utime(tmp_path / "001_a.txt", ns=(1, 1))
    assert corpus_signature(tmp_path) != second
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "003_c.txt", "x")
    assert corpus_signature(tmp_path) != second
    assert corpus_signature(tmp_path / "001_a.txt") != corpus_signature(tmp_path / "002_b.txt")


def test_watch_answers_at_once_and_refreshes_in_the_background(tmp_path):
    write(tmp_path, "001_a.txt", " date 2024-01 a")
    watch = SignatureWatch(tmp_path, ttl=0.0)
    before = watch.current()
    assert before == corpus_signature(tmp_path)
    write(tmp_path, "002_b.txt", " date 2024-01 b")
    after = corpus_signature(tmp_path)
    deadline = time.monotonic() + 30
    seen = watch.current()  # the old value until the background check has run
    assert seen in (before, after)
    while seen != after and time.monotonic() < deadline:
        time.sleep(0.05)
        seen = watch.current()
    assert seen == after


def test_watch_does_not_check_again_within_its_ttl(tmp_path):
    write(tmp_path, "001_a.txt", "a")
    watch = SignatureWatch(tmp_path, ttl=3600)
    before = watch.current()
    write(tmp_path, "002_b.txt", "b")
    time.sleep(0.2)
    assert watch.current() == before
