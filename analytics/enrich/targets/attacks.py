"""Whether a text attacks each of its targets: an insult, a slur, a contemptuous epithet,
dehumanisation, a threat or a negative generalisation aimed at it.

- A contemptuous epithet or slur naming the target ("le nain de Kiev", "bougnoules"); a slur
  hurled at a person ("t'es un mongol") attacks that person; name-calling with no one named nearby
  ("quel abruti ce mec") attacks someone unnamed.
- An insult, name-calling, contempt, dehumanisation or threat term of the lexicon in the clause
  that mentions the target goes to the nearest target in that clause (or within
  ATTRIBUTION_REACH characters), and to the group it qualifies directly ("sale arabe", "ces
  connards de gauchistes"); a group's name hurled with "espèce de" attacks the group and the
  person.
- A conspiracy trope naming a group ("le grand remplacement", "l'islamisation de l'Europe"),
  unless the clause disowns it ("le fantasme du …").
- A social group that a clause speaks of negatively as its topic ("les X sont tous …"), or pins a
  behaviour on with a stereotyping turn ("des arabes pour changer", "tous les … font ça").
- Never: denied ("je ne déteste pas les …"), quoted, reported ("il a dit sale …") or denounced
  ("traiter les … de … est raciste") hostility, a group as the victim of what the clause
  deplores, a proper noun that happens to spell an insult ("Salé"). A disclaimer ("je ne suis
  pas raciste mais") does not denounce.
"""
from __future__ import annotations

from analytics.enrich.sentiment import rules
from analytics.enrich.sentiment.rules import HOSTILE_KINDS
from analytics.enrich.targets.attack_voice import (
    denied_membership,
    denouncing_clauses,
    dissociated,
    distanced,
    happened,
    in_relative,
    labelled,
    named_in_own_voice,
    reported,
    self_named,
    set_aside,
    undergoes,
    unsaid,
    wished,
    words_before,
)
from analytics.enrich.targets.attack_words import (
    AGED,
    ATTACKING_MENTIONS,
    ATTRIBUTION_REACH,
    CONJUNCTIONS,
    COPULAS,
    COUNTS,
    DEFINITE_SINGULAR,
    DETERMINERS,
    FRAMED,
    GENERALISED,
    GENERIC_SINGULAR,
    INSULT_OPENERS,
    KIN,
    NOMINAL,
    NUMBERED,
    OBJECT_DETERMINERS,
    OPPOSED_REACH,
    OPPOSING,
    PASSIVE,
    PATIENT,
    PERSON,
    PLIGHT,
    POSSESSIVE,
    PREDICATE,
    QUOTED,
    STEREOTYPES,
)
from analytics.enrich.targets.lacking import mark_lacking
from analytics.enrich.targets.mentions import (
    Mention,
    Target,
    in_quotes,
    is_proper,
    tokens_of,
)
from analytics.enrich.targets.negation import negated
from analytics.enrich.targets.replies import beside_replies
from analytics.text.language import model_language
from analytics.text.lexicon import load_lexicons
from analytics.text.words import fold


def mark_attacks(text: str, lang: str, targets: dict[str, Target], located: list[tuple[str, Mention, int]],
                 clauses: list[tuple[int, int]], segments: list[tuple[int, int, float]]) -> None:
    """Set attack and evidence on the targets of one text; located is (name, mention, clause number)."""
    counter_speech = denouncing_clauses(text, lang, clauses)
    for name, mention, number in located:
        if mention.kind not in ATTACKING_MENTIONS:
            continue
        start = clauses[number][0]
        before = words_before(text, start, mention.start, 3)
        # in a clause that denounces racism an epithet is still the author's ("le négationnisme du racisme
        # anti-blanc de l'islamo-gauchiste"), unless it is what someone is called ("traiter quelqu'un d'…")
        denounced = number in counter_speech and (mention.kind != "epithet" or labelled(text, start, mention))
        if mention.kind == "trope" and distanced(text[start:clauses[number][1]]):
            continue  # "le fantasme du grand remplacement": the framing is disowned
        if not denounced and named_in_own_voice(text, mention, start, before, lang):
            targets[name].attack = True
            targets[name].evidence.append(mention.text)
    for name, mention, number in located:
        others = [(n, m) for n, m, c in located if c == number and n != name and targets[n].type != "group"]
        if mention.kind == "slur" and targets[name].type == "group" and others and number not in counter_speech \
                and _hurled(text, mention):
            nearest, _ = min(others, key=lambda item: abs(item[1].start - mention.start))
            targets[nearest].attack = True  # a slur hurled at someone: "t'es un mongol"
            targets[nearest].evidence.append(mention.text)
    for number, (start, end) in enumerate(clauses):
        if number in counter_speech or not located:
            continue
        _hurled_group_names(text, targets, located, number, start)
        plight = [start + first for _, surface, first, _ in tokens_of(text[start:end])
                  if fold(surface).startswith(PLIGHT)]  # where the clause deplores what happens
        for offset, term, denied, weak in _hostile_terms(text, start, end, lang):
            if denied or in_quotes(text, offset, offset + len(term)) or reported(text, start, offset) \
                    or happened(text, start, offset) or self_named(text, start, offset, lang) \
                    or unsaid(text, start, offset, lang) or dissociated(text, start, offset):
                continue
            if any(m.start <= offset < m.end for _, m, _ in located):
                continue  # the hostile word is a mention itself (an epithet, handled above)
            same_clause = [(n, m) for n, m, c in located if c == number]
            nearby = [(n, m) for n, m, _ in located
                      if min(abs(m.start - offset), abs(m.end - offset)) <= ATTRIBUTION_REACH]
            candidates = same_clause or ([] if weak else nearby)  # a verb of harm needs its target in its clause
            candidates = beside_replies(candidates)
            if any(not offset <= at < offset + len(term) for at in plight):  # the term itself ("mourir") aside
                # "ce qu'on fait subir aux …": the group is what the clause deplores
                candidates = [(n, m) for n, m in candidates if targets[n].type != "group"]
            candidates = [(n, m) for n, m in candidates if not set_aside(text, start, m, lang)]
            if fold(term).rsplit(" ", 1)[-1] in OBJECT_DETERMINERS:  # "aime pas les": only what follows
                candidates = [(n, m) for n, m in candidates if 0 <= m.start - offset - len(term) <= 2]
            if not candidates:
                continue
            nearest, _ = min(candidates, key=lambda item: min(abs(item[1].start - offset), abs(item[1].end - offset)))
            qualified = _adjacent_group(located, offset, term, text)
            for name in {nearest, qualified} - {None}:
                targets[name].attack = True
                targets[name].evidence.append(term)
    _negative_generalisations(text, lang, targets, located, counter_speech, segments, clauses)
    mark_lacking(text, targets, located, counter_speech, clauses)


def _negative_generalisations(text: str, lang: str, targets: dict[str, Target], located, counter_speech: set[int],
                               segments: list[tuple[int, int, float]], clauses: list[tuple[int, int]]) -> None:
    """A social group that a clause speaks of negatively, as its topic, is attacked ("les X nous
    envahissent", "l'idéologie gauchiste détruit tout"): both the clause's sentiment score and its
    lexicon reading (negation-aware, proper nouns left out) are negative. The lexicon is required
    because the n-gram model alone reads group names as negative ("les juifs fêtent Hanoukka").
    Only the group as a whole (see _generic); not when the group is what the negative things
    happen to ("la violence envers les migrants", "des réfugiés souffrent de la faim", "la femme a
    été tuée"), when its membership is denied ("je ne suis pas gauchiste"), in counter-speech or
    quotes. Quoted words never count; after "est"/"sont" the whole clause is read ("la principale
    source du terrorisme c'est l'islam"). A stereotyping turn ("des arabes pour changer", "c'est ça
    les X", "tous les X font ça") stands for the negative reading of the n-gram model: such a clause
    need only not be positive. The group names themselves are not part of the reading ("les
    clandestins" is not negative for being "clandestins")."""
    group_spans = [(m.start, m.end) for _, m, _ in located if m.kind in ("group", "member")]
    if not group_spans:
        return
    unnamed = _opposed(_blanked(text, group_spans), lang)
    for name, mention, number in located:
        target = targets[name]
        if target.type != "group" or target.attack or mention.kind not in ("group", "member") or number in counter_speech:
            continue
        start, end = clauses[number]
        before = words_before(text, start, mention.start, 3)
        if PREDICATE & set(before[-2:]):
            said_from = start  # "la principale source du terrorisme c'est l'islam"
        elif number and set(before) <= DETERMINERS and text[clauses[number - 1][1]:start].strip() == ":":
            said_from = clauses[number - 1][0]  # "le seul terrorisme porte un nom : l'islam"
        elif mention.kind == "member" and before and before[-1].isalpha() and before[-1] not in NOMINAL | COPULAS:
            said_from = tokens_of(text[start:mention.start])[-1][2] + start  # "la délinquance maghrébine"
        else:
            said_from = mention.start
        scores = [score for first, last, score in segments
                  if first <= mention.start < last or first <= said_from < last]
        marker = _stereotype_marker(text[start:end])
        negative = bool(scores) and min(scores) <= -rules.NEUTRAL_BAND
        if not (negative or marker) or in_quotes(text, mention.start, mention.end):
            continue
        compound_part = mention.kind == "member" and text[mention.start - 1:mention.start] == "-"  # "sage-femme"
        if compound_part or not _generic(mention, before, text[mention.end:mention.end + 8],
                                         text[max(0, mention.start - 8):mention.start]):
            continue  # "sa femme", "une femme du nom de X": a person, not the group
        words = {fold(surface) for _, surface, _, _ in tokens_of(text[said_from:end])}
        if any(word.startswith(PLIGHT) for word in words) or PASSIVE & words \
                or any(word in PATIENT for word in before[-2:]) or denied_membership(before) \
                or in_relative(text, start, mention.start) \
                or undergoes(text, mention.end, end, lang) or unsaid(text, start, mention.start, lang) \
                or dissociated(text, mention.end, end) \
                or _harm_happened(text, start, said_from, end, lang):
            continue  # what happens to the group: "Muslims face abuse", "they were killed"
        compound = rules.score_text(_readable(unnamed[said_from:end]), lang).compound
        if compound > 0 or (compound == 0 and not marker):
            continue
        target.attack = True
        target.evidence += ["negative generalisation", *([marker] if marker else []),
                            *_negative_words(_readable(unnamed), said_from, end, lang)]


def _stereotype_marker(clause: str) -> str | None:
    """The stereotyping turn of a clause, if any ("pour changer", "c'est ça les", "c'est les … ça",
    "tous les … font ça")."""
    words = [fold(surface) for _, surface, _, _ in tokens_of(clause)]
    folded = f" {' '.join(words)} "
    marker = next((phrase for phrase, key in STEREOTYPES.items() if f" {key} " in folded), None)
    if not marker and FRAMED.search(folded):
        marker = "c'est les … ça"
    return marker or next((phrase for phrase, (key, quantifiers) in GENERALISED.items()
                           if f" {key} " in folded and any(word in quantifiers for word in words)), None)


def _generic(mention: Mention, before: list[str], after: str, preceding: str = "") -> bool:
    """The group as a whole, not some of its members. A member ("la femme", "un gauchiste") stands
    for the group only after "tout", "chaque" or as an adjective ("l'idéologie gauchiste"); counts,
    possessives, kin, a person in the singular, names and complements mark members ("trois juifs",
    "4 renois", "sa femme", "mes potes renois", "une femme juive", "la femme Martin", "la femme de
    Jean", "des migrants de 9 ans")."""
    marked = before[-1:] if before[-1:] and before[-1] in ("des", "les") else before[-2:]  # "ta des renois": "t'as"
    if any(word in POSSESSIVE or word in COUNTS for word in marked) or (before and before[-1] in KIN | PERSON) \
            or NUMBERED.search(preceding) or AGED.match(after):
        return False  # "trois juifs", "4 renois", "sa femme", "mes potes renois", "des migrants de 9 ans"
    following = after.lstrip()[:1]
    if following.isupper() or following == "@":
        return False
    if mention.kind != "member":
        return True
    if fold(after).startswith((" de ", " du ", " d'")):
        return False  # "la femme de Jean", "le migrant du bateau": someone's, a person
    if any(word in GENERIC_SINGULAR for word in before[-2:]):
        return True
    if before and before[-1] in DEFINITE_SINGULAR and (len(before) == 1 or before[-2] in CONJUNCTIONS
                                                         or before[-2].startswith("@")):
        return True  # "le gauchiste est aveugle": the singular as the clause's subject names the kind
    return bool(before) and before[-1].isalpha() and before[-1] not in NOMINAL | COPULAS  # "en étant gauchiste"


def _adjacent_group(located, offset: int, term: str, text: str) -> str | None:
    """The group a hostile word qualifies directly: "sale arabe", "ces connards de gauchistes"."""
    tail = offset + len(term)
    for name, mention, _ in located:
        if mention.kind in ("group", "member") and 0 <= mention.start - tail <= 4 \
                and fold(text[tail:mention.start].strip()) in {"", "de", "d'", "des"}:
            return name
    return None


def _hurled_group_names(text: str, targets: dict[str, Target], located, number: int, start: int) -> None:
    """A group's name hurled as an insult, "espèce de gauchiste", "espèce de coco islamo-gauchiste"
    (not "une espèce de féministe modérée", a kind): the group is attacked, and so is the person
    it is hurled at."""
    for name, mention, clause in located:
        if clause != number or mention.kind not in ("group", "member", "epithet", "demonym") \
                or in_quotes(text, mention.start, mention.end):
            continue
        before = words_before(text, start, mention.start, 6)
        opener = next((i for i in range(len(before) - 1)
                       if before[i] == "espece" and before[i + 1] in ("de", "d'")), None)
        if opener is None or (opener and before[opener - 1] in NOMINAL):
            continue  # "espèce de coco islamo-gauchiste" is hurled; "une espèce de …" is a kind
        others = [(n, m) for n, m, c in located if c == number and n != name and targets[n].type != "group"]
        hit = [name]
        if others:  # the person it is hurled at: the nearest one in the clause
            hit.append(min(others, key=lambda item: abs(item[1].start - mention.start))[0])
        for attacked in hit:
            targets[attacked].attack = True
            targets[attacked].evidence.append("espèce de")


def _hurled(text: str, mention: Mention) -> bool:
    """A slur said of one person ("t'es un mongol", "quel attardé", "espèce de …"), not of a group."""
    if fold(mention.text).endswith(("s", "x")):
        return False
    return bool(INSULT_OPENERS & set(words_before(text, max(0, mention.start - 30), mention.start, 2)))


def _lexicon_terms(text: str, start: int, end: int, lang: str) -> list[tuple[int, str, str, bool]]:
    """(offset, term as written, lexicon key, denied) of every lexicon word or phrase of
    text[start:end] that is not a name ("Salé" is not "sale")."""
    lang = model_language(lang)
    lexicon = load_lexicons()[lang]
    tokens = tokens_of(text[start:end])
    folded = [fold(surface) for _, surface, _, _ in tokens]
    found, position = [], 0
    while position < len(tokens):
        key, span = rules._match(folded, position, lexicon)
        if key is not None and not is_proper(tokens, position):
            first, last = start + tokens[position][2], start + tokens[position + span - 1][3]
            found.append((first, text[first:last], key, negated(folded, position, span, lang)))
        position += span if key is not None else 1
    return found


def _hostile_terms(text: str, start: int, end: int, lang: str) -> list[tuple[int, str, bool, bool]]:
    """(offset, term as written, denied, weak) of every insult, contempt, dehumanisation or threat
    term in text[start:end], and of every verb of harm wished or intended (weak: "they should be
    shot", "je vais les brûler"; not "I burned the toast")."""
    kinds = load_lexicons()[model_language(lang)].kind
    return [(offset, term, denied, kinds.get(key) == "harm") for offset, term, key, denied
            in _lexicon_terms(text, start, end, lang) if kinds.get(key) in HOSTILE_KINDS
            or (kinds.get(key) == "harm" and wished(words_before(text, start, offset, 8)))]


def _harm_happened(text: str, start: int, said_from: int, end: int, lang: str) -> bool:
    """Whether text[said_from:end] reports a threat or harm verb as what happened ("Muslims were
    killed yesterday", "they were shot")."""
    kinds = load_lexicons()[model_language(lang)].kind
    return any(kinds.get(key) in ("threat", "harm") and happened(text, start, offset)
               for offset, _, key, _ in _lexicon_terms(text, said_from, end, lang))


def _negative_words(text: str, start: int, end: int, lang: str) -> list[str]:
    """The negative lexicon words of text[start:end] that are not negated (the evidence of a
    negative generalisation: "honte", "détruit")."""
    valence = load_lexicons()[model_language(lang)].valence
    return [term for _, term, key, denied in _lexicon_terms(text, start, end, lang) if valence[key] < 0 and not denied]


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked (same length)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _opposed(text: str, lang: str) -> str:
    """The text with every opposing verb and the evil it opposes blanked (same length): "l'islam
    interdit le terrorisme", "les musulmans condamnent les attentats" say nothing bad of the group.
    The evil is a negative word at most OPPOSED_REACH words after the verb."""
    tokens = tokens_of(text)
    valence = load_lexicons()[model_language(lang)].valence
    for position, (_, surface, start, verb_end) in enumerate(tokens):
        if not fold(surface).startswith(OPPOSING) or position + 1 == len(tokens):
            continue
        reach = tokens[min(position + OPPOSED_REACH, len(tokens) - 1)][3]
        evil = next((offset + len(term) for offset, term, key, denied in _lexicon_terms(text, verb_end, reach, lang)
                     if valence[key] < 0 and not denied), None)
        if evil is not None:
            text = _blanked(text, [(start, evil)])
    return text


def _readable(text: str) -> str:
    """The text as a generalisation is read: quotations and proper nouns blanked (same length)."""
    return QUOTED.sub(lambda match: " " * len(match.group()), _without_proper_nouns(text))


def _without_proper_nouns(text: str) -> str:
    """The text with capitalised words inside a sentence blanked (same length): "Salé" the town is
    not "sale"."""
    tokens = tokens_of(text)
    pieces, last = [], 0
    for position, (_, surface, start, end) in enumerate(tokens):
        if is_proper(tokens, position):
            pieces.append(text[last:start] + " " * (end - start))
            last = end
    return "".join(pieces) + text[last:]
