"""Fit the discourse weights of long comments (discourse.py) per mode and language, on texts never judged.

Fitting texts: long texts (over WHOLE_TEXT_LIMIT characters, the ones whose sentences are pooled)
assembled from the DEFT 2017 train split (same-label runs and contrast texts, long_texts.py) and the
Reddit and TikTok train/val comments of threads holding no test comment (real long comments, plus
runs and contrast texts of their short ones). The test comments, their threads and the DEFT val split
are what `evaluate sentiment` scores. Each fitting text's sentences are scored out of fold: the
sentence classifier of the mode is refitted without the fold's tweets or threads, as a new
comment's sentences are scored by a classifier that never saw them. Per language, the regularisation
(toward the length rule) and whether to learn a class bias are chosen by leave-one-fold-out accuracy
averaged over the kinds of texts; contrast texts, labelled by construction, count half a kind in the
fit and in that choice.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from analytics.enrich.embeddings import embed
from analytics.enrich.sentiment import discourse, long_texts, suite_rows
from analytics.enrich.sentiment import model as sentiment
from analytics.enrich.sentiment.training import fitted_with_suite, read_deft
from analytics.files import atomic_text
from analytics.modes import MODES
from analytics.text.normalize import normalize_text

FOLDS = 5
SEED = 19
REGULARISATIONS = (0.001, 0.01, 0.05, 0.2)  # pull toward the length rule; chosen per mode and language
CONTRAST_WEIGHT = 0.5  # contrast texts are labelled by construction: together they count half a real kind
CLASS_INDEX = {label: index for index, label in enumerate(sentiment.LABELS)}


class EmbeddingCache:
    """Embeddings by normalised text, kept in a file between runs when given one."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            import joblib

            self.vectors = joblib.load(path)

    def inputs(self, texts: Sequence[str], lang: str, mode: str):
        """What the mode's classifier reads, embedding only texts not seen before."""
        if mode == "fast":
            return list(texts)
        keys = [normalize_text(text) for text in texts]
        missing = sorted({key for key in keys if key not in self.vectors})
        self.vectors.update(zip(missing, embed(missing)))
        if missing and self.path is not None:
            import joblib

            self.path.parent.mkdir(parents=True, exist_ok=True)
            joblib.dump(self.vectors, self.path)
        embedded = np.vstack([self.vectors[key] for key in keys]) if keys else np.zeros((0, 384), np.float32)
        return np.hstack([embedded, sentiment.rule_features(texts, lang)])


def fitting_corpus(data_dir: Path) -> dict[str, tuple[list[tuple[str, str, int]], list[tuple[long_texts.LabelledText, int]]]]:
    """Per language: (base examples as (text, label, fold; -1 = always trained on), long fitting texts with their fold)."""
    rng = random.Random(SEED)
    tweets, labels = read_deft(data_dir, "train")
    order = sorted(range(len(tweets)), key=lambda index: (labels[index], rng.random()))
    tweet_fold = {index: position % FOLDS for position, index in enumerate(order)}  # stratified by label
    french_long = []
    for fold in range(FOLDS):
        members = [index for index in range(len(tweets)) if tweet_fold[index] == fold]
        french_long += [(text, fold) for text in long_texts.assembled_set(
            [tweets[i] for i in members], [labels[i] for i in members], "fr", f"deft-train:{fold}", SEED + fold, 1)]
    comments = long_texts.reddit_comments(data_dir)
    tested = {text.group for text, split in comments if split == "test"}
    groups = sorted({text.group for text, split in comments if split != "test" and text.group not in tested})
    rng.shuffle(groups)
    group_fold = {group: position % FOLDS for position, group in enumerate(groups)}
    english_base = [(text.text, text.label, group_fold.get(text.group, -1)) for text, split in comments if split != "test"]
    english_long = []
    for fold in range(FOLDS):
        members = [text for text, split in comments if split != "test" and group_fold.get(text.group) == fold]
        english_long += [(text, fold) for text in members]
        short = [text for text in members if len(text.text) <= sentiment.WHOLE_TEXT_LIMIT]
        english_long += [(text, fold) for text in long_texts.assembled_set(
            [text.text for text in short], [text.label for text in short], "en", f"threads:{fold}", SEED + fold, 1)]
    return {"fr": ([(tweets[i], labels[i], tweet_fold[i]) for i in range(len(tweets))], _long(french_long)),
            "en": (english_base, _long(english_long))}


def _long(found: list[tuple[long_texts.LabelledText, int]]) -> list[tuple[long_texts.LabelledText, int]]:
    return [(text, fold) for text, fold in found if len(text.text) > sentiment.WHOLE_TEXT_LIMIT]


def out_of_fold_rows(base: list[tuple[str, str, int]], long: list[tuple[long_texts.LabelledText, int]],
                     sentences: list[list[str]], lang: str, mode: str, cache: EmbeddingCache) -> list[np.ndarray]:
    """(n, 3) probabilities of each long text's sentences, by the mode's classifier fitted without its fold."""
    rows: list[np.ndarray | None] = [None] * len(long)
    for fold in range(FOLDS):
        train = [(text, label) for text, label, text_fold in base if text_fold != fold]
        classifier = _fitted(mode, lang, train, cache)
        columns = [list(classifier.classes_).index(label) for label in sentiment.LABELS]
        members = [index for index, (_, text_fold) in enumerate(long) if text_fold == fold]
        units = [sentence for index in members for sentence in sentences[index]]
        if not units:
            continue
        predicted = classifier.predict_proba(cache.inputs(units, lang, mode))[:, columns]
        cuts = np.cumsum([len(sentences[index]) for index in members])[:-1]
        for index, part in zip(members, np.split(predicted, cuts)):
            rows[index] = part
    return rows


def _fitted(mode: str, lang: str, train: list[tuple[str, str]], cache: EmbeddingCache):
    """The mode's sentence classifier fitted as `train sentiment` fits it: with the sentiment suite's
    development rows at the weight the shipped model chose (suite_rows.py)."""
    inputs, labels = cache.inputs([text for text, _ in train], lang, mode), [label for _, label in train]
    weight = sentiment.load_model(mode, lang).get("suite_rows", {}).get("weight", 0.0)
    suite_inputs = cache.inputs(list(suite_rows.development_rows(lang)[0]), lang, mode) if weight else None
    return fitted_with_suite(mode, lang, inputs, labels, weight, suite_inputs)


def _sentences(texts: list[long_texts.LabelledText]) -> list[list[str]]:
    from analytics.text.normalize import has_content
    from analytics.text.tokens import split_sentences

    spans = split_sentences([text.text for text in texts], [text.lang for text in texts])
    return [[text.text[start:end] for start, end in text_spans if has_content(text.text[start:end])] or [text.text]
            for text, text_spans in zip(texts, spans)]


def fit_language(long: list[tuple[long_texts.LabelledText, int]], sentences: list[list[str]],
                 rows: list[np.ndarray], lang: str) -> dict:
    """One language's weighting for one mode: the settings (regularisation, class bias or none) with the
    best leave-one-fold-out accuracy, balanced over the kinds of texts, refitted on every fold."""
    features = [discourse.sentence_features(text_sentences, lang, text_rows)
                for text_rows, text_sentences in zip(rows, sentences)]
    labels = np.array([CLASS_INDEX[text.label] for text, _ in long])
    kinds = np.array([text.kind for text, _ in long])
    counts = Counter(kinds.tolist())
    weights = np.array([CONTRAST_WEIGHT / counts[kind] if kind == "contrast" else 1.0 / counts[kind]
                        for kind in kinds])
    folds = np.array([fold for _, fold in long])
    data = (rows, features, labels, weights, folds, kinds)
    scores = {(strength, fit_bias): _held_out_accuracy(data, strength, fit_bias)
              for strength in REGULARISATIONS for fit_bias in (True, False)}
    strength, fit_bias = max(scores, key=lambda key: scores[key][0])
    weighting = discourse.DiscourseWeighting(regularisation=strength, fit_bias=fit_bias).fit(
        rows, features, labels, weights)
    length_rule = discourse.DiscourseWeighting().predict_proba(rows, features).argmax(axis=1)
    accuracy = {kind: {"n": count, "length_weighted": round(float((length_rule == labels)[kinds == kind].mean()), 3),
                       "learned_out_of_fold": scores[strength, fit_bias][1][kind]}
                for kind, count in sorted(counts.items())}
    return {**weighting.as_dict(), "fitted_on": accuracy,
            "held_out_balanced_accuracy": {f"regularisation {key[0]}, bias {key[1]}": value[0]
                                           for key, value in scores.items()}}


def _held_out_accuracy(data: tuple, strength: float, fit_bias: bool) -> tuple[float, dict[str, float]]:
    """Mean over kinds (contrast texts counting CONTRAST_WEIGHT) of the accuracy of texts pooled by weights
    fitted without their fold, and each kind's."""
    rows, features, labels, weights, folds, kinds = data
    predicted = np.zeros(len(labels), dtype=np.int64)
    for fold in range(FOLDS):
        inside, held = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        weighting = discourse.DiscourseWeighting(regularisation=strength, fit_bias=fit_bias).fit(
            [rows[i] for i in inside], [features[i] for i in inside], labels[inside], weights[inside])
        predicted[held] = weighting.predict_proba([rows[i] for i in held], [features[i] for i in held]).argmax(axis=1)
    by_kind = {kind: round(float((predicted == labels)[kinds == kind].mean()), 3) for kind in sorted(set(kinds))}
    counts = {kind: CONTRAST_WEIGHT if kind == "contrast" else 1.0 for kind in by_kind}
    return round(sum(by_kind[kind] * counts[kind] for kind in by_kind) / sum(counts.values()), 4), by_kind


def train_discourse(data_dir: Path, modes: Sequence[str] = MODES, cache_path: Path | None = None,
                    progress: Callable[[str], None] = lambda message: None) -> Path:
    """Fit every mode's weights and write analytics/models/sentiment-discourse.json; returns its path."""
    corpus = fitting_corpus(data_dir)
    sentences = {lang: _sentences([text for text, _ in long]) for lang, (_, long) in corpus.items()}
    cache = EmbeddingCache(cache_path)
    fitted: dict[str, dict] = {}
    for mode in modes:
        for lang, (base, long) in corpus.items():
            progress(f"discourse weights, {mode} mode, {lang}: out-of-fold sentence scores and fit")
            rows = out_of_fold_rows(base, long, sentences[lang], lang, mode, cache)
            fitted.setdefault(mode, {})[lang] = fit_language(long, sentences[lang], rows, lang)
    stored = {"modes": fitted, "features": list(discourse.FEATURE_NAMES), "folds": FOLDS, "seed": SEED,
              "trained_on": "long texts over 280 characters: DEFT 2017 train tweets assembled (same-label runs, "
                            "contrast texts); Reddit/TikTok train+val comments of threads with no test comment "
                            "(real, and their short ones assembled); sentence scores out of fold",
              "trained_at": datetime.now(UTC).isoformat(timespec="seconds")}
    path = discourse.WEIGHTS
    atomic_text(path, json.dumps(stored, indent=1) + "\n")
    discourse.load_weighting.cache_clear()
    return path
