"""Lexicon resources: VADER's English and VADER-fr's French valences, emoji, Palabre's additions.

VADER-fr's lexicon files are read straight from the installed package (MIT): importing its module
would load fuzzywuzzy (GPL-2.0, slow), which Palabre never needs. Palabre's own additions for
comment sections (insults, contempt, dehumanisation, slang) are a CSV in `data/lexicons/` that a
researcher can read and edit; they replace the VADER value of the same term.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from analytics.errors import InputError, ModelError
from analytics.paths import DATA_DIR
from analytics.text.words import fold, phrase_key

COMMENT_SECTION_LEXICON = DATA_DIR / "lexicons" / "comment_section.csv"
LANGUAGES = ("fr", "en")
VADER_FILES = (("vaderSentiment", "vader_lexicon.txt"), ("vaderSentiment_fr", "fr_lexicon.txt"),
               ("vaderSentiment", "emoji_utf8_lexicon.txt"))  # English, French, emoji: read from the packages
INFLECTIONS = ("s", "x", "es", "e")
# French questions put the subject after the verb ("puent-ils ?"): the verb is looked up alone
INVERTED_SUBJECTS = ("-t-il", "-t-elle", "-t-on", "-ils", "-il", "-elles", "-elle", "-on", "-je", "-tu", "-nous",
                     "-vous")
# kinds whose one-word terms are verbs, matched in every form (conjugated_forms)
VERB_KINDS = frozenset({"threat", "harm"})
FEMININE = (("nnes", "n"), ("nne", "n"), ("euses", "eur"), ("euse", "eur"), ("ives", "if"), ("ive", "if"))  # "bouffonne",
# "menteuse": Palabre's own terms in their other feminine forms (-if/-ive for any term so listed)

# Emoji whose dictionary meaning misleads in comment sections: mockery and irony markers.
EMOJI_OVERRIDES = {"🙄": -1.5, "😏": -0.8, "🤡": -2.4, "🤮": -3.0, "🤢": -2.6, "💩": -2.4,
                   "🖕": -3.0, "😂": 0.4, "🤣": 0.4, "😆": 0.6, "🤦": -1.8, "👎": -2.0, "👍": 1.8,
                   "👏": 1.2, "❤": 2.6, "♥": 2.4, "😡": -2.6, "😠": -2.4, "😤": -1.6,
                   "🤬": -3.0}
EMOTICON_VALENCE = {":)": 1.8, ":-)": 1.8, ":(": -1.8, ":-(": -1.8, ":d": 2.0, ":-d": 2.0,
                    ";)": 0.4, ";-)": 0.4, ":p": 0.6, ":-p": 0.6, ":/": -1.0, ":-/": -1.0,
                    "<3": 2.4, "xd": 0.8, ":'(": -2.2}


@dataclass
class Lexicon:
    """Valences (VADER scale, -4..4) of one language's words and phrases, with their kinds."""

    lang: str
    valence: dict[str, float] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)
    max_phrase: int = 1
    phrase_starts: set[str] = field(default_factory=set)  # first words of the multi-word keys
    _found: dict[str, str | None] = field(default_factory=dict, repr=False)  # lookup's answers: words repeat
    conjugated: dict[str, str] = field(default_factory=dict)  # a verb's forms -> the term ("pendus" -> "pendre")

    def add(self, term: str, valence: float, kind: str = "", inflections: bool = False) -> None:
        """Set a term's valence; with inflections, also its forms in -s, -x, -e, -es and the feminine
        forms of FEMININE."""
        key = phrase_key(term)
        if not key:
            return
        self._found.clear()
        forms = [key] + ([key + ending for ending in INFLECTIONS] if inflections and " " not in key else [])
        if inflections and " " not in key:
            forms += [key[:-len(masculine)] + ending for ending, masculine in FEMININE if key.endswith(masculine)]
        for form in forms:
            if form == key or form in self.valence:
                self.valence[form] = valence
                if kind:
                    self.kind[form] = kind
        self.max_phrase = max(self.max_phrase, key.count(" ") + 1)
        if " " in key:
            self.phrase_starts.add(key.split(" ", 1)[0])

    def lookup(self, key: str) -> str | None:
        """The stored key for a folded word: plurals of words of 5+ letters fall back on the singular;
        Palabre's own terms also match in -s, -x, -e, -es and in their feminine forms -nne, -euse,
        -ive ("bouffonne", "menteuse")."""
        if key in self.valence:
            return key
        if key in self._found:
            return self._found[key]
        if len(self._found) > 200_000:
            self._found.clear()
        self._found[key] = found = self._stem(key)
        return found

    def _stem(self, key: str) -> str | None:
        if key in self.conjugated:
            return self.conjugated[key]
        for subject in INVERTED_SUBJECTS:  # "puent-ils", "ment-il", "va-t-on": the verb before its subject
            if key.endswith(subject) and len(key) > len(subject):
                return self.lookup(key[:-len(subject)])
        if key.endswith(("s", "x")) and len(key) > 5 and key[:-1] in self.valence:
            return key[:-1]  # a plural the lexicon lists only in the singular ("sympathiques")
        for ending in INFLECTIONS:
            if key.endswith(ending) and key[:-len(ending)] in self.kind:
                if ending in ("e", "es") and len(key) < 6:
                    continue
                return key[:-len(ending)]
        for ending, masculine in FEMININE:
            if key.endswith(ending) and key[:-len(ending)] + masculine in self.kind:
                return key[:-len(ending)] + masculine
        return None


def _package_file(package: str, name: str) -> Path:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"expected the installed package {package} (see requirements.txt); "
                         "it is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _read_vader(path: Path, separator: str, lexicon: Lexicon) -> None:
    """A VADER lexicon's words and phrases. Its emoticons are left out (EMOTICON_VALENCE has them):
    tokenised like text they would lose their punctuation and score letters and marks (":c" would
    make the word "c", as in "c est", -2.1; "?:" every question +1.3), and so are lone letters."""
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(separator)
        if len(parts) < 2 or not _is_wording(parts[0]):
            continue
        try:
            lexicon.add(parts[0], float(parts[1].split("\t")[0]))
        except ValueError:
            continue


def _is_wording(term: str) -> bool:
    """Whether a lexicon term is words that tokenising keeps whole: not an emoticon such as ":c", not
    a lone letter (VADER-fr's "v", "s", VADER's "l")."""
    key = phrase_key(term)
    return len(key) > 1 and any(char.isalpha() for char in key) and key.replace(" ", "") == fold(term).replace(" ", "")


def _emoji_valences(english: Lexicon) -> dict[str, float]:
    """Each emoji's valence: its English description scored with VADER's English lexicon."""
    valences: dict[str, float] = {}
    path = _package_file(*VADER_FILES[2])
    for line in path.read_text(encoding="utf-8").splitlines():
        emoji, _, description = line.partition("\t")
        scores = [english.valence[fold(word)] for word in description.split() if fold(word) in english.valence]
        if scores:
            valences[emoji.rstrip("\ufe0f")] = max(-3.0, min(3.0, sum(scores)))
    valences.update(EMOJI_OVERRIDES)
    return valences


def read_additions(path: Path = COMMENT_SECTION_LEXICON) -> list[tuple[str, str, float, str]]:
    """Rows (term, lang, valence, kind) of an additions CSV; a bad row names its line."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        numbered = [(number, line) for number, line in enumerate(handle, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in numbered)
    for row in reader:
        number = numbered[reader.line_num - 1][0]  # the file's own line, comment lines counted
        try:
            rows.append((row["term"].strip(), row["lang"].strip(), float(row["valence"]),
                         (row.get("kind") or "").strip()))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InputError(str(path), f"line {number}", "term,lang,valence,kind with a number valence",
                             repr(row)) from None
    return rows


def conjugated_forms(lexicon: Lexicon, kinds: frozenset[str]) -> dict[str, str]:
    """The forms of the lexicon's one-word terms of these kinds, by spacy-lookups-data's lemma table:
    a threat verb matches in every tense and person ("tués", "tuerai", "pendus"; "killed"), not only
    as listed. Folded forms."""
    from analytics.text.tokens import lemma_table

    terms = {key for key, kind in lexicon.kind.items() if kind in kinds and key.isalpha()}
    if not terms:
        return {}
    table = lemma_table(lexicon.lang)
    # a lemma's folded form begins with its first two letters folded: only those that begin a term are
    # folded whole (folding every one of the table's 70,000 lemmas took a third of a second)
    starts = {term[:cut] for term in terms for cut in range(1, len(term) + 1)}
    heads: dict[str, bool] = {}

    def may_be_term(lemma: str) -> bool:
        head = lemma[:2]
        if head not in heads:
            heads[head] = fold(head) in starts
        return heads[head]

    lemmas = {lemma for lemma in set(map(_first, table.values())) if may_be_term(lemma) and fold(lemma) in terms}
    return {fold(form): fold(lemma) for form, value in table.items()
            if (lemma := _first(value)) in lemmas and fold(form) != fold(lemma)}


def _first(value: str | list[str]) -> str:
    return value if isinstance(value, str) else value[0]


@cache
def load_lexicons(additions: Path = COMMENT_SECTION_LEXICON) -> dict[str, Lexicon]:
    """The French and English lexicons with Palabre's additions; emoji in both. Built once per
    machine and inputs, then read from the per-user cache (lexicon_cache.py)."""
    from analytics.text.lexicon_cache import cache_key, cached_lexicons

    key = cache_key(additions, [_package_file(package, name) for package, name in VADER_FILES])
    return cached_lexicons(key, lambda: built_lexicons(additions), Lexicon)


def built_lexicons(additions: Path = COMMENT_SECTION_LEXICON) -> dict[str, Lexicon]:
    """The lexicons built from their sources (load_lexicons reads them from the cache when it can)."""
    english = Lexicon("en")
    _read_vader(_package_file(*VADER_FILES[0]), "\t", english)
    french = Lexicon("fr")
    _read_vader(_package_file(*VADER_FILES[1]), "->", french)
    emoji = _emoji_valences(english)
    lexicons = {"fr": french, "en": english}
    for term, lang, valence, kind in read_additions(additions):
        if lang in lexicons:
            lexicons[lang].add(term, valence, kind, inflections=True)
    for lexicon in lexicons.values():
        for form, term in conjugated_forms(lexicon, VERB_KINDS).items():
            if form in lexicon.valence:  # a word of VADER's own ("killed", "tués"): it gains the kind
                lexicon.kind.setdefault(form, lexicon.kind[term])
            else:
                lexicon.conjugated[form] = term
        lexicon.valence.update(emoji)
        lexicon.valence.update(EMOTICON_VALENCE)
    return lexicons
