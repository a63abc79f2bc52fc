"""The Topics and Stance pages' reads: topics, their map, shares and drift; stance by depth, toward
targets, and camps."""
from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd

from analytics.views.filters import selection
from analytics.views.selection import run_selected, time_unit
from analytics.views.state import ViewState

# Topics --------------------------------------------------------------------------------------

def topics(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The stored topics."""
    return connection.execute("""SELECT topic_id, label, key_phrases, top_terms, weight, comments, coherence, typical
                                 FROM topics ORDER BY topic_id""").df()


def topic_levels(connection: duckdb.DuckDBPyConnection) -> list[int]:
    """The numbers of topics the stored fit can be shown as (its merge levels, then all its topics)."""
    from analytics.enrich.topics.hierarchy import levels

    count = connection.execute("SELECT count(*) FROM topics").fetchone()[0]
    return levels(count) if count else []


def level_topics(connection: duckdb.DuckDBPyConnection, count: int | None = None) -> pd.DataFrame:
    """The topics shown when the fit is merged down to `count` topics (None: every fitted topic):
    topic_id (a fitted topic's number, or a merged topic's), label, key_phrases, top_terms, lang,
    coherence and typical (fitted topics only), and members (the fitted topics' numbers)."""
    from analytics.enrich.topics.hierarchy import level

    fitted = connection.execute("""SELECT topic_id, label, key_phrases, top_terms, lang, coherence, typical
                                   FROM topics ORDER BY topic_id""").df()
    merged = connection.execute("""SELECT topic_id, label, top_terms, left_id, right_id, distance
                                   FROM topic_groups ORDER BY topic_id""").df()
    total = len(fitted)
    merges = list(zip(merged["left_id"], merged["right_id"], merged["distance"]))
    shown = level(merges, total, count) if count and total and len(merges) == total - 1 else list(range(total))
    leaves = connection.execute("SELECT topic_id, list(leaf_id ORDER BY leaf_id) AS members FROM topic_members "
                                "GROUP BY topic_id").df()
    frame = pd.concat([fitted, merged.drop(columns=["left_id", "right_id", "distance"])], ignore_index=True)
    frame = frame[frame["topic_id"].isin(shown)].merge(leaves, on="topic_id", how="left")
    lang = dict(zip(fitted["topic_id"], fitted["lang"]))
    frame["lang"] = [", ".join(sorted({str(lang.get(leaf)) for leaf in members}))
                     for members in frame["members"]]
    return frame.sort_values("topic_id", kind="stable").reset_index(drop=True)


def topic_sizes(connection: duckdb.DuckDBPyConnection, state: ViewState, shown: tuple[int, ...]) -> pd.DataFrame:
    """Selected comments in each of the `shown` topics (fitted or merged): comments whose stored weights
    on the topic's fitted topics sum to at least TOPIC_MEMBERSHIP, and their summed weight."""
    from analytics.views.filters import TOPIC_MEMBERSHIP

    return run_selected(connection, state, """
        WITH shown AS (SELECT m.topic_id, m.leaf_id FROM topic_members m WHERE list_contains(?, m.topic_id)),
             summed AS (SELECT s.topic_id, w.cid, sum(w.weight) AS weight
                        FROM topic_facts w JOIN shown s ON s.leaf_id = w.topic_id JOIN comment_facts f USING (cid)
                        WHERE {where} GROUP BY s.topic_id, w.cid),
             labels AS (SELECT topic_id, label FROM topics UNION ALL SELECT topic_id, label FROM topic_groups)
        SELECT c.topic_id, l.label, count(*) FILTER (WHERE c.weight >= ?) AS comments,
               round(sum(c.weight), 3) AS weight
        FROM summed c JOIN labels l USING (topic_id) GROUP BY c.topic_id, l.label
        ORDER BY comments DESC, c.topic_id""", before=[list(shown)], extra=[TOPIC_MEMBERSHIP])


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
    unit = time_unit(connection, where, params) if by == "period" else None
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
    return run_selected(connection, state, """
        SELECT f.depth, count(f.drift) AS comments, round(avg(f.drift), 4) AS mean_drift
        FROM comment_facts f WHERE f.drift IS NOT NULL AND {where} GROUP BY f.depth ORDER BY f.depth""")


# Stance --------------------------------------------------------------------------------------

def stance_by_depth(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Replies per depth and stance toward their parent (top-level comments: toward the article)."""
    return run_selected(connection, state, """
        SELECT f.depth, f.stance, count(*) AS comments FROM comment_facts f
        WHERE f.stance IS NOT NULL AND {where} GROUP BY f.depth, f.stance
        ORDER BY f.depth, list_position(['agree', 'disagree', 'query', 'neutral'], f.stance)""")


def target_stances(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 12) -> pd.DataFrame:
    """For the most mentioned targets: selected comments favour, against or neutral toward each."""
    return run_selected(connection, state, """
        WITH found AS (SELECT g.target, g.stance FROM target_facts g JOIN comment_facts f USING (cid) WHERE {where}),
             top AS (SELECT target FROM found GROUP BY target ORDER BY count(*) DESC, target LIMIT ?)
        SELECT found.target, found.stance, count(*) AS comments FROM found
        WHERE found.target IN (SELECT target FROM top) GROUP BY found.target, found.stance
        ORDER BY found.target, list_position(['against', 'neutral', 'favour'], found.stance)""", [limit])


def camps(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The stored stance camps."""
    return connection.execute("""SELECT camp_id, label, description, commenters, comments, profile, typical, criterion
                                 FROM camps ORDER BY camp_id""").df()
