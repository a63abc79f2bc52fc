"""`evaluate stance`: reply stance on RumourEval 2017's dev part (the Germanwings threads, an event
no training choice ever saw), Palabre beside the majority class and a TF-IDF logistic
regression trained on the train events in this run; per-class F1, the confusion matrix and how
often "neutral" is predicted beside how often it is true. Labels: support → agree, deny →
disagree, query → query, comment → neutral; each reply is judged toward its parent.

Also: stance toward the article on the dev replies that answer the source tweet (support → favour,
deny → against, the rest neutral), and Palabre's own answers to yes/no questions
(benchmarks/stance_answers, templates, and benchmarks/stance_comments, whole comments; development
and held-out parts apart; both modes, since the side a reply to a yes/no question takes is read by
each mode's own model, sides.py).
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analytics.datasets import stance_answers
from analytics.datasets.shared import default_data_dir
from analytics.enrich.embeddings import embed
from analytics.enrich.stance import model as stance
from analytics.enrich.stance.training import DEV_EVENT, read_replies
from analytics.modes import MODES

DATASET = "RumourEval 2017 dev (en, Germanwings threads, unseen event)"
ARTICLE_OF = {"agree": "favour", "disagree": "against", "query": "neutral", "neutral": "neutral"}


class Memo:
    """An embedder that remembers every text's vector, so two systems over the same texts embed once."""

    def __init__(self):
        self.vectors: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, embed(missing)))
        return np.array([self.vectors[text] for text in texts], dtype=np.float32).reshape(len(texts), -1)


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str], neutral: str = "neutral") -> dict:
    """Accuracy, macro-F1, per-class F1, confusion (rows gold, columns predicted) and neutral rates."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    per_class = f1_score(gold, predicted, average=None, labels=list(labels), zero_division=0)
    predicted_neutral, true_neutral = np.mean(np.array(predicted) == neutral), np.mean(np.array(gold) == neutral)
    return {"n": len(gold), "accuracy": round(float(accuracy_score(gold, predicted)), 3),
            "macro_f1": round(float(np.mean(per_class)), 3),
            "per_class_f1": {label: round(float(value), 3) for label, value in zip(labels, per_class)},
            "confusion": confusion_matrix(gold, predicted, labels=list(labels)).tolist(),
            "neutral_predicted": round(float(predicted_neutral), 3), "neutral_true": round(float(true_neutral), 3),
            "neutral_ratio": round(float(predicted_neutral / true_neutral), 2) if true_neutral else None}


def _baselines(train, dev) -> list[dict]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    gold = [r.label for r in dev]
    majority = max(stance.LABELS, key=[r.label for r in train].count)
    tfidf = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          LogisticRegression(class_weight="balanced", max_iter=3000))
    tfidf.fit([r.text for r in train], [r.label for r in train])
    return [{"system": f"majority class ({majority})", **score(gold, [majority] * len(dev), stance.LABELS),
             "texts_per_s": None},
            {"system": "TF-IDF + logistic regression (balanced, trained here)",
             **score(gold, list(tfidf.predict([r.text for r in dev])), stance.LABELS), "texts_per_s": None}]


def _palabre(dev, embed: Memo) -> list[dict]:
    gold = [r.label for r in dev]
    columns = ([r.text for r in dev], [r.parent for r in dev], [r.root for r in dev], [r.depth for r in dev])
    rows = []
    for name, rule in (("classifier alone", False), ("classifier + decision rule", True)):
        started = time.perf_counter()
        found = stance.predict(*columns, "en", rule=rule, embed=embed)
        elapsed = time.perf_counter() - started
        rows.append({"system": f"Palabre, {name}", **score(gold, [s.label for s in found], stance.LABELS),
                     "texts_per_s": round(len(dev) / max(elapsed, 1e-9), 1)})
    return rows


def _article(dev, embed: Memo) -> list[dict]:
    to_source = [r for r in dev if r.depth == 1]
    gold = [ARTICLE_OF[r.label] for r in to_source]
    rows = [{"system": "majority class (neutral)", **score(gold, ["neutral"] * len(gold), stance.ARTICLE_LABELS)}]
    found = stance.predict([r.text for r in to_source], [r.root for r in to_source], [r.root for r in to_source],
                           [1] * len(to_source), "en", toward="article", embed=embed)
    rows.append({"system": "Palabre", **score(gold, [s.label for s in found], stance.ARTICLE_LABELS)})
    return rows


SUITES = {"templates": stance_answers.cases, "comments": stance_answers.comments}


def _answers(embed: Memo) -> list[dict]:
    """Both answer suites (templates, whole comments), each part and language, in both modes."""
    rows = []
    for suite, read in SUITES.items():
        for split in stance_answers.SPLITS:
            for lang in ("fr", "en"):
                cases = [case for case in read(split) if case.lang == lang]
                gold = [case.label for case in cases]
                sided = np.array([label in ("agree", "disagree") for label in gold])
                for mode in MODES:
                    found = stance.predict([c.text for c in cases], [c.parent for c in cases], None, [1] * len(cases),
                                           lang, embed=embed, mode=mode)
                    predicted = np.array([s.label for s in found])
                    rows.append({"suite": suite, "part": "development" if split == "dev" else "held-out", "lang": lang,
                                 "system": f"Palabre, {mode}", **score(gold, list(predicted), stance.LABELS),
                                 "sided_accuracy": round(float(np.mean(predicted[sided] == np.array(gold)[sided])), 3)})
    return rows


def evaluate_stance(data_dir: Path | None = None) -> dict:
    """Every system on the unseen event, stance toward the article, and the answers suite."""
    replies = read_replies(data_dir or default_data_dir())
    train = [r for r in replies if not r.dev]
    dev = [r for r in replies if r.dev]
    embed = Memo()
    systems = [*_baselines(train, dev), *_palabre(dev, embed)]
    selection = {key: value for key, value in stance.load_model()["selection"].items() if key != "candidates"}
    return {"dataset": DATASET, "event": DEV_EVENT, "labels": list(stance.LABELS), "systems": systems,
            "article": _article(dev, embed), "article_labels": list(stance.ARTICLE_LABELS),
            "answers": _answers(embed), "selection": selection}


def _confusion(labels: Sequence[str], confusion: list[list[int]]) -> list[str]:
    lines = ["| gold \\ predicted | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    return lines + [f"| {label} | " + " | ".join(str(n) for n in row) + " |" for label, row in zip(labels, confusion)]


def as_markdown(results: dict) -> str:
    """The evaluation as Markdown tables."""
    labels = results["labels"]
    lines = [f"Reply stance toward the parent: {results['dataset']}", "",
             "| system | n | accuracy | macro-F1 | " + " | ".join(f"F1 {label}" for label in labels)
             + " | neutral predicted / true | texts/s |", "|---|---:|---:|---:|" + "---:|" * len(labels) + "---:|---:|"]
    for row in results["systems"]:
        lines.append(f"| {row['system']} | {row['n']} | {row['accuracy']:.3f} | {row['macro_f1']:.3f} | "
                     + " | ".join(f"{row['per_class_f1'][label]:.2f}" for label in labels)
                     + f" | {row['neutral_predicted']:.2f} / {row['neutral_true']:.2f} ({row['neutral_ratio']}×) | "
                     f"{row['texts_per_s'] or '—'} |")
    for row in results["systems"]:
        if row["system"].startswith("Palabre") and row["system"].endswith("decision rule"):
            lines += ["", f"Confusion, {row['system']}:", "", *_confusion(labels, row["confusion"])]
    article_labels = results["article_labels"]
    lines += ["", "Stance toward the article (dev replies to the source tweet; support → favour, deny → against):", "",
              "| system | n | accuracy | macro-F1 | " + " | ".join(f"F1 {label}" for label in article_labels)
              + " | neutral predicted / true |", "|---|---:|---:|---:|" + "---:|" * len(article_labels) + "---:|"]
    for row in results["article"]:
        lines.append(f"| {row['system']} | {row['n']} | {row['accuracy']:.3f} | {row['macro_f1']:.3f} | "
                     + " | ".join(f"{row['per_class_f1'][label]:.2f}" for label in article_labels)
                     + f" | {row['neutral_predicted']:.2f} / {row['neutral_true']:.2f} |")
    lines += ["", "Answers to yes/no questions (templates: benchmarks/stance_answers; comments: "
              "benchmarks/stance_comments):", "",
              "| suite | part | lang | system | n | accuracy | macro-F1 | agree/disagree answers right | "
              "neutral predicted / true |", "|---|---|---|---|---:|---:|---:|---:|---:|"]
    for row in results["answers"]:
        lines.append(f"| {row['suite']} | {row['part']} | {row['lang']} | {row['system']} | {row['n']} | {row['accuracy']:.3f} | "
                     f"{row['macro_f1']:.3f} | {row['sided_accuracy']:.3f} | "
                     f"{row['neutral_predicted']:.2f} / {row['neutral_true']:.2f} |")
    rule = results["selection"]
    lines += ["", f"Chosen on the train events (leave-one-event-out) and the development templates: C={rule['C']}, "
              f"class weights {rule['class_weight']}, embeddings {rule['embeddings']}, shifts {rule['shifts']} "
              f"(article {rule['article_shifts']}), answers {rule['answers']}, markers {rule['markers']}; "
              f"out-of-event macro-F1 {rule['cv_macro_f1']}, accuracy {rule['cv_accuracy']} "
              f"(constraints met: {rule['constraints_met']}); toward the article {rule['cv_article_macro_f1']}.",
              "", "| C | class weights | embeddings | best out-of-event macro-F1 | constraints met |",
              "|---:|---|---|---:|---|"]
    lines += [f"| {row['C']} | {row['class_weight']} | {row['embeddings']} | {row['cv_macro_f1']} | "
              f"{row['constraints_met']} |" for row in rule["configurations"]]
    return "\n".join(lines)
