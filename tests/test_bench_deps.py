"""The benchmark's third-party imports are installed by the ``bench`` extra (what ``run.py bench`` installs)."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: import name -> distribution name, where they differ
DISTRIBUTIONS = {"sklearn": "scikit-learn", "crfsuite": "python-crfsuite", "pycrfsuite": "python-crfsuite"}
FIRST_PARTY = {"analytics", "bench", "pages", "tests"}


def _requirement_names(reqs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower() for r in reqs}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_bench_imports_are_core_or_bench_extra():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    available = _requirement_names(project["dependencies"]) | _requirement_names(
        project["optional-dependencies"]["bench"])
    assert {"wordfreq", "playwright", "psutil"} <= available
    missing = {}
    for path in sorted((ROOT / "bench").glob("*.py")):
        for name in _imports(path) - FIRST_PARTY - set(sys.stdlib_module_names):
            if DISTRIBUTIONS.get(name, name).lower() not in available:
                missing.setdefault(name, []).append(path.name)
    assert not missing, f"imported by bench/ but neither core nor in the bench extra: {missing}"


def test_run_py_bench_installs_the_bench_extra_then_runs_python_m_bench(monkeypatch):
    import run

    calls = []
    monkeypatch.setattr(run, "ensure_venv", lambda extras: calls.append(("venv", extras)))
    monkeypatch.setattr(run, "ensure_chromium", lambda: calls.append(("chromium",)))
    monkeypatch.setattr(run.subprocess, "call", lambda cmd, cwd: calls.append(("call", cmd[1:], cwd)) or 0)
    assert run.main(["bench", "generate", "--articles", "5", "--out", "x"]) == 0
    assert calls == [("venv", "bench"), ("chromium",),
                     ("call", ["-m", "bench", "generate", "--articles", "5", "--out", "x"], run.ROOT)]
