"""Train the reply-stance model on RumourEval 2017 (rerunnable, seeded).

The shared copy (`rumoureval2017_threads_en`) merges the official train and dev parts: 297 threads
about 8 news events, which `event_of` restores from the source tweets' dates (the copy keeps no
event names). The dev part is the 25 threads about the Germanwings crash, an event the train part
never mentions: `evaluate stance` scores it, nothing here reads it.

Every choice is made on development data, never on Germanwings. By leave-one-event-out
cross-validation over the 7 train events (each event's replies predicted by a model fitted on the
6 others): the regularisation and class weights of the logistic regression and whether it reads
the multilingual-e5-small embeddings of the reply and its parent, and for each decision
rule the shift added to each label's log-probability — the shifts with the best macro-F1 over the
out-of-event predictions while accuracy stays at or above the majority class's share and
"neutral" is predicted at most NEUTRAL_RATIO times as often as it is true. The rule itself (whether
a yes or no answering a question decides, under any parent or only a question; whether an opening
marker decides; whether a reply to a question that gives no yes or no still takes a side) is the
one, among those meeting these constraints, with the best mean of that out-of-event macro-F1 and
of the macro-F1 on Palabre's development templates (benchmarks/stance_answers). RumourEval labels
a reply's stance toward the thread's source, so it judges the rule (a yes, a no or a marker
answers the parent) only on the replies to the source (`judged`), and cannot teach what an answer
to a question means. The
shifts toward the article are chosen like the reply shifts on the replies to the source tweets
(favour = support, against = deny, neutral = comment or query).
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from analytics.enrich.bundles import write_bundle
from analytics.enrich.stance import model as stance
from analytics.errors import InputError

FOLDER = "rumoureval2017_threads_en"
LABEL_CODES = {0: "agree", 1: "query", 2: "disagree", 3: "neutral"}  # support, query, deny, comment
# The 8 events of RumourEval 2017 by the date their source tweets start (UTC): each thread belongs
# to the last event starting on or before its source tweet. germanwings-crash is the official dev part.
EVENTS = (("ferguson", "2014-08-01"), ("ebola-essien", "2014-10-01"), ("ottawashooting", "2014-10-20"),
          ("prince-toronto", "2014-11-01"), ("sydneysiege", "2014-12-01"), ("charliehebdo", "2015-01-01"),
          ("putinmissing", "2015-03-01"), ("germanwings-crash", "2015-03-24"))
DEV_EVENT = "germanwings-crash"
DEV_FROM = datetime.fromisoformat(dict(EVENTS)[DEV_EVENT]).replace(tzinfo=UTC).timestamp()
# (C, class weights, embeddings): the embeddings' logistic regression is slow to fit, so one setting
# of it (the best of C 0.01/0.05 × none/balanced in a first run) is compared with the features alone.
CONFIGS = [*((c, w, False) for c in (0.1, 1.0) for w in (None, "balanced")), (0.01, "balanced", True)]
SHIFT_GRID = np.round(np.arange(-2.0, 2.01, 0.25), 2)
RULES = [{"answers": answers, "markers": markers} for answers in ("question", "always", "off")
         for markers in (False, True)]
NEUTRAL_RATIO = 1.2
RULE_KEYS = ("shifts", "article_shifts", "answers", "markers")
ARTICLE_CODES = {"agree": 0, "disagree": 1, "query": 2, "neutral": 2}  # ARTICLE_LABELS positions


@dataclass(frozen=True, slots=True)
class Reply:
    """One labelled RumourEval reply with its parent, its thread's source, depth (1 = to the source) and event."""

    post_id: str
    thread: str
    text: str
    parent: str
    root: str
    depth: int
    label: str
    dev: bool
    event: str = ""


def event_of(timestamp: float) -> str:
    """The RumourEval event a thread belongs to, from its source tweet's time."""
    found = EVENTS[0][0]
    for name, start in EVENTS:
        if timestamp >= datetime.fromisoformat(start).replace(tzinfo=UTC).timestamp():
            found = name
    return found


def _read(folder: Path) -> tuple[dict, dict, dict]:
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
    return structures, posts, {post: LABEL_CODES.get(int(code)) for post, code in zip(ids, codes)}


def read_replies(data_dir: Path) -> list[Reply]:
    """Every labelled reply of the RumourEval trees (source tweets excluded), in tree order."""
    structures, posts, labels = _read(data_dir / FOLDER)
    replies: list[Reply] = []
    for thread, tree in structures.items():
        if thread not in posts:
            continue
        source = posts[thread]
        dev, event = float(source["time"]) >= DEV_FROM, event_of(float(source["time"]))
        stack = [(child, grandchildren, thread, 1) for child, grandchildren in
                 reversed(list({**(tree.get(thread) or {}), **{k: v for k, v in tree.items() if k != thread}}.items()))]
        while stack:
            post, children, parent, depth = stack.pop()
            if post != thread and labels.get(post) and post in posts:
                replies.append(Reply(post, thread, posts[post]["text"], posts.get(parent, {}).get("text", ""),
                                     source["text"], depth, labels[post], dev, event))
            if isinstance(children, dict):
                stack.extend((child, grandchildren, post, depth + 1)
                             for child, grandchildren in reversed(list(children.items())))
    return replies


def model_input(replies: list[Reply], embeddings: bool, embed: stance.Embed | None = None) -> np.ndarray:
    """What the classifier reads for these replies (embeddings cached on disk when training)."""
    if embed is None:
        from analytics.enrich.embedding_cache import embed_cached as embed
    return stance.model_input(embeddings, [r.text for r in replies], [r.parent for r in replies], [r.root for r in replies],
                              [r.depth for r in replies], ["en"] * len(replies), embed)


def classifier(c: float, class_weight: str | None):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight=class_weight, max_iter=3000))


def out_of_event(matrix: np.ndarray, truth: np.ndarray, events: np.ndarray, c: float,
                 class_weight: str | None) -> np.ndarray:
    """Leave-one-event-out probabilities (LABELS order): each event predicted by a model fitted on the others."""
    probabilities = np.zeros((len(truth), len(stance.LABELS)))
    for event in sorted(set(events)):
        held = events == event
        model = classifier(c, class_weight).fit(matrix[~held], truth[~held])
        probabilities[held] = stance.ordered(model.predict_proba(matrix[held]), model.classes_)
    return probabilities


RULE_TRIGGERS = ("opens_agreeing", "opens_disagreeing", "opens_with_no", "parent_asks", "answers_yes", "answers_no")


def judged(features: np.ndarray) -> np.ndarray:
    """The features as the decision rule is judged on RumourEval: its label is the stance toward the
    thread's source, so a yes, a no or a marker, which answers the parent, is judged only on the
    replies to the source (below them the classifier's label stands)."""
    found = features.copy()
    deeper = found[:, stance.FEATURE_NAMES.index("answers_source")] == 0
    for name in RULE_TRIGGERS:
        found[deeper, stance.FEATURE_NAMES.index(name)] = 0
    return found


def _overrides(matrix: np.ndarray, rule: dict) -> np.ndarray:
    """Per reply, the index (LABELS order) the rule decides, or -1."""
    decided = [stance.rule_label(row, rule["answers"], rule["markers"]) for row in matrix]
    return np.array([stance.LABELS.index(label) if label else -1 for label in decided])


def scores(truth: np.ndarray, predicted: np.ndarray, classes: int) -> tuple[float, float, float]:
    """(macro-F1, accuracy, predicted share of the last class) of integer labels."""
    confusion = np.bincount(truth * classes + predicted, minlength=classes * classes).reshape(classes, classes)
    true_positive = np.diag(confusion)
    f1 = 2 * true_positive / np.maximum(confusion.sum(axis=0) + confusion.sum(axis=1), 1)
    return float(f1.mean()), float(true_positive.sum() / len(truth)), float(confusion[:, -1].sum() / len(truth))


def best_shifts(log_probabilities: np.ndarray, overrides: np.ndarray, truth: np.ndarray,
                mapping: Callable[[np.ndarray], np.ndarray], classes: int) -> tuple[bool, float, tuple[float, ...]]:
    """The shifts (neutral fixed at 0) with the best macro-F1 under the constraints: (constraints met,
    that F1, the shifts). When no shift meets them, the most accurate shifts, with False."""
    majority = np.bincount(truth, minlength=classes).max() / len(truth)
    neutral_true = np.mean(truth == classes - 1)
    best, most_accurate = None, None
    for shifts in itertools.product(SHIFT_GRID, repeat=len(stance.LABELS) - 1):
        shifted = (log_probabilities + np.array([*shifts, 0.0])).argmax(axis=1)
        predicted = mapping(np.where(overrides >= 0, overrides, shifted))
        f1, accuracy, neutral = scores(truth, predicted, classes)
        found = (*(float(s) for s in shifts), 0.0)
        if accuracy >= majority and neutral <= NEUTRAL_RATIO * neutral_true and (best is None or f1 > best[1]):
            best = (True, f1, found)
        if most_accurate is None or accuracy > most_accurate[0]:
            most_accurate = (accuracy, (False, f1, found))
    return best or most_accurate[1]


def candidates(probabilities: np.ndarray, matrix: np.ndarray, replies: list[Reply]) -> list[dict]:
    """Each rule (answers × markers) with its best shifts over one classifier's out-of-event
    probabilities, its macro-F1 and whether it meets the constraints."""
    truth = np.array([stance.LABELS.index(r.label) for r in replies])
    logs = np.log(np.clip(probabilities, 1e-9, 1.0))
    found = []
    for rule in RULES:
        met, f1, shifts = best_shifts(logs, _overrides(matrix, rule), truth, lambda labels: labels, len(stance.LABELS))
        found.append({**rule, "shifts": shifts, "cv_macro_f1": round(f1, 4), "constraints_met": met})
    return found


def article_shifts(probabilities: np.ndarray, matrix: np.ndarray, replies: list[Reply], rule: dict) -> dict:
    """The shifts toward the article: the same search on the replies to the source tweets, in 3 classes."""
    truth = np.array([stance.LABELS.index(r.label) for r in replies])
    to_source = np.array([r.depth == 1 for r in replies])
    article_of = np.array([ARTICLE_CODES[label] for label in stance.LABELS])
    met, f1, shifts = best_shifts(np.log(np.clip(probabilities[to_source], 1e-9, 1.0)),
                                  _overrides(matrix[to_source], rule), article_of[truth[to_source]],
                                  lambda labels: article_of[labels], len(stance.ARTICLE_LABELS))
    return {"article_shifts": shifts, "cv_article_macro_f1": round(f1, 4), "article_constraints_met": met}


def per_event(probabilities: np.ndarray, matrix: np.ndarray, replies: list[Reply], rule: dict) -> dict:
    """Out-of-event macro-F1, accuracy and majority share of each train event under the chosen rule."""
    from sklearn.metrics import accuracy_score, f1_score

    labels = np.array(stance.apply_rule(probabilities, matrix, rule))
    truth = np.array([r.label for r in replies])
    events = np.array([r.event for r in replies])
    found = {}
    for event in sorted(set(events)):
        held = events == event
        found[str(event)] = {"replies": int(held.sum()),
                        "macro_f1": round(float(f1_score(truth[held], labels[held], average="macro",
                                                         labels=list(stance.LABELS), zero_division=0)), 3),
                        "accuracy": round(float(accuracy_score(truth[held], labels[held])), 3),
                        "majority": round(float(max(np.mean(truth[held] == label) for label in stance.LABELS)), 3)}
    return found


def _best(rules: list[dict]) -> dict:
    return max(rules, key=lambda rule: (rule["constraints_met"], rule["cv_macro_f1"]))


def select(replies: list[Reply], embed: stance.Embed | None = None) -> dict:
    """Leave-one-event-out choice of the classifier's settings (by the best rule each allows): returns
    them with every rule's shifts, the out-of-event probabilities and the chosen input matrix."""
    truth = np.array([r.label for r in replies])
    events = np.array([r.event for r in replies])
    features = judged(model_input(replies, False))
    best, configurations = None, []
    for c, class_weight, embeddings in CONFIGS:
        matrix = model_input(replies, True, embed) if embeddings else features
        probabilities = out_of_event(matrix, truth, events, c, class_weight)
        rules = candidates(probabilities, features, replies)
        if best is None or (_best(rules)["constraints_met"], _best(rules)["cv_macro_f1"]) > \
                (_best(best["rules"])["constraints_met"], _best(best["rules"])["cv_macro_f1"]):
            best = {"C": c, "class_weight": class_weight, "embeddings": embeddings, "rules": rules,
                    "probabilities": probabilities, "matrix": matrix}
        configurations.append({"C": c, "class_weight": class_weight, "embeddings": embeddings,
                               **{key: _best(rules)[key] for key in ("cv_macro_f1", "constraints_met")}})
    return {**best, "truth": truth, "configurations": configurations}


def _template_inputs(embeddings: bool, embed: stance.Embed | None):
    from analytics.datasets.stance_answers import cases

    if embed is None:
        from analytics.enrich.embedding_cache import embed_cached as embed
    development = cases("dev")
    inputs = stance.model_input(embeddings, [c.text for c in development], [c.parent for c in development],
                                [c.parent for c in development], [1] * len(development),
                                [c.lang for c in development], embed)
    return inputs, [c.label for c in development]


def choose_rule(model, chosen: dict, replies: list[Reply], embed: stance.Embed | None) -> dict:
    """The decision rule: among the rules (answers × markers) whose out-of-event predictions
    on the train events meet the constraints, the one with the best mean of their macro-F1 and of
    the development templates' (benchmarks/stance_answers: RumourEval judges a reply toward the
    thread's source, so it cannot teach what an answer to its parent's question means)."""
    from sklearn.metrics import f1_score

    inputs, gold = _template_inputs(chosen["embeddings"], embed)
    probabilities = stance.ordered(model.predict_proba(inputs), model.classes_)
    features = judged(chosen["matrix"][:, :len(stance.FEATURE_NAMES)])
    truth = np.array([stance.LABELS.index(r.label) for r in replies])
    majority = np.bincount(truth).max() / len(truth)
    found = []
    for rule in chosen["rules"]:
        oof = np.array([stance.LABELS.index(label) for label in
                        stance.apply_rule(chosen["probabilities"], features, rule)])
        f1, accuracy, neutral = scores(truth, oof, len(stance.LABELS))
        labels = stance.apply_rule(probabilities, inputs[:, :len(stance.FEATURE_NAMES)], rule)
        found.append({**rule, "cv_macro_f1": round(f1, 4), "cv_accuracy": round(accuracy, 4),
                      "constraints_met": bool(accuracy >= majority and neutral <= NEUTRAL_RATIO * np.mean(truth == 3)),
                      "development_templates_macro_f1": round(float(f1_score(gold, labels, average="macro",
                                                                              zero_division=0)), 4)})
    best = max(found, key=lambda rule: (rule["constraints_met"],
                                         rule["cv_macro_f1"] + rule["development_templates_macro_f1"]))
    return {**best, **{key: chosen[key] for key in ("C", "class_weight", "embeddings", "configurations")},
            **article_shifts(chosen["probabilities"], features, replies, best), "candidates": found}


def train(data_dir: Path, output: Path = stance.MODEL, embed: stance.Embed | None = None) -> dict:
    """Choose by leave-one-event-out CV, fit on every train event, save; returns what was chosen."""
    import sklearn

    replies = [r for r in read_replies(data_dir) if not r.dev]
    chosen = select(replies, embed)
    model = classifier(chosen["C"], chosen["class_weight"]).fit(chosen["matrix"], chosen["truth"])
    rule = choose_rule(model, chosen, replies, embed)
    rule["per_event"] = per_event(chosen["probabilities"], judged(chosen["matrix"][:, :len(stance.FEATURE_NAMES)]),
                                  replies, rule)
    bundle = {"model": model, "rule": {key: rule[key] for key in RULE_KEYS}, "features": stance.FEATURE_NAMES,
              "embeddings": chosen["embeddings"], "selection": rule, "sklearn_version": sklearn.__version__,
              "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "training": f"RumourEval 2017 train events: {len(replies)} replies in "
                          f"{len({r.thread for r in replies})} threads, {len({r.event for r in replies})} events"}
    write_bundle(output, bundle)
    stance.load_model.cache_clear()
    return {**{key: value for key, value in rule.items() if key != "candidates"}, "path": str(output),
            "replies": len(replies)}
