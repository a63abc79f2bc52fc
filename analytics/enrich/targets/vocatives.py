"""Messages that attack the person spoken to without a pronoun: a name hurled on its own ("fdp",
"Connard !", "kys loser") or a hostile order opening a sentence ("crève sale chien", "ferme-la",
"shut up, idiot"). Chats and replies are full of them, and with no "tu/you" and no name there was
no one to attack.

Such a word is a mention of the addressee of kind "vocative", which the attack rules treat like an
epithet: an attack unless quoted, reported or denied (attacks.py); the scorer does not veto it
(aim.decide), since a sentence of nothing but hostile words and fillers leaves the rules nothing to
misread, while the scorer reads such short texts poorly ("crève sale chien" 0.24). Only in a sentence that names
no one and speaks to no one by a pronoun (there, the rules already give a hostile word to its
target), and only when nothing but fillers stands beside it: interjections, qualifiers, laughter,
punctuation and emoji (`vocative_fillers`), or other hostile words. "Ferme la porte" is no order at
anyone; "dégage du serveur …" is left to the scorer. The orders and the fillers are data
(`hostile_orders` and `vocative_fillers` in data/targets/attack_words.csv).
"""
from __future__ import annotations

from analytics.enrich.sentiment import rules
from analytics.enrich.sentiment.rules import HOSTILE_KINDS
from analytics.enrich.targets.aim import sentence_spans
from analytics.enrich.targets.attack_words import (
    DETERMINERS,
    HOSTILE_ORDERS,
    INSULT_ADJECTIVES,
    POSSESSIVE,
    VOCATIVE_FILLERS,
)
from analytics.enrich.targets.mentions import Mention
from analytics.enrich.targets.replies import POINTING
from analytics.text.language import model_language
from analytics.text.lexicon import load_lexicons
from analytics.text.words import fold

NAMING_KINDS = {"name-calling"}  # a word hurled on its own names someone ("merde!" alone is an interjection)
HURLED_KINDS = NAMING_KINDS | {"dehumanisation", "insult"}  # after an insult's opening adjective: "sale rat"


def vocatives(text: str, tokens, folded: list[str], found: list, addressee: str,
              lang: str) -> list[tuple[str, str, Mention]]:
    """(addressee, "person", mention) for each hostile order or name hurled on its own in a
    sentence that names no one, and for each hostile order opening a sentence that speaks to
    someone by a pronoun ("ferme-la, tu sers à rien", "stfu you noob"; found: the mentions so far)."""
    lexicon = load_lexicons()[model_language(lang)]
    extra = []
    for start, end in sentence_spans(text):
        inside = [i for i, token in enumerate(tokens) if start <= token[2] < end]
        named = [name for name, _, mention in found if start <= mention.start < end]
        if not inside or any(name != addressee for name in named):
            continue
        hostile, others = _read(folded, inside, lexicon)
        order = _order(tokens, folded, inside)
        if order is not None:
            first, last = order
            rest = [i for i in others if i < first or i > last]
            if not rest or named:  # "ferme-la, tu sers à rien": the order is aimed at "tu"
                extra.append(_mention(text, tokens, first, last, addressee))
            continue
        if named:
            continue
        names = [(first, last) for first, last, kind in hostile if kind in NAMING_KINDS]
        if names and not others:
            extra.append(_mention(text, tokens, *names[-1], addressee))
    return extra


def _read(folded: list[str], inside: list[int], lexicon) -> tuple[list[tuple[int, int, str]], list[int]]:
    """The hostile lexicon terms of a sentence as (first, last token, kind), and the positions of
    the words that are neither hostile nor fillers."""
    hostile, others, position = [], [], inside[0]
    while position <= inside[-1]:
        key, span = rules._match(folded, position, lexicon)
        kind = lexicon.kind.get(key) if key is not None else None
        if kind in HOSTILE_KINDS:
            hostile.append((position, position + span - 1, kind))
            position += span
            continue
        word = folded[position]
        if not _filler(word):
            others.append(position)
        position += 1
    return hostile, others


def _order(tokens, folded: list[str], inside: list[int]) -> tuple[int, int] | None:
    """The first and last token of a hostile order opening the sentence (fillers before it), written
    as the order is or with its accents dropped ("creve", not "Crevé": tired, no order)."""
    for position in inside:
        for order, written in HOSTILE_ORDERS.items():
            last = position + len(order) - 1
            if tuple(folded[position:last + 1]) == order and last <= inside[-1] and all(
                    _accents_agree(token[1].lower(), word) for token, word in zip(tokens[position:last + 1], written)):
                return position, last
        if not _filler(folded[position]):
            return None  # an order begins with a filler ("va crever"): tried before the filler is skipped
    return None


def _filler(word: str) -> bool:
    """Punctuation, emoji, a filler word, or an @handle (the one a reply opens with: "@marie idiote")."""
    return word.startswith("@") or word in VOCATIVE_FILLERS or not any(character.isalnum() for character in word)


def _accents_agree(surface: str, written: str) -> bool:
    """Whether surface is written, or written with accents dropped ("creve" for "crève")."""
    return len(surface) == len(written) and all(a == b or a == fold(b) for a, b in zip(surface, written))


def _mention(text: str, tokens, first: int, last: int, addressee: str) -> tuple[str, str, Mention]:
    start, end = tokens[first][2], tokens[last][3]
    return addressee, "person", Mention(text[start:end], start, end, "vocative")


def opens_a_phrase(folded: list[str], adjective: int) -> bool:
    """Whether an insult's adjective opens its phrase ("Ntm sale bouffon", "retourne jouer gros débile"):
    the name-calling noun after it is hurled at the person spoken to, not said of someone ("c'est un
    sale type", "ce gros con", "mon gros débile de frère")."""
    return folded[adjective] in INSULT_ADJECTIVES and (
        adjective == 0 or folded[adjective - 1] not in DETERMINERS | POSSESSIVE | POINTING)


def naming_kinds(folded: list[str], before: int) -> set[str]:
    """The lexicon kinds of a noun that names someone after folded[before]: name-calling, and after an
    insult's opening adjective also a dehumanising word or an insult ("dégage d'ici sale rat", "gros porc")."""
    return HURLED_KINDS if opens_a_phrase(folded, before) else NAMING_KINDS
