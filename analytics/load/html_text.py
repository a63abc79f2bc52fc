"""HTML fragments to clean text: entities decoded, paragraphs and line breaks kept, quotes kept."""
from __future__ import annotations

import re
from collections.abc import Collection

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

_BLOCKS = frozenset({"p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4",
                     "h5", "h6", "section", "article", "figure", "figcaption", "table", "tr"})
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not U+00A0: French typography keeps it
_SKIPPED = frozenset({"script", "style", "noscript", "template"})


def html_to_text(fragment: str | Tag, exclude: Collection[Tag] = ()) -> str:
    """Text of an HTML fragment: block elements become paragraphs, <br> a line break.

    The elements in `exclude` (and everything inside them) are left out. The tree is walked with
    an explicit stack, so any nesting depth is read.
    """
    node = BeautifulSoup(fragment, "html.parser") if isinstance(fragment, str) else fragment
    excluded = {id(element) for element in exclude}
    paragraphs: list[str] = []
    current: list[str] = []
    # (node, entering) pairs: a block is flushed when it is entered and again when it is left
    stack: list[tuple[PageElement, bool]] = [(child, True) for child in reversed(list(node.children))]
    while stack:
        child, entering = stack.pop()
        if not entering:
            _flush(paragraphs, current)
        elif isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, CDATA or doctype
                current.append(_SPACES.sub(" ", str(child)))
        elif child.name in _SKIPPED or id(child) in excluded:
            continue
        elif child.name == "br":
            current.append("\n")
        else:
            if child.name in _BLOCKS:
                _flush(paragraphs, current)
                stack.append((child, False))
            stack.extend((grandchild, True) for grandchild in reversed(list(child.children)))
    _flush(paragraphs, current)
    return "\n\n".join(paragraphs)


def _flush(paragraphs: list[str], current: list[str]) -> None:
    text = "".join(current)
    current.clear()
    lines = [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]
    paragraph = "\n".join(lines).strip("\n ")
    if paragraph:
        paragraphs.append(paragraph)
