"""Rule-based sentiment (the fast mode): VADER's method rebuilt for French and English comments.

What it adds to VADER-fr: French negation that wraps the verb ("ne … pas", "n'… jamais", "pas du
tout", "aucun", "sans"), restrictive "ne … que" left alone, French intensifiers and dampeners,
the insults and contempt of comment sections (data/lexicons/comment_section.csv), emoji and
emoticons, and irony: scare quotes around a positive word, mocking emoji (🙄 🤡), "#ironie",
laughter next to negative words. Scores are VADER compounds in [-1, 1].
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from analytics.enrich.sentiment.rule_words import read_rule_words
from analytics.text.language import model_language
from analytics.text.lexicon import Lexicon, load_lexicons
from analytics.text.normalize import normalize_text
from analytics.text.words import fold, tokenize

BOOST = 0.293
CAPS_BOOST = 0.733
NEGATION_SCALAR = -0.74
FULL_NEGATION_SCALAR = -1.0
NEUTRAL_BAND = 0.05
NEGATION_WINDOW = 3

_WORDS = read_rule_words()  # data/lexicons/sentiment_words.csv
BOOSTERS = _WORDS["booster"]
NEGATORS = {lang: set(words) for lang, words in _WORDS["negator"].items()}
FRENCH_NE = set(_WORDS["ne"]["fr"])
FRENCH_NE_ONLY = set(_WORDS["ne_only"]["fr"])  # a negator only after "ne": otherwise the comparative
NO_NEGATION = {lang: set(words) for lang, words in _WORDS["no_negation"].items()}
NEGATION_TAILS = {lang: set(words) for lang, words in _WORDS["negation_tail"].items()}
CONTRAST = {lang: set(words) for lang, words in _WORDS["contrast"].items()}
IRONY_MARKERS = set(_WORDS["irony_marker"]["fr"]) | set(_WORDS["irony_marker"]["en"])
IRONY_PHRASES = {lang: list(words) for lang, words in _WORDS["irony_phrase"].items()}
LAUGHTER = set(_WORDS["laughter"]["fr"]) | set(_WORDS["laughter"]["en"])
HOSTILE_KINDS = {"insult", "name-calling", "contempt", "dehumanisation", "threat"}


@dataclass(frozen=True, slots=True)
class RuleScore:
    """One text's rule-based sentiment and the evidence the learned model also reads."""

    compound: float
    positive: float
    negative: float
    hostile_terms: int
    negations: int
    irony: bool
    exclamations: int
    questions: int
    unnegated_hostile: int = 0  # insults, threats … neither negated nor in scare quotes (not a feature)

    @property
    def label(self) -> str:
        return label_for(self.compound)

    def features(self) -> list[float]:
        """Numbers a classifier can learn from: compound, sums, counts, irony."""
        return [self.compound, self.positive / 10, self.negative / 10, min(self.hostile_terms, 5) / 5,
                min(self.negations, 3) / 3, float(self.irony), min(self.exclamations, 5) / 5,
                min(self.questions, 5) / 5]


FEATURE_NAMES = ["compound", "positive", "negative", "hostile_terms", "negations", "irony",
                 "exclamations", "questions"]


def label_for(score: float, band: float = NEUTRAL_BAND) -> str:
    """negative below -band, positive above band, neutral between."""
    if score >= band:
        return "positive"
    if score <= -band:
        return "negative"
    return "neutral"


def compound(total: float, alpha: float = 15.0) -> float:
    """VADER's normalisation of a summed valence into [-1, 1]."""
    if total == 0:
        return 0.0
    return max(-1.0, min(1.0, total / math.sqrt(total * total + alpha)))


@lru_cache(maxsize=8192)  # fast mode reads a text's rules twice: features, then sentiment's agreement with attacks
def score_text(text: str, lang: str = "fr") -> RuleScore:
    """Score one text (any length) in French or English; other languages use the French rules."""
    lexicon = load_lexicons()[model_language(lang)]
    tokens = tokenize(normalize_text(text))
    return _score_tokens(tokens, lexicon, model_language(lang))


def _score_tokens(tokens: list[tuple[str, str]], lexicon: Lexicon, lang: str) -> RuleScore:
    folded = [fold(surface) for _, surface in tokens]
    words = [kind in ("word", "elision") for kind, _ in tokens]
    shouting = sum(surface.isupper() and len(surface) > 1 for (kind, surface) in tokens if kind == "word")
    all_caps = shouting > 0 and shouting == sum(words)
    quoted = _inside_short_quotes(tokens)
    valences: list[float] = []
    hostile = negations = unnegated = 0
    index = 0
    while index < len(tokens):
        key, span = _match(folded, index, lexicon)
        if key is None:
            valences.append(0.0)
            index += 1
            continue
        valence = lexicon.valence[key]
        if lexicon.kind.get(key) in HOSTILE_KINDS:
            hostile += 1
        surface = tokens[index][1]
        valence = _boosted(valence, folded, index, lang)
        if surface.isupper() and len(surface) > 1 and not all_caps:
            valence += CAPS_BOOST if valence > 0 else -CAPS_BOOST
        scalar = _negation(folded, index, span, lang)
        if scalar == 1.0 and lexicon.kind.get(key) in HOSTILE_KINDS and not quoted[index]:
            unnegated += 1
        if scalar != 1.0:
            negations += 1
            valence *= scalar
        if valence > 0 and quoted[index]:
            valence = -0.5 * valence  # scare quotes: « rassurer »
        valences.append(valence)
        valences.extend([0.0] * (span - 1))
        index += span
    _contrast(valences, folded, lang)
    irony = _ironic(folded, lang, valences)
    if irony:
        valences = [-0.6 * value if value > 0 else value for value in valences]
    total = sum(valences)
    exclamations = sum(surface.count("!") for kind, surface in tokens if kind == "mark")
    questions = sum(surface.count("?") for kind, surface in tokens if kind == "mark")
    if total:
        emphasis = min(exclamations, 4) * 0.292 + (min(questions, 3) * 0.18 if questions > 1 else 0)
        total += emphasis if total > 0 else -emphasis
    positive = sum(value for value in valences if value > 0)
    negative = -sum(value for value in valences if value < 0)
    return RuleScore(compound(total), positive, negative, hostile, negations, irony, exclamations,
                     questions, unnegated)


def _match(folded: list[str], index: int, lexicon: Lexicon) -> tuple[str | None, int]:
    """The longest lexicon phrase starting at index, as (key, tokens spanned)."""
    if folded[index] not in lexicon.phrase_starts:
        return lexicon.lookup(folded[index]), 1
    for span in range(min(lexicon.max_phrase, len(folded) - index), 1, -1):
        phrase = " ".join(folded[index:index + span])
        if phrase in lexicon.valence:
            return phrase, span
    return lexicon.lookup(folded[index]), 1


def _boosted(valence: float, folded: list[str], index: int, lang: str) -> float:
    boosters = BOOSTERS[lang]
    for distance in range(1, 4):
        if index - distance < 0:
            break
        step = boosters.get(folded[index - distance], 0.0) * (1.0, 0.95, 0.9)[distance - 1]
        valence += step if valence > 0 else -step
    return valence


def without_tails(folded: list[str], position: int, lang: str) -> tuple[list[str], int]:
    """The words with the negation tails before position left out ("du tout" right after "pas",
    "at all" after "not"), and where position is in what is left."""
    kept: list[str] = []
    tails, dropped = NEGATION_TAILS[lang], False
    for word in folded[:position]:
        previous = kept[-1] if kept else ""
        if word in tails and (dropped or previous in NEGATORS[lang] or previous.endswith("n't")):
            dropped = True  # a tail right after a negator, or after a tail left out
            continue
        dropped = False
        kept.append(word)
    return kept + folded[position:], len(kept)


def _negation(folded: list[str], index: int, span: int, lang: str) -> float:
    """-0.74 (or -1 for "pas du tout") when a negation governs the word at index, else 1. The
    words that complete a negation do not count in its reach (without_tails)."""
    strong = "du tout" in " ".join(folded[max(0, index - 4):index + span + 2])
    folded, index = without_tails(folded, index, lang)
    window = folded[max(0, index - NEGATION_WINDOW):index]
    if any(word in NO_NEGATION[lang] for word in window[-1:]):
        return 1.0
    negators = NEGATORS[lang]
    english_contraction = lang == "en" and any(word.endswith("n't") for word in window)
    if any(word in negators for word in window) or english_contraction:
        return FULL_NEGATION_SCALAR if strong else NEGATION_SCALAR
    if lang == "fr":
        after = folded[index + span:index + span + 2]
        has_ne = any(word in FRENCH_NE for word in folded[max(0, index - 4):index])
        if has_ne and any(word in negators or word in FRENCH_NE_ONLY for word in after + window):
            return NEGATION_SCALAR
        if after[:1] in (["pas"], ["jamais"]):
            return NEGATION_SCALAR  # spoken French drops "ne": "j'aime pas", "oublie pas"
    return 1.0


def _contrast(valences: list[float], folded: list[str], lang: str) -> None:
    """After "mais"/"but" counts 1.5×, before it 0.5× (VADER's rule, in place)."""
    for position, word in enumerate(folded):
        if word in CONTRAST[lang]:
            for before in range(position):
                valences[before] *= 0.5
            for after in range(position + 1, len(valences)):
                valences[after] *= 1.5
            return


def _ironic(folded: list[str], lang: str, valences: list[float]) -> bool:
    """Irony markers, or laughter beside hostile words, next to praise that must not count."""
    if not any(value > 0 for value in valences):
        return False
    if any(word in IRONY_MARKERS for word in folded):
        return True
    text = " ".join(folded)
    if any(phrase in text for phrase in IRONY_PHRASES[lang]):
        return True
    laughing = any(word in LAUGHTER for word in folded)
    return laughing and sum(value < -1.5 for value in valences) >= 1


def _inside_short_quotes(tokens: list[tuple[str, str]]) -> list[bool]:
    """True for tokens between quote marks at most three words apart (scare quotes)."""
    inside = [False] * len(tokens)
    marks = [index for index, (kind, surface) in enumerate(tokens) if surface == '"']
    for start, end in zip(marks[::2], marks[1::2]):
        if 0 < end - start - 1 <= 3:
            for index in range(start + 1, end):
                inside[index] = True
    return inside
