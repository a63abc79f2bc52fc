"""The only SQL that reads the store for the CLI and the dashboard, always parameterised."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from analytics.errors import UsageError
from analytics.files import atomic_write
from analytics.store.runs import dead_runs
from analytics.views.export_tables import EXPORT_TABLES
from analytics.views.exports import spreadsheet_safe
from analytics.views.selection import COMMENTERS
from analytics.views.targets import EVIDENCE_TERM

EXPORT_SUFFIXES = (".csv", ".jsonl", ".parquet")


def validation_report(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every validation entry with the time of its ingest (as `export --table validation`)."""
    return connection.execute(EXPORT_TABLES["validation"]).df()


def articles_overview(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per article: id, title (or the body's opening), date, comments, replies, max depth."""
    return connection.execute("""
        SELECT a.article_id,
               coalesce(a.title, left(a.body, 80), a.article_id) AS title,
               a.published_at,
               count(c.comment_id) AS comments,
               count(c.comment_id) FILTER (WHERE c.depth > 0) AS replies,
               coalesce(max(c.depth), 0) AS max_depth
        FROM articles a LEFT JOIN comments c USING (article_id)
        GROUP BY ALL ORDER BY comments DESC, a.article_id""").df()


def depth_counts(connection: duckdb.DuckDBPyConnection, article_id: str | None = None) -> pd.DataFrame:
    """Comments per reply depth, for one article or the whole corpus."""
    return connection.execute("""
        SELECT depth, count(*) AS comments FROM comments
        WHERE ? IS NULL OR article_id = ? GROUP BY depth ORDER BY depth""", [article_id, article_id]).df()


def summary(connection: duckdb.DuckDBPyConnection) -> dict:
    """The corpus at a glance, as plain JSON-ready values."""
    depths = connection.execute("SELECT depth, count(*) FROM comments GROUP BY depth ORDER BY depth").fetchall()
    histogram = {str(depth): int(count) for depth, count in depths}
    overview = articles_overview(connection)
    issues = connection.execute("SELECT count(*) FROM validation").fetchone()[0]
    return {
        "articles": len(overview),
        "comments": int(overview["comments"].sum()) if len(overview) else 0,
        "max_depth": max((int(depth) for depth in histogram), default=0),
        "depth_histogram": histogram,
        "validation_issues": int(issues),
        "per_article": [
            {"article_id": row.article_id, "title": row.title,
             "published": row.published_at.date().isoformat() if pd.notna(row.published_at) else None,
             "comments": int(row.comments)}
            for row in overview.itertuples()],
    }


def export_table(connection: duckdb.DuckDBPyConnection, table: str, out: str | Path) -> int:
    """Write one table to .csv, .jsonl or .parquet (by extension); returns the row count."""
    if table not in EXPORT_TABLES:
        raise UsageError(f"--table {table}: expected one of {', '.join(EXPORT_TABLES)}")
    out = Path(out)
    if out.suffix.lower() not in EXPORT_SUFFIXES:
        raise UsageError(f"--out {out}: expected a file ending in {', '.join(EXPORT_SUFFIXES)}")
    frame = connection.execute(EXPORT_TABLES[table]).df()
    suffix = out.suffix.lower()

    def write(partial: Path) -> None:
        if suffix == ".csv":
            spreadsheet_safe(frame).to_csv(partial, index=False)
        elif suffix == ".jsonl":
            frame.to_json(partial, orient="records", lines=True, force_ascii=False, date_format="iso")
        else:
            frame.to_parquet(partial, index=False)
    try:
        atomic_write(out, write)
    except OSError as error:
        raise UsageError(f"--out {out}: cannot write it ({error.strerror or error}); nothing was written") from None
    return len(frame)


def thread(connection: duckdb.DuckDBPyConnection, article_id: str) -> pd.DataFrame:
    """One article's comments in reading order (each subtree under its parent), with depth."""
    frame = connection.execute("""
        SELECT c.comment_id, c.parent_id, c.depth, c.author, c.posted_at, c.text, c.thread_flag, c.ordinal,
               t.sentiment_label, t.sentiment_score
        FROM comments c
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
             AND t.comment_id = c.comment_id
        WHERE c.article_id = ? ORDER BY c.ordinal""", [article_id]).df()
    children: dict[object, list[int]] = {}
    for index, parent in enumerate(frame["parent_id"]):
        children.setdefault(parent if isinstance(parent, str) else None, []).append(index)
    order: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        index = stack.pop()
        order.append(index)
        stack.extend(reversed(children.get(frame["comment_id"].iat[index], [])))
    return frame.iloc[order].reset_index(drop=True)


def suggestions(connection: duckdb.DuckDBPyConnection, status: str | None = None) -> pd.DataFrame:
    """Alias suggestions (all, or one status), most frequent first."""
    return connection.execute("""
        SELECT suggestion_id, alias, canonical, kind, occurrences, reason, evidence, status
        FROM alias_suggestions WHERE ? IS NULL OR status = ?
        ORDER BY status, occurrences DESC, alias""", [status, status]).df()


ATTACK_TERMS = 3


def target_summary(connection: duckdb.DuckDBPyConnection, by: str | None = None) -> pd.DataFrame:
    """Per target: mentions, comments, commenters, mean sentiment, attack rate and the words its
    attacks use most (`attacked_with`: up to three, each with the number of comments using it);
    optionally per depth, day or article as well."""
    groups = {None: "", "depth": "c.depth", "day": "CAST(c.posted_at AS DATE)", "article": "t.article_id"}
    if by not in groups:
        raise UsageError(f"--by: expected one of depth, day, article; received {by!r}")
    extra = f", {groups[by]} AS {by}" if by else ""
    keys = "target" + (f", {by}" if by else "")
    return connection.execute(f"""
        WITH named AS (
            SELECT t.target, t.type{extra}, t.article_id, t.comment_id, t.mention_count, t.sentiment, t.attack,
                   t.evidence, c.author
            FROM targets t JOIN comments c ON c.article_id = t.article_id AND c.comment_id = t.comment_id
            WHERE t.item_kind = 'comment'),
        terms AS (
            SELECT {keys}, {EVIDENCE_TERM} AS term, count(DISTINCT (article_id, comment_id)) AS uses
            FROM named CROSS JOIN unnest(string_split(evidence, '; ')) AS u(term)
            WHERE attack AND trim(u.term) <> '' GROUP BY ALL),
        ranked AS (
            SELECT {keys}, string_agg(term || ' (' || uses || ')', '; ' ORDER BY uses DESC, term) AS attacked_with
            FROM (SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY uses DESC, term) AS place FROM terms)
            WHERE place <= {ATTACK_TERMS} GROUP BY ALL)
        SELECT n.target, any_value(n.type) AS type{", n." + by if by else ""},
               CAST(sum(n.mention_count) AS BIGINT) AS mentions, count(*) AS comments,
               {COMMENTERS.format(author="n.author")} AS commenters,
               round(avg(n.sentiment), 4) AS mean_sentiment,
               round(avg(CAST(n.attack AS INTEGER)), 4) AS attack_rate,
               any_value(r.attacked_with) AS attacked_with
        FROM named n LEFT JOIN ranked r USING ({keys})
        GROUP BY ALL ORDER BY {"" if not by else "n." + by + ", "}mentions DESC, n.target""").df()


def sentiment_counts(connection: duckdb.DuckDBPyConnection, article_id: str | None = None) -> pd.DataFrame:
    """Comments per sentiment label (negative, neutral, positive), for one article or all."""
    return connection.execute("""
        SELECT l.label AS sentiment, count(t.comment_id) AS comments
        FROM (VALUES ('negative'), ('neutral'), ('positive')) l(label)
        LEFT JOIN text_analysis t ON t.sentiment_label = l.label AND t.item_kind = 'comment'
             AND (? IS NULL OR t.article_id = ?)
        GROUP BY l.label ORDER BY l.label""", [article_id, article_id]).df()


def analysis_status(connection: duckdb.DuckDBPyConnection) -> dict:
    """How much of the corpus is analysed, and by the last finished run in which mode."""
    analysed = connection.execute("SELECT count(*) FROM text_analysis WHERE item_kind = 'comment'").fetchone()[0]
    last = connection.execute("""SELECT run_id, mode, finished_at FROM analysis_runs WHERE status = 'finished'
                                 ORDER BY run_id DESC LIMIT 1""").fetchone()
    return {"comments_analysed": int(analysed), "run_id": last[0] if last else None,
            "mode": last[1] if last else None, "finished_at": last[2] if last else None}


def article_targets(connection: duckdb.DuckDBPyConnection, article_id: str | None = None,
                    limit: int = 15) -> pd.DataFrame:
    """The most mentioned targets of the comments (of one article or all), with attack rate."""
    return connection.execute("""
        SELECT target, any_value(type) AS type, CAST(sum(mention_count) AS BIGINT) AS mentions,
               count(*) AS comments, round(avg(sentiment), 3) AS mean_sentiment,
               round(avg(CAST(attack AS INTEGER)), 3) AS attack_rate
        FROM targets WHERE item_kind = 'comment' AND (? IS NULL OR article_id = ?)
        GROUP BY target ORDER BY mentions DESC, target LIMIT ?""", [article_id, article_id, limit]).df()


def topic_shares(connection: duckdb.DuckDBPyConnection, by: str) -> pd.DataFrame:
    """Each topic's share of all comments' topic weight per article or reply depth (the dashboard's
    query with no filter)."""
    from analytics.views import topics
    from analytics.views.state import ViewState

    if by not in ("article", "depth"):
        raise UsageError(f"topic shares: expected article or depth; received {by!r}")
    return topics.topic_shares(connection, ViewState(), by, limit=None)


def drift_by_depth(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Mean topic drift from the article (0 = on its topics, 1 = none in common) per reply depth,
    over all comments (the dashboard's query with no filter)."""
    from analytics.views import topics
    from analytics.views.state import ViewState

    return topics.drift_by_depth(connection, ViewState())


def ingest_history(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every ingest: when, which file, format, articles, comments added, issues."""
    return connection.execute("""SELECT ingest_id, ingested_at, source_file, format, articles, comments_added, issues
                                 FROM ingests ORDER BY ingest_id DESC""").df()


def source_files(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every ingested file, as stored: when it was last read, its format, and the comments and
    articles of it the store holds now."""
    return connection.execute("""
        WITH read AS (SELECT source_file, max(ingested_at) AS ingested_at, arg_max(format, ingest_id) AS format
                      FROM ingests GROUP BY source_file),
        held AS (SELECT source_file, count(*) AS comments, count(DISTINCT article_id) AS articles
                 FROM comments GROUP BY source_file)
        SELECT r.source_file, r.ingested_at, r.format, coalesce(h.articles, 0) AS articles,
               coalesce(h.comments, 0) AS comments
        FROM read r LEFT JOIN held h USING (source_file) ORDER BY r.ingested_at DESC, r.source_file""").df()


def analysis_runs(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every analysis run: when, mode, items, status, options; a run recorded `running` whose
    process is gone shows as `interrupted` (the next writer records it so)."""
    runs = connection.execute("""SELECT run_id, started_at, finished_at, mode, items, status, options
                                 FROM analysis_runs ORDER BY run_id DESC""").df()
    dead = dead_runs(connection)
    if dead:
        runs.loc[runs["run_id"].isin(dead), "status"] = "interrupted"
    return runs


def pending_counts(connection: duckdb.DuckDBPyConnection) -> dict:
    """Articles and comments not analysed yet (in any mode)."""
    articles, comments = connection.execute("""
        SELECT (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM text_analysis t
                WHERE t.item_kind = 'article' AND t.article_id = a.article_id)),
               (SELECT count(*) FROM comments c WHERE NOT EXISTS (SELECT 1 FROM text_analysis t
                WHERE t.item_kind = 'comment' AND t.article_id = c.article_id AND t.comment_id = c.comment_id))
        """).fetchone()
    return {"articles": int(articles), "comments": int(comments)}


def store_version(connection: duckdb.DuckDBPyConnection) -> tuple[int, int, int, str]:
    """The ids of the last ingest and analysis run, the count of finished runs and the token of the
    last removal: what a cached read is keyed by (it changes whenever the store does)."""
    return connection.execute("""SELECT (SELECT coalesce(max(ingest_id), 0) FROM ingests),
                                        (SELECT coalesce(max(run_id), 0) FROM analysis_runs),
                                        (SELECT count(*) FROM analysis_runs WHERE status = 'finished'),
                                        (SELECT coalesce(max(value), '') FROM meta WHERE key = 'removal')""").fetchone()


def pseudonym_salt(connection: duckdb.DuckDBPyConnection) -> str | None:
    """The store's secret for commenter pseudonyms, None in a store made before it existed."""
    found = connection.execute("SELECT value FROM meta WHERE key = 'pseudonym_salt'").fetchone()
    return found[0] if found else None


def stored_topics(connection: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """(topic_id, label, key phrases as JSON) of every stored topic."""
    return connection.execute("SELECT topic_id, label, key_phrases FROM topics ORDER BY topic_id").fetchall()


def stored_camps(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored stance camp: id, description, commenters, comments, profile."""
    return connection.execute("SELECT camp_id, description, commenters, comments, profile FROM camps "
                              "ORDER BY camp_id").df()
