"""Writing ingested files: articles matched and merged, comments placed in their threads, one
transaction per file (it lands whole or not at all)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from analytics import __version__
from analytics.corpus.identity import (
    NEAR_DUPLICATE_JACCARD,
    fingerprint,
    jaccard,
    shingles,
    synthesize_id,
)
from analytics.corpus.model import Article, Comment, Corpus, Issue
from analytics.corpus.threads import place_comments
from analytics.errors import StoreError
from analytics.store.facts import update_facts
from analytics.store.schema import ARTICLE_COLUMNS, COMMENT_COLUMNS
from analytics.store.transaction import transaction


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
    """Write one loaded file in a single transaction: it lands whole or not at all, and the
    read-side tables (store/facts.py) with it, so they are never behind the data."""
    result = IngestResult(corpus.source_file, corpus.format)
    try:
        with transaction(connection):
            rewritten = _write(connection, corpus, digest, options, result)
            update_facts(connection, rewritten)
    except BaseException as error:
        if isinstance(error, (KeyboardInterrupt, StoreError)):
            raise
        raise StoreError(f"{corpus.source_file}: writing to the store failed, nothing was stored ({error})") from error
    return result


def _write(connection: duckdb.DuckDBPyConnection, corpus: Corpus, digest: str, options: str,
           result: IngestResult) -> list[str]:
    """Write the file's articles, comments, ingest record and issues; the ids of the articles
    whose comments were rewritten."""
    article_ids, article_rows, new_keys = _resolve_articles(connection, corpus)
    result.articles = sorted(article_rows)
    _replace_rows(connection, "articles", ARTICLE_COLUMNS, list(article_rows),
                  [tuple(row[column] for column in ARTICLE_COLUMNS) for row in article_rows.values()])
    if new_keys:
        _insert(connection, "article_keys", ["source_key", "article_id"], list(new_keys.items()))
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
        _insert(connection, "validation", ["ingest_id", "source_file", "location", "severity", "kind", "message",
                                           "action"],
                [(ingest_id, i.source_file, i.location, i.severity, i.kind, i.message, i.action) for i in issues])
    result.issues = issues
    return list(by_article)


def _insert(connection: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows at once (executemany runs one statement per row)."""
    import pandas as pd

    connection.register("new_rows", pd.DataFrame(rows, columns=columns))
    connection.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM new_rows")
    connection.unregister("new_rows")


def _replace_rows(connection: duckdb.DuckDBPyConnection, table: str, columns: list[str],
                  article_ids: list[str], rows: list[tuple]) -> None:
    """Replace every row of these articles in `table` by `rows`, in one delete and one insert."""
    import pandas as pd

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
    # content matching joins comments from different source files only: skip it within one file
    match_content = len({row["source_file"] for row in stored} | {c.source_file for c in incoming}) > 1
    by_content = {(row["declared_parent_id"], fingerprint(row["text"] or "")): comment_id
                  for comment_id, row in records.items()} if match_content else {}
    id_map: dict[str, str] = {}
    ordinal = max((row["ordinal"] for row in records.values()), default=-1) + 1
    added = 0
    for comment in incoming:
        parent = id_map.get(comment.parent_id, comment.parent_id) if comment.parent_id else None
        same = records.get(comment.comment_id)
        content = (parent, fingerprint(comment.text)) if match_content else None
        if same is None and match_content:
            match = by_content.get(content)
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
        if match_content:
            by_content.setdefault(content, comment.comment_id)
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
