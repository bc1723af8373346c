"""Entity checks on a corpus made by ``python -m bench generate`` (its names are known).

Usage: PYTHONPATH=. python bench_ner/person_check.py CORPUS_DIR [OLD_ENTITY_MERGE.py]

Builds (or reuses) CORPUS_DIR in $ANALYTICS_STORE and prints, for the build's stored entity
columns, for the shipped merge rules recomputed on the stored mentions (without the word before
each mention, which the stored table does not keep) and, when given, for an older
``entity_merge.py`` run on the same mentions:

* apart: person mentions whose surface ends in the surname of a full name the same article gives
  (and only one such full name), but that are not counted under the entity of that full name;
  as a share of person mentions (mentions ending in a full name or such a surname);
* titled: PER entities whose name contains a title or function word;
* type: mentions of a generated name counted under its true type (person PER, organisation ORG,
  place LOC), as a share of mentions whose surface is exactly a generated name.
"""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter, defaultdict

import pandas as pd

from analytics.build import build_corpus
from analytics.entity_merge import canonicalise, is_role_word
from bench.generate import ORGANISATIONS, PLACES, _persons


def check(m: pd.DataFrame) -> dict:
    persons = _persons()
    surname_of = dict(persons)
    full_names = sorted(surname_of, key=len, reverse=True)
    given: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for art, surface, entity in zip(m.article_id, m.surface, m.entity):
        for f in full_names:
            if surface.endswith(f):
                given[art][f][entity] += 1
                break
    person, apart = 0, 0
    for art, surface, entity in zip(m.article_id, m.surface, m.entity):
        g = given.get(art)
        if not g:
            continue
        if any(surface.endswith(f) for f in g):
            person += 1
            continue
        cands = [f for f in g if surface.casefold().endswith(surname_of[f].casefold())
                 and surface.casefold().split()[-len(surname_of[f].split()):] == surname_of[f].casefold().split()]
        if len(cands) == 1:
            person += 1
            apart += entity != g[cands[0]].most_common(1)[0][0]
    per_entities = set(m.loc[m.entity_type == "PER", "entity"])
    titled = sorted(e for e in per_entities if any(is_role_word(w) for w in e.split()[:-1]))
    truth = {f: "PER" for f, _ in persons} | {n: "ORG" for _, n in ORGANISATIONS} | {p: "LOC" for p in PLACES}
    known = m[m.surface.isin(truth)]
    right = (known.entity_type == known.surface.map(truth)).sum()
    return {"person_mentions": person, "apart": apart, "apart_share": apart / max(person, 1),
            "per_entities": len(per_entities), "titled_per_entities": len(titled), "titled_examples": titled[:5],
            "typed_mentions": len(known), "right_type_share": right / max(len(known), 1)}


def main(argv: list[str]) -> None:
    corpus = build_corpus(argv[0])
    stored = corpus.sql("SELECT id AS article_id, surface, type, confidence, entity, entity_type FROM mentions ORDER BY id, start")
    # the build's own merge: it also knows the word before each mention (title before a name,
    # a glued word at a sentence start), which the stored table does not keep
    print("build's merge (stored tables):", check(stored))
    m = stored[["article_id", "surface", "type", "confidence"]]
    new = canonicalise(m)  # this code's rules, without the word before each mention
    print("shipped merge recomputed without the word before each mention:", check(new))
    top = new.groupby(["entity", "entity_type"]).size().sort_values(ascending=False).head(12)
    print(top.to_string())
    if len(argv) > 1:
        spec = importlib.util.spec_from_file_location("old_merge", argv[1])
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
        o = old.canonicalise(m[["article_id", "surface", "type"]].copy())
        print("old merge on the same mentions:", check(o))
    base = canonicalise(m[["article_id", "surface", "type"]].copy())
    print("shipped merge without confidences (all 1.0):", check(base))


if __name__ == "__main__":
    main(sys.argv[1:])
