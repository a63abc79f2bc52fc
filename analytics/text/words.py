"""Words as every lookup sees them: the tokens of a comment and their folded keys."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from analytics.text.normalize import APOSTROPHES

EMOJI = (r"[\U0001F1E6-\U0001F1FF\U0001F300-\U0001F5FF\U0001F600-\U0001F64F\U0001F680-\U0001F6FF"
         r"\U0001F900-\U0001F9FF\U0001FA70-\U0001FAFF\u2600-\u27BF\u2B50\u2B55]")
EMOTICON = r"(?<!\w)(?:[:;=][-'^]?[)(\]\[DPpOo/\\|*]+|<3|[xX][Dd]+)(?!\w)"
ELISION = r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'"
WORD = r"[^\W\d_]+(?:[-'][^\W\d_]+)*"
TOKEN = re.compile(rf"(?P<emoticon>{EMOTICON})|(?P<handle>@\w+)|(?P<elision>{ELISION})|(?P<word>{WORD})"
                   rf"|(?P<emoji>{EMOJI})|(?P<mark>[!?]+|\.\.\.|\")|(?P<hashtag>#\w+)", re.IGNORECASE)


def fold_text(text: str) -> str:
    """Lower-case without accents, apostrophes plain (whole texts: not cached, they seldom repeat)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(APOSTROPHES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=500_000)
def fold(token: str) -> str:
    """fold_text for words: the key every lexicon lookup uses (cached: words repeat)."""
    return fold_text(token)


def tokenize(text: str) -> list[tuple[str, str]]:
    """(kind, surface) pairs: words, elisions, @handles, emoji, emoticons, hashtags, ! ? ... and quotes."""
    return [(match.lastgroup, match.group()) for match in TOKEN.finditer(text)]


def phrase_key(term: str) -> str:
    """The lookup key of a term, tokenised the same way as text (so "n'importe" is "n' importe")."""
    return " ".join(fold(surface) for _, surface in tokenize(term))
