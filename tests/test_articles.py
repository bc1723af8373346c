"""Article-level tables read from the build-time tables: values worked out by hand."""

from analytics.articles import articles_table, cleaning_removals, duplicate_articles, removal_summary, summary
from analytics.build import BuildOptions, build_corpus
from analytics.filters import FilterState

from tiny import write_seed_corpus

TEASER = "Lees ook: Een ander verhaal over katten"
ARTICLES = {
    # 001: one teaser removed (39 characters), nothing else.
    "001": ("2024-01", f"De kat zit op de mat.\n\n{TEASER}\n\nDe kat slaapt."),
    # 002: two teasers in one article (two changes, one row each).
    "002": ("2024-01", f"Een hond blaft luid.\n\n{TEASER}\n\nDe hond rent weg.\n\n{TEASER}"),
    # 003: an exact copy of 001 in a later month (a duplicate), so also one teaser.
    "003": ("2024-02", f"De kat zit op de mat.\n\n{TEASER}\n\nDe kat slaapt."),
    # 004: nothing to clean.
    "004": ("2024-02", "Een vis zwemt in de sloot."),
}


def corpus(tmp_path):
    return build_corpus(write_seed_corpus(tmp_path / "c", ARTICLES), tmp_path / "store", options=BuildOptions(entities=False))


def test_cleaning_changes_and_their_summary(tmp_path):
    c = corpus(tmp_path)
    changes = cleaning_removals(c)
    assert changes[["id", "kind", "count", "chars"]].values.tolist() == [
        ["001", "teaser", 1, len(TEASER)], ["002", "teaser", 1, len(TEASER)], ["002", "teaser", 1, len(TEASER)],
        ["003", "teaser", 1, len(TEASER)],
    ]
    total = removal_summary(c)
    # 3 articles, 1 + 2 + 1 = 4 changes in 4 rows of 39 characters each.
    assert total[["kind", "articles", "changes", "chars", "rows"]].values.tolist() == [["teaser", 3, 4, 4 * len(TEASER), 4]]
    january = removal_summary(c, FilterState(month_to="2024-01"))
    assert january[["articles", "changes", "rows"]].values.tolist() == [[2, 3, 3]]
    assert cleaning_removals(c, limit=2)["id"].tolist() == ["001", "002"]
    assert articles_table(c).set_index("id").loc["002", "cleaning"] == f"teaser: 2 items, {2 * len(TEASER)} chars"
    assert articles_table(c).set_index("id").loc["004", "cleaning"] == ""


def test_duplicates_limits_and_single_article(tmp_path):
    c = corpus(tmp_path)
    assert duplicate_articles(c)[["id", "duplicate_of", "duplicate_kind"]].values.tolist() == [["003", "001", "exact"]]
    assert duplicate_articles(c, FilterState(month_to="2024-01")).empty
    assert summary(c).duplicates == 1
    assert articles_table(c, limit=3)["id"].tolist() == ["001", "002", "003"]
    assert articles_table(c, FilterState(month_from="2024-02"), article_id="004")["id"].tolist() == ["004"]
    assert articles_table(c, FilterState(month_from="2024-02"), article_id="001").empty
