"""How much each sentence of a long comment counts toward its sentiment: learned discourse weights.

Every sentence gets features of its place in the discourse — it belongs to the part after the last
sentence that opens with a contrast ("Mais …", "However …") or to the part before it, holds a
contrast inside, opens with a concession ("Même si …") or a conclusion ("Bref, …"), is first or
last, addresses someone, asks, exclaims, quotes, its length, and how opinionated its own classifier
found it. A sentence's weight is exp(features · theta); the comment's probabilities are the weighted
mean of its sentences' probabilities, shifted by a bias per class (or not: fit_bias). One weighting
per mode and per language's classifier (en; fr for every other language). `DiscourseWeighting.fit` learns theta and the bias on labelled long texts, starting from (and
regularised toward) the old rule, weights proportional to length. The markers are data:
data/lexicons/discourse_markers.csv.
"""
from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from analytics.errors import InputError, ModelError
from analytics.paths import DATA_DIR, MODEL_DIR
from analytics.text.words import fold, tokenize

MARKERS = DATA_DIR / "lexicons" / "discourse_markers.csv"
WEIGHTS = MODEL_DIR / "sentiment-discourse.json"
MARKER_KINDS = ("contrast", "concession", "conclusion", "address")
OPENING_TOKENS = 3  # a marker among a sentence's first tokens opens it ("Et pourtant, …", "@x but …")
FEATURE_NAMES = ("after_contrast", "before_contrast", "inner_contrast", "concession", "conclusion",
                 "first", "last", "position", "addresses", "question", "exclamation", "quoted",
                 "log_length", "opinion")
LENGTH_FEATURE = FEATURE_NAMES.index("log_length")
QUOTE_OPENINGS = (">", '"', "«", "“")
EPSILON = 1e-6


@cache
def markers(path: Path = MARKERS) -> dict[tuple[str, str], frozenset[tuple[str, ...]]]:
    """(lang, kind) -> the markers of that kind as tuples of folded tokens."""
    found: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        numbered = [(number, line) for number, line in enumerate(handle, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in numbered)
    for row in reader:
        number = numbered[reader.line_num - 1][0]
        marker, kind, lang = ((row.get(key) or "").strip() for key in ("marker", "kind", "lang"))
        words = tuple(fold(surface) for _, surface in tokenize(marker))
        if not words or kind not in MARKER_KINDS or lang not in ("fr", "en"):
            raise InputError(str(path), f"line {number}", f"a marker, a kind in {', '.join(MARKER_KINDS)} "
                             "and a language fr or en", repr(row))
        found.setdefault((lang, kind), set()).add(words)
    return {key: frozenset(value) for key, value in found.items()}


def _positions(words: list[str], lang: str, kind: str) -> list[int]:
    """Where markers of a kind start among a sentence's folded tokens."""
    phrases = markers().get((lang, kind), frozenset())
    return [start for start in range(len(words)) for phrase in phrases
            if tuple(words[start:start + len(phrase)]) == phrase]


def _marks(sentence: str, lang: str) -> dict[str, float]:
    tokens = tokenize(sentence)
    words = [fold(surface) for _, surface in tokens]
    contrast = _positions(words, lang, "contrast")
    return {"opens_contrast": float(any(start < OPENING_TOKENS for start in contrast)),
            "inner_contrast": float(any(start >= OPENING_TOKENS for start in contrast)),
            "concession": float(any(start < OPENING_TOKENS for start in _positions(words, lang, "concession"))),
            "conclusion": float(any(start < OPENING_TOKENS for start in _positions(words, lang, "conclusion"))),
            "addresses": float(bool(_positions(words, lang, "address"))
                               or any(kind == "handle" for kind, _ in tokens))}


def sentence_features(sentences: Sequence[str], lang: str, probabilities: np.ndarray) -> np.ndarray:
    """(n, len(FEATURE_NAMES)) discourse features of one text's sentences, in order, given each
    sentence's (negative, neutral, positive) probabilities."""
    count = len(sentences)
    features = np.zeros((count, len(FEATURE_NAMES)), dtype=np.float64)
    marks = [_marks(sentence, "en" if lang == "en" else "fr") for sentence in sentences]
    turn = max((index for index, mark in enumerate(marks) if mark["opens_contrast"]), default=-1)
    for index, (sentence, mark) in enumerate(zip(sentences, marks)):
        stripped = sentence.strip()
        features[index] = [
            float(turn >= 0 and index >= turn), float(index < turn),
            mark["inner_contrast"], mark["concession"], mark["conclusion"],
            float(index == 0), float(index == count - 1), index / max(count - 1, 1), mark["addresses"],
            float("?" in stripped[-3:]), float("!" in stripped), float(stripped.startswith(QUOTE_OPENINGS)),
            math.log(max(len(stripped), 1)), 1.0 - float(probabilities[index][1])]
    return features


def _softmax_rows(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


class DiscourseWeighting:
    """Sentence probabilities pooled into a text's, with weights learned from discourse features.

    Before fitting (and with regularisation → ∞) it is the old rule: weights proportional to length."""

    def __init__(self, *, regularisation: float = 0.05, fit_bias: bool = True, max_iter: int = 500) -> None:
        self.regularisation = regularisation
        self.fit_bias = fit_bias
        self.max_iter = max_iter

    @staticmethod
    def initial_parameters() -> np.ndarray:
        """theta (FEATURE_NAMES) then the class bias: weight ∝ length, no bias."""
        start = np.zeros(len(FEATURE_NAMES) + 3)
        start[LENGTH_FEATURE] = 1.0
        return start

    @staticmethod
    def _pool(parameters: np.ndarray, probabilities: np.ndarray, features: np.ndarray,
              starts: np.ndarray) -> np.ndarray:
        """(texts, 3) probabilities from stacked sentences; starts[i] is text i's first sentence."""
        theta, bias = parameters[:len(FEATURE_NAMES)], parameters[len(FEATURE_NAMES):]
        logits = features @ theta
        logits = logits - np.repeat(np.maximum.reduceat(logits, starts), np.diff(np.append(starts, len(logits))))
        weights = np.exp(logits)
        totals = np.add.reduceat(weights, starts)
        pooled = np.add.reduceat(weights[:, None] * probabilities, starts, axis=0) / totals[:, None]
        return _softmax_rows(np.log(pooled + EPSILON) + bias)

    def fit(self, probabilities: Sequence[np.ndarray], features: Sequence[np.ndarray], labels: Sequence[int],
            sample_weight: Sequence[float] | None = None) -> DiscourseWeighting:
        """Learn theta and the bias by weighted log-loss on texts (each: (n, 3) probabilities, (n, k)
        features; label 0 negative, 1 neutral, 2 positive), L2-regularised toward the length rule."""
        from scipy.optimize import minimize

        if not len(probabilities) or len(probabilities) != len(features) or len(features) != len(labels):
            raise ValueError(f"expected as many texts as labels (at least one); received {len(probabilities)} "
                             f"probability arrays, {len(features)} feature arrays and {len(labels)} labels")
        stacked, stacked_features, starts = _stack(probabilities, features)
        gold = np.asarray(labels, dtype=np.int64)
        weight = np.ones(len(gold)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        weight = weight / weight.sum()
        prior = self.initial_parameters()

        free = len(prior) if self.fit_bias else len(FEATURE_NAMES)  # without the bias, only theta is fitted

        def loss(values: np.ndarray) -> float:
            parameters = np.concatenate([values, prior[free:]])
            pooled = self._pool(parameters, stacked, stacked_features, starts)
            data = -float(np.sum(weight * np.log(pooled[np.arange(len(gold)), gold] + EPSILON)))
            return data + self.regularisation * float(np.sum((parameters - prior) ** 2))

        found = minimize(loss, prior[:free], method="L-BFGS-B", options={"maxiter": self.max_iter})
        found.x = np.concatenate([found.x, prior[free:]])
        self.parameters_ = found.x
        self.theta_ = dict(zip(FEATURE_NAMES, map(float, found.x[:len(FEATURE_NAMES)])))
        self.bias_ = [float(value) for value in found.x[len(FEATURE_NAMES):]]
        self.loss_ = float(found.fun)
        return self

    def predict_proba(self, probabilities: Sequence[np.ndarray], features: Sequence[np.ndarray]) -> np.ndarray:
        """(texts, 3) pooled probabilities (negative, neutral, positive)."""
        if not len(probabilities):
            return np.zeros((0, 3))
        parameters = getattr(self, "parameters_", None)
        parameters = self.initial_parameters() if parameters is None else parameters
        return self._pool(parameters, *_stack(probabilities, features))

    def as_dict(self) -> dict:
        """The learned parameters by name (what sentiment-discourse.json stores per mode)."""
        return {"theta": self.theta_, "bias": dict(zip(("negative", "neutral", "positive"), self.bias_)),
                "regularisation": self.regularisation, "fit_bias": self.fit_bias}

    @classmethod
    def from_dict(cls, stored: dict) -> DiscourseWeighting:
        """A fitted weighting from as_dict's output; a missing feature is an error naming it."""
        missing = [name for name in FEATURE_NAMES if name not in stored.get("theta", {})]
        if missing or len(stored.get("bias", {})) != 3:
            raise ModelError(f"expected discourse weights for {', '.join(FEATURE_NAMES)} and three biases; "
                             f"missing {missing or 'the biases'} (run `python -m analytics train sentiment`)")
        weighting = cls(regularisation=stored.get("regularisation", 0.05), fit_bias=stored.get("fit_bias", True))
        weighting.theta_ = {name: float(stored["theta"][name]) for name in FEATURE_NAMES}
        weighting.bias_ = [float(stored["bias"][label]) for label in ("negative", "neutral", "positive")]
        weighting.parameters_ = np.array([*weighting.theta_.values(), *weighting.bias_])
        return weighting


def _stack(probabilities: Sequence[np.ndarray], features: Sequence[np.ndarray]):
    sizes = [len(rows) for rows in probabilities]
    if min(sizes) < 1:
        raise ValueError("expected at least one sentence per text; received a text with none")
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    return np.vstack(probabilities).astype(np.float64), np.vstack(features), starts


@cache
def load_weighting(mode: str, lang: str, path: Path = WEIGHTS) -> DiscourseWeighting:
    """The shipped weighting of a mode (fast or accurate) for a language's classifier (en, or fr for any other)."""
    if not path.exists():
        raise ModelError(f"{path}: expected the learned discourse weights; found none "
                         "(run `python -m analytics train sentiment`)")
    stored = json.loads(path.read_text(encoding="utf-8")).get("modes", {})
    lang = "en" if lang == "en" else "fr"
    if lang not in stored.get(mode, {}):
        raise ModelError(f"{path}: expected discourse weights for mode {mode!r} and language {lang!r}; "
                         f"found {sorted((name, sorted(value)) for name, value in stored.items())} "
                         "(run `python -m analytics train sentiment`)")
    return DiscourseWeighting.from_dict(stored[mode][lang])
