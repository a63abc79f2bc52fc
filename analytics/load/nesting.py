"""An explicit limit on how deep JSON may nest, checked before parsing: Python's parser recurses
once per level, so a file nested thousands deep would otherwise fail with a RecursionError."""
from __future__ import annotations

import re

MAX_JSON_DEPTH = 500
"""The deepest JSON nesting read (a Reddit thread uses about five levels per reply level)."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text nests arrays and objects more than `limit` levels deep.

    Strings are removed, then the innermost bracket pairs, one level per pass: no recursion, and
    at most `limit` passes over the brackets. Unbalanced brackets are left to the parser to report.
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(limit):
        brackets, removed = _INNERMOST.subn("", brackets)
        if not brackets or not removed:
            return False
    return bool(_INNERMOST.search(brackets))
