"""The words the rule-based sentiment reads (data/lexicons/sentiment_words.csv): boosters and
dampeners, negators, French "ne", contrast, irony markers and phrases, laughter. A bad row names
its line."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analytics.data_files import noted_csv_rows
from analytics.errors import InputError
from analytics.paths import DATA_DIR

SENTIMENT_WORDS = DATA_DIR / "lexicons" / "sentiment_words.csv"
LANGS = ("fr", "en")
KINDS = ("booster", "negator", "ne", "ne_only", "no_negation", "contrast", "irony_marker", "irony_phrase", "laughter")


def _by_lang() -> dict[str, set[str]]:
    return {lang: set() for lang in LANGS}


@dataclass
class RuleWords:
    boosters: dict[str, dict[str, float]] = field(default_factory=lambda: {lang: {} for lang in LANGS})
    negators: dict[str, set[str]] = field(default_factory=_by_lang)
    no_negation: dict[str, set[str]] = field(default_factory=_by_lang)
    contrast: dict[str, set[str]] = field(default_factory=_by_lang)
    irony_phrases: dict[str, list[str]] = field(default_factory=lambda: {lang: [] for lang in LANGS})
    french_ne: set[str] = field(default_factory=set)
    french_ne_only: set[str] = field(default_factory=set)
    irony_markers: set[str] = field(default_factory=set)
    laughter: set[str] = field(default_factory=set)


def read_rule_words(path: Path = SENTIMENT_WORDS) -> RuleWords:
    words = RuleWords()
    for number, row in noted_csv_rows(path, ("word", "kind", "lang", "value")):
        word, kind, lang, value = row["word"], row["kind"], row["lang"], row["value"]
        langs = [lang] if lang else list(LANGS)
        if not word or kind not in KINDS or lang not in (*LANGS, "") or (kind == "booster") != bool(value):
            raise InputError(str(path), f"line {number}", f"word,kind,lang,value with a kind in {', '.join(KINDS)}, "
                             "lang fr, en or empty, and a value for boosters only", repr(row))
        if kind == "booster":
            try:
                strength = float(value)
            except ValueError:
                raise InputError(str(path), f"line {number}", "a number as a booster's value", repr(value)) from None
            for each in langs:
                words.boosters[each][word] = strength
        elif kind in ("negator", "no_negation", "contrast"):
            by_lang = {"negator": words.negators, "no_negation": words.no_negation, "contrast": words.contrast}[kind]
            for each in langs:
                by_lang[each].add(word)
        elif kind == "irony_phrase":
            for each in langs:
                words.irony_phrases[each].append(word)
        else:
            {"ne": words.french_ne, "ne_only": words.french_ne_only, "irony_marker": words.irony_markers,
             "laughter": words.laughter}[kind].add(word)
    return words
