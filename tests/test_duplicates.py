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
