"""`analyze --engine dask`: comments analysed partition by partition on a Dask distributed cluster.

- A partition is a run of whole articles, cut like the local engine's batches
  (`batches.comment_batches`): a reply's parent is always in its partition, so each worker
  resolves languages in thread order exactly as the local engine does; an article longer than a
  partition is cut into chunks whose languages the main process resolves.
- Each task computes the same rows as the local engine (`batch_rows.job_tables`) and writes them
  as Parquet, one file per table, under PARTS/run-N/TABLE/part-K.parquet.
- The main process loads each finished partition into the store with DuckDB's read_parquet, in
  one transaction per partition: an interrupted run keeps whole partitions and nothing
  half-written. An item whose analysis raises is left out of its partition and reported; a
  partition whose task fails has its comments sent again one by one, so only the bad one is lost.
- Corpus-wide models run after: topics are fitted on a sample (topics.FIT_SAMPLE) and applied
  to every partition of documents on the cluster; stance camps are clustered on the commenters'
  profiles (camps.FIT_SAMPLE) and every commenter is assigned.

The workers need Palabre installed (the same version) and PARTS must be a folder every worker and
the main process can reach (on one machine: the default, inside the store; on a cluster: a
shared filesystem path).
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from analytics import store
from analytics.errors import UsageError
from analytics.pipeline.batch_rows import Job, RunContext

PARTITION_COMMENTS = 2048  # comments per partition (whole articles; a longer one is cut in chunks)
IN_FLIGHT_PER_WORKER = 3


@contextmanager
def client_for(scheduler: str | None, workers: int | None = None):
    """A Dask client: for a scheduler address, or 'local' (default) for a LocalCluster of `workers`
    single-threaded worker processes (default: one per core)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--engine dask: expected the package dask[distributed]; it is not installed "
                         "(pip install -r requirements.txt)") from None
    if scheduler in (None, "", "local"):
        import os

        with LocalCluster(n_workers=workers or max(1, os.cpu_count() or 1), threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="20s")
    except OSError as error:
        raise UsageError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({error})") from None
    with client:
        yield client


def analyse_partition(number: int, job: Job, context: RunContext, article_texts: dict[str, str],
                      folder: str) -> dict:
    """Runs on a worker: one partition's rows, written as Parquet; returns {table: file}, counts and
    the items that could not be analysed."""
    import pyarrow.parquet as pq

    from analytics.pipeline.batch_rows import job_tables

    tables, failures = job_tables(job, context, article_texts)
    files = {}
    for table, frame in tables.items():
        path = Path(folder) / table / f"part-{number:06d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        pq.write_table(frame, partial)
        partial.replace(path)
        files[table] = str(path)
    return {"number": number, "comments": len(job.batch), "files": files, "failures": failures}


def run_comments(connection, jobs: Iterator[Job], context: RunContext, article_texts: dict[str, str], client,
                 parts: Path, on_partition: Callable[[int, list], None]) -> None:
    """Analyse the comment jobs (batches.comment_jobs) on the cluster and load every partition into
    the store. At most IN_FLIGHT_PER_WORKER partitions per worker are out at a time, so the
    comments are read from the store as the cluster goes, not all at once."""
    from distributed import as_completed

    from analytics.pipeline.batches import texts_of

    run_id = context.run_id
    folder = parts / f"run-{run_id}"
    numbered = enumerate(jobs)
    finished = as_completed()
    out = set()
    jobs_of: dict[str, tuple[int, Job]] = {}

    def submit_next() -> None:
        number, job = next(numbered, (None, None))
        if job is None:
            return
        future = client.submit(analyse_partition, number, job, context, texts_of(job.batch, article_texts),
                               str(folder),
                               key=f"palabre-run{run_id}-part{number}", pure=False)
        out.add(future)
        jobs_of[future.key] = (number, job)  # to try its comments one by one if the task fails
        finished.add(future)

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    for _ in range(IN_FLIGHT_PER_WORKER * workers):
        submit_next()
    try:
        for future in finished:
            out.discard(future)
            done = _settled(client, future, jobs_of.pop(future.key), context, article_texts, str(folder))
            store.load_analysis_parquet(connection, done["files"])
            on_partition(done["comments"], done["failures"])
            submit_next()
    except BaseException:
        client.cancel(list(out))
        raise
    shutil.rmtree(folder, ignore_errors=True)


def _settled(client, future, submitted: tuple[int, Job], context: RunContext, article_texts: dict[str, str],
             folder: str) -> dict:
    """A partition's result; when its task failed (after Dask's own retries of a dead worker), its
    comments one by one, each a task of its own: one that fails again is a failure, the others kept."""
    from analytics.pipeline.batch_rows import failure, split_job
    from analytics.pipeline.batches import texts_of

    number, job = submitted
    try:
        return future.result()
    except Exception:
        pass  # whatever the task raised, its comments are tried one by one
    singles, failures = split_job(job, context.corpus_lang)
    files: dict[str, list[str]] = {}
    for part, single in enumerate(singles):
        try:
            done = client.submit(analyse_partition, number * 1_000_000 + part, single, context,
                                 texts_of(single.batch, article_texts), folder, pure=False).result()
        except Exception as error:
            failures.append(failure(single.kind, single.batch[0], error))
            continue
        failures += done["failures"]
        for table, path in done["files"].items():
            files.setdefault(table, []).append(path)
    return {"number": number, "comments": len(job.batch), "files": files, "failures": failures}


def mapper(client) -> Callable:
    """map(function, chunks) on the cluster, results in order (the model is sent once)."""
    def run(function, chunks: list) -> list:
        shipped = client.scatter(function, broadcast=True)
        futures = [client.submit(_apply, shipped, chunk, pure=False) for chunk in chunks]
        return client.gather(futures)
    return run


def _apply(function, chunk):
    return function(chunk)
