"""How ingest and `analyze --mode fast` scale: 10k, 100k and 1M real comments side by side.

For each size, benchmarks/corpus.py writes a CSV export of real comments in real thread shapes;
then, each in its own process (time and peak RSS per process, model loading included):
- ingest: `ingest_paths` into an empty store (comments per second);
- analyze fast: `analyze --mode fast` with one worker per core, end to end (language, tokens,
  sentiment, targets, reply stance, topics, camps, dashboard tables), words per second;
- naive: spaCy's full French pipeline through nlp.pipe, VADER-fr per comment and scikit-learn
  LDA on counts, on the same comments, up to --naive-max comments (its rate is about 350
  comments a second here: a million would take 50 minutes).

Usage: python benchmarks/scaling.py [--sizes 10000,100000,1000000] [--naive-max 100000]
       [--data ../shared/data]   (prints one JSON object)
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import DEFAULT_DATA, build_corpus  # benchmarks/corpus.py
from measure import peak_rss_mib  # benchmarks/measure.py


def ingest(csv_path: Path, store: Path) -> dict:
    from analytics.pipeline.ingest import ingest_paths
    from analytics.store import connect

    started = time.perf_counter()
    connection = connect(store)
    ingest_paths(connection, [csv_path])
    comments = connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    connection.close()
    seconds = time.perf_counter() - started
    return {"step": "ingest", "comments": comments, "seconds": round(seconds, 2),
            "comments_per_second": round(comments / seconds, 1), "peak_rss_mib": round(peak_rss_mib())}


def child(step: str, *arguments: str) -> dict:
    command = [sys.executable, __file__, "--step", step, *arguments]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--naive-max", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "ingest":
        print(json.dumps(ingest(args.csv, args.store)))
        return
    if args.step:
        from analyze_throughput import run_variant

        print(json.dumps({"step": args.step, **run_variant(args.step, args.store)}))
        return
    rows = []
    for size in (int(value) for value in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="palabre-scaling-") as folder:
            folder = Path(folder)
            build_corpus(args.data, size, folder / "corpus.csv")
            store = folder / "store"
            row = {"size": size, "ingest": child("ingest", "--csv", str(folder / "corpus.csv"), "--store", str(store))}
            if size <= args.naive_max:
                naive_store = folder / "naive"
                shutil.copytree(store, naive_store)
                row["naive"] = child("naive", "--store", str(naive_store))
                shutil.rmtree(naive_store)
            row["fast"] = child("fast", "--store", str(store))
            if "naive" in row:
                row["fast_vs_naive_words_per_second"] = round(
                    row["fast"]["words_per_second"] / row["naive"]["words_per_second"], 2)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print(json.dumps({"rows": rows}, indent=1))


if __name__ == "__main__":
    main()
