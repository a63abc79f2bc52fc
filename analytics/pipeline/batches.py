"""How the pending comments become batches, and where each batch is computed: here or in worker
processes, results handed back in order (the Dask engine submits the same jobs to a cluster)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter

from analytics.pipeline.batch_rows import Job, RunContext, job_tables, resolve_languages


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


def compute(jobs: Iterable[Job], context: RunContext, article_texts: dict[str, str], workers: int
            ) -> Iterator[tuple[Job, dict]]:
    """(job, Arrow tables) in job order, computed here or by worker processes."""
    if workers <= 1:
        for job in jobs:
            yield job, job_tables(job, context, texts_of(job.batch, article_texts))
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending = []
        try:
            for job in jobs:
                pending.append((job, pool.submit(job_tables, job, context, texts_of(job.batch, article_texts))))
                if len(pending) > 2 * workers:
                    job, future = pending.pop(0)
                    yield job, future.result()
            for job, future in pending:
                yield job, future.result()
        except BaseException:
            for _, future in pending:
                future.cancel()
            raise


def texts_of(batch, article_texts: dict[str, str]) -> dict[str, str]:
    return {item[0]: article_texts.get(item[0]) or "" for item in batch}


