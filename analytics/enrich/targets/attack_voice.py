"""Whose voice a word is in: the author's own, or quoted, reported, denied, claimed, denounced or
named as a word. The attack rules (attacks.py) count only what the author says in their own voice."""
from __future__ import annotations

from functools import lru_cache

from analytics.enrich.sentiment import rules
from analytics.enrich.targets.attack_words import (
    ARTICLES,
    AUXILIARIES,
    CALLS,
    CALLS_DETERMINERS,
    COMPLAINING,
    CONDEMNING,
    COUNTER_SPEECH,
    DENIALS,
    DISSOCIATING,
    DISTANCING,
    FIRST_PERSON_COPULAS,
    GET_PASSIVE,
    HAPPENED,
    HURLING,
    INSULTS,
    INTENDING,
    KIN,
    LABELLING,
    NOMINAL,
    OTHERS_WORDS,
    OWNED,
    PARTICIPLES,
    PASSIVE_FOLLOWERS,
    RACISM_FAMILY,
    RELATIVES,
    REPORTING,
    SAY_COMPLAINTS,
    SAYING,
    SELF_NAMING,
    THIRD_PERSON_COPULAS,
    UNDERGOING,
    WISHING,
    WORD_NOUNS,
    holds_turn,
    turn_at,
)
from analytics.enrich.targets.mentions import (
    SENTENCE_BREAK,
    Mention,
    in_quotes,
    spans_between,
    tokens_of,
)
from analytics.text.language import model_language
from analytics.text.lexicon import load_lexicons
from analytics.text.words import fold, fold_text


def named_in_own_voice(text: str, mention: Mention, start: int, before: list[str], lang: str) -> bool:
    """An epithet, slur or name-calling the author uses (before: the clause's last words before
    it): not quoted, denied or reported, nor an epithet claimed for oneself or one's own ("en étant
    gauchiste", "mon ami gauchiste"), nor an epithet or trope echoed as a question ("gauchiste ? la
    bonne blague"), nor the word talked about ("ce terme de gauchiste asséné dès que", "le mot
    mongol")."""
    echoed = mention.kind in ("epithet", "trope") and text[mention.end:mention.end + 3].lstrip().startswith("?")
    return not in_quotes(text, mention.start, mention.end) and not _denied_naming(before, lang) \
        and not _word_named(before) \
        and not (mention.kind == "epithet" and _claimed(before)) and not echoed \
        and not reported(text, start, mention.start) and not unsaid(text, start, mention.start, lang)


def _word_named(before: list[str]) -> bool:
    """"le terme de gauchiste", "le mot mongol", "the word retard": the word, not its use."""
    if before[-1:] and before[-1] in ("de", "d'"):
        before = before[:-1]
    return bool(before) and before[-1] in WORD_NOUNS


def labelled(text: str, start: int, mention: Mention) -> bool:
    """What someone is called: "traiter quelqu'un d'islamo-gauchiste", "je traite ce dernier de
    gauchiste" (the verb, its object, then "de")."""
    before = words_before(text, start, mention.start, 5)
    return bool(LABELLING & set(before[-3:])) or (bool(LABELLING & set(before)) and before[-1] in ("de", "d'"))


def distanced(clause: str) -> bool:
    """Whether a clause disowns the conspiracy framing it names ("le fantasme du grand
    remplacement", "la théorie complotiste de l'islamisation", "the Great Replacement myth")."""
    return any(fold(surface) in DISTANCING for _, surface, _, _ in tokens_of(clause))


@lru_cache(maxsize=8192)  # read by the rules and by the scorer's guard
def _denounces(clause: str, lang: str) -> bool:
    """Whether a clause names hostility in order to denounce it ("traiter les … de … est raciste"),
    unless the word is itself hurled as an insult ("sale raciste", "espèce de raciste", "gros fdp
    de raciste"). Treating someone like something ("vous traite comme des putes") is not calling
    them a name. Hostility the author holds ("j'ai la haine contre les …, une haine que …", see OWNED) is
    not denounced anywhere in the clause."""
    kinds = load_lexicons()[model_language(lang)].kind
    words = [fold(surface) for _, surface, _, _ in tokens_of(clause)]
    if not COUNTER_SPEECH & set(words):
        return False  # the cheap test first: most clauses name no hostility
    owned = {turn[-1] for turn in OWNED for end in range(len(turn), len(words) + 1)
             if tuple(words[end - len(turn):end]) == turn}  # "j'ai la haine …, une haine que …"
    for position, word in enumerate(words):
        if word not in COUNTER_SPEECH or word in owned \
                or (word.startswith("trait") and words[position + 1:position + 2] == ["comme"]):
            continue
        before = words[max(0, position - 2):position]
        after_insult = len(before) == 2 and before[-1] in ("de", "d'") and (
            before[0] == "espece" or kinds.get(before[0]) in INSULTS)
        hurled = bool(before) and (before[-1] in HURLING or after_insult)
        if not hurled and not _disclaimed(words, position):
            return True
    return False


def denouncing_clauses(text: str, lang: str, clauses: list[tuple[int, int]]) -> set[int]:
    """The numbers of the clauses that name hostility to denounce it (counter-speech), and of the
    clauses of a sentence that condemns what it gives to someone else (condemned_sentences)."""
    return set(_denouncing(text, lang, tuple(clauses)))


@lru_cache(maxsize=4096)
def _denouncing(text: str, lang: str, clauses: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """denouncing_clauses, cached: the attack rules and the scorer's guard both ask for each text."""
    condemned = condemned_sentences(text)
    return tuple(number for number, (start, end) in enumerate(clauses)
                 if _denounces(text[start:end], lang) or any(first <= start < last for first, last in condemned))


def condemned_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences that give words to someone else and condemn them ("Dire que les musulmans sont
    inférieurs, c'est juste de l'ignorance", "People who call Muslims vermin should be ashamed"):
    one of OTHERS_WORDS and one of CONDEMNING anywhere in the sentence (the clause from the
    opener on, so "Les musulmans sont des parasites, ceux qui disent le contraire devraient avoir
    honte" keeps its first clause)."""
    folded = fold_text(text)
    if not any(word in folded for word in CONDEMNING):  # the cheap test first: most texts condemn nothing
        return []
    found = []
    for start, end in spans_between(text, SENTENCE_BREAK):
        tokens = tokens_of(text[start:end])
        words = [fold(surface) for _, surface, _, _ in tokens]
        if not CONDEMNING & set(words):
            continue
        opener = next((i for i in range(len(words)) if turn_at(words, i, OTHERS_WORDS)), None)
        if opener is not None:
            found.append((start + tokens[opener][2], end))
    return found


def _disclaimed(words: list[str], position: int) -> bool:
    """A word of the racism family that prefaces or mocks rather than denounces: denied ("je ne
    suis pas raciste mais", "c'est pas pour faire d'amalgames", "sans vouloir faire d'amalgame")
    or complained of ("vous aimez trop vous plaindre du racisme", "crier au racisme"). A call not
    to conflate stays counter-speech ("pas d'amalgame entre les musulmans et les terroristes")."""
    word = words[position]
    if not word.startswith(RACISM_FAMILY):
        return False
    before = words[max(0, position - 4):position]
    if any(other.startswith(COMPLAINING) for other in before):
        return True
    denied = any(other in DENIALS or other == "sans" for other in before)
    return denied and (not word.startswith("amalgam") or "faire" in before)


def reported(text: str, start: int, offset: int) -> bool:
    """Words someone else said or wrote, reported without quotes right after the verb ("un russe a
    dit sale arabe", "d'entendre sale noir", "j'ai cru lire sale juif"): mentioned, not used. A
    participle needs its auxiliary: in "c'est pas ce qu'il dit attardé" the insult is the author's.
    So are calls reported by their noun ("les appels à tabasser les …", see CALLS), and a verb right
    after a relative pronoun ("people who hate Muslims", "des jeunes qui détestent Trump")."""
    before = words_before(text, start, offset, 4)
    if len(before) >= 3 and before[-1] in ("a", "to") and before[-2] in CALLS and before[-3] in CALLS_DETERMINERS:
        return True  # "les appels à tabasser les …": a call reported (CALLS)
    if before and before[-1] in RELATIVES and len(words_before(text, start, offset, 2)) == 2:
        return True  # "des jeunes qui détestent Trump" (not "Qui déteste …?", a question)
    before = before[-2:]
    if not before or before[-1] not in REPORTING:
        return False
    return before[-1] not in PARTICIPLES or (len(before) == 2 and before[0] in AUXILIARIES)


def unsaid(text: str, start: int, offset: int, lang: str) -> bool:
    """Whether the word at offset comes after a negated verb of saying or thinking in its clause,
    the negation up to three words before the verb or right after it, with no complaint that it may
    not be said (SAY_COMPLAINTS): "je ne dirais jamais que Macron est corrompu", "I'd never say
    Muslims are parasites", "you can't call Muslims subhuman on here" (not "on ne peut plus dire que
    …", "why can't we say …")."""
    before = words_before(text, start, offset, 14)
    if not SAYING & set(before):
        return False  # the cheap test first
    if holds_turn(before, SAY_COMPLAINTS):
        return False
    negators = rules.NEGATORS[model_language(lang)]
    return any(word in SAYING and any(other in negators or other.endswith("n't")
                                      for other in before[max(0, i - 3):i + 2] if other != word)
               for i, word in enumerate(before))


def dissociated(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a turn that denies a link ("n'ont rien à voir avec la
    délinquance", "have nothing to do with crime"): what follows is not said of the group."""
    return holds_turn(words_before(text, start, end, 60), DISSOCIATING)


def in_relative(text: str, start: int, offset: int) -> bool:
    """Whether the word at offset is inside a relative clause, a relative pronoun up to five words
    before it in its clause ("people who hate Muslims are cowards", "those who want to kill
    Muslims are monsters"): what the sentence says is said of whom the relative clause is about."""
    before = words_before(text, start, offset, 40)
    return any(word in RELATIVES for word in before[max(1, len(before) - 5):])  # "qui" opening: a question


def wished(before: list[str]) -> bool:
    """Whether the words before a verb of harm wish it or intend it: a word of wish, norm or merit
    ("they should be shot") or a turn of the author's intent ("je vais les brûler")."""
    return bool(WISHING & set(before)) or holds_turn(before, INTENDING)


def set_aside(text: str, start: int, mention: Mention, lang: str) -> bool:
    """A target the hostile words near it are not said of: inside a relative clause (in_relative),
    or what it undergoes is told right after it ("Encore des musulmans insultés dans le métro, ça
    me dégoûte": the disgust is at what they undergo; undergoes reads a few words after the name)."""
    return in_relative(text, start, mention.start) or undergoes(text, mention.end, mention.end + 200, lang)


def self_named(text: str, start: int, offset: int, lang: str) -> bool:
    """Whether the hostile word at offset is said of the author ("j'ai été un vrai con avec toi",
    "chui trop nul", "I'm such an idiot"): a self-naming turn (SELF_NAMING) right before it, with
    only articles, qualifiers and intensifiers between."""
    return _turn_before(words_before(text, start, offset, 8), SELF_NAMING, lang)


QUALIFIERS = {"such", "so", "total", "complete", "absolute", "real"}  # "such an idiot", "a total moron"
SPOKEN_OF_CUES = {turn[-1] for turn in THIRD_PERSON_COPULAS} | QUALIFIERS | {
    word for boosters in rules.BOOSTERS.values() for word in boosters}  # what may stand right before such a word


def spoken_of(before: list[str], lang: str) -> bool:
    """Whether a name-calling word after these folded words (the last few are enough) is said of
    someone by a third-person pronoun ("il est trop con", "they're morons": THIRD_PERSON_COPULAS)."""
    return _turn_before(before[-8:], THIRD_PERSON_COPULAS, lang)


def _turn_before(before: list[str], turns: set[tuple[str, ...]], lang: str) -> bool:
    """Whether one of the turns ends the words before, once articles, qualifiers and intensifiers
    are skipped."""
    boosters = rules.BOOSTERS[model_language(lang)]
    while before and (before[-1] in ARTICLES or before[-1] in NOMINAL or before[-1] in boosters
                      or before[-1] in QUALIFIERS):
        before = before[:-1]
    return any(tuple(before[-len(turn):]) == turn for turn in turns)


def happened(text: str, start: int, offset: int) -> bool:
    """A verb of killing reported as what happened to its object, in the passive, with no wish or
    norm before it in the clause: "trois musulmans ont été tués", "they were killed", "ils se font
    tabasser", "they got stabbed" (not "ils devraient être tués", "they deserve to be killed")."""
    before = words_before(text, start, offset, 8)
    undergone = before[-1:] and before[-1] in GET_PASSIVE or any(tuple(before[-len(turn):]) == turn
                                                                  for turn in UNDERGOING)
    return bool(HAPPENED & set(before[-2:]) or undergone) and not WISHING & set(before)


def undergoes(text: str, end: int, clause_end: int, lang: str) -> bool:
    """The group named right before end undergoes something bad, as its clause says: a turn of
    undergoing, or "get" and a participle, at most three words after the name and a negative word
    at most three words after that ("les musulmans reçoivent des menaces", "Muslims in London face
    abuse", "migrants getting beaten up"; not "les migrants reçoivent plus d'aides que …"), or a
    negative participle right after the name ("deux juifs agressés hier soir", "Muslims harassed on
    the tube"; an English "-ed" only before a word of PASSIVE_FOLLOWERS or at the clause's end:
    "Muslims attacked a church" is active; not "des gauchistes imbibés de moraline", which describes
    them)."""
    tokens = tokens_of(text[end:clause_end])[:8]
    words = [(surface, fold(surface)) for _, surface, _, _ in tokens]
    after = [word for _, word in words]
    valence = load_lexicons()[model_language(lang)].valence
    if words and valence.get(after[0], 0) < 0:
        next_character = text[end + tokens[0][3]:end + tokens[0][3] + 2].strip()[:1]
        ends = next_character and not next_character.isalnum()  # "Muslims harassed, spat on …"
        if _participle(words[0][0], None if ends or len(after) < 2 else after[1], lang):
            return True
    for i in range(min(4, len(after))):
        turn = turn_at(after, i, UNDERGOING)
        if turn is None and i + 1 < len(after) and (
                (after[i] in GET_PASSIVE and after[i + 1].endswith(("ed", "en")))
                or (after[i] in HAPPENED and _participle(words[i + 1][0], None, lang, auxiliary=True))):
            turn = (after[i],)  # "Muslims getting beaten up", "Muslims were attacked again"
        if turn is not None:  # a wish before it makes it a threat: "ils devraient se faire tabasser"
            return not WISHING & set(after[:i]) \
                and any(valence.get(word, 0) < 0 for word in after[i + len(turn):i + len(turn) + 4])
    return False


def _participle(surface: str, following: str | None, lang: str, auxiliary: bool = False) -> bool:
    """A past participle: French in -é(e)(s); English in -ed after a passive auxiliary ("were
    attacked, again"), or else at the end of its clause (following None: punctuation or nothing
    next) or before a word of PASSIVE_FOLLOWERS ("harassed on the tube", not "ruined everything")."""
    if lang == "en":
        return surface.lower().endswith("ed") and (auxiliary or following is None or following in PASSIVE_FOLLOWERS)
    return surface.lower().endswith(("é", "és", "ée", "ées"))


def words_before(text: str, start: int, offset: int, count: int) -> list[str]:
    """The last count folded words of text[start:offset]."""
    return [fold(surface) for _, surface, _, _ in tokens_of(text[start:offset])][-count:]


def _word_before_articles(before: list[str]) -> str | None:
    """The last word of before that is not an article: "pas" in "pas un", "suis" in "suis une"."""
    return next((word for word in reversed(before) if word not in ARTICLES), None)


def denied_membership(before: list[str]) -> bool:
    """"je ne suis pas (un) gauchiste", "pas des migrants": the group is denied, not spoken of."""
    return _word_before_articles(before) in DENIALS


def _denied_naming(before: list[str], lang: str) -> bool:
    """"je ne suis pas un gauchiste", "ce n'est pas un affreux gauchiste qui dit ça": the naming is
    denied when only determiners and qualifiers stand between the denial and the name (not "pas
    votre définition gauchiste")."""
    valence = load_lexicons()[model_language(lang)].valence
    denial = max((i for i, word in enumerate(before) if word in DENIALS), default=None)
    return denial is not None and all(word in ARTICLES or word in NOMINAL or word in valence
                                      for word in before[denial + 1:])


def _claimed(before: list[str]) -> bool:
    """"même en étant gauchiste", "je suis un gauchiste", "mon ami gauchiste": an epithet the author
    claims for themselves or their own."""
    return _word_before_articles(before) in FIRST_PERSON_COPULAS | KIN
