"""Large corpora of real comments in real thread shapes, for the benchmarks.

Real comment texts, unchanged (DEFT 2017 and MLMA French tweets; Reddit, TikTok and MLMA English
comments; with --lang fr, the French ones and the FTR racist-speech tweets alone), are placed in RumourEval 2017's 297 real reply trees, copied as often as needed with
fresh ids. Each copy is one week after the previous one (the trees keep their real reply times),
and commenters come from a pool of about 10,000 names, so that dates, latency and commenter counts
behave like a real site's. Seeded: the same size gives the same corpus.

Usage: python benchmarks/corpus.py --comments 1000000 --out corpus.csv [--lang mixed|fr]   (a CSV export to ingest)
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data"
WEEK = 7 * 24 * 3600
LANGS = ("mixed", "fr")  # mixed: French and English, about half each; fr: French alone


def real_texts(data: Path, lang: str = "mixed") -> list[str]:
    """Every labelled comment text of the shared datasets, unchanged: French and English (mixed), or
    French alone (fr: DEFT 2017, MLMA French and the FTR racist-speech tweets, about 11,000)."""
    if lang not in LANGS:
        raise ValueError(f"lang: expected one of {', '.join(LANGS)}; received {lang!r}")
    texts = []
    for split in ("train", "val"):
        texts += (data / "deft2017_sentiment_fr" / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    for name in ("fr_dataset.csv",) if lang == "fr" else ("fr_dataset.csv", "en_dataset.csv"):
        with (data / "mlma_hate_speech" / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["tweet"] for row in csv.DictReader(handle)]
    if lang == "fr":  # read_ftr: a few of its bytes are not UTF-8
        from analytics.enrich.targets.training import read_ftr

        texts += [tweet for tweet, _ in read_ftr(data)]
    else:
        for path in sorted((data / "reddit_threads_en").glob("*_comments_*.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                texts += [row["content"] for row in csv.DictReader(handle)]
    return [text for text in texts if text.strip()]


def build_corpus(data: Path, target: int, path: Path, lang: str = "mixed") -> int:
    """Write a CSV export of `target` comments (texts of real_texts(data, lang)); returns how many
    were written."""
    from tests.rumoureval import load_threads

    pool = real_texts(data, lang)
    shapes = load_threads(data / "rumoureval2017_threads_en")
    rng = random.Random(0)
    written = copy = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "comment_id", "parent_id", "author", "posted_at", "text"])
        while written < target:
            for article, comments in shapes:
                for comment in comments:
                    parent = f"{comment['parent']}-{copy}" if comment["parent"] else ""
                    moment = datetime.fromtimestamp(float(comment["time"]) + copy * WEEK, UTC)
                    writer.writerow([f"{article['id']}-{copy}", f"{comment['id']}-{copy}", parent,
                                     f"reader{rng.randrange(10_000)}", moment.strftime("%Y-%m-%dT%H:%M:%S"),
                                     rng.choice(pool)])
                    written += 1
                    if written >= target:
                        break
                if written >= target:
                    break
            copy += 1
    return written


def ingested_corpus(data: Path, target: int, folder: Path, lang: str = "mixed") -> tuple[int, Path]:
    """build_corpus's CSV in folder, ingested into the store folder/base: (comments written, store)."""
    from analytics.pipeline.ingest import ingest_paths
    from analytics.store import connect

    total = build_corpus(data, target, folder / "corpus.csv", lang)
    connection = connect(folder / "base")
    ingest_paths(connection, [folder / "corpus.csv"])
    connection.close()
    return total, folder / "base"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--lang", choices=LANGS, default="mixed", help="mixed (default) or French alone")
    args = parser.parse_args()
    print(build_corpus(args.data, args.comments, args.out, args.lang))


if __name__ == "__main__":
    main()
