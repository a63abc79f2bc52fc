"""False alarms on real comments: the share of real comments, by their sentiment label, in which
Palabre calls some target attacked. The comments are the held-out parts nothing in the attack
models trains on: the Reddit and TikTok test splits (English, labelled neutral/positive/negative)
and DEFT 2017's validation tweets (French, neutral/positive/negative). Praise is rarely an
attack, so the positive comments' share is mostly false alarms; the negative comments' share shows
the attacks still found.

Usage: python benchmarks/calm_comments_flagged.py [--modes fast,accurate] [--limit 600] [--data DIR]
                                                  [--examples 5] [--json FILE]
       (prints one line per language and label: comments, share with an attacked target; then
       --examples flagged positive comments of each language)
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def comments(data_dir: Path, limit: int) -> list[tuple[str, str, str]]:
    """(text, language, label): up to `limit` comments of each language and label, in file order."""
    from analytics.enrich.sentiment.training import read_deft, read_reddit

    english = zip(*read_reddit(data_dir, ("test",)))
    french = zip(*read_deft(data_dir, "val"))
    chosen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lang, rows in (("en", english), ("fr", french)):
        for text, label in rows:
            if len(chosen[lang, label]) < limit:
                chosen[lang, label].append(text)
    return [(text, lang, label) for (lang, label), texts in sorted(chosen.items()) for text in texts]


def flagged_shares(rows: list[tuple[str, str, str]], mode: str, examples: int) -> dict:
    from analytics.enrich.targets.model import analyse_targets

    found = analyse_targets([text for text, _, _ in rows], [lang for _, lang, _ in rows], mode=mode)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shown: dict[str, list[str]] = defaultdict(list)
    for (text, lang, label), targets in zip(rows, found):
        attacked = [t.name for t in targets if t.attack]
        counts[f"{lang} {label}"][0] += 1
        counts[f"{lang} {label}"][1] += bool(attacked)
        if attacked and label == "positive" and len(shown[lang]) < examples:
            shown[lang].append(f"{text[:110]!r} -> {attacked}")
    return {"shares": {key: {"comments": n, "flagged": round(k / n, 4)} for key, (n, k) in sorted(counts.items())},
            "flagged_positive_examples": dict(shown)}


def main() -> None:
    from analytics.datasets.shared import default_data_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modes", default="fast,accurate")
    parser.add_argument("--limit", type=int, default=600, help="comments per language and label")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--examples", type=int, default=5, help="flagged positive comments shown per language")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    rows = comments(args.data, args.limit)
    result = {}
    for mode in args.modes.split(","):
        result[mode] = flagged_shares(rows, mode, args.examples)
        for key, share in result[mode]["shares"].items():
            print(f"{mode:9} {key:14} {share['comments']:5} comments, {share['flagged']:.1%} with a target attacked")
        for lang, lines in result[mode]["flagged_positive_examples"].items():
            for line in lines:
                print(f"    {mode} {lang} positive flagged: {line}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
