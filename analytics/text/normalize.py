"""Normalise comment text for models; the original text is always kept and shown.

French typography (curly apostrophes, guillemets, non-breaking and narrow spaces) becomes plain
ASCII punctuation, URLs and @mentions become placeholders (the forms the training tweets use),
emoji stay (they carry sentiment) and runs of punctuation or letters are shortened.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
                             "\u00b4": "'"})
QUOTES = str.maketrans({"\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"',
                        "\u2039": '"', "\u203a": '"'})
SPACES = re.compile(r"[\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\t ]+")
ZERO_WIDTH = re.compile(r"[\u200b\u200c\u2060\ufeff]")
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
MENTION = re.compile(r"(?<!\w)@\w+")
REPEATED_PUNCTUATION = re.compile(r"([!?.])\1{3,}")
ELONGATED_LETTERS = re.compile(r"([^\W\d_])\1{3,}")
DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2026": "..."})
URL_PLACEHOLDER = "http"
MENTION_PLACEHOLDER = "@user"


@lru_cache(maxsize=4096)  # a fast-mode text is read twice in a row: character n-grams, then rule features
def normalize_text(text: str) -> str:
    """Return the model form of a text: plain quotes, one kind of space, placeholders, emoji kept."""
    if not text:
        return ""
    text = ZERO_WIDTH.sub("", text).translate(APOSTROPHES).translate(QUOTES).translate(DASHES)
    text = URL.sub(URL_PLACEHOLDER, text)
    text = MENTION.sub(MENTION_PLACEHOLDER, text)
    text = REPEATED_PUNCTUATION.sub(r"\1\1\1", text)
    text = ELONGATED_LETTERS.sub(r"\1\1\1", text)
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


CONTENT = re.compile(r"[^\s\u200b\u200c\u2060\ufeff]")


def has_content(text: str) -> bool:
    """True when normalize_text(text) is not empty (anything but spaces and zero-width characters)."""
    return bool(text) and CONTENT.search(text) is not None


TYPOGRAPHIC_SPACES = str.maketrans(dict.fromkeys(["\u00a0", "\u202f", "\u2007", "\u2009", "\u200a"], " "))


def typographic(text: str) -> str:
    """Plain apostrophes and spaces, character for character: offsets still index the original."""
    return text.translate(APOSTROPHES).translate(TYPOGRAPHIC_SPACES)


ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")


def entities_padded(text: str) -> str:
    """The HTML entities that exports leave in text ("&gt;", "&amp;", "&#39;") as their character
    padded with spaces to the same length, so that offsets still index the original."""
    return ENTITY.sub(_padded_entity, text) if "&" in text else text


def _padded_entity(match: re.Match) -> str:
    character = html.unescape(match.group())
    if len(character) != 1:
        return match.group()  # not an entity html knows: left as written
    return character + " " * (len(match.group()) - 1)
