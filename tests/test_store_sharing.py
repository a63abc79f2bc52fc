"""Readers and writers share the store: readers read the published snapshot and never wait for a
writer nor block one; a writer waits for another writer, then names it."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from analytics.store import SNAPSHOT_NAME, close_store, connect, open_reader
from analytics.store.snapshot import snapshot_current
from tests.conftest import ROOT, SAMPLE


def cli(*argv: str, wait: str = "30") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *argv], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PALABRE_LOCK_WAIT": wait}, timeout=600)


def hold_write_lock(store, seconds: float) -> subprocess.Popen:
    """Another process holding the store's write lock for a while (as a long `analyze` does)."""
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"c = duckdb.connect({str(store / 'palabre.duckdb')!r})\n"
                               f"print('held', flush=True)\ntime.sleep({seconds})\n"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def comment_count(connection) -> int:
    try:
        return connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    finally:
        connection.close()


def test_a_write_command_publishes_a_snapshot_that_readers_open_while_a_writer_holds_the_store(tmp_path):
    store = tmp_path / "store"
    assert cli("ingest", "--store", str(store), str(SAMPLE)).returncode == 0
    assert (store / SNAPSHOT_NAME).exists() and snapshot_current(store, store / "palabre.duckdb")
    holder = hold_write_lock(store, 3)
    try:
        started = time.monotonic()
        assert comment_count(open_reader(store)) == 5
        assert time.monotonic() - started < 2.5  # did not wait for the writer
        summary = cli("summary", "--store", str(store), "--json", wait="0")
        assert summary.returncode == 0 and '"comments": 5' in summary.stdout
    finally:
        holder.wait()


def test_a_writer_waits_for_another_writer_then_goes_on(tmp_path):
    store = tmp_path / "store"
    assert cli("ingest", "--store", str(store), str(SAMPLE)).returncode == 0
    holder = hold_write_lock(store, 10)  # longer than the CLI takes to start, even on a busy machine
    try:
        result = cli("ingest", "--store", str(store), str(SAMPLE), wait="60")
    finally:
        holder.wait()
    assert result.returncode == 0, result.stderr
    assert "is writing it" in result.stderr and "already ingested" in result.stderr


def test_a_writer_that_cannot_wait_names_the_process_holding_the_store(tmp_path):
    store = tmp_path / "store"
    assert cli("ingest", "--store", str(store), str(SAMPLE)).returncode == 0
    holder = hold_write_lock(store, 15)  # longer than analyze takes to reach the store on a busy machine
    try:
        result = cli("analyze", "--store", str(store), "--mode", "fast", wait="0")
    finally:
        holder.wait()
    assert result.returncode == 2
    assert f"PID {holder.pid}" in result.stderr and "PALABRE_LOCK_WAIT" in result.stderr


def test_a_stale_snapshot_is_never_read_when_the_database_is_free(tmp_path):
    """A writer that closed without publishing (an older Palabre, a crash before the copy) leaves
    the snapshot behind the database: readers then read the database itself."""
    store = tmp_path / "store"
    connection = connect(store)
    connection.execute("CREATE TABLE extra (x INTEGER)")
    close_store(connection)
    connection = connect(store)
    connection.execute("INSERT INTO extra VALUES (1), (2)")
    connection.close()  # no snapshot published
    time.sleep(0.01)
    reader = open_reader(store)
    try:
        assert reader.execute("SELECT count(*) FROM extra").fetchone()[0] == 2
    finally:
        reader.close()


def test_a_reader_of_a_store_without_snapshot_waits_for_the_writer(tmp_path):
    store = tmp_path / "store"
    connection = connect(store)
    connection.close()  # an older store: no snapshot
    holder = hold_write_lock(store, 1)
    try:
        reader = open_reader(store)
        reader.close()
    finally:
        holder.wait()
    assert not (store / SNAPSHOT_NAME).exists()


def test_the_dashboard_reads_through_one_kept_connection_and_sees_each_new_snapshot(tmp_path):
    from analytics.dashboard import data
    from analytics.store import snapshot

    store = tmp_path / "store"
    assert cli("ingest", "--store", str(store), str(SAMPLE)).returncode == 0
    count = lambda connection: connection.execute("SELECT count(*) FROM comments").fetchone()[0]  # noqa: E731
    assert data._read(str(store), count) == 5
    kept = snapshot._READERS[store][1]
    assert data._read(str(store), count) == 5 and snapshot._READERS[store][1] is kept  # no new open
    extra = tmp_path / "more.csv"
    extra.write_text("comment_id,parent_id,article_id,text\n1,,more,Un commentaire.\n", encoding="utf-8")
    assert cli("ingest", "--store", str(store), str(extra)).returncode == 0
    assert data._read(str(store), count) == 6 and snapshot._READERS[store][1] is not kept
    assert not list(store.glob(".palabre.reader.*"))  # the names opened through are removed


def test_while_a_writer_works_the_dashboard_reads_the_last_snapshot_through_its_kept_connection(tmp_path, monkeypatch):
    """A long `analyze` makes the snapshot stale (the database is newer) for minutes: reads then go
    on through the kept connection to the last snapshot instead of opening it once per read; once
    the writer is gone without publishing (a crash), reads see the database itself."""
    from analytics.dashboard import data
    from analytics.store import snapshot

    store = tmp_path / "store"
    assert cli("ingest", "--store", str(store), str(SAMPLE)).returncode == 0
    count = lambda connection: connection.execute("SELECT count(*) FROM comments").fetchone()[0]  # noqa: E731
    assert data._read(str(store), count) == 5
    kept = snapshot._READERS[store][1]
    opened = []
    monkeypatch.setattr(data, "open_reader", lambda directory: opened.append(directory) or open_reader(directory))
    writer = subprocess.Popen([sys.executable, "-c", "import duckdb, time\n"
                               f"c = duckdb.connect({str(store / 'palabre.duckdb')!r})\n"
                               "c.execute(\"INSERT INTO comments (article_id, comment_id, text) "
                               "SELECT any_value(article_id), 'new', 'Nouveau.' FROM comments\")\n"
                               "print('written', flush=True)\ntime.sleep(4)\n"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "written"
        assert not snapshot_current(store, store / "palabre.duckdb")
        assert data._read(str(store), count) == 5 and snapshot._READERS[store][1] is kept
        assert opened == []  # no connection opened for the read
    finally:
        writer.wait()
    assert data._read(str(store), count) == 6  # the writer left without publishing: the database itself
    assert opened == [str(store)]
