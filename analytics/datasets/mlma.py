"""MLMA French hostile tweets, split into a development part (every 5th row) and a held-out part,
and Palabre's own blind reannotations of samples of them (benchmarks/annotations/README.md)."""
from __future__ import annotations

import csv
from pathlib import Path

from analytics.paths import BENCHMARKS_DIR

ANNOTATIONS = BENCHMARKS_DIR / "annotations" / "mlma_fr_attacks.csv"
# name: (labels, part of MLMA the rows must come from); see benchmarks/annotations/README.md
HELD_OUT_SAMPLES = {
    "second (seed 2029)": (ANNOTATIONS.with_name("mlma_fr_attacks_2.csv"), "test"),  # labelled before 0.5.0
    "third (seed 2031)": (ANNOTATIONS.with_name("mlma_fr_attacks_3.csv"), "test"),  # after 0.5.0's rules
    "fourth (seed 2033)": (ANNOTATIONS.with_name("mlma_fr_attacks_4.csv"), "test"),  # after 0.6.0's tropes
    "fifth (seed 2035)": (ANNOTATIONS.with_name("mlma_fr_attacks_5.csv"), "test"),  # after all of 0.6.0's rules
    "sixth (seed 2037)": (ANNOTATIONS.with_name("mlma_fr_attacks_6.csv"), "test"),  # after 0.7.0's first rules
    "seventh (seed 2039)": (ANNOTATIONS.with_name("mlma_fr_attacks_7.csv"), "test")}  # after all of 0.7.0's rules
DEV_ANNOTATIONS = ANNOTATIONS.with_name("mlma_fr_attacks_dev.csv")  # the development part, to work on
DEVELOPMENT_SAMPLES = {  # where the rules' errors are read
    "development part (every 5th row)": (DEV_ANNOTATIONS, "dev"),
    "first held-out sample (seed 2026), read from 0.7.0 on": (ANNOTATIONS, "test")}


def mlma_french(data_dir: Path) -> list[dict]:
    """Every MLMA French row, in the file's order (a row's position decides its part)."""
    with (data_dir / "mlma_hate_speech" / "fr_dataset.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def in_part(number: int, part: str) -> bool:
    return (number % 5 == 0) == (part == "dev")


def mlma_rows(data_dir: Path, part: str = "test") -> list[dict]:
    """The MLMA French rows of one part: `dev` (every 5th row) or `test` (the others)."""
    return [row for number, row in enumerate(mlma_french(data_dir)) if in_part(number, part)]


def read_annotations(data_dir: Path, path: Path = ANNOTATIONS,
                     part: str = "test") -> list[tuple[dict, bool, bool, set[str]]]:
    """(MLMA row, attack, borderline, groups attacked) per reannotated tweet; the rows must belong
    to the part (`test`: held out; `dev`: the development sample) and their HITIds match the
    dataset's. `groups` names Palabre's canonical groups, ";"-separated (empty in the development
    sample's first 600 rows)."""
    rows = mlma_french(data_dir)
    labelled = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            number = int(record["row"])
            if not in_part(number, part) or number >= len(rows) or rows[number]["HITId"] != record["HITId"]:
                raise ValueError(f"{path}, line {line}: expected a{' development' if part == 'dev' else ' held-out'} "
                                 f"MLMA French row whose HITId is {record['HITId']}, got row {number}")
            groups = {group for group in (record.get("groups") or "").split(";") if group}
            labelled.append((rows[number], record["attack"] == "1", record["borderline"] == "1", groups))
    return labelled
