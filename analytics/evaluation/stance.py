"""`evaluate stance`: reply stance on RumourEval 2017's dev part (the Germanwings threads, an event
the train part never mentions), Palabre beside the majority class and a TF-IDF logistic regression
trained on the same train part in this run. Labels: support → agree, deny → disagree,
query → query, comment → neutral; each reply is judged toward its parent, with the source as root.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from analytics.datasets.shared import default_data_dir
from analytics.enrich.stance import model as stance
from analytics.enrich.stance.training import read_replies
from analytics.evaluation.sentiment import Row

DATASET = "RumourEval 2017 dev (en, Germanwings threads)"


def _score(system: str, gold: list[str], predicted: list[str], elapsed: float, note: str = "") -> Row:
    from sklearn.metrics import accuracy_score, f1_score

    return Row(DATASET, system, len(gold), round(accuracy_score(gold, predicted), 3),
               round(f1_score(gold, predicted, average="macro", labels=list(stance.LABELS), zero_division=0), 3),
               round(len(gold) / max(elapsed, 1e-9), 1), note)


def evaluate_stance(data_dir: Path | None = None) -> list[Row]:
    """Every system on the dev part, measured in this run."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    replies = read_replies(data_dir or default_data_dir())
    train = [r for r in replies if not r.dev]
    dev = [r for r in replies if r.dev]
    gold = [r.label for r in dev]
    rows = []
    majority = max({r.label for r in train}, key=[r.label for r in train].count)
    rows.append(_score(f"majority class ({majority})", gold, [majority] * len(dev), 1.0, "—"))
    started = time.perf_counter()
    tfidf = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          LogisticRegression(class_weight="balanced", max_iter=3000))
    tfidf.fit([r.text for r in train], [r.label for r in train])
    rows.append(_score("TF-IDF + logistic regression (balanced)", gold, list(tfidf.predict([r.text for r in dev])),
                       time.perf_counter() - started, "trained here"))
    stance.predict(["warm-up"], ["warm-up"])
    for system, markers in (("Palabre classifier alone", False), ("Palabre (classifier + answer markers)", True)):
        started = time.perf_counter()
        found = stance.predict([r.text for r in dev], [r.parent for r in dev], [r.root for r in dev],
                               [r.depth for r in dev], "en", markers=markers)
        rows.append(_score(system, gold, [s.label for s in found], time.perf_counter() - started))
    return rows


def per_class(data_dir: Path | None = None) -> dict[str, float]:
    """Palabre's F1 per label on the dev part."""
    from sklearn.metrics import f1_score

    dev = [r for r in read_replies(data_dir or default_data_dir()) if r.dev]
    found = stance.predict([r.text for r in dev], [r.parent for r in dev], [r.root for r in dev],
                           [r.depth for r in dev], "en")
    scores = f1_score([r.label for r in dev], [s.label for s in found], average=None, labels=list(stance.LABELS),
                      zero_division=0)
    return {label: round(float(score), 3) for label, score in zip(stance.LABELS, np.atleast_1d(scores))}
