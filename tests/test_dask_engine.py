"""`analyze --engine dask` on a LocalCluster of 2 worker processes gives exactly the local engine's
results: every analysis table, topics and camps included."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.pipeline.analyze import analyze
from analytics.pipeline.ingest import ingest_paths
from analytics.pipeline.options import AnalysisOptions
from analytics.store import connect
from tests.conftest import SAMPLE, shared_dataset

pytest.importorskip("distributed")

COMPARED = {  # table -> columns left out (when and by which run, not what)
    "text_analysis": ["run_id"], "sentences": [], "tokens": [], "paragraphs": [], "targets": [],
    "reply_stance": [], "topics": ["fitted_at"], "topic_weights": [], "topic_drift": [],
    "topic_groups": [], "topic_members": [],
    "camps": ["fitted_at"], "commenter_camps": [], "comment_camps": [],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from tests import format_writers
    from tests.rumoureval import load_threads

    threads = load_threads(shared_dataset("rumoureval2017_threads_en"))[:40]
    path = tmp_path_factory.mktemp("dask-corpus") / "threads.csv"
    format_writers.export_csv(threads, path)
    return [SAMPLE, path]


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


def table(store, name: str) -> pd.DataFrame:
    connection = connect(store, read_only=True)
    frame = connection.execute(f"SELECT * FROM {name}").df().drop(columns=COMPARED[name])
    connection.close()
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_the_dask_engine_gives_the_local_engines_results(corpus, cluster, tmp_path, monkeypatch):
    from analytics.pipeline import topics

    monkeypatch.setattr(topics, "MAPPED_FROM", 0)  # the cluster fits and applies the topic models here too
    stores = {}
    for engine in ("local", "dask"):
        store = tmp_path / engine
        connection = connect(store)
        ingest_paths(connection, corpus)
        result = analyze(connection, AnalysisOptions(mode="fast", workers=1, engine=engine, scheduler=cluster))
        connection.close()
        assert result.comments > 600 and result.topics and result.camps
        stores[engine] = store
    for name in COMPARED:
        local, dask = table(stores["local"], name), table(stores["dask"], name)
        assert len(local) > 0, name
        pd.testing.assert_frame_equal(local, dask, check_exact=True, obj=name)
    assert not (stores["dask"] / "parts" / "run-1").exists()  # the partitions were loaded, then removed


def test_the_cli_runs_the_dask_engine_and_reports_a_bad_scheduler(corpus, cluster, tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["ingest", str(SAMPLE), "--store", store]) == 0
    assert main(["analyze", "--store", store, "--mode", "fast", "--engine", "dask", "--scheduler", cluster]) == 0
    assert "analysed 1 article(s) and 5 comment(s)" in capsys.readouterr().err
    assert main(["analyze", "--store", store, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach a Dask scheduler" in capsys.readouterr().err
