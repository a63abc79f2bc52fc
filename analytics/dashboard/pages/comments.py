"""Comments: the comments behind whatever is selected, searchable and sortable; one comment with
its named targets highlighted and its thread around it."""
from __future__ import annotations

import json

import streamlit as st

from analytics.dashboard import data, view, widgets
from analytics.dashboard.plain import as_text, markdown_text
from analytics.views import selection
from analytics.views.state import SORTS, comment_key

LIMIT = 500
SORT_NAMES = {"thread": "thread order", "newest": "newest first", "oldest": "oldest first",
              "most_negative": "most negative first", "most_positive": "most positive first",
              "deepest": "deepest replies first"}


def render() -> None:
    state = view.current("comments")
    view.sidebar(state)
    view.header(state, "Comments")
    total = data.read(selection.count_selected, state.filters())
    search, sort = st.columns([3, 1])
    st.session_state["c_search"] = state.search
    st.session_state["c_sort"] = state.sort
    search.text_input("Search the comments' text", key="c_search", max_chars=200, on_change=_searched, args=(state,),
                      placeholder="a word or phrase, any case")
    sort.selectbox("Sort", SORTS, format_func=SORT_NAMES.get, key="c_sort", on_change=_sorted, args=(state,))
    frame = data.read(selection.comment_table, state.filters().with_(sort=state.sort), LIMIT)
    st.caption(f"{total:,} comments match" + (f"; the first {LIMIT} are listed." if total > LIMIT else "."))
    if frame.empty:
        st.info("No comment matches these filters.")
        return
    salt = data.pseudonym_salt()
    shown = frame.assign(author=[widgets.author(name, salt) for name in frame["author"]])
    # the text near the left: after wide target lists it was pushed off screen; no date column when none is dated
    columns = ["posted_at", "author", "depth", "text", "sentiment", "sentiment_score", "stance", "targets", "attacks",
               "article_id", "comment_id"]
    event = st.dataframe(
        shown[[column for column in columns if column != "posted_at" or shown["posted_at"].notna().any()]],
        hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="comments_table",
        column_config={"text": st.column_config.TextColumn(width="large"),
                       "targets": st.column_config.TextColumn(width="medium"),
                       "attacks": st.column_config.TextColumn(width="medium"),
                       "sentiment_score": st.column_config.NumberColumn("score", format="%.2f"),
                       "posted_at": st.column_config.DatetimeColumn("posted", format="YYYY-MM-DD HH:mm")})
    from analytics.views.exports import csv_bytes, file_name, pseudonymise

    read_all, names = data.later(selection.comment_table, state.filters().with_(sort=state.sort), None), view.show_names()

    def every_comment() -> bytes:  # built only when the button is clicked
        full = read_all()
        return csv_bytes(full if names else pseudonymise(full, salt))
    st.download_button(f"CSV of all {total:,} comments", data=every_comment,
                       file_name=file_name("comments", state.filters().describe(), "csv"),
                       mime="text/csv", key="comments_csv", on_click="ignore", type="tertiary",
                       icon=":material/download:",
                       help="Every matching comment with its analyses, in the order shown, filters in the file name.")
    rows = event.selection.rows if event and event.selection else []
    if rows:
        chosen = frame.iloc[rows[0]]
        key = comment_key(chosen["article_id"], chosen["comment_id"])
        if key != state.comment:
            view.go(state.with_(comment=key))
    if state.selected_comment:
        _detail(state, *state.selected_comment)


def _searched(state) -> None:
    updated = state.with_(search=(st.session_state["c_search"] or "").strip()[:200], comment=None)
    _store(updated)


def _sorted(state) -> None:
    _store(state.with_(sort=st.session_state["c_sort"]))


def _store(updated) -> None:
    from analytics.views.state import to_params

    st.session_state[view.SESSION_KEY] = updated
    st.query_params.from_dict(to_params(updated))


def _detail(state, article_id: str, comment_id: str) -> None:
    found = data.read(selection.comment_context, article_id, comment_id)
    if not found:
        st.warning("The comment named in the link is not in this store.")
        return
    st.subheader("The comment in its thread")
    st.caption(f"Article: {markdown_text(str(found['article_title']))}")
    for row in found["ancestors"].itertuples():
        widgets.comment_block(widgets.author(row.author), row.posted_at, row.depth, as_text(row.text),
                              indent=row.depth * 1.5)
    comment = found["comment"]
    mentions = [(mention["start"], mention["end"]) for mentions in found["targets"]["mentions"]
                for mention in json.loads(mentions or "[]")]
    note = f" · {comment['sentiment_label'] or 'not analysed'}"
    if comment.get("stance"):
        note += f" · {comment['stance']} with its parent"
    widgets.comment_block(widgets.author(comment["author"]), comment["posted_at"], int(comment["depth"]),
                          f"<b>{widgets.highlighted(comment['text'], mentions)}</b>", note,
                          indent=int(comment["depth"]) * 1.5)
    for row in found["replies"].itertuples():
        widgets.comment_block(widgets.author(row.author), row.posted_at, row.depth, as_text(row.text),
                              f" · {row.stance}" if isinstance(row.stance, str) else "", indent=row.depth * 1.5)
    if not found["targets"].empty:
        st.caption("Named targets in this comment")
        widgets.table(found["targets"].drop(columns=["mentions"]), "comment_targets")


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)
