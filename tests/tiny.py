"""Tiny corpora and a dictionary recogniser for tests whose numbers are worked out by hand."""

from __future__ import annotations

import re
from pathlib import Path

from analytics.ner.base import Mention

TINY = {
    "001_a": ("2024-01", "De kat zit. De kat slaapt."),
    "002_b": ("2024-01", "Een hond blaft."),
    "003_c": ("2024-02", "De kat en de hond."),
}


def write_seed_corpus(folder: Path, articles: dict[str, tuple[str, str]] = TINY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article_id, (month, body) in articles.items():
        (folder / f"{article_id}.txt").write_text(f" date {month} {body}", encoding="utf-8")
    return folder


class DictRecogniser:
    """Tags every whole-word occurrence of the given surface forms (a test double)."""

    def __init__(self, names: dict[str, str], version: str = "dict-1"):
        self.version = version
        alternatives = sorted(names, key=len, reverse=True)
        self.types = names
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])")

    def recognise(self, text: str) -> list[Mention]:
        return [Mention(m.start(), m.end(), m.group(0), self.types[m.group(0)]) for m in self.pattern.finditer(text)]

    def recognise_many(self, texts):
        return [self.recognise(t) for t in texts]
