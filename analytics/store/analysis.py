"""Writing what `analyze`, `topics` and `aliases` produce: per-item rows, alias tables and
suggestions, topics, camps (the runs themselves: runs.py). Each write is one transaction."""
from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from analytics.errors import StoreError
from analytics.store.schema import ANALYSIS_COLUMNS, ANALYSIS_TABLES
from analytics.store.transaction import transaction

if TYPE_CHECKING:  # pandas is imported where a frame is built: 0.3 s that analyze does not need
    import pandas as pd


def record_alias_table(connection: duckdb.DuckDBPyConnection, source: str, content: str) -> int:
    """The version number of an alias table's content, stored as a new version when it changed."""
    sha256 = hashlib.sha256(content.encode("utf-8")).hexdigest()
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
    with transaction(connection):
        next_id = connection.execute("SELECT coalesce(max(suggestion_id), 0) + 1 FROM alias_suggestions").fetchone()[0]
        connection.execute("DELETE FROM alias_suggestions WHERE status = 'pending'")
        decided = set(connection.execute("SELECT alias, kind FROM alias_suggestions").fetchall())
        fresh = [s for s in suggestions if (s.alias, s.kind) not in decided]
        if fresh:
            connection.executemany("INSERT INTO alias_suggestions VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', NULL)",
                                   [[next_id + n, s.alias, s.canonical, s.kind, s.reason,
                                     json.dumps(s.evidence[:50]), s.occurrences] for n, s in enumerate(fresh)])
    return len(fresh)


def decide_suggestion(connection: duckdb.DuckDBPyConnection, suggestion_id: int, status: str) -> None:
    """Mark a suggestion accepted or rejected."""
    connection.execute("UPDATE alias_suggestions SET status = ?, decided_at = ? WHERE suggestion_id = ?",
                       [status, datetime.now(UTC).replace(tzinfo=None), suggestion_id])


def write_topics(connection: duckdb.DuckDBPyConnection, topics: list[tuple], weights: pd.DataFrame,
                 drift: pd.DataFrame, hierarchy: dict | None = None) -> None:
    """Replace the stored topics, weights (article_id, comment_id, topic_id, weight), drift
    (article_id, comment_id, drift) and merge hierarchy ({"groups": topic_groups rows, "members":
    topic_members rows}) in one transaction."""
    hierarchy = hierarchy or {"groups": [], "members": [(row[0], row[0]) for row in topics]}
    with transaction(connection):
        for table in ("topics", "topic_weights", "topic_drift", "topic_groups", "topic_members"):
            connection.execute(f"DELETE FROM {table}")
        if topics:
            connection.executemany(f"INSERT INTO topics VALUES ({', '.join(['?'] * len(topics[0]))})", topics)
        if hierarchy["groups"]:
            connection.executemany("INSERT INTO topic_groups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", hierarchy["groups"])
        if hierarchy["members"]:
            connection.executemany("INSERT INTO topic_members VALUES (?, ?)", hierarchy["members"])
        for table, frame, columns in (("topic_drift", drift, "article_id, comment_id, drift"),
                                      ("topic_weights", weights, "article_id, comment_id, topic_id, weight")):
            if len(frame):
                connection.register("topic_rows", frame)
                connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM topic_rows")
                connection.unregister("topic_rows")


def write_camps(connection: duckdb.DuckDBPyConnection, camps: list[tuple], commenters: list[tuple],
                comments: list[tuple]) -> None:
    """Replace the stored stance camps and their members in one transaction."""
    import pandas as pd

    with transaction(connection):
        for table in ("camps", "commenter_camps", "comment_camps"):
            connection.execute(f"DELETE FROM {table}")
        for table, rows in (("camps", camps), ("commenter_camps", commenters), ("comment_camps", comments)):
            if rows:
                columns = [row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall()]
                connection.register("camp_rows", pd.DataFrame(rows, columns=columns))
                connection.execute(f"INSERT INTO {table} SELECT * FROM camp_rows")
                connection.unregister("camp_rows")


def analysis_tables(rows: dict[str, list[tuple]]) -> dict[str, pa.Table]:
    """The rows of each analysis table as an Arrow table (columns of ANALYSIS_COLUMNS, types
    inferred: DuckDB casts them on insert). Workers convert their batch, so the process writing
    the store only hands Arrow buffers to DuckDB, and results cross processes as buffers."""
    tables = {}
    for table, table_rows in rows.items():
        if isinstance(table_rows, pa.Table):
            tables[table] = table_rows
        elif table_rows:
            columns = list(zip(*table_rows))
            tables[table] = pa.table([pa.array(column) for column in columns], names=ANALYSIS_COLUMNS[table])
    return tables


def write_analysis(connection: duckdb.DuckDBPyConnection, rows: dict[str, list[tuple] | pa.Table],
                   replace: bool = True) -> None:
    """Replace the analysis of a batch of items in one transaction: a batch lands whole or not at all.

    rows maps a table of ANALYSIS_COLUMNS to its new rows (tuples, or an Arrow table from
    analysis_tables); every item in text_analysis has its old rows removed from every analysis
    table first (and, for an article, its paragraphs). replace=False skips that removal, for a
    batch the caller knows has no earlier rows: each removal scans the tables, which grow with the
    corpus."""
    tables = analysis_tables(rows)
    try:
        with transaction(connection):
            if replace and "text_analysis" in tables:
                connection.register("batch_items", tables["text_analysis"].select(["item_kind", "article_id",
                                                                                    "comment_id"]))
                for table in ANALYSIS_TABLES:
                    connection.execute(f"""DELETE FROM {table} t USING batch_items b
                        WHERE t.item_kind = b.item_kind AND t.article_id = b.article_id
                        AND t.comment_id = b.comment_id""")
                connection.execute("""DELETE FROM paragraphs p USING batch_items b
                    WHERE b.item_kind = 'article' AND p.article_id = b.article_id""")
                connection.unregister("batch_items")
            for table, frame in tables.items():
                connection.register("batch_rows", frame)
                columns = ", ".join(ANALYSIS_COLUMNS[table])
                connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM batch_rows")
                connection.unregister("batch_rows")
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        raise StoreError(f"writing the analysis failed, the batch was not stored ({error})") from error


def load_analysis_parquet(connection: duckdb.DuckDBPyConnection, files: dict[str, str | list[str]]) -> None:
    """Load one partition written by the Dask engine (a Parquet file, or several, per table, as
    write_analysis's rows) with DuckDB's read_parquet, replacing its items' earlier rows, in one
    transaction."""
    if "text_analysis" not in files:
        return
    try:
        with transaction(connection):
            connection.execute("CREATE TEMP TABLE batch_items AS SELECT DISTINCT item_kind, article_id, comment_id "
                               "FROM read_parquet(?)", [files["text_analysis"]])
            for table in ANALYSIS_TABLES:
                connection.execute(f"""DELETE FROM {table} t USING batch_items b
                    WHERE t.item_kind = b.item_kind AND t.article_id = b.article_id AND t.comment_id = b.comment_id""")
            connection.execute("DROP TABLE batch_items")
            for table, path in files.items():
                columns = ", ".join(ANALYSIS_COLUMNS[table])
                connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM read_parquet(?)", [path])
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        raise StoreError(f"loading the partition failed, it was not stored ({error})") from error
