"""Answers to questions: a reply that answers its parent's question takes the side of its answer.

"Oui, …", "Absolument", "Je suis pour" answer yes (agree: for what the question proposes); "Non, …",
"Surtout pas", "Je suis contre", "No way" answer no (disagree). The answers are data
(`data/lexicons/stance_answers.csv`); the longest one opening the reply counts, and a yes followed
at once by a negation word of `stance_cues.csv` ("Absolutely not", "Bien sûr que non") answers no.
"""
from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from analytics.errors import InputError
from analytics.paths import DATA_DIR
from analytics.text.words import fold, fold_text

ANSWERS = DATA_DIR / "lexicons" / "stance_answers.csv"
CUES = DATA_DIR / "lexicons" / "stance_cues.csv"
SIDES = ("agree", "disagree", "none")
LEADING = re.compile(r"^(?:\s*@\w+[:,]?)+|^[\s\W_]+")
QUESTION_END = re.compile(r"\?[\s\"'»”)\]!.…]*(?:\W{0,4})$")
LINKS = ("que",)  # words between a yes-answer and the negation that turns it into a no ("Bien sûr que non")


@cache
def answer_sides(path: Path = ANSWERS) -> dict[str, str]:
    """Folded answer → side, from the answers file (every language: an answer seldom means the
    opposite in the other one)."""
    found: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines), start=2):
            answer, side = (row.get("answer") or "").strip(), (row.get("side") or "").strip()
            if not answer or side not in SIDES or (row.get("lang") or "").strip() not in ("fr", "en"):
                raise InputError(str(path), f"row {number}", f"an answer, a side in {', '.join(SIDES)} and a "
                                 "language fr or en", repr(row))
            found[fold(answer)] = side
    return found


@cache
def _opening(path: Path = ANSWERS) -> re.Pattern:
    answers = sorted(answer_sides(path), key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(answer) for answer in answers) + r")(?!\w)")


@cache
def _negations(path: Path = CUES) -> frozenset[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        cues = {fold((row.get("cue") or "").strip()) for row in rows if row.get("kind") == "negation"}
    return frozenset(cue for cue in cues if cue.isalpha() and len(cue) > 2)  # whole words: not "n'", "ne"


def answer_side(text: str) -> str | None:
    """agree or disagree when the text opens with a yes or no answer, else None."""
    folded = fold_text(LEADING.sub("", text or "")).lstrip()
    match = _opening().match(folded)
    if not match:
        return None
    side = answer_sides()[match.group()]
    if side == "none":
        return None
    following = re.match(r"[\w' ]*", folded[match.end():]).group().split()  # up to the first punctuation
    while following and following[0] in LINKS:
        following = following[1:]
    if side == "agree" and following and following[0] in _negations():
        return "disagree"
    return side


def asks_question(text: str) -> bool:
    """Whether a text (a parent) ends by asking a question."""
    return bool(QUESTION_END.search((text or "").strip()))
