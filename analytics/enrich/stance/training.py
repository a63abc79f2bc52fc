"""Train the reply-stance model on RumourEval 2017 (rerunnable, seeded).

The shared copy (`rumoureval2017_threads_en`) merges the official train and dev parts. The dev
part is the 25 threads about the Germanwings crash (sources posted from 24 March 2015), an event
absent from the train part; `split` restores it from the source tweets' dates. Only the train
part (272 threads, 3,966 replies) is used here: the classifier's regularisation is fixed, and
the weights that turn its probabilities into a label are chosen by 5-fold cross-validation
grouped by thread, as those maximising macro-F1 while accuracy stays at or above the majority
class's share. The dev part is kept for `evaluate stance`.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from analytics.enrich.stance import model as stance
from analytics.errors import InputError
from analytics.files import atomic_write

FOLDER = "rumoureval2017_threads_en"
DEV_FROM = datetime(2015, 3, 24, tzinfo=UTC).timestamp()  # the Germanwings crash: the official dev event
LABEL_CODES = {0: "agree", 1: "query", 2: "disagree", 3: "neutral"}  # support, query, deny, comment
WEIGHT_GRID = (0.5, 1, 1.5, 2, 3, 4, 6)
C = 0.1


@dataclass(frozen=True, slots=True)
class Reply:
    """One labelled RumourEval reply with its parent, its thread's source and its depth (1 = to the source)."""

    post_id: str
    thread: str
    text: str
    parent: str
    root: str
    depth: int
    label: str
    dev: bool


def read_replies(data_dir: Path) -> list[Reply]:
    """Every labelled reply of the RumourEval trees (source tweets excluded), in tree order."""
    folder = data_dir / FOLDER
    try:
        structures = json.loads((folder / "traindev__structures.json").read_text(encoding="utf-8"))
        posts = json.loads((folder / "traindev__posts.json").read_text(encoding="utf-8"))
        ids = (folder / "traindev__post_id.txt").read_text(encoding="utf-8").split()
        codes = (folder / "traindev__post_label.txt").read_text(encoding="utf-8").split()
    except OSError as error:
        raise InputError(str(folder), None, "the RumourEval 2017 files (traindev__*.json, *.txt)",
                         str(error)) from None
    if len(ids) != len(codes):
        raise InputError(str(folder), None, "as many post labels as post ids", f"{len(ids)} ids, {len(codes)} labels")
    labels = {post: LABEL_CODES.get(int(code)) for post, code in zip(ids, codes)}
    replies: list[Reply] = []
    for thread, tree in structures.items():
        if thread not in posts:
            continue
        source = posts[thread]
        dev = float(source["time"]) >= DEV_FROM
        stack = [(child, grandchildren, thread, 1) for child, grandchildren in
                 reversed(list({**(tree.get(thread) or {}), **{k: v for k, v in tree.items() if k != thread}}.items()))]
        while stack:
            post, children, parent, depth = stack.pop()
            if post != thread and labels.get(post) and post in posts:
                replies.append(Reply(post, thread, posts[post]["text"], posts.get(parent, {}).get("text", ""),
                                     source["text"], depth, labels[post], dev))
            if isinstance(children, dict):
                stack.extend((child, grandchildren, post, depth + 1)
                             for child, grandchildren in reversed(list(children.items())))
    return replies


def matrix(replies: list[Reply]) -> np.ndarray:
    return stance.feature_matrix([r.text for r in replies], [r.parent for r in replies],
                                 [r.root for r in replies], [r.depth for r in replies], ["en"] * len(replies))


def classifier():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=3000))


def tune_weights(probabilities: np.ndarray, truth: np.ndarray, classes: np.ndarray) -> tuple[tuple, float]:
    """The class weights maximising macro-F1 with accuracy ≥ the majority class's share."""
    from sklearn.metrics import accuracy_score, f1_score

    majority = max(np.mean(truth == label) for label in classes)
    neutral = list(classes).index("neutral")
    best: tuple[float, tuple] = (-1.0, tuple(1.0 for _ in classes))
    for combination in itertools.product(WEIGHT_GRID, repeat=len(classes) - 1):
        weights = list(combination)
        weights.insert(neutral, 1.0)
        predicted = classes[(probabilities * weights).argmax(axis=1)]
        if accuracy_score(truth, predicted) >= majority:
            score = f1_score(truth, predicted, average="macro")
            if score > best[0]:
                best = (score, tuple(float(w) for w in weights))
    return best[1], best[0]


def cross_validated(replies: list[Reply], features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities (5 folds grouped by thread) and the classes' order."""
    from sklearn.model_selection import GroupKFold

    truth = np.array([r.label for r in replies])
    groups = np.array([r.thread for r in replies])
    probabilities = np.zeros((len(replies), len(stance.LABELS)))
    classes = None
    for train, test in GroupKFold(n_splits=5).split(features, truth, groups):
        model = classifier().fit(features[train], truth[train])
        classes = model.classes_
        probabilities[test] = model.predict_proba(features[test])
    return probabilities, classes


def train(data_dir: Path, output: Path = stance.MODEL) -> dict:
    """Fit on the train part, tune the class weights by grouped CV, save; returns a summary."""
    import joblib
    import sklearn

    replies = [r for r in read_replies(data_dir) if not r.dev]
    features = matrix(replies)
    truth = np.array([r.label for r in replies])
    probabilities, classes = cross_validated(replies, features)
    weights, cv_f1 = tune_weights(probabilities, truth, classes)
    model = classifier().fit(features, truth)
    assert list(model.classes_) == list(classes)
    output.parent.mkdir(parents=True, exist_ok=True)
    bundle = {"model": model, "weights": weights, "features": stance.FEATURE_NAMES,
              "sklearn_version": sklearn.__version__, "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "training": f"RumourEval 2017 train part: {len(replies)} replies in "
                          f"{len({r.thread for r in replies})} threads", "cv_macro_f1": round(cv_f1, 4)}
    atomic_write(output, lambda partial: joblib.dump(bundle, partial, compress=3))
    stance.load_model.cache_clear()
    return {"replies": len(replies), "classes": list(classes), "weights": weights, "cv_macro_f1": round(cv_f1, 4),
            "path": str(output)}
