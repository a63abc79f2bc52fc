"""Text copied from a web page (article, comment header, numbered and bulleted comments) and
article text with a leading date (' date 2025-10-17 …')."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from analytics.corpus.identity import fingerprint, synthesize_id
from analytics.corpus.model import Article, Comment, Corpus
from analytics.errors import InputError
from analytics.load.timeparse import parse_time, parse_wordpress_date

_QUOTED = r"[\"“«‘']\s*(?P<title>.+?)\s*[\"”»’']"
COMMENTS_HEADER = re.compile(
    r"^\s*(?P<count>\d+|une?|one|no|aucune?)\s+"
    r"(?:réflexions?|commentaires?|réponses?|avis|thoughts?|comments?|responses?|replies)"
    r"(?:\s+(?:au sujet de|sur|à propos de|on|to|for)\s+" + _QUOTED + r")?\s*:?\s*$",
    re.IGNORECASE)
END_MARKER = re.compile(
    r"^\s*(?:laisser un commentaire|laisser une réponse|leave a reply|leave a comment|"
    r"leave a reply cancel reply|ajouter un commentaire)\b.*$", re.IGNORECASE)
REPLY_LINK = re.compile(r"^\s*(?:répondre|reply)(?:\s+(?:à|to)\s+.+)?\s*[↓]?\s*$", re.IGNORECASE)
NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,5})[.)]\s+(?P<rest>.*)$")
BULLETED = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[•◦▪▫‣⁃●○■□*-])\s+(?P<rest>.*)$")
AUTHOR_LINE = re.compile(r"^(?P<author>\S.{0,79}?)\s+(?:dit|says)\s*:\s*$", re.IGNORECASE)
DATED_ARTICLE = re.compile(r"^\s*date\s*:?\s*(?P<date>\d{4}-\d{2}-\d{2}(?:[T ][\d:]+)?)\s+(?P<body>.*)$",
                           re.DOTALL | re.IGNORECASE)
# Browsers draw nested list levels with these bullets, in this order.
_BULLET_LEVEL = {"•": 1, "●": 1, "◦": 2, "○": 2, "▪": 3, "■": 3, "▫": 4, "□": 4}
_WORDS = {"un": 1, "une": 1, "one": 1, "no": 0, "aucun": 0, "aucune": 0}


def looks_like_dated_article(text: str) -> bool:
    """True for article text that starts with ' date YYYY-MM-DD'."""
    return DATED_ARTICLE.match(text[:200]) is not None


def load_dated_article(text: str, source: str) -> Corpus:
    """Read ' date 2025-10-17 <body…>': one article with its publication date and no comments."""
    match = DATED_ARTICLE.match(text)
    if match is None:
        raise InputError(source, "line 1", "' date YYYY-MM-DD' then the article text", repr(text[:40]))
    try:
        published = parse_time(match["date"])
    except ValueError:
        raise InputError(source, "line 1", "a date as YYYY-MM-DD", repr(match["date"])) from None
    corpus = Corpus(source, "dated-text")
    body = match["body"].strip()
    corpus.articles.append(Article(ref="article", body=body, published_at=published, source_file=source))
    return corpus


@dataclass
class _Draft:
    line_number: int
    nesting: tuple[int, int]
    lines: list[str] = field(default_factory=list)
    parent: _Draft | None = None
    comment_id: str = ""


def load_pasted_page(text: str, source: str) -> Corpus:
    """Read a page copied from a browser: title, body, comment header, then the comment list."""
    lines = text.split("\n")
    header_index = next((i for i, line in enumerate(lines) if COMMENTS_HEADER.match(line)), None)
    corpus = Corpus(source, "pasted-text")
    article_lines = lines if header_index is None else lines[:header_index]
    header = None if header_index is None else COMMENTS_HEADER.match(lines[header_index])
    title, body = _split_title(article_lines, header["title"] if header else None)
    if not body and not title:
        raise InputError(source, "line 1", "an article title and text before the comments",
                         "an empty article")
    article = Article(ref="article", title=title, body=body, source_file=source)
    corpus.articles.append(article)
    if header is None:
        return corpus
    drafts = _parse_comment_lines(lines, header_index + 1)
    _build_comments(drafts, corpus, article)
    expected = header["count"].lower()
    expected_count = _WORDS.get(expected, int(expected) if expected.isdigit() else None)
    if expected_count is not None and expected_count != len(corpus.comments):
        corpus.report(f"line {header_index + 1}", "count_mismatch",
                      f"the header announces {expected_count} comments; {len(corpus.comments)} were read",
                      "kept the comments that were read")
    return corpus


def _split_title(article_lines: list[str], header_title: str | None) -> tuple[str | None, str]:
    """The title is the first line when short (and equal to the header's quoted title, if any)."""
    stripped = [line.rstrip() for line in article_lines]
    while stripped and not stripped[0].strip():
        stripped.pop(0)
    first = stripped[0].strip() if stripped else ""
    if first and len(first) <= 200 and (header_title is None or _same_text(first, header_title)):
        return first, "\n".join(stripped[1:]).strip()
    return header_title, "\n".join(stripped).strip()


def _same_text(left: str, right: str) -> bool:
    return fingerprint(left) == fingerprint(right)


def _parse_comment_lines(lines: list[str], start: int) -> list[_Draft]:
    """Group the comment section's lines into drafts with their nesting and parent."""
    section_end = next((i for i in range(start, len(lines)) if END_MARKER.match(lines[i])), len(lines))
    section = lines[start:section_end]
    has_reply_links = any(REPLY_LINK.match(line) for line in section)
    drafts: list[_Draft] = []
    open_drafts: list[_Draft] = []
    current: _Draft | None = None
    for offset, line in enumerate(section):
        line_number = start + offset + 1
        if REPLY_LINK.match(line):
            current = None
            continue
        marker = _comment_marker(line) if (current is None or not has_reply_links) else None
        if marker is not None:
            nesting, first_line = marker
            while open_drafts and open_drafts[-1].nesting >= nesting:
                open_drafts.pop()
            current = _Draft(line_number, nesting, [first_line],
                             parent=open_drafts[-1] if open_drafts and nesting[1] > 0 else None)
            drafts.append(current)
            open_drafts.append(current)
        elif current is not None:
            current.lines.append(line.strip())
    return drafts


def _comment_marker(line: str) -> tuple[tuple[int, int], str] | None:
    """Return ((indent, bullet level), text after the marker) when a line opens a comment."""
    numbered = NUMBERED.match(line)
    if numbered:
        return (len(numbered["indent"].expandtabs(4)), 0), numbered["rest"].strip()
    bulleted = BULLETED.match(line)
    if bulleted:
        level = _BULLET_LEVEL.get(bulleted["bullet"], 1)
        return (len(bulleted["indent"].expandtabs(4)), level), bulleted["rest"].strip()
    return None


def _build_comments(drafts: list[_Draft], corpus: Corpus, article: Article) -> None:
    article_print = fingerprint(article.body or article.title or "")
    seen: dict[str, int] = {}
    for draft in drafts:
        lines = list(draft.lines)
        while lines and not lines[-1]:
            lines.pop()
        author, posted_at, lines = _take_author_and_date(lines)
        text = "\n".join(lines).strip()
        if not text:
            corpus.report(f"line {draft.line_number}", "empty_comment", "a comment with no text",
                          "skipped it")
            continue
        parent_id = draft.parent.comment_id if draft.parent else None
        identity = (article_print, parent_id, author, fingerprint(text))
        occurrence = seen.get(repr(identity), 0)
        seen[repr(identity)] = occurrence + 1
        draft.comment_id = synthesize_id("c", *identity, occurrence)
        corpus.comments.append(Comment(
            comment_id=draft.comment_id, article_ref=article.ref, parent_id=parent_id, text=text,
            author=author, posted_at=posted_at, source_file=corpus.source_file,
            position=f"line {draft.line_number}", synthetic_id=True))


def _take_author_and_date(lines: list[str]) -> tuple[str | None, object, list[str]]:
    """Strip WordPress 'Jean dit :' / 'Jean says:' and date lines from a comment's start."""
    author = None
    posted_at = None
    if lines and (match := AUTHOR_LINE.match(lines[0])):
        author = match["author"].strip()
        lines = lines[1:]
    if lines and (parsed := parse_wordpress_date(lines[0])) is not None:
        posted_at = parsed
        lines = lines[1:]
        if author is None and lines and (match := AUTHOR_LINE.match(lines[0])):
            author = match["author"].strip()
            lines = lines[1:]
    while lines and not lines[0]:
        lines = lines[1:]
    return author, posted_at, lines
