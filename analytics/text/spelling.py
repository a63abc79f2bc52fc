"""Undo deliberate or careless misspellings before hostile words are matched and scored.

Comment sections dodge word filters: "d3teste", "p@rasites", "d é t e s t e", "raci stes",
"lesarabes", "connnnard", "connzrd". A Speller rewrites such words into the ones a lexicon knows,
and leaves every other character as written. Each character of the result keeps the offset in the
original text it came from, so a word found in the respelled text can still be shown (or
highlighted) in the original.

Only words worth recovering are targets (`watched`: hostile lexicon words, group names); ordinary
words of the languages (`known`) are never changed, and a rewrite is kept only when it ends on a
known or watched word. Names are left alone: a capitalised word inside a sentence is neither split
nor corrected.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from analytics.text.edits import deletions, one_edit_apart, one_edit_away
from analytics.text.words import fold

LEET = str.maketrans({"3": "e", "7": "t", "0": "o", "1": "i", "4": "a", "@": "a", "$": "s", "5": "s", "!": "i"})
LEET_CHARACTERS = frozenset("37014@$5!")
# skip: links, e-mail addresses, hashtags and snake_case handles, never rewritten; handle: @mentions;
# word: letters and digits, with @ $ ! inside ("p@rasites") and $ at the end ("idiot$")
TOKEN = re.compile(r"(?P<skip>(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|#\w+|\w*_\w*)"
                   r"|(?P<handle>@\w+)"
                   r"|(?P<word>[^\W_]+(?:[@$!*]+[^\W_]+)*\$?)")
REPEATED = re.compile(r"([^\W\d_])\1{2,}", re.IGNORECASE)
MIN_SPLIT_LENGTH = 6  # words run together: "sontdes"
MIN_WATCHED_PART = 4  # the watched part of a split: not "con" in "conpris", "un" (the UN) in "unpeu"
MIN_EDIT_LENGTH = 5  # one letter off: shorter words have too many neighbours
MIN_MASKED_LENGTH = 4  # letters masked by asterisks ("p*te", "m*sulmans"): shorter words have too many readings
WORD_MEMO = 50_000  # folded words whose nearest watched word and run-together cut are kept
MIN_TRAILING_PART = 3  # a split's last function word: not "fuck in", "should a"
MIN_WATCHED_AFTER_TWO = 6  # a 3-part split's watched word, after two function words: "jelesdeteste"
MAX_RUNS = 4  # repeated-letter runs tried both ways (1 and 2 letters); further runs keep their first choice
VOWELS = frozenset("aeiouy")
NUMBER_WITH_SUFFIX = re.compile(r"\d(?:e|er|ere|eme|ieme|re|nd|rd|st|th|h|min|ans?)s?$", re.IGNORECASE)
ATTACHED = frozenset("-\u2010\u2011")  # compounds ("islamo-gauchistes"): their parts are not typos
ELISION_MARKS = frozenset("'\u2019")  # an elided word ("aujourd'hui", "quelqu'un") is not a typo
SENTENCE_END = frozenset(".!?\u2026\n")
OPENERS = " \t\u00a0\u202f\"'\u00ab\u201c\u2018(*-\u2013\u2014"
# Closed-class words of French and English, folded: the only words a split may cut off a watched
# word ("lesarabes", "jedeteste"), and two of one language make a split ("sontdes").
FRENCH_FUNCTION_WORDS = frozenset("""
a ai as au aux avec avez avoir avons ca car ce ces cet cette chez comme dans de des donc du elle elles en entre
es est et etait ete etre eux il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos
notre nous on ont ou par pas plus pour qu que qui quoi s sa sans se ses si son sont sous suis sur t ta te tes
toi ton tous tout toute toutes tres trop tu un une vers vos votre vous y afin auquel autrui auxquelles auxquels
ceci desquelles desquels duquel jusqu lorsqu parce parmi plusieurs puisqu quelqu quiconque selon soi voici voila
""".split())
ENGLISH_FUNCTION_WORDS = frozenset("""
a about all an and any are as at be been but by can could did do does down for from had has have he her him his
how i if in into is it its less me more most my no not of off on only or our out over she so some than that
the their them then there these they this those to too under up us very was we were what when where which
who will with would you your against although among amongst anyone anything beside cannot during else
everyone everything hers herself himself itself myself nor onto ourselves per should since something themselves
toward towards unless upon via whenever whereas whether whom whose without yours yourself
""".split())
FUNCTION_WORDS = FRENCH_FUNCTION_WORDS | ENGLISH_FUNCTION_WORDS
ELISIONS = frozenset("cdjlmnst")  # the single letters a split may cut off, first: "jdeteste", "lallemagne"
Edit = tuple[int, int, str, list[int]]  # original start, original end, replacement, each character's origin


@dataclass(frozen=True)
class Respelled:
    """A respelled text, and for each of its characters the offset in the original it came from."""

    text: str
    origins: tuple[int, ...]  # one per character of text, then len(original)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the span start:end of .text was written as."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"expected 0 <= start <= end <= {len(self.text)}; received start={start}, end={end}")
        return self.origins[start], self.origins[end]


class Speller:
    """Rewrites obfuscated and misspelt words into watched words, offsets kept.

    known: the ordinary words of the languages, folded (lower case, no accents); never changed.
    watched: the words worth recovering (hostile words, group names), folded; the only targets.
    """

    def __init__(self, *, known: Collection[str], watched: Collection[str]) -> None:
        for name, words in (("known", known), ("watched", watched)):
            if isinstance(words, str) or not isinstance(words, Collection):
                raise TypeError(f"{name}: a collection of folded words expected, {type(words).__name__} received")
        self.known = known
        self.watched = watched
        self._watched = frozenset(watched)
        self._words = frozenset(known) | self._watched | FUNCTION_WORDS
        self._prefixes = frozenset(word[:cut] for word in self._watched for cut in range(1, len(word)))
        # symmetric-delete index (each watched word and its one-letter deletions), built one word length
        # when first needed (_index; whole, it took half a second in every new process)
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in (word for word in self._watched if len(word) >= MIN_EDIT_LENGTH and word.isalpha()):
            self._by_length[len(word)].append(word)
        self._near: defaultdict[str, list[str]] = defaultdict(list)
        self._indexed, self._indexing = set(), threading.Lock()
        # both depend on the folded word alone, and a corpus repeats its misspellings: each is worked out once
        self._nearest = lru_cache(maxsize=WORD_MEMO)(self._nearest)
        self._split = lru_cache(maxsize=WORD_MEMO)(self._split)
        self._unmasked = lru_cache(maxsize=WORD_MEMO)(self._unmasked)

    def respell(self, text: str) -> Respelled:
        """The text with obfuscated and misspelt words rewritten; plain words stay as written."""
        if not isinstance(text, str):
            raise TypeError(f"respell expects a str, {type(text).__name__} received")
        return _applied(text, list(self._edits(text)))

    def _edits(self, text: str) -> Iterator[Edit]:
        tokens = list(TOKEN.finditer(text))
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.lastgroup == "handle":
                decoded = token.group().translate(LEET)
                if decoded.isalpha() and fold(decoded) in self._watched:  # "@rabes", not "@jean"
                    yield token.start(), token.end(), decoded, list(range(token.start(), token.end()))
            if token.lastgroup != "word":
                index += 1
                continue
            surface = token.group()
            if len(surface) == 1 and surface.isalpha():
                run = _letter_run(text, tokens, index)
                if len(run) >= 3:
                    edit, end = self._spaced(run)
                    if edit:
                        yield edit
                    index += end
                    continue
            edit, consumed = None, 1
            if surface.isalpha():
                folded = fold(surface)
                edit, consumed = self._joined(text, tokens, index, folded)
                if edit is None and folded not in self._words:
                    edit = self._corrected(text, token.start(), surface)
            elif not surface.isdigit():
                edit = self._corrected(text, token.start(), surface)
            if edit:
                yield edit
            index += consumed

    def _spaced(self, run: list[re.Match]) -> tuple[Edit | None, int]:
        """Spaced-out letters ("d é t e s t e") joined: the longest sub-run that makes a known word of
        4+ letters or a watched word, as (edit, letters of run consumed)."""
        for first in range(len(run) - 2):
            for last in range(len(run), first + 2, -1):
                letters = run[first:last]
                joined = "".join(letter.group() for letter in letters)
                folded = fold(joined)
                if folded in self._watched or (len(folded) >= 4 and folded in self._words):
                    edit = (letters[0].start(), letters[-1].end(), joined, [letter.start() for letter in letters])
                    return edit, last
        return None, len(run)

    def _joined(self, text: str, tokens: list[re.Match], index: int, first: str) -> tuple[Edit | None, int]:
        """A watched word written in 2 or 3 chunks, one of them no word at all ("raci stes"), as
        (edit, tokens consumed); first is the folded first chunk. Not across names ("de Valer") or
        hyphenated compounds."""
        if text[tokens[index].start() - 1:tokens[index].start()] in ATTACHED:
            return None, 1
        parts, end = [first], tokens[index].end()
        for token in tokens[index + 1:index + 3]:
            if "".join(parts) not in self._prefixes:
                break
            surface = token.group()
            if token.start() != end + 1 or text[end] != " " or token.lastgroup != "word" or not surface.isalpha() \
                    or (surface[0].isupper() and not surface.isupper()):
                break
            parts.append(fold(surface))
            end = token.end()
            if "".join(parts) in self._watched and any(part not in self._words for part in parts) \
                    and text[end:end + 1] not in ATTACHED:
                chunks = tokens[index:index + len(parts)]
                origins = [offset for chunk in chunks for offset in range(chunk.start(), chunk.end())]
                return (chunks[0].start(), end, "".join(chunk.group() for chunk in chunks), origins), len(parts)
        return None, 1

    def _corrected(self, text: str, start: int, surface: str) -> Edit | None:
        """One word's rewrite, steps in order: leetspeak, run-together words, repeated letters,
        one letter off; None when no step ends on a known or watched word."""
        end = start + len(surface)
        word, offsets = surface, list(range(start, end))
        if "*" in surface:
            folded = fold(surface)
            unmasked = self._unmasked(folded) if len(folded) == len(surface) else None
            return None if unmasked is None else (start, end, _cased(unmasked, surface), offsets)
        needs_watched = False
        if not surface.isalpha():
            word = _unleet(surface)
            if word is None:
                return None
            # digits at an edge are mostly numbers with a unit or an ordinal ("5eme", "b4"): watched words only
            needs_watched = surface[0] in LEET_CHARACTERS or surface[-1] in LEET_CHARACTERS
        folded = fold(word)
        if len(folded) != len(word):
            return None  # a character that folds into several: offsets would not line up
        if folded in self._words:
            return None if needs_watched and folded not in self._watched else (start, end, word, offsets)
        rewritable = _rewritable(text, start, end)
        if rewritable and len(folded) >= MIN_SPLIT_LENGTH:
            cuts = self._split(folded, needs_watched)
            if cuts:
                return start, end, *_cut(word, offsets, cuts)
        if REPEATED.search(word):
            word, offsets, valid = self._shrunk(word, offsets)
            folded = fold(word)
            if valid:
                return None if needs_watched and folded not in self._watched else (start, end, word, offsets)
        if rewritable and len(folded) >= MIN_EDIT_LENGTH:
            nearest = self._nearest(folded)
            if nearest:
                respelt = _cased(nearest, word)
                # the original letters spread over the new word: its span is still the whole misspelt word
                return start, end, respelt, [offsets[i * len(offsets) // len(respelt)] for i in range(len(respelt))]
        return None

    def _split(self, folded: str, needs_watched: bool) -> tuple[int, ...] | None:
        """Where to cut words run together: a watched word of 4+ letters after or before a function
        word ("les arabes", "gauchiste tout") or another watched word ("juifs merde"), a watched word
        of 6+ after two function words ("je les deteste"), or two function words ("sont des"); the
        function words of one language, a single letter only as an elision ("j deteste"); the
        longest watched word wins."""
        for parts in (2, 3):
            scored = [(score, cuts) for cuts in _cuts(len(folded), parts)
                      if (score := self._split_score(folded, cuts))]
            if scored:
                score, cuts = max(scored, key=lambda pair: pair[0])  # the first of equals
                return None if needs_watched and not score[0] else cuts
        return None

    def _split_score(self, folded: str, cuts: tuple[int, ...]) -> tuple[int, int] | None:
        bounds = (0, *cuts, len(folded))
        parts = [folded[a:b] for a, b in zip(bounds, bounds[1:])]
        watched = [part in self._watched and len(part) >= MIN_WATCHED_PART for part in parts]
        if len(parts) == 3 and (any(watched[:2]) or not watched[2] or len(parts[2]) < MIN_WATCHED_AFTER_TWO):
            return None
        others = [(number, part) for number, (part, is_watched) in enumerate(zip(parts, watched)) if not is_watched]
        words = {part for _, part in others}
        if not (words <= FRENCH_FUNCTION_WORDS or words <= ENGLISH_FUNCTION_WORDS):
            return None
        for number, part in others:
            if (len(part) == 1 and (number or part not in ELISIONS)) \
                    or (number == len(parts) - 1 and len(part) < MIN_TRAILING_PART):
                return None
        longest_watched = max((len(part) for part, is_watched in zip(parts, watched) if is_watched), default=0)
        return (1, longest_watched) if longest_watched else (0, 0)

    def _shrunk(self, word: str, offsets: list[int]) -> tuple[str, list[int], bool]:
        """Runs of 3+ letters cut to 1 or 2 letters, whichever makes a word: a watched word first,
        then a function word ("trooop" is "trop", not "troop"), then vowels cut to 1 and consonants
        to 2 ("nooon" is "non", "connnnerie" "connerie"); when none does, that preferred cut,
        marked not valid."""
        runs = list(REPEATED.finditer(word))
        choices = [(1, 2) if run.group(1).lower() in VOWELS else (2, 1) for run in runs]
        choices = choices[:MAX_RUNS] + [choice[:1] for choice in choices[MAX_RUNS:]]
        best, best_score = None, None
        for lengths in product(*choices):
            kept = [0]
            for run, length in zip(runs, lengths):
                kept.extend((run.start() + length, run.end()))
            kept.append(len(word))
            indices = [i for a, b in zip(kept[::2], kept[1::2]) for i in range(a, b)]
            candidate = "".join(word[i] for i in indices), [offsets[i] for i in indices]
            if best is None:
                best = candidate
            folded = fold(candidate[0])
            if folded in self._words:
                score = (folded in self._watched, folded in FUNCTION_WORDS)
                if best_score is None or score > best_score:
                    best, best_score = candidate, score
        return best[0], best[1], best_score is not None

    def _unmasked(self, folded: str) -> str | None:
        """The one watched word a word with letters masked by asterisks can be ("m*sulmans", "j*ifs",
        "p*te"), if only one; at least half the letters must be shown."""
        if len(folded) < MIN_MASKED_LENGTH or 2 * folded.count("*") > len(folded):
            return None
        found = {word for word in self._watched if len(word) == len(folded)
                 and all(mask == "*" or mask == letter for mask, letter in zip(folded, word))}
        return found.pop() if len(found) == 1 else None

    def _nearest(self, folded: str) -> str | None:
        """The one watched word a letter away (swapped, dropped, added or replaced, the first and
        last letters kept), if no other word, watched or known, is as close."""
        for length in (len(folded) - 1, len(folded), len(folded) + 1):
            self._index(length)
        found = {word for key in (folded, *deletions(folded)) for word in self._near.get(key, ())
                 if one_edit_apart(folded, word)}
        if len(found) != 1:
            return None
        nearest = found.pop()
        if nearest[0] != folded[0] or nearest[-1] != folded[-1]:
            return None
        return None if any(word != nearest and word in self._words for word in one_edit_away(folded)) else nearest

    def index_all(self) -> None:
        """Build the whole symmetric-delete index now (a process that forks workers does it once for
        them all; otherwise it is built one word length at a time, when first needed)."""
        for length in list(self._by_length):
            for near in (length - 1, length, length + 1):
                self._index(near)

    def _index(self, length: int) -> None:
        """Put the watched words of this length in the symmetric-delete index, once (a word is one edit
        from words one letter shorter, as long or one letter longer only)."""
        if length in self._indexed:
            return
        with self._indexing:  # threads sharing a speller (the dashboard's) never see half a length
            if length in self._indexed:
                return
            for word in self._by_length.get(length, ()):
                self._near[word].append(word)
                for key in deletions(word):
                    self._near[key].append(word)
            self._indexed.add(length)


def _cased(respelt: str, written: str) -> str:
    """A rewrite in the case of the word as written: all capitals, a capital first, or lower case."""
    return respelt.upper() if written.isupper() else respelt.capitalize() if written[0].isupper() else respelt


def _letter_run(text: str, tokens: list[re.Match], index: int) -> list[re.Match]:
    """The single letters from tokens[index] on, each one space after the previous."""
    run = [tokens[index]]
    for token in tokens[index + 1:]:
        surface = token.group()
        if token.lastgroup != "word" or len(surface) != 1 or not surface.isalpha() \
                or text[run[-1].end():token.start()] != " ":
            break
        run.append(token)
    return run


def _unleet(surface: str) -> str | None:
    """Leetspeak read as letters ("d3teste", "p@rasites"), or None: numbers, times ("12h30"), ordinals
    and units ("1ère", "50ans", "3min"), words with other digits, and tokens with as many digits and
    symbols as letters stay as written."""
    letters = sum(char.isalpha() for char in surface)
    if letters < 2 or letters <= len(surface) - letters or surface[:2].isdigit() \
            or not all(char.isalpha() or char in LEET_CHARACTERS for char in surface) \
            or NUMBER_WITH_SUFFIX.match(fold(surface)):
        return None
    decoded = surface.translate(LEET)
    return decoded.upper() if surface.upper() == surface else decoded


def _rewritable(text: str, start: int, end: int) -> bool:
    """Whether a word may be split or corrected: not a name (capitalised inside a sentence), not part
    of a hyphenated compound, not an elided form ("aujourd'hui")."""
    if text[start].isupper():
        before = text[:start].rstrip(OPENERS)
        if before and before[-1] not in SENTENCE_END:
            return False
    after = text[end:end + 1]
    return text[start - 1:start] not in ATTACHED and after not in ATTACHED and after not in ELISION_MARKS


def _cuts(length: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 2:
        yield from ((cut,) for cut in range(1, length))
    else:
        yield from ((first, second) for first in range(1, length - 1) for second in range(first + 1, length))


def _cut(word: str, offsets: list[int], cuts: tuple[int, ...]) -> tuple[str, list[int]]:
    """The word with a space at each cut; a space's origin is the next letter's."""
    bounds = (0, *cuts, len(word))
    pieces = [word[a:b] for a, b in zip(bounds, bounds[1:])]
    origins = list(offsets)
    for cut in reversed(cuts):
        origins.insert(cut, offsets[cut])
    return " ".join(pieces), origins


def _applied(text: str, edits: list[Edit]) -> Respelled:
    if not edits:
        return Respelled(text, tuple(range(len(text) + 1)))
    pieces: list[str] = []
    origins: list[int] = []
    position = 0
    for start, end, replacement, replacement_origins in edits:
        pieces.append(text[position:start])
        origins.extend(range(position, start))
        pieces.append(replacement)
        origins.extend(replacement_origins)
        position = end
    pieces.append(text[position:])
    origins.extend(range(position, len(text) + 1))
    return Respelled("".join(pieces), tuple(origins))
