"""The dashboard's reads: every chart and table over the comments a ViewState selects.

They read the store's read-side tables (store/facts.py: one row per comment with an integer key,
its targets, its topic weights), so that a page scans one table and joins on integers.
`selection` turns a state into a WHERE condition over comment_facts with every value bound as a
parameter. Nothing here writes.
"""
from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd

from analytics.views.state import ViewState

TOPIC_MEMBERSHIP = 0.3  # a comment belongs to a topic when it weighs at least this on it


def selection(state: ViewState) -> tuple[str, list]:
    """A WHERE condition over comment_facts `f` keeping the comments the state's filters keep, and
    its parameters (every value bound, never written into the SQL)."""
    conditions, params = [], []
    if state.articles:
        conditions.append("list_contains(?, f.article_id)")
        params.append(list(state.articles))
    if state.date_from:
        conditions.append("f.posted_at >= ?")
        params.append(pd.Timestamp(state.date_from).to_pydatetime())
    if state.date_to:
        conditions.append("f.posted_at < ?")
        params.append((pd.Timestamp(state.date_to) + pd.Timedelta(days=1)).to_pydatetime())
    for column, value in (("f.lang", state.lang), ("f.sentiment_label", state.sentiment), ("f.stance", state.stance),
                          ("f.camp", state.camp)):
        if value is not None:
            conditions.append(f"{column} = ?")
            params.append(value)
    if state.depth_min:
        conditions.append("f.depth >= ?")
        params.append(state.depth_min)
    if state.depth_max is not None:
        conditions.append("f.depth <= ?")
        params.append(state.depth_max)
    if state.target or state.target_stance or state.attack_kinds:
        # one target row meets them all: "Zelensky, against, by a threat" is a threat against Zelensky
        conditions.append("f.cid IN (SELECT cid FROM target_facts WHERE (? IS NULL OR target = ?) "
                          "AND (? IS NULL OR stance = ?) AND (? = 0 OR (attack AND list_contains(?, attack_kind))))")
        params += [state.target, state.target, state.target_stance, state.target_stance, len(state.attack_kinds),
                   list(state.attack_kinds)]
    if state.topic is not None:
        conditions.append("f.cid IN (SELECT cid FROM topic_facts WHERE topic_id = ? AND weight >= ?)")
        params += [state.topic, TOPIC_MEMBERSHIP]
    if state.search:
        conditions.append("strpos(lower(f.text), lower(?)) > 0")
        params.append(state.search)
    return " AND ".join(conditions) or "TRUE", params


def _run(connection: duckdb.DuckDBPyConnection, state: ViewState, body: str, extra: list | None = None,
         before: list | None = None) -> pd.DataFrame:
    """Run a query whose `{where}` is the state's selection over comment_facts `f`; `before` are
    parameters bound ahead of the selection's, `extra` after."""
    where, params = selection(state)
    return connection.execute(body.replace("{where}", where), (before or []) + params + (extra or [])).df()


# Overview ------------------------------------------------------------------------------------

def overview(connection: duckdb.DuckDBPyConnection, state: ViewState) -> dict:
    """Articles, comments, commenters, share of replies and languages of the selected comments."""
    row = _run(connection, state, """
        SELECT count(DISTINCT f.article_id) AS articles, count(*) AS comments,
               count(DISTINCT f.author) AS commenters, coalesce(avg(CAST(f.depth > 0 AS INTEGER)), 0) AS reply_share
        FROM comment_facts f WHERE {where}""").iloc[0]
    languages = _run(connection, state, """
        SELECT coalesce(f.lang, 'not analysed') AS lang, count(*) AS comments FROM comment_facts f
        WHERE {where} GROUP BY ALL ORDER BY comments DESC, lang""")
    return {"articles": int(row["articles"]), "comments": int(row["comments"]),
            "commenters": int(row["commenters"]), "reply_share": float(row["reply_share"]),
            "languages": dict(zip(languages["lang"], languages["comments"].astype(int)))}


def sentiment_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per sentiment label (negative, neutral, positive order)."""
    return _run(connection, state, """
        SELECT f.sentiment_label AS sentiment, count(*) AS comments FROM comment_facts f
        WHERE {where} AND f.sentiment_label IS NOT NULL GROUP BY f.sentiment_label
        ORDER BY list_position(['negative', 'neutral', 'positive'], f.sentiment_label)""")


def _time_unit(connection: duckdb.DuckDBPyConnection, where: str, params: list) -> str:
    """day up to 120 days of comments, week up to three years, month beyond."""
    first, last = connection.execute(f"SELECT min(f.posted_at), max(f.posted_at) FROM comment_facts f "
                                     f"WHERE {where}", params).fetchone()
    span = (last - first).days if first is not None else 0
    return "day" if span <= 120 else "week" if span <= 3 * 366 else "month"


def comments_over_time(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per day, week or month (_time_unit), by sentiment; the unit in attrs."""
    where, params = selection(state)
    unit = _time_unit(connection, where, params)
    frame = connection.execute(f"""
        SELECT CAST(date_trunc('{unit}', f.posted_at) AS DATE) AS period,
               coalesce(f.sentiment_label, 'not analysed') AS sentiment, count(*) AS comments
        FROM comment_facts f WHERE {where} AND f.posted_at IS NOT NULL GROUP BY ALL ORDER BY period, sentiment""",
                               params).df()
    frame.attrs["unit"] = unit
    return frame


def top_articles(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The articles with the most selected comments."""
    return _run(connection, state, """
        WITH counted AS (SELECT f.article_id, count(*) AS comments, count(*) FILTER (WHERE f.depth > 0) AS replies,
                                max(f.depth) AS max_depth
                         FROM comment_facts f WHERE {where} GROUP BY f.article_id
                         ORDER BY comments DESC, f.article_id LIMIT ?)
        SELECT c.article_id, coalesce(a.title, left(a.body, 80), c.article_id) AS title, a.published_at,
               c.comments, c.replies, c.max_depth
        FROM counted c JOIN articles a USING (article_id) ORDER BY c.comments DESC, c.article_id""", [limit])


def top_targets(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 15) -> pd.DataFrame:
    """Named targets of the selected comments: mentions, comments, commenters, sentiment, attack rate."""
    return _run(connection, state, """
        SELECT g.target, any_value(g.type) AS type, CAST(sum(g.mention_count) AS BIGINT) AS mentions,
               count(*) AS comments, count(DISTINCT f.author) AS commenters,
               round(avg(g.sentiment), 3) AS mean_sentiment, round(avg(CAST(g.attack AS INTEGER)), 3) AS attack_rate
        FROM target_facts g JOIN comment_facts f USING (cid) WHERE {where}
        GROUP BY g.target ORDER BY mentions DESC, g.target LIMIT ?""", [limit])


def top_topics(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Topics of the selected comments: comments belonging to each (weight ≥ TOPIC_MEMBERSHIP), summed weight."""
    return _run(connection, state, """
        WITH counted AS (SELECT w.topic_id, count(*) FILTER (WHERE w.weight >= ?) AS comments,
                                round(sum(w.weight), 3) AS weight
                         FROM topic_facts w JOIN comment_facts f USING (cid) WHERE {where} GROUP BY w.topic_id)
        SELECT c.topic_id, p.label, c.comments, c.weight FROM counted c JOIN topics p USING (topic_id)
        ORDER BY c.comments DESC, c.topic_id""", before=[TOPIC_MEMBERSHIP])


# Threads -------------------------------------------------------------------------------------

def depth_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per reply depth."""
    return _run(connection, state, """SELECT f.depth, count(*) AS comments FROM comment_facts f WHERE {where}
                                      GROUP BY f.depth ORDER BY f.depth""")


def escalation(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Per depth: mean sentiment, share of comments attacking someone, share agreeing and disagreeing."""
    return _run(connection, state, """
        SELECT f.depth, count(*) AS comments, round(avg(f.sentiment_score), 3) AS mean_sentiment,
               round(avg(CAST(f.attacks AS INTEGER)), 3) AS attack_share,
               round(avg(CAST(f.stance = 'agree' AS INTEGER)), 3) AS agree_share,
               round(avg(CAST(f.stance = 'disagree' AS INTEGER)), 3) AS disagree_share
        FROM comment_facts f WHERE {where} GROUP BY f.depth ORDER BY f.depth""")


def longest_chains(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The deepest reply chains among the selected comments: their root comment and depth reached."""
    return _run(connection, state, """
        WITH chains AS (SELECT f.article_id, f.root_id AS root_comment, max(f.depth) + 1 AS chain_length,
                               count(*) AS comments
                        FROM comment_facts f WHERE {where} GROUP BY f.article_id, f.root_id
                        ORDER BY chain_length DESC, comments DESC, f.article_id, f.root_id LIMIT ?)
        SELECT c.*, left(r.text, 120) AS root_text FROM chains c
        LEFT JOIN comment_facts r ON r.article_id = c.article_id AND r.comment_id = c.root_comment
        ORDER BY c.chain_length DESC, c.comments DESC, c.article_id, c.root_comment""", [limit])


def widest_branches(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 10) -> pd.DataFrame:
    """The comments with the most direct replies among the selected comments."""
    return _run(connection, state, """
        WITH widest AS (SELECT f.parent_cid, count(*) AS direct_replies FROM comment_facts f
                        WHERE {where} AND f.parent_cid IS NOT NULL GROUP BY f.parent_cid
                        ORDER BY direct_replies DESC, f.parent_cid LIMIT ?)
        SELECT p.article_id, p.comment_id, w.direct_replies, left(p.text, 120) AS text
        FROM widest w JOIN comment_facts p ON p.cid = w.parent_cid
        ORDER BY w.direct_replies DESC, p.article_id, p.comment_id""", [limit])


def reply_latency(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Per depth, the median and 90th percentile of minutes between a reply and its parent (times known)."""
    return _run(connection, state, """
        SELECT f.depth, count(*) AS replies,
               round(median(epoch(f.posted_at) - epoch(f.parent_posted_at)) / 60, 1) AS median_minutes,
               round(quantile_cont(epoch(f.posted_at) - epoch(f.parent_posted_at), 0.9) / 60, 1) AS p90_minutes
        FROM comment_facts f
        WHERE {where} AND f.parent_posted_at IS NOT NULL AND f.posted_at >= f.parent_posted_at
        GROUP BY f.depth ORDER BY f.depth""")


def tree(connection: duckdb.DuckDBPyConnection, state: ViewState, article_id: str, limit: int = 3000) -> pd.DataFrame:
    """One article's selected comments as tree nodes: id, parent (kept only if selected), sentiment,
    subtree size (the comment and every selected comment below it), text opening."""
    frame = _run(connection, state, """
        SELECT f.comment_id, p.comment_id AS parent_id, f.depth, f.author, left(f.text, 140) AS text,
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


# Targets -------------------------------------------------------------------------------------

def targets_by(connection: duckdb.DuckDBPyConnection, state: ViewState, by: str, targets: list[str]) -> pd.DataFrame:
    """Mentions, mean sentiment and attack rate of some targets per reply depth or per day."""
    group = {"depth": "f.depth", "day": "CAST(date_trunc('day', f.posted_at) AS DATE)"}[by]
    return _run(connection, state, f"""
        SELECT {group} AS {by}, g.target, CAST(sum(g.mention_count) AS BIGINT) AS mentions, count(*) AS comments,
               round(avg(g.sentiment), 3) AS mean_sentiment, round(avg(CAST(g.attack AS INTEGER)), 3) AS attack_rate
        FROM target_facts g JOIN comment_facts f USING (cid)
        WHERE list_contains(?, g.target) AND {group} IS NOT NULL AND {{where}}
        GROUP BY ALL ORDER BY {by}, g.target""", before=[targets])


def co_mentions(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """Pairs of the given targets named in the same selected comment, with how many comments."""
    return _run(connection, state, """
        WITH found AS (SELECT g.cid, g.target FROM target_facts g JOIN comment_facts f USING (cid)
                       WHERE list_contains(?, g.target) AND {where})
        SELECT a.target AS source, b.target AS target, count(*) AS comments
        FROM found a JOIN found b ON a.cid = b.cid AND a.target < b.target
        GROUP BY ALL ORDER BY comments DESC, source, target""", before=[targets])


def surface_forms(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """How each target is written in the selected comments: surface form, kind, occurrences."""
    return _run(connection, state, """
        SELECT m.target, m.form AS "written as", m.kind AS kind, count(*) AS occurrences
        FROM mention_facts m JOIN comment_facts f USING (cid) WHERE list_contains(?, m.target) AND {where}
        GROUP BY ALL ORDER BY m.target, occurrences DESC, "written as" """, before=[targets])


def attack_terms(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """What each target is attacked with in the selected comments: the epithet, insult or "negative
    generalisation" that made each attack, with how many comments use it."""
    return _run(connection, state, """
        SELECT g.target, lower(trim(u.term)) AS "attacked with", count(DISTINCT g.cid) AS comments
        FROM target_facts g JOIN comment_facts f USING (cid)
             CROSS JOIN unnest(string_split(g.evidence, '; ')) AS u(term)
        WHERE g.attack AND list_contains(?, g.target) AND trim(u.term) <> '' AND {where}
        GROUP BY ALL ORDER BY g.target, comments DESC, "attacked with" """, before=[targets])


def target_attacks(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int | None = None) -> pd.DataFrame:
    """The selected comments attacking the state's target, most hostile first (attack score, then
    thread order): where, by whom, when, the attack's kind, score and evidence (terms, and offsets
    into the text as JSON [start, end] pairs), and the text. The first `limit` (None: all)."""
    return _run(connection, state, """
        SELECT f.article_id, f.comment_id, f.depth, f.author, f.posted_at, g.attack_kind, g.attack_score,
               g.evidence, g.evidence_spans, f.text
        FROM target_facts g JOIN comment_facts f USING (cid)
        WHERE g.target = ? AND g.attack AND (? = 0 OR list_contains(?, g.attack_kind)) AND {where}
        ORDER BY g.attack_score DESC NULLS LAST, f.cid LIMIT ?""", [limit],
                before=[state.target, len(state.attack_kinds), list(state.attack_kinds)])


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


def topic_shares(connection: duckdb.DuckDBPyConnection, state: ViewState, by: str,
                 limit: int | None = 15) -> pd.DataFrame:
    """Each topic's share of the selected comments' topic weight per article (the `limit` articles
    with the most selected comments; None: every article), per period (day, week or month: the
    unit is in attrs) or per depth."""
    where, params = selection(state)
    unit = _time_unit(connection, where, params) if by == "period" else None
    group = {"article": "f.article_id", "period": f"CAST(date_trunc('{unit}', f.posted_at) AS DATE)",
             "depth": "f.depth"}[by]
    keep = ""
    extra: list = []
    if by == "article" and limit is not None:
        keep = (f" AND f.article_id IN (SELECT f.article_id FROM comment_facts f WHERE {where} "
                "GROUP BY f.article_id ORDER BY count(*) DESC, f.article_id LIMIT ?)")
        extra = [*params, limit]
    frame = connection.execute(f"""
        WITH weights AS (
            SELECT {group} AS grp, w.topic_id, sum(w.weight) AS total
            FROM topic_facts w JOIN comment_facts f USING (cid)
            WHERE {group} IS NOT NULL AND {where}{keep} GROUP BY ALL)
        SELECT grp AS {by}, weights.topic_id, p.label, round(total, 4) AS weight,
               round(total / sum(total) OVER (PARTITION BY grp), 4) AS share
        FROM weights JOIN topics p USING (topic_id) ORDER BY grp, weights.topic_id""", params + extra).df()
    frame.attrs["unit"] = unit
    return frame


def drift_by_depth(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Mean drift from the article's topics per depth, over the selected comments."""
    return _run(connection, state, """
        SELECT f.depth, count(f.drift) AS comments, round(avg(f.drift), 4) AS mean_drift
        FROM comment_facts f WHERE f.drift IS NOT NULL AND {where} GROUP BY f.depth ORDER BY f.depth""")


# Stance --------------------------------------------------------------------------------------

def stance_by_depth(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Replies per depth and stance toward their parent (top-level comments: toward the article)."""
    return _run(connection, state, """
        SELECT f.depth, f.stance, count(*) AS comments FROM comment_facts f
        WHERE f.stance IS NOT NULL AND {where} GROUP BY f.depth, f.stance
        ORDER BY f.depth, list_position(['agree', 'disagree', 'query', 'neutral'], f.stance)""")


def target_stances(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 12) -> pd.DataFrame:
    """For the most mentioned targets: selected comments favour, against or neutral toward each."""
    return _run(connection, state, """
        WITH found AS (SELECT g.target, g.stance FROM target_facts g JOIN comment_facts f USING (cid) WHERE {where}),
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
    return _run(connection, state, """SELECT f.camp AS camp_id, count(*) AS comments FROM comment_facts f
                                      WHERE f.camp IS NOT NULL AND {where} GROUP BY f.camp ORDER BY f.camp""")


# Comments ------------------------------------------------------------------------------------

SORT_ORDER = {"thread": "f.cid", "newest": "f.posted_at DESC NULLS LAST, f.cid",
              "oldest": "f.posted_at NULLS LAST, f.cid", "most_negative": "f.sentiment_score NULLS LAST, f.cid",
              "most_positive": "f.sentiment_score DESC NULLS LAST, f.cid", "deepest": "f.depth DESC, f.cid"}


def comment_table(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 500) -> pd.DataFrame:
    """The selected comments, sorted as the state says, with their analyses (first `limit`)."""
    order = SORT_ORDER[state.sort]
    return _run(connection, state, f"""
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
