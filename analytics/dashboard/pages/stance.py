"""Stance: agreement and disagreement between replies and their parents by depth, stance toward
each target, top-level comments' stance toward their article, and the camps commenters form."""
from __future__ import annotations

import json

import streamlit as st

from analytics.dashboard import data, view, widgets
from analytics.dashboard.plain import markdown_text
from analytics.views import camps as camp_reads
from analytics.views import charts, selection
from analytics.views import stance as stance_reads
from analytics.views import topics as topic_reads


def render() -> None:
    state = view.current("stance")
    view.sidebar(state)
    view.header(state, "Stance")
    by_depth = data.read(topic_reads.stance_by_depth, state.filters())
    left, right = st.columns(2)
    with left:
        if by_depth.empty:
            st.info("No reply stance yet: run the analysis.")
        else:
            widgets.chart(charts.stance_by_depth(by_depth), "stance_depth", state,
                          lambda point: {"stance": widgets.custom(point, 0), "depth_min": int(point["x"]),
                                         "depth_max": int(point["x"])})
            st.caption("Depth 0: top-level comments toward the article (favour, against, neutral). A rising share "
                       "of agreement down the branches is what an echo chamber looks like; rising disagreement, a quarrel.")
    with right:
        toward = data.read(topic_reads.target_stances, state.filters(), 12)
        if toward.empty:
            st.info("No named target in these comments.")
        else:
            widgets.chart(charts.target_stance_bars(toward), "stance_targets", state,
                          lambda point: {"target": widgets.custom(point, 1), "target_stance": widgets.custom(point, 0)})
    _article_stances(state)
    st.subheader("Stance camps")
    camps = data.read(topic_reads.camps)
    if camps.empty:
        st.info("No camps: no named target is spoken of by two commenters or more.")
        return
    criterion = json.loads(camps["criterion"].iat[0])
    scores = ", ".join(f"k={row['camps']}: {row['silhouette']}" for row in criterion.get("selection", [])
                       if row.get("silhouette") is not None)
    st.caption(f"{len(camps)} camp(s): k-means on commenters' stance profiles; k chosen by silhouette "
               f"(the smallest k within 0.05 of the best, at least 0.25; else one camp). Silhouettes: {scores or '—'}.")
    filtered = bool(state.filters().describe())
    shown = data.read(camp_reads.selected_camps, state.filters()) if filtered else camps
    if shown.empty:
        st.info("None of the selected comments belongs to a camp.")
        return
    if filtered:
        st.caption("Under the filters: each camp's selected comments, and their mean stance toward each target "
                   "(a comment that does not name a target counts 0). The camps themselves are fitted on the "
                   "whole corpus.")
    widgets.chart(charts.camp_profiles(shown, "comments" if filtered else "commenters"), "stance_camps", state,
                  lambda point: {"camp": int(widgets.custom(point, 0))} if widgets.custom(point, 0) is not None else None)
    selected = dict(zip(shown["camp_id"], shown["comments"]))
    listed = camps[camps["camp_id"].isin(selected)]
    typical = data.read(selection.comment_texts, selection.typical_pairs(listed["typical"]))
    for row in listed.itertuples():
        with st.expander(f"Camp {row.camp_id + 1}: {markdown_text(str(row.description))} — {row.commenters} commenters, "
                         f"{row.comments} comments ({selected.get(row.camp_id, 0)} selected)"):
            for pair in json.loads(row.typical or "[]"):
                if tuple(pair) in typical:
                    found = typical[tuple(pair)]
                    st.text(f"{widgets.author(found['author'])}: {found['text'][:400]}")
            if st.button("Show this camp's comments", key=f"camp_open_{row.camp_id}"):
                view.drill(state, camp=int(row.camp_id))


def _article_stances(state) -> None:
    """Top-level comments favour, against or neutral toward their article's main claim, by article."""
    st.subheader("Stance toward the article")
    by_article = data.read(stance_reads.article_stances, state.filters())
    if by_article.empty:
        st.info("No top-level comment judged toward its article in this selection (an article needs a title or "
                "a body; run the analysis).")
        return
    widgets.table(by_article.drop(columns=["article_id"]), "stance_articles", column_config={
        name: st.column_config.NumberColumn(name.replace("_", " "), format="percent")
        for name in ("favour_share", "against_share")})
    st.caption(f"{int(by_article['comments'].sum()):,} selected top-level comments in {len(by_article):,} articles, "
               "each judged toward its article's main claim (its title and opening): favour, against or neutral "
               "(a question or a comment that takes no side). Shares are of each article's comments counted here.")


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)
