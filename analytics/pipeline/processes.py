"""The analysis's worker processes, started on first use and kept for the whole run: the batches
use them (batches.Workers), then the corpus-wide fits (`map`: topics fitted one language per
process instead of one after the other here; `submit`: the stance camps clustered while topics fit;
measured in docs/benchmarks.md)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Any


class Processes:
    """A process pool of `size` workers forked from the warm fork server (worker_start)."""

    def __init__(self, size: int = 1) -> None:
        self.size = size
        self.executor = None

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self):
        """The running pool, started now if there is none."""
        if self.executor is None:
            from concurrent.futures import ProcessPoolExecutor

            self.executor = ProcessPoolExecutor(max_workers=self.size, mp_context=worker_start())
        return self.executor

    @property
    def started(self) -> bool:
        return self.executor is not None

    def broken(self, executor) -> None:
        """Let a pool in which a worker died go (the next `get` starts another)."""
        if executor is not None and executor is self.executor:
            executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None

    def map(self, function: Callable[[Any], Any], items: Sequence) -> list:
        """[function(item) for item in items], computed by the workers (each on one thread of its
        numeric libraries: two processes on two cores, not four threads), in order; here, in
        order, if a worker dies."""
        from concurrent.futures.process import BrokenProcessPool

        executor = self.get()
        try:
            return list(executor.map(one_thread, repeat(function), items))
        except BrokenProcessPool:
            self.broken(executor)
            return [function(item) for item in items]

    def submit(self, function: Callable[[Any], Any], item: Any):
        """A future of function(item) computed by a worker on one thread (`map`'s terms), to collect later."""
        return self.get().submit(one_thread, function, item)

    def close(self, wait: bool = True) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=wait, cancel_futures=True)
            self.executor = None


def worker_start():
    """How workers start: forked from a fork server that loaded everything first (pipeline/warm.py),
    where the platform has one; else spawned, each loading what it needs (never forked from this
    process, whose store connection runs threads)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["analytics.pipeline.warm"])
    return context


def one_thread(function: Callable[[Any], Any], item: Any) -> Any:
    """function(item) with BLAS and OpenMP limited to one thread."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return function(item)
