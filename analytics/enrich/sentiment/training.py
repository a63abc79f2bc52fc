"""Train the accurate sentiment models from the labelled public datasets (rerunnable, seeded).

French: the DEFT 2017 tweets' train split (1,839 tweets, 613 per class); the val split is kept
for evaluation and never trained on. English: the Reddit and TikTok comments about Trump
(train and val splits); their test splits are kept for evaluation. The accurate
classifier (RBF SVC, C=1, over standardised embeddings and doubled rule features) was chosen by 5-fold
cross-validation on the French train split among logistic regression, ridge, LDA and SVC. Since
2026-12-07 it also learns from the development part of Palabre's sentiment suite (suite_rows.py).
"""
from __future__ import annotations

import csv
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np

from analytics.datasets.shared import default_data_dir
from analytics.enrich.bundles import write_bundle
from analytics.enrich.sentiment import cascade, rules, suite_rows
from analytics.enrich.sentiment import model as sentiment
from analytics.errors import InputError
from analytics.modes import MODES
from analytics.text.normalize import normalize_text

LABEL_NAMES = {"deft": {"0": "negative", "1": "neutral", "2": "positive"},
               "reddit": {"0": "neutral", "1": "positive", "2": "negative"}}


def read_deft(data_dir: Path, split: str) -> tuple[list[str], list[str]]:
    """(texts, labels) of a DEFT 2017 split: one tweet per line, labels 0/1/2 in a parallel file."""
    folder = data_dir / "deft2017_sentiment_fr"
    texts = _lines(folder / f"{split}_text.txt")
    codes = _lines(folder / f"{split}_labels.txt")
    if len(texts) != len(codes):
        raise InputError(str(folder), split, "as many labels as texts", f"{len(texts)} texts, {len(codes)} labels")
    try:
        return texts, [LABEL_NAMES["deft"][code.strip()] for code in codes]
    except KeyError as error:
        raise InputError(str(folder / f"{split}_labels.txt"), None, "labels 0, 1 or 2", str(error)) from None


def read_reddit(data_dir: Path, splits: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(texts, labels) of the Reddit and TikTok comments (`content`, `support` 0 neutral/1 positive/2 negative)."""
    texts, labels = [], []
    for site in ("Reddit", "Tiktok"):
        for split in splits:
            path = data_dir / "reddit_threads_en" / f"{site}-Trump__comments_{split}.csv"
            if not path.exists():
                raise InputError(str(path), None, "the reddit_threads_en dataset", "no such file")
            with path.open(encoding="utf-8", newline="") as handle:
                for number, row in enumerate(csv.DictReader(handle), start=2):
                    if not (row.get("content") or "").strip():
                        continue  # a comment with no text (an image, a deleted comment)
                    label = LABEL_NAMES["reddit"].get((row.get("support") or "").strip())
                    if label is None:
                        raise InputError(str(path), f"record {number - 1}", "support 0, 1 or 2",
                                         repr(row.get("support")))
                    texts.append(row["content"])
                    labels.append(label)
    return texts, labels


def _lines(path: Path) -> list[str]:
    if not path.exists():
        raise InputError(str(path), None, "a dataset file (set $PALABRE_SHARED_DATA)", "no such file")
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def french_rule_features(texts):
    """Rule features of French texts (a named function, so the fast pipeline can be saved)."""
    return sentiment.rule_features(texts, "fr")


def english_rule_features(texts):
    """Rule features of English texts."""
    return sentiment.rule_features(texts, "en")


def lowercase_model_text(text: str) -> str:
    """The fast model's view of a text: normalised and lower-cased."""
    return normalize_text(text).lower()


RULE_FEATURE_WEIGHT = 2.0


def weight_rule_features(scaled):
    """Double the standardised rule features beside the 384 embedding dimensions. Cross-validation
    on the French train split ties weights 1 and 2 (macro-F1 0.721 both); 2 is kept because
    tweets hold few insults and, at 1, bare insults ("Connard", "Tu es un porc") read as neutral."""
    scaled = np.array(scaled, dtype=np.float32, copy=True)
    scaled[:, -len(rules.FEATURE_NAMES):] *= RULE_FEATURE_WEIGHT
    return scaled


def build_classifier(mode: str, lang: str):
    """fast: TF-IDF character n-grams + rule features, logistic regression; accurate: scaled
    embeddings + rule features, RBF SVC with sigmoid-calibrated probabilities."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import FunctionTransformer, StandardScaler
    from sklearn.svm import SVC

    if mode == "fast":
        rule_step = FunctionTransformer(english_rule_features if lang == "en" else french_rule_features)
        ngrams = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                 preprocessor=lowercase_model_text, dtype=np.float32)
        return make_pipeline(make_union(ngrams, make_pipeline(rule_step, StandardScaler())),
                             LogisticRegression(C=3.0, max_iter=3000))
    return make_pipeline(StandardScaler(), FunctionTransformer(weight_rule_features),
                         CalibratedClassifierCV(SVC(C=1.0), method="sigmoid", ensemble=False))


def fit_weighted(mode: str, lang: str, inputs, labels, weights=None):
    """The mode's classifier fitted on inputs (texts in fast mode, embeddings in accurate), each row
    at its sample weight."""
    step = "logisticregression" if mode == "fast" else "calibratedclassifiercv"
    return build_classifier(mode, lang).fit(inputs, labels, **({} if weights is None else
                                                                {f"{step}__sample_weight": weights}))


def _with_suite(texts: list[str], labels: list[str], lang: str, mode: str):
    """The mode's model fitted on the training split and the sentiment suite's development rows of
    the language, at the weight suite_rows.choose picks; returns it with the choice."""
    inputs, suite_inputs = sentiment.model_input(texts, lang, mode), _suite_inputs(lang, mode)
    choice = suite_rows.choose(inputs, labels, suite_inputs, suite_rows.development_rows(lang)[1],
                               lambda rows, targets, weights: fit_weighted(mode, lang, rows, targets, weights),
                               sentiment.LABELS)
    return fitted_with_suite(mode, lang, inputs, labels, choice["weight"], suite_inputs), choice


@cache
def _suite_inputs(lang: str, mode: str):
    """What the mode's classifier reads of the suite's development rows (worked out once per process:
    the cascade refits with them in every fold)."""
    return sentiment.model_input(suite_rows.development_rows(lang)[0], lang, mode)


def fitted_with_suite(mode: str, lang: str, inputs, labels, weight: float, suite_inputs=None):
    """The mode's model fitted on inputs and the suite's development rows at weight; suite_inputs:
    what the classifier reads of those rows, when already at hand."""
    if weight and suite_inputs is None:
        suite_inputs = _suite_inputs(lang, mode)
    rows, targets, weights = suite_rows.with_suite(inputs, labels, suite_inputs if weight else [],
                                                   suite_rows.development_rows(lang)[1], weight)
    return fit_weighted(mode, lang, rows, targets, weights)


def train(data_dir: Path | None = None, modes: tuple[str, ...] = MODES) -> dict[str, Path]:
    """Fit and save each mode's French and English models, then the discourse weights that pool a
    long text's sentences (discourse_training.py); returns their paths."""
    import sklearn

    data_dir = data_dir or default_data_dir()
    corpora = {"fr": (read_deft(data_dir, "train"), "DEFT 2017 French tweets, train split (1,839)"),
               "en": (read_reddit(data_dir, ("train", "val")),
                      "Reddit and TikTok comments about Trump, train and val splits")}
    sentiment.MODEL_DIR.mkdir(parents=True, exist_ok=True)
    written = {}
    for lang, ((texts, labels), description) in corpora.items():
        weights = {}
        for mode in modes:
            path = sentiment.model_path(mode, lang)
            bundle = {"mode": mode, "lang": lang, "trained_on": description,
                      "examples": len(texts), "sklearn_version": sklearn.__version__,
                      "trained_at": datetime.now(UTC).isoformat(timespec="seconds")}
            # with Palabre's own sentences, at the weight cross-validation chose; in accurate mode, then
            # which texts the fast model may answer for it (cascade.py)
            bundle["model"], bundle["suite_rows"] = _with_suite(texts, labels, lang, mode)
            weights[mode] = bundle["suite_rows"]["weight"]
            if mode == "accurate":  # both models fitted as shipped, with the suite rows each chose
                weights.setdefault("fast", sentiment.load_model("fast", lang).get("suite_rows", {}).get("weight", 0.0))
                bundle["cascade"] = cascade.choose(
                    texts, labels, lambda texts, mode: sentiment.model_input(texts, lang, mode),
                    lambda mode, rows, targets: fitted_with_suite(mode, lang, rows, targets, weights[mode]),
                    sentiment.LABELS)
            write_bundle(path, bundle)
            written[f"{mode}-{lang}"] = path
    sentiment.load_model.cache_clear()
    # imported here: discourse_training reads this module
    from analytics.enrich.sentiment.discourse_training import train_discourse

    written["discourse"] = train_discourse(data_dir, modes)
    return written

