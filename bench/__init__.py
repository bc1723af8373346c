"""Benchmark tooling (``python -m bench ...``): the synthetic corpus generator (``generate``), the
benchmark table (``run``), the AppTest page probe (``pages``) and the real-browser measure (``browser``)."""
