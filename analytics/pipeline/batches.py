"""How the pending comments become batches, and where each batch is computed: here or in worker
processes, results handed back in order (the Dask engine submits the same jobs to a cluster). A
worker that dies costs only the item that killed it: its job is computed again, then item by item."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter

from analytics.pipeline.batch_rows import (
    Computed,
    Job,
    RunContext,
    failure,
    job_tables,
    joined,
    resolve_languages,
    split_job,
)
from analytics.pipeline.processes import Processes


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


def comment_jobs(batches: Iterable[tuple[list[tuple], bool]], known: dict, corpus_lang: str) -> Iterator[tuple]:
    """("comment", batch, langs, known) jobs for job_tables. A batch of whole articles has its
    languages resolved by whoever computes it (from its articles' known languages: langs None); a
    chunk of a long article here, in thread order, so a reply whose parent is in an earlier chunk
    can still take its language."""
    grouped = languages_by_article(known)
    for batch, whole in batches:
        if whole:
            yield Job("comment", batch, None, known_for(batch, grouped))
        else:
            yield Job("comment", batch, resolve_languages(batch, known, corpus_lang), None)


def compute(jobs: Iterable[Job], context: RunContext, article_texts: dict[str, str], workers: int,
            processes: Processes | None = None) -> Iterator[tuple[Job, Computed]]:
    """(job, what it produced) in job order, computed here or by worker processes (those of
    `processes`, left running for the caller, else a pool of `workers` closed at the end). A job
    whose worker fails (dies, or raises outside job_tables's own care) is computed again: see Workers."""
    if workers <= 1:
        for job in jobs:
            yield job, job_tables(job, context, texts_of(job.batch, article_texts))
        return
    with Workers(workers, context, article_texts, processes) as pool:
        pending: deque = deque()
        try:
            for job in jobs:
                pending.append((job, pool.submit(job)))
                if len(pending) > 2 * workers:
                    yield pool.settle(*pending.popleft())
            while pending:
                yield pool.settle(*pending.popleft())
        except BaseException:
            for _, (_, future) in pending:
                future.cancel()
            raise


class Workers:
    """Worker processes computing jobs. A pool in which a worker died is replaced by a new one."""

    def __init__(self, workers: int, context: RunContext, article_texts: dict[str, str],
                 processes: Processes | None = None) -> None:
        self.context, self.article_texts = context, article_texts
        self.owned = processes is None
        self.processes = Processes(workers) if processes is None else processes

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self.owned:
            self.processes.close(wait=exc[0] is None)

    def submit(self, job: Job) -> tuple:
        """(pool, future) of a job sent to the workers."""
        pool = self.processes.get()
        return pool, pool.submit(job_tables, job, self.context, texts_of(job.batch, self.article_texts))

    def result(self, submitted: tuple) -> Computed:
        """A submitted job's result; when its pool broke (a worker died), that pool is let go."""
        from concurrent.futures.process import BrokenProcessPool

        pool, future = submitted
        try:
            return future.result()
        except BrokenProcessPool:
            self.processes.broken(pool)
            raise

    def settle(self, job: Job, submitted: tuple) -> tuple[Job, Computed]:
        """A job's result. When its worker failed, the job once more, whole (it may only have shared a
        pool with the job that broke it), then item by item: an item that fails again is a failure,
        and the others are kept."""
        try:
            return job, self.result(submitted)
        except Exception:
            pass
        try:
            return job, self.result(self.submit(job))
        except Exception as error:
            if len(job.batch) == 1:
                return job, Computed({}, [failure(job.kind, job.batch[0], error)])
        singles, failures = split_job(job, self.context.corpus_lang)
        parts = []
        for single in singles:
            try:
                parts.append(self.result(self.submit(single)))
            except Exception as error:
                failures.append(failure(single.kind, single.batch[0], error))
        return job, joined(parts, failures)


def texts_of(batch, article_texts: dict[str, str]) -> dict[str, str]:
    return {item[0]: article_texts.get(item[0]) or "" for item in batch}


