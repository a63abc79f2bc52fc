"""One-letter edits between words (Damerau distance 1), for the speller's symmetric-delete index."""
from __future__ import annotations

from collections.abc import Iterator

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def deletions(word: str) -> set[str]:
    """Every string one letter shorter than word."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit_away(word: str) -> Iterator[str]:
    """Every string one swap, deletion, insertion or replacement of a letter a-z from word."""
    for cut in range(len(word) + 1):
        head, tail = word[:cut], word[cut:]
        yield from (head + letter + tail for letter in LETTERS)
        if tail:
            yield head + tail[1:]
            yield from (head + letter + tail[1:] for letter in LETTERS)
        if len(tail) > 1:
            yield head + tail[1] + tail[0] + tail[2:]


def one_edit_apart(first: str, second: str) -> bool:
    """Damerau distance exactly 1: one swap of adjacent letters, one letter dropped, added or replaced."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    same = 0
    while same < len(first) and first[same] == second[same]:
        same += 1
    if len(first) < len(second):
        return first[same:] == second[same + 1:]
    if first[same + 1:] == second[same + 1:]:
        return True
    return first[same:same + 2] == second[same:same + 2][::-1] and first[same + 2:] == second[same + 2:]
