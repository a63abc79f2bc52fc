"""What makes `analyze` start quickly keeps working: the fork server's warm-up analyses its texts
without a failure, workers start from it, and a small corpus is analysed in this process alone."""
from __future__ import annotations

import multiprocessing

from analytics.pipeline import analyze as analyze_module
from analytics.pipeline.batches import _worker_start


def test_the_warm_up_analyses_its_texts_without_a_failure():
    from analytics.pipeline import warm

    assert warm.warm() is True


def test_workers_start_from_a_fork_server_that_loaded_everything():
    context = _worker_start()
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert context.get_start_method() == "forkserver"
        from multiprocessing import forkserver

        assert "analytics.pipeline.warm" in forkserver._forkserver._preload_modules
    else:
        assert context.get_start_method() == "spawn"


def test_a_small_corpus_is_analysed_without_worker_processes(connection, monkeypatch):
    """Below SMALL_CORPUS pending items the default is this process alone (no pool is made)."""
    from analytics.pipeline import batches
    from analytics.pipeline.ingest import ingest_paths
    from analytics.pipeline.options import AnalysisOptions
    from tests.conftest import SAMPLE

    ingest_paths(connection, [SAMPLE])

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for six items")
    monkeypatch.setattr(batches.Workers, "submit", no_pool)
    assert analyze_module.SMALL_CORPUS > 6
    assert analyze_module.analyze(connection, AnalysisOptions(mode="fast")).comments == 5
