"""The @handles a reply opens with ("@marie @paul_2: …") say to whom it is sent. They are mentions of
the addressee of kind "reply" (model.py), and a hostile word (attacks.py) or sentence (aim.py)
attacks them only when it names no one else: "@marie les immigrés sont des rats" attacks the group,
"@CNEWS néo nazi" the person spoken to."""
from __future__ import annotations

import re

from analytics.enrich.targets.mentions import Mention

LEADING_HANDLES = re.compile(r"\s*(?:@\w[\w.-]*[\s,:;]*)+")  # "@marie @paul_2: …", the handles a reply opens with
POINTING = {"ce", "cet", "cette", "ces", "le", "la", "les", "l'", "des", "this", "that", "these", "those",
            "the"}  # a name-calling noun after these is someone else's, even in a reply: "@marie ces connards"


def beside_replies(candidates: list[tuple[str, Mention]]) -> list[tuple[str, Mention]]:
    """The candidates of a hostile word, a reply's opening handles left out when another target is
    named."""
    named = [(name, mention) for name, mention in candidates if mention.kind != "reply"]
    return named or candidates


def others_named(located, start: int, end: int) -> bool:
    """Whether text[start:end] names a target other than by a reply's opening handles (located:
    (name, mention, clause number))."""
    return any(start <= mention.start < end and mention.kind != "reply" for _, mention, _ in located)
