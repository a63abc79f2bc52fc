"""Every read the pipeline needs from the store (the dashboard's and the CLI's are in views/)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import duckdb

if TYPE_CHECKING:  # pandas is imported where a frame is built: 0.3 s that analyze does not need
    import pandas as pd

PENDING_FETCH = 8192  # rows fetched at a time from the pending comments


class Item(NamedTuple):
    """An article or comment to analyse; an article's comment_id is '' and its text is title + body."""

    article_id: str
    comment_id: str
    parent_id: str | None
    text: str | None
    body: str | None
    depth: int
    parent_text: str | None


def _pending_query(kind: str) -> str:
    """The Item fields of the items of a kind to analyse, parents first. A comment stored before
    reply stance existed (schema 2) is pending too."""
    if kind == "article":
        items = """SELECT article_id, '' AS comment_id, NULL AS parent_id,
                          concat_ws(E'\n\n', title, body) AS text, body, 0 AS depth, 0 AS ordinal,
                          NULL AS parent_text
                   FROM articles"""
        stance_missing = "FALSE"
    else:
        items = """SELECT c.article_id, c.comment_id, c.parent_id, c.text, NULL AS body, c.depth, c.ordinal,
                          p.text AS parent_text
                   FROM comments c LEFT JOIN comments p
                        ON p.article_id = c.article_id AND p.comment_id = c.parent_id"""
        stance_missing = """NOT EXISTS (SELECT 1 FROM reply_stance s WHERE s.article_id = i.article_id
                                        AND s.comment_id = i.comment_id)"""
    return f"""
        WITH items AS ({items})
        SELECT {', '.join(Item._fields)} FROM items i
        WHERE ? OR NOT EXISTS (SELECT 1 FROM text_analysis t WHERE t.item_kind = ? AND t.mode = ?
                               AND t.article_id = i.article_id AND t.comment_id = i.comment_id)
           OR {stance_missing}
        ORDER BY article_id, depth, ordinal"""


def pending(connection: duckdb.DuckDBPyConnection, kind: str, mode: str, redo: bool) -> list[Item]:
    """Every pending item of a kind ('article' or 'comment'), in thread order; redo: every item."""
    return [Item(*row) for row in connection.execute(_pending_query(kind), [redo, kind, mode]).fetchall()]


def pending_count(connection: duckdb.DuckDBPyConnection, kind: str, mode: str, redo: bool) -> int:
    """How many items of a kind are pending."""
    return connection.execute(f"SELECT count(*) FROM ({_pending_query(kind)})", [redo, kind, mode]).fetchone()[0]


def stream_pending(connection: duckdb.DuckDBPyConnection, kind: str, mode: str, redo: bool) -> Iterator[Item]:
    """The pending items of a kind, in thread order, read PENDING_FETCH rows at a time on a cursor
    of their own (the store is written meanwhile): the texts of a million comments never sit in
    memory at once."""
    cursor = connection.cursor()
    try:
        result = cursor.execute(_pending_query(kind), [redo, kind, mode])
        while rows := result.fetchmany(PENDING_FETCH):
            yield from (Item(*row) for row in rows)
    finally:
        cursor.close()


def stanced_items(connection: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(article_id, comment_id) of every comment with a stored reply stance."""
    return set(connection.execute("SELECT article_id, comment_id FROM reply_stance").fetchall())


def known_languages(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """The language of every analysed item, by (article_id, comment_id)."""
    rows = connection.execute("SELECT article_id, comment_id, lang FROM text_analysis").fetchall()
    return {(article_id, comment_id): lang for article_id, comment_id, lang in rows}


def article_texts(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each article's title and body, as one text."""
    return dict(connection.execute("SELECT article_id, concat_ws(E'\\n\\n', title, body) FROM articles").fetchall())


def article_count(connection: duckdb.DuckDBPyConnection) -> int:
    """How many articles are stored."""
    return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def has_corpus_fits(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether topics or stance camps have been fitted and stored."""
    return bool(connection.execute("SELECT count(*) FROM topics").fetchone()[0]
                or connection.execute("SELECT count(*) FROM camps").fetchone()[0])


def store_directory(connection: duckdb.DuckDBPyConnection) -> Path | None:
    """The folder of the store's database file (None for a database in memory)."""
    database = connection.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                                  ).fetchone()[0]
    return Path(database).parent if database and database != ":memory:" else None


def lemma_documents(connection: duckdb.DuckDBPyConnection, item_kind: str = "comment",
                    noise: Iterable[str] = ()) -> pd.DataFrame:
    """Each analysed comment's (or article's) content lemmas, lower-cased, in text order: alphabetic,
    not stop words, 3+ letters, not in noise (link or mention debris); and its language."""
    return connection.execute("""
        WITH lemmas AS (
            SELECT article_id, comment_id, string_agg(lower(lemma), ' ' ORDER BY token_index) AS lemmas
            FROM tokens WHERE item_kind = ? AND is_alpha AND NOT is_stop AND length(lemma) >= 3
                 AND NOT list_contains(?, lower(lemma))
            GROUP BY article_id, comment_id),
        langs AS (SELECT article_id, comment_id, any_value(lang) AS lang FROM text_analysis
                  WHERE item_kind = ? GROUP BY article_id, comment_id)
        SELECT l.article_id, l.comment_id, l.lemmas, g.lang FROM lemmas l
        LEFT JOIN langs g ON g.article_id = l.article_id AND g.comment_id IS NOT DISTINCT FROM l.comment_id
        ORDER BY l.article_id, l.comment_id""", [item_kind, list(noise), item_kind]).df()


def top_level_comments(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """(article_id, comment_id, top = 1) of every comment that answers its article directly."""
    return connection.execute("SELECT article_id, comment_id, 1 AS top FROM comments WHERE depth = 0").df()


def comment_target_stances(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """(article_id, comment_id, commenter, target, stance) of every comment's target; a comment
    without an author stands for itself."""
    return connection.execute("""
        SELECT t.article_id, t.comment_id, t.target, t.stance,
               coalesce(nullif(trim(c.author), ''), 'comment ' || t.article_id || '/' || t.comment_id) AS commenter
        FROM targets t JOIN comments c ON c.article_id = t.article_id AND c.comment_id = t.comment_id
        WHERE t.item_kind = 'comment'
        ORDER BY t.article_id, c.ordinal, t.target""").df()


def suggestion_inputs(connection: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[tuple]]:
    """What alias suggestions are computed from: comments and their stored targets."""
    comments = connection.execute("SELECT article_id, comment_id, root_id, text FROM comments").fetchall()
    targets = connection.execute("""SELECT article_id, comment_id, target, type, mentions FROM targets
                                    WHERE item_kind = 'comment'""").fetchall()
    return comments, targets
