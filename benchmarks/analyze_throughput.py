"""`analyze` throughput (comments and words per second) and peak memory on real comments.

Real comment texts, unchanged, are resampled into RumourEval's real reply-tree shapes until the
corpus holds --comments comments: French (DEFT 2017 tweets, MLMA French tweets) and English
(Reddit and TikTok comments, MLMA English tweets, RumourEval replies), about half each. The
corpus is ingested once; then each variant runs in its own process on a copy of that store
(peak RSS is per process, model loading included in the time):

- palabre fast / accurate: `python -m analytics analyze --mode …` (language, sentences, tokens,
  lemmas, sentiment per comment and sentence, named targets, reply stance, then topics, camps
  and the dashboard's tables, all written to the store); fast with
  one worker process per core, accurate in one process (its embedding engine uses every core).
  Peak RSS is the main process's; the largest worker's is reported beside it.
- naive: what a researcher would write: spaCy's full French pipeline through `nlp.pipe`,
  VADER-fr's `polarity_scores` per comment, and scikit-learn LDA (10 topics) on word counts;
  results kept in memory.

Usage: python benchmarks/analyze_throughput.py [--comments 100000] [--modes fast,accurate]
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
from corpus import (
    build_corpus,  # benchmarks/corpus.py: real texts in real thread shapes
)
from measure import ChildPeaks, peak_rss_mib  # benchmarks/measure.py


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
        from sklearn.decomposition import LatentDirichletAllocation
        from sklearn.feature_extraction.text import CountVectorizer

        counts = CountVectorizer(min_df=2, max_df=0.5).fit_transform(texts)
        LatentDirichletAllocation(n_components=10, random_state=0).fit_transform(counts)
        comments = len(results)
    else:
        from analytics.pipeline.analyze import analyze
        from analytics.pipeline.options import AnalysisOptions
        from analytics.store import connect

        connection = connect(store)
        with ChildPeaks() as children:
            result = analyze(connection, AnalysisOptions(mode=variant, workers=workers if variant == "fast" else 1))
        comments = result.comments
        texts = [row[0] for row in connection.execute("SELECT text FROM comments").fetchall()]
    seconds = time.perf_counter() - started
    words = sum(len(text.split()) for text in texts)
    worker_peak = children.largest if variant != "naive" else 0  # the largest worker process, MiB
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
        from analytics.pipeline.ingest import ingest_paths
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
