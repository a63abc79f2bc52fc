"""Threats at people named only by a pronoun: "Qu'ils approchent de ma rue, je les égorge", "qu'ils
crèvent tous", "I'll kill him". With no one named near the verb there was no target to attack, so
the threat went unread. Such a threat is a mention of someone unnamed (kept only if attacked), of
kind "threatened", which the attack rules treat like name-calling: an attack unless quoted or
reported; a negated threat is none ("je ne vais pas les tuer", "I won't kill them").

A verb of killing or harm (a `threat` term of the lexicon, in any form) with one of the
`threatened_pronouns` of data/targets/attack_words.csv right before it in French or right after it
in English, with no target in its clause or within ATTRIBUTION_REACH characters. A report in the
past is no threat: an English form in -ed, or a French participle (which the clitic does not come
right before: "ils les ont tués").
"""
from __future__ import annotations

from analytics.enrich.sentiment import rules
from analytics.enrich.targets.attack_words import ATTRIBUTION_REACH, THREATENED_PRONOUNS
from analytics.enrich.targets.mentions import Mention, clause_of, clause_spans
from analytics.enrich.targets.negation import negated
from analytics.text.language import model_language
from analytics.text.lexicon import load_lexicons


def threatened(text: str, tokens, folded: list[str], found: list, unnamed: str,
               lang: str) -> list[tuple[str, str, Mention]]:
    """(unnamed, "person", mention) for each threat aimed at a pronoun with no target near it
    (found: the mentions so far)."""
    lang = model_language(lang)
    lexicon = load_lexicons()[lang]
    clauses = clause_spans(text)
    taken = {clause_of(clauses, mention.start) for _, _, mention in found}
    extra, position = [], 0
    while position < len(tokens):
        key, span = rules._match(folded, position, lexicon)
        if key is None or lexicon.kind.get(key) != "threat":
            position += span if key is not None else 1
            continue
        aimed = _aimed(folded, position, span, lang)
        if aimed is not None and not negated(folded, position, span, lang):
            start, end = tokens[aimed[0]][2], tokens[aimed[1]][3]
            if clause_of(clauses, start) not in taken and not any(
                    min(abs(m.start - start), abs(m.end - start)) <= ATTRIBUTION_REACH for _, _, m in found):
                extra.append((unnamed, "person", Mention(text[start:end], start, end, "threatened")))
        position += span
    return extra


def _aimed(folded: list[str], position: int, span: int, lang: str) -> tuple[int, int] | None:
    """The first and last token of the pronoun and the verb when a threatened pronoun stands on the
    verb's object side (inside a phrase too: "qu'ils crèvent", "kill them"), else None."""
    last = position + span - 1
    for turn in THREATENED_PRONOUNS.get(lang, ()):
        if lang == "fr":
            first = last - len(turn)
            if first >= 0 and tuple(folded[first:last]) == turn:
                return min(first, position), last
        elif not folded[position].endswith("ed") and tuple(folded[position + 1:position + 1 + len(turn)]) == turn:
            return position, max(last, position + len(turn))
    return None
