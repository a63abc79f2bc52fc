"""Palabre's functional test suite for sentiment (benchmarks/sentiment_functional): short French and
English comments with a clear gold label (negative, neutral, positive), by functionality. Split by
template: the development rows may be read and used to choose settings, the test rows are only
scored (`evaluate sentiment`)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import InputError
from analytics.paths import BENCHMARKS_DIR

SUITE_DIR = BENCHMARKS_DIR / "sentiment_functional"
PARTS = {"dev": "templates_dev.csv", "test": "templates_test.csv"}
COLUMNS = ("id", "lang", "functionality", "label", "text")
LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Case:
    """One comment of the suite with its gold label."""

    id: str
    lang: str
    functionality: str
    label: str
    text: str


def cases(part: str, directory: Path = SUITE_DIR) -> list[Case]:
    """The cases of one part (`dev` or `test`), checked record by record."""
    path = directory / PARTS[part]
    if not path.exists():
        raise InputError(str(path), "file", "a part of the sentiment functional suite", "no such file")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.lstrip().startswith("#")))
    found = []
    for number, row in enumerate(rows, start=1):
        if any(row.get(column) in (None, "") for column in COLUMNS) or row["label"] not in LABELS \
                or row["lang"] not in ("fr", "en"):
            raise InputError(str(path), f"record {number} ({row.get('id')})",
                             "columns id, lang fr/en, functionality, label negative/neutral/positive, text", repr(row))
        found.append(Case(*(row[column] for column in COLUMNS)))
    return found
