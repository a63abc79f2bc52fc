"""The naive dashboard page that benchmarks/dashboard_browser.py measures Palabre's Overview against:
the first script a researcher writes. On every run it opens the database, reads every comment with
its analysis and every target into pandas, filters and groups there, and draws the same four charts
(comments per sentiment, most discussed articles, top targets, comments per reply depth).

Run by the benchmark as `streamlit run benchmarks/naive_overview_app.py` with PALABRE_NAIVE_DB set to
a store's palabre.duckdb (opened read-only)."""
from __future__ import annotations

import os

import duckdb
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="naive", layout="wide")
connection = duckdb.connect(os.environ["PALABRE_NAIVE_DB"], read_only=True)
frame = connection.execute("""SELECT c.*, t.sentiment_label, t.sentiment_score, t.lang FROM comments c
    LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
    AND t.comment_id = c.comment_id""").df()
targets = connection.execute("SELECT article_id, comment_id, target, attack FROM targets "
                             "WHERE item_kind = 'comment'").df()
connection.close()
sentiment = st.sidebar.selectbox("Sentiment", [None, "negative", "neutral", "positive"], key="sentiment",
                                 format_func=lambda value: "All" if value is None else value)
if sentiment:
    frame = frame[frame["sentiment_label"] == sentiment]
st.title("Overview (naive)")
columns = st.columns(3)
columns[0].metric("Articles", f"{frame['article_id'].nunique():,}")
columns[1].metric("Comments", f"{len(frame):,}")
columns[2].metric("Commenters", f"{frame['author'].nunique():,}")
counts = frame.groupby("sentiment_label").size().reset_index(name="comments")
st.plotly_chart(px.bar(counts, x="sentiment_label", y="comments", title="Comments per sentiment"))
articles = frame.groupby("article_id").size().nlargest(10).reset_index(name="comments")
st.plotly_chart(px.bar(articles, x="comments", y="article_id", orientation="h", title="Most discussed articles"))
merged = targets.merge(frame[["article_id", "comment_id"]], on=["article_id", "comment_id"])
top = (merged.groupby("target").agg(mentions=("target", "size"), attack_rate=("attack", "mean"))
       .nlargest(15, "mentions").reset_index())
st.plotly_chart(px.bar(top, x="mentions", y="target", color="attack_rate", orientation="h", title="Top targets"))
depths = frame.groupby("depth").size().reset_index(name="comments")
st.plotly_chart(px.bar(depths, x="depth", y="comments", title="Comments per reply depth"))
