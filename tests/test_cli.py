"""The command line: ingest, summary --json, export, and their errors."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics.cli.main import main
from tests.conftest import SAMPLE, SAMPLE_PAGE


def test_ingest_then_summary_json(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["ingest", str(SAMPLE), "--store", store]) == 0
    capsys.readouterr()
    assert main(["summary", "--store", store, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {key: result[key] for key in ("articles", "comments", "max_depth", "depth_histogram")} == {
        "articles": 1, "comments": 5, "max_depth": 1, "depth_histogram": {"0": 2, "1": 3}}
    [article] = result["per_article"]
    assert article["published"] == "2025-10-17" and article["comments"] == 5 and article["title"].startswith("Poutine")


def test_store_can_come_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PALABRE_STORE", str(tmp_path / "env-store"))
    assert main(["ingest", str(SAMPLE_PAGE)]) == 0
    assert (tmp_path / "env-store" / "palabre.duckdb").exists()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_export_comments_in_every_format(tmp_path, suffix):
    store = str(tmp_path / "s")
    main(["ingest", str(SAMPLE), "--store", store])
    out = tmp_path / f"comments{suffix}"
    assert main(["export", "--store", store, "--table", "comments", "--out", str(out)]) == 0
    frame = {".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True), ".parquet": pd.read_parquet}[suffix](out)
    assert list(frame.columns[:7]) == ["comment_id", "article_id", "parent_id", "depth", "author", "posted_at", "text"]
    assert frame["depth"].tolist() == [0, 1, 1, 1, 0]
    assert frame["text"].iloc[1].startswith("C’est vrai que Bojo")


def test_export_articles_carries_the_merged_article(tmp_path):
    store = str(tmp_path / "s")
    main(["ingest", str(SAMPLE), "--store", store])
    out = tmp_path / "articles.csv"
    main(["export", "--store", store, "--table", "articles", "--out", str(out)])
    frame = pd.read_csv(out)
    assert len(frame) == 1 and frame["comments"].iat[0] == 5 and frame["published_at"].iat[0].startswith("2025-10-17")


def test_a_failed_file_is_named_and_the_exit_code_is_1(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    assert main(["ingest", str(bad), str(SAMPLE_PAGE), "--store", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert f"FAILED {bad}" in err and "expected valid JSON" in err and "nothing stored" in err
    assert f"ingested {SAMPLE_PAGE}" in err


def test_reading_a_store_that_does_not_exist_says_so(tmp_path, capsys):
    assert main(["summary", "--store", str(tmp_path / "none")]) == 2
    assert "run `python -m analytics ingest` first" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["ingest", "x.csv", "--map", "nocolumn"], "expected COLUMN=FIELD"),
    (["export", "--table", "comments", "--out", "x.xlsx"], "expected a file ending in"),
])
def test_bad_options_are_explained(tmp_path, capsys, argv, message):
    main(["ingest", str(SAMPLE_PAGE), "--store", str(tmp_path / "s")])
    capsys.readouterr()
    (tmp_path / "x.csv").write_text("text\nhi\n", encoding="utf-8")
    argv = [str(tmp_path / a) if a == "x.csv" else a for a in argv]
    argv = [str(tmp_path / a) if a == "x.xlsx" else a for a in argv]
    assert main(argv + ["--store", str(tmp_path / "s")]) == 2
    assert message in capsys.readouterr().err


def test_evaluate_targets_runs_the_mode_asked_for(monkeypatch, capsys):
    """`evaluate targets --mode accurate` ran fast mode without a word until 2026-12-07."""
    import analytics.evaluation.targets as targets_evaluation

    asked = []
    monkeypatch.setattr(targets_evaluation, "run", lambda data_dir=None, mode="fast": asked.append(mode) or {})
    monkeypatch.setattr(targets_evaluation, "as_markdown", lambda results: "table")
    assert main(["evaluate", "targets", "--mode", "accurate"]) == 0
    assert asked == ["accurate"] and "table" in capsys.readouterr().out


def test_train_discourse_refits_only_the_discourse_weights(monkeypatch, tmp_path, capsys):
    """`train discourse` hands the datasets' folder to train_discourse alone (the sentence models are
    left as shipped); the whole fit takes minutes, so it is replaced here."""
    from analytics.enrich.sentiment import discourse_training, training

    called = {}
    monkeypatch.setattr(discourse_training, "train_discourse",
                        lambda data_dir, progress: called.setdefault("data", data_dir) and tmp_path / "w.json")
    monkeypatch.setattr(training, "train", lambda *args, **kwargs: pytest.fail("sentence models retrained"))
    assert main(["train", "discourse", "--data", str(tmp_path)]) == 0
    assert called["data"] == tmp_path and "wrote the discourse weights" in capsys.readouterr().err
