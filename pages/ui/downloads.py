"""Download buttons: CSVs in the CLI export's exact format and the zip of every export table.

``st.download_button`` needs its bytes before the click, so the bytes are built from cached tables;
for a large selection a callable is passed instead, so the file is only made when clicked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

import pandas as pd
import streamlit as st

from analytics import export as _export
from analytics.dataset import BuiltCorpus
from analytics.filters import FilterState
from analytics.safe_text import md, one_line

from .cache import EXPORT_OPTIONS, HASH, selected_count, table

if TYPE_CHECKING:
    from .frame import PageContext

#: Up to this many selected articles, download files are made with the page; above it, on click.
EAGER_DOWNLOAD_ARTICLES = 200


@st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=16)
def table_csv(corpus: BuiltCorpus, flt: FilterState, name: str) -> bytes:
    return _export.csv_bytes(table(corpus, flt, name))


@st.cache_data(show_spinner=False, hash_funcs=HASH, max_entries=4)
def export_zip(corpus: BuiltCorpus, flt: FilterState) -> bytes:
    tables = {name: table(corpus, flt, name) for name in _export.TABLE_NAMES}
    return _export.zip_bytes(corpus, flt, EXPORT_OPTIONS, tables=tables)


def download_data(ctx: "PageContext", make: Callable[[], bytes]) -> bytes | Callable[[], bytes]:
    """Bytes now for a small selection; for a large one a callable, so the (cached) tables are
    only turned into a file when the button is clicked, not on every filter change."""
    return make() if selected_count(ctx.corpus, ctx.flt) <= EAGER_DOWNLOAD_ARTICLES else make


def csv_of(df: pd.DataFrame) -> bytes:
    """A DataFrame as CSV bytes in the export's format."""
    return _export.csv_bytes(df)


def download_csv(data, file_name: str, label: str | None = None, *, key: str | None = None) -> None:
    """A CSV download button; a DataFrame is written with the CLI export's exact CSV format."""
    payload = _export.csv_bytes(data) if isinstance(data, pd.DataFrame) else data
    file_name = re.sub(r"[^\w.\-]+", "_", one_line(file_name))[:120]  # may hold an article id
    st.download_button(
        label or f"Download {md(file_name)}", payload, file_name=file_name, mime="text/csv",
        key=key or f"dl_{file_name}", on_click="ignore", icon=":material/download:",
    )


def download_table(ctx: "PageContext", name: str, label: str | None = None) -> None:
    """Download one CLI export table (``articles``, ``terms_by_month``, ...) as ``<name>.csv``."""
    download_csv(download_data(ctx, lambda: table_csv(ctx.corpus, ctx.flt, name)), f"{name}.csv", label)


def download_tables(ctx: "PageContext", *names: str) -> None:
    """:func:`download_table` buttons for ``names``, side by side."""
    for column, name in zip(st.columns(len(names)), names):
        with column:
            download_table(ctx, name, f"Download {name}.csv")


def download_zip(ctx: "PageContext") -> None:
    """Every export table of the current filter with its manifest, as one zip."""
    st.download_button(
        "Download all tables (zip)", download_data(ctx, lambda: export_zip(ctx.corpus, ctx.flt)),
        file_name="news-analytics-export.zip",
        mime="application/zip", key="dl_zip", on_click="ignore", icon=":material/folder_zip:", type="primary",
    )
