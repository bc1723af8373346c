"""One entity, one count: grouping entity mentions into canonical entities.

The rules, applied in this order (each is pinned by a test on a literal text):

1. **Name key.** A mention's key is its surface form NFC-normalised, whitespace collapsed and
   case-folded (``NAVO`` = ``Navo``). A possessive ``'s`` or a final apostrophe is dropped
   (``Poetin's`` → ``poetin``).
2. **Hyphenated compounds.** A compound whose part after the first hyphen is lower-case
   (``Navo-troepen``, ``VS-ambassadeur``), or whose lower-case first part is followed by a name
   (``kwestie-Oekraïne``), is a mention of its name part (``navo``, ``vs``, ``oekraïne``) when the
   recogniser tags it. A compound of two names (``NAVO-Ruslandraad``) is its own entity: it is not
   counted as a mention of NAVO.
3. **Short person names in an article.** A one-word PER mention equal to the last word of exactly
   one multi-word PER mention in the same article (``Peskov`` after ``Dmitri Peskov``) is that
   person, wherever in the article it occurs.
4. **Genitive.** A key ending in ``s`` whose stem without the ``s`` is also a key of the corpus
   with the same most-tagged type (``poetins`` → ``poetin``, ``ruslands`` → ``rusland``) joins the
   stem; ``Nederlands`` tagged MISC stays apart from ``Nederland`` tagged LOC.
5. **Short person names across the corpus.** A one-word PER key still on its own joins the only
   multi-word PER key of the corpus ending in that word; with two or more candidates it stays on its own.
6. **Spelling variants.** Keys of 6 or more characters of a LOC, ORG or MISC mention that are equal
   after removing diacritics, or one insertion, deletion or substitution apart (``oekraïne`` /
   ``oekraïene``), join the more frequent key. Person names are never merged this way
   (Jansen and Janssen are two people).
7. **Canonical name and type.** A group's name is the most frequent surface form of its root key
   (the key the others joined; ties: alphabetical); its type is the type most often tagged for its
   mentions (ties in the order PER, ORG, LOC, MISC).

With ``merge=False`` every distinct surface form and type is its own entity.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

import pandas as pd

TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2, "MISC": 3}
MIN_VARIANT_LENGTH = 6
_COMPOUND_RE = re.compile(r"^([^\W\d_][^-]*)-([a-zà-ÿ].*)$")
_LOWER_HEAD_RE = re.compile(r"^[a-zà-ÿ]+-([A-ZÀ-Þ].*)$")


def name_key(surface: str) -> str:
    """Rules 1 and 2: the case-folded key of one surface form."""
    text = " ".join(unicodedata.normalize("NFC", surface).replace("\u2019", "'").split())
    text = re.sub(r"'s?$", "", text)
    compound = _COMPOUND_RE.match(text)
    if compound and " " not in compound.group(1):
        text = compound.group(1)
    else:
        lower_head = _LOWER_HEAD_RE.match(text)
        if lower_head and " " not in lower_head.group(1):
            text = lower_head.group(1)
    return text.casefold()


def strip_diacritics(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, child: str, target: str) -> None:
        a, b = self.find(child), self.find(target)
        if a != b:
            self.parent[a] = b


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _person_short_forms(mentions: pd.DataFrame) -> list[str]:
    """Rule 3: the key of each mention after in-article surname resolution."""
    keys = mentions["key"].tolist()
    is_per = (mentions["type"] == "PER").tolist()
    by_article: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for art, key, per in zip(mentions["article_id"], keys, is_per):
        if per and " " in key:
            by_article[art][key.rsplit(" ", 1)[1]].add(key)
    out = []
    for art, key, per in zip(mentions["article_id"], keys, is_per):
        if per and " " not in key:
            full = by_article.get(art, {}).get(key, set())
            if len(full) == 1:
                key = next(iter(full))
        out.append(key)
    return out


def canonicalise(mentions: pd.DataFrame, *, merge: bool = True) -> pd.DataFrame:
    """Add ``entity`` (canonical name) and ``entity_type`` to a mentions table.

    ``mentions`` needs columns article_id, surface, type. Returns a copy with the two new columns.
    """
    out = mentions.copy()
    if out.empty:
        out["entity"] = pd.Series(dtype=str)
        out["entity_type"] = pd.Series(dtype=str)
        return out
    if not merge:
        out["entity"] = out["surface"]
        out["entity_type"] = out["type"]
        return out

    out["key"] = out["own_key"] = [name_key(s) for s in out["surface"]]
    out["key"] = _person_short_forms(out)

    freq = Counter(out["key"])
    key_types: dict[str, Counter] = defaultdict(Counter)
    for key, typ in zip(out["key"], out["type"]):
        key_types[key][typ] += 1
    uf = _UnionFind()

    def main_type(key: str) -> str:
        return min(key_types[key].items(), key=lambda kv: (-kv[1], TYPE_ORDER.get(kv[0], 9)))[0]

    # Rule 4: genitive ("Nederlands", an adjective tagged MISC, never joins LOC "Nederland").
    for key in freq:
        stem = key[:-1]
        if len(key) > 3 and key.endswith("s") and stem in freq and main_type(key) == main_type(stem):
            uf.join(key, stem)

    # Rule 5: one-word person keys across the corpus.
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for key, types in key_types.items():
        if " " in key and types.get("PER"):
            full_by_last[key.rsplit(" ", 1)[1]].add(key)
    for key, types in key_types.items():
        if " " not in key and types.get("PER") and len(full_by_last.get(key, ())) == 1:
            uf.join(key, next(iter(full_by_last[key])))

    # Rule 6: spelling variants of non-person names.
    candidates = [k for k in freq if len(k) >= MIN_VARIANT_LENGTH and main_type(k) != "PER"]
    index: dict[str, list[str]] = defaultdict(list)
    for key in sorted(candidates, key=lambda k: (-freq[k], k)):
        stripped = strip_diacritics(key)
        matches = {m for variant in _deletions(stripped) for m in index.get(variant, ())}
        matches = [m for m in matches if main_type(m) == main_type(key) and m != key]
        if matches:
            uf.join(key, min(matches, key=lambda m: (-freq[m], m)))
        for variant in _deletions(stripped):
            index[variant].append(key)

    out["root"] = [uf.find(k) for k in out["key"]]
    surfaces: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    for root, key, surface, typ in zip(out["root"], out["own_key"], out["surface"], out["type"]):
        if key == root:
            surfaces[root][surface] += 1
        types[root][typ] += 1
    names = {
        root: min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] for root, counter in surfaces.items()
    }
    for root in set(out["root"]) - names.keys():
        names[root] = out.loc[out["root"] == root, "surface"].mode().sort_values().iloc[0]
    group_type = {
        root: min(counter.items(), key=lambda kv: (-kv[1], TYPE_ORDER.get(kv[0], 9)))[0]
        for root, counter in types.items()
    }
    out["entity"] = out["root"].map(names)
    out["entity_type"] = out["root"].map(group_type)
    return out.drop(columns=["key", "own_key", "root"])
