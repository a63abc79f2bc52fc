"""The dashboard's reads: every chart and table over the comments a ViewState selects.

`selection` turns a state into one SQL query of (article_id, comment_id) with every value bound
as a parameter; each function below wraps it in a CTE named `sel`. Nothing here writes.
"""
from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd

from analytics.viewstate import ViewState

TOPIC_MEMBERSHIP = 0.3  # a comment belongs to a topic when it weighs at least this on it
ATTACKED = "EXISTS (SELECT 1 FROM targets g WHERE g.item_kind = 'comment' AND g.article_id = c.article_id " \
           "AND g.comment_id = c.comment_id AND g.attack)"


def selection(state: ViewState) -> tuple[str, list]:
    """SQL selecting the (article_id, comment_id) of the comments the state's filters keep."""
    conditions, params = [], []
    if state.articles:
        conditions.append("list_contains(?, c.article_id)")
        params.append(list(state.articles))
    if state.date_from:
        conditions.append("c.posted_at >= ?")
        params.append(pd.Timestamp(state.date_from).to_pydatetime())
    if state.date_to:
        conditions.append("c.posted_at < ?")
        params.append((pd.Timestamp(state.date_to) + pd.Timedelta(days=1)).to_pydatetime())
    if state.lang:
        conditions.append("t.lang = ?")
        params.append(state.lang)
    if state.depth_min:
        conditions.append("c.depth >= ?")
        params.append(state.depth_min)
    if state.depth_max is not None:
        conditions.append("c.depth <= ?")
        params.append(state.depth_max)
    if state.sentiment:
        conditions.append("t.sentiment_label = ?")
        params.append(state.sentiment)
    if state.stance:
        conditions.append("s.label = ?")
        params.append(state.stance)
    if state.target or state.target_stance:
        conditions.append("EXISTS (SELECT 1 FROM targets g WHERE g.item_kind = 'comment' AND g.article_id = "
                          "c.article_id AND g.comment_id = c.comment_id AND (? IS NULL OR g.target = ?) "
                          "AND (? IS NULL OR g.stance = ?))")
        params += [state.target, state.target, state.target_stance, state.target_stance]
    if state.topic is not None:
        conditions.append("EXISTS (SELECT 1 FROM topic_weights w WHERE w.article_id = c.article_id AND "
                          "w.comment_id = c.comment_id AND w.topic_id = ? AND w.weight >= ?)")
        params += [state.topic, TOPIC_MEMBERSHIP]
    if state.camp is not None:
        conditions.append("EXISTS (SELECT 1 FROM comment_camps k WHERE k.article_id = c.article_id AND "
                          "k.comment_id = c.comment_id AND k.camp_id = ?)")
        params.append(state.camp)
    if state.search:
        conditions.append("strpos(lower(c.text), lower(?)) > 0")
        params.append(state.search)
    where = " AND ".join(conditions) or "TRUE"
    return f"""SELECT c.article_id, c.comment_id FROM comments c
               LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
                    AND t.comment_id = c.comment_id
               LEFT JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
               WHERE {where}""", params


def _run(connection: duckdb.DuckDBPyConnection, state: ViewState, body: str, extra: list | None = None) -> pd.DataFrame:
    sql, params = selection(state)
    return connection.execute(f"WITH sel AS ({sql}) {body}", params + (extra or [])).df()


# Overview ------------------------------------------------------------------------------------

def overview(connection: duckdb.DuckDBPyConnection, state: ViewState) -> dict:
    """Articles, comments, commenters, share of replies and languages of the selected comments."""
    row = _run(connection, state, """
        SELECT count(DISTINCT c.article_id) AS articles, count(*) AS comments,
               count(DISTINCT nullif(trim(c.author), '')) AS commenters,
               coalesce(avg(CAST(c.depth > 0 AS INTEGER)), 0) AS reply_share
        FROM sel JOIN comments c USING (article_id, comment_id)""").iloc[0]
    languages = _run(connection, state, """
        SELECT coalesce(t.lang, 'not analysed') AS lang, count(*) AS comments
        FROM sel LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = sel.article_id
             AND t.comment_id = sel.comment_id
        GROUP BY ALL ORDER BY comments DESC, lang""")
    return {"articles": int(row["articles"]), "comments": int(row["comments"]),
            "commenters": int(row["commenters"]), "reply_share": float(row["reply_share"]),
            "languages": dict(zip(languages["lang"], languages["comments"].astype(int)))}


def sentiment_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per sentiment label (negative, neutral, positive order)."""
    return _run(connection, state, """
        SELECT t.sentiment_label AS sentiment, count(*) AS comments
        FROM sel JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = sel.article_id
             AND t.comment_id = sel.comment_id
        GROUP BY t.sentiment_label ORDER BY list_position(['negative', 'neutral', 'positive'], t.sentiment_label)""")


def comments_over_time(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per day (per week when they span more than 120 days), by sentiment."""
    span = _run(connection, state, """SELECT min(c.posted_at) AS first, max(c.posted_at) AS last
                                      FROM sel JOIN comments c USING (article_id, comment_id)""").iloc[0]
    unit = "week" if pd.notna(span["first"]) and (span["last"] - span["first"]).days > 120 else "day"
    frame = _run(connection, state, f"""
        SELECT CAST(date_trunc('{unit}', c.posted_at) AS DATE) AS period,
               coalesce(t.sentiment_label, 'not analysed') AS sentiment, count(*) AS comments
        FROM sel JOIN comments c USING (article_id, comment_id)
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
             AND t.comment_id = c.comment_id
        WHERE c.posted_at IS NOT NULL GROUP BY ALL ORDER BY period, sentiment""")
    frame.attrs["unit"] = unit
    return frame


def top_articles(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The articles with the most selected comments."""
    return _run(connection, state, """
        SELECT a.article_id, coalesce(a.title, left(a.body, 80), a.article_id) AS title, a.published_at,
               count(*) AS comments, count(*) FILTER (WHERE c.depth > 0) AS replies, max(c.depth) AS max_depth
        FROM sel JOIN comments c USING (article_id, comment_id) JOIN articles a USING (article_id)
        GROUP BY ALL ORDER BY comments DESC, a.article_id LIMIT ?""", [limit])


def top_targets(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 15) -> pd.DataFrame:
    """Named targets of the selected comments: mentions, comments, commenters, sentiment, attack rate."""
    return _run(connection, state, """
        SELECT g.target, any_value(g.type) AS type, CAST(sum(g.mention_count) AS BIGINT) AS mentions,
               count(*) AS comments, count(DISTINCT nullif(trim(c.author), '')) AS commenters,
               round(avg(g.sentiment), 3) AS mean_sentiment, round(avg(CAST(g.attack AS INTEGER)), 3) AS attack_rate
        FROM sel JOIN targets g ON g.item_kind = 'comment' AND g.article_id = sel.article_id
             AND g.comment_id = sel.comment_id
        JOIN comments c ON c.article_id = sel.article_id AND c.comment_id = sel.comment_id
        GROUP BY g.target ORDER BY mentions DESC, g.target LIMIT ?""", [limit])


def top_topics(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Topics of the selected comments: comments belonging to each (weight ≥ TOPIC_MEMBERSHIP), summed weight."""
    return _run(connection, state, """
        SELECT p.topic_id, p.label, count(*) FILTER (WHERE w.weight >= ?) AS comments,
               round(sum(w.weight), 3) AS weight
        FROM sel JOIN topic_weights w ON w.article_id = sel.article_id AND w.comment_id = sel.comment_id
        JOIN topics p USING (topic_id)
        GROUP BY ALL ORDER BY comments DESC, p.topic_id""", [TOPIC_MEMBERSHIP])


# Threads -------------------------------------------------------------------------------------

def depth_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per reply depth."""
    return _run(connection, state, """
        SELECT c.depth, count(*) AS comments FROM sel JOIN comments c USING (article_id, comment_id)
        GROUP BY c.depth ORDER BY c.depth""")


def escalation(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Per depth: mean sentiment, share of comments attacking someone, share agreeing and disagreeing."""
    return _run(connection, state, f"""
        SELECT c.depth, count(*) AS comments, round(avg(t.sentiment_score), 3) AS mean_sentiment,
               round(avg(CAST({ATTACKED} AS INTEGER)), 3) AS attack_share,
               round(avg(CAST(s.label = 'agree' AS INTEGER)), 3) AS agree_share,
               round(avg(CAST(s.label = 'disagree' AS INTEGER)), 3) AS disagree_share
        FROM sel JOIN comments c USING (article_id, comment_id)
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
             AND t.comment_id = c.comment_id
        LEFT JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
        GROUP BY c.depth ORDER BY c.depth""")


def longest_chains(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The deepest reply chains among the selected comments: their root comment and depth reached."""
    return _run(connection, state, """
        SELECT c.article_id, c.root_id AS root_comment, max(c.depth) + 1 AS chain_length, count(*) AS comments,
               left(any_value(r.text), 120) AS root_text
        FROM sel JOIN comments c USING (article_id, comment_id)
        LEFT JOIN comments r ON r.article_id = c.article_id AND r.comment_id = c.root_id
        GROUP BY c.article_id, c.root_id ORDER BY chain_length DESC, comments DESC, c.article_id, c.root_id LIMIT ?""",
                [limit])


def widest_branches(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The comments with the most direct replies among the selected comments."""
    return _run(connection, state, """
        SELECT c.article_id, c.parent_id AS comment_id, count(*) AS direct_replies, left(any_value(p.text), 120) AS text
        FROM sel JOIN comments c USING (article_id, comment_id)
        JOIN comments p ON p.article_id = c.article_id AND p.comment_id = c.parent_id
        GROUP BY c.article_id, c.parent_id ORDER BY direct_replies DESC, c.article_id, c.parent_id LIMIT ?""", [limit])


def reply_latency(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Per depth, the median and 90th percentile of minutes between a reply and its parent (times known)."""
    return _run(connection, state, """
        SELECT c.depth, count(*) AS replies,
               round(median(epoch(c.posted_at) - epoch(p.posted_at)) / 60, 1) AS median_minutes,
               round(quantile_cont(epoch(c.posted_at) - epoch(p.posted_at), 0.9) / 60, 1) AS p90_minutes
        FROM sel JOIN comments c USING (article_id, comment_id)
        JOIN comments p ON p.article_id = c.article_id AND p.comment_id = c.parent_id
        WHERE c.posted_at IS NOT NULL AND p.posted_at IS NOT NULL AND c.posted_at >= p.posted_at
        GROUP BY c.depth ORDER BY c.depth""")


def tree(connection: duckdb.DuckDBPyConnection, state: ViewState, article_id: str, limit: int = 3000) -> pd.DataFrame:
    """One article's selected comments as tree nodes: id, parent (kept only if selected), sentiment,
    subtree size (the comment and every selected comment below it), text opening."""
    frame = _run(connection, state, """
        SELECT c.comment_id, c.parent_id, c.depth, c.author, left(c.text, 140) AS text,
               t.sentiment_score, t.sentiment_label
        FROM sel JOIN comments c USING (article_id, comment_id)
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
             AND t.comment_id = c.comment_id
        WHERE c.article_id = ? ORDER BY c.ordinal LIMIT ?""", [article_id, limit])
    present = set(frame["comment_id"])
    parents = [parent if isinstance(parent, str) and parent in present else None for parent in frame["parent_id"]]
    sizes = dict.fromkeys(frame["comment_id"], 1)
    for comment, parent in zip(reversed(list(frame["comment_id"])), reversed(parents)):  # children first
        if parent is not None:
            sizes[parent] += sizes[comment]
    frame["parent_id"] = pd.Series(parents, index=frame.index, dtype=object)
    frame["subtree"] = frame["comment_id"].map(sizes)
    return frame


# Targets -------------------------------------------------------------------------------------

def targets_by(connection: duckdb.DuckDBPyConnection, state: ViewState, by: str, targets: list[str]) -> pd.DataFrame:
    """Mentions, mean sentiment and attack rate of some targets per reply depth or per day."""
    group = {"depth": "c.depth", "day": "CAST(date_trunc('day', c.posted_at) AS DATE)"}[by]
    return _run(connection, state, f"""
        SELECT {group} AS {by}, g.target, CAST(sum(g.mention_count) AS BIGINT) AS mentions, count(*) AS comments,
               round(avg(g.sentiment), 3) AS mean_sentiment, round(avg(CAST(g.attack AS INTEGER)), 3) AS attack_rate
        FROM sel JOIN targets g ON g.item_kind = 'comment' AND g.article_id = sel.article_id
             AND g.comment_id = sel.comment_id
        JOIN comments c ON c.article_id = sel.article_id AND c.comment_id = sel.comment_id
        WHERE list_contains(?, g.target) AND {group} IS NOT NULL
        GROUP BY ALL ORDER BY {by}, g.target""", [targets])


def co_mentions(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """Pairs of the given targets named in the same selected comment, with how many comments."""
    return _run(connection, state, """
        , found AS (SELECT g.article_id, g.comment_id, g.target FROM sel
                    JOIN targets g ON g.item_kind = 'comment' AND g.article_id = sel.article_id
                         AND g.comment_id = sel.comment_id WHERE list_contains(?, g.target))
        SELECT a.target AS source, b.target AS target, count(*) AS comments
        FROM found a JOIN found b ON a.article_id = b.article_id AND a.comment_id = b.comment_id
             AND a.target < b.target
        GROUP BY ALL ORDER BY comments DESC, source, target""", [targets])


def surface_forms(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """How each target is written in the selected comments: surface form, kind, occurrences."""
    frame = _run(connection, state, """
        SELECT g.target, g.mentions FROM sel
        JOIN targets g ON g.item_kind = 'comment' AND g.article_id = sel.article_id AND g.comment_id = sel.comment_id
        WHERE list_contains(?, g.target)""", [targets])
    counts: dict[tuple[str, str, str], int] = {}
    for target, mentions in zip(frame["target"], frame["mentions"]):
        for mention in json.loads(mentions or "[]"):
            key = (target, mention.get("text", ""), mention.get("kind", ""))
            counts[key] = counts.get(key, 0) + 1
    rows = [(target, text, kind, count) for (target, text, kind), count in counts.items()]
    return pd.DataFrame(rows, columns=["target", "written as", "kind", "occurrences"]).sort_values(
        ["target", "occurrences", "written as"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


# Topics --------------------------------------------------------------------------------------

def topics(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The stored topics."""
    return connection.execute("""SELECT topic_id, label, key_phrases, top_terms, weight, comments, coherence, typical
                                 FROM topics ORDER BY topic_id""").df()


def topic_map(frame: pd.DataFrame) -> pd.DataFrame:
    """Topics placed in 2-D by the similarity of their term weights (classical MDS over cosine distance)."""
    vectors = [dict(json.loads(terms)) for terms in frame["top_terms"]]
    vocabulary = sorted({term for vector in vectors for term in vector})
    matrix = np.array([[vector.get(term, 0.0) for term in vocabulary] for vector in vectors], dtype=float)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    distance = 1 - matrix @ matrix.T
    count = len(frame)
    centre = np.eye(count) - np.ones((count, count)) / max(count, 1)
    gram = -0.5 * centre @ (distance ** 2) @ centre
    values, vectors_ = np.linalg.eigh(gram)
    order = np.argsort(values)[::-1][:2]
    coordinates = vectors_[:, order] * np.sqrt(np.clip(values[order], 0, None))
    if coordinates.shape[1] < 2:
        coordinates = np.hstack([coordinates, np.zeros((count, 2 - coordinates.shape[1]))])
    placed = frame[["topic_id", "label"]].copy()
    placed["x"], placed["y"] = np.round(coordinates[:, 0], 6), np.round(coordinates[:, 1], 6)
    return placed


def topic_shares(connection: duckdb.DuckDBPyConnection, state: ViewState, by: str) -> pd.DataFrame:
    """Each topic's share of the selected comments' topic weight per article or per day."""
    group = {"article": "c.article_id", "day": "CAST(date_trunc('day', c.posted_at) AS DATE)",
             "depth": "c.depth"}[by]
    return _run(connection, state, f"""
        , weights AS (
            SELECT {group} AS grp, w.topic_id, sum(w.weight) AS total
            FROM sel JOIN comments c USING (article_id, comment_id)
            JOIN topic_weights w ON w.article_id = c.article_id AND w.comment_id = c.comment_id
            WHERE {group} IS NOT NULL GROUP BY ALL)
        SELECT grp AS {by}, weights.topic_id, p.label, round(total, 4) AS weight,
               round(total / sum(total) OVER (PARTITION BY grp), 4) AS share
        FROM weights JOIN topics p USING (topic_id) ORDER BY grp, weights.topic_id""")


def drift_by_depth(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Mean drift from the article's topics per depth, over the selected comments."""
    return _run(connection, state, """
        SELECT c.depth, count(d.drift) AS comments, round(avg(d.drift), 4) AS mean_drift
        FROM sel JOIN comments c USING (article_id, comment_id)
        JOIN topic_drift d ON d.article_id = c.article_id AND d.comment_id = c.comment_id
        WHERE d.drift IS NOT NULL GROUP BY c.depth ORDER BY c.depth""")


# Stance --------------------------------------------------------------------------------------

def stance_by_depth(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Replies per depth and stance toward their parent (top-level comments: toward the article)."""
    return _run(connection, state, """
        SELECT c.depth, s.label AS stance, count(*) AS comments
        FROM sel JOIN comments c USING (article_id, comment_id)
        JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
        WHERE s.label IS NOT NULL GROUP BY c.depth, s.label
        ORDER BY c.depth, list_position(['agree', 'disagree', 'query', 'neutral'], s.label)""")


def target_stances(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 12) -> pd.DataFrame:
    """For the most mentioned targets: selected comments favour, against or neutral toward each."""
    return _run(connection, state, """
        , found AS (SELECT g.target, g.stance FROM sel
                    JOIN targets g ON g.item_kind = 'comment' AND g.article_id = sel.article_id
                         AND g.comment_id = sel.comment_id),
          top AS (SELECT target FROM found GROUP BY target ORDER BY count(*) DESC, target LIMIT ?)
        SELECT found.target, found.stance, count(*) AS comments FROM found
        WHERE found.target IN (SELECT target FROM top) GROUP BY found.target, found.stance
        ORDER BY found.target, list_position(['against', 'neutral', 'favour'], found.stance)""", [limit])


def camps(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The stored stance camps."""
    return connection.execute("""SELECT camp_id, label, description, commenters, comments, profile, typical, criterion
                                 FROM camps ORDER BY camp_id""").df()


def camp_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per camp."""
    return _run(connection, state, """
        SELECT k.camp_id, count(*) AS comments FROM sel
        JOIN comment_camps k ON k.article_id = sel.article_id AND k.comment_id = sel.comment_id
        GROUP BY ALL ORDER BY k.camp_id""")


# Comments ------------------------------------------------------------------------------------

SORT_ORDER = {"thread": "c.article_id, c.ordinal", "newest": "c.posted_at DESC NULLS LAST, c.article_id, c.ordinal",
              "oldest": "c.posted_at NULLS LAST, c.article_id, c.ordinal",
              "most_negative": "t.sentiment_score NULLS LAST, c.article_id, c.ordinal",
              "most_positive": "t.sentiment_score DESC NULLS LAST, c.article_id, c.ordinal",
              "deepest": "c.depth DESC, c.article_id, c.ordinal"}


def comment_table(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 500) -> pd.DataFrame:
    """The selected comments, sorted as the state says, with their analyses (first `limit`)."""
    return _run(connection, state, f"""
        SELECT c.article_id, c.comment_id, c.parent_id, c.depth, c.author, c.posted_at, c.text,
               t.lang, t.sentiment_label AS sentiment, t.sentiment_score, s.label AS stance,
               (SELECT string_agg(g.target, '; ' ORDER BY g.target) FROM targets g WHERE g.item_kind = 'comment'
                 AND g.article_id = c.article_id AND g.comment_id = c.comment_id) AS targets,
               {ATTACKED} AS attacks
        FROM sel JOIN comments c USING (article_id, comment_id)
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
             AND t.comment_id = c.comment_id
        LEFT JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
        ORDER BY {SORT_ORDER[state.sort]} LIMIT ?""", [limit])


def count_selected(connection: duckdb.DuckDBPyConnection, state: ViewState) -> int:
    sql, params = selection(state)
    return int(connection.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])


def comment_context(connection: duckdb.DuckDBPyConnection, article_id: str, comment_id: str) -> dict:
    """One comment with its ancestors (root first), its direct replies and its targets' mentions."""
    found = connection.execute("""
        SELECT c.comment_id, c.parent_id, c.depth, c.author, c.posted_at, c.text, t.sentiment_label,
               t.sentiment_score, s.label AS stance
        FROM comments c
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
             AND t.comment_id = c.comment_id
        LEFT JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
        WHERE c.article_id = ? AND c.comment_id = ?""", [article_id, comment_id]).df()
    if found.empty:
        return {}
    chain = connection.execute("""
        WITH RECURSIVE up(comment_id, parent_id, step) AS (
            SELECT comment_id, parent_id, 0 FROM comments WHERE article_id = ? AND comment_id = ?
            UNION ALL
            SELECT c.comment_id, c.parent_id, up.step + 1 FROM comments c JOIN up ON c.comment_id = up.parent_id
            WHERE c.article_id = ? AND up.step < 200)
        SELECT c.comment_id, c.depth, c.author, c.posted_at, c.text FROM up
        JOIN comments c ON c.article_id = ? AND c.comment_id = up.comment_id
        WHERE up.step > 0 ORDER BY up.step DESC""", [article_id, comment_id, article_id, article_id]).df()
    replies = connection.execute("""
        SELECT c.comment_id, c.depth, c.author, c.posted_at, c.text, s.label AS stance FROM comments c
        LEFT JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
        WHERE c.article_id = ? AND c.parent_id = ? ORDER BY c.ordinal""", [article_id, comment_id]).df()
    targets = connection.execute("""
        SELECT target, type, mentions, sentiment, attack, stance FROM targets
        WHERE item_kind = 'comment' AND article_id = ? AND comment_id = ? ORDER BY target""",
                                 [article_id, comment_id]).df()
    title = connection.execute("SELECT coalesce(title, left(body, 80), article_id) FROM articles WHERE article_id = ?",
                               [article_id]).fetchone()
    return {"comment": found.iloc[0].to_dict(), "ancestors": chain, "replies": replies, "targets": targets,
            "article_title": title[0] if title else article_id}


# What a link may name ------------------------------------------------------------------------

def known_values(connection: duckdb.DuckDBPyConnection) -> dict[str, frozenset]:
    """Article ids, targets, topic and camp numbers of the store (to check a link against)."""
    def column(sql: str) -> frozenset:
        return frozenset(value for (value,) in connection.execute(sql).fetchall())
    return {"articles": column("SELECT article_id FROM articles"),
            "targets": column("SELECT DISTINCT target FROM targets WHERE item_kind = 'comment'"),
            "topics": column("SELECT topic_id FROM topics"), "camps": column("SELECT camp_id FROM camps")}


def filter_options(connection: duckdb.DuckDBPyConnection) -> dict:
    """Values the sidebar offers: articles with titles, date and depth ranges, targets, topics, camps."""
    articles = connection.execute("""SELECT article_id, coalesce(title, left(body, 80), article_id) AS title
                                     FROM articles ORDER BY title, article_id""").fetchall()
    first, last, deepest = connection.execute(
        "SELECT CAST(min(posted_at) AS DATE), CAST(max(posted_at) AS DATE), coalesce(max(depth), 0) FROM comments").fetchone()
    targets = [value for (value,) in connection.execute("""
        SELECT target FROM targets WHERE item_kind = 'comment' GROUP BY target ORDER BY count(*) DESC, target
        LIMIT 500""").fetchall()]
    return {"articles": dict(articles), "first_day": first, "last_day": last, "max_depth": int(deepest),
            "targets": targets,
            "topics": dict(connection.execute("SELECT topic_id, label FROM topics ORDER BY topic_id").fetchall()),
            "camps": dict(connection.execute("SELECT camp_id, label FROM camps ORDER BY camp_id").fetchall())}
