"""The dashboard's reads: every chart and table over the comments a ViewState selects.

They read the store's read-side tables (store/facts.py: one row per comment with an integer key,
its targets, its topic weights), so that a page scans one table and joins on integers.
filters.selection turns a state into a WHERE condition over comment_facts with every value bound
as a parameter; `run_selected` runs a query over it. This module holds the Overview's and the
Comments page's reads and what a link may name; threads.py, targets.py and topics.py the other
pages'. Nothing here writes.
"""
from __future__ import annotations

import json

import duckdb
import pandas as pd

from analytics.views.filters import TOPIC_MEMBERSHIP, selection
from analytics.views.state import ViewState

# distinct commenters, empty (not 0) when none of the comments counted has an author: a copied page
# often names nobody, and "0 commenters" beside "3 comments" reads as a fault
COMMENTERS = "CASE WHEN count({author}) = 0 THEN NULL ELSE count(DISTINCT {author}) END"


def run_selected(connection: duckdb.DuckDBPyConnection, state: ViewState, body: str, extra: list | None = None,
                 before: list | None = None) -> pd.DataFrame:
    """Run a query whose `{where}` is the state's selection over comment_facts `f`; `before` are
    parameters bound ahead of the selection's, `extra` after."""
    where, params = selection(state)
    return connection.execute(body.replace("{where}", where), (before or []) + params + (extra or [])).df()


# Overview ------------------------------------------------------------------------------------

def overview(connection: duckdb.DuckDBPyConnection, state: ViewState) -> dict:
    """Articles, comments, commenters, share of replies and languages of the selected comments."""
    row = run_selected(connection, state, """
        SELECT count(DISTINCT f.article_id) AS articles, count(*) AS comments,
               count(DISTINCT f.author) AS commenters, coalesce(avg(CAST(f.depth > 0 AS INTEGER)), 0) AS reply_share
        FROM comment_facts f WHERE {where}""").iloc[0]
    languages = run_selected(connection, state, """
        SELECT coalesce(f.lang, 'not analysed') AS lang, count(*) AS comments FROM comment_facts f
        WHERE {where} GROUP BY ALL ORDER BY comments DESC, lang""")
    return {"articles": int(row["articles"]), "comments": int(row["comments"]),
            "commenters": int(row["commenters"]), "reply_share": float(row["reply_share"]),
            "languages": dict(zip(languages["lang"], languages["comments"].astype(int)))}


def sentiment_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per sentiment label (negative, neutral, positive order)."""
    return run_selected(connection, state, """
        SELECT f.sentiment_label AS sentiment, count(*) AS comments FROM comment_facts f
        WHERE {where} AND f.sentiment_label IS NOT NULL GROUP BY f.sentiment_label
        ORDER BY list_position(['negative', 'neutral', 'positive'], f.sentiment_label)""")


def time_unit(connection: duckdb.DuckDBPyConnection, where: str, params: list) -> str:
    """day up to 120 days of comments, week up to three years, month beyond."""
    first, last = connection.execute(f"SELECT min(f.posted_at), max(f.posted_at) FROM comment_facts f "
                                     f"WHERE {where}", params).fetchone()
    span = (last - first).days if first is not None else 0
    return "day" if span <= 120 else "week" if span <= 3 * 366 else "month"


def comments_over_time(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per day, week or month (time_unit), by sentiment; in attrs the unit and
    how many selected comments carry no date (they cannot be placed on a time axis)."""
    where, params = selection(state)
    unit = time_unit(connection, where, params)
    frame = connection.execute(f"""
        SELECT CAST(date_trunc('{unit}', f.posted_at) AS DATE) AS period,
               coalesce(f.sentiment_label, 'not analysed') AS sentiment, count(*) AS comments
        FROM comment_facts f WHERE {where} AND f.posted_at IS NOT NULL GROUP BY ALL ORDER BY period, sentiment""",
                               params).df()
    frame.attrs["unit"] = unit
    frame.attrs["undated"] = int(connection.execute(f"SELECT count(*) FROM comment_facts f WHERE {where} "
                                                    "AND f.posted_at IS NULL", params).fetchone()[0])
    return frame


def top_articles(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The articles with the most selected comments."""
    return run_selected(connection, state, """
        WITH counted AS (SELECT f.article_id, count(*) AS comments, count(*) FILTER (WHERE f.depth > 0) AS replies,
                                max(f.depth) AS max_depth
                         FROM comment_facts f WHERE {where} GROUP BY f.article_id
                         ORDER BY comments DESC, f.article_id LIMIT ?)
        SELECT c.article_id, coalesce(a.title, left(a.body, 80), c.article_id) AS title, a.published_at,
               c.comments, c.replies, c.max_depth
        FROM counted c JOIN articles a USING (article_id) ORDER BY c.comments DESC, c.article_id""", [limit])


def top_targets(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 15) -> pd.DataFrame:
    """Named targets of the selected comments: mentions, comments, commenters (empty when none of
    its comments has an author), sentiment, attack rate."""
    return run_selected(connection, state, f"""
        SELECT g.target, any_value(g.type) AS type, CAST(sum(g.mention_count) AS BIGINT) AS mentions,
               count(*) AS comments, {COMMENTERS.format(author="f.author")} AS commenters,
               round(avg(g.sentiment), 3) AS mean_sentiment, round(avg(CAST(g.attack AS INTEGER)), 3) AS attack_rate
        FROM target_facts g JOIN comment_facts f USING (cid) WHERE {{where}}
        GROUP BY g.target ORDER BY mentions DESC, g.target LIMIT ?""", [limit])


def top_topics(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Topics of the selected comments: comments belonging to each (weight ≥ TOPIC_MEMBERSHIP), summed weight."""
    return run_selected(connection, state, """
        WITH counted AS (SELECT w.topic_id, count(*) FILTER (WHERE w.weight >= ?) AS comments,
                                round(sum(w.weight), 3) AS weight
                         FROM topic_facts w JOIN comment_facts f USING (cid) WHERE {where} GROUP BY w.topic_id)
        SELECT c.topic_id, p.label, c.comments, c.weight FROM counted c JOIN topics p USING (topic_id)
        ORDER BY c.comments DESC, c.topic_id""", before=[TOPIC_MEMBERSHIP])


# Comments ------------------------------------------------------------------------------------

SORT_ORDER = {"thread": "f.cid", "newest": "f.posted_at DESC NULLS LAST, f.cid",
              "oldest": "f.posted_at NULLS LAST, f.cid", "most_negative": "f.sentiment_score NULLS LAST, f.cid",
              "most_positive": "f.sentiment_score DESC NULLS LAST, f.cid", "deepest": "f.depth DESC, f.cid"}


def comment_table(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int | None = 500) -> pd.DataFrame:
    """The selected comments, sorted as the state says, with their analyses (first `limit`; None: all)."""
    order = SORT_ORDER[state.sort]
    return run_selected(connection, state, f"""
        WITH page AS (SELECT f.cid FROM comment_facts f WHERE {{where}} ORDER BY {order} LIMIT ?),
             named AS (SELECT g.cid, string_agg(g.target, '; ' ORDER BY g.target) AS targets
                       FROM target_facts g SEMI JOIN page USING (cid) GROUP BY g.cid)
        SELECT f.article_id, f.comment_id, p.comment_id AS parent_id, f.depth, f.author, f.posted_at, f.text,
               f.lang, f.sentiment_label AS sentiment, f.sentiment_score, f.stance, n.targets, f.attacks
        FROM page JOIN comment_facts f USING (cid) LEFT JOIN named n USING (cid)
        LEFT JOIN comment_facts p ON p.cid = f.parent_cid ORDER BY {order}""", [limit])


def count_selected(connection: duckdb.DuckDBPyConnection, state: ViewState) -> int:
    where, params = selection(state)
    return int(connection.execute(f"SELECT count(*) FROM comment_facts f WHERE {where}", params).fetchone()[0])


def comment_context(connection: duckdb.DuckDBPyConnection, article_id: str, comment_id: str) -> dict:
    """One comment with its ancestors (root first), its direct replies and its targets' mentions."""
    found = connection.execute("""
        SELECT f.cid, f.comment_id, f.parent_cid, f.depth, f.author, f.posted_at, f.text, f.sentiment_label,
               f.sentiment_score, f.stance
        FROM comment_facts f WHERE f.article_id = ? AND f.comment_id = ?""", [article_id, comment_id]).df()
    if found.empty:
        return {}
    cid = int(found["cid"].iat[0])
    chain = connection.execute("""
        WITH RECURSIVE up(cid, parent_cid, step) AS (
            SELECT cid, parent_cid, 0 FROM comment_facts WHERE cid = ?
            UNION ALL
            SELECT f.cid, f.parent_cid, up.step + 1 FROM comment_facts f JOIN up ON f.cid = up.parent_cid
            WHERE up.step < 200)
        SELECT f.comment_id, f.depth, f.author, f.posted_at, f.text FROM up JOIN comment_facts f USING (cid)
        WHERE up.step > 0 ORDER BY up.step DESC""", [cid]).df()
    replies = connection.execute("""SELECT comment_id, depth, author, posted_at, text, stance FROM comment_facts
                                    WHERE parent_cid = ? ORDER BY cid""", [cid]).df()
    targets = connection.execute("""SELECT target, type, mentions, sentiment, attack, evidence AS "attacked by",
                                           stance FROM target_facts
                                    WHERE cid = ? ORDER BY target""", [cid]).df()
    title = connection.execute("SELECT coalesce(title, left(body, 80), article_id) FROM articles WHERE article_id = ?",
                               [article_id]).fetchone()
    return {"comment": found.iloc[0].to_dict(), "ancestors": chain, "replies": replies, "targets": targets,
            "article_title": title[0] if title else article_id}


def typical_pairs(column) -> tuple[tuple[str, str], ...]:
    """The (article_id, comment_id) pairs a column of JSON lists names (a topic's or camp's typical
    comments; an empty cell names none)."""
    return tuple(tuple(pair) for cell in column if isinstance(cell, str) for pair in json.loads(cell))


def comment_texts(connection: duckdb.DuckDBPyConnection, pairs: tuple[tuple[str, str], ...]) -> dict:
    """(article_id, comment_id) -> {"author", "text"} for the comments named, in one query (the
    typical comments under topics and camps; a pair not in the store is left out)."""
    if not pairs:
        return {}
    rows = connection.execute("""
        SELECT f.article_id, f.comment_id, f.author, f.text
        FROM comment_facts f JOIN (SELECT unnest(?) AS article_id, unnest(?) AS comment_id) wanted
             USING (article_id, comment_id)""",
        [[article for article, _ in pairs], [comment for _, comment in pairs]]).fetchall()
    return {(article, comment): {"author": author, "text": text} for article, comment, author, text in rows}


# What a link may name ------------------------------------------------------------------------

def known_values(connection: duckdb.DuckDBPyConnection) -> dict[str, frozenset]:
    """Article ids, targets, topic and camp numbers of the store (to check a link against)."""
    def column(sql: str) -> frozenset:
        return frozenset(value for (value,) in connection.execute(sql).fetchall())
    return {"articles": column("SELECT article_id FROM articles"),
            "targets": column("SELECT DISTINCT target FROM targets WHERE item_kind = 'comment'"),
            "topics": column("SELECT topic_id FROM topics UNION SELECT topic_id FROM topic_groups"), "camps": column("SELECT camp_id FROM camps")}


def filter_options(connection: duckdb.DuckDBPyConnection) -> dict:
    """Values the sidebar offers: articles with titles (most commented first), date and depth ranges,
    targets, topics, camps."""
    articles = connection.execute("""
        SELECT a.article_id, coalesce(a.title, left(a.body, 80), a.article_id) AS title
        FROM articles a LEFT JOIN (SELECT article_id, count(*) AS n FROM comments GROUP BY article_id) c
             USING (article_id)
        ORDER BY coalesce(c.n, 0) DESC, title, a.article_id""").fetchall()  # most commented first
    first, last, deepest = connection.execute(
        "SELECT CAST(min(posted_at) AS DATE), CAST(max(posted_at) AS DATE), coalesce(max(depth), 0) FROM comments").fetchone()
    targets = [value for (value,) in connection.execute("""
        SELECT target FROM targets WHERE item_kind = 'comment' GROUP BY target ORDER BY count(*) DESC, target
        LIMIT 500""").fetchall()]
    return {"articles": dict(articles), "first_day": first, "last_day": last, "max_depth": int(deepest),
            "targets": targets,
            "topics": dict(connection.execute("""SELECT topic_id, label FROM topics UNION ALL
                                                 SELECT topic_id, label FROM topic_groups ORDER BY topic_id""").fetchall()),
            "camps": dict(connection.execute("SELECT camp_id, label FROM camps ORDER BY camp_id").fetchall())}
