"""`analyze` start-up: seconds from launching the command to its first batch written, and to its end.

A store holding the bundled seed (one article, five comments: `data/sample/`) is analysed again
and again (`analyze --mode fast --redo`), so the time is start-up, not work:

- palabre, first run: a fresh per-user cache ($XDG_CACHE_HOME empty), as on a new machine;
- palabre: the cache written by that run (every later run);
- each with one process (`--workers 1`) and with the default workers (one per core, forked from a
  fork server that loaded everything once);
- naive: the researcher's script, from launch to its first comment scored: spaCy's French
  pipeline (`spacy.load("fr_core_news_sm")`), VADER-fr, then the same six texts.

"First batch written" is when `analyze` first reports progress (it does after each batch is
committed to the store), read off its stderr as it runs. Each variant runs --repeats times; the
median is reported.

Usage: python benchmarks/analyze_startup.py [--repeats 5]   (prints one JSON object)
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRESS = re.compile(rb"\| ([1-9]\d*)/\d+")
NAIVE = """
import duckdb, sys, spacy
from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer
texts = [row[0] for row in duckdb.connect(sys.argv[1], read_only=True).execute("SELECT text FROM comments").fetchall()]
nlp = spacy.load("fr_core_news_sm")
analyzer = SentimentIntensityAnalyzer()
for number, doc in enumerate(nlp.pipe(texts)):
    analyzer.polarity_scores(doc.text)
    if number == 0:
        print("first", flush=True)
"""


def timed(command: list[str], environment: dict[str, str], first: re.Pattern, stream: str) -> dict:
    """Seconds from launch to the first match of `first` on the stream, and to the end."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watched = process.stderr if stream == "stderr" else process.stdout
    seen, first_at = b"", None
    while chunk := watched.read1(4096):
        seen += chunk
        if first_at is None and first.search(seen):
            first_at = time.perf_counter() - started
    other = (process.stdout if stream == "stderr" else process.stderr).read()
    if process.wait() != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {(seen + other).decode(errors='replace')[-2000:]}")
    return {"first_batch": round(first_at, 3), "whole": round(time.perf_counter() - started, 3)}


def median(runs: list[dict]) -> dict:
    return {key: round(statistics.median(run[key] for run in runs), 2) for key in runs[0]} | {"runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        store = folder / "store"
        environment = {**os.environ, "PALABRE_STORE": str(store), "PYTHONUNBUFFERED": "1"}
        subprocess.run([python, "-m", "analytics", "ingest", *sorted(str(p) for p in (ROOT / "data" / "sample").iterdir())],
                       cwd=ROOT, env=environment, check=True, capture_output=True)
        results = {}
        for workers in ("1", None):
            label = "one process" if workers else "default workers"
            command = [python, "-m", "analytics", "analyze", "--mode", "fast", "--redo"] + (["--workers", workers] if workers else [])
            cold = []
            for repeat in range(args.repeats):
                cache = folder / f"cache-{label}-{repeat}"
                cold.append(timed(command, {**environment, "XDG_CACHE_HOME": str(cache)}, PROGRESS, "stderr"))
            warm_cache = {**environment, "XDG_CACHE_HOME": str(folder / f"cache-{label}-0")}
            results[f"palabre fast, {label}, first run (empty cache)"] = median(cold)
            results[f"palabre fast, {label}"] = median([timed(command, warm_cache, PROGRESS, "stderr")
                                                        for _ in range(args.repeats)])
        naive = [python, "-c", NAIVE, str(store / "palabre.duckdb")]
        results["naive: spaCy fr_core_news_sm + VADER-fr"] = median(
            [timed(naive, environment, re.compile(rb"first"), "stdout") for _ in range(args.repeats)])
    baseline = results["naive: spaCy fr_core_news_sm + VADER-fr"]["first_batch"]
    for result in results.values():
        result["naive_over_this"] = round(baseline / result["first_batch"], 2)
    print(json.dumps({"items": 6, "cores": os.cpu_count(), "repeats": args.repeats, "results": results}, indent=1))


if __name__ == "__main__":
    main()
