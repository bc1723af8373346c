"""Tests for the deterministic benchmark corpus generator (bench/generate.py)."""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("wordfreq")

from bench.generate import GenerateSummary, generate_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NAME_RE = re.compile(r"^\d{3,}_[0-9a-f]{16}\.txt$")
HEADER_RE = re.compile(r"^ date (\d{4})-(\d{2}) ")


def _read(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def _body(text: str) -> str:
    m = HEADER_RE.match(text)
    assert m, text[:40]
    return text[m.end():]


@pytest.fixture(scope="module")
def corpus200(tmp_path_factory) -> tuple[GenerateSummary, dict[str, str]]:
    out = tmp_path_factory.mktemp("c200")
    summary = generate_corpus(200, out, seed=7)
    return summary, _read(out)


def test_same_seed_identical_different_seed_differs(tmp_path):
    a = _read_after(generate_corpus, 50, tmp_path / "a", 1)
    b = _read_after(generate_corpus, 50, tmp_path / "b", 1)
    c = _read_after(generate_corpus, 50, tmp_path / "c", 2)
    assert len(a) == 50
    assert a == b
    assert set(a.values()).isdisjoint(c.values())
    assert a.keys() != c.keys()


def _read_after(fn, n, out, seed):
    fn(n, out, seed=seed)
    return _read(out)


def test_file_names_headers_and_lengths(corpus200):
    summary, files = corpus200
    assert summary.articles == len(files) == 200
    counts = []
    for name, text in files.items():
        assert NAME_RE.match(name), name
        m = HEADER_RE.match(text)
        assert m, name
        year, month = int(m.group(1)), int(m.group(2))
        assert 2018 <= year <= 2024 and 1 <= month <= 12
        assert not text.endswith("\n")
        counts.append(len(_body(text).split()))
    assert all(250 <= c <= 600 for c in counts), (min(counts), max(counts))
    assert 350 <= sum(counts) / len(counts) <= 450
    assert summary.tokens == sum(counts)
    assert summary.months == len({HEADER_RE.match(t).group(0) for t in files.values()}) > 12
    # indices are 0..n-1 with a fixed width
    assert sorted(int(n.split("_")[0]) for n in files) == list(range(200))
    assert {len(n.split("_")[0]) for n in files} == {3}


def test_sentences_and_paragraphs(corpus200):
    _, files = corpus200
    body = _body(next(iter(files.values())))
    paras = body.split("\n\n")
    assert 3 <= len(paras) <= 10
    sentences = re.findall(r"[^.]+\.", paras[0])
    assert sentences and all(s.strip()[0].isupper() for s in sentences)
    assert all(8 <= len(s.split()) <= 25 for s in sentences)


def test_duplicates_entities_and_quirks(corpus200):
    summary, files = corpus200
    bodies = collections.Counter(_body(t) for t in files.values())
    assert any(c >= 2 for c in bodies.values()), "no exact duplicate pair"
    assert summary.duplicates >= 1
    texts = list(files.values())
    # recurring entity names across articles
    for name in ("Brussel", "NAVO", "Nederland"):
        assert sum(name in t for t in texts) >= 5, name
    persons = collections.Counter(
        m for t in texts for m in set(re.findall(r"\b[A-Z][a-z]+ (?:(?:de|van|den|der) )*[A-Z][a-z]+\b", t)))
    assert persons.most_common(1)[0][1] >= 5
    assert sum("Lees ook: " in t for t in texts) >= 5
    assert sum(bool(re.search(r"[a-zë]\.[A-Z]", t)) for t in texts) >= 3  # glued sentences


def test_existing_corpus_is_not_overwritten(tmp_path):
    generate_corpus(3, tmp_path, seed=0)
    with pytest.raises(FileExistsError):
        generate_corpus(3, tmp_path, seed=0)
    (tmp_path / "keep.md").write_text("x")
    generate_corpus(2, tmp_path, seed=0, clean=True)
    assert len(list(tmp_path.glob("*.txt"))) == 2 and (tmp_path / "keep.md").exists()


def test_cli_generate(tmp_path):
    out = tmp_path / "tmp"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "generate", "--articles", "20", "--out", str(out), "--seed", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"generated 20 articles, \d+ tokens, \d+ months, \d+ duplicates", proc.stdout)
    assert len(proc.stdout.strip().splitlines()) == 1
    assert len(list(out.glob("*.txt"))) == 20


def test_quotes_option_quotes_people_deterministically(tmp_path):
    from analytics.quotes import extract_quotes

    plain = _read_after(generate_corpus, 100, tmp_path / "plain", 3)
    quoted = _read(tmp_path / "q") if generate_corpus(100, tmp_path / "q", seed=3, quotes=0.5) else None
    again = _read_after(lambda n, out, seed: generate_corpus(n, out, seed=seed, quotes=0.5), 100, tmp_path / "q2", 3)
    assert quoted == again
    changed = [a for a, b in zip(plain.values(), quoted.values()) if a != b]
    assert 30 <= len(changed) <= 70  # about half the articles (duplicates copy their source)
    found = sum(len(extract_quotes(_body(t))) for t in quoted.values())
    assert found >= len(changed)
    assert sum(len(extract_quotes(_body(t))) for t in plain.values()) == 0
    with pytest.raises(ValueError, match="quotes"):
        generate_corpus(1, tmp_path / "bad", quotes=1.5)
