"""Command line: ``python -m analytics build|export|kwic|train-ner|tag|eval-ner ...``.

A thin caller of the library: it parses options into :class:`~analytics.build.BuildOptions`,
:class:`~analytics.filters.FilterState` and :class:`~analytics.export.ExportOptions` and prints
one summary line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import CorpusError
from .safe_text import one_line


def _add_build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", help="folder or .zip of .txt articles, or a .csv / .jsonl file")
    p.add_argument("--store", help="store folder (default: $ANALYTICS_STORE or <tmp>/news-analytics-store)")
    p.add_argument("--no-entities", action="store_true", help="skip named-entity recognition")
    p.add_argument("--stopword", action="append", default=[], metavar="WORD", help="extra stopword (repeatable)")
    p.add_argument("--stopwords-file", type=Path, help="file with one extra stopword per line")
    p.add_argument("--workers", type=int, help="worker processes (default: number of cores, at most 4)")
    p.add_argument("--batch-size", type=int, default=1000, metavar="N", help="articles per task (default 1000)")
    p.add_argument(
        "--dask", nargs="?", const="local", metavar="ADDRESS",
        help="build on Dask: a local cluster, or the scheduler at ADDRESS",
    )


def _build_options(args: argparse.Namespace):
    from .build import BuildOptions

    words = list(args.stopword)
    if args.stopwords_file:
        words += [w.strip() for w in args.stopwords_file.read_text("utf-8").splitlines() if w.strip() and not w.startswith("#")]
    return BuildOptions(
        entities=not args.no_entities, extra_stopwords=tuple(words), workers=args.workers, batch_size=args.batch_size
    )


def _build(args: argparse.Namespace):
    options = _build_options(args)
    if args.dask:
        from .distributed import build_corpus_dask

        return build_corpus_dask(args.corpus, args.store, options=options, address=None if args.dask == "local" else args.dask)
    from .build import build_corpus

    return build_corpus(args.corpus, args.store, options=options)


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    from .filters import add_cli_options

    add_cli_options(p)


def _report_skipped(corpus) -> None:
    # File names come from the corpus: control characters (terminal escapes) are printed as spaces.
    for item in corpus.report.get("skipped", []):
        print(f"skipped {one_line(item['file'])}: {one_line(item['reason'])}", file=sys.stderr)
    for item in corpus.report.get("notes", []):
        print(f"note {one_line(item['file'])}: {one_line(item['note'])}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from .articles import summary

    corpus = _build(args)
    _report_skipped(corpus)
    s, stats = summary(corpus), corpus.stats
    print(
        f"built {args.corpus}: {s.articles:,} articles ({len(corpus.report['skipped'])} skipped, "
        f"{s.duplicates} duplicates), {stats.processed:,} processed, {stats.bodies - stats.processed:,} reused from the store, "
        f"{s.tokens:,} tokens, {s.distinct_terms:,} distinct terms, {s.entities:,} entities, "
        f"{s.months} months in {stats.seconds:.1f} s; tables {corpus.directory}"
    )
    if stats.reused_tables:
        print("tables: reused (the corpus is unchanged)")
    elif stats.parent:
        print(f"tables: grown from corpus {stats.parent} by {stats.added:,} added articles")
    print("stages: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in stats.timings.items()))
    return 0


def _filter(args: argparse.Namespace):
    """The filter of the CLI options (generated from :data:`analytics.filters.FILTERS`); a notice
    (months put in order) goes to stderr, a bad value raises ValueError naming the option."""
    from .filters import from_cli

    flt, notices = from_cli(args)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    return flt


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportOptions, write_export

    try:
        flt = _filter(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    corpus = _build(args)
    _report_skipped(corpus)
    options = ExportOptions(args.article_keywords, args.month_keywords, not args.no_merge, args.keyness)
    data = write_export(corpus, args.out, flt, options)
    rows = ", ".join(f"{name.removesuffix('.csv')} {n:,}" for name, n in data["files"].items())
    print(f"exported {data['files']['articles.csv']:,} articles ({flt.describe()}) to {args.out}: {rows} rows; {len(data['skipped'])} files skipped")
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    from .export import csv_bytes
    from .terms import keyword_in_context, kwic_totals

    try:
        flt = _filter(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not " ".join(args.term.split()):
        print("error: TERM is empty", file=sys.stderr)
        return 2
    corpus = _build(args)
    _report_skipped(corpus)
    lines = keyword_in_context(corpus, args.term, flt, width=args.width, sort=args.sort)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(csv_bytes(lines))
    hits, articles = kwic_totals(lines)
    print(f"{hits:,} lines of {' '.join(args.term.split())!r} in {articles:,} articles ({flt.describe()}) to {args.out}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analytics", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="do the per-article work into the on-disk store")
    _add_build_options(b)
    b.set_defaults(func=cmd_build)
    e = sub.add_parser("export", help="build where needed, then write one CSV per table and a manifest")
    _add_build_options(e)
    e.add_argument("--out", required=True, type=Path, help="output folder")
    _add_filter_options(e)
    e.add_argument("--article-keywords", type=int, default=10, metavar="N", help="keywords per article (max 50)")
    e.add_argument("--month-keywords", type=int, default=25, metavar="N", help="keywords per month (max 50)")
    e.add_argument("--keyness", type=int, default=25, metavar="N", help="keyness terms per month (max 200)")
    e.add_argument("--no-merge", action="store_true", help="count every entity surface form separately")
    e.set_defaults(func=cmd_export)
    k = sub.add_parser("kwic", help="every keyword-in-context line of a term or phrase, as CSV")
    _add_build_options(k)
    k.add_argument("term", help="a word or a phrase (whole words, case-insensitive)")
    k.add_argument("--out", required=True, type=Path, help="output CSV file")
    k.add_argument("--width", type=int, default=60, metavar="N", help="characters of context either side (default 60)")
    k.add_argument("--sort", choices=["position", "left", "right"], default="position",
                   help="article order, or by the word left / right of the hit")
    _add_filter_options(k)
    k.set_defaults(func=cmd_kwic)
    try:
        from .ner.cli import register
    except ImportError:  # the recogniser package is optional only while it is being built
        register = None
    if register:
        register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
