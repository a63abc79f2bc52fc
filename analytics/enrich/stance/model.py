"""Stance: a reply's stance toward its parent, a top-level comment's toward its article, a comment's
stance toward each of its targets.

Reply stance (agree, disagree, query, neutral) is a class-weighted logistic regression over
features that carry across datasets and languages:
- counts of agree, disagree, query and negation cues from `data/lexicons/stance_cues.csv` (the
  cues of the text's language: "je confirme" fills the slot "confirmed" filled in training);
- whether the parent asks a question and the reply opens with a yes or a no
  (`data/lexicons/stance_answers.csv`, see answers.py);
- question and exclamation marks, a question at the end, a link, the length, an opening "no";
- whether the reply answers the thread's source (the article) or another comment, and its depth;
- how much of the reply's wording it shares with the source and with its parent;
- the reply's sentiment as the lexicons read it (sentiment/rules.py: the compound score, and whether
  it is beyond ±0.3: a denial is often angry, a support often glad). The lexicons, not a learned
  sentiment model: they read French and English alike, and retraining sentiment does not move
  stance. With fast mode's learned score, leave-one-event-out macro-F1 went 0.422 → 0.438 when
  added, but after the English sentiment model learned Palabre's own sentences (2026-12-07) it fell
  back to 0.422 and the chosen decision rule changed sign for disagreement; with the lexicons' score
  it is 0.423, and 0.389 toward the article (0.313 with the retrained learned score);
- when training chose them (`embeddings` in the model file): the multilingual-e5-small embeddings
  of the reply and of its parent, their difference and their product. Leave-one-event-out
  cross-validation did not choose them: the shipped model reads the features above alone, in
  both modes, and embeds nothing.
The decision rule (a shift added to each label's log-probability, and whether an answer to a
question or an opening marker such as "Je confirme", "Faux." decides) was chosen by
leave-one-event-out cross-validation on RumourEval's training events (training.py). The model is
`analytics/models/stance-reply.pkl.gz`.

Stance toward the article (favour, against, neutral) reads the same model with the article's main
claim (its title and opening) as the parent: favour is agreement, against disagreement, a question
or a comment is neutral; its own label shifts were chosen the same way on the replies to sources.

Stance toward a target follows from what is said of it: `against` when the comment attacks it
or speaks of it negatively, `favour` when it speaks of it positively without attacking it,
`neutral` otherwise.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from analytics.enrich import embeddings
from analytics.enrich.bundles import SUFFIX, read_bundle
from analytics.enrich.stance import sides
from analytics.enrich.stance.answers import answer_side, asks_question
from analytics.errors import InputError
from analytics.paths import DATA_DIR, MODEL_DIR
from analytics.text.normalize import normalize_text
from analytics.text.words import fold, fold_text

LABELS = ("agree", "disagree", "query", "neutral")
ARTICLE_LABELS = ("favour", "against", "neutral")
TARGET_LABELS = ("favour", "against", "neutral")
CUE_KINDS = ("agree", "disagree", "query", "negation")
CUES = DATA_DIR / "lexicons" / "stance_cues.csv"
MODEL = MODEL_DIR / f"stance-reply{SUFFIX}"
TARGET_THRESHOLD = 0.2  # |sentiment of what is said about a target| above which it is favour/against
FEATURE_NAMES = (*[f"{kind}_cues" for kind in CUE_KINDS], "opens_agreeing", "opens_disagreeing",
                 "opens_with_no", "question_marks", "ends_with_question", "exclamation_marks", "has_link",
                 "length", "answers_source", "depth", "shared_with_source", "shared_with_parent",
                 "parent_asks", "answers_yes", "answers_no", "answers_yes_to_question", "answers_no_to_question",
                 "sentiment", "negative", "positive")
WORD = re.compile(r"\w+")
LEADING_HANDLES = re.compile(r"^(?:\s*@\w+[:,]?)+")
OPENING_NO = re.compile(r"^\W*(no|non|nope|nah)\b")
OPENING_WORDS = 4  # a cue among a reply's first words answers the parent: "Faux.", "Je confirme", "True"
MAX_COUNT = 3
SENTIMENT_SIDE = 0.3  # the lexicons' compound score of a reply beyond which it is negative or positive
MAIN_CLAIM_CHARS = 300  # an article's main claim: its title and opening, this long at most
Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class Stance:
    """A stance label and the probability of each reply label (LABELS order)."""

    label: str
    probabilities: tuple[float, ...]

    def as_dict(self) -> dict:
        return {"label": self.label, "probabilities": dict(zip(LABELS, self.probabilities, strict=True))}


def _pattern(cue: str) -> str:
    body = re.escape(cue)
    before = r"(?<!\w)" if cue[:1].isalnum() else ""
    after = r"(?!\w)" if cue[-1:].isalnum() else ""
    return before + body + after


@cache
def cue_patterns(path: Path = CUES) -> dict[tuple[str, str], re.Pattern]:
    """One compiled pattern per (language, kind), over folded text (no case, no accents)."""
    found: dict[tuple[str, str], list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines), start=2):
            cue, kind, lang = (row.get("cue") or "").strip(), (row.get("kind") or "").strip(), \
                (row.get("lang") or "").strip()
            if not cue or kind not in CUE_KINDS or lang not in ("fr", "en"):
                raise InputError(str(path), f"row {number}", f"a cue, a kind in {', '.join(CUE_KINDS)} "
                                 "and a language fr or en", repr(row))
            found.setdefault((lang, kind), []).append(fold(cue))
    return {key: re.compile("|".join(_pattern(cue) for cue in sorted(cues, key=len, reverse=True)))
            for key, cues in found.items()}


def _words(text: str) -> set[str]:
    return {word for word in WORD.findall(fold_text(text)) if len(word) > 3 and word not in ("http", "user")}


@lru_cache(maxsize=64)
def _source_words(text: str) -> set[str]:
    """The words of a thread's source (its article): every reply in the thread reads them."""
    return _words(normalize_text(text))


def _shared(words: set[str], other: set[str]) -> float:
    return len(words & other) / len(words) if words else 0.0


def cue_count(folded: str, kind: str, langs: tuple[str, ...]) -> int:
    """How many cues of a kind (agree, disagree, query, negation) a folded text holds, capped at MAX_COUNT."""
    patterns = cue_patterns()
    return min(MAX_COUNT, sum(len(patterns[(code, kind)].findall(folded)) for code in langs
                              if (code, kind) in patterns))


def reply_text(text: str) -> str:
    """A reply as the model reads it: normalised, without leading @handles (a platform's reply prefix)."""
    return normalize_text(LEADING_HANDLES.sub("", text or "")).replace("@user", "").strip()


def features(text: str, parent: str, root: str, depth: int, lang: str = "en", sentiment: float = 0.0) -> list[float]:
    """The FEATURE_NAMES values of one reply; depth 1 answers the source (the article) itself.
    Counts are capped at MAX_COUNT; sentiment is the lexicon's compound score of the reply."""
    model_text = reply_text(text)
    folded = fold_text(model_text)
    langs = (lang,) if lang in ("fr", "en") else ("fr", "en")
    opening = " ".join(folded.split()[:OPENING_WORDS])
    words = _words(model_text)
    asks = float(asks_question(parent))
    answer = answer_side(model_text)
    return [*(cue_count(folded, kind, langs) for kind in CUE_KINDS),
            float(cue_count(opening, "agree", langs) > 0), float(cue_count(opening, "disagree", langs) > 0),
            float(bool(OPENING_NO.search(folded))), min(MAX_COUNT, folded.count("?")),
            float(folded.endswith("?")), min(MAX_COUNT, folded.count("!")), float("http" in folded),
            min(len(folded.split()), 60) / 20, float(depth <= 1), min(depth, 5) / 5,
            _shared(words, _source_words(root or "")), _shared(words, _words(normalize_text(parent or ""))),
            asks, float(answer == "agree"), float(answer == "disagree"),
            asks * (answer == "agree"), asks * (answer == "disagree"),
            sentiment, float(sentiment < -SENTIMENT_SIDE), float(sentiment > SENTIMENT_SIDE)]


def feature_matrix(texts: Sequence[str], parents: Sequence[str], roots: Sequence[str], depths: Sequence[int],
                   langs: Sequence[str]) -> np.ndarray:
    """The features of each reply."""
    from analytics.enrich.sentiment.rules import score_text

    scores = [score_text(reply_text(text) or ".", lang).compound for text, lang in zip(texts, langs)]
    return np.array([features(*row) for row in zip(texts, parents, roots, depths, langs, scores, strict=True)],
                    dtype=np.float64).reshape(len(texts), len(FEATURE_NAMES))


def pair_embeddings(texts: Sequence[str], parents: Sequence[str], embed: Embed = embeddings.embed) -> np.ndarray:
    """The reply's and the parent's embeddings, their difference and their product, side by side."""
    vectors = embed([reply_text(text) or "." for text in texts] + [reply_text(p) or "." for p in parents])
    replies, parent_vectors = vectors[:len(texts)], vectors[len(texts):]
    return np.hstack([replies, parent_vectors, replies - parent_vectors, replies * parent_vectors])


def model_input(embeddings: bool, texts: Sequence[str], parents: Sequence[str], roots: Sequence[str],
                depths: Sequence[int], langs: Sequence[str], embed: Embed = embeddings.embed) -> np.ndarray:
    """What the classifier reads: the features (and, with embeddings, the pair's embeddings)."""
    matrix = feature_matrix(texts, parents, roots, depths, langs)
    return np.hstack([matrix, pair_embeddings(texts, parents, embed)]) if embeddings else matrix


@cache
def load_model(path: Path = MODEL) -> dict:
    """The trained reply-stance bundle: model, whether it reads embeddings, decision rule, scikit-learn version."""
    return read_bundle(path, "the reply-stance model", "stance")


def ordered(probabilities: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """The classifier's probabilities in LABELS order."""
    return probabilities[:, [list(classes).index(label) for label in LABELS]]


def rule_label(row: np.ndarray, answers: str, markers: bool) -> str | None:
    """The label the decision rule gives one reply's features, or None (the classifier decides).

    A reply that asks a question itself is left to the classifier ("Vraiment ?" queries rather than
    agrees). answers: "off", "question" (a yes or no answering the parent's question takes its side)
    or "always" (any opening yes or no); markers: an opening cue ("Je confirme", "Faux.", "No,") decides."""
    position = FEATURE_NAMES.index
    if row[position("ends_with_question")]:
        return None
    if answers != "off" and (answers == "always" or row[position("parent_asks")]):
        if row[position("answers_no")]:
            return "disagree"
        if row[position("answers_yes")]:
            return "agree"
    if markers and (row[position("opens_disagreeing")] or row[position("opens_with_no")]):
        return "disagree"
    if markers and row[position("opens_agreeing")]:
        return "agree"
    return None


def apply_rule(probabilities: np.ndarray, matrix: np.ndarray, rule: dict, shifts_key: str = "shifts") -> list[str]:
    """Labels from LABELS-ordered probabilities and the feature matrix under a decision rule."""
    shifted = np.log(np.clip(probabilities, 1e-9, 1.0)) + np.asarray(rule[shifts_key])
    labels = [LABELS[index] for index in shifted.argmax(axis=1)]
    for index, row in enumerate(matrix):
        decided = rule_label(row, rule["answers"], rule["markers"])
        if decided:
            labels[index] = decided
    return labels


def answering(matrix: np.ndarray, parents: Sequence[str], rule: dict) -> list[int]:
    """The replies that answer a yes/no question without asking back and that the rule leaves to the
    classifier (no yes or no of the answer list): sides.py says which side they take."""
    asks_back = FEATURE_NAMES.index("ends_with_question")
    return [index for index, (row, parent) in enumerate(zip(matrix, parents))
            if not row[asks_back] and rule_label(row, rule["answers"], rule["markers"]) is None
            and sides.polar_question(parent)]


def _inputs(texts, parents, roots, depths, langs):
    roots = list(roots) if roots is not None else list(parents)
    if depths is None:
        depths = [1 if not root or root == parent else 2 for parent, root in zip(parents, roots)]
    langs = [langs] * len(texts) if isinstance(langs, str) else list(langs)
    return roots, list(depths), langs


def predict(texts: Sequence[str], parents: Sequence[str], roots: Sequence[str] | None = None,
            depths: Sequence[int] | None = None, langs: Sequence[str] | str = "en", rule: bool = True,
            toward: str = "parent", embed: Embed = embeddings.embed, mode: str = "accurate") -> list[Stance]:
    """Stance of each reply toward its parent (toward="article": favour/against/neutral toward the
    parent as an article's main claim). Without roots the parent is the source; without depths a
    reply with a root other than its parent is taken to be at depth 2. A reply to a yes/no question
    takes a side (sides.py; the mode's side model). rule=False: the shifted classifier alone,
    without the answer and marker rule or the sides."""
    if not texts:
        return []
    roots, depths, langs = _inputs(texts, parents, roots, depths, langs)
    bundle = load_model()
    matrix = model_input(bundle["embeddings"], texts, parents, roots, depths, langs, embed)
    probabilities = ordered(bundle["model"].predict_proba(matrix), bundle["model"].classes_)
    decision = {**bundle["rule"], **({} if rule else {"answers": "off", "markers": False})}
    features = matrix[:, :len(FEATURE_NAMES)]
    labels = apply_rule(probabilities, features, decision, "article_shifts" if toward == "article" else "shifts")
    if rule:
        chosen = answering(features, parents, decision)
        answered = sides.sides([texts[i] for i in chosen], [langs[i] for i in chosen], mode, embed)
        for index, side in zip(chosen, answered):
            labels[index] = side
    if toward == "article":
        labels = [ARTICLE_LABELS[LABELS.index(label)] if label in LABELS[:2] else "neutral" for label in labels]
    return [Stance(label, tuple(round(float(p), 4) for p in row)) for label, row in zip(labels, probabilities)]


def main_claim(article_text: str) -> str:
    """An article's main claim as a comment's parent: its title and opening, cut at a sentence end (a
    title asking a question alone)."""
    title, _, body = (article_text or "").strip().partition("\n\n")
    title = " ".join(title.split())
    if body.strip() and asks_question(title):
        return title  # a title that asks ("Faut-il … ?") is the claim its comments answer
    if body.strip() and title and title[-1].isalnum():
        title += "."  # a title without a full stop, then the body: two sentences
    text = " ".join(f"{title} {body}".split())
    if len(text) <= MAIN_CLAIM_CHARS:
        return text
    cut = text[:MAIN_CLAIM_CHARS]
    end = max(cut.rfind(mark) for mark in (". ", "! ", "? "))
    return cut[:end + 1] if end > MAIN_CLAIM_CHARS // 3 else cut.rsplit(" ", 1)[0]


def target_stance(sentiment: float | None, attack: bool) -> str:
    """favour, against or neutral toward a target, from what is said of it and whether it is attacked."""
    if attack or (sentiment is not None and sentiment <= -TARGET_THRESHOLD):
        return "against"
    if sentiment is not None and sentiment >= TARGET_THRESHOLD:
        return "favour"
    return "neutral"
