"""`evaluate sentiment`: Palabre's modes beside plain VADER-fr, textblob-fr and VADER on held-out data.

Datasets: the DEFT 2017 French tweets' val split (3 classes, never trained on) and its positive
and negative tweets alone (2 classes, decided by the sign of the score); the Reddit and TikTok
comments' test splits (English, 3 classes); the held-out part of Palabre's own sentiment suite
(benchmarks/sentiment_functional: praise, criticism, facts, negations, contrasts, in French and
English; never used to choose anything); then accuracy by length bucket on long texts
(long_sentiment.py), the old averaging of sentences beside the learned discourse weights.
Baselines that are not installed are reported as missing rather than failing the run (they are
in requirements-dev.txt).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from analytics.datasets.sentiment_suite import cases
from analytics.datasets.shared import default_data_dir
from analytics.enrich.sentiment import model as sentiment
from analytics.enrich.sentiment import rules
from analytics.enrich.sentiment.training import read_deft, read_reddit
from analytics.evaluation.long_sentiment import BucketRow, evaluate_long_sentiment
from analytics.evaluation.long_sentiment import as_markdown as length_markdown
from analytics.modes import MODES

Predictor = Callable[[Sequence[str]], list[tuple[str, float]]]


@dataclass(frozen=True)
class Row:
    """One system on one dataset."""

    dataset: str
    system: str
    examples: int
    accuracy: float | None
    macro_f1: float | None
    texts_per_second: float | None
    note: str = ""


def _palabre(mode: str, lang: str) -> Predictor:
    def predict(texts: Sequence[str]) -> list[tuple[str, float]]:
        return [(result.label, result.score) for result in sentiment.predict(texts, lang, mode)]
    return predict


def vader_fr() -> Predictor:
    from vaderSentiment_fr.vaderSentiment import (
        SentimentIntensityAnalyzer,  # imports fuzzywuzzy
    )

    analyzer = SentimentIntensityAnalyzer()
    return lambda texts: [_from_score(analyzer.polarity_scores(text)["compound"]) for text in texts]


def _vader_en() -> Predictor:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return lambda texts: [_from_score(analyzer.polarity_scores(text)["compound"]) for text in texts]


def _textblob_fr() -> Predictor:
    from textblob import Blobber
    from textblob_fr import PatternAnalyzer, PatternTagger

    blobber = Blobber(pos_tagger=PatternTagger(), analyzer=PatternAnalyzer())
    return lambda texts: [_from_score(blobber(text).sentiment[0], band=0.0) for text in texts]


def _from_score(score: float, band: float = rules.NEUTRAL_BAND) -> tuple[str, float]:
    if band == 0.0:
        return ("positive" if score > 0 else "negative" if score < 0 else "neutral"), score
    return rules.label_for(score, band), score


def _measure(dataset: str, system: str, make: Callable[[], Predictor], texts: list[str], gold: list[str],
             binary: bool = False) -> Row:
    from sklearn.metrics import accuracy_score, f1_score

    try:
        predictor = make()
    except ImportError as error:
        return Row(dataset, system, len(texts), None, None, None, f"not installed: {error.name}")
    predictor(texts[:1])  # load models before timing: texts/s is the steady rate
    started = time.perf_counter()
    predictions = predictor(texts)
    elapsed = max(time.perf_counter() - started, 1e-9)
    if binary:
        predicted = ["positive" if score > 0 else "negative" for _, score in predictions]
    else:
        predicted = [label for label, _ in predictions]
    return Row(dataset, system, len(texts), round(accuracy_score(gold, predicted), 3),
               round(f1_score(gold, predicted, average="macro"), 3), round(len(texts) / elapsed, 1))


def evaluate_sentiment(data_dir: Path | None = None, modes: Sequence[str] = MODES,
                       by_length: bool = True) -> list[Row | BucketRow]:
    """Every system on every held-out dataset, measured in this run; by_length, then Palabre's
    accuracy by length bucket, the old averaging beside the discourse weights (long_sentiment.py)."""
    data_dir = data_dir or default_data_dir()
    french, french_gold = read_deft(data_dir, "val")
    polar = [(text, label) for text, label in zip(french, french_gold) if label != "neutral"]
    english, english_gold = read_reddit(data_dir, ("test",))
    datasets = [("DEFT 2017 val (fr, 3 classes)", "fr", french, french_gold, False),
                ("DEFT 2017 val, pos vs neg (fr)", "fr", [t for t, _ in polar], [g for _, g in polar], True),
                ("Reddit+TikTok test (en, 3 classes)", "en", english, english_gold, False)]
    suite = cases("test")
    datasets += [(f"Palabre's sentiment suite, held-out part ({lang}, 3 classes)", lang,
                  [case.text for case in suite if case.lang == lang], [case.label for case in suite if case.lang == lang],
                  False) for lang in ("fr", "en")]
    rows = []
    for name, lang, texts, gold, binary in datasets:
        systems = [(f"Palabre {mode}", lambda mode=mode, lang=lang: _palabre(mode, lang)) for mode in modes]
        if lang == "fr":
            systems += [("VADER-fr (plain)", vader_fr), ("textblob-fr", _textblob_fr)]
        systems += [("VADER (plain, English)", _vader_en)]
        rows.extend(_measure(name, system, make, texts, gold, binary) for system, make in systems)
    return rows + (evaluate_long_sentiment(data_dir, modes) if by_length else [])


def as_markdown(rows: list[Row | BucketRow]) -> str:
    """The rows as docs/evaluation.md's tables: held-out datasets, then accuracy by length."""
    lines = ["| dataset | system | n | accuracy | macro-F1 | texts/s |", "|---|---|---|---|---|---|"]
    by_length = [row for row in rows if isinstance(row, BucketRow)]
    for row in rows:
        if isinstance(row, BucketRow):
            continue
        cells = [row.dataset, row.system, str(row.examples)]
        cells += ["—" if value is None else f"{value:.3f}" for value in (row.accuracy, row.macro_f1)]
        cells.append(row.note or ("—" if row.texts_per_second is None else f"{row.texts_per_second:,.0f}"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + (f"\n\nAccuracy by length:\n\n{length_markdown(by_length)}" if by_length else "")


def as_dicts(rows: list[Row | BucketRow]) -> list[dict]:
    """The rows as JSON-ready dictionaries."""
    return [asdict(row) for row in rows]
