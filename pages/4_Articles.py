"""Articles: the article table with its metrics, and a reader for one article."""

import streamlit as st

import pages as ui
from analytics import views

ctx = ui.start_page("Articles", "One row per selected article; pick one below to read it.")
ui.require_articles(ctx)

total = ui.selected_count(ctx.corpus, ctx.flt)
table = ui.articles_page(ctx.corpus, ctx.flt)
ui.show_table(
    table,
    total=total,
    column_config={
        "tokens": st.column_config.NumberColumn("tokens", help="Word tokens, stopwords included."),
        "terms": st.column_config.NumberColumn("terms", help="Tokens that are not stopwords."),
        "removed_chars": st.column_config.NumberColumn("removed chars", help="Characters cleaning removed."),
        "similarity": st.column_config.NumberColumn("similarity", format="%.2f"),
    },
)
ui.download_table(ctx, "articles", "Download articles.csv")

st.subheader("Reader")
article_id = ui.article_picker(ctx, "reader_article")
if article_id is None:
    st.stop()
selected = ui.selected_article(ctx.corpus, ctx.flt, article_id)
row = selected.iloc[0]
facts = [f"month {row['month']}", f"{int(row['tokens']):,} tokens", f"{int(row['entity_mentions']):,} entity mentions"]
if row["source"]:
    facts.append(f"source {row['source']}")
if isinstance(row["duplicate_of"], str) and row["duplicate_of"]:
    facts.append(f"{row['duplicate_kind']} duplicate of {row['duplicate_of']}")
text = ui.article_text(ctx.corpus, article_id)
# an untitled article is named by its first words, as in the pickers (its id is in the picker above)
st.markdown(f"#### {ui.md(row['title'] or 'Untitled · ' + views.article_excerpt(text, chars=100), 300)}")
st.caption(" · ".join(ui.md(f) for f in facts))
st.button("Show only this article on every page", on_click=ui.set_filter, kwargs={"f_ids": (article_id,)},
          key="reader_only", disabled=ctx.flt.article_ids == (article_id,))

text_col, side_col = st.columns([11, 9], gap="large")
mentions = ui.article_mentions(ctx.corpus, article_id)
with text_col:
    if ctx.corpus.has_entities:
        st.html(views.entity_legend_html())
    st.html(views.highlighted_html(text, mentions))
with side_col:
    st.markdown("**Top keywords**")
    kw = ui.article_keywords(ctx.corpus, ctx.flt, article_id, 10)
    if kw.empty:
        ui.empty("No keyword (the article has no terms).")
    else:
        ui.show_table(kw[["rank", "term", "tf", "df", "idf", "score"]],
                      column_config={"idf": st.column_config.NumberColumn("idf", format="%.3f"),
                                     "score": st.column_config.NumberColumn("score", format="%.3f")})
        ui.download_csv(kw, f"keywords_{article_id}.csv", "Download keywords (CSV)", key="dl_reader_keywords")
    st.markdown("**Entities**")
    if not ctx.corpus.has_entities:
        ui.empty("Entities were not recognised for this corpus.")
    elif mentions.empty:
        ui.empty("No entity found in this article.")
    else:
        ui.show_table(mentions[["surface", "type", "entity"]])
        ui.download_csv(mentions, f"mentions_{article_id}.csv", "Download mentions (CSV)", key="dl_reader_mentions")
    st.markdown("**What cleaning removed**")
    removed = ui.article_removals(ctx.corpus, article_id)
    if removed.empty:
        st.caption("Nothing: the text is shown as loaded.")
    else:
        ui.show_table(views.removals_for_display(removed)[["kind", "reason", "count", "chars", "text"]])
        ui.download_csv(removed, f"cleaning_{article_id}.csv", "Download cleaning changes (CSV)", key="dl_reader_cleaning")
