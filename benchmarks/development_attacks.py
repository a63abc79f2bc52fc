"""Attacks on the development samples: the figures the rules were tuned against, rerunnable.

Scores Palabre (fast mode) against the development samples (DEVELOPMENT_SAMPLES): the blind
rereading of MLMA's whole development part (`mlma_fr_attacks_dev.csv`, 803 tweets; the last 203
name the groups attacked, so its group rate is over those) and the first held-out sample
(`mlma_fr_attacks.csv`, 200 tweets), whose errors were read from 0.7.0 on. It also measures how
noisy MLMA's `normal` label is: of the development part's tweets MLMA labels `normal` that
Palabre flags, how many the rereading calls attacks. The held-out figures are
`python -m analytics evaluate targets`; this script never reads them.

Usage: python benchmarks/development_attacks.py [--data ../shared/data]   (prints one JSON object)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics.datasets.mlma import (  # noqa: E402
    DEV_ANNOTATIONS,
    DEVELOPMENT_SAMPLES,
    read_annotations,
)
from analytics.enrich.targets.model import analyse_targets  # noqa: E402
from analytics.evaluation.targets import evaluate_reannotated  # noqa: E402


def normal_label_noise(data: Path) -> dict:
    """Development tweets MLMA labels `normal` alone: how many Palabre flags, and how many of
    those the blind rereading calls attacks."""
    normal = [(row, attack) for row, attack, _, _ in read_annotations(data, DEV_ANNOTATIONS, "dev")
              if row["sentiment"] == "normal"]
    found = analyse_targets([row["tweet"] for row, _ in normal], "fr")
    flagged = [attack for (_, attack), targets in zip(normal, found) if any(t.attack for t in targets)]
    return {"normal_tweets": len(normal), "flagged_by_palabre": len(flagged),
            "flagged_that_the_rereading_calls_attacks": sum(flagged),
            "normal_tweets_the_rereading_calls_attacks": sum(attack for _, attack in normal)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    scores = evaluate_reannotated(args.data, samples=DEVELOPMENT_SAMPLES)
    by_sample = scores.pop("by_sample")
    print(json.dumps({"attacks": scores, "attacks_by_sample": by_sample,
                      "mlma_normal_label": normal_label_noise(args.data)}, indent=1))


if __name__ == "__main__":
    main()
