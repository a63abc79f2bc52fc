"""Readers never wait for writers: the dashboard reads a snapshot of the store.

DuckDB lets one process write a database file, or several read it, never both. So a writing
command ends by publishing a snapshot (`close_store`): a checkpoint, a copy of the database file
beside it, renamed over the previous snapshot in one step. Readers (`open_snapshot`) open the
snapshot read-only: a writer never touches the file a reader has open, and a reader never holds
the lock a writer needs. What a reader sees is the store as of the last finished write command.
Writers that find the store busy wait for it (`wait_for_lock`) instead of failing at once.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from analytics.errors import StoreError


class StoreBusy(StoreError):
    """Another process holds the store's write lock for longer than we would wait."""


SNAPSHOT_NAME = "palabre.snapshot.duckdb"
LOCK_WAIT_ENV = "PALABRE_LOCK_WAIT"  # seconds a writer waits for another writer (default 300)
DEFAULT_LOCK_WAIT = 300.0
T = TypeVar("T")


def snapshot_path(directory: Path) -> Path:
    return directory / SNAPSHOT_NAME


def is_lock_error(error: BaseException) -> bool:
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def lock_holder(error: BaseException) -> str:
    """'PID 123' from DuckDB's lock message, or 'another process'."""
    found = re.search(r"PID (\d+)", str(error))
    return f"PID {found.group(1)}" if found else "another process"


def wait_for_lock(path: Path, open_once: Callable[[], T], wait: float | None = None) -> T:
    """open_once(), retried while another process holds the database's lock, for at most `wait`
    seconds ($PALABRE_LOCK_WAIT, default 300); then a StoreError naming the holder."""
    if wait is None:
        try:
            wait = float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT))
        except ValueError:
            wait = DEFAULT_LOCK_WAIT
    deadline, pause, said = time.monotonic() + wait, 0.05, False
    while True:
        try:
            return open_once()
        except duckdb.Error as error:
            if not is_lock_error(error):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{path}: the store is being written by {lock_holder(error)}; waited {wait:g} s "
                                 f"(set {LOCK_WAIT_ENV} to wait longer, or run again when it has finished)") from None
            if not said and wait >= 2:
                print(f"waiting for {path}: {lock_holder(error)} is writing it…", file=sys.stderr)
                said = True
            time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
            pause = min(pause * 2, 1.0)


def publish_snapshot(connection: duckdb.DuckDBPyConnection, directory: Path, database: Path) -> Path:
    """Checkpoint the writer's database and copy it to the snapshot, atomically (the copy is
    written beside it, then renamed over it). Call it holding the write connection."""
    connection.execute("CHECKPOINT")
    target = snapshot_path(directory)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(database, partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{target}: could not publish the snapshot readers use ({error})") from None
    return target


def close_store(connection: duckdb.DuckDBPyConnection) -> None:
    """Publish the snapshot of a writing connection, then close it (a read-only one is just closed).
    The snapshot's time is set after the close, so that it is newer than the database it copies."""
    published = None
    try:
        database, read_only = connection.execute("SELECT path, readonly FROM duckdb_databases() "
                                                  "WHERE database_name = current_database()").fetchone()
        if not read_only and Path(database).name != SNAPSHOT_NAME:
            published = publish_snapshot(connection, Path(database).parent, Path(database))
    finally:
        connection.close()
    if published is not None:
        os.utime(published)


def snapshot_current(directory: Path, database: Path) -> bool:
    """Whether the snapshot holds everything the database holds: published after its last change,
    with no write-ahead log pending (a writer that closed without publishing leaves it stale)."""
    snapshot = snapshot_path(directory)
    try:
        return (snapshot.stat().st_mtime_ns >= database.stat().st_mtime_ns
                and not database.with_name(database.name + ".wal").exists())
    except OSError:
        return False


_READERS: dict[Path, tuple[tuple[int, int], duckdb.DuckDBPyConnection]] = {}
_READERS_LOCK = threading.Lock()


def snapshot_cursor(directory: Path, database: Path, open_file: Callable[[Path], duckdb.DuckDBPyConnection],
                    being_written: Callable[[], bool] = lambda: False) -> duckdb.DuckDBPyConnection | None:
    """A cursor on a connection to the current snapshot that this process keeps open, or None
    when the snapshot is missing, or stale while nobody writes (the caller opens the store as
    usual then). A snapshot is stale while a writer works (its database is newer): if
    being_written() says so, the kept connection serves, as open_reader would open the snapshot
    then, without opening it again for every read of a long `analyze`.

    Opening a DuckDB file costs tens of milliseconds and a page makes a dozen reads: a dashboard
    process keeps one read-only connection per snapshot file and gives each read its own cursor
    (a connection's cursors may be used from several threads). A writer publishes a new snapshot
    by renaming a new file over it and never writes the old one, so the kept connection reads a
    consistent store until the next read sees a new file and opens that. DuckDB hands out the
    database already open at a path, so each snapshot file is opened through a name of its own (a
    hard link, removed once open); where no link can be made, None."""
    snapshot = snapshot_path(directory)
    try:
        found = snapshot.stat()
    except OSError:
        return None
    if not snapshot_current(directory, database) and not being_written():
        return None
    identity = (found.st_ino, found.st_mtime_ns)
    with _READERS_LOCK:
        kept = _READERS.get(directory)
        if kept is None or kept[0] != identity:
            # the old connection is not closed: another thread may be reading through it; it
            # goes when nothing refers to it any more
            alias = directory / f".palabre.reader.{os.getpid()}.{identity[0]}.{identity[1]}.duckdb"
            try:
                alias.unlink(missing_ok=True)
                os.link(snapshot, alias)
            except OSError:
                return None
            try:
                kept = (identity, open_file(alias))
            finally:
                alias.unlink(missing_ok=True)
            _READERS[directory] = kept
        return kept[1].cursor()
