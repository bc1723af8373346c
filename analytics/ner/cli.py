"""Command-line subcommands ``train-ner``, ``tag`` and ``eval-ner`` for ``python -m analytics``.

:func:`register` adds them to an ``argparse`` subparsers object; each sets ``func`` to a
callable taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

__all__ = ["register", "main"]


def _recogniser(model: str | None):
    from . import default_recogniser, load_recogniser

    return load_recogniser(model) if model else default_recogniser()


def cmd_train(args: argparse.Namespace) -> int:
    """Train a model (``train-ner``)."""
    from . import train

    if not os.path.exists(args.train):
        print(f"train-ner: no such file: {args.train}", file=sys.stderr)
        return 2
    params = {}
    if args.c1 is not None:
        params["c1"] = args.c1
    if args.c2 is not None:
        params["c2"] = args.c2
    if args.max_iterations is not None:
        params["max_iterations"] = args.max_iterations
    meta = train(args.train, args.out, max_sentences=args.max_sentences, folds=args.folds,
                 jobs=args.jobs, params=params,
                 resources_from=None if args.rebuild_resources else "")
    size = sum(meta["files"].values())
    print(f"trained on {meta['sentences']} sentences / {meta['tokens']} tokens; "
          f"model {size / 1e6:.1f} MB in {args.out}")
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    """Tag a CoNLL file (``tag``)."""
    from . import tag_conll

    if not os.path.exists(args.conll):
        print(f"tag: no such file: {args.conll}", file=sys.stderr)
        return 2
    t = time.time()
    n = tag_conll(args.conll, args.out, _recogniser(args.model))
    dt = time.time() - t
    print(f"tagged {n} tokens in {dt:.2f}s -> {args.out}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the recogniser on a gold CoNLL file (``eval-ner``)."""
    from . import evaluate

    if not os.path.exists(args.gold):
        print(f"eval-ner: no such file: {args.gold}", file=sys.stderr)
        return 2
    df = evaluate(args.gold, _recogniser(args.model))
    table = df[["precision", "recall", "f1", "support", "predicted", "correct"]].copy()
    for c in ("precision", "recall", "f1"):
        table[c] = (table[c] * 100).map(lambda v: f"{v:6.2f}")
    print(table.to_string())
    return 0


def register(subparsers) -> None:
    """Add ``train-ner``, ``tag`` and ``eval-ner`` to an argparse subparsers object."""
    from . import DEFAULT_TRAIN, MODEL_DIR

    p = subparsers.add_parser("train-ner", help="train the Dutch NER model (CoNLL-2002)")
    p.add_argument("--train", default=DEFAULT_TRAIN, help="CoNLL training file [%(default)s]")
    p.add_argument("--out", default=MODEL_DIR, help="model directory [analytics/ner/model]")
    p.add_argument("--max-sentences", type=int, default=None, help="use only the first N")
    p.add_argument("--folds", type=int, default=4, help="folds for second-pass training")
    p.add_argument("--jobs", type=int, default=2, help="parallel fold trainings")
    p.add_argument("--c1", type=float, default=None, help="L1 penalty (feature pruning)")
    p.add_argument("--c2", type=float, default=None, help="L2 penalty")
    p.add_argument("--max-iterations", type=int, default=None, help="L-BFGS iterations")
    p.add_argument("--rebuild-resources", action="store_true",
                   help="build the word lists from the pip packages and Debian's frogdata "
                        "instead of copying the shipped model's (needs the train extra)")
    p.set_defaults(func=cmd_train)

    p = subparsers.add_parser("tag", help="tag the words of a CoNLL file with entity tags")
    p.add_argument("--conll", required=True, help="input CoNLL file (first column = word)")
    p.add_argument("--out", required=True, help="output file: 'word TAG' lines")
    p.add_argument("--model", default=None, help="model directory [shipped model]")
    p.set_defaults(func=cmd_tag)

    p = subparsers.add_parser("eval-ner", help="score the recogniser on a gold CoNLL file")
    p.add_argument("gold", help="gold CoNLL file (entity tag in the last column)")
    p.add_argument("--model", default=None, help="model directory [shipped model]")
    p.set_defaults(func=cmd_eval)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m analytics.ner.cli SUBCOMMAND ...``."""
    parser = argparse.ArgumentParser(prog="analytics.ner")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
