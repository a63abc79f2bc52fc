"""`analyze` throughput (comments and words per second) and peak memory on real comments, at several
corpus sizes in one run.

Real comment texts, unchanged, are resampled into RumourEval's real reply-tree shapes until the
corpus holds the size asked for: French (DEFT 2017 tweets, MLMA French tweets) and English
(Reddit and TikTok comments, MLMA English tweets), about half each; with --lang fr, French alone
(DEFT 2017, MLMA French and FTR racist-speech tweets: the French corpus issue 22 names). Each
corpus is ingested once; then each variant runs in its own process on a copy of that store
(peak RSS is per process, model loading included in the time):

- naive: what a researcher would write: spaCy's full French pipeline through `nlp.pipe`,
  VADER-fr's `polarity_scores` per comment, and scikit-learn LDA (10 topics) on word counts;
  results kept in memory (up to --naive-max comments: about 4 minutes per 100k here);
- palabre fast: `analyze --mode fast` (language, sentences, tokens, lemmas, sentiment per comment
  and sentence, named targets, reply stance, then topics, camps and the dashboard's tables, all
  written to the store), one worker process per core;
- palabre accurate: `analyze --mode accurate`, one process (its embedding engine uses every
  core), at sizes up to --accurate-max;
- dask-1, dask-2: fast mode with `--engine dask` on a LocalCluster of 1 and 2 worker processes,
  at the sizes in --dask-at.
Peak RSS is the main process's; the largest worker's is reported beside it. vs_naive is words/s
over the naive script's words/s on the same corpus, in the same run.

Usage: python benchmarks/analyze_throughput.py [--comments 10000,100000,1000000] [--modes fast,accurate]
       [--accurate-max 10000] [--naive-max 1000000] [--dask-at 100000] [--lang mixed|fr] [--data ../shared/data]
       (prints one JSON object)
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import (
    ingested_corpus,  # benchmarks/corpus.py: real texts in real thread shapes
)
from measure import ChildPeaks, peak_rss_mib, run_on_copy  # benchmarks/measure.py


def run_variant(variant: str, store: Path) -> dict:
    """Runs in a child process: one variant over the store's comments."""
    import os

    workers = os.cpu_count() or 1
    started = time.perf_counter()
    worker_peak = 0.0
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

        if variant.startswith("dask-"):
            workers = int(variant.removeprefix("dask-"))
            options = AnalysisOptions(mode="fast", workers=workers, engine="dask")
        else:
            workers = workers if variant == "fast" else 1
            options = AnalysisOptions(mode=variant, workers=workers)
        connection = connect(store)
        with ChildPeaks() as children:
            result = analyze(connection, options)
        worker_peak = children.largest
        comments = result.comments
        texts = [row[0] for row in connection.execute("SELECT text FROM comments").fetchall()]
    seconds = time.perf_counter() - started
    words = sum(len(text.split()) for text in texts)
    return {"variant": variant, "comments": comments, "words": words, "seconds": round(seconds, 2),
            "comments_per_second": round(comments / seconds, 1), "words_per_second": round(words / seconds, 1),
            "peak_rss_mib": round(peak_rss_mib()), "largest_worker_peak_rss_mib": round(worker_peak),
            "workers": 1 if variant == "naive" else workers}


def variants_for(size: int, args: argparse.Namespace) -> list[str]:
    modes = [mode for mode in args.modes.split(",") if mode]
    chosen = ["naive"] if size <= args.naive_max else []
    chosen += [mode for mode in modes if mode != "accurate" or size <= args.accurate_max]
    if size in {int(value) for value in args.dask_at.split(",") if value}:
        chosen += ["dask-1", "dask-2"]
    return chosen


def measure_size(size: int, args: argparse.Namespace, folder: Path) -> dict:
    """Build and ingest a corpus of `size` comments, then run each variant on a copy of its store."""
    total, base = ingested_corpus(args.data, size, folder, args.lang)
    results = []
    for variant in variants_for(size, args):
        results.append(run_on_copy(Path(__file__), variant, base))
        print(f"{size:,} comments, {variant}: {results[-1]['seconds']} s", file=sys.stderr, flush=True)
    naive = next((result["words_per_second"] for result in results if result["variant"] == "naive"), None)
    for result in results:
        result["vs_naive"] = round(result["words_per_second"] / naive, 2) if naive else None
    shutil.rmtree(base)
    return {"comments": total, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", default="10000,100000,1000000", help="comma-separated corpus sizes")
    parser.add_argument("--modes", default="fast,accurate", help="comma-separated Palabre modes to run")
    parser.add_argument("--accurate-max", type=int, default=10_000, help="largest size accurate mode runs at")
    parser.add_argument("--naive-max", type=int, default=1_000_000, help="largest size the naive script runs at")
    parser.add_argument("--dask-at", default="100000", help="sizes (comma-separated) with Dask runs on 1 and 2 workers")
    parser.add_argument("--lang", choices=("mixed", "fr"), default="mixed",
                        help="the comments' languages: mixed French and English (default), or French alone")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.store)))
        return
    import os

    sizes = []
    for size in (int(value) for value in args.comments.split(",") if value):
        with tempfile.TemporaryDirectory() as folder:
            sizes.append(measure_size(size, args, Path(folder)))
    print(json.dumps({"cores": os.cpu_count(), "lang": args.lang, "sizes": sizes}, indent=1))


if __name__ == "__main__":
    main()
