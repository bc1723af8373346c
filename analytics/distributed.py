"""Building on Dask (dask.distributed) for corpora too big for one machine's cores.

The per-article work (cleaning, counting, MinHash, entity recognition) is mapped over batches of
``options.batch_size`` articles as Dask tasks; results come back to the client, which writes the same
Parquet segments as a local build, and the corpus tables are then written by DuckDB, out of core.
The result is identical to :func:`analytics.build.build_corpus` (a test checks this).

``address=None`` starts a local cluster of ``options.workers`` (default 2) single-threaded worker
processes; otherwise the client connects to the scheduler at ``address`` (``tcp://host:8786``).
Workers need the project installed (``pip install '.[dask]'``). The client reads the corpus and
sends each batch's texts to a worker; results come back to the client, so neither the corpus nor
the store has to be on a shared file system.
"""

from __future__ import annotations

from pathlib import Path

from .build import BuildOptions, Progress, _batches, build_corpus
from .corpus import LoadResult
from .dataset import BuiltCorpus


def dask_runner(client):
    """A batch runner for :func:`build_corpus` that maps jobs over Dask workers."""

    def run(job, items: list, workers: int, batch_size: int, progress: Progress | None, stage: str):
        batches = _batches(items, batch_size)
        futures = client.map(job, batches, pure=False)
        done = 0
        for batch, future in zip(batches, futures):
            yield future.result()
            done += len(batch)
            if progress:
                progress(stage, done, len(items))

    return run


def build_corpus_dask(
    source: str | Path | LoadResult,
    store_dir: str | Path | None = None,
    *,
    options: BuildOptions = BuildOptions(),
    address: str | None = None,
    progress: Progress | None = None,
) -> BuiltCorpus:
    from dask.distributed import Client, LocalCluster

    cluster = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(
            n_workers=options.workers or 2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        return build_corpus(source, store_dir, options=options, progress=progress, runner=dask_runner(client))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
