"""Every chart the pages draw is a valid Vega-Lite spec whose named data arrive as Arrow tables.

The pages send specs without Altair's per-rerun schema validation (``pages/ui/charts.py``), so
this test is where the schema check happens: each spec of every page (every section tab opened in turn) is validated
against the Vega-Lite JSON schema that Altair ships.
"""

from __future__ import annotations

import json

import altair as alt
import jsonschema
import pyarrow as pa
import pytest

from tests.conftest import SECTION_KEYS, open_page, open_section, section_labels

#: Every page that draws a chart (Articles draws none).
PAGES = ["dashboard.py", "pages/1_Terms.py", "pages/2_Keywords.py", "pages/3_Entities.py",
         "pages/5_Quotes.py"]


def chart_runs(page: str) -> list[list]:
    """The charts of each run of ``page``: one run, or one per section tab (only the open one draws)."""
    at = open_page(page) if page != "dashboard.py" else open_page("pages/1_Terms.py").switch_page("dashboard.py").run()
    assert not at.exception
    runs = [list(at.get("vega_lite_chart"))]
    if page in SECTION_KEYS:
        for label in section_labels(at):
            open_section(at, page, label)
            assert not at.exception
            runs.append(list(at.get("vega_lite_chart")))
    return runs


def used_datasets(spec: dict) -> set[str]:
    """Names of the datasets the spec's marks read (top level and layers)."""
    names = set()
    for part in [spec, *spec.get("layer", [])]:
        if isinstance(part.get("data"), dict) and "name" in part["data"]:
            names.add(part["data"]["name"])
    return names


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_is_valid_vega_lite_with_its_data(page):
    schema = alt.vegalite.v6.schema.core.load_schema()
    runs = chart_runs(page)
    protos = [p for run in runs for p in run]
    assert protos, f"{page} drew no chart"
    for proto in (p.proto for p in protos):
        spec = json.loads(proto.spec)
        jsonschema.validate(spec, schema)
        assert "view" not in spec.get("config", {}), "Altair's fixed 300-pixel default view leaked into the spec"
        assert spec["usermeta"]["embedOptions"]["renderer"] == "canvas"  # not one SVG node per mark
        sent = {d.name: pa.ipc.open_stream(d.data.data).read_all() for d in proto.datasets}
        assert used_datasets(spec) and used_datasets(spec) <= set(sent), (spec.get("title"), used_datasets(spec), set(sent))
        assert all(t.num_rows > 0 for t in sent.values())
    for run in runs:
        names = [d.name for p in run for d in p.proto.datasets]
        assert len(names) == len(set(names)), f"dataset names repeat on {page}: {names}"  # Vega draws nothing then


def test_an_invalid_spec_fails_the_schema_check():
    """The check above can fail: a misspelt mark type is rejected."""
    schema = alt.vegalite.v6.schema.core.load_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"data": {"name": "d"}, "mark": "barr", "encoding": {}}, schema)
