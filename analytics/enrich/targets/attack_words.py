"""The words, phrases and reaches the attack rules read (analytics/enrich/targets/attacks.py): counter-speech,
disclaimers, reporting verbs, determiners and copulas, members' markers, plight and opposing verbs.

The words live in data/targets/attack_words.csv and the reaches in data/targets/attack_settings.csv,
each class and setting explained there; this module reads them once. Words are folded (lower case,
no accents), as the rules compare them; word beginnings (written "racis*") are tuples for
str.startswith. What stays here is logic: the kinds of mention and lexicon term that count as
attacks, and the patterns for framings, quotations, figures and ages.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from analytics.data_files import noted_csv_rows
from analytics.enrich.targets.aliases import CONTEMPTUOUS_KINDS
from analytics.errors import InputError
from analytics.paths import DATA_DIR
from analytics.text.words import fold, phrase_key, tokenize

DATA_DIR = DATA_DIR / "targets"
ATTACK_WORDS = DATA_DIR / "attack_words.csv"
ATTACK_SETTINGS = DATA_DIR / "attack_settings.csv"
BEGINNING_CLASSES = ("racism_family", "complaining", "opposing", "plight")  # written with a trailing *
PHRASE_CLASSES = ("stereotypes", "generalised", "owned", "self_naming", "hostile_orders",
                  "third_person_copulas", "lacking", "undergoing", "threatened_pronouns",
                  "dissociating", "others_words", "say_complaints",
                  "intending")  # kept as written: the evidence shows them
WORD_CLASSES = ("counter_speech", "object_determiners", "word_nouns", "labelling", "distancing",
                "generalised_quantifiers", "reporting", "participles", "auxiliaries", "hurling",
                "insult_openers", "articles", "denials", "copulas", "first_person_copulas", "kin", "person",
                "definite_singular", "determiners", "calls", "calls_determiners", "vocative_fillers", "qualities",
                "conjunctions", "generic_singular", "nominal", "possessive", "counts", "patient", "predicate",
                "passive", "happened", "wishing", "get_passive", "clitics", "saying", "condemning",
                "lacking_holders", "state_nouns", "relatives", "passive_followers", "second_person",
                "insult_adjectives")
CLASSES = (*WORD_CLASSES, *PHRASE_CLASSES, *BEGINNING_CLASSES)
PAIRED_BY_LANGUAGE = ("generalised", "generalised_quantifiers", "threatened_pronouns", "second_person")  # read by language
SETTINGS = ("attribution_reach", "opposed_reach")
LANGUAGES = ("fr", "en", "")


def read_attack_words(path: Path = ATTACK_WORDS) -> dict[str, list[tuple[str, str]]]:
    """Each class's (word, lang) rows in file order: words folded, beginnings without their *,
    phrases as written; a bad row names its line."""
    words: dict[str, list[tuple[str, str]]] = {}
    for number, row in noted_csv_rows(path, ("class", "word", "lang")):
        klass, word, lang = row["class"], row["word"], row["lang"]
        beginning = klass in BEGINNING_CLASSES
        if klass not in CLASSES or not word.rstrip("*") or lang not in LANGUAGES \
                or word.endswith("*") != beginning or (klass in PAIRED_BY_LANGUAGE and not lang):
            raise InputError(str(path), f"line {number}",
                             f"class,word,lang with a class in {', '.join(CLASSES)}, a word (ending in * in "
                             f"{', '.join(BEGINNING_CLASSES)} only), lang fr, en or empty (fr or en in "
                             f"{', '.join(PAIRED_BY_LANGUAGE)})", repr(row))
        written = word.rstrip("*")
        words.setdefault(klass, []).append((written if klass in PHRASE_CLASSES else fold(written), lang))
    missing = [klass for klass in CLASSES if klass not in words]
    if missing:
        raise InputError(str(path), None, "rows for every class the rules read", f"none for {', '.join(missing)}")
    return words


def read_attack_settings(path: Path = ATTACK_SETTINGS) -> dict[str, int]:
    """Each setting's whole-number value; a bad row names its line."""
    settings: dict[str, int] = {}
    for number, row in noted_csv_rows(path, ("setting", "value")):
        name, value = row["setting"], row["value"]
        if name not in SETTINGS or name in settings or not (value.isascii() and value.isdigit()):
            raise InputError(str(path), f"line {number}", f"setting,value with a setting in {', '.join(SETTINGS)}, "
                             "once each, and a whole number", repr(row))
        settings[name] = int(value)
    missing = [name for name in SETTINGS if name not in settings]
    if missing:
        raise InputError(str(path), None, "a value for every setting", f"none for {', '.join(missing)}")
    return settings


_WORDS = read_attack_words()
_SETTINGS = read_attack_settings()


def _whole(klass: str) -> set[str]:
    return {word for word, _ in _WORDS[klass]}


def _beginnings(klass: str) -> tuple[str, ...]:
    return tuple(word for word, _ in _WORDS[klass])


def _turns(klass: str) -> frozenset[tuple[str, ...]]:
    """A phrase class as tuples of folded words, tokenised as text is ("j'ai" is "j'", "ai")."""
    return frozenset(tuple(phrase_key(phrase).split()) for phrase, _ in _WORDS[klass])


@cache
def _first_words(turns: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(turn[0] for turn in turns)


def turns_at(words: list[str], position: int, turns: frozenset[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The turns of a phrase class that the folded words start at position, longest first (the
    first word is looked up first: most words start no turn)."""
    if position >= len(words) or words[position] not in _first_words(turns):
        return []
    return sorted((turn for turn in turns if tuple(words[position:position + len(turn)]) == turn), key=len,
                  reverse=True)


def turn_at(words: list[str], position: int, turns: frozenset[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest turn of a phrase class that the folded words start at position, if any."""
    return next(iter(turns_at(words, position, turns)), None)


def holds_turn(words: list[str], turns: frozenset[tuple[str, ...]]) -> bool:
    """Whether one of the turns stands anywhere in the folded words."""
    return any(turn_at(words, position, turns) for position in range(len(words)))


# "ce connard", "fdp", "je les égorge"
ATTACKING_MENTIONS = {*CONTEMPTUOUS_KINDS, "name-calling", "vocative", "threatened"}
INSULTS = {"insult", "name-calling"}  # lexicon kinds after which "de raciste" is hurled: "gros fdp de raciste"
FRAMED = re.compile(r" (?:c' est|c|cest|ce sont) les \S+ ca ")  # "c'est les rebeus ça": the group framed
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
NUMBERED = re.compile(r"\d\s*$")  # "4 renois": a count in figures (figures are not words)
AGED = re.compile(r"\s*(?:de|d'|of|aged)\s*\d", re.IGNORECASE)  # "des migrants de 9 ans"

COUNTER_SPEECH = _whole("counter_speech")
OWNED = _turns("owned")  # the author's own: "j'ai la haine"
RACISM_FAMILY = _beginnings("racism_family")
COMPLAINING = _beginnings("complaining")
OBJECT_DETERMINERS = _whole("object_determiners")
WORD_NOUNS = _whole("word_nouns")
LABELLING = _whole("labelling")
DISTANCING = _whole("distancing")
STEREOTYPES = {phrase: phrase_key(phrase) for phrase, _ in _WORDS["stereotypes"]}
GENERALISED_QUANTIFIERS = {lang: tuple(word for word, other in _WORDS["generalised_quantifiers"] if other == lang)
                           for lang in ("fr", "en")}
GENERALISED = {phrase: (phrase_key(phrase), GENERALISED_QUANTIFIERS[lang]) for phrase, lang in _WORDS["generalised"]}
REPORTING = _whole("reporting")
RELATIVES = _whole("relatives")
SAYING = _whole("saying")
SAY_COMPLAINTS = _turns("say_complaints")  # "on ne peut plus dire que"
OTHERS_WORDS = _turns("others_words")  # "ceux qui", "people who"
CONDEMNING = _whole("condemning")
DISSOCIATING = _turns("dissociating")  # "rien à voir avec"
CALLS = _whole("calls")
CALLS_DETERMINERS = _whole("calls_determiners")
PARTICIPLES = _whole("participles")
AUXILIARIES = _whole("auxiliaries")
HURLING = _whole("hurling")
INSULT_OPENERS = _whole("insult_openers")
ATTRIBUTION_REACH = _SETTINGS["attribution_reach"]
ARTICLES = _whole("articles")
CLITICS = _whole("clitics")
DENIALS = _whole("denials")
COPULAS = _whole("copulas")
FIRST_PERSON_COPULAS = _whole("first_person_copulas")
KIN = _whole("kin")
HOSTILE_ORDERS = {tuple(phrase_key(order).split()): tuple(surface.lower() for _, surface in tokenize(order))
                  for order, _ in sorted(_WORDS["hostile_orders"], key=lambda row: -len(row[0].split()))}
"""Folded order -> its words as written (accents kept: "crevé" is no "crève"), longest first."""
VOCATIVE_FILLERS = _whole("vocative_fillers")
LACKING = _turns("lacking")  # "n'a pas le moindre"
QUALITIES = _whole("qualities")
LACKING_HOLDERS = _whole("lacking_holders")
THIRD_PERSON_COPULAS = _turns("third_person_copulas")
THREATENED_PRONOUNS = {lang: frozenset(tuple(phrase_key(turn).split())
                                        for turn, other in _WORDS["threatened_pronouns"] if other == lang)
                       for lang in ("fr", "en")}  # "les" before, "them" after the verb
SECOND_PERSON = {lang: frozenset(word for word, other in _WORDS["second_person"] if other == lang)
                 for lang in ("fr", "en")}  # "tu", "jte", "you", "ur"
SELF_NAMING = _turns("self_naming")  # "je suis (un vrai) con"
PERSON = _whole("person")
INSULT_ADJECTIVES = _whole("insult_adjectives")  # "Ntm sale bouffon": hurled at the person spoken to
STATE_NOUNS = _whole("state_nouns")
DEFINITE_SINGULAR = _whole("definite_singular")
DETERMINERS = DEFINITE_SINGULAR | _whole("determiners")
CONJUNCTIONS = _whole("conjunctions")
GENERIC_SINGULAR = _whole("generic_singular")
NOMINAL = _whole("nominal")
POSSESSIVE = _whole("possessive")
COUNTS = _whole("counts")
PATIENT = _whole("patient")
PREDICATE = _whole("predicate")
PASSIVE = _whole("passive")
HAPPENED = _whole("happened")
WISHING = _whole("wishing")
INTENDING = _turns("intending")  # "je vais", "I'm going to"
UNDERGOING = _turns("undergoing")  # "reçoivent", "se font"
GET_PASSIVE = _whole("get_passive")
PASSIVE_FOLLOWERS = _whole("passive_followers")
OPPOSING = _beginnings("opposing")
OPPOSED_REACH = _SETTINGS["opposed_reach"]
PLIGHT = _beginnings("plight")
