"""Hostile cells in CSV exports: no line of any exported file may start a row or a formula it
should not. The corpus is generated here, with control characters and formula starts in ids,
titles, sources and texts (so in terms, entities and keyword-in-context lines too)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pytest

from analytics.build import BuildOptions, build_corpus
from analytics.corpus import load_bytes
from analytics.export import TABLE_NAMES, csv_bytes, neutralise_cell, write_export, zip_bytes
from analytics.filters import FilterState

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    "cr\r=1+2", "lf\n=1+2", "crlf\r\n@SUM(A1)", "vt\x0b=1", "ff\x0c=1", "nel\x85=1", "ls\u2028=1",
    "ps\u2029=1", "fs\x1c=1", "nul\x00=1", "=HYPERLINK(\"https://evil.example\")", " =1+2", "\t=1", "+1", "-1", "@x",
]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def _safe_cell(cell: str) -> bool:
    """Not a formula start, unless it is a plain number (``-3`` is a number, not a formula)."""
    return _is_number(cell) or not cell.lstrip(" ").startswith(FORMULA_STARTS)


def _safe_line(line: str) -> bool:
    """No physical line of a CSV starts with a formula (a naive line reader's view)."""
    return _safe_cell(line.split(",", 1)[0])


def _check_csv(data: bytes, where: str) -> list[list[str]]:
    text = data.decode("utf-8")
    for n, line in enumerate(text.splitlines(), start=1):
        assert _safe_line(line), f"{where} line {n}: {line[:60]!r}"
    rows = list(csv.reader(io.StringIO(text)))
    width = len(rows[0])
    for n, row in enumerate(rows[1:], start=2):
        assert len(row) == width, f"{where} row {n} has {len(row)} cells, header {width}"
        for cell in row:
            assert _safe_cell(cell), f"{where} row {n}: {cell[:60]!r}"
            assert not any(ch in cell for ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00"), f"{where} row {n}: {cell!r}"
    # as many records as physical lines: no cell spans lines
    assert len(rows) == len(text.splitlines()), where
    return rows


@pytest.mark.parametrize("value", HOSTILE)
def test_every_hostile_cell_is_one_line_and_formula_free(value):
    df = pd.DataFrame({"id": [value], "title": [value], "n": [-3], "cat": pd.Categorical([value])})
    rows = _check_csv(csv_bytes(df), repr(value))
    assert rows[1][0].startswith("'") or not rows[1][0].lstrip(" ")[:1] in "=+-@"
    assert rows[1][2] == "-3"  # numbers stay numbers


def test_neutralise_cell_rule():
    assert neutralise_cell("cr\r=1+2") == "cr =1+2"
    assert neutralise_cell("\r=1+2") == "' =1+2"
    assert neutralise_cell("\n@x") == "' @x"
    assert neutralise_cell("  -x") == "'  -x"
    assert neutralise_cell("a,b\"c") == "a,b\"c"
    assert neutralise_cell(7) == 7


@pytest.fixture(scope="module")
def hostile_built(tmp_path_factory):
    lines = []
    for i, value in enumerate(HOSTILE):
        lines.append(json.dumps({
            "id": f"{value}{i}", "date": "2024-01", "title": value, "source": value,
            "text": f"{value} De kat {value} zit op de mat. Rusland zegt {value} niets.",
        }))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    load = load_bytes(data, "hostile.jsonl")
    assert len(load.articles) == len(HOSTILE), load.skipped
    store = tmp_path_factory.mktemp("store")
    return build_corpus(load, store, options=BuildOptions(entities=False), label="hostile.jsonl")


def test_every_exported_file_is_safe(hostile_built, tmp_path):
    manifest = write_export(hostile_built, tmp_path / "out")
    for name in TABLE_NAMES:
        rows = _check_csv((tmp_path / "out" / f"{name}.csv").read_bytes(), name)
        assert len(rows) - 1 == manifest["files"][f"{name}.csv"]
    articles = list(csv.DictReader(io.StringIO((tmp_path / "out" / "articles.csv").read_text("utf-8"))))
    assert len(articles) == len(HOSTILE)
    assert {"cr =1+20", "'=HYPERLINK(\"https://evil.example\")10"} <= {a["id"] for a in articles}


def test_dashboard_zip_is_safe(hostile_built):
    with zipfile.ZipFile(io.BytesIO(zip_bytes(hostile_built, FilterState()))) as archive:
        names = [n for n in archive.namelist() if n.endswith(".csv")]
        assert len(names) == len(TABLE_NAMES)
        for name in names:
            _check_csv(archive.read(name), name)
