"""An accurate-mode rerun with the embeddings kept beside the store, against the same rerun without
them (what every rerun cost before: encoding is most of the accurate mode's time).

On one corpus (benchmarks/corpus.py: real comments in real thread shapes), ingested once, in one
store, each step a `python -m analytics` process as a researcher runs it:
1. `analyze --mode accurate`: the first run, which encodes and keeps every vector;
2. `analyze --mode accurate --redo`: a rerun (after an alias table changed, say), reading them;
3. the same rerun once the `embeddings/` folder is deleted: the baseline, encoding everything again.
It reports each run's seconds, the folder's size and vectors, and whether the rerun stored the
same sentiment and targets as the first run (it must: the vectors are the engine's, unrounded).

Usage: python benchmarks/embedding_reuse.py [--comments 3000] [--data ../shared/data]
       (prints one JSON object; results/embedding_reuse.json keeps the last run)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import ingested_corpus  # noqa: E402  benchmarks/corpus.py

RESULTS = """SELECT 'text', comment_id, sentiment_label, round(sentiment_score, 6) FROM text_analysis
             UNION ALL SELECT target, comment_id, CAST(attack AS VARCHAR), stance FROM targets
             ORDER BY ALL"""


def analyze(store: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analytics", "analyze", "--store", str(store), "--mode", "accurate",
                    *extra], check=True, capture_output=True, cwd=ROOT)
    return round(time.perf_counter() - started, 2)


def stored(store: Path) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(store / "palabre.duckdb"), read_only=True) as connection:
        return connection.execute(RESULTS).fetchall()


def folder_size(folder: Path) -> tuple[float, int]:
    """(MiB on disk, vectors kept)."""
    import numpy as np

    files = list(folder.glob("*.npy")) if folder.is_dir() else []
    vectors = sum(len(np.load(path, mmap_mode="r")) for path in files if path.name.endswith(".keys.npy"))
    return round(sum(path.stat().st_size for path in files) / 2**20, 1), vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        comments, store = ingested_corpus(args.data, args.comments, Path(name))
        folder = store / "embeddings"
        first = analyze(store)
        first_results = stored(store)
        size, vectors = folder_size(folder)
        rerun = analyze(store, "--redo")
        same = stored(store) == first_results
        shutil.rmtree(folder)
        baseline = analyze(store, "--redo")
    report = {"cores": os.cpu_count(), "comments": comments, "first_run_s": first, "rerun_with_vectors_s": rerun,
              "rerun_without_vectors_s": baseline, "speedup": round(baseline / rerun, 2),
              "vectors": vectors, "folder_mib": size, "rerun_results_identical": same}
    text = json.dumps(report, indent=1)
    (ROOT / "benchmarks" / "results" / "embedding_reuse.json").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
