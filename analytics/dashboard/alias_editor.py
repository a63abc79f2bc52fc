"""The alias table, editable in the dashboard: add, change or delete rows, merge two targets,
split an alias off to a new target. Saved as the store's own table (the shipped one is never
changed), applied on the next analysis, with the previous version kept for undo."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.dashboard import data
from analytics.dashboard.plain import markdown_text
from analytics.enrich.targets.aliases import (
    FIELDS,
    KINDS,
    TYPES,
    Alias,
    read_aliases,
)
from analytics.errors import PalabreError
from analytics.store.aliases import store_table, undo_table, write_table

FRAME_KEY = "alias_frame"


def _load() -> pd.DataFrame:
    path = store_table(data.store_dir())
    frame = pd.DataFrame([[getattr(a, field) for field in FIELDS] for a in read_aliases(path)], columns=list(FIELDS))
    frame.attrs["path"] = str(path)
    return frame


def render() -> None:
    st.subheader("Alias table")
    if FRAME_KEY not in st.session_state:
        st.session_state[FRAME_KEY] = _load()
    frame: pd.DataFrame = st.session_state[FRAME_KEY]
    st.caption(f"{len(frame)} aliases of {frame['canonical'].nunique()} targets, from `{frame.attrs.get('path')}`. "
               "Edits are saved as this store's own table and applied on the next analysis "
               "(Corpus page, or `analyze --redo`).")
    with st.expander("Edit the alias table"):
        merge, split = st.columns(2)
        targets = sorted(frame["canonical"].unique())
        with merge:
            st.markdown("**Merge two targets**")
            source = st.selectbox("Target to merge", targets, key="alias_merge_from")
            into = st.selectbox("into", targets, key="alias_merge_into")
            if st.button("Merge", key="alias_merge", disabled=source == into):
                merged = frame.copy()
                merged.loc[merged["canonical"] == source, ["canonical", "type"]] = \
                    [into, merged.loc[merged["canonical"] == into, "type"].iat[0]]
                st.session_state[FRAME_KEY] = merged
                st.rerun()
        with split:
            st.markdown("**Split an alias off to its own target**")
            rows = [f"{row.alias} → {row.canonical}" for row in frame.itertuples()]
            chosen = st.selectbox("Alias", range(len(rows)), format_func=lambda i: rows[i], key="alias_split_row")
            name = st.text_input("New target name", key="alias_split_name")
            kind = st.selectbox("Its type", TYPES, key="alias_split_type")
            if st.button("Split", key="alias_split", disabled=not name.strip()):
                split_frame = frame.copy()
                split_frame.loc[split_frame.index[chosen], ["canonical", "type"]] = [name.strip(), kind]
                st.session_state[FRAME_KEY] = split_frame
                st.rerun()
        edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch", key="alias_editor",
                                column_config={"type": st.column_config.SelectboxColumn(options=list(TYPES)),
                                               "kind": st.column_config.SelectboxColumn(options=list(KINDS))})
        save, undo, reset = st.columns(3)
        if save.button("Save the table", type="primary", key="alias_save"):
            _save(edited)
        if undo.button("Undo the last save", key="alias_undo"):
            st.session_state.pop(FRAME_KEY, None)
            if undo_table(data.store_dir()):
                st.success("The previous table is back.")
            else:
                st.info("Nothing to undo.")
            st.rerun()
        if reset.button("Discard unsaved edits", key="alias_reset"):
            st.session_state.pop(FRAME_KEY, None)
            st.rerun()


def _save(edited: pd.DataFrame) -> None:
    rows = edited.fillna("").astype(str)
    aliases = [Alias(*(row[field].strip() for field in FIELDS)) for _, row in rows.iterrows()
               if row["canonical"].strip() or row["alias"].strip()]
    try:
        path = write_table(data.store_dir(), aliases)
    except PalabreError as error:
        st.error(markdown_text(f"Not saved: {error}"))
        return
    st.session_state.pop(FRAME_KEY, None)
    st.success(f"Saved {len(aliases)} aliases to {path}; the next analysis uses them.")
