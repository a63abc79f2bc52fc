"""The Corpus page's store management: remove articles or a source file's records, empty the
store, and undo the last of these (the CLI's `store` command, in the browser)."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics.dashboard import data
from analytics.dashboard.plain import markdown_text
from analytics.errors import PalabreError
from analytics.store import close_store, connect
from analytics.store.removal import (
    Removal,
    remove_articles,
    remove_source,
    reset,
    undo,
    undo_available,
)
from analytics.views import reports

DONE_KEY = "palabre_store_change"  # the message of the last change, shown after the rerun it causes


def render(articles: pd.DataFrame) -> None:
    """Removal, reset and undo controls, each confirmed before it acts."""
    with st.expander("Manage the store: remove articles or files, empty it, undo", expanded=DONE_KEY in st.session_state):
        if DONE_KEY in st.session_state:
            st.success(st.session_state.pop(DONE_KEY))
        if undo_available(data.store_dir()) and st.button("Undo the last removal or reset", key="store_undo"):
            _change(lambda connection: (undo(connection), "Restored the store as it was before the last "
                                                          "removal or reset.")[1], closes=True)
        titles = dict(zip(articles["article_id"], articles["title"])) if not articles.empty else {}
        chosen = st.multiselect("Articles to remove (with their comments and analyses)", list(titles),
                                format_func=lambda article: f"{titles[article]} ({article})", key="store_articles")
        if chosen and st.button(f"Remove {len(chosen)} article(s)", key="store_remove_articles"):
            _change(lambda connection: _said(remove_articles(connection, chosen)))
        files = data.read(reports.source_files)
        source = st.selectbox("Source file to remove (every record read from it; it can be ingested again)",
                              [None, *files["source_file"]], key="store_source",
                              format_func=lambda name: "—" if name is None else name)
        if source and st.button("Remove this file's records", key="store_remove_source"):
            _change(lambda connection: _said(remove_source(connection, source)))
        sure = st.checkbox("I want to empty the whole store", key="store_reset_sure")
        if st.button("Empty the store", key="store_reset", disabled=not sure):
            _change(lambda connection: _said(reset(connection)))
        st.caption("Each change keeps the store's state before it: the undo button (or `python -m analytics "
                   "store undo`) brings it back. Only the last change can be undone.")


def _said(removal: Removal) -> str:
    said = f"Removed {removal.articles} article(s) and {removal.comments} comment(s). Undo brings them back."
    if removal.stale_fits:
        said += (f" The {' and '.join(removal.stale_fits)} were fitted with them: run the analysis (above) to "
                 "refit them.")
    return said


def _change(action: Callable, closes: bool = False) -> None:
    """Run a change on the writing connection, then rerun the page on the changed store."""
    connection = connect(data.store_dir())
    try:
        message = action(connection)
    except PalabreError as error:
        st.error(markdown_text(str(error)))
        return
    finally:
        if not closes:
            close_store(connection)
    st.session_state[DONE_KEY] = message
    data.refresh_version()
    st.rerun()
