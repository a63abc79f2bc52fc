"""The Threads page's reads: depth, escalation, chains, branches, reply latency and one article's tree."""
from __future__ import annotations

import duckdb
import pandas as pd

from analytics.views.selection import run_selected
from analytics.views.state import ViewState

# Threads -------------------------------------------------------------------------------------

def depth_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per reply depth."""
    return run_selected(connection, state, """SELECT f.depth, count(*) AS comments FROM comment_facts f WHERE {where}
                                      GROUP BY f.depth ORDER BY f.depth""")


def escalation(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Per depth: mean sentiment, share of comments attacking someone, share agreeing and disagreeing."""
    return run_selected(connection, state, """
        SELECT f.depth, count(*) AS comments, round(avg(f.sentiment_score), 3) AS mean_sentiment,
               round(avg(CAST(f.attacks AS INTEGER)), 3) AS attack_share,
               round(avg(CAST(f.stance = 'agree' AS INTEGER)), 3) AS agree_share,
               round(avg(CAST(f.stance = 'disagree' AS INTEGER)), 3) AS disagree_share
        FROM comment_facts f WHERE {where} GROUP BY f.depth ORDER BY f.depth""")


def longest_chains(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The deepest reply chains among the selected comments: their root comment and depth reached."""
    return run_selected(connection, state, """
        WITH chains AS (SELECT f.article_id, f.root_id AS root_comment, max(f.depth) + 1 AS chain_length,
                               count(*) AS comments
                        FROM comment_facts f WHERE {where} GROUP BY f.article_id, f.root_id
                        ORDER BY chain_length DESC, comments DESC, f.article_id, f.root_id LIMIT ?)
        SELECT c.*, left(r.text, 120) AS root_text FROM chains c
        LEFT JOIN comment_facts r ON r.article_id = c.article_id AND r.comment_id = c.root_comment
        ORDER BY c.chain_length DESC, c.comments DESC, c.article_id, c.root_comment""", [limit])


def widest_branches(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The comments with the most direct replies among the selected comments."""
    return run_selected(connection, state, """
        WITH widest AS (SELECT f.parent_cid, count(*) AS direct_replies FROM comment_facts f
                        WHERE {where} AND f.parent_cid IS NOT NULL GROUP BY f.parent_cid
                        ORDER BY direct_replies DESC, f.parent_cid LIMIT ?)
        SELECT p.article_id, p.comment_id, w.direct_replies, left(p.text, 120) AS text
        FROM widest w JOIN comment_facts p ON p.cid = w.parent_cid
        ORDER BY w.direct_replies DESC, p.article_id, p.comment_id""", [limit])


def reply_latency(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Per depth, the median and 90th percentile of minutes between a reply and its parent (times known)."""
    return run_selected(connection, state, """
        SELECT f.depth, count(*) AS replies,
               round(median(epoch(f.posted_at) - epoch(f.parent_posted_at)) / 60, 1) AS median_minutes,
               round(quantile_cont(epoch(f.posted_at) - epoch(f.parent_posted_at), 0.9) / 60, 1) AS p90_minutes
        FROM comment_facts f
        WHERE {where} AND f.parent_posted_at IS NOT NULL AND f.posted_at >= f.parent_posted_at
        GROUP BY f.depth ORDER BY f.depth""")


def tree(connection: duckdb.DuckDBPyConnection, state: ViewState, article_id: str, limit: int = 3000) -> pd.DataFrame:
    """One article's selected comments as tree nodes: id, parent (kept only if selected), sentiment,
    subtree size (the comment and every selected comment below it), text opening (280 characters)."""
    frame = run_selected(connection, state, """
        SELECT f.comment_id, p.comment_id AS parent_id, f.depth, f.author, left(f.text, 281) AS text,
               f.sentiment_score, f.sentiment_label
        FROM comment_facts f LEFT JOIN comment_facts p ON p.cid = f.parent_cid
        WHERE f.article_id = ? AND {where} ORDER BY f.cid LIMIT ?""", [limit], before=[article_id])
    present = set(frame["comment_id"])
    parents = [parent if isinstance(parent, str) and parent in present else None for parent in frame["parent_id"]]
    sizes = dict.fromkeys(frame["comment_id"], 1)
    for comment, parent in zip(reversed(list(frame["comment_id"])), reversed(parents)):  # children first
        if parent is not None:
            sizes[parent] += sizes[comment]
    frame["parent_id"] = pd.Series(parents, index=frame.index, dtype=object)
    frame["subtree"] = frame["comment_id"].map(sizes)
    return frame


