"""Palabre's own sentiment sentences in the sentiment models' training.

The accurate models learnt one domain per language: DEFT's French tweets, and Reddit and TikTok
comments about Trump whose praise is often sarcastic. On ordinary English sentences (praise,
thanks, facts, negations) the English accurate model scored 0.43 macro-F1 against plain VADER's
0.69 (benchmarks/sentiment_functional, held-out part). The development part of that suite is added
to each language's training rows, each row weighing `weight` tweets. The weight is chosen when
training, among WEIGHTS, by the mean of two out-of-fold macro-F1 (five folds of the training split
and five of the suite's development rows, both held out together): on the training domain and on
the suite; they are added only if the best weight gains MIN_GAIN over none. That bar was set
after the first run, in which French gained 0.015 (0.759 → 0.774) but lost 3.5 points on long
French texts and a long comment's conclusion after "mais"; English gained 0.22. A weight is also
allowed only if the training split's own out-of-fold macro-F1 does not fall (MAX_DOMAIN_LOSS): the
fast French model, at the weight 30 the mean chose, lost 0.011 there and 0.022 on DEFT's held-out
validation tweets. The same weights serve both modes (fast mode's model fitted on texts,
accurate mode's on embeddings). The held-out part of the suite is never read here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np

WEIGHTS = (0.0, 3.0, 10.0, 30.0)
MIN_GAIN = 0.02  # the suite's rows are added only if they gain this much on the objective
MAX_DOMAIN_LOSS = 0.0  # ... and at a weight that costs the training domain nothing out of fold
FOLDS = 5


@cache
def development_rows(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(texts, labels) of the suite's development rows in a language, read once per process."""
    from analytics.datasets.sentiment_suite import cases

    own = [case for case in cases("dev") if case.lang == lang]
    return tuple(case.text for case in own), tuple(case.label for case in own)


def with_suite(inputs, labels: Sequence[str], suite_inputs, suite_labels: Sequence[str],
               weight: float) -> tuple[object, np.ndarray, np.ndarray]:
    """(rows, labels, sample weights) of the training split with the suite's rows at weight; inputs
    are a matrix (accurate mode's embeddings) or a list of texts (fast mode's)."""
    labels, suite_labels = np.asarray(labels), np.asarray(suite_labels)
    if not weight or not len(suite_labels):
        return inputs, labels, np.ones(len(labels))
    matrix = isinstance(inputs, np.ndarray) and inputs.dtype != object  # else texts, in a list or an array
    joined = np.vstack([inputs, suite_inputs]) if matrix else [*inputs, *suite_inputs]
    return (joined, np.concatenate([labels, suite_labels]),
            np.concatenate([np.ones(len(labels)), np.full(len(suite_labels), weight)]))


def chosen_weight(curve: dict[float, dict[str, float]]) -> float:
    """The weight of best objective among those that cost the training domain at most MAX_DOMAIN_LOSS,
    or none when it gains less than MIN_GAIN over none."""
    domain = curve[0.0]["training_out_of_fold_macro_f1"]
    allowed = [weight for weight in curve
               if curve[weight]["training_out_of_fold_macro_f1"] >= domain - MAX_DOMAIN_LOSS]
    best = max(allowed, key=lambda weight: (curve[weight]["objective"], -weight))
    return best if curve[best]["objective"] >= curve[0.0]["objective"] + MIN_GAIN else 0.0


def _taken(inputs, rows: np.ndarray):
    return inputs[rows] if isinstance(inputs, np.ndarray) else [inputs[row] for row in rows]


def choose(inputs, labels: Sequence[str], suite_inputs, suite_labels: Sequence[str],
           fit: Callable[[object, np.ndarray, np.ndarray], object], label_order: Sequence[str]) -> dict:
    """The suite rows' weight and the curve of both out-of-fold macro-F1; fit(rows, labels, sample
    weights) returns a fitted classifier of the mode."""
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
            rows, targets, weights = with_suite(_taken(inputs, train), labels[train], _taken(suite_inputs, suite_train),
                                                suite_labels[suite_train], weight)
            model = fit(rows, targets, weights)
            columns = [list(model.classes_).index(label) for label in order]
            domain[test] = model.predict_proba(_taken(inputs, test))[:, columns]
            suite[suite_test] = model.predict_proba(_taken(suite_inputs, suite_test))[:, columns]
        scores = [float(f1_score(gold, order[found.argmax(axis=1)], average="macro"))
                  for gold, found in ((labels, domain), (suite_labels, suite))]
        curve[weight] = {"training_out_of_fold_macro_f1": round(scores[0], 4),
                         "suite_development_out_of_fold_macro_f1": round(scores[1], 4),
                         "objective": round(sum(scores) / 2, 4)}
    return {"weight": chosen_weight(curve), "min_gain": MIN_GAIN, "max_domain_loss": MAX_DOMAIN_LOSS, "curve": curve,
            "folds": FOLDS, "suite_rows": len(suite_labels)}
