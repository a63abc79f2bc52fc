"""What one batch of items produces: every analysis row of its articles or comments (sentences,
tokens, sentiment, named targets, reply stance, text analysis). Runs where the batch is computed:
the main process, a worker process, or a Dask worker. One item that cannot be analysed (whatever it
raises) costs only itself: it is left out of the rows and named among the batch's failures."""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from analytics import store
from analytics.enrich import embeddings
from analytics.enrich.sentiment import model as sentiment
from analytics.enrich.stance import model as stance
from analytics.enrich.targets.aliases import AliasIndex
from analytics.enrich.targets.model import analyse_targets
from analytics.modes import Mode
from analytics.store.reads import Item
from analytics.text import language, tokens

PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Targets:
    """The alias index a run resolves targets with, and the stored version of its table."""

    index: AliasIndex
    table_version: int


@dataclass(frozen=True)
class RunContext:
    """What every batch of a run shares: the corpus's language, the mode, the run and its aliases."""

    corpus_lang: str
    mode: Mode
    run_id: int
    targets: Targets
    embeddings: str | None = None  # the folder keeping this store's embeddings (embedding_store), if any


class Job(NamedTuple):
    """One batch to compute: its kind ('article' or 'comment'), its items in thread order, and their
    languages; langs None: resolved where the batch is computed, from known."""

    kind: str
    batch: list[Item]
    langs: list[language.Language] | None
    known: dict[tuple[str, str], str] | None


class Failure(NamedTuple):
    """An item whose analysis raised: left out of its batch's rows, put in the validation report."""

    kind: str
    article_id: str
    comment_id: str
    reason: str


class Computed(NamedTuple):
    """What computing a job produced: its rows as Arrow tables (store.analysis_tables), and the items
    that could not be analysed."""

    tables: dict
    failures: list[Failure]


def failure(kind: str, item: Item, error: BaseException) -> Failure:
    """An item's failure, saying what was raised."""
    return Failure(kind, item[0], item[1] or "", f"{type(error).__name__}: {error}".strip())


def job_tables(job: Job, context: RunContext, article_texts: dict[str, str]) -> Computed:
    """One batch's analysis rows (in a worker process when workers > 1). When computing the batch
    raises, its items are computed one by one: one that raises again is left out and named in the
    failures, the others are kept."""
    embeddings.use_store(context.embeddings)
    try:
        return _job_tables(job, context, article_texts)
    finally:
        embeddings.flush()


def _job_tables(job: Job, context: RunContext, article_texts: dict[str, str]) -> Computed:
    try:
        return Computed(store.analysis_tables(_job_rows(job, context, article_texts)), [])
    except Exception as error:
        if len(job.batch) == 1:
            return Computed({}, [failure(job.kind, job.batch[0], error)])
    singles, failures = split_job(job, context.corpus_lang)
    rows = _empty_rows()
    for single in singles:
        try:
            found = _job_rows(single, context, article_texts)
        except Exception as error:
            failures.append(failure(single.kind, single.batch[0], error))
            continue
        for table, table_rows in found.items():
            rows[table] += table_rows
    return Computed(store.analysis_tables(rows), failures)


def split_job(job: Job, corpus_lang: str) -> tuple[list[Job], list[Failure]]:
    """One job per item of a job, their languages resolved here in thread order when the job left
    them to its worker; an item whose language cannot be resolved is a failure (its replies then
    take their article's language)."""
    if job.langs is not None:
        return [Job(job.kind, [item], [lang], None) for item, lang in zip(job.batch, job.langs)], []
    known, singles, failures = dict(job.known or {}), [], []
    for item in job.batch:
        try:
            singles.append(Job(job.kind, [item], resolve_languages([item], known, corpus_lang), None))
        except Exception as error:
            failures.append(failure(job.kind, item, error))
    return singles, failures


def joined(parts: list[Computed], failures: list[Failure]) -> Computed:
    """Several jobs' results as one: each table's Arrow tables concatenated, failures added."""
    import pyarrow as pa

    tables: dict[str, list] = {}
    for part in parts:
        for table, frame in part.tables.items():
            tables.setdefault(table, []).append(frame)
    return Computed({table: pa.concat_tables(frames) for table, frames in tables.items()},
                    failures + [found for part in parts for found in part.failures])


def _job_rows(job: Job, context: RunContext, article_texts: dict[str, str]) -> dict[str, list[tuple]]:
    """Every analysis row of a job's items."""
    mode, run_id, targets = context.mode, context.run_id, context.targets
    if job.kind == "article":
        return _article_rows(job.batch, job.langs, mode, run_id, targets)
    langs = job.langs
    if langs is None:
        langs = resolve_languages(job.batch, dict(job.known or {}), context.corpus_lang)
    return _comment_rows(job.batch, langs, mode, run_id, targets, article_texts)


def resolve_languages(batch, known: dict, corpus_lang: str) -> list[language.Language]:
    """Each comment's language in thread order; a short reply takes its parent's (recorded in known)."""
    langs = []
    for article_id, comment_id, parent_id, text, *_ in batch:
        parent_lang = known.get((article_id, parent_id)) if parent_id else None
        found = language.resolve(text or "", parent_lang, known.get((article_id, "")), corpus_lang=corpus_lang)
        known[article_id, comment_id] = found.lang
        langs.append(found)
    return langs


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
                                    stance.target_stance(target.sentiment, target.attack),
                                    target.attack_kind or None, float(target.attack_score),
                                    json.dumps([[int(start), int(end)] for start, end in target.evidence_spans])))


def _text_rows(kind: str, items: list[tuple[str, str, str]], langs: list[str], mode: str,
               rows: dict[str, list[tuple]], paragraph_of: Callable[[int, int], int] | None = None
               ) -> list[sentiment.TextSentiment]:
    """Tokens and sentences of (article_id, comment_id, text) items; returns their sentiments.
    paragraph_of(item number, offset): the paragraph of an item's sentence starting there."""
    analysed = [None] * len(items)
    for lang in set(langs):
        indices = [i for i, item_lang in enumerate(langs) if item_lang == lang]
        for index, result in zip(indices, tokens.analyse([items[i][2] for i in indices], lang, mode)):
            analysed[index] = result
    scored = sentiment.score_texts([text for _, _, text in items], [a.sentences for a in analysed], langs, mode)
    for item, ((article_id, comment_id, _), parsed, scores) in enumerate(zip(items, analysed, scored)):
        for number, ((start, end), sentence_score) in enumerate(zip(parsed.sentences, scores.sentences)):
            paragraph = paragraph_of(item, start) if paragraph_of else 0
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
    _stance_rows(batch, [found.lang for found in langs], article_texts, rows, mode)
    for (article_id, comment_id, _), found, score in zip(items, langs, scored):
        rows["text_analysis"].append(("comment", article_id, comment_id, found.lang, round(found.confidence, 4),
                                      found.source, score.overall.label, score.overall.score, mode, run_id))
    return rows


def _stance_rows(batch, langs: list[str], article_texts: dict[str, str], rows: dict[str, list[tuple]],
                 mode: str) -> None:
    """Each reply's stance toward its parent (agree, disagree, query, neutral); a top-level comment's
    toward its article's main claim (favour, against, neutral).
    A row with no label when there is nothing to judge against (an export's article with no title or body)."""
    asked: dict[str, tuple[list, ...]] = {toward: tuple([] for _ in range(6)) for toward in ("parent", "article")}
    for (article_id, comment_id, parent_id, text, _, depth, parent_text), lang in zip(batch, langs):
        article = article_texts.get(article_id) or ""
        toward = "article" if parent_id is None else "parent"
        parent = stance.main_claim(article) if parent_id is None else (parent_text or "")
        if not parent.strip():
            rows["reply_stance"].append(("comment", article_id, comment_id, toward, None, None, None, None, None))
            continue
        for column, value in zip(asked[toward], ((article_id, comment_id), text or "", parent, article or parent,
                                                 (depth or 0) + 1, lang)):
            column.append(value)
    for toward, (keys, texts, parents, roots, depths, kept_langs) in asked.items():
        found = stance.predict(texts, parents, roots, depths, kept_langs, toward=toward, mode=mode) if keys else []
        rows["reply_stance"].extend(("comment", article_id, comment_id, toward, result.label, *result.probabilities)
                                    for (article_id, comment_id), result in zip(keys, found))


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
    """Every analysis row of a batch of articles, read together (one call per model for the batch:
    article by article, the models' fixed cost per call was most of an article's time)."""
    rows = _empty_rows()
    items = [(article_id, "", body or "") for article_id, _, _, _, body, *_ in batch]
    found_langs = [found.lang for found in langs]
    spans = [paragraph_spans(body) for _, _, body in items]
    overall = sentiment.score_texts([body for _, _, body in items], spans, found_langs, mode)
    starts = [[start for start, _ in article_spans] for article_spans in spans]
    _text_rows("article", items, found_langs, mode, rows,
               lambda number, offset: max(bisect_right(starts[number], offset) - 1, 0))
    _target_rows("article", items, found_langs, [text or "" for _, _, _, text, *_ in batch], mode, targets, rows)
    for (article_id, _, _), found, article_spans, scores in zip(items, langs, spans, overall):
        for number, ((start, end), paragraph) in enumerate(zip(article_spans, scores.sentences)):
            rows["paragraphs"].append((article_id, number, start, end, paragraph.label, paragraph.score))
        rows["text_analysis"].append(("article", article_id, "", found.lang, round(found.confidence, 4),
                                      found.source, scores.overall.label, scores.overall.score, mode, run_id))
    return rows
