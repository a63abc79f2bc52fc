"""Stance: a reply's stance toward its parent, a comment's stance toward each of its targets.

Reply stance (agree, disagree, query, neutral) is a logistic regression over features that do
not depend on the language's vocabulary, so the model learned on RumourEval's English replies
carries over to French:
- counts of agree, disagree, query and negation cues from `data/lexicons/stance_cues.csv` (the
  cues of the text's language: "je confirme" fills the slot "confirmed" filled in training);
- question and exclamation marks, a question at the end, a link, the length, an opening "no";
- whether the reply answers the thread's source (the article) or another comment, and its depth;
- how much of the reply's wording it shares with the source and with its parent.
An explicit answer marker opening the reply ("Je confirme", "Exactement", "Faux.", "N'importe
quoi", "No,") decides, unless the reply ends with a question: stance here is toward the parent,
and such a marker answers it. Otherwise the classifier decides. Class weights on its probabilities were tuned by grouped cross-validation on the training
threads, under the constraint that accuracy stays above the majority class's
(see stance_training.py). The model file is `analytics/models/stance-reply.joblib`.

Stance toward a target follows from what is said of it: `against` when the comment attacks it
or speaks of it negatively, `favour` when it speaks of it positively without attacking it,
`neutral` otherwise.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from analytics.enrich.bundles import read_bundle
from analytics.errors import InputError
from analytics.paths import DATA_DIR, MODEL_DIR
from analytics.text.normalize import normalize_text
from analytics.text.words import fold, fold_text

LABELS = ("agree", "disagree", "query", "neutral")
TARGET_LABELS = ("favour", "against", "neutral")
CUE_KINDS = ("agree", "disagree", "query", "negation")
CUES = DATA_DIR / "lexicons" / "stance_cues.csv"
MODEL = MODEL_DIR / "stance-reply.joblib"
TARGET_THRESHOLD = 0.2  # |sentiment of what is said about a target| above which it is favour/against
FEATURE_NAMES = (*[f"{kind}_cues" for kind in CUE_KINDS], "opens_agreeing", "opens_disagreeing",
                 "opens_with_no", "question_marks", "ends_with_question", "exclamation_marks", "has_link",
                 "length", "answers_source", "depth", "shared_with_source", "shared_with_parent")
WORD = re.compile(r"\w+")
LEADING_HANDLES = re.compile(r"^(?:\s*@\w+[:,]?)+")
OPENING_NO = re.compile(r"^\W*(no|non|nope|nah)\b")
OPENING_WORDS = 4  # a cue among a reply's first words answers the parent: "Faux.", "Je confirme", "True"
MAX_COUNT = 3


@dataclass(frozen=True, slots=True)
class Stance:
    """A reply's stance label and the probability of each label (LABELS order)."""

    label: str
    probabilities: tuple[float, ...]

    def as_dict(self) -> dict:
        return {"label": self.label, "probabilities": dict(zip(LABELS, self.probabilities, strict=True))}


def _pattern(cue: str) -> str:
    body = re.escape(cue)
    before = r"(?<!\w)" if cue[:1].isalnum() else ""
    after = r"(?!\w)" if cue[-1:].isalnum() else ""
    return before + body + after


@cache
def cue_patterns(path: Path = CUES) -> dict[tuple[str, str], re.Pattern]:
    """One compiled pattern per (language, kind), over folded text (no case, no accents)."""
    found: dict[tuple[str, str], list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines), start=2):
            cue, kind, lang = (row.get("cue") or "").strip(), (row.get("kind") or "").strip(), \
                (row.get("lang") or "").strip()
            if not cue or kind not in CUE_KINDS or lang not in ("fr", "en"):
                raise InputError(str(path), f"row {number}", f"a cue, a kind in {', '.join(CUE_KINDS)} "
                                 "and a language fr or en", repr(row))
            found.setdefault((lang, kind), []).append(fold(cue))
    return {key: re.compile("|".join(_pattern(cue) for cue in sorted(cues, key=len, reverse=True)))
            for key, cues in found.items()}


def _words(text: str) -> set[str]:
    return {word for word in WORD.findall(fold_text(text)) if len(word) > 3 and word not in ("http", "user")}


@lru_cache(maxsize=64)
def _source_words(text: str) -> set[str]:
    """The words of a thread's source (its article): every reply in the thread reads them."""
    return _words(normalize_text(text))


def _shared(words: set[str], other: set[str]) -> float:
    return len(words & other) / len(words) if words else 0.0


def _count(folded: str, kind: str, langs: tuple[str, ...]) -> int:
    patterns = cue_patterns()
    return min(MAX_COUNT, sum(len(patterns[(code, kind)].findall(folded)) for code in langs
                              if (code, kind) in patterns))


def features(text: str, parent: str, root: str, depth: int, lang: str = "en") -> list[float]:
    """The FEATURE_NAMES values of one reply; depth 1 answers the source (the article) itself.

    Leading @handles (a platform's reply prefix) are dropped first; counts are capped at MAX_COUNT."""
    model_text = normalize_text(LEADING_HANDLES.sub("", text or "")).replace("@user", "")
    folded = fold_text(model_text).strip()
    langs = (lang,) if lang in ("fr", "en") else ("fr", "en")
    opening = " ".join(folded.split()[:OPENING_WORDS])
    words = _words(model_text)
    return [*(_count(folded, kind, langs) for kind in CUE_KINDS),
            float(_count(opening, "agree", langs) > 0), float(_count(opening, "disagree", langs) > 0),
            float(bool(OPENING_NO.search(folded))), min(MAX_COUNT, folded.count("?")),
            float(folded.endswith("?")), min(MAX_COUNT, folded.count("!")), float("http" in folded),
            min(len(folded.split()), 60) / 20, float(depth <= 1), min(depth, 5) / 5,
            _shared(words, _source_words(root or "")), _shared(words, _words(normalize_text(parent or "")))]


def feature_matrix(texts: Sequence[str], parents: Sequence[str], roots: Sequence[str], depths: Sequence[int],
                   langs: Sequence[str]) -> np.ndarray:
    return np.array([features(*row) for row in zip(texts, parents, roots, depths, langs, strict=True)],
                    dtype=np.float64).reshape(len(texts), len(FEATURE_NAMES))


@cache
def load_model(path: Path = MODEL) -> dict:
    """The trained reply-stance bundle: model, class weights, scikit-learn version."""
    return read_bundle(path, "the reply-stance model", "stance")


def decide(probabilities: np.ndarray, classes: Sequence[str], weights: Sequence[float]) -> list[Stance]:
    """Weighted arg-max of the classifier's probabilities, reported in LABELS order."""
    columns = [list(classes).index(label) for label in LABELS]
    ordered = probabilities[:, columns]
    weighted = ordered * np.asarray([weights[list(classes).index(label)] for label in LABELS])
    return [Stance(LABELS[int(row.argmax())], tuple(round(float(p), 4) for p in probs))
            for row, probs in zip(weighted, ordered)]


def answer_marker(row: np.ndarray) -> str | None:
    """The label an explicit marker opening a reply gives it ("Je confirme", "Faux.", "No,"), or None.

    A question is left to the classifier ("Vraiment ?" queries rather than agrees)."""
    position = FEATURE_NAMES.index
    if row[position("ends_with_question")]:
        return None
    if row[position("opens_disagreeing")] or row[position("opens_with_no")]:
        return "disagree"
    if row[position("opens_agreeing")]:
        return "agree"
    return None


def predict(texts: Sequence[str], parents: Sequence[str], roots: Sequence[str] | None = None,
            depths: Sequence[int] | None = None, langs: Sequence[str] | str = "en",
            markers: bool = True) -> list[Stance]:
    """Stance of each reply toward its parent. Without roots the parent is the source; without
    depths a reply with a root other than its parent is taken to be at depth 2. With markers, an
    explicit answer marker opening the reply decides (answer_marker); the classifier otherwise."""
    if not texts:
        return []
    roots = list(roots) if roots is not None else list(parents)
    if depths is None:
        depths = [1 if not root or root == parent else 2 for parent, root in zip(parents, roots)]
    langs = [langs] * len(texts) if isinstance(langs, str) else list(langs)
    bundle = load_model()
    matrix = feature_matrix(texts, parents, roots, depths, langs)
    found = decide(bundle["model"].predict_proba(matrix), bundle["model"].classes_, bundle["weights"])
    if markers:
        for index, row in enumerate(matrix):
            marked = answer_marker(row)
            if marked:
                found[index] = Stance(marked, found[index].probabilities)
    return found


def target_stance(sentiment: float | None, attack: bool) -> str:
    """favour, against or neutral toward a target, from what is said of it and whether it is attacked."""
    if attack or (sentiment is not None and sentiment <= -TARGET_THRESHOLD):
        return "against"
    if sentiment is not None and sentiment >= TARGET_THRESHOLD:
        return "favour"
    return "neutral"
