"""The page frame: page config, the page list, corpus, sidebar filters and the header naming the
active filter; every page starts with :func:`start_page`."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from analytics.dataset import BuiltCorpus
from analytics.filters import FilterState
from analytics.safe_text import md

from .cache import selected_count
from .corpus import ROOT, ActiveCorpus
from .filter_bar import sidebar_filters, sync_from_url
from .uploads import corpus_panel

#: The entry script's name in the page list (Streamlit would call it "dashboard").
FIRST_PAGE = "Overview"


@dataclass
class PageContext:
    corpus: BuiltCorpus
    flt: FilterState
    label: str
    uploaded: bool


def page_list() -> list[tuple[str, str]]:
    """(script path relative to the app, label) of every page: the entry script as "Overview",
    then ``pages/N_Title.py`` in Streamlit's order, labelled "Title" (sub-folders are not pages)."""
    pages = sorted((ROOT / "pages").glob("[0-9]*_*.py"), key=lambda p: (int(p.name.split("_", 1)[0]), p.name))
    return [("dashboard.py", FIRST_PAGE)] + [(f"pages/{p.name}", p.stem.split("_", 1)[1].replace("_", " ")) for p in pages]


def page_links(container, flt: FilterState) -> None:
    """The page list, each link carrying the filter in its URL (so a link opened elsewhere keeps it).
    Streamlit's own list is hidden (``client.showSidebarNavigation = false``): it names the first page
    after its file."""
    with container:
        try:
            for path, label in page_list():
                st.page_link(path, label=label, query_params=flt.to_query_params())
        except StreamlitPageNotFoundError:
            pass  # a page run on its own (AppTest of one file, bench.pages): there is no page list


def start_page(title: str, intro: str = "") -> PageContext:
    """Page config, corpus, sidebar filters and the header naming the active filter.

    Stops the page (with a message) when no corpus could be loaded.
    """
    st.set_page_config(page_title=f"{title} · Dutch news analytics", layout="wide")
    sync_from_url()
    nav_box = st.sidebar.container()
    filter_box = st.sidebar.container()
    corpus_box = st.sidebar.container()
    st.title(title)
    active = corpus_panel(corpus_box)
    if active is None:
        page_links(nav_box, FilterState())
        st.stop()
    for notice in active.notices:
        st.info(md(notice, 500), icon=":material/info:")
    flt = sidebar_filters(active.corpus, filter_box)
    page_links(nav_box, flt)
    filter_header(flt, active)
    if intro:
        st.caption(intro)
    return PageContext(active.corpus, flt, active.label, active.uploaded)


def filter_header(flt: FilterState, active: ActiveCorpus) -> None:
    st.markdown(
        f"**{md(flt.describe(), 300)}** &nbsp;·&nbsp; corpus *{md(active.label)}*",
        help="The sidebar filters apply to every page; the URL keeps them, so you can share this view.",
    )


def require_articles(ctx: PageContext) -> None:
    """Stop the page with a clear message when the filter selects no article."""
    if selected_count(ctx.corpus, ctx.flt) == 0:
        st.info(
            "No article matches this filter. Widen the months, change the text or entity, or press "
            "**Reset filters** in the sidebar.",
            icon=":material/search_off:",
        )
        st.stop()
