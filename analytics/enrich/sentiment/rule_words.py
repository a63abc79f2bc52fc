"""The words the rule-based sentiment reads (data/lexicons/sentiment_words.csv): boosters and
dampeners, negators, French "ne", contrast, irony markers and phrases, laughter. A bad row names
its line."""
from __future__ import annotations

from pathlib import Path

from analytics.data_files import noted_csv_rows
from analytics.errors import InputError
from analytics.paths import DATA_DIR

SENTIMENT_WORDS = DATA_DIR / "lexicons" / "sentiment_words.csv"
LANGS = ("fr", "en")
KINDS = ("booster", "negator", "ne", "ne_only", "no_negation", "negation_tail", "contrast", "irony_marker", "irony_phrase", "laughter")


def read_rule_words(path: Path = SENTIMENT_WORDS) -> dict[str, dict[str, dict[str, float]]]:
    """kind → language → {word: value} in file order (value 0 but for boosters); a row with no
    language counts for both."""
    words = {kind: {lang: {} for lang in LANGS} for kind in KINDS}
    for number, row in noted_csv_rows(path, ("word", "kind", "lang", "value")):
        word, kind, lang, value = row["word"], row["kind"], row["lang"], row["value"]
        if not word or kind not in KINDS or lang not in (*LANGS, "") or (kind == "booster") != bool(value):
            raise InputError(str(path), f"line {number}", f"word,kind,lang,value with a kind in {', '.join(KINDS)}, "
                             "lang fr, en or empty, and a value for boosters only", repr(row))
        try:
            strength = float(value or 0)
        except ValueError:
            raise InputError(str(path), f"line {number}", "a number as a booster's value", repr(value)) from None
        for each in [lang] if lang else LANGS:
            words[kind][each][word] = strength
    return words
