"""Write one reply tree in every supported source format, for round-trip tests and benchmarks.

A thread is an article dict (id, title, body, time) and its comments in pre-order, each a dict
(id, parent, author, time, text); `time` is epoch seconds.
"""
from __future__ import annotations

import csv
import html
import json
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre"]
LEVEL_BULLETS = ["•", "◦", "▪"]
HOST = "https://example.org"


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)


def depths(comments: list[dict]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for comment in comments:
        depth[comment["id"]] = 0 if comment["parent"] is None else depth[comment["parent"]] + 1
    return depth


def pasted_text(article: dict, comments: list[dict]) -> str:
    """A page as a browser copies it: numbered top-level comments, nested bullets, 'Répondre'."""
    lines = [article["title"], "", article["body"], "",
             f"{len(comments)} réflexions au sujet de “{article['title']}”", ""]
    depth = depths(comments)
    number = 0
    for comment in comments:
        level = depth[comment["id"]]
        if level == 0:
            number += 1
            marker, inner = f"  {number}. ", "    "
        else:
            indent = "  " * (level + 1)
            marker, inner = f"{indent}{LEVEL_BULLETS[min(level - 1, 2)]} ", indent + "  "
        moment = _utc(comment["time"])
        head = [f"{comment['author']} dit :",
                f"{moment.day} {FRENCH_MONTHS[moment.month - 1]} {moment.year} à {moment.hour} h {moment.minute:02d} min"]
        body = head + comment["text"].split("\n")
        lines.append(marker + body[0])
        lines.extend(inner + line if line else "" for line in body[1:])
        lines.append("")
        lines.append(inner + "Répondre")
    lines += ["", "Laisser un commentaire"]
    return "\n".join(lines)


def _html_text(text: str) -> str:
    return "".join(f"<p>{html.escape(paragraph).replace(chr(10), '<br>')}</p>"
                   for paragraph in text.split("\n\n"))


def wordpress_page(article: dict, comments: list[dict]) -> str:
    """A saved WordPress article page with its nested ol.comment-list."""
    children: dict[str | None, list[dict]] = {}
    for comment in comments:
        children.setdefault(comment["parent"], []).append(comment)

    def render(parent: str | None) -> str:
        items = []
        for comment in children.get(parent, []):
            iso = _utc(comment["time"]).isoformat() + "+00:00"
            nested = render(comment["id"])
            items.append(
                f'<li id="comment-{comment["id"]}" class="comment"><article class="comment-body">'
                f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">'
                f'{html.escape(comment["author"])}</b> <span class="says">dit :</span></div>'
                f'<div class="comment-metadata"><time datetime="{iso}">{iso}</time></div></footer>'
                f'<div class="comment-content">{_html_text(comment["text"])}</div>'
                f'<div class="reply"><a class="comment-reply-link">Répondre</a></div></article>'
                + (f'<ol class="children">{nested}</ol>' if nested else "") + "</li>")
        return "".join(items)

    published = _utc(article["time"]).isoformat() + "+00:00"
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(article["title"])}</title>'
        f'<link rel="canonical" href="{HOST}/?p={article["id"]}">'
        f'<meta property="article:published_time" content="{published}"></head>'
        f'<body class="post-template-default single postid-{article["id"]}"><article id="post-{article["id"]}">'
        f'<h1 class="entry-title">{html.escape(article["title"])}</h1>'
        f'<div class="entry-content">{_html_text(article["body"])}</div></article>'
        f'<div id="comments"><h2 class="comments-title">{len(comments)} réflexions</h2>'
        f'<ol class="comment-list">{render(None)}</ol></div></body></html>')


def wxr(threads: list[tuple[dict, list[dict]]]) -> str:
    """A WordPress eXtended RSS export holding every thread as a post item."""
    items = []
    for article, comments in threads:
        parts = [f"<item><title>{escape(article['title'])}</title><link>{HOST}/?p={article['id']}</link>",
                 f"<content:encoded><![CDATA[{_html_text(article['body'])}]]></content:encoded>",
                 f"<wp:post_id>{article['id']}</wp:post_id>",
                 f"<wp:post_date_gmt>{_utc(article['time']):%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>",
                 "<wp:post_type>post</wp:post_type>"]
        for comment in comments:
            parts.append(
                f"<wp:comment><wp:comment_id>{comment['id']}</wp:comment_id>"
                f"<wp:comment_author><![CDATA[{comment['author']}]]></wp:comment_author>"
                f"<wp:comment_date_gmt>{_utc(comment['time']):%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{_html_text(comment['text'])}]]></wp:comment_content>"
                f"<wp:comment_approved>1</wp:comment_approved>"
                f"<wp:comment_parent>{comment['parent'] or 0}</wp:comment_parent></wp:comment>")
        items.append("".join(parts) + "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
            f"<channel><title>Test</title><link>{HOST}</link>" + "".join(items) + "</channel></rss>")


def rest_json(threads: list[tuple[dict, list[dict]]]) -> tuple[str, str]:
    """The REST API's /wp/v2/posts and /wp/v2/comments answers (two JSON documents)."""
    posts = [{"id": int(article["id"]), "date_gmt": _utc(article["time"]).isoformat(),
              "link": f"{HOST}/?p={article['id']}", "title": {"rendered": html.escape(article["title"])},
              "content": {"rendered": _html_text(article["body"])}} for article, _ in threads]
    replies = [{"id": int(comment["id"]), "post": int(article["id"]), "parent": int(comment["parent"] or 0),
                "author_name": comment["author"], "date_gmt": _utc(comment["time"]).isoformat(),
                "link": f"{HOST}/?p={article['id']}#comment-{comment['id']}",
                "content": {"rendered": _html_text(comment["text"])}}
               for article, comments in threads for comment in comments]
    return json.dumps(posts, ensure_ascii=False), json.dumps(replies, ensure_ascii=False)


def export_csv(threads: list[tuple[dict, list[dict]]], path: Path) -> None:
    """A scraper's CSV export with parent ids."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment_id", "parent_id", "article_id", "author", "created_utc", "text"])
        for article, comments in threads:
            for comment in comments:
                writer.writerow([comment["id"], comment["parent"] or "", article["id"], comment["author"],
                                 int(comment["time"]), comment["text"]])
