"""Entities: top entities by type, chosen entities per month, a heatmap, why an entity is what it is, co-occurrence
and the full tables, one section at a time; and narrowing every page to an entity."""

import altair as alt
import streamlit as st

import pages as ui
import pages.ui.quotes as vq
from analytics import entities, views

entity_roles = ui.cached(entities.entity_roles)

ctx = ui.start_page(
    "Entities",
    "People (PER), organisations (ORG), locations (LOC) and other names (MISC) found by the recogniser; "
    "surface forms such as “NAVO” and “Navo” are merged into one entity.",
)
ui.require_articles(ctx)

if not ctx.corpus.has_entities:
    ui.empty("Entities were not recognised for this corpus, so there is nothing to show here.")
    st.stop()

top = ui.top_entities(ctx.corpus, ctx.flt, ui.RANKED_ENTITIES, None)  # the pickers' entities
if top.empty:
    ui.empty("No entity is mentioned in the selected articles.")
    st.stop()

# Only the open section runs: on every filter change the page computes and draws one of them.
SECTIONS = ["Top entities", "Over time", "Heatmap", "Why an entity is what it is", "Who appears with whom",
            "Full tables"]
ui.keep_values("ent_n", "ent_type", "ent_chosen", "ent_measure", "ent_why_pick", "ent_narrow_pick",
               "co_unit", "co_top", "co_pick")
keys = list(zip(top["entity"], top["type"]))
labels = {k: views.entity_label(*k) for k in keys}

if ctx.flt.entity:
    st.markdown(f"All pages now show only articles mentioning **{ui.md(ctx.flt.entity)}**.")
    st.button("Show all articles again", on_click=ui.set_filter, kwargs={"f_entity": ""}, key="ent_clear")

tab_top, tab_time, tab_heat, tab_why, tab_network, tab_tables = ui.sections(SECTIONS, "ent_section")

with tab_top:
    if tab_top.open:
        c1, c2 = st.columns([2, 3])
        n = c1.slider("Entities", 5, ui.RANKED_PER_TYPE, ui.initial("ent_n", 10), step=5, key="ent_n")
        kind = c2.radio("Type", ["ALL", *ui.TYPES], horizontal=True, key="ent_type",
                        format_func=lambda t: "All types" if t == "ALL" else f"{t} · {views.ENTITY_TYPE_NAMES[t]}")
        types = None if kind == "ALL" else (kind,)
        top_n = ui.top_entities(ctx.corpus, ctx.flt, n, types)
        if top_n.empty:
            ui.empty(f"No {views.ENTITY_TYPE_NAMES[kind]} is mentioned in the selected articles.")
        else:
            title = "Most mentioned entities" if types is None else f"Most mentioned {kind} entities"
            ui.chart(ui.entity_bar_chart(top_n, title, legend=types is None), key="chart_top_entities")
            ui.download_csv(top_n, f"top_entities_{kind.lower()}.csv", "Download this chart's data (CSV)",
                            key="dl_top_entities")
        if not ctx.flt.entity:
            st.markdown("**Narrow every page to one entity**")
            names = list(dict.fromkeys(top["entity"]))
            pick = st.selectbox("Entity", names, key="ent_narrow_pick")
            st.button(f"Show only articles mentioning {ui.md(pick)}", on_click=ui.narrow_to_entity,
                      args=(pick, [k for k in keys if k[0] == pick], "ent_chosen"), key="ent_narrow", type="primary")

with tab_time:
    if tab_time.open:
        chosen = st.multiselect("Entities", keys, default=None if "ent_chosen" in st.session_state else keys[:3],
                                format_func=labels.get, key="ent_chosen",
                                max_selections=10, placeholder="Choose entities")
        if not chosen:
            ui.empty("Choose one or more entities to see their mentions per month.")
        else:
            months = ui.selected_months(ctx.corpus, ctx.flt)
            trend = views.entity_trend(ui.entity_counts(ctx.corpus, ctx.flt, tuple(map(tuple, chosen)), True),
                                       chosen, months)
            measure = st.radio("Measure", ["Mentions", "Articles"], horizontal=True, key="ent_measure",
                               help="Mentions: every time the entity is named. Articles: articles naming it at least once.")
            field = measure.lower()
            ui.chart(
                ui.trend_chart(
                    trend, field, measure, series="label", series_title="Entity",
                    tooltip=[alt.Tooltip("mentions:Q", title="Mentions", format=","),
                             alt.Tooltip("articles:Q", title="Articles", format=",")],
                ),
                key="chart_entity_trend",
            )
            ui.download_csv(trend, "entity_trends.csv", "Download trend data (CSV)")

with tab_heat:
    if tab_heat.open:
        months = ui.selected_months(ctx.corpus, ctx.flt)
        heat = views.entity_heatmap(ui.entity_counts(ctx.corpus, ctx.flt, tuple(keys[:20]), True), months,
                                    max_entities=20)
        ui.chart(ui.entity_heatmap_chart(heat, "Mentions per month of the 20 most mentioned entities"),
                 key="chart_entity_heatmap")
        ui.download_csv(heat.drop(columns=["label"]), "entity_heatmap.csv", "Download heatmap data (CSV)")

with tab_why:
    if tab_why.open:
        why = st.selectbox("Entity", keys, format_func=lambda k: labels[tuple(k)], key="ent_why_pick")
        rows = ui.entity_forms_of(ctx.corpus, *tuple(why))
        st.caption(
            "Every way the corpus writes this entity, how often the recogniser tagged each form with each type "
            "(with the summed confidence: the type with the largest sum over the whole corpus wins), and the merge "
            "rule that joined the form. Counts are over the whole corpus."
        )
        ui.show_table(
            rows,
            column_config={
                "surface": "Written as", "rule": "Rule", "rule_meaning": "What the rule did", "mentions": "Mentions",
                "articles": "Articles", **{f"tagged_{t.lower()}": f"Tagged {t}" for t in ui.TYPES},
                **{f"votes_{t.lower()}": st.column_config.NumberColumn(f"Confidence {t}", format="%.2f")
                   for t in ui.TYPES},
            },
        )
        roles = entity_roles(ctx.corpus, *tuple(why), ctx.flt)
        if not roles.empty:
            st.caption("Roles: titles and functions written before the name in the selected articles (not part of it).")
            ui.show_table(roles, column_config={"role": "Role", "mentions": "Mentions", "articles": "Articles"})
        ui.download_table(ctx, "entity_forms", "Download entity_forms.csv")

with tab_network:
    if tab_network.open:
        vq.network_section(ctx)

with tab_tables:
    if tab_tables.open:
        ui.show_table(ui.entities_by_month_head(ctx.corpus, ctx.flt), height=300,
                      total=ui.count_entity_months(ctx.corpus, ctx.flt))
        ui.download_tables(ctx, "entities_by_month", "entities_by_article")
