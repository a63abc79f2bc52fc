"""What a negation governs in the attack rules: the lexicon term it denies ("je ne suis pas un
sale …", "je ne vais pas te tuer", "I won't kill them"), not a verb's object after it ("j'ai pas
compris la sale arabe"), and not past the noun a preposition of lack governs ("sans faute, boloss").
Read by attacks.py (every lexicon term) and threatened.py (threats at a pronoun)."""
from __future__ import annotations

from analytics.enrich.sentiment import rules
from analytics.enrich.targets.attack_words import ARTICLES, CLITICS, COPULAS, NOMINAL
from analytics.text.lexicon import load_lexicons

NOT_VERBS = {lang: ARTICLES | NOMINAL | COPULAS | CLITICS | rules.NEGATION_TAILS[lang] | boosters.keys()
             for lang, boosters in rules.BOOSTERS.items()}


def negated(folded: list[str], position: int, span: int, lang: str) -> bool:
    """Whether a negation governs the lexicon term at position: "je ne vais pas te tuer", "I won't
    kill them" (not "j'ai pas compris la sale arabe", not "sans faute, boloss"). The words that
    complete a negation ("pas du tout", "not at all") do not count in its reach: "ils ne sont pas du
    tout des voleurs" denies "voleurs" as "ils ne sont pas des voleurs" does."""
    compact, at = rules.without_tails(folded, position, lang)  # _negation leaves them out itself
    return rules._negation(folded, position, span, lang) != 1.0 \
        and not _verb_between(compact, at, lang) and not _past_preposition(compact, at, lang)


def _verb_between(folded: list[str], position: int, lang: str) -> bool:
    """Whether a word other than an article, a determiner, a copula or an intensifier stands
    between the last negation before position and the word: "j'ai pas compris la sale arabe"
    negates "compris", not "sale"; "je ne suis pas un sale arabe", "pas très con" and "pas con,
    attardé" (a list of negative words) are denials."""
    last = _last_negator(folded, position, lang)
    if last is None:
        return False
    valence = load_lexicons()[lang].valence
    return any(word not in NOT_VERBS[lang] and valence.get(word, 0) >= 0 for word in folded[last + 1:position])


PREPOSITIONS = {"fr": {"sans"}, "en": {"without"}}  # negators that govern only the noun after them


def _last_negator(folded: list[str], position: int, lang: str) -> int | None:
    """The position of the last negation within rules.NEGATION_WINDOW words before position."""
    window = range(max(0, position - rules.NEGATION_WINDOW), position)
    return max((i for i in window if folded[i] in rules.NEGATORS[lang] or folded[i].endswith("n't")), default=None)


def _past_preposition(folded: list[str], position: int, lang: str) -> bool:
    """Whether the last negator before the word is a preposition ("sans", "without") whose noun
    comes before the word: "sans faute, boloss" does not deny "boloss" ("sans" governs its noun,
    with an article before it, not the words after: "sans aucun respect" still reads "respect")."""
    last = _last_negator(folded, position, lang)
    if last is None or folded[last] not in PREPOSITIONS[lang]:
        return False
    noun = last + 1
    while noun < position and (folded[noun] in NOT_VERBS[lang] or folded[noun] in rules.NEGATORS[lang]):
        noun += 1
    return noun < position
