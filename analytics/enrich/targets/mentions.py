"""What targets are made of, and the text geometry every target rule reads: tokens with offsets
into the original text, clauses, quotations."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analytics.text.normalize import typographic
from analytics.text.words import TOKEN

CLAUSE_BREAK = re.compile(r"[.!?;:\n()]+|\s(?:mais|but|alors que|whereas|while)\s", re.IGNORECASE)
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")  # end punctuation and line breaks


@dataclass(frozen=True, slots=True)
class Mention:
    """A piece of text referring to a target, with offsets into the original text."""

    text: str
    start: int
    end: int
    kind: str


@dataclass
class Target:
    """One canonical target of one text."""

    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    sentiment: float = 0.0
    attack: bool = False
    evidence: list[str] = field(default_factory=list)
    attack_kind: str = ""  # threat, dehumanisation, slur, derogation or contempt ("" when not attacked)
    attack_score: float = 0.0  # the learned scorer's P(hostile) of the clauses that mention the target
    evidence_spans: list[tuple[int, int]] = field(default_factory=list)  # offsets of the attack's words

    def as_dict(self) -> dict:
        return {"name": self.name, "type": self.type,
                "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in self.mentions],
                "sentiment": self.sentiment, "attack": self.attack, "evidence": self.evidence,
                "attack_kind": self.attack_kind, "attack_score": self.attack_score,
                "evidence_spans": [list(span) for span in self.evidence_spans]}


@lru_cache(maxsize=4096)
def tokens_of(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(kind, surface, start, end) over the typographic copy (offsets index the original). Cached:
    the attack rules read the same clause and the words before the same mention several times."""
    plain = typographic(text)
    return tuple((match.lastgroup, text[match.start():match.end()], match.start(), match.end())
                 for match in TOKEN.finditer(plain))


def clause_spans(text: str) -> list[tuple[int, int]]:
    """The clauses of a text: pieces between punctuation and "mais"/"but" (never empty)."""
    return spans_between(text, CLAUSE_BREAK)


def spans_between(text: str, breaks: re.Pattern) -> list[tuple[int, int]]:
    """The non-blank pieces of text between matches of breaks, as offsets (the whole text if none)."""
    spans, start = [], 0
    for match in breaks.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def in_quotes(text: str, start: int, end: int) -> bool:
    """True when [start, end) sits inside a quotation: « », “ ” or straight double quotes."""
    before = text[:start]
    depth = sum(before.count(mark) for mark in "«“„") - sum(before.count(mark) for mark in "»”")
    return depth > 0 or before.count('"') % 2 == 1


def clause_of(clauses: list[tuple[int, int]], offset: int) -> int:
    for number, (start, end) in enumerate(clauses):
        if start <= offset < end:
            return number
    return len(clauses) - 1


def is_proper(tokens: list[tuple[str, str, int, int]], position: int) -> bool:
    """A capitalised word inside a sentence: a name ("Salé" the town, "Gogol" the writer), not the
    common word it spells."""
    surface = tokens[position][1]
    return surface[:1].isupper() and not surface.isupper() and position > 0 and tokens[position - 1][1] not in ".!?"
