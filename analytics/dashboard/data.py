"""Reading the store for the dashboard, cached. The store is opened briefly and read-only, so that
`python -m analytics ingest` can write between page loads; cached results are keyed by the last
ingest's id, so a new ingest shows at once."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analytics import queries
from analytics.ingest import ensure_sample
from analytics.store import connect, default_store_dir


def store_dir() -> str:
    """The store this dashboard shows ($PALABRE_STORE or the default location)."""
    return str(default_store_dir())


def _read(directory: str, query: Callable[..., Any], *args: Any) -> Any:
    connection = connect(directory, read_only=True)
    try:
        return query(connection, *args)
    finally:
        connection.close()


@st.cache_resource(show_spinner="Ingesting and analysing the sample corpus…")
def prepare_store(directory: str) -> bool:
    """Create the store and ingest the bundled sample if it is empty; True when it did."""
    connection = connect(directory)
    try:
        return ensure_sample(connection)
    finally:
        connection.close()


def store_version(directory: str) -> tuple[int, int]:
    """The ids of the last ingest and the last analysis run: cached reads are keyed by both."""
    return _read(directory, lambda c: c.execute(
        "SELECT (SELECT coalesce(max(ingest_id), 0) FROM ingests), (SELECT coalesce(max(run_id), 0) FROM analysis_runs)"
    ).fetchone())


@st.cache_data(show_spinner=False)
def articles(directory: str, version: tuple[int, int]) -> pd.DataFrame:
    """The articles overview table."""
    return _read(directory, queries.articles_overview)


@st.cache_data(show_spinner=False)
def summary(directory: str, version: tuple[int, int]) -> dict:
    """The corpus summary (as `python -m analytics summary --json`)."""
    return _read(directory, queries.summary)


@st.cache_data(show_spinner=False)
def depth_counts(directory: str, version: tuple[int, int], article_id: str | None) -> pd.DataFrame:
    """Comments per depth for one article, or all articles when article_id is None."""
    return _read(directory, queries.depth_counts, article_id)


@st.cache_data(show_spinner=False)
def thread(directory: str, version: tuple[int, int], article_id: str) -> pd.DataFrame:
    """One article's comments in reading order."""
    return _read(directory, queries.thread, article_id)


@st.cache_data(show_spinner=False)
def validation(directory: str, version: tuple[int, int]) -> pd.DataFrame:
    """The validation report of every ingest."""
    return _read(directory, queries.validation_report)


@st.cache_data(show_spinner=False)
def analysis_status(directory: str, version: tuple[int, int]) -> dict:
    """How much is analysed, by which run."""
    return _read(directory, queries.analysis_status)


@st.cache_data(show_spinner=False)
def sentiment_counts(directory: str, version: tuple[int, int], article_id: str | None) -> pd.DataFrame:
    """Comments per sentiment label, for one article or all."""
    return _read(directory, queries.sentiment_counts, article_id)


@st.cache_data(show_spinner=False)
def article_targets(directory: str, version: tuple[int, int], article_id: str | None) -> pd.DataFrame:
    """The most mentioned targets, for one article or all."""
    return _read(directory, queries.article_targets, article_id)
