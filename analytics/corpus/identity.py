"""Content identity: normalised fingerprints, stable ids for sources without ids, near-duplicates."""
from __future__ import annotations

import hashlib
import unicodedata

_QUOTE_FOLDING = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2013": "-", "\u2014": "-",
})

NEAR_DUPLICATE_JACCARD = 0.8
"""Word 4-gram Jaccard similarity above which two article bodies are the same article."""


def normalize_for_match(text: str) -> str:
    """Fold case, Unicode forms, typographic quotes and whitespace, for comparing texts."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLDING).casefold()
    return " ".join(folded.split())


def fingerprint(text: str) -> str:
    """A short stable hash of a text's normalised form."""
    return hashlib.sha1(normalize_for_match(text).encode("utf-8")).hexdigest()[:16]


def synthesize_id(prefix: str, *parts: object) -> str:
    """A stable id for a record whose source gives none, from the parts that identify it."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return prefix + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


def shingles(text: str, size: int = 4) -> frozenset[str]:
    """The set of word n-grams of a text's normalised form."""
    words = normalize_for_match(text).split()
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    """Jaccard similarity of two sets (0 when both are empty)."""
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
