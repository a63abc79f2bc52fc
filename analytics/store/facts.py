"""Read-side tables for the dashboard, derived from the store: brought up to date in the same
transaction as each ingested file (`update_facts`), rebuilt after the other write commands
(analyze, topics, camps), and repaired by the next ingest when found stale. One row per comment
with everything its filters and charts need, keyed by an integer, so that a page's queries scan
one table and join on integers.

- comment_facts: cid, ids, parent's cid, depth, time (and the parent's), author, text, language,
  sentiment, reply stance, camp, whether it attacks a target, drift from the article's topics;
- target_facts: cid and each named target with its mentions, sentiment, attack (its kind, score and
  evidence, with the evidence's offsets into the text), stance;
- mention_facts: cid, target and how each mention was written (surface form, kind);
- topic_facts: cid and each topic weight.
"""
from __future__ import annotations

import duckdb

from analytics.store.transaction import transaction

# One comment_facts row per comment of `numbered` (comments with their cid).
_COMMENT_ROWS = """
SELECT c.cid, c.article_id, c.comment_id, p.cid AS parent_cid, c.root_id, c.depth, c.ordinal, c.posted_at,
       p.posted_at AS parent_posted_at, nullif(trim(c.author), '') AS author, c.text,
       t.lang, t.sentiment_label, t.sentiment_score, s.label AS stance, k.camp_id AS camp,
       coalesce(g.attacks, FALSE) AS attacks, d.drift
FROM numbered c
LEFT JOIN numbered p ON p.article_id = c.article_id AND p.comment_id = c.parent_id
LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id AND t.comment_id = c.comment_id
LEFT JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
LEFT JOIN comment_camps k ON k.article_id = c.article_id AND k.comment_id = c.comment_id
LEFT JOIN (SELECT article_id, comment_id, bool_or(attack) AS attacks FROM targets WHERE item_kind = 'comment'
           GROUP BY ALL) g ON g.article_id = c.article_id AND g.comment_id = c.comment_id
LEFT JOIN topic_drift d ON d.article_id = c.article_id AND d.comment_id = c.comment_id
ORDER BY c.cid
"""

FACTS = """
CREATE OR REPLACE TABLE comment_facts AS
WITH numbered AS (
    SELECT row_number() OVER (ORDER BY article_id, ordinal, comment_id) AS cid, * FROM comments)
""" + _COMMENT_ROWS + """;
CREATE OR REPLACE TABLE target_facts AS
SELECT f.cid, g.target, g.type, g.mention_count, g.sentiment, g.attack, g.evidence, g.stance, g.mentions,
       g.attack_kind, g.attack_score, g.evidence_spans
FROM targets g JOIN comment_facts f ON f.article_id = g.article_id AND f.comment_id = g.comment_id
WHERE g.item_kind = 'comment' ORDER BY g.target, f.cid;
CREATE OR REPLACE TABLE mention_facts AS
SELECT cid, target, m.text AS form, m.kind AS kind
FROM (SELECT cid, target, unnest(from_json(mentions, '[{"text": "VARCHAR", "kind": "VARCHAR"}]')) AS m
      FROM target_facts)
ORDER BY target, cid;
CREATE OR REPLACE TABLE topic_facts AS
SELECT f.cid, w.topic_id, w.weight
FROM topic_weights w JOIN comment_facts f ON f.article_id = w.article_id AND f.comment_id = w.comment_id
ORDER BY w.topic_id, f.cid;
"""

# The comment_facts rows of some articles, recomputed: a comment keeps its cid (so target_facts,
# mention_facts and topic_facts stay right), a new one is numbered after the largest cid.
_UPDATE_COMMENT_FACTS = ("""
CREATE OR REPLACE TEMP TABLE touched_cids AS
SELECT article_id, comment_id, cid FROM comment_facts WHERE article_id IN (SELECT unnest(?::VARCHAR[]))""",
                         "DELETE FROM comment_facts WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", """
INSERT INTO comment_facts
WITH top AS (SELECT coalesce(max(cid), 0) AS cid
             FROM (SELECT cid FROM comment_facts UNION ALL SELECT cid FROM touched_cids)),
numbered AS (
    SELECT coalesce(o.cid, top.cid + row_number() OVER (PARTITION BY o.cid IS NULL
                                                        ORDER BY c.article_id, c.ordinal, c.comment_id)) AS cid, c.*
    FROM comments c CROSS JOIN top
    LEFT JOIN touched_cids o ON o.article_id = c.article_id AND o.comment_id = c.comment_id
    WHERE c.article_id IN (SELECT unnest(?::VARCHAR[])))
""" + _COMMENT_ROWS)


def refresh_facts(connection: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the read-side tables in one transaction (readers see the old ones until it commits)."""
    with transaction(connection):
        connection.execute(FACTS)


def update_facts(connection: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Bring the read-side tables up to date after these articles' comments were rewritten, inside
    the caller's transaction: their comment_facts rows are recomputed (the others are untouched);
    tables of an older Palabre, or missing, are rebuilt whole."""
    if not facts_ready(connection):
        connection.execute(FACTS)
    elif article_ids:
        for statement in _UPDATE_COMMENT_FACTS:
            connection.execute(statement, [article_ids])
        connection.execute("DROP TABLE touched_cids")


def facts_current(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the read-side tables exist and hold exactly the stored comments (a store left stale
    by an older Palabre, or by a write that stopped half way, does not)."""
    if not facts_ready(connection):
        return False
    counts = connection.execute("""
        SELECT (SELECT count(*) FROM comments), (SELECT count(*) FROM comment_facts),
               (SELECT count(*) FROM comments c ANTI JOIN comment_facts f
                ON f.article_id = c.article_id AND f.comment_id = c.comment_id)""").fetchone()
    return counts[0] == counts[1] and counts[2] == 0


def facts_ready(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the read-side tables exist (a store written by an older Palabre has none)."""
    names = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    return {"comment_facts", "target_facts", "mention_facts", "topic_facts"} <= names and \
        "drift" in {row[0] for row in connection.execute("DESCRIBE comment_facts").fetchall()} and \
        "evidence_spans" in {row[0] for row in connection.execute("DESCRIBE target_facts").fetchall()}
