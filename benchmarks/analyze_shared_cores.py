"""`analyze --mode fast` when other processes share the cores: default workers against one process.

Issue 22 asks that work degrade gracefully when the cores are shared: with other programs busy,
the default (one worker per core) must never be slower than analysing in one process. This runs,
on one corpus (benchmarks/corpus.py: real comments in real thread shapes), each variant in its own
process on a fresh copy of the ingested store, while 0, 1 and then 2 busy-loop processes (one per
core at 2) compete for the CPU:

- fast, default workers (`AnalysisOptions(mode="fast")`: what `analyze --mode fast` does);
- fast, one process (`--workers 1`);
- the naive script of analyze_throughput.py (spaCy's full pipeline + VADER-fr + LDA), as the
  reference the ratios are taken against.

Usage: python benchmarks/analyze_shared_cores.py [--comments 10000] [--busy 0,1,2] [--data ../shared/data]
       (prints one JSON object)
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import ingested_corpus  # noqa: E402  benchmarks/corpus.py
from measure import run_on_copy  # noqa: E402  benchmarks/measure.py

VARIANTS = ("naive", "fast-default", "fast-one")


def _spin() -> None:
    while True:
        pass


def run_variant(variant: str, store: Path) -> dict:
    """Runs in a child process: one variant over the store's comments (analyze_throughput's runner,
    except that fast-default leaves the number of workers to Palabre)."""
    started = time.perf_counter()
    if variant == "naive":
        from analyze_throughput import run_variant as throughput_variant

        result = throughput_variant("naive", store)
        return {"variant": variant, "seconds": result["seconds"], "words": result["words"], "workers": 1}
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.options import AnalysisOptions
    from analytics.store import connect

    options = AnalysisOptions(mode="fast", workers=None if variant == "fast-default" else 1)
    connection = connect(store)
    result = analyze(connection, options)
    texts = [row[0] for row in connection.execute("SELECT text FROM comments").fetchall()]
    return {"variant": variant, "seconds": round(time.perf_counter() - started, 2),
            "words": sum(len(text.split()) for text in texts), "comments": result.comments,
            "workers": result.workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--busy", default="0,1,2", help="comma-separated numbers of busy-loop processes")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.store)))
        return
    levels = []
    with tempfile.TemporaryDirectory() as name:
        _, base = ingested_corpus(args.data, args.comments, Path(name))
        for busy in (int(value) for value in args.busy.split(",") if value):
            spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(busy)]
            for spinner in spinners:
                spinner.start()
            results = []
            try:
                for variant in VARIANTS:
                    results.append(run_on_copy(Path(__file__), variant, base))
                    print(f"{busy} busy, {variant}: {results[-1]['seconds']} s", file=sys.stderr, flush=True)
            finally:
                for spinner in spinners:
                    spinner.terminate()
            naive = next(result["seconds"] for result in results if result["variant"] == "naive")
            one = next(result["seconds"] for result in results if result["variant"] == "fast-one")
            for result in results:
                result["vs_naive"] = round(naive / result["seconds"], 2)
                result["vs_one_process"] = round(one / result["seconds"], 2)
            levels.append({"busy_processes": busy, "results": results})
    print(json.dumps({"cores": os.cpu_count(), "comments": args.comments, "levels": levels}, indent=1))


if __name__ == "__main__":
    main()
