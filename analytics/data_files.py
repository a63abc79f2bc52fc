"""Palabre's own data files (word classes, settings): CSV whose lines starting with # are notes."""
from __future__ import annotations

import csv
from pathlib import Path

from analytics.errors import InputError


def noted_csv_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number in the file, row) of a CSV with these columns whose lines starting with # are notes;
    a wrong header or a row with too few or too many fields names its line."""
    with path.open(encoding="utf-8", newline="") as handle:
        numbered = [(number, line) for number, line in enumerate(handle, start=1)
                    if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(line for _, line in numbered)
    if tuple(reader.fieldnames or ()) != columns:
        raise InputError(str(path), "header", f"the columns {','.join(columns)}", repr(reader.fieldnames))
    rows = []
    for row in reader:
        number = numbered[reader.line_num - 1][0]
        if None in row or None in row.values():
            raise InputError(str(path), f"line {number}", f"{len(columns)} fields: {','.join(columns)}", repr(row))
        rows.append((number, {key: value.strip() for key, value in row.items()}))
    return rows
