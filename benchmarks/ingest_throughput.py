"""Ingest throughput (comments per second) and peak memory on real reply trees repeated to 100k.

RumourEval's 297 real conversation trees (4,563 replies) are copied with fresh ids until the corpus
holds at least --comments comments, then written as a CSV export and as a WordPress WXR export.
Each variant runs in its own process (peak RSS is per process):

- palabre:  `python -m analytics ingest` code path (reader, thread placement, one transaction)
- naive:    csv.DictReader, depth by walking each comment's parent chain, one INSERT per row

Usage: python benchmarks/ingest_throughput.py [--comments 100000] [--data ../shared/data]   (prints JSON)
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(data: Path, target: int, folder: Path) -> dict[str, Path]:
    from tests import format_writers
    from tests.rumoureval import load_threads

    base = load_threads(data / "rumoureval2017_threads_en")
    threads, copy = [], 0
    while sum(len(comments) for _, comments in threads) < target:
        for article, comments in base:
            suffix = f"{copy:03d}"
            threads.append((
                {**article, "id": article["id"] + suffix, "body": f"[{suffix}] {article['body']}"},
                [{**c, "id": c["id"] + suffix, "parent": c["parent"] + suffix if c["parent"] else None}
                 for c in comments]))
        copy += 1
    paths = {"csv": folder / "threads.csv", "wxr": folder / "threads.xml"}
    format_writers.export_csv(threads, paths["csv"])
    paths["wxr"].write_text(format_writers.wxr(threads), encoding="utf-8")
    return paths


def run_palabre(path: Path, store: Path) -> int:
    from analytics.pipeline.ingest import ingest_paths
    from analytics.store import connect

    connection = connect(store)
    [outcome] = ingest_paths(connection, [path])
    connection.close()
    return outcome.comments_added


def run_naive(path: Path, store: Path) -> int:
    import duckdb

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    parents = {row["comment_id"]: row["parent_id"] or None for row in rows}

    def depth(comment_id: str) -> int:
        steps, node = 0, parents[comment_id]
        while node is not None and node in parents:
            steps, node = steps + 1, parents[node]
        return steps

    store.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(store / "naive.duckdb"))
    connection.execute("CREATE TABLE comments (comment_id VARCHAR, parent_id VARCHAR, article_id VARCHAR, "
                       "author VARCHAR, posted_at BIGINT, text VARCHAR, depth INTEGER)")
    connection.begin()
    for row in rows:
        connection.execute("INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [row["comment_id"], row["parent_id"] or None, row["article_id"], row["author"],
                            int(row["created_utc"]), row["text"], depth(row["comment_id"])])
    connection.commit()
    connection.close()
    return len(rows)


def child(variant: str, path: str, store: str) -> None:
    """Run one variant in this process and print its figures as JSON."""
    start = time.perf_counter()
    count = (run_palabre if variant == "palabre" else run_naive)(Path(path), Path(store))
    seconds = time.perf_counter() - start
    # VmHWM, not ru_maxrss: ru_maxrss survives exec and would report the parent's peak.
    status = Path("/proc/self/status").read_text()
    peak_mib = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024
    print(json.dumps({"comments": count, "seconds": seconds, "peak_rss_mib": peak_mib}))


def measure(variant: str, path: Path, workdir: Path) -> dict:
    store = tempfile.mkdtemp(dir=workdir)
    output = subprocess.run([sys.executable, __file__, "--child", variant, str(path), store],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as workdir:
        paths = build_corpus(args.data, args.comments, Path(workdir))
        results = {
            "palabre csv": measure("palabre", paths["csv"], Path(workdir)),
            "palabre wxr": measure("palabre", paths["wxr"], Path(workdir)),
            "naive csv": measure("naive", paths["csv"], Path(workdir)),
        }
    naive_rate = results["naive csv"]["comments"] / results["naive csv"]["seconds"]
    for figures in results.values():
        figures["comments_per_second"] = round(figures["comments"] / figures["seconds"], 1)
        figures["vs_naive"] = round(figures["comments_per_second"] / naive_rate, 2)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
