"""Palabre's own sentiment sentences in accurate mode's training.

The accurate models learnt one domain per language: DEFT's French tweets, and Reddit and TikTok
comments about Trump whose praise is often sarcastic. On ordinary English sentences (praise,
thanks, facts, negations) the English accurate model scored 0.43 macro-F1 against plain VADER's
0.69 (benchmarks/sentiment_functional, held-out part). The development part of that suite is added
to each language's training rows, each row weighing `weight` tweets. The weight is chosen when
training, among WEIGHTS, by the mean of two out-of-fold macro-F1 (five folds of the training split
and five of the suite's development rows, both held out together): on the training domain and on
the suite; they are added only if the best weight gains MIN_GAIN over none. That bar was set
after the first run, in which French gained 0.015 (0.759 → 0.774) but lost 3.5 points on long
French texts and a long comment's conclusion after "mais"; English gained 0.22. The held-out part
of the suite is never read here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np

WEIGHTS = (0.0, 3.0, 10.0, 30.0)
MIN_GAIN = 0.02  # the suite's rows are added only if they gain this much on the objective
FOLDS = 5


@cache
def development_rows(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(texts, labels) of the suite's development rows in a language, read once per process."""
    from analytics.datasets.sentiment_suite import cases

    own = [case for case in cases("dev") if case.lang == lang]
    return tuple(case.text for case in own), tuple(case.label for case in own)


def with_suite(matrix: np.ndarray, labels: Sequence[str], suite_matrix: np.ndarray, suite_labels: Sequence[str],
               weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, labels, sample weights) of the training split with the suite's rows at weight."""
    labels, suite_labels = np.asarray(labels), np.asarray(suite_labels)
    if not weight or not len(suite_labels):
        return matrix, labels, np.ones(len(labels))
    return (np.vstack([matrix, suite_matrix]), np.concatenate([labels, suite_labels]),
            np.concatenate([np.ones(len(labels)), np.full(len(suite_labels), weight)]))


def choose(matrix: np.ndarray, labels: Sequence[str], suite_matrix: np.ndarray, suite_labels: Sequence[str],
           build: Callable[[], object], label_order: Sequence[str]) -> dict:
    """The suite rows' weight and the curve of both out-of-fold macro-F1; build() is an unfitted
    accurate classifier (a pipeline ending in a calibrated SVC)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    labels, suite_labels = np.asarray(labels), np.asarray(suite_labels)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    pairs = list(zip(folds.split(np.zeros(len(labels)), labels),
                     folds.split(np.zeros(len(suite_labels)), suite_labels)))
    order, curve = np.asarray(label_order), {}
    for weight in WEIGHTS:
        domain, suite = np.zeros((len(labels), len(order))), np.zeros((len(suite_labels), len(order)))
        for (train, test), (suite_train, suite_test) in pairs:
            rows, targets, weights = with_suite(matrix[train], labels[train], suite_matrix[suite_train],
                                                suite_labels[suite_train], weight)
            model = build().fit(rows, targets, calibratedclassifiercv__sample_weight=weights)
            columns = [list(model.classes_).index(label) for label in order]
            domain[test] = model.predict_proba(matrix[test])[:, columns]
            suite[suite_test] = model.predict_proba(suite_matrix[suite_test])[:, columns]
        scores = [float(f1_score(gold, order[found.argmax(axis=1)], average="macro"))
                  for gold, found in ((labels, domain), (suite_labels, suite))]
        curve[weight] = {"training_out_of_fold_macro_f1": round(scores[0], 4),
                         "suite_development_out_of_fold_macro_f1": round(scores[1], 4),
                         "objective": round(sum(scores) / 2, 4)}
    best = max(WEIGHTS, key=lambda weight: (curve[weight]["objective"], -weight))
    if curve[best]["objective"] < curve[0.0]["objective"] + MIN_GAIN:
        best = 0.0
    return {"weight": best, "min_gain": MIN_GAIN, "curve": curve, "folds": FOLDS, "suite_rows": len(suite_labels)}
