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
from analytics.views.filters import TOPIC_MEMBERSHIP

ARTICLES = 15
DEFAULT_SHOWN = 15  # topics shown at first: the first merge level with at least this many
COUNT_TITLE = f"Comments per topic (weighing ≥ {TOPIC_MEMBERSHIP} on it; a comment can count in up to 3)"


def render() -> None:
    state = view.current("topics")
    view.sidebar(state)
    view.header(state, "Topics")
    fitted = data.read(topic_reads.topics)
    if fitted.empty:
        st.info("No topics yet: the analysis fits them once at least 20 comments have words "
                "(or run `python -m analytics topics`).")
        return
    levels = data.read(topic_reads.topic_levels)
    wanted = state.shown or DEFAULT_SHOWN
    st.session_state["topics_shown"] = next((level for level in levels if level >= wanted), levels[-1])
    count = st.selectbox("Topics shown (merged from one fit)", levels, key="topics_shown",
                         on_change=lambda: view.remember(state.with_(shown=st.session_state["topics_shown"])),
                         help="Topics merged by the similarity of their terms (`python -m analytics topics merge "
                              "N`); the fitted topics are the largest number. The link keeps the number shown.")
    shown = data.read(topic_reads.level_topics, count)
    sizes = data.read(topic_reads.topic_sizes, state.filters(), tuple(int(t) for t in shown["topic_id"]))
    left, right = st.columns([3, 2])
    with left:
        placed = topic_reads.topic_map(shown)
        widgets.chart(charts.topic_map(placed, sizes), "topics_map", state,
                      lambda point: {"topic": int(widgets.custom(point, 0))})
    with right:
        if sizes.empty:
            st.info("No selected comment has a topic.")
        else:
            widgets.chart(charts.topic_bars(sizes, COUNT_TITLE), "topics_bars", state,
                          lambda point: {"topic": int(widgets.custom(point, 0))})
    st.subheader("Each topic")
    _topic_details(state, shown, dict(zip(sizes["topic_id"], sizes["comments"])))
    by_period = data.read(topic_reads.topic_shares, state.filters(), "period")
    if by_period.empty:  # no time chart: the articles' chart takes the row
        st.caption("These comments carry no dates: no chart of topics over time.")
    widgets.in_rows([*([] if by_period.empty else [lambda state: _period_chart(state, by_period)]), _articles_chart],
                    state)
    drift = data.read(topic_reads.drift_by_depth, state.filters())
    if not drift.empty:
        widgets.chart(charts.drift_line(drift), "topics_drift", state,
                      lambda point: {"depth_min": int(point["x"]), "depth_max": int(point["x"])})


def _period_chart(state, by_period) -> None:
    """Each topic's share of each day's (week's, month's) comments."""
    unit = by_period.attrs.get("unit") or "day"
    widgets.chart(charts.share_bars(by_period, "period", f"Topics over time (share of each {unit}'s comments)"),
                  "topics_time", state, lambda point: _period_topic(point, unit))


def _articles_chart(state) -> None:
    """Each topic's share of the busiest articles' comments."""
    by_article = data.read(topic_reads.topic_shares, state.filters(), "article", ARTICLES)
    titles = data.read(selection.filter_options)["articles"]
    if by_article.empty:
        st.info("No selected comment has a topic.")
        return
    title = f"Topics per article ({by_article['article'].nunique()} busiest)"
    widgets.chart(charts.share_bars(by_article, "article", title, titles), "topics_articles", state,
                  lambda point: {"topic": int(widgets.custom(point, 0)), "articles": (str(widgets.custom(point, 1)),)})


def _topic_details(state, shown, comments: dict) -> None:
    """One expander per topic shown: its count (as the bars count), terms, key phrases, typical comments."""
    typical = data.read(selection.comment_texts, selection.typical_pairs(shown["typical"]))
    for row in shown.itertuples():
        terms = ", ".join(f"{term} ({weight:.2f})" for term, weight in json.loads(row.top_terms))
        merged = len(row.members) > 1
        coherence = "" if merged else f", NPMI {row.coherence:+.2f}"
        title = (f"Topic {row.topic_id}: {markdown_text(str(row.label))} — {int(comments.get(row.topic_id, 0))} "
                 f"comments weighing ≥ {TOPIC_MEMBERSHIP} on it{coherence} ({row.lang})")
        with st.expander(title):
            if merged:
                st.text(f"Merges topics {', '.join(str(leaf) for leaf in row.members)}\nTop terms: {terms}")
            else:
                phrases = ", ".join(json.loads(row.key_phrases or "[]")) or "—"
                st.text(f"Key phrases: {phrases}\nTop terms: {terms}")
                for pair in json.loads(row.typical or "[]"):
                    if tuple(pair) in typical:
                        st.text(typical[tuple(pair)]["text"][:500])
            if st.button("Show this topic's comments", key=f"topic_open_{row.topic_id}"):
                view.drill(state, topic=int(row.topic_id))


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
