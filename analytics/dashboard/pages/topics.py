"""Topics: the topic map, each topic's terms, key phrases and typical comments, topics over time
and per article, and how far comments drift from their article."""
from __future__ import annotations

import json
from datetime import date, timedelta

import streamlit as st

from analytics.dashboard import data, view, widgets
from analytics.dashboard.plain import markdown_text
from analytics.views import charts, selection
from analytics.views import topics as topic_reads

ARTICLES = 15


def render() -> None:
    state = view.current("topics")
    view.sidebar(state)
    view.header(state, "Topics")
    fitted = data.read(topic_reads.topics)
    if fitted.empty:
        st.info("No topics yet: the analysis fits them once at least 20 comments have words "
                "(or run `python -m analytics topics`).")
        return
    sizes = data.read(selection.top_topics, state.filters())
    left, right = st.columns([3, 2])
    with left:
        placed = topic_reads.topic_map(fitted)
        widgets.chart(charts.topic_map(placed, sizes), "topics_map", state,
                      lambda point: {"topic": int(widgets.custom(point, 0))})
    with right:
        if sizes.empty:
            st.info("No selected comment has a topic.")
        else:
            widgets.chart(charts.topic_bars(sizes, "Comments per topic"), "topics_bars", state,
                          lambda point: {"topic": int(widgets.custom(point, 0))})
    st.subheader("Each topic")
    for row in fitted.itertuples():
        terms = ", ".join(f"{term} ({weight:.2f})" for term, weight in json.loads(row.top_terms))
        phrases = ", ".join(json.loads(row.key_phrases or "[]")) or "—"
        with st.expander(f"Topic {row.topic_id}: {markdown_text(str(row.label))} — {row.comments} comments, NPMI {row.coherence:+.2f}"):
            st.text(f"Key phrases: {phrases}\nTop terms: {terms}")
            typical = json.loads(row.typical or "[]")
            for article_id, comment_id in typical:
                found = data.read(selection.comment_context, article_id, comment_id)
                if found:
                    st.text(found["comment"]["text"][:500])
            if st.button("Show this topic's comments", key=f"topic_open_{row.topic_id}"):
                view.drill(state, topic=int(row.topic_id))
    left, right = st.columns(2)
    with left:
        by_period = data.read(topic_reads.topic_shares, state.filters(), "period")
        if by_period.empty:
            st.info("These comments carry no dates.")
        else:
            unit = by_period.attrs.get("unit") or "day"
            widgets.chart(charts.share_bars(by_period, "period", f"Topics over time (share of each {unit}'s comments)"),
                          "topics_time", state, lambda point: _period_topic(point, unit))
    with right:
        by_article = data.read(topic_reads.topic_shares, state.filters(), "article", ARTICLES)
        titles = data.read(selection.filter_options)["articles"]
        if by_article.empty:
            st.info("No selected comment has a topic.")
        else:
            widgets.chart(charts.share_bars(by_article, "article",
                                            f"Topics per article ({by_article['article'].nunique()} busiest)",
                                            titles), "topics_articles",
                          state, lambda point: {"topic": int(widgets.custom(point, 0)),
                                                "articles": (str(widgets.custom(point, 1)),)})
    drift = data.read(topic_reads.drift_by_depth, state.filters())
    if not drift.empty:
        widgets.chart(charts.drift_line(drift), "topics_drift", state,
                      lambda point: {"depth_min": int(point["x"]), "depth_max": int(point["x"])})


def _period_topic(point: dict, unit: str) -> dict | None:
    start = widgets.custom(point, 1)
    if start is None:
        return None
    first = date.fromisoformat(str(start)[:10])
    return {"topic": int(widgets.custom(point, 0)), "date_from": first, "date_to": period_end(first, unit)}


def period_end(first: date, unit: str) -> date:
    """The last day of the day, week or month starting on `first`."""
    if unit == "week":
        return first + timedelta(days=6)
    if unit == "month":
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return first


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)
