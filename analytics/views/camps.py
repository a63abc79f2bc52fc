"""The Stance page's camps under the filters. Camps are fitted on the whole corpus: each commenter
and each comment gets the camp whose profile is nearest its own. Under filters, the page shows the
camps over the selected comments only: how many of them each camp holds and their mean profile."""
from __future__ import annotations

import json

import duckdb
import pandas as pd

from analytics.views.selection import run_selected
from analytics.views.state import ViewState
from analytics.views.topics import camps as stored_camps

STANCE_SCORE = "CASE t.stance WHEN 'favour' THEN 1.0 WHEN 'against' THEN -1.0 ELSE 0.0 END"


def selected_camps(connection: duckdb.DuckDBPyConnection, state: ViewState) -> pd.DataFrame:
    """The stored camps (camp_id, label, description, …) with, over the selected comments of each
    camp: `comments`, `commenters` (their distinct authors) and `profile`: toward each target of the
    stored profiles, the mean over those comments of their stance (favour +1, neutral 0, against −1;
    0 for a comment that does not name it). Camps with no selected comment are left out."""
    camps = stored_camps(connection)
    if camps.empty:
        return camps
    counts = run_selected(connection, state, """
        SELECT f.camp AS camp_id, count(*) AS comments, count(DISTINCT f.author) AS commenters
        FROM comment_facts f WHERE f.camp IS NOT NULL AND {where} GROUP BY f.camp""")
    targets = sorted({target for profile in camps["profile"] for target in json.loads(profile or "{}")})
    stances = run_selected(connection, state, f"""
        SELECT camp_id, target, sum(stance) AS total FROM (
            SELECT f.camp AS camp_id, f.cid, t.target, avg({STANCE_SCORE}) AS stance
            FROM comment_facts f JOIN target_facts t ON t.cid = f.cid
            WHERE f.camp IS NOT NULL AND {{where}} AND list_contains(?, t.target) GROUP BY ALL) GROUP BY ALL""",
                           [targets])
    shown = camps.drop(columns=[c for c in ("comments", "commenters") if c in camps.columns])
    shown = shown.merge(counts, on="camp_id", how="inner")
    size = dict(zip(shown["camp_id"], shown["comments"]))
    totals = {camp: dict(zip(part["target"], part["total"])) for camp, part in stances.groupby("camp_id")}
    shown["profile"] = [json.dumps({target: round(float(totals.get(camp, {}).get(target, 0.0)) / size[camp], 3)
                                    for target in targets}, ensure_ascii=False) for camp in shown["camp_id"]]
    return shown.reset_index(drop=True)
