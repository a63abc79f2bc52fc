"""Named targets and attacks: texts per second and peak memory on real hostile tweets.

The texts are MLMA's French tweets, unchanged (../shared/data/mlma_hate_speech/fr_dataset.csv),
repeated until there are --texts of them. Each variant runs in its own process (model loading
included in the time, peak RSS per process):

- palabre fast: `analyse_targets(texts, "fr", mode="fast")`, what `predict targets` and `analyze`
  call: alias table, addressees, someone unnamed, clause sentiment, attacks and their evidence.
- palabre accurate: the same with spaCy's French NER for names the table does not know, and the
  accurate sentiment model.
- naive: what a researcher would write: spaCy's full French pipeline through `nlp.pipe`, every
  NER entity a target, VADER-fr's compound score of its sentence as the target's sentiment and
  "negative below -0.05" as the attack.

Usage: python benchmarks/targets_throughput.py [--texts 20000] [--modes fast[,accurate]]
       [--data ../shared/data]   (prints one JSON object)
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from measure import peak_rss_mib  # benchmarks/measure.py


def read_texts(data: Path, count: int) -> list[str]:
    """MLMA's French tweets in file order, repeated up to count."""
    with (data / "mlma_hate_speech" / "fr_dataset.csv").open(encoding="utf-8", newline="") as handle:
        tweets = [row["tweet"] for row in csv.DictReader(handle)]
    return [tweets[i % len(tweets)] for i in range(count)]


def run_variant(variant: str, texts: list[str]) -> dict:
    """Runs in a child process: one variant over the texts; returns targets found and attacks."""
    started = time.perf_counter()
    if variant == "naive":
        import spacy
        from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer

        nlp = spacy.load("fr_core_news_sm")
        analyzer = SentimentIntensityAnalyzer()
        targets = attacks = 0
        for doc in nlp.pipe(texts, batch_size=256):
            for entity in doc.ents:
                targets += 1
                attacks += analyzer.polarity_scores(entity.sent.text)["compound"] < -0.05
    else:
        from analytics.enrich.targets.model import analyse_targets

        found = analyse_targets(texts, "fr", mode=variant)
        targets = sum(len(item) for item in found)
        attacks = sum(target.attack for item in found for target in item)
    seconds = time.perf_counter() - started
    return {"variant": variant, "texts": len(texts), "seconds": round(seconds, 2),
            "texts_per_second": round(len(texts) / seconds, 1), "targets": targets, "attacks": int(attacks),
            "peak_rss_mib": round(peak_rss_mib())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--modes", default="fast", help="comma-separated Palabre modes to run (fast, accurate)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = read_texts(args.data, args.texts)
    if args.variant:
        print(json.dumps(run_variant(args.variant, texts)))
        return
    results = []
    for variant in ["naive", *args.modes.split(",")]:
        output = subprocess.run([sys.executable, __file__, "--variant", variant, "--texts", str(args.texts),
                                 "--data", str(args.data)], check=True, capture_output=True, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    naive = results[0]["texts_per_second"]
    for result in results:
        result["vs_naive"] = round(result["texts_per_second"] / naive, 2)
    print(json.dumps({"texts": args.texts, "results": results}, indent=1))


if __name__ == "__main__":
    main()
