"""Contempt by what a target lacks: "Macron n'a pas le moindre sens de l'honneur", "les … n'ont
aucun respect", "he has no shame", "dépourvu de cervelle". A turn of lacking (`lacking` in
data/targets/attack_words.csv) followed within a few words by a quality a person is expected to
have (`qualities`: honour, dignity, courage, a brain, shame, decency…) attacks the target named
before it in the clause, or the nearest before it within ATTRIBUTION_REACH, or, with none before,
the target named right after a holder ("chez", "for", "in": "rien d'estimable chez Macron"). Not in counter-speech
or quotes, and never a place. What a target lacks that is no quality ("n'a pas de majorité") says
nothing of it; "compétence" is left out (in French it is also a jurisdiction: "l'UE n'a aucune
compétence en matière de santé").
"""
from __future__ import annotations

from analytics.enrich.targets.attack_words import (
    ATTRIBUTION_REACH,
    LACKING,
    LACKING_HOLDERS,
    QUALITIES,
    turns_at,
)
from analytics.enrich.targets.mentions import Mention, Target, in_quotes, tokens_of
from analytics.text.words import fold

REACH = 5  # words between the end of a turn and the quality ("pas le moindre sens de l'honneur")


def mark_lacking(text: str, targets: dict[str, Target], located: list[tuple[str, Mention, int]],
                 counter_speech: set[int], clauses: list[tuple[int, int]]) -> None:
    """Mark the targets said to lack a quality as attacked (in place), with the turn as evidence."""
    for number, (start, end) in enumerate(clauses):
        if number in counter_speech:
            continue
        tokens = tokens_of(text[start:end])
        folded = [fold(surface) for _, surface, _, _ in tokens]
        for first, last in _lacks(folded):
            offset, stop = start + tokens[first][2], start + tokens[last][3]
            if in_quotes(text, offset, stop):
                continue
            before = [(name, mention) for name, mention, _ in located if mention.end <= offset
                      and targets[name].type != "place" and offset - mention.end <= ATTRIBUTION_REACH]
            held = _holder(text, tokens, folded, last, start, end, located, targets)
            if not before and held is None:
                continue
            name = max(before, key=lambda item: item[1].end)[0] if before else held
            targets[name].attack = True
            targets[name].evidence.append(text[offset:stop])


def _holder(text: str, tokens, folded: list[str], quality: int, start: int, end: int, located,
            targets: dict[str, Target]) -> str | None:
    """The target named right after a lacking holder within three words of the quality ("rien
    d'estimable chez Macron", "zero sympathy for …"), if any."""
    for i in range(quality + 1, min(len(folded), quality + 4)):
        if folded[i] in LACKING_HOLDERS and i + 1 < len(tokens):
            after = start + tokens[i][3]
            named = [(name, mention) for name, mention, _ in located if after <= mention.start < min(end, after + 12)
                     and targets[name].type != "place"]
            if named:
                return min(named, key=lambda item: item[1].start)[0]
    return None


def _lacks(folded: list[str]) -> list[tuple[int, int]]:
    """(first, last token) of every lacking turn with its quality within REACH words."""
    found = []
    for position in range(len(folded)):
        for turn in turns_at(folded, position, LACKING):
            after = position + len(turn)
            quality = next((i for i in range(after, min(len(folded), after + REACH + 1)) if folded[i] in QUALITIES),
                           None)
            if quality is not None:
                found.append((position, quality))
                break
    return found
