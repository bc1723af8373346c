"""The sidebar filters, generated from :data:`analytics.filters.FILTERS`, and their URL sync.

State: each filter lives in a durable session key ``f_<key>`` (not a widget key, so it survives
a page switch); its widget ``w_<key>`` copies into it in ``on_change``. The durable keys are
seeded from the URL on a session's first run *and whenever the URL differs from the one this
session last wrote*: that is browser Back/Forward (Streamlit reruns with the URL's query string)
or an edited link. After every run the URL is set to the filter, so a view is a shareable link.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

from analytics import views
from analytics.dataset import BuiltCorpus
from analytics.filters import BY_ATTR, FILTERS, Filter, FilterState
from analytics.safe_text import md

from .cache import article_labels, corpus_months, corpus_sources, entity_names

#: Sidebar pickers list at most this many articles (others can be typed or set by URL).
MAX_ARTICLE_OPTIONS = 2000
DEFAULTS = FilterState()
#: durable key -> default value, e.g. ``{"f_from": None, "f_query": "", ...}``.
FILTER_KEYS = {f"f_{f.state_key}": getattr(DEFAULTS, f.attr) for f in FILTERS}
_ATTR_OF = {f"f_{f.state_key}": f.attr for f in FILTERS} | {f.attr: f.attr for f in FILTERS}


def _durable(f: Filter) -> str:
    return f"f_{f.state_key}"


def _store(flt: FilterState, notices: list[str]) -> None:
    for f in FILTERS:
        st.session_state[_durable(f)] = getattr(flt, f.attr)
    st.session_state["f_notices"] = notices


def sync_from_url() -> None:
    """Seed the durable keys from the URL on the first run, or when the URL was changed from
    outside (Back/Forward): it then differs from the parameters this session last wrote."""
    ss, url = st.session_state, st.query_params.to_dict()
    if ss.get("f_seeded") and url == ss.get("f_url"):
        return
    flt, notices = FilterState.from_query_params(url)
    _store(flt, notices)
    ss["f_seeded"], ss["f_url"] = True, url


def reset_filters() -> None:
    _store(DEFAULTS, [])


def set_filter(**changes) -> None:
    """Change filters from a callback: ``set_filter(f_entity="Rusland")`` or ``set_filter(entity="Rusland")``."""
    for key, value in changes.items():
        if key not in _ATTR_OF:
            raise ValueError(f"unknown filter key {key!r}; allowed: {', '.join(FILTER_KEYS)}")
        st.session_state[_durable(BY_ATTR[_ATTR_OF[key]])] = value
    st.session_state["f_notices"] = []


def current_filter() -> FilterState:
    """The FilterState of the durable keys (months put in order, with a notice, by the one policy)."""
    texts = {f.attr: st.session_state.get(_durable(f)) for f in FILTERS}
    flt, notices = FilterState.from_texts(texts, name=lambda f: f.label)
    st.session_state["f_notices"] = list(dict.fromkeys(st.session_state.get("f_notices", []) + notices))
    return flt


def _copy(f: Filter, convert: Callable = lambda v: v) -> Callable[[], None]:
    """on_change: widget value -> durable key; a value the filter refuses leaves it unchanged, with a notice."""

    def callback() -> None:
        try:
            value = f.clean(convert(st.session_state[f"w_{f.state_key}"]))
        except ValueError as exc:
            st.session_state["f_notices"] = [f"{f.label} not changed: {exc}"]
            return
        st.session_state[_durable(f)] = value
        st.session_state["f_notices"] = []

    return callback


def _month(f: Filter, corpus: BuiltCorpus, choices: list[str], side: str) -> None:
    if not choices:
        return
    value = st.session_state[_durable(f)]
    st.session_state[f"w_{f.state_key}"] = value or (choices[0] if side == "from" else choices[-1])
    st.selectbox(f.label, choices, key=f"w_{f.state_key}",
                 on_change=_copy(f, lambda v: views.month_bound(v, choices, side)))


def _text(f: Filter, placeholder: str, help: str) -> None:
    st.session_state[f"w_{f.state_key}"] = f.text(st.session_state[_durable(f)])
    st.text_input(f.label, key=f"w_{f.state_key}", max_chars=200, placeholder=placeholder, help=help,
                  on_change=_copy(f))


def _pick(f: Filter, options: list[str], any_label: str, help: str) -> None:
    value = st.session_state[_durable(f)]
    options = [""] + [o for o in options if o]
    if value and value not in options:
        options.append(value)
    st.session_state[f"w_{f.state_key}"] = value
    st.selectbox(f.label, options, key=f"w_{f.state_key}", accept_new_options=True,
                 format_func=lambda e: e or any_label, help=help, on_change=_copy(f, lambda v: v or ""))


def _render(f: Filter, corpus: BuiltCorpus, choices: list[str]) -> None:
    ss, w = st.session_state, f"w_{f.state_key}"
    if f.widget in ("month_from", "month_to"):
        return  # drawn side by side first
    if f.widget == "query":
        _text(f, 'e.g. navo AND "witte huis" NOT rusland',
              "Keeps articles whose cleaned text matches (case-insensitive, whole words). Words next to each "
              'other are one phrase; "quotes" make a phrase too. Combine phrases with AND, OR, NOT and brackets.')
    elif f.widget == "entity":
        _pick(f, entity_names(corpus), "Any entity", "Keeps articles that mention this entity (canonical name; pick or type one).")
    elif f.widget == "source":
        sources = corpus_sources(corpus)
        if sources or ss[_durable(f)]:
            _pick(f, sources, "Any source", "Keeps articles of this source (the source column of a CSV/JSONL corpus).")
    elif f.widget == "ids":
        ids = article_labels(corpus)
        if len(ids) <= MAX_ARTICLE_OPTIONS:
            ss[w] = list(ss[_durable(f)])
            st.multiselect(f.label, list(ids) + [i for i in ss[_durable(f)] if i not in ids], key=w,
                           format_func=lambda i: ids.get(i, i), placeholder="All articles", on_change=_copy(f))
        else:
            _text(f, "comma-separated ids", "Keeps only these article ids.")
    elif f.widget == "dups":
        ss[w] = ss[_durable(f)] == "drop"
        st.checkbox(f.label, key=w, on_change=_copy(f, lambda v: "drop" if v else "keep"),
                    help="Leaves out every article flagged as an exact or near duplicate of an earlier one.")
    elif f.widget == "stopwords":
        _text(f, "e.g. jaar, morgen", "Words to leave out of every term, keyword and keyness table, download and "
              "export (comma-separated). They still count as tokens. No rebuild needed.")


def sidebar_filters(corpus: BuiltCorpus, container=None) -> FilterState:
    """The filter widgets (identical on every page); returns the active :class:`FilterState`."""
    ss = st.session_state
    months = corpus_months(corpus)
    choices = views.month_choices(months, ss["f_from"], ss["f_to"])
    with container or st.sidebar:
        st.header("Filters")
        c1, c2 = st.columns(2)
        with c1:
            _month(BY_ATTR["month_from"], corpus, choices, "from")
        with c2:
            _month(BY_ATTR["month_to"], corpus, choices, "to")
        for f in FILTERS:
            _render(f, corpus, choices)
        flt = current_filter()
        if not flt.is_default:
            st.button("Reset filters", on_click=reset_filters, key="w_reset")
    for notice in ss.get("f_notices", []):
        st.warning(md(notice, 300), icon=":material/warning:")
    target = flt.to_query_params()
    if st.query_params.to_dict() != target:
        st.query_params.from_dict(target)
    ss["f_url"] = target
    return flt


def narrow_to_entity(entity: str, keys: list, picker_key: str) -> None:
    """Callback: narrow every page to ``entity`` and make it the one plotted in ``picker_key``
    (the trend picker kept its earlier picks, so the chosen entity was not drawn)."""
    set_filter(entity=entity)
    st.session_state[picker_key] = list(keys)
