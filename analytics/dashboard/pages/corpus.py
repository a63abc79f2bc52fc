"""Corpus page: the articles, their comment counts, how deep their threads go, the comments'
sentiment and the targets they name."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.dashboard import data
from analytics.errors import PalabreError

ARTICLE_PARAM = "article"


def render() -> None:
    """Draw the page; expected failures are shown, not raised."""
    st.title("Corpus")
    try:
        _render()
    except PalabreError as error:
        st.error(str(error))


def _render() -> None:
    directory = data.store_dir()
    data.prepare_store(directory)
    version = data.store_version(directory)
    summary = data.summary(directory, version)
    articles = data.articles(directory, version)
    st.caption(f"Store: `{directory}`")
    columns = st.columns(4)
    columns[0].metric("Articles", summary["articles"])
    columns[1].metric("Comments", summary["comments"])
    columns[2].metric("Deepest reply", summary["max_depth"])
    columns[3].metric("Validation issues", summary["validation_issues"])
    if summary["validation_issues"]:
        with st.expander(f"Validation report ({summary['validation_issues']} entries)"):
            st.dataframe(data.validation(directory, version), hide_index=True, width="stretch")
    if articles.empty:
        st.info("The store holds no article yet: run `python -m analytics ingest PATH`.")
        return

    st.subheader("Articles")
    st.dataframe(
        articles.rename(columns={"article_id": "id", "published_at": "published", "max_depth": "deepest reply"}),
        hide_index=True, width="stretch",
        column_config={"published": st.column_config.DateColumn(format="YYYY-MM-DD")})

    labels = {row.article_id: f"{row.title} ({row.comments} comments)" for row in articles.itertuples()}
    options = [None, *labels]
    requested = st.query_params.get(ARTICLE_PARAM)
    if requested is not None and requested not in labels:
        st.warning(f"Article {requested!r} from the link is not in this store; showing all articles.")
        requested = None
    chosen = st.selectbox("Thread depth for", options, index=options.index(requested),
                          format_func=lambda key: "All articles" if key is None else labels[key])
    if chosen is None:
        st.query_params.pop(ARTICLE_PARAM, None)
    else:
        st.query_params[ARTICLE_PARAM] = chosen
    depths = data.depth_counts(directory, version, chosen)
    st.plotly_chart(charts.depth_histogram(depths), width="stretch")
    _show_analysis(directory, version, chosen)
    if chosen is not None:
        _show_thread(data.thread(directory, version, chosen))


def _show_analysis(directory: str, version: tuple[int, int], article_id: str | None) -> None:
    status = data.analysis_status(directory, version)
    if not status["comments_analysed"]:
        st.info("No sentiment or targets yet: run `python -m analytics analyze`.")
        return
    st.caption(f"Sentiment and targets: analysis run {status['run_id']} ({status['mode']} mode), "
               f"{status['comments_analysed']} comments analysed.")
    left, right = st.columns(2)
    left.plotly_chart(charts.sentiment_bars(data.sentiment_counts(directory, version, article_id)), width="stretch")
    targets = data.article_targets(directory, version, article_id)
    if targets.empty:
        right.info("No named target in these comments.")
    else:
        right.plotly_chart(charts.target_bars(targets), width="stretch")


def _show_thread(comments: pd.DataFrame) -> None:
    st.subheader("Comments, as threaded")
    if comments.empty:
        st.info("This article has no comments.")
        return
    for row in comments.itertuples():
        who = html.escape(row.author) if isinstance(row.author, str) else "anonymous"
        when = f" · {row.posted_at:%Y-%m-%d %H:%M}" if pd.notna(row.posted_at) else ""
        flag = f" · ⚠ {row.thread_flag}" if isinstance(row.thread_flag, str) else ""
        if isinstance(row.sentiment_label, str):
            flag += f" · {row.sentiment_label} ({row.sentiment_score:+.2f})"
        body = html.escape(row.text).replace("\n", "<br>")
        st.markdown(
            f"<div style='margin-left:{row.depth * 2}rem;border-left:3px solid #c9d6e8;padding:0.2rem 0.8rem;"
            f"margin-bottom:0.6rem'><small>{who}{when} · depth {row.depth}{flag}</small><br>{body}</div>",
            unsafe_allow_html=True)
