"""Palabre's functional test suite for attacks (benchmarks/functional): templates × target fills.

A template names a functionality, a gold label (1 attack, 0 not) and a slot (`pl`, `sg` or `none`);
`expand` fills every slotted template with every target of its language and number. The suite is
split by template: the development templates may be read and trained on, the test templates are
only scored (`evaluate attacks`)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import InputError
from analytics.paths import BENCHMARKS_DIR

SUITE_DIR = BENCHMARKS_DIR / "functional"
PARTS = {"dev": "templates_dev.csv", "test": "templates_test.csv"}
FILL_FIELDS = ("def", "de_def", "a_def", "bare", "pron", "obj", "stressed")
TEMPLATE_COLUMNS = ("id", "lang", "functionality", "label", "slot", "target", "text")


@dataclass(frozen=True, slots=True)
class Case:
    """One comment of the suite with its gold label and gold target."""

    template: str
    lang: str
    functionality: str
    label: int
    target: str  # the canonical name attacked or named ("" when nobody is)
    text: str
    fill: str = ""  # the targets.csv row that filled the slot


def _rows(path: Path) -> list[dict[str, str]]:
    """The records of a commented CSV file (lines starting with # are notes)."""
    if not path.exists():
        raise InputError(str(path), "file", "a template or target file of the functional suite", "no such file")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


def read_fills(directory: Path = SUITE_DIR) -> list[dict[str, str]]:
    """The target fills of targets.csv."""
    return _rows(directory / "targets.csv")


def read_templates(part: str, directory: Path = SUITE_DIR) -> list[dict[str, str]]:
    """The templates of one part (`dev` or `test`), checked column by column."""
    return read_template_file(directory / PARTS[part])


def read_template_file(path: Path) -> list[dict[str, str]]:
    """The templates of one file (a part, or an earlier version of one), checked column by column."""
    templates = _rows(path)
    for line, template in enumerate(templates, start=2):
        missing = [column for column in TEMPLATE_COLUMNS if template.get(column) is None]
        if missing or template["label"] not in ("0", "1") or template["slot"] not in ("pl", "sg", "none"):
            raise InputError(str(path), f"record {line - 1} ({template.get('id')})",
                             "columns id, lang, functionality, label 0/1, slot pl/sg/none, target, text",
                             f"missing {missing}" if missing else f"label {template['label']!r}, slot {template['slot']!r}")
    return templates


def _filled(text: str, fill: dict[str, str]) -> str:
    feminine = fill["fem"] == "1"
    values = {field: fill[field] for field in FILL_FIELDS}
    values.update(tous="toutes" if feminine else "tous", e="e" if feminine else "")
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def expand(part: str, directory: Path = SUITE_DIR) -> list[Case]:
    """Every case of one part: slotted templates filled with each target of their language and
    number (contemptuous fills only in hateful templates), the others as written."""
    fills = read_fills(directory)
    cases = []
    for template in read_templates(part, directory):
        label = int(template["label"])
        if template["slot"] == "none":
            text = template["text"]
            cases.append(Case(template["id"], template["lang"], template["functionality"], label,
                              template["target"].strip(), text[:1].upper() + text[1:]))
            continue
        for fill in fills:
            if fill["lang"] != template["lang"] or fill["number"] != template["slot"]:
                continue
            if fill["contempt"] == "1" and not label:
                continue
            text = _filled(template["text"], fill)
            cases.append(Case(template["id"], template["lang"], template["functionality"], label,
                              fill["canonical"], text[:1].upper() + text[1:], fill["id"]))
    return cases
