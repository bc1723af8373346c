from analytics.articles import articles_table, summary
from analytics.build import BuildOptions, build_corpus
from analytics.filters import FilterState
from analytics.keywords import keywords_by_article
from tests.tiny import write_seed_corpus

STORY = (
    "De Europese ministers van Buitenlandse Zaken kwamen dinsdag bijeen in Brussel om te praten over nieuwe "
    "sancties tegen Rusland. Volgens diplomaten ligt er een pakket op tafel dat banken en energiebedrijven treft. "
    "Hongarije blijft zich verzetten tegen een olie-embargo en vraagt uitzonderingen voor zijn raffinaderijen. "
    "Een besluit wordt pas volgende week verwacht, wanneer de regeringsleiders elkaar zien op de top. "
    "De Europese Commissie had het voorstel vorige maand al voorbereid, maar de onderhandelingen tussen de "
    "lidstaten liepen vast op de vraag hoe lang de overgangsperiode moet duren. Landen zonder zee hebben meer tijd "
    "nodig om andere leveranciers te vinden, zeggen zij. Frankrijk en Duitsland steunen het pakket, Italië twijfelt "
    "nog over de gevolgen voor de eigen industrie. Oekraïne dringt intussen aan op snellere beslissingen."
)


def test_exact_and_near_duplicates_flagged_and_droppable(tmp_path):
    articles = {
        "001": ("2022-03", STORY),
        "002": ("2022-04", STORY.replace("  ", " ").upper()),  # same tokens: exact
        "003": ("2022-03", STORY.replace("volgende week", "later deze maand")),  # one phrase edited: near
        "004": ("2022-05", "Een heel ander verhaal over het weer in Vlaanderen en de regen van gisteren."),
    }
    corpus = build_corpus(write_seed_corpus(tmp_path / "c", articles), tmp_path / "s", options=BuildOptions(entities=False))
    table = articles_table(corpus).set_index("id")
    assert table.loc["002", "duplicate_of"] == "001" and table.loc["002", "duplicate_kind"] == "exact"
    assert table.loc["003", "duplicate_of"] == "001" and table.loc["003", "duplicate_kind"] == "near"
    assert 0.8 <= table.loc["003", "similarity"] < 1.0
    assert table.loc[["001", "004"], "duplicate_of"].isna().all()
    assert summary(corpus).duplicates == 2
    dropped = FilterState(duplicates="drop")
    assert articles_table(corpus, dropped).id.tolist() == ["001", "004"]
    # Dropping duplicates changes the idf reference set: n_docs 4 -> 2.
    assert set(keywords_by_article(corpus).n_docs) == {4}
    assert set(keywords_by_article(corpus, dropped).n_docs) == {2}


def test_dropping_duplicates_in_month_tables_equals_selecting_originals(tmp_path):
    import pandas as pd

    from analytics.terms import terms_by_month, top_terms

    articles = {"001": ("2022-03", STORY), "002": ("2022-03", STORY), "003": ("2022-04", "Een ander verhaal over Gent.")}
    corpus = build_corpus(write_seed_corpus(tmp_path / "c", articles), tmp_path / "s", options=BuildOptions(entities=False))
    dropped = terms_by_month(corpus, FilterState(duplicates="drop"))
    originals = terms_by_month(corpus, FilterState(article_ids=("001", "003")))
    pd.testing.assert_frame_equal(dropped, originals)
    kept = top_terms(corpus, n=500).set_index("term")
    dropped_top = top_terms(corpus, FilterState(duplicates="drop"), n=500).set_index("term")
    assert (kept.loc["europese", "count"], kept.loc["europese", "articles"]) == (4, 2)
    assert (dropped_top.loc["europese", "count"], dropped_top.loc["europese", "articles"]) == (2, 1)


def _datasketch_reference(articles):
    """The rule as datasketch runs it: one MinHashLSH, articles inserted in (month, id) order."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from analytics.duplicates import NEAR_THRESHOLD
    from analytics.pipeline import MINHASH_PERMUTATIONS, MINHASH_SCHEME, signature_array

    ordered = articles.sort_values(["month", "id"], kind="stable")
    originals = ordered.drop_duplicates("text_hash", keep="first")
    first = dict(zip(originals["text_hash"], originals["id"]))
    rows = [(i, first[h], "exact", 1.0) for i, h in zip(ordered["id"], ordered["text_hash"]) if first[h] != i]
    lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=MINHASH_PERMUTATIONS)
    hashes, parent = {}, {}
    position = {i: k for k, i in enumerate(originals["id"])}
    for art_id, blob in zip(originals["id"], originals["minhash"]):
        mh = MinHash(num_perm=MINHASH_PERMUTATIONS, hashvalues=signature_array(blob).astype(np.uint64), scheme=MINHASH_SCHEME)
        for other in sorted(lsh.query(mh), key=position.__getitem__):
            similarity = mh.jaccard(hashes[other])
            if similarity >= NEAR_THRESHOLD:
                parent[art_id] = other
                rows.append((art_id, other, "near", round(float(similarity), 4)))
                break
        else:
            lsh.insert(art_id, mh)
            hashes[art_id] = mh
    return [(a, parent.get(o, o) if k == "exact" else o, k, s) for a, o, k, s in rows]


def test_vectorised_near_duplicates_equal_datasketch_one_at_a_time():
    """Chains of edits (a copy of a copy), exact copies of near copies, and articles that share
    bands but fall under the threshold: the one-pass candidate search must decide like LSH."""
    import numpy as np
    import pandas as pd

    from analytics.duplicates import find_duplicates

    rng = np.random.default_rng(7)
    rows = []
    for story in range(150):
        base = rng.integers(0, 2**32, 64, dtype=np.uint64).astype("<u4")
        versions = [base]
        for _ in range(rng.integers(0, 5)):
            v = versions[rng.integers(0, len(versions))].copy()
            changed = rng.choice(64, size=rng.integers(1, 24), replace=False)
            v[changed] = rng.integers(0, 2**32, len(changed), dtype=np.uint64).astype("<u4")
            versions.append(v)
        for k, v in enumerate(versions):
            month = f"2024-{rng.integers(1, 13):02d}"
            text_hash = f"h{story}-{k}" if rng.random() > 0.2 else f"h{story}-0"  # some exact copies
            rows.append((f"{story:03d}_{k}", month, text_hash, v.tobytes()))
    articles = pd.DataFrame(rows, columns=["id", "month", "text_hash", "minhash"])
    # exact copies share the first version's signature, as real copies do
    first_sig = {h: m for h, m in zip(articles["text_hash"], articles["minhash"]) if h.endswith("-0")}
    articles["minhash"] = [first_sig.get(h, m) for h, m in zip(articles["text_hash"], articles["minhash"])]
    got = find_duplicates(articles)
    expected = _datasketch_reference(articles)
    assert list(got.itertuples(index=False, name=None)) == expected
    kinds = got["duplicate_kind"].value_counts()
    assert kinds.get("near", 0) > 50 and kinds.get("exact", 0) > 10  # the test exercises both
