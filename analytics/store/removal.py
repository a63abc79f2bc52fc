"""Take things out of the store: articles, every record of one source file, or everything; each in
one transaction, after keeping the state before it so that `undo` brings it back.

The copy kept for undo costs nothing when the readers' snapshot is current: it is a second name
(a hard link) for the snapshot file, which the next write replaces by a rename and never rewrites.
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.errors import StoreError, UsageError
from analytics.store.facts import FACTS
from analytics.store.snapshot import publish_snapshot, snapshot_current, snapshot_path
from analytics.store.transaction import transaction

UNDO_NAME = "palabre.undo.duckdb"
# derived from the whole corpus: stale once comments go, refitted by `analyze`, `topics`, `camps`
CORPUS_FITS = ("topics", "camps")


@dataclass(frozen=True)
class Removal:
    """What a removal took out; `stale_fits` says which corpus-wide fits still count the removed
    comments (refit them with `analyze`, or `topics` and `camps`)."""

    articles: int
    comments: int
    source_files: int
    stale_fits: tuple[str, ...]


def database_path(connection: duckdb.DuckDBPyConnection) -> Path:
    path, read_only = connection.execute("SELECT path, readonly FROM duckdb_databases() "
                                         "WHERE database_name = current_database()").fetchone()
    if read_only:
        raise StoreError(f"{path}: opened read-only; removing needs the writing connection")
    return Path(path)


def keep_for_undo(connection: duckdb.DuckDBPyConnection) -> Path:
    """Keep the store as it is now as `palabre.undo.duckdb` (replacing an older one)."""
    database = database_path(connection)
    undo = database.with_name(UNDO_NAME)
    connection.execute("CHECKPOINT")
    undo.unlink(missing_ok=True)
    snapshot = snapshot_path(database.parent)
    try:
        if snapshot_current(database.parent, database):
            os.link(snapshot, undo)
            return undo
    except OSError:  # a file system without hard links: copy below
        pass
    partial = undo.with_name(f".{undo.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(database, partial)
        os.replace(partial, undo)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{undo}: could not keep the store's state for undo ({error}); nothing was removed") from None
    return undo


def _tables_with(connection: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    return [row[0] for row in connection.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE schema_name = 'main' AND column_name = ? "
        "AND NOT internal AND table_name NOT LIKE '%\\_facts' ESCAPE '\\' ORDER BY table_name", [column]).fetchall()]


def _fitted(connection: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    return tuple(name for name in CORPUS_FITS if connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0])


def remove_articles(connection: duckdb.DuckDBPyConnection, article_ids: list[str]) -> Removal:
    """Remove these articles with their comments and every analysis of them."""
    known = {row[0] for row in connection.execute("SELECT article_id FROM articles").fetchall()}
    missing = [article for article in article_ids if article not in known]
    if missing:
        raise UsageError(f"no article {', '.join(repr(a) for a in missing)} in the store "
                         "(`python -m analytics store list` lists them)")
    comments = connection.execute("SELECT count(*) FROM comments WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                                  [article_ids]).fetchone()[0]
    keep_for_undo(connection)
    with transaction(connection):
        for table in _tables_with(connection, "article_id"):
            connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                               [article_ids])
        refresh_facts_inside(connection)
    return Removal(len(article_ids), comments, 0, _fitted(connection))


def remove_source(connection: duckdb.DuckDBPyConnection, source_file: str) -> Removal:
    """Remove every comment read from this file, the articles left with no comment and first read
    from it, and its ingest and validation records (so the file can be ingested again)."""
    for candidate in dict.fromkeys([source_file, str(Path(source_file).resolve()), str(Path(source_file).absolute())]):
        if connection.execute("SELECT count(*) FROM ingests WHERE source_file = ?", [candidate]).fetchone()[0]:
            source_file = candidate
            break
    else:
        raise UsageError(f"no file {source_file!r} was ingested into this store "
                         "(`python -m analytics store list --files` lists them, as stored)")
    comments = connection.execute("SELECT count(*) FROM comments WHERE source_file = ?", [source_file]).fetchone()[0]
    keep_for_undo(connection)
    with transaction(connection):
        connection.execute("""CREATE OR REPLACE TEMP TABLE removed_comments AS
                              SELECT article_id, comment_id FROM comments WHERE source_file = ?""", [source_file])
        for table in _tables_with(connection, "comment_id"):
            if table != "comments":
                connection.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM removed_comments r "
                                   "WHERE r.article_id = t.article_id AND r.comment_id = t.comment_id)")
        connection.execute("DELETE FROM comments WHERE source_file = ?", [source_file])
        emptied = [row[0] for row in connection.execute(
            """SELECT a.article_id FROM articles a WHERE a.first_source = ?
               AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.article_id)""",
            [source_file]).fetchall()]
        for table in _tables_with(connection, "article_id"):
            connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [emptied])
        connection.execute("DELETE FROM validation WHERE source_file = ?", [source_file])
        connection.execute("DELETE FROM ingests WHERE source_file = ?", [source_file])
        connection.execute("DROP TABLE removed_comments")
        refresh_facts_inside(connection)
    return Removal(len(emptied), comments, 1, _fitted(connection))


def refresh_facts_inside(connection: duckdb.DuckDBPyConnection) -> None:
    """The read-side tables rebuilt within the caller's transaction, and a new removal token (part
    of the version that the dashboard's cached reads are keyed by: views.reports.store_version)."""
    connection.execute(FACTS)
    connection.execute("DELETE FROM meta WHERE key = 'removal'")
    connection.execute("INSERT INTO meta VALUES ('removal', ?)", [uuid.uuid4().hex])


def reset(connection: duckdb.DuckDBPyConnection) -> Removal:
    """Empty the store (schema and alias tables stay); `undo` brings everything back."""
    counts = connection.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM comments), "
                                "(SELECT count(DISTINCT source_file) FROM ingests)").fetchone()
    keep_for_undo(connection)
    with transaction(connection):
        for table in _tables_with_rows(connection):
            connection.execute(f"DELETE FROM {table}")
        refresh_facts_inside(connection)
    return Removal(counts[0], counts[1], counts[2], ())


def _tables_with_rows(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table but the store's own settings (meta) and alias tables."""
    keep = {"meta", "alias_tables", "alias_suggestions"}
    return [row[0] for row in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "AND NOT temporary ORDER BY table_name").fetchall()
        if row[0] not in keep and not row[0].endswith("_facts")]


def undo_available(directory: Path) -> bool:
    return (Path(directory) / UNDO_NAME).exists()


def undo(connection: duckdb.DuckDBPyConnection) -> Path:
    """Put back the state kept before the last removal or reset. Call it holding the writing
    connection (so that no other writer is at work): the connection is closed, the kept file
    renamed over the database, and the snapshot republished from it."""
    database = database_path(connection)
    kept = database.with_name(UNDO_NAME)
    if not kept.exists():
        connection.close()
        raise UsageError(f"{kept}: nothing to undo (a removal or reset keeps the state before it there)")
    connection.close()
    restored = database.with_name(f".{database.name}.{os.getpid()}.restoring")
    try:
        shutil.copyfile(kept, restored)
        os.replace(restored, database)
        database.with_name(database.name + ".wal").unlink(missing_ok=True)
        kept.unlink()
    except OSError as error:
        restored.unlink(missing_ok=True)
        raise StoreError(f"{database}: could not restore {kept} ({error}); the store is as before") from None
    reopened = duckdb.connect(str(database))
    try:
        publish_snapshot(reopened, database.parent, database)
    finally:
        reopened.close()
    os.utime(snapshot_path(database.parent))
    return database
