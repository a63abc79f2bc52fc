"""Palabre's own answers to yes/no questions (benchmarks/stance_answers): templates × questions.

Each template is an answer with a gold stance toward the question (agree = yes, disagree = no,
neutral, query) and `{pro}` / `{con}` slots that a question's clauses fill. The suite is split by
template and by question: `dev` templates filled with `dev` questions are the development part,
`test` templates with `test` questions the held-out part, scored only for the report.

Also Palabre's own reader comments answering yes/no questions (benchmarks/stance_comments): whole
comments rather than templates, most of them arguing a side without saying yes or no; `dev.csv`
is read in development and training, `test.csv` is held out."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import InputError
from analytics.paths import BENCHMARKS_DIR

SUITE_DIR = BENCHMARKS_DIR / "stance_answers"
COMMENTS_DIR = BENCHMARKS_DIR / "stance_comments"
COMMENT_COLUMNS = ("id", "lang", "question_id", "question", "label", "style", "comment")
SPLITS = ("dev", "test")
LABELS = ("agree", "disagree", "query", "neutral")
QUESTION_COLUMNS = ("id", "lang", "split", "question", "pro", "con")
TEMPLATE_COLUMNS = ("id", "lang", "split", "label", "template")


@dataclass(frozen=True, slots=True)
class Case:
    """One answer (the reply) to one question (its parent) with its gold stance."""

    template: str
    question: str
    lang: str
    split: str
    label: str
    text: str
    parent: str


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The records of a commented CSV file (lines starting with # are notes), checked."""
    if not path.exists():
        raise InputError(str(path), "file", "a file of the stance answers suite", "no such file")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.lstrip().startswith("#")))
    for number, row in enumerate(rows, start=2):
        if any(not (row.get(column) or "").strip() for column in columns) or row.get("split", "dev") not in SPLITS \
                or row.get("label", "agree") not in LABELS:
            raise InputError(str(path), f"record {number}", f"the columns {', '.join(columns)}, a split in "
                             f"{', '.join(SPLITS)} and a label in {', '.join(LABELS)}", repr(row))
    return rows


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def cases(split: str, folder: Path = SUITE_DIR) -> list[Case]:
    """Every case of a split: its templates × its questions of the same language."""
    if split not in SPLITS:
        raise InputError("stance answers", None, f"a split in {', '.join(SPLITS)}", repr(split))
    questions = [row for row in _rows(folder / "questions.csv", QUESTION_COLUMNS) if row["split"] == split]
    templates = [row for row in _rows(folder / "templates.csv", TEMPLATE_COLUMNS) if row["split"] == split]
    found = []
    for template in templates:
        for question in (q for q in questions if q["lang"] == template["lang"]):
            fills = {"pro": question["pro"], "con": question["con"], "Pro": _capitalised(question["pro"]),
                     "Con": _capitalised(question["con"])}
            found.append(Case(template["id"], question["id"], template["lang"], split, template["label"],
                              template["template"].format(**fills), question["question"]))
    return found


def comments(split: str, folder: Path = COMMENTS_DIR) -> list[Case]:
    """The reader comments of a split (dev.csv or test.csv), each with its question as parent;
    Case.template holds the comment's style (explicit, argument, conditional, irony, experience, other)."""
    if split not in SPLITS:
        raise InputError("stance comments", None, f"a split in {', '.join(SPLITS)}", repr(split))
    return [Case(row["style"], row["question_id"], row["lang"], split, row["label"], row["comment"], row["question"])
            for row in _rows(folder / f"{split}.csv", COMMENT_COLUMNS)]
