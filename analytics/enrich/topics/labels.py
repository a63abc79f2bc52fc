"""Topic labels: a topic's first key phrase and top terms that are neither insults nor stop words,
never the same label for two topics.

What is an insult is read from the data the attack rules read: the insult, name-calling,
contempt, dehumanisation and threat words of data/lexicons/comment_section.csv (with their
plurals and feminine forms), the slurs and epithets of data/targets/aliases.csv, and the
profanity of data/lexicons/label_exclusions.csv.
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from analytics.errors import InputError
from analytics.paths import DATA_DIR
from analytics.text.words import fold_text

LABEL_EXCLUSIONS = DATA_DIR / "lexicons" / "label_exclusions.csv"
INSULT_KINDS = ("insult", "name-calling", "contempt", "dehumanisation", "threat")
SLUR_KINDS = ("slur", "epithet")
LABEL_PARTS = 3  # a label is its first clean key phrase and top terms, this many parts in all


@cache
def _exclusions(path: Path = LABEL_EXCLUSIONS) -> frozenset[str]:
    if not path.exists():
        raise InputError(str(path), None, "the words topic labels never use (word,lang)", "no such file")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    return frozenset(fold_text(row["word"]).strip() for row in csv.DictReader(rows) if (row.get("word") or "").strip())


@cache
def _slurs() -> frozenset[str]:
    from analytics.enrich.targets.aliases import read_aliases

    return frozenset(fold_text(alias.alias) for alias in read_aliases() if alias.kind in SLUR_KINDS)


@cache
def _stop_words() -> frozenset[str]:
    from analytics.text.regex_cache import compiled_once

    with compiled_once():  # importing spacy.lang.fr compiles its tokenizer's pattern (2 s otherwise)
        from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
        from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH

    return frozenset(fold_text(word) for word in ENGLISH | FRENCH)


def is_insult(word: str) -> bool:
    """Whether a word is an insult, a slur or profanity in either language (see the module docstring)."""
    from analytics.text.lexicon import load_lexicons

    key = fold_text(word)
    if key in _exclusions() or any(key + ending in _slurs() for ending in ("", "s", "es", "x")):
        return True  # slurs are listed as written, mostly plural; lemmas are singular
    for lexicon in load_lexicons().values():
        found = lexicon.lookup(key)
        if found is not None and lexicon.kind.get(found) in INSULT_KINDS:
            return True
    return False


def usable(phrase: str) -> bool:
    """Whether a phrase may name a topic: no insult, slur, profanity or stop word, no slur phrase."""
    words = phrase.split()
    folded = f" {fold_text(phrase)} "
    return bool(words) and not any(f" {slur} " in folded for slur in _slurs() if " " in slur) and \
        all(len(word) >= 3 and fold_text(word) not in _stop_words() and not is_insult(word) for word in words)


def topic_labels(phrases: Sequence[Sequence[str]], terms: Sequence[Sequence[str]], taken: Sequence[str] = (),
                 first: int = 0) -> list[str]:
    """One label per topic from its key phrases and top terms (best first), all different from each
    other and from `taken`: a label another topic already has takes more of its terms, and as a last
    resort its number (topics are numbered from `first`)."""
    labels: list[str] = list(taken)
    for topic, (topic_phrases, topic_terms) in enumerate(zip(phrases, terms), start=first):
        phrase = next((candidate for candidate in topic_phrases if usable(candidate)), None)
        parts = ([phrase] if phrase else []) + [term for term in topic_terms if usable(term)
                                                and not (phrase and term in phrase.split())]
        count = min(LABEL_PARTS, len(parts))
        label = " · ".join(parts[:count])
        while (label in labels or not label) and count < len(parts):
            count += 1
            label = " · ".join(parts[:count])
        if not label or label in labels:
            label = f"{label} ({topic})" if label else f"topic {topic}"
        labels.append(label)
    return labels[len(taken):]
