"""The only code that writes: an embedded DuckDB file holding articles, comments and reports.

Each source file is ingested in one transaction: it lands whole or not at all.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics import __version__
from analytics.corpus import Article, Comment, Corpus, Issue
from analytics.errors import StoreError
from analytics.identity import (
    NEAR_DUPLICATE_JACCARD,
    fingerprint,
    jaccard,
    shingles,
    synthesize_id,
)
from analytics.threads import place_comments

SCHEMA_VERSION = 2  # 2 added the analysis tables (additive: a version-1 store is upgraded in place)
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
    palabre_version VARCHAR, libraries VARCHAR, items INTEGER, status VARCHAR);
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
    alias_table INTEGER);
CREATE TABLE IF NOT EXISTS alias_tables (
    version INTEGER, loaded_at TIMESTAMP, source VARCHAR, sha256 VARCHAR, content VARCHAR);
CREATE TABLE IF NOT EXISTS alias_suggestions (
    suggestion_id INTEGER, alias VARCHAR, canonical VARCHAR, kind VARCHAR, reason VARCHAR,
    evidence VARCHAR, occurrences INTEGER, status VARCHAR, decided_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS topics (
    topic_id INTEGER, label VARCHAR, top_terms VARCHAR, weight DOUBLE, comments INTEGER,
    coherence DOUBLE, typical VARCHAR, method VARCHAR, settings VARCHAR, fitted_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS topic_weights (
    article_id VARCHAR, comment_id VARCHAR, topic_id INTEGER, weight DOUBLE);
CREATE TABLE IF NOT EXISTS topic_drift (article_id VARCHAR, comment_id VARCHAR, drift DOUBLE);
CREATE TABLE IF NOT EXISTS tokens (
    item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, sentence_index INTEGER,
    token_index INTEGER, start_char INTEGER, token VARCHAR, lemma VARCHAR, pos VARCHAR,
    is_stop BOOLEAN, is_alpha BOOLEAN);
"""
ANALYSIS_TABLES = ("text_analysis", "sentences", "tokens", "targets")
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
                "sentiment", "attack", "evidence", "alias_table"],
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


def connect(store_dir: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store's database, creating it (and its schema) unless read_only."""
    directory = Path(store_dir) if store_dir else default_store_dir()
    path = directory / DATABASE_NAME
    if read_only and not path.exists():
        raise StoreError(f"{path}: expected a Palabre store; found none (run `python -m analytics ingest` first)")
    try:
        if not read_only:
            directory.mkdir(parents=True, exist_ok=True)
        connection = duckdb.connect(str(path), read_only=read_only)
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
                             "upgrades a version-1 store)")
    else:
        connection.execute(SCHEMA)
        version = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version is None:
            connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(version[0]) == 1:
            connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        elif int(version[0]) != SCHEMA_VERSION:
            raise StoreError(f"{path}: expected schema version {SCHEMA_VERSION}; found {version[0]}")
    return connection


def start_run(connection: duckdb.DuckDBPyConnection, mode: str, options: dict, libraries: dict) -> int:
    """Record the start of an analysis run (its parameters and library versions); returns its id."""
    run_id = connection.execute("SELECT coalesce(max(run_id), 0) + 1 FROM analysis_runs").fetchone()[0]
    connection.execute("INSERT INTO analysis_runs VALUES (?, ?, NULL, ?, ?, ?, ?, 0, 'running')",
                       [run_id, datetime.now(UTC).replace(tzinfo=None), mode,
                        json.dumps(options, sort_keys=True), __version__, json.dumps(libraries, sort_keys=True)])
    return run_id


def record_alias_table(connection: duckdb.DuckDBPyConnection, source: str, content: str, sha256: str) -> int:
    """The version number of an alias table's content, stored as a new version when it changed."""
    found = connection.execute("SELECT version FROM alias_tables WHERE sha256 = ? ORDER BY version DESC LIMIT 1",
                               [sha256]).fetchone()
    if found:
        return found[0]
    version = connection.execute("SELECT coalesce(max(version), 0) + 1 FROM alias_tables").fetchone()[0]
    connection.execute("INSERT INTO alias_tables VALUES (?, ?, ?, ?, ?)",
                       [version, datetime.now(UTC).replace(tzinfo=None), source, sha256, content])
    return version


def store_suggestions(connection: duckdb.DuckDBPyConnection, suggestions: list) -> int:
    """Replace the pending suggestions (new ids: an id is never reused); decided ones (accepted,
    rejected) stay and are not suggested again. Returns how many pending suggestions were stored."""
    connection.begin()
    try:
        next_id = connection.execute("SELECT coalesce(max(suggestion_id), 0) + 1 FROM alias_suggestions").fetchone()[0]
        connection.execute("DELETE FROM alias_suggestions WHERE status = 'pending'")
        decided = set(connection.execute("SELECT alias, kind FROM alias_suggestions").fetchall())
        fresh = [s for s in suggestions if (s.alias, s.kind) not in decided]
        if fresh:
            connection.executemany("INSERT INTO alias_suggestions VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', NULL)",
                                   [[next_id + n, s.alias, s.canonical, s.kind, s.reason,
                                     json.dumps(s.evidence[:50]), s.occurrences] for n, s in enumerate(fresh)])
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    return len(fresh)


def decide_suggestion(connection: duckdb.DuckDBPyConnection, suggestion_id: int, status: str) -> None:
    """Mark a suggestion accepted or rejected."""
    connection.execute("UPDATE alias_suggestions SET status = ?, decided_at = ? WHERE suggestion_id = ?",
                       [status, datetime.now(UTC).replace(tzinfo=None), suggestion_id])


def write_topics(connection: duckdb.DuckDBPyConnection, topics: list[tuple], weights: list[tuple],
                 drift: list[tuple]) -> None:
    """Replace the stored topics, comment weights and drift in one transaction."""
    connection.begin()
    try:
        connection.execute("DELETE FROM topics")
        connection.execute("DELETE FROM topic_weights")
        connection.execute("DELETE FROM topic_drift")
        if drift:
            connection.executemany("INSERT INTO topic_drift VALUES (?, ?, ?)", drift)
        if topics:
            connection.executemany("INSERT INTO topics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", topics)
        if weights:
            connection.register("weight_rows", pd.DataFrame(weights, columns=["article_id", "comment_id",
                                                                              "topic_id", "weight"]))
            connection.execute("INSERT INTO topic_weights SELECT * FROM weight_rows")
            connection.unregister("weight_rows")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


def finish_run(connection: duckdb.DuckDBPyConnection, run_id: int, items: int, status: str) -> None:
    """Record how a run ended: finished, interrupted or failed, with the items it stored."""
    connection.execute("UPDATE analysis_runs SET finished_at = ?, items = ?, status = ? WHERE run_id = ?",
                       [datetime.now(UTC).replace(tzinfo=None), items, status, run_id])


def write_analysis(connection: duckdb.DuckDBPyConnection, rows: dict[str, list[tuple]]) -> None:
    """Replace the analysis of a batch of items in one transaction: a batch lands whole or not at all.

    rows maps a table of ANALYSIS_COLUMNS to its new rows; every item in text_analysis has its old
    rows removed from every analysis table first (and, for an article, its paragraphs)."""
    items = pd.DataFrame([row[:3] for row in rows.get("text_analysis", [])],
                         columns=["item_kind", "article_id", "comment_id"])
    connection.begin()
    try:
        connection.register("batch_items", items)
        for table in ANALYSIS_TABLES:
            connection.execute(f"""DELETE FROM {table} t USING batch_items b
                WHERE t.item_kind = b.item_kind AND t.article_id = b.article_id AND t.comment_id = b.comment_id""")
        connection.execute("""DELETE FROM paragraphs p USING batch_items b
            WHERE b.item_kind = 'article' AND p.article_id = b.article_id""")
        connection.unregister("batch_items")
        for table, table_rows in rows.items():
            if table_rows:
                frame = pd.DataFrame(table_rows, columns=ANALYSIS_COLUMNS[table])
                connection.register("batch_rows", frame)
                connection.execute(f"INSERT INTO {table} SELECT * FROM batch_rows")
                connection.unregister("batch_rows")
        connection.commit()
    except BaseException as error:
        connection.rollback()
        if isinstance(error, KeyboardInterrupt):
            raise
        raise StoreError(f"writing the analysis failed, the batch was not stored ({error})") from error


def file_digest(data: bytes) -> str:
    """SHA-256 of a source file's bytes: the same bytes are never ingested twice."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class IngestResult:
    """What one file's ingest did."""

    source_file: str
    format: str
    skipped: bool = False
    articles: list[str] = field(default_factory=list)
    comments_added: int = 0
    issues: list[Issue] = field(default_factory=list)


def already_ingested(connection: duckdb.DuckDBPyConnection, digest: str, options: str) -> bool:
    """True when the same bytes were ingested with the same options (format, mapping, article)."""
    return connection.execute("SELECT count(*) FROM ingests WHERE digest = ? AND options = ?",
                              [digest, options]).fetchone()[0] > 0


def ingest_corpus(connection: duckdb.DuckDBPyConnection, corpus: Corpus, digest: str,
                  options: str = "") -> IngestResult:
    """Write one loaded file in a single transaction: it lands whole or not at all."""
    result = IngestResult(corpus.source_file, corpus.format)
    connection.begin()
    try:
        _write(connection, corpus, digest, options, result)
        connection.commit()
    except BaseException as error:
        connection.rollback()
        if isinstance(error, (KeyboardInterrupt, StoreError)):
            raise
        raise StoreError(f"{corpus.source_file}: writing to the store failed, nothing was stored ({error})") from error
    return result


def _write(connection: duckdb.DuckDBPyConnection, corpus: Corpus, digest: str, options: str,
           result: IngestResult) -> None:
    article_ids, article_rows, new_keys = _resolve_articles(connection, corpus)
    result.articles = sorted(article_rows)
    _replace_rows(connection, "articles", ARTICLE_COLUMNS, list(article_rows),
                  [tuple(row[column] for column in ARTICLE_COLUMNS) for row in article_rows.values()])
    if new_keys:
        connection.executemany("INSERT INTO article_keys VALUES (?, ?)", list(new_keys.items()))
    issues = list(corpus.issues)
    by_article: dict[str, list[Comment]] = {}
    for comment in corpus.comments:
        by_article.setdefault(article_ids[comment.article_ref], []).append(comment)
    stored = _stored_comments(connection, list(by_article))
    comment_rows: list[tuple] = []
    for article_id, incoming in by_article.items():
        rows, added = _merge_comments(stored.get(article_id, []), article_id, incoming, issues)
        comment_rows.extend(rows)
        result.comments_added += added
    _replace_rows(connection, "comments", COMMENT_COLUMNS, list(by_article), comment_rows)
    ingest_id = connection.execute("SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests").fetchone()[0]
    connection.execute(
        "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [ingest_id, datetime.now(UTC).replace(tzinfo=None), corpus.source_file, corpus.format,
         digest, options, len(result.articles), result.comments_added, len(issues), __version__])
    if issues:
        connection.executemany(
            "INSERT INTO validation VALUES (?, ?, ?, ?, ?, ?, ?)",
            [[ingest_id, i.source_file, i.location, i.severity, i.kind, i.message, i.action] for i in issues])
    result.issues = issues


def _replace_rows(connection: duckdb.DuckDBPyConnection, table: str, columns: list[str],
                  article_ids: list[str], rows: list[tuple]) -> None:
    """Replace every row of these articles in `table` by `rows`, in one delete and one insert."""
    if not article_ids:
        return
    connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])
    if rows:
        frame = pd.DataFrame(rows, columns=columns)
        connection.register("replacement_rows", frame)
        connection.execute(f"INSERT INTO {table} SELECT {', '.join(columns)} FROM replacement_rows")
        connection.unregister("replacement_rows")


def _stored_comments(connection: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, list[dict]]:
    """The stored comment rows of these articles, in source order."""
    if not article_ids:
        return {}
    cursor = connection.execute(
        f"SELECT {', '.join(COMMENT_COLUMNS)} FROM comments "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, ordinal", [article_ids])
    grouped: dict[str, list[dict]] = {}
    for row in cursor.fetchall():
        grouped.setdefault(row[0], []).append(dict(zip(COMMENT_COLUMNS, row)))
    return grouped


def _resolve_articles(connection: duckdb.DuckDBPyConnection, corpus: Corpus
                      ) -> tuple[dict[str, str], dict[str, dict], dict[str, str]]:
    """Map each incoming article to its canonical id (by source key, then by content) and merge it.

    Returns {article ref: article id}, the merged rows to write, and the new source keys.
    """
    existing = {row[0]: dict(zip(ARTICLE_COLUMNS, row))
                for row in connection.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles").fetchall()}
    keys = dict(connection.execute("SELECT source_key, article_id FROM article_keys").fetchall())
    by_print = {row["fingerprint"]: article_id for article_id, row in existing.items() if row["fingerprint"]}
    resolved: dict[str, str] = {}
    merged_rows: dict[str, dict] = {}
    new_keys: dict[str, str] = {}
    shingle_cache: dict[str, frozenset[str]] = {}
    for article in corpus.articles:
        body_print = fingerprint(article.body) if article.body else None
        article_id = (keys.get(article.key) if article.key else None) \
            or (by_print.get(body_print) if body_print else None) \
            or _near_duplicate(article, existing, shingle_cache) \
            or _new_article_id(article, body_print, existing)
        resolved[article.ref] = article_id
        merged = _merge_article(existing.get(article_id), article, article_id, body_print)
        existing[article_id] = merged_rows[article_id] = merged
        shingle_cache.pop(article_id, None)  # its body may have been filled by this merge
        if merged["fingerprint"]:
            by_print.setdefault(merged["fingerprint"], article_id)
        if article.key and article.key not in keys:
            keys[article.key] = new_keys[article.key] = article_id
    return resolved, merged_rows, new_keys


def _near_duplicate(article: Article, existing: dict[str, dict], cache: dict[str, frozenset[str]]) -> str | None:
    """The stored article whose body shares most word 4-grams with this one, above the threshold.

    `cache` keeps each stored body's 4-grams for the rest of the file, so they are built once.
    """
    if not article.body or len(article.body.split()) < 30:
        return None
    incoming = shingles(article.body)
    best_id, best_score = None, NEAR_DUPLICATE_JACCARD
    for article_id, row in existing.items():
        if article_id not in cache:
            body = row["body"] or ""
            cache[article_id] = shingles(body) if len(body.split()) >= 30 else frozenset()
        score = jaccard(incoming, cache[article_id])
        if score >= best_score:
            best_id, best_score = article_id, score
    return best_id


def _new_article_id(article: Article, body_print: str | None, existing: dict[str, dict]) -> str:
    candidate = article.native_id or synthesize_id("a", body_print or article.title or article.ref)
    if candidate in existing:  # the same native id from another site or platform
        candidate = f"{candidate}-{synthesize_id('', article.key or body_print)[:6]}"
    return candidate


def _merge_article(stored: dict | None, article: Article, article_id: str, body_print: str | None) -> dict:
    """Stored values win; the incoming source fills what the stored article lacks."""
    incoming = {"article_id": article_id, "title": article.title, "published_at": article.published_at,
                "url": article.url, "author": article.author, "body": article.body or None,
                "fingerprint": body_print, "first_source": article.source_file}
    if stored is None:
        return incoming
    return {column: stored[column] if stored[column] not in (None, "") else incoming[column]
            for column in ARTICLE_COLUMNS}


def _merge_comments(stored: list[dict], article_id: str, incoming: list[Comment],
                    issues: list[Issue]) -> tuple[list[tuple], int]:
    """All comment rows of one article after adding `incoming`, with thread places recomputed.

    A comment already stored under the same id is kept as stored. When one of two sources gave no
    ids, a comment with the same text under the same parent is the same comment and is merged.
    """
    records = {row["comment_id"]: row for row in stored}
    by_content = {(row["declared_parent_id"], fingerprint(row["text"] or "")): comment_id
                  for comment_id, row in records.items()}
    id_map: dict[str, str] = {}
    ordinal = max((row["ordinal"] for row in records.values()), default=-1) + 1
    added = 0
    for comment in incoming:
        parent = id_map.get(comment.parent_id, comment.parent_id) if comment.parent_id else None
        same = records.get(comment.comment_id)
        if same is None:
            match = by_content.get((parent, fingerprint(comment.text)))
            if match is not None and records[match]["source_file"] != comment.source_file \
                    and (comment.synthetic_id or records[match]["synthetic_id"]):
                same = records[match]  # one source had no ids: the same text under the same parent
        if same is not None:
            id_map[comment.comment_id] = same["comment_id"]
            if same["text"] != comment.text and same["comment_id"] == comment.comment_id:
                issues.append(Issue(comment.source_file, comment.position, "conflicting_duplicate",
                                    f"comment id {comment.comment_id!r} is stored with another text",
                                    "kept the stored comment"))
            same["author"] = same["author"] or comment.author
            same["posted_at"] = same["posted_at"] or comment.posted_at
            continue
        records[comment.comment_id] = {
            "article_id": article_id, "comment_id": comment.comment_id, "declared_parent_id": parent,
            "author": comment.author, "posted_at": comment.posted_at, "text": comment.text,
            "source_file": comment.source_file, "source_position": comment.position, "ordinal": ordinal,
            "extra": json.dumps(comment.extra, ensure_ascii=False) if comment.extra else None,
            "synthetic_id": comment.synthetic_id}
        by_content.setdefault((parent, fingerprint(comment.text)), comment.comment_id)
        ordinal += 1
        added += 1
    places = place_comments({cid: row["declared_parent_id"] for cid, row in records.items()})
    rows = []
    for comment_id, row in records.items():
        place = places[comment_id]
        if place.flag != row.get("thread_flag"):
            _report_thread_change(row, place.flag, issues)
        row.update(parent_id=place.parent_id, depth=place.depth, root_id=place.root_id,
                   thread_flag=place.flag)
        rows.append(tuple(row[column] for column in COMMENT_COLUMNS))
    return rows, added


def _report_thread_change(row: dict, flag: str | None, issues: list[Issue]) -> None:
    """Report a comment that became an orphan or cycle member, or was relinked under its parent."""
    where = (row["source_file"], row["source_position"])
    if flag == "orphan":
        issues.append(Issue(*where, "orphan",
                            f"comment {row['comment_id']!r} replies to {row['declared_parent_id']!r}, "
                            "which is not in the corpus",
                            "placed it at the top level and flagged it 'orphan'"))
    elif flag == "cycle":
        issues.append(Issue(*where, "cycle", f"comment {row['comment_id']!r} is part of a reply cycle",
                            "placed it at the top level to break the cycle and flagged it 'cycle'"))
    elif row.get("thread_flag") == "orphan":
        issues.append(Issue(*where, "relinked",
                            f"the parent {row['declared_parent_id']!r} of orphan {row['comment_id']!r} arrived",
                            "placed it under its parent and cleared the flag", "info"))
