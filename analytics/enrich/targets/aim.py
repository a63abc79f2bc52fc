"""Attack = who + how: the learned scorer says how hostile each sentence is (hostility.py), this
module says at whom, and merges that with the rules' verdicts (attacks.py).

- The units scored are sentences; a sentence naming several targets in different clauses ("je
  n'ai rien contre les X mais les Y sont des ordures") is also scored clause by clause, and each
  mention takes its own clause's score.
- A hostile unit attacks the targets it names (their neutral names are masked for the scorer, so
  the verdict is about what is said of them). A hostile sentence that names nobody but speaks of
  "ils/elles/they" attacks the targets of the sentence before it; one that speaks to "tu/toi/you"
  attacks the addressee.
- The rules' attacks stand unless the scorer finds the sentence clearly not hostile (counter-speech,
  negated negatives: below the `veto` threshold); the scorer's attacks are added above the
  `attack` threshold. Both thresholds live in the model bundle (chosen out of fold at training).
- The kind of an attack comes from its evidence (a threat word, a slur …) or, when only the
  scorer saw it, from the kind model.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analytics.enrich.targets import hostility
from analytics.enrich.targets.attack_words import SECOND_PERSON
from analytics.enrich.targets.mentions import (
    SENTENCE_BREAK,
    Mention,
    Target,
    spans_between,
    tokens_of,
)
from analytics.enrich.targets.replies import others_named
from analytics.text.language import model_language
from analytics.text.lexicon import load_lexicons
from analytics.text.words import fold

THIRD_PERSON = {"fr": {"ils", "elles", "eux", "leur", "leurs", "il", "elle", "lui"},
                "en": {"they", "them", "their", "he", "him", "his", "she", "her", "it"}}
LEXICON_KINDS = {"threat": "threat", "harm": "threat", "dehumanisation": "dehumanisation", "insult": "derogation",
                 "name-calling": "derogation", "contempt": "contempt"}
MENTION_KINDS = {"slur": "slur", "epithet": "contempt", "trope": "derogation", "name-calling": "derogation",
                 "vocative": "derogation"}
VETO = 0.3  # below this P(hostile) a rule's attack is dropped (overridden by the bundle's thresholds)


@dataclass(frozen=True, slots=True)
class Unit:
    """A scored piece of one text: a sentence, or a clause of a sentence naming several targets."""

    start: int
    end: int
    is_clause: bool = False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a text: pieces between end punctuation and line breaks."""
    return spans_between(text, SENTENCE_BREAK)


def units_of(text: str, located: Sequence[tuple[str, Mention, int]], clauses: list[tuple[int, int]]) -> list[Unit]:
    """The sentences of a text, plus the clauses of the sentences that name several targets in
    different clauses."""
    units = [Unit(start, end) for start, end in sentence_spans(text)]
    for start, end in [(unit.start, unit.end) for unit in units]:
        inside = [(name, number) for name, mention, number in located if start <= mention.start < end]
        if len({name for name, _ in inside}) > 1 and len({number for _, number in inside}) > 1:
            for number in sorted({number for _, number in inside}):
                first, last = clauses[number]
                units.append(Unit(max(first, start), min(last, end), True))
    return units


def unit_form(text: str, unit: Unit, masked: Sequence[tuple[int, int, str]]) -> str:
    """A unit in the scorer's form: its neutral target names masked."""
    spans = [(max(start, unit.start) - unit.start, min(end, unit.end) - unit.start, stand_in)
             for start, end, stand_in in masked if start < unit.end and unit.start < end]
    return hostility.model_form(text[unit.start:unit.end], spans)


def decide(text: str, lang: str, targets: dict[str, Target], located: Sequence[tuple[str, Mention, int]],
           units: list[Unit], scores: Sequence[float], forms: Sequence[str], thresholds: dict[str, float],
           addressee: str, guarded: dict[str, float] | None = None,
           calm: Sequence[bool] | None = None) -> list[tuple[Target, str]]:
    """Merge the scorer's verdicts with the rules' ones on the targets of one text (in place). The
    scorer adds an attack on a guarded target (named in counter-speech, quotes or clear praise) only
    from the score its guard asks (never for counter-speech and quotes): what the rules know there,
    data did not teach. calm: whether each unit is calm enough
    to veto a rule's attack (hostility.scored; by default its score under the veto). Returns the attacked targets whose kind their evidence does
    not tell, with the form of their unit: the caller asks the kind model for all of them at once."""
    attack_at, veto = thresholds["attack"], thresholds.get("veto", VETO)
    sentences = [(i, unit) for i, unit in enumerate(units) if not unit.is_clause]
    best: dict[str, tuple[float, int]] = {}
    for name, mention, _ in located:
        inside = [i for i, unit in enumerate(units) if unit.start <= mention.start < unit.end
                  and (mention.kind != "reply" or not others_named(located, unit.start, unit.end))]
        clause = [i for i in inside if units[i].is_clause]
        chosen = clause or inside
        for i in chosen:
            if scores[i] > best.get(name, (-1.0, -1))[0]:
                best[name] = (float(scores[i]), i)
    named_before: list[str] = []
    for i, unit in sentences:
        names_here = [name for name, mention, _ in located if unit.start <= mention.start < unit.end]
        words = {fold(surface) for _, surface, _, _ in tokens_of(text[unit.start:unit.end])}
        if not names_here and scores[i] >= attack_at:
            language = model_language(lang)
            if words & THIRD_PERSON[language] and named_before:
                for name in named_before:
                    if scores[i] > best.get(name, (-1.0, -1))[0]:
                        best[name] = (float(scores[i]), i)
            elif words & SECOND_PERSON[language]:
                target = targets.setdefault(addressee, Target(addressee, "person"))
                best[addressee] = (float(scores[i]), i)
                target.evidence.append("hostile sentence")
        if names_here:
            named_before = list(dict.fromkeys(names_here))
    unknown_kinds = []
    for name, (score, i) in best.items():
        target = targets[name]
        target.attack_score = round(score, 4)
        vocative = any(mention.kind == "vocative" for mention in target.mentions)  # nothing to misread
        if target.attack and not vocative and (calm[i] if calm is not None else score < veto):
            target.attack, target.evidence = False, []
        elif not target.attack and score >= max(attack_at, (guarded or {}).get(name, 0.0)) \
                and target.type != "place":
            target.attack = True  # a place is where things happen (a city acting is a government: metonyms)
            target.evidence.append(f"hostile ({score:.2f})")
        if target.attack:
            unit = units[i]
            target.evidence_spans = _evidence_spans(text, unit, target.evidence) or [(unit.start, unit.end)]
            target.attack_kind = _kind_from_evidence(target, lang)
            if target.attack_kind in ("", "derogation"):  # the model may tell a threat or dehumanisation
                unknown_kinds.append((target, forms[i]))
    return unknown_kinds


def may_address(text: str, lang: str) -> bool:
    """Whether a text that names no target may still attack the person it speaks to (only such
    texts are scored)."""
    words = {fold(surface) for _, surface, _, _ in tokens_of(text)}
    return bool(words & SECOND_PERSON[model_language(lang)])


def _evidence_spans(text: str, unit: Unit, evidence: list[str]) -> list[tuple[int, int]]:
    """Where the evidence words stand in the unit (case-insensitive)."""
    spans, lowered = [], text.lower()
    for term in evidence:
        at = lowered.find(term.lower(), unit.start, unit.end)
        if term and at >= 0:
            spans.append((at, at + len(term)))
    return sorted(set(spans))


def _kind_from_evidence(target: Target, lang: str) -> str:
    """The attack kind its words tell: a threat or dehumanising word, a slur, an epithet, an insult."""
    lexicon = load_lexicons()[model_language(lang)]
    found = set()
    for mention in target.mentions:
        if mention.kind in MENTION_KINDS:
            found.add(MENTION_KINDS[mention.kind])
    for term in target.evidence:
        key = lexicon.lookup(fold(term))
        if key is not None and lexicon.kind.get(key) in LEXICON_KINDS:
            found.add(LEXICON_KINDS[lexicon.kind[key]])
        elif term == "negative generalisation":
            found.add("derogation")
    return next((kind for kind in hostility.KINDS if kind in found), "")

