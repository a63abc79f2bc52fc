"""Reading the store for the dashboard, cached. Reads go to the snapshot that every writing command
publishes, through one connection per snapshot file kept open by this process (a cursor per read),
so that `python -m analytics ingest` or `analyze` can write meanwhile; cached results are keyed by
the store's version (last ingest, last analysis run, last removal), so new data shows at once."""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from analytics.errors import StoreError
from analytics.paths import DEMO_ENV, READ_ONLY_ENV
from analytics.pipeline.ingest import ensure_sample
from analytics.store import (
    DATABASE_NAME,
    SNAPSHOT_NAME,
    close_store,
    connect,
    default_store_dir,
    facts_ready,
    open_reader,
    refresh_facts,
)
from analytics.store.snapshot import StoreBusy, snapshot_cursor
from analytics.views import reports


def read_only() -> bool:
    """Whether this dashboard only shows the store: a dashboard shared on a network never writes."""
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def store_dir() -> str:
    """The store this dashboard shows ($PALABRE_STORE or the default location)."""
    return str(default_store_dir())


BUSY_SEEN_FOR = 0.5  # seconds a writer seen holding the store is taken to hold it still
_busy_seen: dict[Path, float] = {}


def database_busy(path: Path) -> bool:
    """Whether a writer holds the store now (a read-only open that may not wait fails fast, in
    about 4 ms). A writer seen holding it is believed to for BUSY_SEEN_FOR seconds: a page's dozen
    reads check once. Were it gone meanwhile, a read gets the snapshot it would have got a moment
    earlier."""
    if time.monotonic() - _busy_seen.get(path, -BUSY_SEEN_FOR) < BUSY_SEEN_FOR:
        return True
    try:
        connect(path, read_only=True, wait=0).close()
    except StoreBusy:
        _busy_seen[path] = time.monotonic()
        return True
    return False


def _read(directory: str, query: Callable[..., Any], *args: Any) -> Any:
    """query(connection, *args) on the current snapshot through the connection this process keeps
    open to it (store.snapshot.snapshot_cursor), else on a connection opened for this read."""
    path = Path(directory)
    connection = (snapshot_cursor(path, path / DATABASE_NAME,
                                  lambda alias: connect(path, read_only=True, database=alias.name),
                                  lambda: database_busy(path))
                  or open_reader(directory))
    try:
        return query(connection, *args)
    finally:
        connection.close()


def demo() -> bool:
    """Whether this dashboard shows the bundled sample (serve --demo)."""
    return os.environ.get(DEMO_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@st.cache_resource(show_spinner="Preparing the store…")
def prepare_store(directory: str) -> bool:
    """Create (or upgrade) the store, and in demo mode ingest the bundled sample into it if it is
    empty; True when it did.
    A store that already has a snapshot of this version is left alone: no writing, no waiting;
    so is any store in read-only mode."""
    if read_only():
        return False
    if (Path(directory) / SNAPSHOT_NAME).exists():
        try:
            open_reader(directory).close()
            return False
        except StoreError:  # a snapshot of an older version: upgrade the store below
            pass
    connection = connect(directory)
    try:
        added = ensure_sample(connection) if demo() else False
        if not facts_ready(connection):  # a store written by an older Palabre
            refresh_facts(connection)
        return added
    finally:
        close_store(connection)


def store_version(directory: str) -> tuple[int, int, int, str]:
    """The ids of the last ingest and analysis run, and the camps' fitting count: the cache key."""
    return _read(directory, reports.store_version)


VERSION_KEY = "palabre_store_version"


def refresh_version() -> tuple:
    """Read the store's version once for this run of the page (view.current calls it first):
    every cached read of the run is keyed by it, without reopening the store for each."""
    st.session_state[VERSION_KEY] = store_version(store_dir())
    return st.session_state[VERSION_KEY]


def _version() -> tuple:
    return st.session_state.get(VERSION_KEY) or refresh_version()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(directory: str, version: tuple, key: str, _query: Callable[..., Any], _args: tuple) -> Any:
    return _read(directory, _query, *_args)


def read(query: Callable[..., Any], *args: Any) -> Any:
    """query(connection, *args), a read of analytics.views, cached until the store changes, keyed by
    the query's module and name and the arguments' repr (plain values, tuples and the frozen
    ViewState, whose repr names every field: hashing them with Streamlit's hasher cost more than
    most cached reads)."""
    return _cached(store_dir(), _version(), f"{query.__module__}.{query.__qualname__}{args!r}", query, args)


def later(query: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """query(connection, *args) as a function to call later, uncached, outside the page's run
    (a download built only when its button is clicked)."""
    directory = store_dir()
    return lambda: _read(directory, query, *args)


@st.cache_data(show_spinner=False)
def _salt(directory: str, version: tuple) -> str:
    return _read(directory, reports.pseudonym_salt) or directory


def pseudonym_salt() -> str:
    """This store's secret for commenter pseudonyms (stable: the same name gets the same alias)."""
    return _salt(store_dir(), _version())
