"""Read-side tables for the dashboard, derived from the store and rebuilt after every write
command (ingest, analyze, topics, camps): one row per comment with everything its filters and
charts need, keyed by an integer, so that a page's queries scan one table and join on integers.

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

FACTS = """
CREATE OR REPLACE TABLE comment_facts AS
WITH numbered AS (
    SELECT row_number() OVER (ORDER BY article_id, ordinal, comment_id) AS cid, * FROM comments)
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
ORDER BY c.cid;
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


def refresh_facts(connection: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the read-side tables in one transaction (readers see the old ones until it commits)."""
    with transaction(connection):
        connection.execute(FACTS)


def facts_ready(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the read-side tables exist (a store written by an older Palabre has none)."""
    names = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    return {"comment_facts", "target_facts", "mention_facts", "topic_facts"} <= names and \
        "drift" in {row[0] for row in connection.execute("DESCRIBE comment_facts").fetchall()} and \
        "evidence_spans" in {row[0] for row in connection.execute("DESCRIBE target_facts").fetchall()}
