"""The Dask build on a 2-worker local cluster gives the same tables as the single-process build."""

import pandas as pd
import pytest

from analytics.build import BuildOptions, build_corpus
from analytics.export import metric_tables

pytest.importorskip("dask.distributed")


def test_dask_build_equals_local_build(tmp_path, monkeypatch):
    import analytics.build

    from analytics.distributed import build_corpus_dask

    monkeypatch.setattr(analytics.build, "BATCH_SIZE", 7)  # several batches, so both workers get work
    from bench.generate import generate_corpus

    generate_corpus(40, tmp_path / "c", seed=3)
    options = BuildOptions(entities=True, workers=2)
    local = build_corpus(tmp_path / "c", tmp_path / "local", options=BuildOptions(entities=True, workers=1))
    distributed = build_corpus_dask(tmp_path / "c", tmp_path / "dask", options=options)
    assert distributed.stats.processed == local.stats.processed == local.stats.bodies
    assert distributed.fingerprint == local.fingerprint
    ours, theirs = metric_tables(local), metric_tables(distributed)
    for name in ours:
        pd.testing.assert_frame_equal(ours[name], theirs[name], check_exact=False, obj=name)
    assert len(ours["entities_by_article"]) > 0
