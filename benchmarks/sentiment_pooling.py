"""What the learned discourse weights cost on long comments: seconds per 1,000 words, both poolings.

The texts are the Reddit and TikTok comments over 280 characters (../shared/data/reddit_threads_en,
every split: only speed is measured), repeated up to --texts. Their sentences are split once; then
`score_texts` (what `analyze` calls) runs over them with pooling="average" (the old length-weighted
mean) and pooling="discourse" (the learned weights), each mode after one warm-up call, the faster
of --repeats runs kept. Both poolings classify the same sentences; the difference is the features
and the weighting.

Usage: python benchmarks/sentiment_pooling.py [--texts 400] [--modes fast,accurate] [--repeats 3]
       [--data ../shared/data]   (prints one JSON object)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from analytics.enrich.sentiment.long_texts import reddit_comments
    from analytics.enrich.sentiment.model import WHOLE_TEXT_LIMIT, score_texts
    from analytics.text.tokens import split_sentences

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=400)
    parser.add_argument("--modes", default="fast,accurate")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    long = [text.text for text, _ in reddit_comments(args.data) if len(text.text) > WHOLE_TEXT_LIMIT]
    texts = [long[index % len(long)] for index in range(args.texts)]
    spans = split_sentences(texts, ["en"] * len(texts))
    words = sum(len(text.split()) for text in texts)
    results = []
    for mode in args.modes.split(","):
        score_texts(texts[:2], spans[:2], ["en"] * 2, mode, pooling="discourse")  # load the models
        for pooling in ("average", "discourse"):
            best = float("inf")
            for _ in range(args.repeats):
                started = time.perf_counter()
                score_texts(texts, spans, ["en"] * len(texts), mode, pooling=pooling)
                best = min(best, time.perf_counter() - started)
            results.append({"mode": mode, "pooling": pooling, "seconds": round(best, 3),
                            "seconds_per_1000_words": round(1000 * best / words, 4)})
    print(json.dumps({"texts": len(texts), "words": words, "sentences": sum(map(len, spans)),
                      "results": results}, indent=1))


if __name__ == "__main__":
    main()
