"""Threads: how deep the selected comments go, each article's reply tree, how threads escalate."""
from __future__ import annotations

import streamlit as st

from analytics.dashboard import data, view, widgets
from analytics.views import charts, selection
from analytics.views import threads as thread_reads


def render() -> None:
    state = view.current("threads")
    view.sidebar(state)
    view.header(state, "Threads")
    depths = data.read(thread_reads.depth_counts, state.filters())
    if depths.empty:
        st.info("No comment matches these filters.")
        return
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.depth_histogram(depths), "threads_depth", state,
                      lambda point: {"depth_min": int(point["x"]), "depth_max": int(point["x"])})
    with right:
        widgets.chart(charts.escalation(data.read(thread_reads.escalation, state.filters())), "threads_escalation", state,
                      lambda point: {"depth_min": int(point["x"]), "depth_max": int(point["x"])})

    st.subheader("Reply tree")
    if len(state.articles) == 1:
        article_id = state.articles[0]
    else:
        article_id = _tree_article(state)
    nodes = data.read(thread_reads.tree, state.filters(), article_id)
    if nodes.empty:
        st.info("This article has no selected comment.")
    else:
        if len(nodes) >= 3000:
            st.caption("The first 3,000 selected comments are drawn; narrow the filters to see the rest.")
        deepest = int(nodes["depth"].max())
        shown = (f" The article and {charts.TREE_LEVELS - 1} levels of comments are drawn at a time, and this tree "
                 f"has {deepest + 1}: click a block to see the levels under it."
                 if deepest >= charts.TREE_LEVELS - 1 else "")
        st.caption("Each block is a comment, as wide as its branch, coloured by sentiment. Click a block to "
                   "zoom into its branch; hover for its text." + shown)
        title = data.read(selection.filter_options)["articles"].get(article_id, article_id)
        widgets.chart(charts.thread_tree(nodes, "Replies under each comment", title), "threads_tree", state)
        if st.button("Open this tree's comments, with their threads", key="threads_open_tree"):
            view.drill(state, articles=(article_id,))

    left, right = st.columns(2)
    with left:
        st.subheader("Longest chains")
        widgets.table(data.read(thread_reads.longest_chains, state.filters(), 10), "threads_chains")
    with right:
        st.subheader("Widest branches")
        widgets.table(data.read(thread_reads.widest_branches, state.filters(), 10), "threads_branches")
    latency = data.read(thread_reads.reply_latency, state.filters())
    st.subheader("Reply latency")
    if latency.empty:
        st.info("No reply with both its time and its parent's time.")
    else:
        widgets.table(latency, "threads_latency")


def _tree_article(state) -> str:
    """The article whose tree is drawn: the link's (`tree`), else the one whose threads go deepest
    (a flat article draws a strip, not a tree). Picking another one puts it in the link."""
    articles = data.read(selection.top_articles, state.filters(), 50)
    ranked = articles.sort_values(["max_depth", "replies", "comments"], ascending=False, kind="stable")
    titles = dict(zip(ranked["article_id"], ranked["title"]))
    if state.tree and state.tree not in titles:
        titles = {state.tree: data.read(selection.filter_options)["articles"].get(state.tree, state.tree), **titles}
    choices = list(titles)
    st.session_state["threads_tree_article"] = state.tree if state.tree in titles else choices[0]
    return st.selectbox("Draw the tree of", choices, format_func=lambda key: titles[key], key="threads_tree_article",
                        on_change=lambda: view.remember(state.with_(tree=st.session_state["threads_tree_article"])),
                        help="Articles whose threads go deepest first. Choosing one article in the sidebar draws "
                             "its tree directly; the link keeps the article drawn.")


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)
