"""Sentiment by text length: the old averaging of sentences beside the learned discourse weights.

Scored texts (none used to fit the discourse weights, see discourse_training.py):
- the DEFT 2017 val tweets alone and joined into same-label runs of 2–7 (French, 3 classes);
- contrast texts built from the val tweets (French): the label is the part after the contrast
  marker BY CONSTRUCTION, so they show that a turn is followed, not that writers conclude after it;
- the Reddit and TikTok test comments as written (English, 3 classes), the real long comments;
- runs and contrast texts of the test comments under WHOLE_TEXT_LIMIT characters (English).
Texts up to 280 characters are read whole, so both poolings agree on them; accuracy is the share
of texts whose predicted label is the gold one, by length bucket.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.enrich.sentiment import long_texts
from analytics.enrich.sentiment import model as sentiment
from analytics.enrich.sentiment.training import read_deft
from analytics.modes import MODES

SEED = 2026
POOLING_NAMES = {"average": "averaged", "discourse": "discourse-weighted"}


@dataclass(frozen=True)
class BucketRow:
    """One system's accuracy on one set of texts within one length bucket."""

    texts: str
    bucket: str
    system: str
    pooling: str
    examples: int
    accuracy: float | None


def evaluation_sets(data_dir: Path) -> dict[str, list[long_texts.LabelledText]]:
    """The scored sets by name (seeded: a rerun builds the same texts)."""
    tweets, labels = read_deft(data_dir, "val")
    french = long_texts.assembled_set(tweets, labels, "fr", "deft-val", SEED)
    comments = [text for text, split in long_texts.reddit_comments(data_dir) if split == "test"]
    short = [text for text in comments if len(text.text) <= sentiment.WHOLE_TEXT_LIMIT]
    english = long_texts.assembled_set([text.text for text in short], [text.label for text in short], "en",
                                       "threads:test", SEED)
    return {"DEFT val tweets and same-label runs (fr)": [text for text in french if text.kind != "contrast"],
            "DEFT val contrast texts (fr, label after the marker)": [t for t in french if t.kind == "contrast"],
            "Reddit+TikTok test comments as written (en)": comments,
            "Reddit+TikTok test short comments, same-label runs (en)": [t for t in english if t.kind == "same-label"],
            "Reddit+TikTok test contrast texts (en, label after the marker)":
                [t for t in english if t.kind == "contrast"]}


def _rows(name: str, texts: list[long_texts.LabelledText], mode: str) -> list[BucketRow]:
    predicted = sentiment.predict_poolings([text.text for text in texts], [text.lang for text in texts], mode)
    rows = []
    for _, _, bucket in long_texts.BUCKETS:
        chosen = [index for index, text in enumerate(texts) if long_texts.length_bucket(text.text) == bucket]
        for pooling, results in predicted.items():
            correct = sum(results[index].label == texts[index].label for index in chosen)
            rows.append(BucketRow(name, bucket, f"Palabre {mode}", POOLING_NAMES[pooling], len(chosen),
                                  round(correct / len(chosen), 3) if chosen else None))
    return rows


def evaluate_long_sentiment(data_dir: Path, modes: Sequence[str] = MODES) -> list[BucketRow]:
    """Every set × mode × bucket, both poolings, measured in this run."""
    return [row for name, texts in evaluation_sets(data_dir).items() for mode in modes
            for row in _rows(name, texts, mode)]


def as_markdown(rows: list[BucketRow]) -> str:
    """One line per set and bucket: n, then each mode's accuracy averaged and discourse-weighted."""
    order = list(POOLING_NAMES.values())  # the old averaging first, then the discourse weights
    systems = sorted(dict.fromkeys((row.system, row.pooling) for row in rows),
                     key=lambda key: (key[0], order.index(key[1])))
    lines = ["| texts | length (characters) | n | " + " | ".join(f"{system} {pooling}" for system, pooling in systems)
             + " |", "|---|---|---|" + "---|" * len(systems)]
    for texts, bucket in dict.fromkeys((row.texts, row.bucket) for row in rows):
        found = {(row.system, row.pooling): row for row in rows if (row.texts, row.bucket) == (texts, bucket)}
        examples = next(iter(found.values())).examples
        if not examples:
            continue
        cells = ["—" if found[key].accuracy is None else f"{found[key].accuracy:.3f}" for key in systems]
        lines.append(f"| {texts} | {bucket} | {examples} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
