"""The corpus model: articles, comments and the validation report of one load."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class Article:
    """An article (or post, video, source tweet) under which comments were written."""

    ref: str
    """Reference unique within one Corpus; comments point at it."""
    key: str | None = None
    """Source-native key such as 'wp-post:123' or 'reddit:t3_abc'; None for text with no id."""
    native_id: str | None = None
    """Id to use for a new article when the source has one (kept as the canonical id)."""
    title: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    author: str | None = None
    source_file: str = ""


@dataclass(slots=True)
class Comment:
    """One comment; `parent_id` is the parent as declared by the source (None for top-level)."""

    comment_id: str
    article_ref: str
    parent_id: str | None
    text: str
    author: str | None = None
    posted_at: datetime | None = None
    source_file: str = ""
    position: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    synthetic_id: bool = False
    """True when the source gave no id and the loader made one from the content."""


@dataclass(frozen=True)
class Issue:
    """One entry of the validation report: what was wrong, where, and what was done."""

    source_file: str
    location: str
    kind: str
    message: str
    action: str
    severity: str = "warning"


@dataclass(slots=True)
class Corpus:
    """What one loader read from one file."""

    source_file: str
    format: str
    articles: list[Article] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def report(self, location: str, kind: str, message: str, action: str,
               severity: str = "warning") -> None:
        """Add an entry to this load's validation report."""
        self.issues.append(Issue(self.source_file, location, kind, message, action, severity))


def drop_duplicate_comments(corpus: Corpus) -> None:
    """Keep the first comment of each (article, id); report the others."""
    first_seen: dict[tuple[str, str], Comment] = {}
    kept: list[Comment] = []
    for comment in corpus.comments:
        key = (comment.article_ref, comment.comment_id)
        earlier = first_seen.get(key)
        if earlier is None:
            first_seen[key] = comment
            kept.append(comment)
            continue
        corpus.report(comment.position, "duplicate_id",
                      f"comment id {comment.comment_id!r} already seen at {earlier.position}",
                      "kept the first occurrence, dropped this one")
    corpus.comments = kept
