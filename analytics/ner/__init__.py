"""Dutch named-entity recognition (PER, ORG, LOC, MISC) with a two-pass CRF.

Importing this package is cheap: the shipped model in ``analytics/ner/model/`` is loaded on
the first call of :func:`default_recogniser` and then reused for the life of the process.
Heavy modules (pycrfsuite, pandas, the training dependencies) are imported on first use.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

from .base import ENTITY_TYPES, EntityType, Mention, Recogniser
from .tokenize import sentences_with_offsets, split_sentences, tokenize

if TYPE_CHECKING:  # pragma: no cover
    from .recogniser import CrfRecogniser

__all__ = [
    "ENTITY_TYPES",
    "EntityType",
    "Mention",
    "Recogniser",
    "CrfRecogniser",
    "MODEL_DIR",
    "DEFAULT_TRAIN",
    "default_recogniser",
    "load_recogniser",
    "train",
    "tag_conll",
    "evaluate",
    "tokenize",
    "split_sentences",
    "sentences_with_offsets",
]

#: Directory of the shipped model.
MODEL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model")
#: Default training file (relative to the repository root).
DEFAULT_TRAIN = os.path.join("data", "conll2002", "ned.train")


def load_recogniser(model_dir: str) -> "CrfRecogniser":
    """Load a recogniser from a model directory written by :func:`train`."""
    from .recogniser import CrfRecogniser

    return CrfRecogniser(model_dir)


@functools.lru_cache(maxsize=1)
def default_recogniser() -> "CrfRecogniser":
    """The shipped trained model, loaded once per process."""
    return load_recogniser(MODEL_DIR)


def train(train_path: str, model_path: str, *, max_sentences: int | None = None,
          **kwargs: Any) -> dict:
    """Train a model; see :func:`analytics.ner.training.train` for the options."""
    from .training import train as _train

    return _train(train_path, model_path, max_sentences=max_sentences, **kwargs)


def tag_conll(in_path: str, out_path: str, recogniser: "CrfRecogniser | None" = None) -> int:
    """Tag a CoNLL file; see :func:`analytics.ner.evaluation.tag_conll`."""
    from .evaluation import tag_conll as _tag

    return _tag(in_path, out_path, recogniser)


def evaluate(gold_path: str, recogniser: "CrfRecogniser | None" = None):
    """Score a recogniser on a gold CoNLL file; returns a pandas DataFrame."""
    from .evaluation import evaluate as _evaluate

    return _evaluate(gold_path, recogniser)


def __getattr__(name: str) -> Any:
    if name == "CrfRecogniser":
        from .recogniser import CrfRecogniser

        return CrfRecogniser
    raise AttributeError(name)
