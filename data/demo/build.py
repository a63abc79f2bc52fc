"""Rebuild the demo corpus's English threads from the FanChuan Reddit and TikTok comments (MIT,
see LICENSE.txt and SOURCE.md): whole reply threads only (every comment's parent is kept), the
deepest threads first, up to about 300 comments per platform.

Usage: python data/demo/build.py [../shared/data/reddit_threads_en]
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent.parent / "shared" / "data" / "reddit_threads_en"
PLATFORMS = {"Reddit": "reddit-trump.csv", "Tiktok": "tiktok-trump.csv"}
TITLES = {"Reddit": "Reddit: comments on Donald Trump (FanChuan dataset)",
          "Tiktok": "TikTok: comments on Donald Trump (FanChuan dataset)"}
PER_PLATFORM = 300


def read_rows(folder: Path, platform: str) -> dict[str, dict]:
    rows = {}
    for split in ("train", "val", "test"):
        with open(folder / f"{platform}-Trump__comments_{split}.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["comment_id"].strip() and row["content"].strip():
                    rows[row["comment_id"]] = row
    return rows


def threads(rows: dict[str, dict]) -> dict[str, list[str]]:
    """Root id -> the ids of its whole thread, for threads whose every ancestor is present."""
    found: dict[str, list[str]] = {}
    for comment_id in rows:
        chain, current = [comment_id], rows[comment_id]["parent_comment_id"]
        while current and current in rows and len(chain) < 100:
            chain.append(current)
            current = rows[current]["parent_comment_id"]
        if not current:
            found.setdefault(chain[-1], []).append(comment_id)
    return found


def depth(rows: dict[str, dict], comment_id: str) -> int:
    steps = 0
    while rows[comment_id]["parent_comment_id"]:
        comment_id, steps = rows[comment_id]["parent_comment_id"], steps + 1
    return steps


def select(rows: dict[str, dict]) -> list[str]:
    """Whole threads, deepest (then largest) first, until PER_PLATFORM comments."""
    ranked = sorted(threads(rows).items(),
                    key=lambda item: (-max(depth(rows, c) for c in item[1]), -len(item[1]), item[0]))
    chosen: list[str] = []
    for _, members in ranked:
        if len(chosen) + len(members) > PER_PLATFORM and chosen:
            continue
        chosen += members
    return sorted(chosen, key=lambda c: (depth(rows, c), c))


def main(folder: Path = SOURCE) -> None:
    for platform, name in PLATFORMS.items():
        rows = read_rows(folder, platform)
        with open(HERE / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["comment_id", "parent_id", "article_id", "article_title", "author", "text"])
            for comment_id in select(rows):
                row = rows[comment_id]
                writer.writerow([comment_id, row["parent_comment_id"], f"{platform.lower()}-trump",
                                 TITLES[platform], f"user{row['user_id']}", row["content"]])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
