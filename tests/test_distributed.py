"""The Dask build on a 2-worker local cluster gives the same tables as the single-process build.

The Dask build runs through the CLI in its own process: Dask's worker processes are spawned and
re-import the parent's ``__main__``, which in a pytest process that also ran AppTest is a page.
"""

import re
import subprocess
import sys

import pandas as pd
import pytest

from analytics.build import BuildOptions, build_corpus
from analytics.dataset import BuiltCorpus
from analytics.export import metric_tables
from bench.generate import generate_corpus

pytest.importorskip("dask.distributed")


def test_dask_build_equals_local_build(tmp_path):
    generate_corpus(40, tmp_path / "c", seed=3)
    result = subprocess.run(
        [sys.executable, "-m", "analytics", "build", str(tmp_path / "c"), "--dask", "--workers", "2",
         "--batch-size", "7", "--store", str(tmp_path / "dask")],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "40 articles" in result.stdout and "0 reused from the store" in result.stdout
    distributed = BuiltCorpus(re.search(r"; tables (\S+)", result.stdout).group(1))
    local = build_corpus(tmp_path / "c", tmp_path / "local", options=BuildOptions(workers=1))
    assert distributed.fingerprint == local.fingerprint
    ours, theirs = metric_tables(local), metric_tables(distributed)
    for name in ours:
        pd.testing.assert_frame_equal(ours[name], theirs[name], check_exact=False, obj=name)
    assert len(ours["entities_by_article"]) > 0 and len(ours["terms_by_article"]) > 0
