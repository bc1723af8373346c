"""Deterministic synthetic corpus of Dutch news articles in the seed format.

``python -m bench generate --articles N --out DIR [--seed S]`` writes N files
``NNN_<16 hex>.txt`` (see ``seeds/``): a `` date YYYY-MM `` header, then the body on
the same line, paragraphs separated by blank lines, no trailing newline.

The vocabulary is the Dutch frequency list shipped inside the ``wordfreq`` package
(no download), sampled with Zipf weights ``p ~ 1/rank**s``.  Person, organisation
and place names come from hand lists in this module, also with Zipf popularity.
Quirks of the real scraped data are reproduced: run-on repeated blocks, "Lees ook:"
teasers, glued sentences ("woord.Volgende"), exact and near duplicate articles.

Planted month events (``--events N``, default 0 = none): event ``i`` is the word
``EVENT_WORDS[i]`` (made-up compounds, none in the vocabulary) planted in month
``months[floor((i + 0.5) * 84 / N)]`` (spread evenly over 2018-01..2024-12): each article
of that month, with probability ``--event-share`` (default 0.3), gets the word in place of 1-3
of its lowercase words. The decision and the positions come from SHA-1 of
(seed, batch, article index), not from the article stream, so ``--events 0`` writes exactly
the corpus it wrote before this option existed, and the non-event words never change.
:func:`planted_events` lists (word, month) for tests and the benchmark.

Output depends only on (n_articles, seed, events, event_share, quotes) -- and on the wordfreq word list, so pin
wordfreq when comparing corpora across machines.  Every random decision is derived
from ``Generator.random()`` (whose stream numpy keeps stable) through a per-batch
``SeedSequence([seed, batch])``, so ``--jobs`` does not change the output.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import multiprocessing
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BATCH = 1000  # articles per independently seeded batch (part of the output definition)
VOCAB_SIZE = 20000
ZIPF_S = 1.0
ENTITY_ZIPF_S = 1.0
FIRST_YEAR, LAST_YEAR = 2018, 2024
MONTH_TREND = 0.5  # the last month is 1.5x as likely as the first

TARGET_MEAN, TARGET_SD = 400.0, 70.0
TARGET_MIN, TARGET_MAX = 265, 570  # words; one sentence (<= 25) of overshoot keeps <= 600
SENT_MIN, SENT_MAX = 8, 25
PARA_MIN, PARA_MAX = 3, 8

P_DUPLICATE = 0.02
P_NEAR_DUPLICATE = 0.01
P_REPEAT_BLOCK = 0.05
P_TEASER = 0.10
P_GLUED = 0.05

# Words for planted month events: invented compounds, checked absent from the wordfreq top 20,000.
EVENT_WORDS = """
dijkdoorbraak stroomstoring treinramp bosbrand vogelgriep havenstaking cyberaanval mestcrisis
gaslek tunnelbrand stikstofcrisis windhoos olielek kabelbreuk sluisbreuk zandstorm ijzelregen
gifwolk bruggenstaking graanschaarste kernstoring dijkval vulkaanas muntcrisis zoutmijnbrand
spoorstaking hoogwater mijnramp sneeuwchaos droogtecrisis
""".split()
EVENT_SHARE = 0.3

# Quotes (``--quotes SHARE``, default 0 = none): an article (not a duplicate), with probability
# SHARE from SHA-1 of (seed, batch, article index, "quote"), gets one extra paragraph quoting a
# person of the name list (Zipf popularity) in one of these Dutch reporting patterns; the quoted
# words are taken from the article itself. 0 writes exactly the corpus written before the option.
QUOTE_PATTERNS = [
    "'{q}', zei {full}.",
    "{full} verklaarde: “{q}.”",
    "“{q}”, aldus {surname}.",
    "{full} reageerde op de kritiek. '{q}', zei hij.",
    "„{q}”, liet {full} weten.",
]

FILE_RE = re.compile(r"^\d{3,}_[0-9a-f]{16}\.txt$")

# ---------------------------------------------------------------------------
# Entity inventories (hand lists: stable across package versions)
# ---------------------------------------------------------------------------

FIRST_NAMES = """
Jan Pieter Kees Sander Bart Tom Wouter Koen Jeroen Thomas Lars Daan Ruben Stijn Dirk
Hans Geert Marc Luc Wim Joris Maarten Sven Bram Niels Erik Frank Mark Rutger Jasper
Anna Emma Sophie Lotte Eva Sanne Lisa Femke Marieke Ingrid Els An Katrien Hilde Sofie
Nathalie Annelies Inge Mieke Fleur Julia Noor Lieve Charlotte Veerle Marleen Petra
Yasmina Mohamed Fatima Ahmed Pieter-Jan Anne-Marie
""".split()

SURNAMES = [
    "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
    "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
    "van den Heuvel", "van der Veen", "Peeters", "Janssens", "Maes", "Mertens",
    "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Lambert",
    "Dupont", "De Clercq", "Van Damme", "Verhoeven", "Vandenbroucke", "De Backer",
    "Claeys", "Hermans", "Van den Broeck", "Michiels", "Vermeersch", "Coppens",
    "Pauwels", "Verstraete", "Bogaert", "El Amrani", "Yilmaz", "Timmermans", "Hoekstra",
]

N_PERSONS = 200

# (article, name); the article is used in phrases like "volgens de NAVO"
ORGANISATIONS = [
    ("de", "NAVO"), ("de", "Europese Commissie"), ("de", "Europese Unie"),
    ("de", "Vlaamse regering"), ("de", "Verenigde Naties"), ("het", "Europees Parlement"),
    ("de", "federale regering"), ("de", "Tweede Kamer"), ("het", "Kremlin"),
    ("de", "VN-Veiligheidsraad"), ("het", "Witte Huis"), ("de", "Nederlandse regering"),
    ("het", "Openbaar Ministerie"), ("de", "Wereldgezondheidsorganisatie"),
    ("de", "Europese Centrale Bank"), ("het", "Internationaal Monetair Fonds"),
    ("de", "Wereldbank"), ("de", "Raad van State"), ("het", "Rode Kruis"),
    ("", "Artsen zonder Grenzen"), ("", "Amnesty International"), ("de", "OVSE"),
    ("het", "Grondwettelijk Hof"), ("de", "Hoge Raad"), ("de", "Eerste Kamer"),
    ("het", "Pentagon"), ("de", "N-VA"), ("de", "VVD"), ("het", "CDA"), ("", "D66"),
    ("de", "PVV"), ("", "GroenLinks"), ("de", "PvdA"), ("", "Vooruit"), ("", "Open VLD"),
    ("", "CD&V"), ("het", "Vlaams Belang"), ("", "Groen"), ("de", "PVDA"),
    ("de", "Nationale Bank"), ("", "De Nederlandsche Bank"), ("het", "CBS"),
    ("het", "RIVM"), ("", "Sciensano"), ("de", "KU Leuven"), ("de", "Universiteit Gent"),
    ("de", "VRT"), ("de", "NOS"), ("", "Belga"), ("het", "ANP"), ("de", "NMBS"),
    ("de", "NS"), ("", "ProRail"), ("", "De Lijn"), ("", "KLM"), ("", "Shell"),
    ("", "Philips"), ("", "ASML"), ("", "KBC"), ("", "ING"), ("", "Ahold Delhaize"),
    ("de", "KNVB"), ("de", "UEFA"), ("de", "FIFA"), ("het", "IOC"), ("", "Ajax"),
    ("", "Feyenoord"), ("", "PSV"), ("", "Club Brugge"), ("", "Anderlecht"),
]

# Dutch names of cities and countries, roughly in order of news popularity
PLACES = """
Brussel|Nederland|België|Amsterdam|Antwerpen|Rusland|Oekraïne|Verenigde Staten|Den Haag|
Gent|Duitsland|Frankrijk|Rotterdam|Europa|Washington|Moskou|China|Parijs|Utrecht|Leuven|
Kiev|Berlijn|Londen|Verenigd Koninkrijk|Luik|Israël|Gaza|Brugge|Mechelen|Eindhoven|
Groningen|Hasselt|Charleroi|Turkije|Italië|Spanje|Polen|Syrië|Iran|Afghanistan|Irak|
Genève|Straatsburg|Luxemburg|Wenen|Rome|Madrid|Peking|New York|Jeruzalem|Tilburg|Breda|
Nijmegen|Arnhem|Maastricht|Zwolle|Leiden|Haarlem|Almere|Den Bosch|Enschede|Apeldoorn|
Amersfoort|Delft|Dordrecht|Leeuwarden|Alkmaar|Venlo|Heerlen|Hilversum|Middelburg|Assen|
Lelystad|Deventer|Zoetermeer|Namen|Bergen|Aalst|Kortrijk|Oostende|Genk|Sint-Niklaas|
Roeselare|Turnhout|Ieper|Aarlen|Doornik|Zaventem|Marokko|Congo|Egypte|India|Japan|
Zuid-Korea|Noord-Korea|Brazilië|Mexico|Canada|Australië|Zuid-Afrika|Nigeria|Kenia|
Ethiopië|Oostenrijk|Zwitserland|Zweden|Noorwegen|Denemarken|Finland|Ierland|Portugal|
Griekenland|Hongarije|Tsjechië|Roemenië|Bulgarije|Kroatië|Servië|Wit-Rusland|Litouwen|
Letland|Estland|Slowakije|Slovenië|Moldavië|Georgië|Armenië|Azerbeidzjan|Kazachstan|
Saoedi-Arabië|Qatar|Libanon|Jordanië|Indonesië|Vietnam|Thailand|Filipijnen|Venezuela|
Argentinië|Chili|Colombia|Ankara|Istanboel|Teheran|Kaboel|Bagdad|Damascus|Beiroet|
Caïro|Tokio|Keulen|Aken|Rijsel|Kopenhagen|Stockholm|Oslo|Helsinki|Lissabon|Warschau|
Praag|Boedapest|Athene
""".replace("\n", "").split("|")

PERSON_TEMPLATES = ["{}", "{}", "{}", "{}", "minister {}", "woordvoerder {}",
                    "burgemeester {}", "zei {}", "volgens {}", "premier {}"]
ORG_TEMPLATES = ["{}", "{}", "volgens {}", "bij {}", "van {}", "door {}"]
PLACE_TEMPLATES = ["in {}", "in {}", "uit {}", "naar {}", "{}", "bij {}"]


def _zipf_cum(n: int, s: float) -> list[float]:
    w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** s
    c = np.cumsum(w)
    return (c / c[-1]).tolist()


def _cap(w: str) -> str:
    if w[:2] == "ij":
        return "IJ" + w[2:]
    return w[:1].upper() + w[1:]


def _persons() -> list[tuple[str, str]]:
    """200 (full name, surname-as-used-alone) pairs, deterministic, no RNG involved."""
    pairs = [(f, s) for f in FIRST_NAMES for s in SURNAMES]
    pairs.sort(key=lambda p: hashlib.sha1(f"{p[0]}|{p[1]}".encode()).digest())
    out, seen_first, seen_sur = [], {}, {}
    for f, s in pairs:  # spread first names and surnames evenly over the list
        if seen_first.get(f, 0) >= 4 or seen_sur.get(s, 0) >= 4:
            continue
        seen_first[f] = seen_first.get(f, 0) + 1
        seen_sur[s] = seen_sur.get(s, 0) + 1
        out.append((f"{f} {s}", _cap(s)))
        if len(out) == N_PERSONS:
            break
    return out


class _Resources:
    def __init__(self) -> None:
        try:
            from wordfreq import top_n_list
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise SystemExit("bench generate needs the 'wordfreq' package: run it as `python3 run.py bench "
                             "generate ...` (installs the bench extra), or pip install '.[bench]'") from exc

        self.persons = _persons()
        self.orgs = [f"{a} {n}" if a else n for a, n in ORGANISATIONS]
        self.places = PLACES
        entity_words = {
            w.lower()
            for name in itertools.chain((p[0] for p in self.persons), (n for _, n in ORGANISATIONS), PLACES)
            for w in name.replace("-", " ").split()
        }
        ranks, words = [], []
        for rank, w in enumerate(top_n_list("nl", VOCAB_SIZE), start=1):
            if w.isalpha() and (len(w) > 1 or w == "u") and w not in entity_words:
                ranks.append(rank)
                words.append(w)
        self.vocab = np.array(words, dtype=object)
        weights = 1.0 / np.asarray(ranks, dtype=np.float64) ** ZIPF_S
        cdf = np.cumsum(weights)
        self.vocab_cdf = cdf / cdf[-1]
        self.person_cum = _zipf_cum(len(self.persons), ENTITY_ZIPF_S)
        self.org_cum = _zipf_cum(len(self.orgs), ENTITY_ZIPF_S)
        self.place_cum = _zipf_cum(len(self.places), ENTITY_ZIPF_S)
        self.months = [f"{y:04d}-{m:02d}" for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]
        nm = len(self.months)
        mw = 1.0 + MONTH_TREND * np.arange(nm) / max(nm - 1, 1)
        self.month_cum = (np.cumsum(mw) / mw.sum()).tolist()


_RES: _Resources | None = None


def _resources() -> _Resources:
    global _RES
    if _RES is None:
        _RES = _Resources()
    return _RES


# ---------------------------------------------------------------------------
# Random streams
# ---------------------------------------------------------------------------


class _Uniforms:
    """Scalar uniforms drawn in chunks from a Generator (avoids per-call numpy overhead)."""

    def __init__(self, rng: np.random.Generator, chunk: int = 1 << 16) -> None:
        self.rng, self.chunk = rng, chunk
        self._next = iter(()).__next__

    def __call__(self) -> float:
        try:
            return self._next()
        except StopIteration:
            self._next = iter(self.rng.random(self.chunk).tolist()).__next__
            return self._next()

    def below(self, n: int) -> int:
        return min(int(self() * n), n - 1)

    def pick(self, cum: list[float]) -> int:
        return min(bisect.bisect_left(cum, self()), len(cum) - 1)


class _Words:
    """Zipf-distributed vocabulary words, sampled vectorised in large chunks."""

    def __init__(self, rng: np.random.Generator, res: _Resources, chunk: int = 1 << 18) -> None:
        self.rng, self.res, self.chunk = rng, res, chunk
        self.buf: list[str] = []
        self.pos = 0

    def take(self, n: int) -> list[str]:
        if self.pos + n > len(self.buf):
            idx = np.searchsorted(self.res.vocab_cdf, self.rng.random(self.chunk), side="right")
            np.minimum(idx, len(self.res.vocab) - 1, out=idx)
            self.buf = self.buf[self.pos:] + self.res.vocab[idx].tolist()
            self.pos = 0
        out = self.buf[self.pos:self.pos + n]
        self.pos += n
        return out


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------


class _Article:
    """paragraphs: lists of units (sentences, or a teaser as its own paragraph)."""

    __slots__ = ("paras", "teaser_para", "teaser_glued", "glue", "repeat")

    def __init__(self) -> None:
        self.paras: list[list[str]] = []
        self.teaser_para = -1  # index of the paragraph holding the "Lees ook:" line
        self.teaser_glued = False  # teaser glued onto the end of the previous paragraph
        self.glue: tuple[int, int] | None = None  # (paragraph, unit) joined without space
        self.repeat: tuple[int, int] | None = None  # run-on block: from paragraph, word budget

    def copy(self) -> "_Article":
        a = _Article()
        a.paras = [list(p) for p in self.paras]
        a.teaser_para, a.teaser_glued, a.glue, a.repeat = (
            self.teaser_para, self.teaser_glued, self.glue, self.repeat)
        return a

    def render(self) -> str:
        texts = []
        for i, units in enumerate(self.paras):
            if self.glue is not None and self.glue[0] == i:
                j = self.glue[1]
                texts.append(" ".join(units[:j]) + " ".join(units[j:]))
            else:
                texts.append(" ".join(units))
        if self.repeat is not None:
            start, budget = self.repeat
            parts, used = [], 0
            for i in range(start, len(self.paras)):
                for unit in self.paras[i]:
                    if used >= budget:
                        break
                    if i == self.teaser_para and parts:
                        parts[-1] += unit  # "...invasie.Lees ook: ..." as in the scraped data
                    else:
                        parts.append(unit)
                    used += unit.count(" ") + 1
            block = " ".join(parts)
        if self.teaser_glued and self.teaser_para > 0:
            t = self.teaser_para
            texts[t - 1] += texts[t]
            del texts[t]
        if self.repeat is not None:
            texts.append(block)
        return "\n\n".join(texts)


class _Writer:
    def __init__(self, res: _Resources, seed: int, batch: int) -> None:
        ss = np.random.SeedSequence([seed, batch])
        r_words, r_dec = (np.random.Generator(np.random.PCG64(s)) for s in ss.spawn(2))
        self.res = res
        self.words = _Words(r_words, res)
        self.u = _Uniforms(r_dec)

    # -- entities ----------------------------------------------------------

    def _cast(self) -> tuple[list[int], list[int], list[int]]:
        u, r = self.u, self.res
        persons = [u.pick(r.person_cum) for _ in range(1 + u.below(3))]
        orgs = [u.pick(r.org_cum) for _ in range(1 + u.below(2))]
        places = [u.pick(r.place_cum) for _ in range(1 + u.below(3))]
        return persons, orgs, places

    def _mention(self, cast, seen: set[int]) -> list[str]:
        u, r = self.u, self.res
        kind = u()
        local = u() < 0.75
        if kind < 0.45:
            i = cast[0][u.below(len(cast[0]))] if local else u.pick(r.person_cum)
            full, surname = r.persons[i]
            name = surname if (i in seen and u() < 0.75) else full
            seen.add(i)
            tmpl = PERSON_TEMPLATES[u.below(len(PERSON_TEMPLATES))]
        elif kind < 0.70:
            i = cast[1][u.below(len(cast[1]))] if local else u.pick(r.org_cum)
            name = r.orgs[i]
            tmpl = ORG_TEMPLATES[u.below(len(ORG_TEMPLATES))]
        else:
            i = cast[2][u.below(len(cast[2]))] if local else u.pick(r.place_cum)
            name = r.places[i]
            tmpl = PLACE_TEMPLATES[u.below(len(PLACE_TEMPLATES))]
        return tmpl.format(name).split(" ")

    def _fill(self, slots: list[str], n_mentions: int, cast, seen: set[int]) -> None:
        n = len(slots)
        for j in range(n_mentions):
            lo, hi = j * n // n_mentions, (j + 1) * n // n_mentions
            phrase = self._mention(cast, seen)
            k = len(phrase)
            if hi - lo < k:
                continue
            pos = lo + self.u.below(hi - lo - k + 1)
            slots[pos:pos + k] = phrase

    def _sentence(self, n_words: int, cast, seen: set[int]) -> str:
        u = self.u
        slots = self.words.take(n_words)
        if n_words >= 12 and u() < 0.35:
            p = 3 + u.below(n_words - 6)
            slots[p] += ","
        r = u()
        self._fill(slots, 0 if r < 0.45 else (1 if r < 0.85 else 2), cast, seen)
        slots[0] = _cap(slots[0])
        slots[-1] += "."
        return " ".join(slots)

    def _teaser(self, cast, seen: set[int]) -> str:
        u = self.u
        slots = self.words.take(6 + u.below(7))
        self._fill(slots, 1, cast, seen)
        slots[0] = _cap(slots[0])
        if u() < 0.2:
            slots[-1] += "?"
        return "Lees ook: " + " ".join(slots)

    def article(self) -> _Article:
        u = self.u
        # approximately normal target length (sum of 4 uniforms), clipped
        z = (u() + u() + u() + u() - 2.0) * 1.7320508
        target = int(min(max(TARGET_MEAN + TARGET_SD * z, TARGET_MIN), TARGET_MAX))
        repeat = u() < P_REPEAT_BLOCK
        teaser = u() < P_TEASER
        glued = u() < P_GLUED
        cast = self._cast()
        seen: set[int] = set()

        base = int(target * 0.62) if repeat else target
        teaser_text = self._teaser(cast, seen) if teaser else ""
        if teaser:
            base -= teaser_text.count(" ") + 1 - 2  # "Lees ook:" is boilerplate
        sentences, words = [], 0
        while words < base:
            n = SENT_MIN + u.below(SENT_MAX - SENT_MIN + 1)
            sentences.append(self._sentence(n, cast, seen))
            words += n

        a = _Article()
        n_paras = min(PARA_MIN + u.below(PARA_MAX - PARA_MIN + 1), len(sentences))
        weights = [0.5 + u() for _ in range(n_paras)]
        total, cum, prev, ns = sum(weights), 0.0, 0, len(sentences)
        for i in range(n_paras - 1):
            cum += weights[i]
            b = round(cum / total * ns)
            b = min(max(b, prev + 1), ns - (n_paras - 1 - i))
            a.paras.append(sentences[prev:b])
            prev = b
        a.paras.append(sentences[prev:])

        if teaser:
            at = len(a.paras) if u() < 0.5 else 1 + u.below(len(a.paras))
            a.paras.insert(at, [teaser_text])
            a.teaser_para = at
            a.teaser_glued = u() < 0.3
        if glued:
            multi = [i for i, p in enumerate(a.paras) if len(p) > 1 and i != a.teaser_para]
            if multi:
                i = multi[u.below(len(multi))]
                a.glue = (i, 1 + u.below(len(a.paras[i]) - 1))
        if repeat:
            counts = [sum(x.count(" ") + 1 for x in p) for p in a.paras]
            budget = target - sum(counts)
            starts = [s for s in range(1, len(a.paras)) if sum(counts[s:]) >= budget] or [0]
            a.repeat = (starts[u.below(len(starts))], budget)
        return a

    def near_duplicate(self, src: _Article) -> _Article:
        a = src.copy()
        choices = [(i, j) for i, p in enumerate(a.paras) if i != a.teaser_para for j in range(len(p))]
        i, j = choices[self.u.below(len(choices))]
        n = a.paras[i][j].count(" ") + 1
        a.paras[i][j] = self._sentence(min(max(n, SENT_MIN), SENT_MAX), self._cast(), set())
        return a


def _positions(u: _Uniforms, lo: int, hi: int, k: int) -> set[int]:
    """k distinct integers in [lo, hi) (partial Fisher-Yates)."""
    pool = list(range(lo, hi))
    k = min(k, len(pool))
    for i in range(k):
        j = i + u.below(len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return set(pool[:k])


def planted_events(n_events: int) -> list[tuple[str, str]]:
    """(event word, month) of each planted event, months spread evenly over the corpus months."""
    if not 0 <= n_events <= len(EVENT_WORDS):
        raise ValueError(f"events must be between 0 and {len(EVENT_WORDS)}, got {n_events}")
    months = [f"{y:04d}-{m:02d}" for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]
    return [(EVENT_WORDS[i], months[int((i + 0.5) * len(months) / n_events)]) for i in range(n_events)]


def _hash_uniforms(*key) -> list[float]:
    """Five uniforms in [0, 1) from SHA-1 of ``key`` (independent of the article streams)."""
    digest = hashlib.sha1(repr(key).encode()).digest()
    return [int.from_bytes(digest[i:i + 4], "big") / 2**32 for i in range(0, 20, 4)]


def _plant(body: str, word: str, u: list[float]) -> str:
    """``body`` with 1-3 of its lowercase words (chosen by ``u``) replaced by ``word``."""
    parts = body.split(" ")
    slots = [i for i, p in enumerate(parts) if len(p) > 2 and p.isalpha() and p.islower()]
    if not slots:
        return body
    for x in u[1:1 + 1 + int(u[0] * 3) % 3]:
        i = slots[min(int(x * len(slots)), len(slots) - 1)]
        parts[i] = word
    return " ".join(parts)


def _quote(body: str, res: "_Resources", u: list[float]) -> str:
    """``body`` with one quote paragraph (see :data:`QUOTE_PATTERNS`) inserted, chosen by ``u``."""
    words = [w for w in body.split() if w.isalpha() and w.islower()]
    if len(words) < 20:
        return body
    n = 6 + int(u[2] * 1000) % 10
    at = int(u[2] * (len(words) - n))
    q = " ".join(words[at:at + n])
    full, surname = res.persons[min(bisect.bisect_right(res.person_cum, u[1]), len(res.persons) - 1)]
    para = QUOTE_PATTERNS[int(u[3] * len(QUOTE_PATTERNS))].format(q=q[0].upper() + q[1:], full=full, surname=surname)
    paras = body.split("\n\n")
    paras.insert(1 + int(u[4] * len(paras)), para)
    return "\n\n".join(paras)


def _batch(seed: int, batch: int, size: int, events: dict[str, str] | None = None, share: float = EVENT_SHARE,
           quotes: float = 0.0):
    """Yield (month, body, kind) for one batch; kind is '', 'dup' or 'near'.

    ``events`` maps a month to its event word (see :func:`planted_events`)."""
    res = _resources()
    w = _Writer(res, seed, batch)
    u = w.u
    n_dup = max(1, round(size * P_DUPLICATE)) if size >= 20 else 0
    n_near = max(1, round(size * P_NEAR_DUPLICATE)) if size >= 50 else 0
    special = list(_positions(u, 1, size, n_dup + n_near))
    special.sort()
    flags = {}
    for k, p in enumerate(special):  # deterministic split into dups / near-dups
        flags[p] = "dup" if k % 3 != 2 or n_near == 0 else "near"
    arts: list[_Article] = []
    bodies: list[str] = []
    months: list[int] = []
    nm = len(res.months)
    for i in range(size):
        kind = flags.get(i, "")
        if kind:
            src = u.below(i)
            month = min(months[src] + u.below(3), nm - 1)
            if kind == "dup":
                art, body = arts[src], bodies[src]
            else:
                art = w.near_duplicate(arts[src])
                body = art.render()
        else:
            month = u.pick(res.month_cum)
            art = w.article()
            body = art.render()
            word = (events or {}).get(res.months[month])
            if word:
                h = _hash_uniforms(seed, batch, i)
                if h[4] < share:
                    body = _plant(body, word, h)
            if quotes:
                h = _hash_uniforms(seed, batch, i, "quote")
                if h[0] < quotes:
                    body = _quote(body, res, h)
        arts.append(art)
        bodies.append(body)
        months.append(month)
        yield res.months[month], body, kind


@dataclass(frozen=True)
class GenerateSummary:
    articles: int
    tokens: int
    months: int
    duplicates: int
    seconds: float
    near_duplicates: int = 0

    def line(self) -> str:
        return (f"generated {self.articles} articles, {self.tokens} tokens, {self.months} months, "
                f"{self.duplicates} duplicates (+{self.near_duplicates} near), {self.seconds:.1f} s")


def _write_batch(args: tuple) -> tuple[int, int, list[str], int, int]:
    seed, batch, size, width, out, events, share, quotes = args
    tokens = dups = near = 0
    months: set[str] = set()
    index = batch * BATCH
    for month, body, kind in _batch(seed, batch, size, events, share, quotes):
        data = f" date {month} {body}".encode("utf-8")
        name = f"{index:0{width}d}_{hashlib.sha1(data).hexdigest()[:16]}.txt"
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(data)
        tokens += body.count(" ") + body.count("\n\n") + 1
        months.add(month)
        dups += kind == "dup"
        near += kind == "near"
        index += 1
    return size, tokens, sorted(months), dups, near


def generate_corpus(n_articles: int, out_dir: Path, seed: int = 0, *, jobs: int = 1,
                    clean: bool = False, events: int = 0, event_share: float = EVENT_SHARE,
                    quotes: float = 0.0) -> GenerateSummary:
    """Write ``n_articles`` seed-format articles into ``out_dir``; deterministic in (n, seed,
    events, event_share, quotes). ``events`` plants that many month events, ``quotes`` gives that
    share of the articles a quoted person (module docstring).

    Refuses to write into a directory that already holds corpus files unless ``clean``,
    which first deletes those files (only names matching ``NNN_<hex16>.txt``).
    """
    if n_articles < 0:
        raise ValueError("n_articles must be >= 0")
    if seed < 0:
        raise ValueError("seed must be >= 0")
    if not 0.0 <= event_share <= 1.0:
        raise ValueError(f"event_share must be between 0 and 1, got {event_share}")
    if not 0.0 <= quotes <= 1.0:
        raise ValueError(f"quotes must be between 0 and 1, got {quotes}")
    plan = {month: word for word, month in planted_events(events)}
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    existing = [e for e in os.scandir(out) if FILE_RE.match(e.name)]
    if existing:
        if not clean:
            raise FileExistsError(f"{out} already contains {len(existing)} corpus files (use clean=True / --clean)")
        for e in existing:
            os.unlink(e.path)
    width = max(3, len(str(max(n_articles - 1, 0))))
    _resources()  # load once in the parent so forked workers inherit it
    tasks = [(seed, b, min(BATCH, n_articles - b * BATCH), width, str(out), plan, event_share, quotes)
             for b in range((n_articles + BATCH - 1) // BATCH)]
    jobs = max(1, min(jobs, len(tasks)))
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = list(pool.imap_unordered(_write_batch, tasks))
    else:
        results = [_write_batch(t) for t in tasks]
    months: set[str] = set()
    for r in results:
        months.update(r[2])
    return GenerateSummary(
        articles=sum(r[0] for r in results),
        tokens=sum(r[1] for r in results),
        months=len(months),
        duplicates=sum(r[3] for r in results),
        seconds=round(time.perf_counter() - t0, 3),
        near_duplicates=sum(r[4] for r in results),
    )


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------


def _nonneg(text: str) -> int:
    v = int(text)
    if v < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return v


def register(subparsers) -> None:
    p = subparsers.add_parser("generate", help="write a deterministic synthetic corpus in the seed format")
    p.add_argument("--articles", type=_nonneg, required=True, help="number of articles")
    p.add_argument("--out", type=Path, required=True, help="output directory (created)")
    p.add_argument("--seed", type=_nonneg, default=0, help="random seed (default 0)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                   help="worker processes (output does not depend on it; default min(2, cpus))")
    p.add_argument("--clean", action="store_true", help="delete existing corpus files in --out first")
    p.add_argument("--events", type=_nonneg, default=0,
                   help=f"plant N month events (an event word in a share of one month's articles; max {len(EVENT_WORDS)})")
    p.add_argument("--event-share", type=float, default=EVENT_SHARE,
                   help="share of the event month's articles that get the event word (default 0.3)")
    p.add_argument("--quotes", type=float, default=0.0,
                   help="share of the articles given a paragraph quoting a person (default 0: none)")
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    try:
        summary = generate_corpus(args.articles, args.out, args.seed, jobs=args.jobs, clean=args.clean,
                                  events=args.events, event_share=args.event_share, quotes=args.quotes)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    print(f"{summary.line()} -> {args.out}")
    return 0
