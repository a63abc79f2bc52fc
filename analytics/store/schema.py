"""The store's tables, where it lives, and opening it (creating or upgrading its schema)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import duckdb

from analytics.enrich.topics.model import MEMBERSHIP
from analytics.errors import StoreError
from analytics.store.runs import mark_dead_runs
from analytics.store.snapshot import (
    SNAPSHOT_NAME,
    StoreBusy,
    snapshot_current,
    wait_for_lock,
)
from analytics.store.transaction import transaction

# 2 added the analysis tables, 3 stance and camps, 4 attack kinds, scores and evidence spans, 5 the
# pid and host of each analysis run's process, 6 topics per language (topics.lang) and their merge
# hierarchy (topic_groups, topic_members) (each upgrade is additive, in place)
SCHEMA_VERSION = 6
STORE_ENV = "PALABRE_STORE"
DATABASE_NAME = "palabre.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR, title VARCHAR, published_at TIMESTAMP, url VARCHAR, author VARCHAR,
    body VARCHAR, fingerprint VARCHAR, first_source VARCHAR);
CREATE TABLE IF NOT EXISTS article_keys (source_key VARCHAR, article_id VARCHAR);
CREATE TABLE IF NOT EXISTS comments (
    article_id VARCHAR, comment_id VARCHAR, parent_id VARCHAR, declared_parent_id VARCHAR,
    depth INTEGER, root_id VARCHAR, thread_flag VARCHAR, author VARCHAR, posted_at TIMESTAMP,
    text VARCHAR, source_file VARCHAR, source_position VARCHAR, ordinal BIGINT, extra VARCHAR,
    synthetic_id BOOLEAN);
CREATE TABLE IF NOT EXISTS ingests (
    ingest_id INTEGER, ingested_at TIMESTAMP, source_file VARCHAR, format VARCHAR, digest VARCHAR,
    options VARCHAR, articles INTEGER, comments_added INTEGER, issues INTEGER, palabre_version VARCHAR);
CREATE TABLE IF NOT EXISTS validation (
    ingest_id INTEGER, source_file VARCHAR, location VARCHAR, severity VARCHAR, kind VARCHAR,
    message VARCHAR, action VARCHAR);
CREATE TABLE IF NOT EXISTS analysis_runs (
    run_id INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP, mode VARCHAR, options VARCHAR,
    palabre_version VARCHAR, libraries VARCHAR, items INTEGER, status VARCHAR, pid INTEGER, host VARCHAR);
CREATE TABLE IF NOT EXISTS text_analysis (
    item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, lang VARCHAR, lang_confidence DOUBLE,
    lang_source VARCHAR, sentiment_label VARCHAR, sentiment_score DOUBLE, mode VARCHAR, run_id INTEGER);
CREATE TABLE IF NOT EXISTS sentences (
    item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, sentence_index INTEGER,
    paragraph_index INTEGER, start_char INTEGER, end_char INTEGER, sentiment_label VARCHAR,
    sentiment_score DOUBLE);
CREATE TABLE IF NOT EXISTS paragraphs (
    article_id VARCHAR, paragraph_index INTEGER, start_char INTEGER, end_char INTEGER,
    sentiment_label VARCHAR, sentiment_score DOUBLE);
CREATE TABLE IF NOT EXISTS targets (
    item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, target VARCHAR, type VARCHAR,
    mentions VARCHAR, mention_count INTEGER, sentiment DOUBLE, attack BOOLEAN, evidence VARCHAR,
    alias_table INTEGER, stance VARCHAR, attack_kind VARCHAR, attack_score DOUBLE, evidence_spans VARCHAR);
CREATE TABLE IF NOT EXISTS reply_stance (
    item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, toward VARCHAR, label VARCHAR,
    p_agree DOUBLE, p_disagree DOUBLE, p_query DOUBLE, p_neutral DOUBLE);
CREATE TABLE IF NOT EXISTS camps (
    camp_id INTEGER, label VARCHAR, description VARCHAR, commenters INTEGER, comments INTEGER,
    profile VARCHAR, typical VARCHAR, criterion VARCHAR, fitted_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS commenter_camps (commenter VARCHAR, camp_id INTEGER, distance DOUBLE);
CREATE TABLE IF NOT EXISTS comment_camps (article_id VARCHAR, comment_id VARCHAR, camp_id INTEGER);
CREATE TABLE IF NOT EXISTS alias_tables (
    version INTEGER, loaded_at TIMESTAMP, source VARCHAR, sha256 VARCHAR, content VARCHAR);
CREATE TABLE IF NOT EXISTS alias_suggestions (
    suggestion_id INTEGER, alias VARCHAR, canonical VARCHAR, kind VARCHAR, reason VARCHAR,
    evidence VARCHAR, occurrences INTEGER, status VARCHAR, decided_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS topics (
    topic_id INTEGER, label VARCHAR, top_terms VARCHAR, weight DOUBLE, comments INTEGER,
    coherence DOUBLE, typical VARCHAR, method VARCHAR, settings VARCHAR, fitted_at TIMESTAMP,
    key_phrases VARCHAR, lang VARCHAR);
CREATE TABLE IF NOT EXISTS topic_groups (
    topic_id INTEGER, label VARCHAR, left_id INTEGER, right_id INTEGER, distance DOUBLE, topics INTEGER,
    comments INTEGER, weight DOUBLE, top_terms VARCHAR);
CREATE TABLE IF NOT EXISTS topic_members (topic_id INTEGER, leaf_id INTEGER);
CREATE TABLE IF NOT EXISTS topic_weights (
    article_id VARCHAR, comment_id VARCHAR, topic_id INTEGER, weight DOUBLE);
CREATE TABLE IF NOT EXISTS topic_drift (article_id VARCHAR, comment_id VARCHAR, drift DOUBLE);
CREATE TABLE IF NOT EXISTS tokens (
    item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, sentence_index INTEGER,
    token_index INTEGER, start_char INTEGER, token VARCHAR, lemma VARCHAR, pos VARCHAR,
    is_stop BOOLEAN, is_alpha BOOLEAN);
"""
ANALYSIS_TABLES = ("text_analysis", "sentences", "tokens", "targets", "reply_stance")
ANALYSIS_COLUMNS = {
    "text_analysis": ["item_kind", "article_id", "comment_id", "lang", "lang_confidence", "lang_source",
                      "sentiment_label", "sentiment_score", "mode", "run_id"],
    "sentences": ["item_kind", "article_id", "comment_id", "sentence_index", "paragraph_index",
                  "start_char", "end_char", "sentiment_label", "sentiment_score"],
    "paragraphs": ["article_id", "paragraph_index", "start_char", "end_char", "sentiment_label",
                   "sentiment_score"],
    "tokens": ["item_kind", "article_id", "comment_id", "sentence_index", "token_index", "start_char",
               "token", "lemma", "pos", "is_stop", "is_alpha"],
    "targets": ["item_kind", "article_id", "comment_id", "target", "type", "mentions", "mention_count",
                "sentiment", "attack", "evidence", "alias_table", "stance", "attack_kind", "attack_score",
                "evidence_spans"],
    "reply_stance": ["item_kind", "article_id", "comment_id", "toward", "label", "p_agree", "p_disagree",
                     "p_query", "p_neutral"],
}
COMMENT_COLUMNS = ["article_id", "comment_id", "parent_id", "declared_parent_id", "depth", "root_id",
                   "thread_flag", "author", "posted_at", "text", "source_file", "source_position",
                   "ordinal", "extra", "synthetic_id"]
ARTICLE_COLUMNS = ["article_id", "title", "published_at", "url", "author", "body", "fingerprint",
                   "first_source"]


def default_store_dir() -> Path:
    """$PALABRE_STORE, else $XDG_DATA_HOME/palabre, else ~/.local/share/palabre."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "palabre"


def demo_store_dir() -> Path:
    """The demo's own store, beside the default one and never inside it: $XDG_DATA_HOME/palabre-demo,
    else ~/.local/share/palabre-demo (serve --demo)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "palabre-demo"


def connect(store_dir: str | Path | None = None, read_only: bool = False,
            database: str = DATABASE_NAME, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the store's database, creating it (and its schema) unless read_only. While another
    process writes it, wait for it (snapshot.wait_for_lock). A writer ends with
    snapshot.close_store, which publishes what readers see; `open_reader` opens that."""
    directory = Path(store_dir) if store_dir else default_store_dir()
    path = directory / database
    if read_only and not path.exists():
        raise StoreError(f"{path}: expected a Palabre store; found none (run `python -m analytics ingest` first)")

    def open_once() -> duckdb.DuckDBPyConnection:
        if not read_only:
            directory.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(path), read_only=read_only)
    try:
        connection = wait_for_lock(path, open_once, wait)
    except (OSError, duckdb.Error) as error:
        raise StoreError(f"{path}: cannot open the store ({error})") from None
    if read_only:
        try:
            found = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error:
            found = None
        if found is None or int(found[0]) != SCHEMA_VERSION:
            connection.close()
            raise StoreError(f"{path}: expected schema version {SCHEMA_VERSION}; found "
                             f"{found[0] if found else 'none'} (any writing command, such as `analyze`, "
                             "upgrades an older store)")
    else:
        version = None
        if "meta" in {row[0] for row in connection.execute("SHOW TABLES").fetchall()}:
            version = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version is not None and int(version[0]) > SCHEMA_VERSION:
            connection.close()
            raise StoreError(f"{path}: expected schema version {SCHEMA_VERSION} or older; found {version[0]} "
                             "(written by a newer Palabre)")
        _upgrade(connection, int(version[0]) if version else None)
        mark_dead_runs(connection)  # a writer killed outright left its run `running`
    return connection


def open_reader(store_dir: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to what the last finished write published (the snapshot), so that
    reading never waits for a writer nor blocks one. When the snapshot is missing or stale (a
    writer closed without publishing it), the database itself while nobody writes it; the stale
    snapshot while somebody does."""
    directory = Path(store_dir) if store_dir else default_store_dir()
    has_snapshot = (directory / SNAPSHOT_NAME).exists()
    if has_snapshot and snapshot_current(directory, directory / DATABASE_NAME):
        return connect(directory, read_only=True, database=SNAPSHOT_NAME)
    try:
        return connect(directory, read_only=True, wait=0 if has_snapshot else None)
    except StoreBusy:
        if has_snapshot:
            return connect(directory, read_only=True, database=SNAPSHOT_NAME)
        raise


# enrich/stance's TARGET_THRESHOLD when schema 3 gave targets a stance: an upgrade does what that
# version would have stored, whatever the model's threshold is today
SCHEMA_3_STANCE_THRESHOLD = 0.2


def _upgrade(connection: duckdb.DuckDBPyConnection, version: int | None) -> None:
    """Create missing tables and bring an older store to SCHEMA_VERSION, in one transaction."""
    with transaction(connection):
        connection.execute(SCHEMA)
        if version is not None and version < 3:
            # targets gained `stance`; stored targets get theirs from their sentiment and attack
            connection.execute("ALTER TABLE targets ADD COLUMN IF NOT EXISTS stance VARCHAR")
            connection.execute("ALTER TABLE topics ADD COLUMN IF NOT EXISTS key_phrases VARCHAR")
            connection.execute("""UPDATE targets SET stance = CASE
                WHEN attack OR sentiment <= -? THEN 'against' WHEN sentiment >= ? THEN 'favour'
                ELSE 'neutral' END WHERE stance IS NULL""", [SCHEMA_3_STANCE_THRESHOLD, SCHEMA_3_STANCE_THRESHOLD])
        if version is not None and version < 4:
            # targets gained what each attack is (kind, score, the offsets of its words); stored targets
            # keep NULL there until `analyze --redo` recomputes them
            for column, kind in (("attack_kind", "VARCHAR"), ("attack_score", "DOUBLE"),
                                 ("evidence_spans", "VARCHAR")):
                connection.execute(f"ALTER TABLE targets ADD COLUMN IF NOT EXISTS {column} {kind}")
        if version is not None and version < 5:
            # runs gained the pid and host of their process, to tell a run still going from one whose
            # process died (store/runs.py); older runs have none
            connection.execute("ALTER TABLE analysis_runs ADD COLUMN IF NOT EXISTS pid INTEGER")
            connection.execute("ALTER TABLE analysis_runs ADD COLUMN IF NOT EXISTS host VARCHAR")
        if version is not None and version < 6:
            # topics gained their language; topic_groups and topic_members (created above) hold the
            # merge hierarchy. Topics fitted before stay, each its own only member, until the next fit
            connection.execute("ALTER TABLE topics ADD COLUMN IF NOT EXISTS lang VARCHAR")
            connection.execute("INSERT INTO topic_members SELECT topic_id, topic_id FROM topics")
            # a topic's comments were those whose main topic it is: now those weighing MEMBERSHIP on it
            connection.execute("""UPDATE topics SET comments = (SELECT count(*) FROM topic_weights w
                                  WHERE w.topic_id = topics.topic_id AND w.comment_id <> '' AND w.weight >= ?)""",
                               [MEMBERSHIP])
        if connection.execute("SELECT count(*) FROM meta WHERE key = 'pseudonym_salt'").fetchone()[0] == 0:
            # commenters are shown under stable pseudonyms derived from this store's own secret
            connection.execute("INSERT INTO meta VALUES ('pseudonym_salt', ?)", [secrets.token_hex(16)])
        if version is None:
            connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif version != SCHEMA_VERSION:
            connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
