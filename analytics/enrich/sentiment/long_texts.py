"""Long labelled texts assembled from the shared data, to fit and to judge how long comments are scored.

Three kinds, each text with its label, its language and the group it belongs to (what a split keeps
together):
- comment: a real Reddit or TikTok comment about Trump (reddit_threads_en, `support`), its group the
  reply thread it belongs to (comments linked by parent ids, across the dataset's splits);
- same-label: 2 to 7 tweets (DEFT 2017, or short comments) of one label joined into one text;
- contrast: 1 to 3 tweets of one polarity, then a sentence opened by a contrast marker of
  data/lexicons/discourse_markers.csv ("Mais …", "However …") holding a tweet of the other polarity;
  the label is the last part's BY CONSTRUCTION: these texts test that the turn is followed, not that
  real writers always conclude after "mais".
"""
from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.enrich.sentiment.discourse import markers
from analytics.enrich.sentiment.training import LABEL_NAMES
from analytics.errors import InputError

BUCKETS = ((0, 140, "<140"), (140, 401, "140–400"), (401, 10 ** 9, ">400"))
SITES = ("Reddit", "Tiktok")
SENTENCE_ENDS = (".", "!", "?", "…")


@dataclass(frozen=True, slots=True)
class LabelledText:
    """One text to score, its gold label, what kind of text it is and the group a split keeps whole."""

    text: str
    label: str
    lang: str
    kind: str
    group: str


def length_bucket(text: str) -> str:
    """"<140", "140–400" or ">400" characters."""
    return next(name for low, high, name in BUCKETS if low <= len(text) < high)


def reddit_comments(data_dir: Path) -> list[tuple[LabelledText, str]]:
    """Every non-empty Reddit and TikTok comment with its split (train, val, test); group is
    "site:thread" where a thread is the comments joined by parent ids across every split."""
    found = []
    for site in SITES:
        rows = []
        for split in ("train", "val", "test"):
            path = data_dir / "reddit_threads_en" / f"{site}-Trump__comments_{split}.csv"
            if not path.exists():
                raise InputError(str(path), None, "the reddit_threads_en dataset", "no such file")
            with path.open(encoding="utf-8", newline="") as handle:
                rows += [(split, row) for row in csv.DictReader(handle)]
        root = _threads([(row["comment_id"], row.get("parent_comment_id") or "") for _, row in rows])
        for split, row in rows:
            label = LABEL_NAMES["reddit"].get((row.get("support") or "").strip())
            if (row.get("content") or "").strip() and label:
                found.append((LabelledText(row["content"], label, "en", "comment",
                                           f"{site}:{root(row['comment_id'])}"), split))
    return found


def _threads(links: list[tuple[str, str]]):
    """A function from a comment id to its thread's id (union-find over (comment, parent) pairs)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    for child, above in links:
        if above and root(child) != root(above):
            parent[root(child)] = root(above)
    return root


def joined(parts: Sequence[str]) -> str:
    """Parts as one paragraph, each ended as a sentence."""
    cleaned = [" ".join(part.split()) for part in parts]
    return " ".join(part if part.endswith(SENTENCE_ENDS) else part + "." for part in cleaned if part)


def same_label_texts(texts: Sequence[str], labels: Sequence[str], lang: str, group: str, rng: random.Random,
                     sizes: tuple[int, int] = (2, 7)) -> list[LabelledText]:
    """Each label's texts, shuffled, cut into runs of sizes[0] to sizes[1] and joined (each text once)."""
    assembled = []
    for label in sorted(set(labels)):
        pool = [text for text, gold in zip(texts, labels) if gold == label]
        rng.shuffle(pool)
        while len(pool) >= sizes[0]:
            size = min(rng.randint(*sizes), len(pool))
            assembled.append(LabelledText(joined(pool[:size]), label, lang, "same-label", group))
            pool = pool[size:]
    return assembled


def _opened(marker: tuple[str, ...], text: str) -> str:
    opener = " ".join(marker)
    body = " ".join(text.split())
    if len(body) > 1 and body[1].islower():
        body = body[0].lower() + body[1:]
    return f"{opener[0].upper()}{opener[1:]} {body}"


def contrast_texts(texts: Sequence[str], labels: Sequence[str], lang: str, group: str, rng: random.Random,
                   preamble: tuple[int, int] = (1, 3)) -> list[LabelledText]:
    """For each positive or negative text: 1–3 texts of the other polarity, then a contrast marker
    opening it; the label is the last text's."""
    contrast = sorted(markers().get((lang, "contrast"), frozenset()))
    if not contrast:
        raise InputError("data/lexicons/discourse_markers.csv", None, f"contrast markers for {lang}", "none")
    polar = {label: [text for text, gold in zip(texts, labels) if gold == label] for label in ("negative", "positive")}
    assembled = []
    for label, other in (("negative", "positive"), ("positive", "negative")):
        for text in polar[label]:
            count = min(rng.randint(*preamble), len(polar[other]))
            if not count:
                continue
            parts = [*rng.sample(polar[other], count), _opened(rng.choice(contrast), text)]
            assembled.append(LabelledText(joined(parts), label, lang, "contrast", group))
    return assembled


def assembled_set(texts: Sequence[str], labels: Sequence[str], lang: str, group: str, seed: int,
                  passes: int = 2) -> list[LabelledText]:
    """The texts alone (kind tweet), their same-label runs (passes shuffles) and contrast texts."""
    rng = random.Random(seed)
    found = [LabelledText(text, label, lang, "tweet", group) for text, label in zip(texts, labels)]
    for _ in range(passes):
        found += same_label_texts(texts, labels, lang, group, rng)
    return found + contrast_texts(texts, labels, lang, group, rng)
