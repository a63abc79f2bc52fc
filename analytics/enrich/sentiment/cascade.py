"""Accurate mode embeds only what the fast model is unsure of.

Embedding a text is nearly all of accurate mode's cost (about 600 tokens/s per core), and on many
texts the fast classifier is already confident and right. In accurate mode a unit (a short text or
a sentence) is first read by the fast model; only when the fast model's highest probability is below
the language's `defer_below` is it embedded and read by the accurate model. The sentences of a
text too long to be read whole are always read by the accurate model: the discourse weights that
pool them were fitted on its probabilities (cascading them lost 7 points on long English comments).

`defer_below` is chosen when training, on the training split only, out of fold: both models are
fitted on four folds and read the fifth; the lowest threshold of THRESHOLDS whose macro-F1 is within
TOLERANCE of the accurate model's alone is kept (one threshold per language), with the whole curve,
in the accurate model's bundle. A bundle without it embeds every unit.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
TOLERANCE = 0.005  # macro-F1 points (as a fraction) the cascade may give up against the accurate model alone
FOLDS = 5
EVERY_UNIT = 1.01  # a threshold above any probability: every unit is embedded


def deferred(fast: np.ndarray, defer_below: float) -> np.ndarray:
    """Indices of the rows (probabilities) on which the fast model is unsure."""
    return np.flatnonzero(fast.max(axis=1) < defer_below)


def choose(texts: Sequence[str], labels: Sequence[str], inputs: Callable[[Sequence[str], str], object],
           fit: Callable[[str, object, np.ndarray], object], label_order: Sequence[str]) -> dict:
    """The cascade's threshold and its out-of-fold curve: inputs(texts, mode) is what a mode's
    classifier reads, fit(mode, inputs, labels) that classifier fitted as the shipped one is (with
    the sentiment suite's rows, suite_rows.py)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    labels = np.asarray(labels)
    features = {mode: np.asarray(inputs(texts, mode), dtype=None if mode == "accurate" else object)
                for mode in ("fast", "accurate")}  # fast reads the texts themselves
    probabilities = {mode: np.zeros((len(labels), len(label_order))) for mode in features}
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(np.zeros(len(labels)), labels):
        for mode, matrix in features.items():
            model = fit(mode, matrix[train], labels[train])
            columns = [list(model.classes_).index(label) for label in label_order]
            probabilities[mode][test] = model.predict_proba(matrix[test])[:, columns]

    def macro_f1(rows: np.ndarray) -> float:
        return float(f1_score(labels, np.asarray(label_order)[rows.argmax(axis=1)], average="macro"))

    alone = macro_f1(probabilities["accurate"])
    curve = {}
    for threshold in THRESHOLDS:
        combined = probabilities["fast"].copy()
        unsure = deferred(combined, threshold)
        combined[unsure] = probabilities["accurate"][unsure]
        curve[threshold] = {"embedded": round(len(unsure) / len(labels), 3), "macro_f1": round(macro_f1(combined), 4)}
    kept = [threshold for threshold in THRESHOLDS if curve[threshold]["macro_f1"] >= alone - TOLERANCE]
    return {"defer_below": min(kept, default=EVERY_UNIT), "accurate_alone_macro_f1": round(alone, 4),
            "fast_alone_macro_f1": round(macro_f1(probabilities["fast"]), 4), "curve": curve,
            "folds": FOLDS, "tolerance": TOLERANCE}
