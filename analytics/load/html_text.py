"""HTML fragments to clean text: entities decoded, paragraphs and line breaks kept, quotes kept."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_BLOCKS = frozenset({"p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4",
                     "h5", "h6", "section", "article", "figure", "figcaption", "table", "tr"})
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not U+00A0: French typography keeps it
_SKIPPED = frozenset({"script", "style", "noscript", "template"})


def html_to_text(fragment: str | Tag) -> str:
    """Text of an HTML fragment: block elements become paragraphs, <br> a line break."""
    node = BeautifulSoup(fragment, "html.parser") if isinstance(fragment, str) else fragment
    paragraphs: list[str] = []
    current: list[str] = []
    _collect(node, paragraphs, current)
    _flush(paragraphs, current)
    return "\n\n".join(paragraphs)


def _collect(node: Tag, paragraphs: list[str], current: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, CDATA or doctype
                current.append(_SPACES.sub(" ", str(child)))
        elif child.name in _SKIPPED:
            continue
        elif child.name == "br":
            current.append("\n")
        elif child.name in _BLOCKS:
            _flush(paragraphs, current)
            _collect(child, paragraphs, current)
            _flush(paragraphs, current)
        else:
            _collect(child, paragraphs, current)


def _flush(paragraphs: list[str], current: list[str]) -> None:
    text = "".join(current)
    current.clear()
    lines = [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]
    paragraph = "\n".join(lines).strip("\n ")
    if paragraph:
        paragraphs.append(paragraph)
