"""Train the answer-side models (sides.py) on Palabre's development answers, rerunnable and seeded.

Training rows: the replies labelled agree, disagree or neutral of the development templates
(benchmarks/stance_answers, `dev` templates × `dev` questions) and of the development comments
(benchmarks/stance_comments/dev.csv). Held-out parts are never read here. The regularisation and
class weights of each mode's logistic regression are chosen by cross-validation grouped by question
(a question's answers are never both trained on and scored): the best macro-F1 on the replies the
answer list leaves undecided, with "neutral" predicted at most 1.2 times as often as it is true.
The record beside the model also gives each source's macro-F1 when the model is trained on the other source alone (templates → comments,
comments → templates), the closest the development data comes to text of another kind.
"""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from analytics.datasets import stance_answers
from analytics.enrich.bundles import write_bundle
from analytics.enrich.stance import model as stance
from analytics.enrich.stance import sides
from analytics.enrich.stance.answers import answer_side
from analytics.modes import MODES

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
WEIGHTS = (None, "balanced")
FOLDS = 5
MAX_NEUTRAL_RATIO = 1.2


def training_cases() -> list[tuple[str, stance_answers.Case]]:
    """(source, case) for the development answers to a yes/no question that take a side or none
    (agree, disagree, neutral), without asking back: the replies sides.py decides."""
    found = [*(("templates", case) for case in stance_answers.cases("dev")),
             *(("comments", case) for case in stance_answers.comments("dev"))]
    return [(kind, case) for kind, case in found if case.label in sides.LABELS and sides.polar_question(case.parent)
            and not stance.reply_text(case.text).endswith("?")]


def _classifier(mode: str, c: float, weight: str | None):
    """Fast: TF-IDF of the reply's words beside its scaled scores; accurate: the scaled array."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    regression = LogisticRegression(C=c, class_weight=weight, max_iter=5000)
    if mode == "accurate":
        return make_pipeline(StandardScaler(), regression)
    columns = ColumnTransformer([("words", TfidfVectorizer(min_df=2, sublinear_tf=True), "words"),
                                 ("scores", StandardScaler(), list(sides.SCORE_COLUMNS))])
    return make_pipeline(columns, regression)


def _scores(truth: np.ndarray, predicted: np.ndarray) -> dict:
    from sklearn.metrics import f1_score

    neutral_true = float(np.mean(truth == "neutral"))
    return {"macro_f1": round(float(f1_score(truth, predicted, labels=list(sides.LABELS), average="macro",
                                             zero_division=0)), 4),
            "accuracy": round(float(np.mean(predicted == truth)), 4),
            "neutral_ratio": round(float(np.mean(predicted == "neutral")) / neutral_true, 2) if neutral_true else None}


def _grouped(matrix, truth: np.ndarray, groups: list[str], setting: tuple, undecided: np.ndarray) -> dict:
    """Out-of-question scores on the replies the answer list leaves undecided."""
    from sklearn.model_selection import GroupKFold, cross_val_predict

    predicted = cross_val_predict(_classifier(*setting), matrix, truth, groups=groups, cv=GroupKFold(FOLDS))
    return _scores(truth[undecided], predicted[undecided])


def _across_sources(matrix, truth: np.ndarray, kinds: np.ndarray, setting: tuple, undecided: np.ndarray) -> dict:
    """Macro-F1 on each source's undecided replies by a model trained on the other source alone."""
    found = {}
    for kind in ("templates", "comments"):
        test = (kinds == kind) & undecided
        model = _classifier(*setting).fit(matrix[kinds != kind], truth[kinds != kind])
        found[f"trained without {kind}"] = _scores(truth[test], model.predict(matrix[test]))["macro_f1"]
    return found


def _choose(curve: dict) -> tuple:
    """The setting with the best out-of-question macro-F1 among those predicting neutral at most
    MAX_NEUTRAL_RATIO times as often as it is true (the simpler, more regularised one on ties)."""
    allowed = [key for key, found in curve.items() if (found["neutral_ratio"] or 0) <= MAX_NEUTRAL_RATIO] or list(curve)
    return max(allowed, key=lambda key: (curve[key]["macro_f1"], key[1] is None, -key[0]))


def train(output: Path = sides.MODEL, embed=None) -> dict:
    """Fit both modes' side classifiers, choose C and class weights by grouped cross-validation, save the bundle."""
    import sklearn

    sourced = training_cases()
    cases = [case for _, case in sourced]
    truth = np.array([case.label for case in cases])
    groups = [f"{case.lang}:{case.question}" for case in cases]
    kinds = np.array([kind for kind, _ in sourced])
    undecided = np.array([answer_side(case.text) is None for case in cases])
    commonest = max(sides.LABELS, key=list(truth[undecided]).count)
    langs = [case.lang for case in cases]
    models, record = {}, {}
    for mode in MODES:
        matrix = sides.side_features([case.text for case in cases], langs, mode, embed)
        curve = {(c, weight): _grouped(matrix, truth, groups, (mode, c, weight), undecided)
                 for c in C_GRID for weight in WEIGHTS}
        chosen = _choose(curve)
        models[mode] = _classifier(mode, *chosen).fit(matrix, truth)
        record[mode] = {"C": chosen[0], "class_weight": chosen[1], **curve[chosen],
                        "settings": [{"C": c, "class_weight": weight, **found} for (c, weight), found in curve.items()],
                        **_across_sources(matrix, truth, kinds, (mode, *chosen), undecided)}
    bundle = {"models": models, "sklearn_version": sklearn.__version__,
              "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "training": {"replies": len(cases), "undecided_by_answers": int(undecided.sum()),
                           "labels": {label: int((truth == label).sum()) for label in sides.LABELS},
                           "sources": {k: int((kinds == k).sum()) for k in ("templates", "comments")},
                           "commonest_label_scores": _scores(truth[undecided], np.full(int(undecided.sum()), commonest))},
              "cross_validation": record}
    write_bundle(output, bundle)
    sides.load_model.cache_clear()
    return {"path": str(output), **{key: value for key, value in bundle.items() if key != "models"}}
