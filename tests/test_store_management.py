"""Managing a store: list it, remove articles or a source file's records, reset it, undo; every
table follows, the read-side tables stay current, and undo gives back exactly what was there."""
from __future__ import annotations

import json
import shutil

import pytest

from analytics.cli.main import main
from analytics.errors import UsageError
from analytics.pipeline.analyze import analyze
from analytics.pipeline.ingest import ingest_paths
from analytics.pipeline.options import AnalysisOptions
from analytics.store import close_store, connect, facts_current, open_reader
from analytics.store.removal import (
    remove_articles,
    remove_source,
    reset,
    undo,
    undo_available,
)
from tests.conftest import SAMPLE, open_app

FORUM = """comment_id,parent_id,article_id,author,text
1,,forum,alice,Les eurocrates de Bruxelles nous prennent pour des imbéciles.
2,1,forum,bob,Pas du tout d'accord avec toi.
3,2,forum,alice,Tu es bien naïf.
4,,forum,carol,Merci pour cet article très clair.
"""


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """A store with two sources (the sample and a small forum export), analysed in fast mode."""
    folder = tmp_path_factory.mktemp("managed")
    forum = folder / "forum.csv"
    forum.write_text(FORUM, encoding="utf-8")
    store = folder / "store"
    connection = connect(store)
    ingest_paths(connection, [SAMPLE, forum])
    analyze(connection, AnalysisOptions(mode="fast", workers=1))
    close_store(connection)
    return store, forum


@pytest.fixture
def store(analysed, tmp_path):
    """A fresh copy of the analysed store for each test."""
    copy = tmp_path / "store"
    shutil.copytree(analysed[0], copy)
    return copy


def everything(connection) -> dict[str, list[str]]:
    """Every row of every table, read-side tables included."""
    tables = [row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables() "
                                                   "WHERE NOT temporary ORDER BY table_name").fetchall()]
    return {table: sorted(map(repr, connection.execute(f"SELECT * FROM {table}").fetchall())) for table in tables}


def rows_of(connection, article_id: str) -> dict[str, int]:
    tables = [row[0] for row in connection.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE column_name = 'article_id' "
        "AND schema_name = 'main'").fetchall()]
    counts = {table: connection.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?",
                                        [article_id]).fetchone()[0] for table in tables}
    return {table: count for table, count in counts.items() if count}


def test_removing_an_article_takes_it_out_of_every_table_and_undo_gives_it_back(store):
    connection = connect(store)
    before = everything(connection)
    assert rows_of(connection, "forum").keys() >= {"articles", "comments", "text_analysis", "comment_facts"}
    removal = remove_articles(connection, ["forum"])
    assert (removal.articles, removal.comments) == (1, 4) and removal.stale_fits == ("camps",)  # too few for topics
    assert rows_of(connection, "forum") == {}
    assert facts_current(connection)
    assert connection.execute("SELECT count(*) FROM comments").fetchone()[0] == 5  # the sample's stay
    close_store(connection)
    reader = open_reader(store)  # readers see the removal
    assert reader.execute("SELECT count(*) FROM comment_facts WHERE article_id = 'forum'").fetchone()[0] == 0
    reader.close()
    assert undo_available(store)
    undo(connect(store))
    connection = connect(store)
    assert everything(connection) == before
    close_store(connection)
    assert not undo_available(store)


def test_removing_a_source_file_lets_it_be_ingested_again(store, analysed):
    forum = analysed[1]
    connection = connect(store)
    removal = remove_source(connection, str(forum))
    assert (removal.articles, removal.comments, removal.source_files) == (1, 4, 1)
    assert connection.execute("SELECT count(*) FROM ingests WHERE source_file = ?", [str(forum)]).fetchone()[0] == 0
    assert rows_of(connection, "forum") == {}
    [outcome] = ingest_paths(connection, [forum])
    assert outcome.comments_added == 4  # not skipped as already ingested
    close_store(connection)


def test_a_source_is_found_by_a_relative_path_too(store, analysed, monkeypatch):
    monkeypatch.chdir(analysed[1].parent)
    connection = connect(store)
    assert remove_source(connection, "forum.csv").comments == 4
    close_store(connection)


def test_reset_empties_the_store_but_keeps_its_alias_tables_and_undo_restores_it(store):
    connection = connect(store)
    before = everything(connection)
    removal = reset(connection)
    assert (removal.articles, removal.comments, removal.source_files) == (2, 9, 3)
    assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM comment_facts").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM meta").fetchone()[0] > 0
    undo(connection)
    connection = connect(store)
    assert everything(connection) == before
    close_store(connection)


def test_an_unknown_article_or_file_is_named_and_nothing_is_removed(store):
    connection = connect(store)
    before = everything(connection)
    with pytest.raises(UsageError, match="no article 'nope'"):
        remove_articles(connection, ["forum", "nope"])
    with pytest.raises(UsageError, match="no file 'missing.csv'"):
        remove_source(connection, "missing.csv")
    assert everything(connection) == before
    close_store(connection)


def test_the_store_command(store, capsys):
    assert main(["store", "list", "--json", "--store", str(store)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {row["article_id"] for row in listed} == {"forum", "ad21c1d1fd853"}
    assert main(["store", "list", "--files", "--json", "--store", str(store)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["store", "reset", "--store", str(store)]) == 2  # --yes is required
    assert "--yes" in capsys.readouterr().err
    assert main(["store", "remove", "--store", str(store)]) == 2
    assert main(["store", "remove", "--article", "forum", "--store", str(store)]) == 0
    assert "store undo" in capsys.readouterr().err
    assert main(["store", "undo", "--store", str(store)]) == 0
    assert main(["store", "undo", "--store", str(store)]) == 2  # nothing left to undo
    assert "nothing to undo" in capsys.readouterr().err


def test_the_corpus_page_removes_an_article_and_undoes_it(store, restore_store_env):
    app = open_app(store, page="corpus")
    app.multiselect(key="store_articles").set_value(["forum"]).run()
    app.button(key="store_remove_articles").click().run()
    assert not app.exception
    assert any("Removed 1 article(s) and 4 comment(s)" in message.value for message in app.success)
    assert [metric.value for metric in app.metric][:2] == ["1", "5"]
    app.button(key="store_undo").click().run()
    assert any("Restored the store" in message.value for message in app.success)
    assert [metric.value for metric in app.metric][:2] == ["2", "9"]


def test_emptying_the_store_from_the_page_needs_its_checkbox(store, restore_store_env):
    app = open_app(store, page="corpus")
    assert app.button(key="store_reset").disabled
    app.checkbox(key="store_reset_sure").check().run()
    app.button(key="store_reset").click().run()
    assert [metric.value for metric in app.metric][:2] == ["0", "0"]
