"""Benchmark tooling: a deterministic synthetic corpus generator (``python -m bench generate``)."""
