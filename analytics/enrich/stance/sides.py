"""Answers to yes/no questions take a side.

A parent that asks a yes/no question ("Faut-il … ?", "Êtes-vous favorable à … ?", "Should …?") is
a proposal: its last question ends with a question mark and does not open with a question word
(`data/lexicons/question_words.csv`, after the leads of `question_leads.csv`: "Et pourquoi … ?"
asks something else). A reply to it that does not ask back usually takes a side, agree (yes: for what
the question proposes) or disagree, even when it never says yes or no: most answers argue instead
("Chaque personne qui travaille doit pouvoir en vivre."); a few take none ("Ça dépend des cas.").
A yes or a no from the answer list decides (answers.py); otherwise a logistic regression reads the
reply and says agree, disagree or neutral:
- fast mode: the reply's sentiment and its cue counts (`stance_cues.csv`: agreement, disagreement,
  negation), which embed nothing;
- accurate mode: the reply's multilingual-e5-small embedding (what it argues), its sentiment and cue counts.
The models are trained on Palabre's development answers (the `dev` templates of
benchmarks/stance_answers and benchmarks/stance_comments/dev.csv, never their held-out parts) by
`train stance`; their cross-validation by question is recorded in the model file.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from analytics.enrich.bundles import SUFFIX, read_bundle
from analytics.enrich.stance.answers import asks_question
from analytics.paths import DATA_DIR, MODEL_DIR
from analytics.text.words import fold_text

MODEL = MODEL_DIR / f"stance-sides{SUFFIX}"
QUESTION_WORDS = DATA_DIR / "lexicons" / "question_words.csv"
QUESTION_LEADS = DATA_DIR / "lexicons" / "question_leads.csv"
LABELS = ("agree", "disagree", "neutral")
SCORE_COLUMNS = ("sentiment", "agree_cues", "disagree_cues", "negation_cues")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
OPENING = re.compile(r"^[\W_]*")


@cache
def _words(path: Path) -> tuple[str, ...]:
    """Folded words of a lexicon (column `word`), longest first."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(sorted({fold_text((row.get("word") or "").strip()) for row in rows} - {""}, key=len, reverse=True))


def _opens_with(text: str, words: tuple[str, ...]) -> str | None:
    for word in words:
        if text.startswith(word) and (word.endswith("'") or not text[len(word):len(word) + 1].isalnum()):
            return word
    return None


def polar_question(text: str) -> bool:
    """Whether a text ends by asking a yes/no question (its last sentence asks, and not with a question word)."""
    if not asks_question(text):
        return False
    asking = [s for s in SENTENCE_END.split(text.strip()) if "?" in s][-1]
    question = OPENING.sub("", fold_text(asking.split("?")[0].split(":")[-1].strip()))
    while (lead := _opens_with(question, _words(QUESTION_LEADS))) is not None:
        question = OPENING.sub("", question[len(lead):])
    return _opens_with(question, _words(QUESTION_WORDS)) is None


@cache
def load_model(path: Path = MODEL) -> dict:
    """The trained sides bundle: a classifier per mode, its features and cross-validation."""
    return read_bundle(path, "the answer-side model", "stance")


def side_features(texts: Sequence[str], langs: Sequence[str], mode: str, embed=None):
    """What the side classifier of a mode reads: the reply's folded words (column `words`, weighed by
    the classifier's own TF-IDF), its sentiment and cue counts (fast: a DataFrame); its embedding,
    sentiment and cue counts (accurate: an array)."""
    from analytics.enrich.sentiment import model as sentiment
    from analytics.enrich.stance import model as stance

    texts = [stance.reply_text(text) or "." for text in texts]
    scores = np.zeros(len(texts))
    for lang in ("fr", "en"):
        chosen = [i for i, text_lang in enumerate(langs) if (text_lang if text_lang in ("fr", "en") else "fr") == lang]
        if chosen:
            found = sentiment.score_texts([texts[i] for i in chosen], [[(0, len(texts[i]))] for i in chosen],
                                          [lang] * len(chosen), "fast", with_sentences=False)
            scores[chosen] = [result.overall.score for result in found]
    cues = [[stance.cue_count(fold_text(text), kind, (lang,) if lang in ("fr", "en") else ("fr", "en"))
             for kind in ("agree", "disagree", "negation")] for text, lang in zip(texts, langs)]
    fast = np.hstack([scores[:, None], np.asarray(cues, dtype=np.float64).reshape(len(texts), 3)])
    if mode == "accurate":
        from analytics.enrich import embeddings

        return np.hstack([np.asarray((embed or embeddings.embed)(texts)), fast])
    import pandas as pd

    return pd.DataFrame({"words": [fold_text(text) for text in texts],
                         **{name: fast[:, i] for i, name in enumerate(SCORE_COLUMNS)}})


def sides(texts: Sequence[str], langs: Sequence[str], mode: str, embed=None) -> list[str]:
    """agree, disagree or neutral (no side) for each reply to a yes/no question (the mode's classifier)."""
    if not texts:
        return []
    return [str(label) for label in load_model()["models"][mode].predict(side_features(texts, langs, mode, embed))]
