"""Dashboard sessions while the CLI writes: page-run times (p50, p95 per page) and errors on both
sides, for 1, 5 and 20 concurrent sessions, loopback only.

Two harnesses:
- `server` (default), as the dashboard is deployed: one `streamlit run` process, and every
  session a websocket to it speaking Streamlit's protocol (streamlit_session.py), as a browser tab
  does minus the drawing. Sessions share the server's caches, as real ones do.
- `apptest`: every session its own process running the pages with Streamlit's AppTest (no port),
  each with its own caches; its runs share their compiled scripts as a server's do
  (one_script_cache). It is the harness of the first figures.

A session opens the dashboard once, untimed (a server's first run, or AppTest's scan of the
installed packages for components, is paid once per server or process), then switches to every
page in turn, round after round, each switch timed from the request to the run's end (its last
element sent). Meanwhile a writer process ingests a new file and runs `analyze --mode fast`, again
and again, for as long as the sessions run. Errors counted: any exception or error element on a
page, any writer exit other than 0, and how many of them were DuckDB lock errors.

Baseline (measured in the same run and harness, at the largest session count): the first
design, where every reader opens the database itself read-only, writers fail at once on a lock
(PALABRE_LOCK_WAIT=0), and there is no snapshot (naive_store_app.py on a server).

The store is the bundled demo corpus (data/sample) plus the shared Reddit/TikTok validation
threads when ../shared/data is present (so pages have targets, topics and camps to draw).

Usage: python benchmarks/dashboard_load.py [--harness server|apptest] [--sessions 1 5 20] [--rounds 2]
                                           [--data ../shared/data]
       (prints one JSON object; results/dashboard_load.json keeps the last run,
       results/dashboard_load_apptest.json the last run of the apptest harness)
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
PAGES = ("overview", "threads", "targets", "topics", "stance", "comments", "corpus")


def session(store: str, rounds: int, naive: bool, queue) -> None:
    """One dashboard session: every page, `rounds` times; (page, seconds, error) to the queue."""
    os.environ["PALABRE_STORE"] = store
    if naive:
        os.environ["PALABRE_LOCK_WAIT"] = "0"
    from streamlit.testing.v1 import AppTest

    one_script_cache()
    if naive:
        from analytics.dashboard import data
        from analytics.store import connect
        data.snapshot_cursor = lambda *args: None
        data.open_reader = lambda directory: connect(directory, read_only=True, wait=0)

    def opened() -> AppTest:
        """A session's app, run once untimed: AppTest scans the installed packages for components
        on its first run (1–2 s of CPU), which a server does once when it starts, not per page."""
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        app.run()
        return app

    app = opened()
    for _ in range(rounds):
        for page in PAGES:
            started = time.perf_counter()
            error = ""
            try:
                app.switch_page(f"analytics/dashboard/pages/{page}.py").run()
                shown = [str(e.value) for e in app.error] + [str(e.value) for e in app.exception]
                error = "; ".join(shown)[:300]
            except Exception as failure:  # noqa: BLE001 (a benchmark counts every failure)
                error = f"{type(failure).__name__}: {failure}"[:300]
            queue.put((page, time.perf_counter() - started, error))
            if error:
                app = opened()  # a failed session is opened again, as a visitor reloads the page


def server_session(url: str, rounds: int, queue) -> None:
    """One session on the server at `url`: every page, `rounds` times; (page, seconds, error) to
    the queue. A session whose socket fails is opened again, as a visitor reloads the page."""
    from streamlit_session import Session

    session = None
    for _ in range(rounds):
        for page in PAGES:
            try:
                if session is None:
                    session = Session(url)
                    session.run()  # the tab's first run, untimed
                seconds, error = session.run("" if page == "overview" else page)
            except Exception as failure:  # noqa: BLE001 (a benchmark counts every failure)
                seconds, error, session = 0.0, f"{type(failure).__name__}: {failure}"[:300], None
            queue.put((page, seconds, error))
    if session is not None:
        session.close()


def one_script_cache() -> None:
    """Let every run of this process share one compiled-script cache, as a server's sessions do.
    AppTest makes a new ScriptCache for each run, so each page run compiled app.py and its page
    again and rewrote their syntax trees for Streamlit's "magic" (15% of a warm run's CPU): a cost
    a server pays once per script, not per run."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = local_runner.ScriptCache = lambda: shared


def writer(store: str, folder: Path, stop: float, naive: bool) -> list[dict]:
    """Ingest a new file and analyse it, again and again until `stop` (a time.monotonic value)."""
    runs, number = [], 0
    environment = {**os.environ, "PALABRE_LOCK_WAIT": "0" if naive else "300"}
    while time.monotonic() < stop:
        number += 1
        source = folder / f"batch{number}.csv"
        source.write_text("comment_id,parent_id,article_id,text\n" + "".join(
            f"b{number}c{i},{f'b{number}c{i - 1}' if i % 3 else ''},load-article-{number},"
            f"Commentaire {i} du lot {number} : l'Union européenne et Poutine encore.\n" for i in range(30)),
            encoding="utf-8")
        for command in (["ingest", str(source)], ["analyze", "--mode", "fast", "--workers", "1"]):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "analytics", command[0], "--store", store, *command[1:]],
                                  capture_output=True, text=True, cwd=ROOT, env=environment)
            runs.append({"command": command[0], "seconds": round(time.perf_counter() - started, 2),
                         "exit": done.returncode, "lock_error": "lock" in done.stderr.lower()})
    return runs


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3) if ordered else float("nan")


def level(store: str, sessions: int, rounds: int, naive: bool, folder: Path, harness: str = "server") -> dict:
    """`sessions` sessions at once, the writer running beside them."""
    server = None
    if harness == "server":
        import queue as queues

        from streamlit_session import serve
        app = ROOT / "benchmarks" / "naive_store_app.py" if naive else ROOT / "app.py"
        server, url = serve(app, {"PALABRE_STORE": store, **({"PALABRE_LOCK_WAIT": "0"} if naive else {})}, ROOT)
        queue = queues.Queue()
        workers = [threading.Thread(target=server_session, args=(url, rounds, queue)) for _ in range(sessions)]
    else:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        workers = [context.Process(target=session, args=(store, rounds, naive, queue)) for _ in range(sessions)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    results, expected = [], sessions * rounds * len(PAGES)
    writes = []
    while len(results) < expected:
        writes += writer(store, folder, time.monotonic() + 1, naive)  # for as long as the sessions run
        while not queue.empty():
            results.append(queue.get())
        if not any(worker.is_alive() for worker in workers) and queue.empty():
            break
    for worker in workers:
        worker.join()
    server_peak = None
    if server is not None:
        from measure import hwm_mib

        server_peak = round(hwm_mib(server.pid)) or None
        server.terminate()
        server.wait(timeout=30)
    per_page = {page: [seconds for name, seconds, _ in results if name == page] for page in PAGES}
    errors = [error for _, _, error in results if error]
    return {"harness": harness, "server_peak_rss_mib": server_peak, "sessions": sessions, "page_runs": len(results), "seconds": round(time.monotonic() - started, 1),
            "p50": percentile([s for _, s, _ in results], 0.5), "p95": percentile([s for _, s, _ in results], 0.95),
            "per_page": {page: {"p50": percentile(values, 0.5), "p95": percentile(values, 0.95)}
                         for page, values in per_page.items()},
            "page_errors": len(errors), "page_lock_errors": sum("lock" in error.lower() for error in errors),
            "error_examples": errors[:3],
            "writes": len(writes), "write_failures": sum(run["exit"] != 0 for run in writes),
            "write_lock_errors": sum(run["lock_error"] for run in writes),
            "write_seconds_median": statistics.median([run["seconds"] for run in writes]) if writes else None}


def build_store(store: Path, data: Path, naive: bool) -> None:
    sources = [str(ROOT / "data" / "sample")]
    threads = data / "reddit_threads_en"
    if threads.is_dir():
        sources += [str(threads / "Reddit-Trump__comments_val.csv"), str(threads / "Tiktok-Trump__comments_val.csv")]
    for command in (["ingest", *sources], ["analyze", "--mode", "fast"]):
        subprocess.run([sys.executable, "-m", "analytics", command[0], "--store", str(store), *command[1:]],
                       check=True, capture_output=True, cwd=ROOT)
    if naive:
        (store / "palabre.snapshot.duckdb").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--harness", choices=("server", "apptest"), default="server",
                        help="sessions as websockets to one server (default) or as AppTest processes")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    report = {"harness": args.harness, "cores": os.cpu_count(), "rounds": args.rounds, "levels": []}
    with tempfile.TemporaryDirectory(prefix="palabre-load-") as folder:
        store = Path(folder) / "store"
        build_store(store, args.data, naive=False)
        comments = subprocess.run([sys.executable, "-m", "analytics", "summary", "--store", str(store), "--json"],
                                  capture_output=True, text=True, cwd=ROOT, check=True)
        report["comments"] = json.loads(comments.stdout)["comments"]
        for sessions in args.sessions:
            report["levels"].append(level(str(store), sessions, args.rounds, False, Path(folder), args.harness))
            print(json.dumps(report["levels"][-1]), file=sys.stderr)
        naive_store = Path(folder) / "naive"
        build_store(naive_store, args.data, naive=True)
        report["baseline"] = level(str(naive_store), max(args.sessions), args.rounds, True, Path(folder),
                                   args.harness)
    largest = report["levels"][-1]
    report["p95_ratio_baseline_over_palabre"] = round(report["baseline"]["p95"] / largest["p95"], 2)
    text = json.dumps(report, indent=1)
    name = "dashboard_load.json" if args.harness == "server" else "dashboard_load_apptest.json"
    (ROOT / "benchmarks" / "results" / name).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
