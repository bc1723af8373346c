"""Column settings of the tables the pages show (headers, number formats, help, widths)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

SPIKE_COLUMNS = {
    "p_value": st.column_config.NumberColumn("p-value", format="%.2e"),
    "expected": st.column_config.NumberColumn("Expected", format="%.2f"),
    "ratio": st.column_config.NumberColumn("Ratio", format="%.1f"),
    "share": st.column_config.NumberColumn("Share", format="%.3f"),
}
KWIC_COLUMNS = {
    "left": st.column_config.TextColumn("Left context", width="large"),
    "term": st.column_config.TextColumn("Hit", width="small"),
    "right": st.column_config.TextColumn("Right context", width="large"),
    "id": st.column_config.TextColumn("Article"),
    "month": st.column_config.TextColumn("Month"),
    "start": st.column_config.NumberColumn("Offset", help="Character offset of the hit in the cleaned text."),
}
KEYNESS_COLUMNS = {
    "rank": st.column_config.NumberColumn("Rank"),
    "a": st.column_config.NumberColumn("a", help="Occurrences in the target (the month's selected articles)."),
    "b": st.column_config.NumberColumn("b", help="Occurrences in the rest of the corpus."),
    "c": st.column_config.NumberColumn("c", help="Tokens of the target."),
    "d": st.column_config.NumberColumn("d", help="Tokens of the rest of the corpus."),
    "per_10k_target": st.column_config.NumberColumn("Target per 10k", format="%.2f"),
    "per_10k_reference": st.column_config.NumberColumn("Rest per 10k", format="%.2f"),
    "g2": st.column_config.NumberColumn("G²", format="%.2f", help="Log-likelihood (Rayson & Garside 2000); 3.84 = p < 0.05, 10.83 = p < 0.001."),
    "p_value": st.column_config.NumberColumn("p", format="%.2e"),
    "log_ratio": st.column_config.NumberColumn("Log Ratio", format="%.2f",
                                               help="log2 of the ratio of relative frequencies (Hardie 2014); a zero count counts as 0.5."),
}
#: Duplicates (shown full width): ids whole, month, kind and similarity narrow, the title takes the rest.
DUPLICATE_COLUMNS = {
    "id": st.column_config.TextColumn("Article", width="medium"),
    "month": st.column_config.TextColumn("Month", width="small"),
    "title": st.column_config.TextColumn("Title", width="medium"),
    "duplicate_of": st.column_config.TextColumn("Duplicate of", width="medium"),
    "duplicate_kind": st.column_config.TextColumn("Kind", width="small"),
    "similarity": st.column_config.NumberColumn("Similarity", format="%.2f", width="small"),
}


def score_axis_max(scores: pd.Series) -> float:
    """The score bar's end: the largest score shown rounded up to a tenth (at least 0.1), so
    scores of 0.1 to 0.3 fill their bars instead of a third of a 0-to-1 bar."""
    top = float(pd.to_numeric(scores, errors="coerce").max()) if len(scores) else 0.0
    return max(0.1, math.ceil((top if top == top else 0.0) * 10 - 1e-9) / 10)


def keyword_columns(scores: pd.Series) -> dict:
    """TF-IDF keyword columns; the score bar runs from 0 to :func:`score_axis_max` of ``scores``."""
    return {
        "rank": st.column_config.NumberColumn("Rank"),
        "tf": st.column_config.NumberColumn("tf", help="Occurrences of the term in the document."),
        "tf_weight": st.column_config.NumberColumn("1 + ln tf", format="%.4f", help="Dampened tf of a month."),
        "df": st.column_config.NumberColumn("df", help="Reference articles containing the term."),
        "n_docs": st.column_config.NumberColumn("n", help="Reference articles."),
        "idf": st.column_config.NumberColumn("idf", format="%.4f", help="ln((1 + n) / (1 + df)) + 1"),
        "tfidf": st.column_config.NumberColumn("weight × idf", format="%.4f"),
        "score": st.column_config.ProgressColumn(
            "Score", format="%.4f", min_value=0.0, max_value=score_axis_max(scores),
            help="weight × idf divided by the document's vector length (bar: 0 to the largest score shown, rounded up)."),
    }
