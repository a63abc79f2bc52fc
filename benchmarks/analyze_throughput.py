"""`analyze` throughput (comments and words per second) and peak memory on real comments.

Real comment texts, unchanged, are resampled into RumourEval's real reply-tree shapes until the
corpus holds --comments comments: French (DEFT 2017 tweets, MLMA French tweets) and English
(Reddit and TikTok comments, MLMA English tweets, RumourEval replies), about half each. The
corpus is ingested once; then each variant runs in its own process on a copy of that store
(peak RSS is per process, model loading included in the time):

- palabre fast / accurate: `python -m analytics analyze --mode …` (language, sentences, tokens,
  lemmas, sentiment per comment and sentence, named targets, written to the store); fast with
  one worker process per core, accurate in one process (its embedding engine uses every core).
  Peak RSS is the main process's; the largest worker's is reported beside it.
- naive: what a researcher would write: spaCy's full French pipeline through `nlp.pipe` and
  VADER-fr's `polarity_scores` per comment, results kept in memory.

Usage: python benchmarks/analyze_throughput.py [--comments 100000] [--modes fast,accurate]
       [--data ../shared/data]   (prints one JSON object)
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def real_texts(data: Path) -> list[str]:
    """Every labelled comment text of the shared datasets, unchanged."""
    texts = []
    for split in ("train", "val"):
        texts += (data / "deft2017_sentiment_fr" / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    for name in ("fr_dataset.csv", "en_dataset.csv"):
        with (data / "mlma_hate_speech" / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["tweet"] for row in csv.DictReader(handle)]
    for path in sorted((data / "reddit_threads_en").glob("*_comments_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [row["content"] for row in csv.DictReader(handle)]
    return [text for text in texts if text.strip()]


def build_corpus(data: Path, target: int, path: Path) -> int:
    """A CSV export of `target` comments: real texts placed in real reply-tree shapes."""
    from tests.rumoureval import load_threads

    pool = real_texts(data)
    shapes = load_threads(data / "rumoureval2017_threads_en")
    rng = random.Random(0)
    written = copy = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "comment_id", "parent_id", "text"])
        while written < target:
            for article, comments in shapes:
                for comment in comments:
                    parent = f"{comment['parent']}-{copy}" if comment["parent"] else ""
                    writer.writerow([f"{article['id']}-{copy}", f"{comment['id']}-{copy}", parent, rng.choice(pool)])
                    written += 1
                if written >= target:
                    break
            copy += 1
    return written


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_variant(variant: str, store: Path) -> dict:
    """Runs in a child process: one variant over the store's comments (fast: one worker per core)."""
    import os

    workers = os.cpu_count() or 1
    started = time.perf_counter()
    if variant == "naive":
        import duckdb
        import spacy
        from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer

        connection = duckdb.connect(str(store / "palabre.duckdb"), read_only=True)
        texts = [row[0] for row in connection.execute("SELECT text FROM comments").fetchall()]
        nlp = spacy.load("fr_core_news_sm")
        analyzer = SentimentIntensityAnalyzer()
        results = [(len(doc), analyzer.polarity_scores(doc.text)["compound"]) for doc in nlp.pipe(texts, batch_size=256)]
        comments = len(results)
    else:
        from analytics.pipeline import analyze
        from analytics.store import connect

        connection = connect(store)
        result = analyze(connection, variant, workers=workers if variant == "fast" else 1)
        comments = result.comments
        texts = [row[0] for row in connection.execute("SELECT text FROM comments").fetchall()]
    seconds = time.perf_counter() - started
    words = sum(len(text.split()) for text in texts)
    import resource

    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker, MiB
    return {"variant": variant, "comments": comments, "words": words, "seconds": round(seconds, 2),
            "comments_per_second": round(comments / seconds, 1), "words_per_second": round(words / seconds, 1),
            "peak_rss_mib": round(peak_rss_mib()), "largest_worker_peak_rss_mib": round(worker_peak),
            "workers": workers if variant == "fast" else 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--modes", default="fast,accurate", help="comma-separated Palabre modes to run")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.store)))
        return
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        total = build_corpus(args.data, args.comments, folder / "corpus.csv")
        from analytics.ingest import ingest_paths
        from analytics.store import connect

        connection = connect(folder / "base")
        ingest_paths(connection, [folder / "corpus.csv"])
        connection.close()
        results = []
        for variant in ["naive", *args.modes.split(",")]:
            store = folder / variant
            shutil.copytree(folder / "base", store)
            output = subprocess.run([sys.executable, __file__, "--variant", variant, "--store", str(store)],
                                    check=True, capture_output=True, text=True).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
            shutil.rmtree(store)
        naive = results[0]["words_per_second"]
        for result in results:
            result["vs_naive"] = round(result["words_per_second"] / naive, 2)
        print(json.dumps({"comments": total, "results": results}, indent=1))


if __name__ == "__main__":
    main()
