"""Time of one default topic fit (fit + weights of every document) over N lemmatised comments.

The documents are the `evaluate topics` corpora (English reply trees and French tweets, lemmatised
as `analyze --mode fast` does), drawn with repetition, half English, half French, so the fit is
the one `analyze` makes: one model per language, k = √N / 4 capped at 40.

Usage: python benchmarks/topics_fit.py [--documents 100000] [--data DIR]   (JSON on stdout)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.datasets.shared import default_data_dir  # noqa: E402
from analytics.enrich.topics.languages import LanguageTopics  # noqa: E402
from analytics.evaluation.topics import english_texts, french_texts, lemmatised  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    data = args.data or default_data_dir()
    english, french = lemmatised(english_texts(data), "en"), lemmatised(french_texts(data), "fr")
    rng = np.random.default_rng(0)
    half = args.documents // 2
    texts = [english[i] for i in rng.integers(0, len(english), half)] + \
            [french[i] for i in rng.integers(0, len(french), args.documents - half)]
    langs = ["en"] * half + ["fr"] * (args.documents - half)
    started = time.perf_counter()
    model = LanguageTopics().fit(texts, langs)
    fitted = time.perf_counter() - started
    model.transform(texts, langs)
    print(json.dumps({"documents": args.documents, "topics": model.n_topics_, "fit_seconds": round(fitted, 1),
                      "fit_and_weights_seconds": round(time.perf_counter() - started, 1),
                      "models": model.selection_}))


if __name__ == "__main__":
    main()
