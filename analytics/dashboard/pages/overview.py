"""Overview: the selected comments at a glance, every chart leading to its comments."""
from __future__ import annotations

import streamlit as st

from analytics.dashboard import data, view, widgets
from analytics.views import charts, selection


def render() -> None:
    state = view.current("overview")
    view.sidebar(state)
    view.header(state, "Overview")
    stats = data.read(selection.overview, state.filters())
    columns = st.columns(5)
    columns[0].metric("Articles", f"{stats['articles']:,}")
    columns[1].metric("Comments", f"{stats['comments']:,}")
    columns[2].metric("Commenters", f"{stats['commenters']:,}")
    columns[3].metric("Replies", f"{stats['reply_share']:.0%}", help="Share of comments that answer another comment")
    total = max(sum(stats["languages"].values()), 1)
    shares = [f"{lang} {count / total:.0%}" for lang, count in stats["languages"].items()]
    columns[4].metric("Main language", shares[0] if shares else "—",  # one value: a list would be clipped
                      help="Share of the selected comments per language: " + (", ".join(shares) or "none"))
    if not stats["comments"]:
        if not state.filters().describe():
            st.info(f"The store `{data.store_dir()}` holds no comment yet. Add files on the Corpus page or "
                    "with `python -m analytics ingest FILE --store DIR`, then analyse them; "
                    "`python -m analytics serve --demo` (or `make run`) opens the bundled sample instead.")
        else:
            st.info("No comment matches these filters.")
        return
    timeline = data.read(selection.comments_over_time, state.filters())
    if timeline.empty:  # no time chart: the other charts close up, two to a row
        st.caption("These comments carry no dates: no chart of comments over time.")
    widgets.in_rows([_sentiments, *([] if timeline.empty else [lambda state: _timeline(state, timeline)]),
                     _articles, _targets, _topics], state)


def _sentiments(state) -> None:
    sentiments = data.read(selection.sentiment_counts, state.filters())
    if sentiments.empty:
        st.info("No sentiment yet: run the analysis (Corpus page or `python -m analytics analyze`).")
    else:
        widgets.chart(charts.sentiment_bars(sentiments), "overview_sentiment", state,
                      lambda point: {"sentiment": point.get("x")})


def _timeline(state, timeline) -> None:
    undated = timeline.attrs.get("undated", 0)
    if undated:
        st.caption(f"{undated:,} of these comments carry no date: they are not on this chart, and a "
                   "date filter leaves them out.")
    unit = timeline.attrs.get("unit", "day")
    widgets.chart(charts.comments_over_time(timeline, unit), "overview_time", state,
                  lambda point: _period(point, unit))


def _articles(state) -> None:
    articles = data.read(selection.top_articles, state.filters(), 10)
    widgets.chart(charts.article_bars(articles), "overview_articles", state,
                  lambda point: {"articles": (widgets.custom(point, 0),)})


def _targets(state) -> None:
    targets = data.read(selection.top_targets, state.filters(), 10)
    if targets.empty:
        st.info("No named target in these comments.")
    else:
        widgets.chart(charts.target_bars(targets, "Top named targets"), "overview_targets", state,
                      lambda point: {"target": widgets.custom(point, 3)})


def _topics(state) -> None:
    topics = data.read(selection.top_topics, state.filters())
    if topics.empty:
        st.info("No topics yet: the analysis fits them once there are 20 comments with words.")
    else:
        widgets.chart(charts.topic_bars(topics.head(12), "Top topics"), "overview_topics", state,
                      lambda point: {"topic": int(widgets.custom(point, 0))})


def _period(point: dict, unit: str) -> dict | None:
    from datetime import date

    day = point.get("x")
    if not day:
        return None
    from analytics.dashboard.pages.topics import period_end

    start = date.fromisoformat(str(day)[:10])
    filters = {"date_from": start, "date_to": period_end(start, unit)}
    label = widgets.custom(point, 0)
    if label in charts.SENTIMENT_COLOURS:
        filters["sentiment"] = label
    return filters


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)
