"""The Targets page's reads: named targets by article, depth or time, co-mentions, surface forms, attacks."""
from __future__ import annotations

import duckdb
import pandas as pd

from analytics.views.selection import run_selected
from analytics.views.state import ViewState

# an attack's evidence term as counted: lower case, and the learned scorer's "hostile (0.74)" without
# its score, so that its attacks add up to one row instead of one row per score
EVIDENCE_TERM = r"regexp_replace(lower(trim(u.term)), '^hostile \([0-9.]+\)$', 'hostile (learned scorer)')"

# Targets -------------------------------------------------------------------------------------

def targets_by(connection: duckdb.DuckDBPyConnection, state: ViewState, by: str, targets: list[str]) -> pd.DataFrame:
    """Mentions, mean sentiment and attack rate of some targets per reply depth or per day."""
    group = {"depth": "f.depth", "day": "CAST(date_trunc('day', f.posted_at) AS DATE)"}[by]
    return run_selected(connection, state, f"""
        SELECT {group} AS {by}, g.target, CAST(sum(g.mention_count) AS BIGINT) AS mentions, count(*) AS comments,
               round(avg(g.sentiment), 3) AS mean_sentiment, round(avg(CAST(g.attack AS INTEGER)), 3) AS attack_rate
        FROM target_facts g JOIN comment_facts f USING (cid)
        WHERE list_contains(?, g.target) AND {group} IS NOT NULL AND {{where}}
        GROUP BY ALL ORDER BY {by}, g.target""", before=[targets])


def co_mentions(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """Pairs of the given targets named in the same selected comment, with how many comments."""
    return run_selected(connection, state, """
        WITH found AS (SELECT g.cid, g.target FROM target_facts g JOIN comment_facts f USING (cid)
                       WHERE list_contains(?, g.target) AND {where})
        SELECT a.target AS source, b.target AS target, count(*) AS comments
        FROM found a JOIN found b ON a.cid = b.cid AND a.target < b.target
        GROUP BY ALL ORDER BY comments DESC, source, target""", before=[targets])


def surface_forms(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """How each target is written in the selected comments: surface form, kind, occurrences."""
    return run_selected(connection, state, """
        SELECT m.target, m.form AS "written as", m.kind AS kind, count(*) AS occurrences
        FROM mention_facts m JOIN comment_facts f USING (cid) WHERE list_contains(?, m.target) AND {where}
        GROUP BY ALL ORDER BY m.target, occurrences DESC, "written as" """, before=[targets])


def attack_terms(connection: duckdb.DuckDBPyConnection, state: ViewState, targets: list[str]) -> pd.DataFrame:
    """What each target is attacked with in the selected comments: the epithet, insult or "negative
    generalisation" that made each attack, with how many comments use it."""
    return run_selected(connection, state, f"""
        SELECT g.target, {EVIDENCE_TERM} AS "attacked with", count(DISTINCT g.cid) AS comments
        FROM target_facts g JOIN comment_facts f USING (cid)
             CROSS JOIN unnest(string_split(g.evidence, '; ')) AS u(term)
        WHERE g.attack AND list_contains(?, g.target) AND trim(u.term) <> '' AND {{where}}
        GROUP BY ALL ORDER BY g.target, comments DESC, "attacked with" """, before=[targets])


def target_attacks(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int | None = None) -> pd.DataFrame:
    """The selected comments attacking the state's target, most hostile first (attack score, then
    thread order): where, by whom, when, the attack's kind, score and evidence (terms, and offsets
    into the text as JSON [start, end] pairs), and the text. The first `limit` (None: all)."""
    return run_selected(connection, state, """
        SELECT f.article_id, f.comment_id, f.depth, f.author, f.posted_at, g.attack_kind, g.attack_score,
               g.evidence, g.evidence_spans, f.text
        FROM target_facts g JOIN comment_facts f USING (cid)
        WHERE g.target = ? AND g.attack AND (? = 0 OR list_contains(?, g.attack_kind)) AND {where}
        ORDER BY g.attack_score DESC NULLS LAST, f.cid LIMIT ?""", [limit],
                before=[state.target, len(state.attack_kinds), list(state.attack_kinds)])


