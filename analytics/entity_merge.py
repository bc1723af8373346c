"""One entity, one count: grouping entity mentions into canonical entities.

The rules, applied in this order (each is pinned by a test on a literal mention table):

1. **Role.** In a mention tagged PER, the leading words up to the last title or function word
   (``Kremlinwoordvoerder Dmitri Peskov``, ``Russische ambassadeur Vasily Nebenzya``) are the
   mention's ``role``, not part of its name. A title or function word is a word of
   ``analytics/data/person_roles_nl.txt``, a word ending in one (``Kremlinwoordvoerder``,
   ``viceminister``; only words of 5+ letters count as endings) or a hyphenated compound ending in
   one (``VS-ambassadeur``, ``oud-premier``); a nationality word (``Russische``) before the
   title belongs to the role; a lower-case title word later in the span ends the role there too
   (``Jean burgemeester Van der Meer``: the recogniser glued a word to the title). A name must
   remain. A PER mention without a role inside its span
   takes the word right before it as its role when that word is a title (``VS-ambassadeur``
   before ``Linda Thomas-Greenfield``).
2. **Name key.** A mention's key is its name NFC-normalised, whitespace collapsed and
   case-folded (``NAVO`` = ``Navo``). A possessive ``'s`` or a final apostrophe is dropped
   (``Poetin's`` → ``poetin``).
3. **Hyphenated compounds.** A compound whose part after the first hyphen is lower-case
   (``Navo-troepen``), or whose lower-case first part is followed by a name
   (``kwestie-Oekraïne``), is a mention of its name part (``navo``, ``oekraïne``) when the
   recogniser tags it. A compound of two names (``NAVO-Ruslandraad``) is its own entity.
4. **Short person names in an article.** A mention whose key is the last word or words of
   exactly one longer name in the same article is that name when the mention or a mention of the
   longer name is tagged PER (``Peskov`` after ``Dmitri Peskov``; ``Pauwels`` typed MISC after
   ``Frank Pauwels``; ``Jacobs`` after ``Veerle Jacobs`` typed MISC; ``El Amrani`` after
   ``Petra El Amrani``), or, when neither is, when the longer name's main type in the corpus
   (below) is PER (``Van Leeuwen`` and ``Niels van Leeuwen`` both typed MISC in one article).
   Longer names that end in one another (``Yasmina de Wit``, ``San Yasmina de Wit``) count as
   one, the shortest. With two candidates (``Jan Peeters``, ``Piet Peeters``) it stays apart.
   Before that, a mention at a sentence start (no word before it) whose first word is a common
   Dutch word capitalised (:func:`is_glued_word`: ``Regio``, ``Leefde``; not a first name) and
   whose other words are a short form ending another longer name of the article (``Regio
   Pauwels`` and ``Frank Pauwels``, ``Leefde De Graaf`` and ``Sanne de Graaf``) is a mention
   of that short form: the recogniser glued the sentence's first word to it (step ``glued``).

Rules 1-4 look at one article only. The corpus steps below look only at the summed
**votes** of each key: per (key, tagged type) the number of mentions and the sum of the
recogniser's confidence (the lowest marginal probability of the mention's tags, 1.0 for
recognisers that give none). Votes are sums, so a corpus's votes are the sums of its articles'
votes (:func:`article_votes` per article, kept; :func:`sum_votes` adds them;
:func:`merge_with_votes` labels the mentions with the summed votes): adding articles computes
only the new articles' votes and adds them, nothing is re-tagged. The second half of rule 4 is decided on the summed votes
too (the ``candidate`` column; :func:`promote_candidates`). A key's **main type** is the type with the largest vote (ties in the order PER,
ORG, LOC, MISC); a key in ``analytics/data/demonyms_nl.txt`` (``Amerikanen``, ``Russische``)
has main type MISC, whatever it was tagged (CoNLL-2002 types nationality words MISC).

5. **Genitive.** A key ending in ``s`` whose stem without the ``s`` is also a key of the corpus
   with the same main type (``poetins`` → ``poetin``) joins the stem; ``Nederlands`` (MISC)
   stays apart from ``Nederland`` (LOC).
6. **Short person names across the corpus.** A key still on its own joins the only multi-word
   key of main type PER that ends in its word(s) when the key is a person: its main type is PER,
   or at least half of the votes of the mentions written with it are for PER or were joined to
   a full name in their article by rule 4 (a surname the recogniser mistyped). With two or more
   candidates it stays on its own; a nationality word never joins a person. In rules 4 and 6 a
   short form is one word or several starting with a surname particle
   (:data:`SURNAME_PARTICLES`: ``El Amrani``, ``Van der Meer``); ``Erik Mertens`` is a full name
   of its own and does not join ``Moon Erik Mertens``.
7. **Spelling variants.** Keys of 6 or more characters that are equal after removing
   diacritics, or one insertion, deletion or substitution apart (``oekraïne`` / ``oekraïene``),
   join the more frequent key (ties: alphabetical). Across main types only when both keys end
   in the same two letters (inflections such as ``Nederland`` / ``Nederlands`` differ at the
   end). A key of main type PER never takes in another key this way (Jansen and Janssen are two
   people); a mistyped one may join a non-person key at least as frequent (``Oekraïene`` PER →
   ``Oekraïne`` LOC).
8. **Canonical name and type.** A group's name is the most frequent name (without role) of the
   mentions whose own key is the group's root key (the key the others joined; ties:
   alphabetical); its type is the type with the largest summed confidence over all the group's
   mentions in the corpus (ties in the order PER, ORG, LOC, MISC), or MISC when the root key is
   a nationality word. Every mention, in every article, counts under that name and type.

Each mention's ``rule`` says how its form reached its entity: ``name`` (the entity's name),
``case`` (same key, written differently), or the steps taken, joined by ``+``: ``title``,
``compound``, ``glued``, ``surname_article``, ``genitive``, ``surname_corpus``, ``spelling``.

With ``merge=False`` every distinct surface form and type is its own entity.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd
import pyarrow as pa

from .store import CORPUS_TABLES
from .wordlists import demonyms, role_words

TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2, "MISC": 3}
TYPES = tuple(TYPE_ORDER)
MIN_VARIANT_LENGTH = 6
#: A multi-word short form is a surname only when it starts with one of these ("El Amrani",
#: "Van der Meer"); "Erik Mertens" is a full name and does not join "Moon Erik Mertens".
SURNAME_PARTICLES = frozenset(
    "van de der den het ten ter te von zu vom le la les du des da di do dos das del della "
    "el al ben bin ibn abu mac mc o' 't in op".split()
)
#: Role words shorter than this only match whole words or the end of a hyphenated compound.
MIN_ROLE_SUFFIX = 5
RULES = ("name", "case", "title", "compound", "glued", "surname_article", "genitive", "surname_corpus", "spelling")
RULE_DESCRIPTIONS = {
    "name": "the entity's name",
    "case": "same name written differently (case, spacing, possessive 's)",
    "title": "a title or function word before the name was removed and kept as the role",
    "compound": "the name part of a hyphenated compound (Navo-troepen)",
    "glued": "a sentence-start word the recogniser glued to a short name was dropped (Regio Pauwels)",
    "surname_article": "a short form of the one longer (person) name in the same article",
    "genitive": "a genitive -s form of the name",
    "surname_corpus": "a short form of the only full person name in the corpus ending in it",
    "spelling": "a spelling variant (diacritics or one letter) of a more frequent name",
}
_COMPOUND_RE = re.compile(r"^([^\W\d_][^-]*)-([a-zà-ÿ].*)$")
_LOWER_HEAD_RE = re.compile(r"^[a-zà-ÿ]+-([A-ZÀ-Þ].*)$")

#: Per-article partial votes (see :func:`mention_votes`); sum ``mentions`` and ``votes`` over
#: batches grouped by the other columns to get a corpus's votes.
ENTITY_VOTES_SCHEMA = CORPUS_TABLES["entity_votes"].schema
#: One row per (entity, surface form, rule): the explanation of every entity (:func:`entity_forms`).
ENTITY_FORMS_SCHEMA = CORPUS_TABLES["entity_forms"].schema
ENTITY_FORMS_COLUMNS = ENTITY_FORMS_SCHEMA.names


@lru_cache(maxsize=65536)
def is_role_word(word: str) -> bool:
    """A title or function word: listed, ending in a listed word of 5+ letters after at least
    3 letters (``Kremlinwoordvoerder``), or a hyphenated compound whose last part is listed."""
    w = word.strip(".,:;'\"()").casefold()
    if not w:
        return False
    roles = role_words()
    if w in roles:
        return True
    if "-" in w:
        return w.rsplit("-", 1)[1] in roles
    return any(w.endswith(r) and len(w) - len(r) >= 3 for r in roles if len(r) >= MIN_ROLE_SUFFIX)


@lru_cache(maxsize=65536)
def split_role(surface: str, type_: str) -> tuple[str, str]:
    """Rule 1 inside a span: ``(name, role)``; role is ``""`` when the mention has none."""
    if type_ != "PER":
        return surface, ""
    words = surface.split()
    last_role = -1
    for i, w in enumerate(words[:-1]):
        if is_role_word(w):
            last_role = i
        elif unicodedata.normalize("NFC", w).casefold() not in demonyms():
            break
    if last_role < 0:
        # A lower-case title inside the span is never part of a name ("Jean burgemeester Van der Meer").
        inner = [i for i, w in enumerate(words[:-1]) if w[:1].islower() and is_role_word(w)]
        last_role = inner[-1] if inner else -1
    if last_role < 0 or not words[last_role + 1][:1].isupper():
        return surface, ""
    return " ".join(words[last_role + 1 :]), " ".join(words[: last_role + 1])


def _clean_name(surface: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", surface).replace("\u2019", "'").split())
    return re.sub(r"'s?$", "", text)


def _plain_key(name: str) -> str:
    """Rule 2 only (no compound reduction)."""
    return _clean_name(name).casefold()


def name_key(surface: str) -> str:
    """Rules 2 and 3: the case-folded key of one name."""
    text = _clean_name(surface)
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


def _is_short_form(key: str) -> bool:
    """One word, or several starting with a surname particle (rules 4 and 6)."""
    return " " not in key or key.split(" ", 1)[0] in SURNAME_PARTICLES


def _word_suffixes(key: str) -> list[str]:
    """The proper word suffixes of a multi-word key: ``a b c`` → ``b c``, ``c``."""
    words = key.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


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

    def join(self, child: str, target: str) -> str | None:
        """Join ``child``'s group into ``target``'s; return the root that moved (or None)."""
        a, b = self.find(child), self.find(target)
        if a == b:
            return None
        self.parent[a] = b
        return a


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _with_defaults(mentions: pd.DataFrame) -> pd.DataFrame:
    out = mentions.copy()
    if "confidence" not in out:
        out["confidence"] = 1.0
    if "preceding" not in out:
        out["preceding"] = ""
    out["confidence"] = out["confidence"].astype(float).fillna(1.0)
    out["preceding"] = out["preceding"].fillna("")
    return out


def resolve_in_articles(mentions: pd.DataFrame) -> pd.DataFrame:
    """Rules 1-4 (one article at a time): add ``name``, ``role``, ``form_key``, ``key`` and
    ``local_rule`` to a mentions table (columns article_id, surface, type, optional confidence
    and preceding, the word right before the mention)."""
    out = _with_defaults(mentions)
    names, roles, form_keys, local = [], [], [], []
    forms: dict[tuple[str, str], tuple[str, str, str, list[str]]] = {}
    for surface, typ, prev in zip(out["surface"], out["type"], out["preceding"]):
        form = forms.get((surface, typ))
        if form is None:
            name, role = split_role(surface, typ)
            key = name_key(name)
            steps = (["title"] if role else []) + (["compound"] if key != _plain_key(name) else [])
            form = forms[(surface, typ)] = (name, role, key, steps)
        name, role, key, steps = form
        if not role and typ == "PER" and prev and is_role_word(prev):
            role = prev.strip(".,:;'\"()")
        names.append(name)
        roles.append(role)
        form_keys.append(key)
        local.append(list(steps))
    _drop_glued_words(out, names, roles, form_keys, local)
    keys = list(form_keys)
    demonym_set = demonyms()
    full_by_suffix: dict[tuple[str, str], set[str]] = defaultdict(set)
    person_keys: set[tuple[str, str]] = set()
    for art, key, typ in zip(out["article_id"], form_keys, out["type"]):
        if " " in key:
            for suffix in _word_suffixes(key):
                full_by_suffix[(art, suffix)].add(key)
        if typ == "PER":
            person_keys.add((art, key))
    candidates = [""] * len(keys)
    for i, (art, key, typ) in enumerate(zip(out["article_id"], form_keys, out["type"])):
        full = full_by_suffix.get((art, key))
        if not full or key in demonym_set or not _is_short_form(key):
            continue
        # Nested candidates ("Yasmina de Wit", "San Yasmina de Wit") are one name: the shortest.
        target = min(full, key=lambda k: (len(k.split()), k))
        if any(not (f == target or f.endswith(" " + target)) for f in full):
            continue
        if typ == "PER" or (art, target) in person_keys:
            keys[i] = target
            local[i].append("surname_article")
        else:
            candidates[i] = target  # decided by the corpus: joins if the longer name is a person
    out["name"] = names
    out["role"] = roles
    out["form_key"] = form_keys
    out["key"] = keys
    out["candidate"] = candidates
    out["local_rule"] = ["+".join(s) for s in local]
    return out


@lru_cache(maxsize=1)
def _glue_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(common lower-case Dutch words, first names) from the recogniser's shipped word files
    (``wordfreq.tsv.gz``: the 60,000 most frequent words; ``gazetteer.tsv.gz``: FIRST flags)."""
    import gzip
    from .ner import MODEL_DIR

    def read(name: str) -> list[list[str]]:
        with gzip.open(f"{MODEL_DIR}/{name}", "rt", encoding="utf-8") as fh:
            return [line.rstrip("\n").split("\t", 1) for line in fh if "\t" in line]

    common = frozenset(w for w, _ in read("wordfreq.tsv.gz"))
    first = frozenset(w for w, flags in read("gazetteer.tsv.gz") if "FIRST" in flags.split(","))
    return common, first


def is_glued_word(word: str) -> bool:
    """A word the recogniser may glue to a name at a sentence start (``Regio`` in ``Regio
    Pauwels``): capitalised, the rest lower-case, a common Dutch word in lower case, and not a
    first name, surname particle or title word."""
    if not (word[:1].isupper() and word[1:].islower() and word.isalpha()):
        return False
    low = word.lower()
    common, first = _glue_lexicon()
    return low in common and word not in first and low not in SURNAME_PARTICLES and not is_role_word(word)


def _drop_glued_words(out: pd.DataFrame, names: list[str], roles: list[str], form_keys: list[str],
                      local: list[list[str]]) -> None:
    """Rule 4, first half: a glued sentence-start word before a short name (``Regio Pauwels``
    at a sentence start, ``Frank Pauwels`` in the article) is not part of the name. Changes the
    lists in place (name, form key, step ``glued``)."""
    tentative: dict[int, str] = {}
    for i, (prev, name, role, key) in enumerate(zip(out["preceding"], names, roles, form_keys)):
        if prev or role or " " not in key:
            continue
        first, _, rest_key = key.partition(" ")
        word = name.split(None, 1)[0]
        if _is_short_form(rest_key) and is_glued_word(word):
            tentative[i] = rest_key
    if not tentative:
        return
    arts = out["article_id"].tolist()
    full_by_suffix: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i, (art, key) in enumerate(zip(arts, form_keys)):
        if i not in tentative and " " in key:
            for suffix in _word_suffixes(key):
                full_by_suffix[(arts[i], suffix)].add(key)
    for i, rest_key in tentative.items():
        full = full_by_suffix.get((arts[i], rest_key))
        if not full or form_keys[i] in full:
            continue  # no other longer name ends in the rest, or the whole is a name elsewhere
        names[i] = names[i].split(None, 1)[1]
        form_keys[i] = rest_key
        local[i].append("glued")


def main_types(votes: pd.DataFrame) -> dict[str, str]:
    """Each key's main type: the largest summed confidence (ties PER, ORG, LOC, MISC);
    nationality words MISC."""
    demonym_set = demonyms()
    key_types: dict[str, Counter] = defaultdict(Counter)
    for key, typ, v in zip(votes["key"], votes["type"], votes["votes"]):
        key_types[key][typ] += v
    return {k: ("MISC" if k in demonym_set else _best(c)) for k, c in key_types.items()}


def _promote(frame: pd.DataFrame, main: dict[str, str]) -> pd.DataFrame:
    """Rule 4, second half: a mention with a ``candidate`` longer name of main type PER is that name."""
    out = frame.copy()
    hit = [bool(c) and main.get(c) == "PER" for c in out["candidate"]]
    if any(hit):
        mask = pd.Series(hit, index=out.index)
        out.loc[mask, "key"] = out.loc[mask, "candidate"]
        out.loc[mask, "local_rule"] = [r + "+surname_article" if r else "surname_article" for r in out.loc[mask, "local_rule"]]
    out["candidate"] = ""
    return out


def promote_candidates(votes: pd.DataFrame) -> pd.DataFrame:
    """Summed votes after rule 4's corpus half (see :func:`_promote`), re-aggregated."""
    promoted = _promote(votes, main_types(votes))
    return promoted.groupby(_VOTE_KEYS, sort=True, dropna=False)[["mentions", "votes"]].sum().reset_index()


_VOTE_KEYS = ["key", "form_key", "surface", "name", "type", "local_rule", "candidate"]


def mention_votes(resolved: pd.DataFrame) -> pd.DataFrame:
    """The summable votes of a set of resolved mentions (:data:`ENTITY_VOTES_SCHEMA` columns)."""
    cols = _VOTE_KEYS
    if resolved.empty:
        return pd.DataFrame({c: pd.Series(dtype=str) for c in cols} | {"mentions": pd.Series(dtype="int64"), "votes": pd.Series(dtype=float)})
    g = resolved.groupby(cols, sort=True, dropna=False)
    return g.agg(mentions=("confidence", "size"), votes=("confidence", "sum")).reset_index()


def _best(counter: dict[str, float]) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], TYPE_ORDER.get(kv[0], 9)))[0]


def resolve_keys(votes: pd.DataFrame) -> pd.DataFrame:
    """Rules 5-8 over a corpus's summed votes: one row per key with ``root``, ``join_rule``
    (the corpus rule that moved the key, ``""`` for a root), ``entity`` and ``entity_type``."""
    if "candidate" in votes and (votes["candidate"] != "").any():
        votes = promote_candidates(votes)
    demonym_set = demonyms()
    key_types: dict[str, Counter] = defaultdict(Counter)
    freq: Counter = Counter()
    for key, typ, n, v in zip(votes["key"], votes["type"], votes["mentions"], votes["votes"]):
        key_types[key][typ] += v
        freq[key] += n

    def main_type(key: str) -> str:
        return "MISC" if key in demonym_set else _best(key_types[key])

    main = {k: main_type(k) for k in key_types}
    uf = _UnionFind()
    join_rule: dict[str, str] = {}

    def join(child: str, target: str, rule: str) -> None:
        moved = uf.join(child, target)
        if moved is not None:
            join_rule.setdefault(child, rule)
            join_rule.setdefault(moved, rule)

    # Rule 5: genitive.
    for key in sorted(freq):
        stem = key[:-1]
        if len(key) > 3 and key.endswith("s") and stem in freq and main[key] == main[stem]:
            join(key, stem, "genitive")

    # Rule 6: short person names across the corpus, also when the short form was mistyped.
    person_votes: Counter = Counter()
    form_votes: Counter = Counter()
    for key, form, typ, v in zip(votes["key"], votes["form_key"], votes["type"], votes["votes"]):
        form_votes[form] += v
        if typ == "PER" or key != form:
            person_votes[form] += v
    full_by_suffix: dict[str, set[str]] = defaultdict(set)
    for key in key_types:
        if " " in key and main[key] == "PER":
            for suffix in _word_suffixes(key):
                full_by_suffix[suffix].add(key)
    for key in sorted(key_types):
        full = full_by_suffix.get(key, ())
        if len(full) != 1 or key in demonym_set or uf.find(key) != key or not _is_short_form(key):
            continue
        target = next(iter(full))
        if main[key] == "PER" or person_votes[key] >= 0.5 * form_votes[key]:
            join(key, target, "surname_corpus")

    # Rule 7: spelling variants, across types the recogniser confused, never between persons.
    # Non-person keys first (most frequent first), so a mistyped person key finds them.
    index: dict[str, list[str]] = defaultdict(list)
    order = sorted((k for k in freq if len(k) >= MIN_VARIANT_LENGTH), key=lambda k: (main[k] == "PER", -freq[k], k))
    for key in order:
        stripped = strip_diacritics(key)
        variants = _deletions(stripped)
        matches = [
            m for m in {m for variant in variants for m in index.get(variant, ())}
            if m != key and main[m] != "PER" and freq[m] >= freq[key] and (main[m] == main[key] or m[-2:] == key[-2:])
        ]
        if matches:
            join(key, min(matches, key=lambda m: (-freq[m], m)), "spelling")
        for variant in variants:
            index[variant].append(key)

    roots = {k: uf.find(k) for k in key_types}
    rows = pd.DataFrame({"key": list(roots), "root": list(roots.values())})
    rows["join_rule"] = [join_rule.get(k, "") if roots[k] != k else "" for k in rows["key"]]
    names: dict[str, Counter] = defaultdict(Counter)
    for form, name, n in zip(votes["form_key"], votes["name"], votes["mentions"]):
        if roots.get(form) == form:
            names[form][name] += n
    group_votes: dict[str, Counter] = defaultdict(Counter)
    for key, counter in key_types.items():
        group_votes[roots[key]].update(counter)
    entity = {}
    for root in set(roots.values()):
        counter = names.get(root) or Counter({root: 1})
        entity[root] = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    etype = {root: ("MISC" if root in demonym_set else _best(c)) for root, c in group_votes.items()}
    rows["entity"] = rows["root"].map(entity)
    rows["entity_type"] = rows["root"].map(etype)
    return rows


#: Per-article vote rows (:func:`article_votes`): ``article_id`` plus the columns of
#: :data:`ENTITY_VOTES_SCHEMA`. The unit a build keeps per article (or per body) so that adding
#: articles only computes the new articles' rows; :func:`sum_votes` adds them up.
ARTICLE_VOTES_SCHEMA = pa.schema([("article_id", pa.string()), *ENTITY_VOTES_SCHEMA])
#: Summed votes are rounded to this many decimals, so the order in which segments are added
#: (article by article, or A's total plus B's) never changes a tie.
VOTE_DECIMALS = 9


def article_votes(mentions: pd.DataFrame) -> pd.DataFrame:
    """Rules 1-4 on each article, then its votes: one row per ``article_id`` and vote key
    (:data:`ARTICLE_VOTES_SCHEMA` columns), sorted.

    An article's rows depend only on its own mentions, so they can be computed once per article
    and kept; a corpus's votes are :func:`sum_votes` of its articles' rows.
    ``mentions``: columns article_id, surface, type; optional confidence and preceding."""
    cols = ["article_id", *_VOTE_KEYS]
    resolved = resolve_in_articles(mentions) if len(mentions) else None
    if resolved is None:
        return _empty_votes(cols)
    g = resolved.groupby(cols, sort=True, dropna=False)
    return g.agg(mentions=("confidence", "size"), votes=("confidence", "sum")).reset_index()


def sum_votes(parts) -> pd.DataFrame:
    """A corpus's votes (:data:`ENTITY_VOTES_SCHEMA` columns, sorted by the key columns) from
    per-article rows (:func:`article_votes`) or earlier sums, in any grouping and order:
    ``votes = Σ mentions, Σ votes`` per (key, form_key, surface, name, type, local_rule,
    candidate), rounded to :data:`VOTE_DECIMALS` decimals."""
    frames = [p for p in parts if len(p)]
    if not frames:
        return _empty_votes(_VOTE_KEYS)
    allv = pd.concat(frames, ignore_index=True)
    out = allv.groupby(_VOTE_KEYS, sort=True, dropna=False)[["mentions", "votes"]].sum().reset_index()
    out["mentions"] = out["mentions"].astype("int64")
    out["votes"] = out["votes"].astype(float).round(VOTE_DECIMALS)
    return out


def _empty_votes(cols: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols}
                        | {"mentions": pd.Series(dtype="int64"), "votes": pd.Series(dtype=float)})


def canonicalise(mentions: pd.DataFrame, *, merge: bool = True) -> pd.DataFrame:
    """Add ``entity``, ``entity_type``, ``role`` and ``rule`` to a mentions table.

    ``mentions`` needs columns article_id, surface, type; optional ``confidence`` (default 1.0)
    and ``preceding`` (the word right before the mention, for rule 1). Returns a copy with the
    new columns (``confidence`` and ``preceding`` filled in when missing). The same as
    ``merge_with_votes(mentions, sum_votes([article_votes(mentions)]))``.
    """
    if not merge or mentions.empty:
        return merge_with_votes(mentions, None, merge=False)
    return merge_with_votes(mentions, sum_votes([article_votes(mentions)]))


def merge_with_votes(mentions: pd.DataFrame, votes: pd.DataFrame | None, *, merge: bool = True) -> pd.DataFrame:
    """:func:`canonicalise` with the corpus's votes given: the incremental path.

    ``votes`` is :func:`sum_votes` over the per-article rows (:func:`article_votes`) of every
    article of the corpus, kept from earlier builds for old articles and computed only for new
    ones; nothing is re-tagged. ``mentions`` are the mentions to label (usually all of the
    corpus's; any subset of whole articles gets the labels it would get in the full table, since
    rules 1-4 look at one article and rules 5-8 only at ``votes``).
    """
    out = _with_defaults(mentions)
    if out.empty or not merge:
        out["entity"] = out["surface"].astype(object)
        out["entity_type"] = out["type"].astype(object)
        out["role"] = pd.Series([""] * len(out), index=out.index, dtype=object)
        out["rule"] = pd.Series(["name"] * len(out), index=out.index, dtype=object)
        return out
    resolved = _promote(resolve_in_articles(out), main_types(votes))
    keys = resolve_keys(votes).set_index("key")
    out["role"] = resolved["role"].to_numpy()
    out["entity"] = resolved["key"].map(keys["entity"]).to_numpy()
    out["entity_type"] = resolved["key"].map(keys["entity_type"]).to_numpy()
    if out["entity"].isna().any():
        missing = sorted(set(resolved.loc[out["entity"].isna().to_numpy(), "key"]))[:5]
        raise ValueError(f"votes do not cover every article of the mentions (keys without votes: {missing})")
    join_rule = resolved["key"].map(keys["join_rule"])
    rules = []
    for local, joined, name, entity in zip(resolved["local_rule"], join_rule, resolved["name"], out["entity"]):
        steps = [s for s in (local, joined) if s]
        rules.append("+".join(steps) if steps else ("name" if name == entity else "case"))
    out["rule"] = rules
    return out


def entity_forms(merged: pd.DataFrame) -> pd.DataFrame:
    """Why each entity is what it is: one row per (entity, entity_type, surface, rule).

    ``merged`` is :func:`canonicalise` output (with ``article_id``). Columns: entity,
    entity_type, surface, rule, mentions, articles (distinct articles with the form),
    ``tagged_per`` .. ``tagged_misc`` (mentions the recogniser gave each type) and
    ``votes_per`` .. ``votes_misc`` (their summed confidence, the weights of rule 8). Sorted by
    entity mentions descending, entity, entity_type, then form mentions descending, surface, rule.
    """
    if merged.empty:
        return pd.DataFrame({f.name: pd.Series(dtype="float64" if pa.types.is_floating(f.type) else ("int64" if pa.types.is_integer(f.type) else object)) for f in ENTITY_FORMS_SCHEMA})
    keys = ["entity", "entity_type", "surface", "rule"]
    df = merged[keys + ["article_id", "type", "confidence"]]
    tagged = pd.crosstab([df[k] for k in keys], df["type"]).reindex(columns=list(TYPES), fill_value=0)
    votes = df.pivot_table(index=keys, columns="type", values="confidence", aggfunc="sum", fill_value=0.0)
    votes = votes.reindex(columns=list(TYPES), fill_value=0.0)
    g = df.groupby(keys)
    out = pd.DataFrame({"mentions": g.size(), "articles": g["article_id"].nunique()})
    for t in TYPES:
        out[f"tagged_{t.lower()}"] = tagged[t].reindex(out.index).astype("int64")
    for t in TYPES:
        out[f"votes_{t.lower()}"] = votes[t].reindex(out.index).astype(float).round(4)
    out = out.reset_index()
    total = out.groupby(["entity", "entity_type"])["mentions"].transform("sum")
    out = out.assign(_total=total).sort_values(
        ["_total", "entity", "entity_type", "mentions", "surface", "rule"], ascending=[False, True, True, False, True, True]
    )
    out["mentions"] = out["mentions"].astype("int64")
    out["articles"] = out["articles"].astype("int64")
    return out[ENTITY_FORMS_COLUMNS].reset_index(drop=True)
