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


def camp_counts(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """Selected comments per camp."""
    return run_selected(connection, state, """SELECT f.camp AS camp_id, count(*) AS comments FROM comment_facts f
                                      WHERE f.camp IS NOT NULL AND {where} GROUP BY f.camp ORDER BY f.camp""")


