"""Reddit: a thread's .json (the post listing and the nested comment listing)."""
from __future__ import annotations

from typing import Any

from analytics.corpus.model import Article, Comment, Corpus
from analytics.errors import InputError
from analytics.load.timeparse import parse_time


def is_reddit_thread(payload: Any) -> bool:
    """True for Reddit's [post listing, comment listing] answer."""
    return (isinstance(payload, list) and len(payload) == 2
            and all(isinstance(part, dict) and part.get("kind") == "Listing" for part in payload))


def load_reddit_thread(payload: Any, source: str) -> Corpus:
    """Read the t3_ post as the article and every t1_ comment, following nested `replies`."""
    corpus = Corpus(source, "reddit")
    posts = payload[0].get("data", {}).get("children", [])
    if not posts or posts[0].get("kind") != "t3":
        raise InputError(source, "listing 1", "a t3 post in the first listing", "no t3 post")
    post = posts[0]["data"]
    article_id = post.get("name") or f"t3_{post.get('id')}"
    article = Article(
        ref=article_id, key=f"reddit:{article_id}", native_id=article_id, title=post.get("title"),
        body=post.get("selftext") or "", url=post.get("url"), author=post.get("author"),
        published_at=parse_time(post.get("created_utc")), source_file=source)
    corpus.articles.append(article)
    _walk(payload[1].get("data", {}).get("children", []), article, corpus)
    return corpus


def _walk(children: list[Any], article: Article, corpus: Corpus) -> None:
    """Every comment in page order, following nested `replies` with an explicit stack (any depth)."""
    pending = list(reversed(children))
    counter = 0
    while pending:
        child = pending.pop()
        counter += 1
        kind, data = (child.get("kind"), child.get("data")) if isinstance(child, dict) else (None, None)
        data = data if isinstance(data, dict) else {}
        location = f"comment {counter} ({kind}_{data.get('id', '?')})"
        if kind == "more":
            corpus.report(location, "not_loaded", f"{data.get('count', 0)} comments behind 'load more'",
                          "not in the file, so not ingested", "info")
            continue
        if kind != "t1" or not data.get("id"):
            corpus.report(location, "bad_record", "expected a t1 comment with an id", "skipped it")
            continue
        parent = str(data.get("parent_id") or "")
        try:
            posted_at = parse_time(data.get("created_utc"))
        except ValueError as error:
            corpus.report(location, "bad_time", str(error), "left the time empty")
            posted_at = None
        corpus.comments.append(Comment(
            comment_id=str(data["id"]), article_ref=article.ref,
            parent_id=parent.removeprefix("t1_") if parent.startswith("t1_") else None,
            text=str(data.get("body") or ""), author=data.get("author"), posted_at=posted_at,
            source_file=corpus.source_file, position=location,
            extra={"score": data.get("score")} if data.get("score") is not None else {}))
        replies = data.get("replies")
        if isinstance(replies, dict) and isinstance(replies.get("data"), dict):
            pending.extend(reversed(replies["data"].get("children") or []))
