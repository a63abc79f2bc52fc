"""Analysis runs: their record (with the process writing them), how they end, the items they could
not analyse (in the validation report), and the runs whose process died.

A run is recorded `running` with its writer's pid and host, and marked `finished` or `interrupted`
when it ends. A process killed outright (kill -9, a power cut) cannot mark its run, so whoever
opens the store for writing, and every new run, marks `interrupted` each `running` run whose
process is gone: on this host, no process has its pid, or the one that has it started after the
run did (the pid was reused). A run from another host is left as it is (its process cannot be
seen from here), and so is a run whose process is alive. A run recorded before schema 5 has no pid:
its process wrote the store with a Palabre that did not record one, and since a store has one
writer at a time and ours is newer, it is gone.
"""
from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from datetime import UTC, datetime

import duckdb

from analytics import __version__
from analytics.store.transaction import transaction

ANALYSIS_FAILED = "analysis_failed"  # the validation report's kind for an item analyze had to skip
REASON_CHARS = 500
# where a skipped item is in the validation report: its ids, as text_analysis names them
LOCATION = """CASE WHEN {kind} = 'article' THEN 'article ' || {article}
                   ELSE 'comment ' || {comment} || ' of article ' || {article} END"""


def start_run(connection: duckdb.DuckDBPyConnection, mode: str, options: dict, libraries: dict) -> int:
    """Record the start of an analysis run (its parameters, library versions, and the pid and host
    of the process writing it), after marking the runs whose process died; returns its id."""
    mark_dead_runs(connection)
    run_id = connection.execute("SELECT coalesce(max(run_id), 0) + 1 FROM analysis_runs").fetchone()[0]
    connection.execute("""INSERT INTO analysis_runs (run_id, started_at, finished_at, mode, options, palabre_version,
                                                     libraries, items, status, pid, host)
                          VALUES (?, ?, NULL, ?, ?, ?, ?, 0, 'running', ?, ?)""",
                       [run_id, datetime.now(UTC).replace(tzinfo=None), mode, json.dumps(options, sort_keys=True),
                        __version__, json.dumps(libraries, sort_keys=True), os.getpid(), socket.gethostname()])
    return run_id


def finish_run(connection: duckdb.DuckDBPyConnection, run_id: int, items: int, status: str) -> None:
    """Record how a run ended: finished, interrupted or failed, with the items it stored. A finished
    run also clears the report of the skipped items that are analysed now."""
    with transaction(connection):
        connection.execute("UPDATE analysis_runs SET finished_at = ?, items = ?, status = ? WHERE run_id = ?",
                           [datetime.now(UTC).replace(tzinfo=None), items, status, run_id])
        if status == "finished" and connection.execute("SELECT count(*) FROM validation WHERE kind = ?",
                                                       [ANALYSIS_FAILED]).fetchone()[0]:
            location = LOCATION.format(kind="item_kind", article="article_id", comment="comment_id")
            connection.execute(f"""DELETE FROM validation WHERE kind = ? AND location IN
                                   (SELECT {location} FROM text_analysis)""", [ANALYSIS_FAILED])


def record_failures(connection: duckdb.DuckDBPyConnection, run_id: int, failures: Iterable[tuple]) -> None:
    """Put the items a run could not analyse ((kind, article_id, comment_id, reason) each) in the
    validation report, under the ingest that brought their source file, replacing what an earlier
    run said about them."""
    import pandas as pd

    frame = pd.DataFrame(list(failures), columns=["item_kind", "article_id", "comment_id", "reason"])
    if frame.empty:
        return
    frame["reason"] = frame["reason"].str.slice(0, REASON_CHARS)
    location = LOCATION.format(kind="f.item_kind", article="f.article_id", comment="f.comment_id")
    with transaction(connection):
        connection.register("failed_items", frame)
        connection.execute(f"DELETE FROM validation WHERE kind = ? AND location IN (SELECT {location} "
                           "FROM failed_items f)", [ANALYSIS_FAILED])
        connection.execute(f"""
            INSERT INTO validation (ingest_id, source_file, location, severity, kind, message, action)
            SELECT coalesce((SELECT max(i.ingest_id) FROM ingests i WHERE i.source_file = s.source_file),
                            (SELECT max(ingest_id) FROM ingests)),
                   s.source_file, s.location, 'error', ?, 'analysis failed: ' || s.reason,
                   'left unanalysed by analysis run ' || ? || '; the next analyze tries it again'
            FROM (SELECT {location} AS location, f.reason, coalesce(c.source_file, a.first_source) AS source_file
                  FROM failed_items f
                  LEFT JOIN comments c ON f.item_kind = 'comment' AND c.article_id = f.article_id
                       AND c.comment_id = f.comment_id
                  LEFT JOIN articles a ON f.item_kind = 'article' AND a.article_id = f.article_id) s""",
                           [ANALYSIS_FAILED, run_id])
        connection.unregister("failed_items")


def dead_runs(connection: duckdb.DuckDBPyConnection) -> list[int]:
    """The ids of the runs recorded `running` whose process is gone (a read: any connection)."""
    running = connection.execute("SELECT run_id, pid, host, started_at FROM analysis_runs "
                                 "WHERE status = 'running'").fetchall()
    return [run_id for run_id, pid, host, started_at in running if not writer_alive(pid, host, started_at)]


def mark_dead_runs(connection: duckdb.DuckDBPyConnection) -> list[int]:
    """Mark `interrupted` every `running` run whose process is gone; returns their ids."""
    dead = dead_runs(connection)
    if dead:
        connection.execute("UPDATE analysis_runs SET status = 'interrupted' WHERE list_contains(?, run_id)", [dead])
    return dead


def writer_alive(pid: int | None, host: str | None, started_at: datetime | None) -> bool:
    """Whether the process that recorded a run may still be running it: unknown on another host
    (True); on this one, a process has the pid and did not start after the run (UTC)."""
    if pid is None:
        return False
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    except OSError:
        return True  # cannot tell
    began = process_start(pid)
    return began is None or started_at is None or began <= started_at.replace(tzinfo=UTC).timestamp() + 1


def process_start(pid: int) -> float | None:
    """When a process started (seconds since the epoch), from /proc; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/stat", encoding="ascii") as system:
            boot = next(float(line.split()[1]) for line in system if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
