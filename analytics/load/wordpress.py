"""WordPress: REST API JSON (posts, comments), WXR export (XML), saved article page (HTML)."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Tag
from lxml import etree

from analytics.corpus.model import Article, Comment, Corpus
from analytics.errors import InputError
from analytics.load.html_text import html_to_text
from analytics.load.timeparse import parse_time

WXR_NS = {"wp": "http://wordpress.org/export/1.2/", "content": "http://purl.org/rss/1.0/modules/content/",
          "dc": "http://purl.org/dc/elements/1.1/"}
_SKIPPED_STATUSES = {"spam", "trash"}
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\sencoding\s*=\s*(["'])[^"']*\2""")


def post_key(host: str, post_id: str) -> str:
    """The source key shared by every WordPress format for one post of one site."""
    return f"wp-post:{host}:{post_id}"


def _host(url: str | None) -> str:
    return urlparse(url).netloc.lower() if url else ""


def _time(corpus: Corpus, location: str, *values: Any) -> Any:
    """The first readable timestamp among values; an unreadable one is reported, not fatal."""
    for value in values:
        try:
            parsed = parse_time(value)
        except ValueError as error:
            corpus.report(location, "bad_time", str(error), "left the time empty")
            continue
        if parsed is not None:
            return parsed
    return None


# ---- REST API JSON -------------------------------------------------------------------------

def is_wordpress_rest(payload: Any) -> bool:
    """True for a REST API answer: a post or comment object, a list of them, or {posts, comments}."""
    records = _rest_records(payload)
    return bool(records) and all(isinstance(r, dict) and "id" in r and "content" in r for r in records)


def _rest_records(payload: Any) -> list[Any]:
    if isinstance(payload, dict) and ("posts" in payload or "comments" in payload):
        return list(payload.get("posts", [])) + list(payload.get("comments", []))
    if isinstance(payload, dict):
        return [payload]
    return payload if isinstance(payload, list) else []


def load_wordpress_rest(payload: Any, source: str) -> Corpus:
    """Read posts (`title`, `content.rendered`) and comments (`post`, `parent`, `author_name`)."""
    corpus = Corpus(source, "wordpress-rest")
    articles: dict[str, Article] = {}
    for index, record in enumerate(_rest_records(payload), start=1):
        location = f"record {index} (id {record.get('id')})" if isinstance(record, dict) else f"record {index}"
        if not isinstance(record, dict) or "id" not in record:
            corpus.report(location, "bad_record", "expected a JSON object with an 'id'", "skipped it")
            continue
        if "post" in record:
            _rest_comment(record, location, corpus, articles)
        else:
            _rest_post(record, location, corpus, articles)
    corpus.articles = list(articles.values())
    return corpus


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered", "")
    return html_to_text(value) if value else ""


def _rest_post(record: dict, location: str, corpus: Corpus, articles: dict[str, Article]) -> None:
    url = record.get("link")
    key = post_key(_host(url), str(record["id"]))
    article = articles.setdefault(key, Article(ref=key, key=key, native_id=f"wp-{record['id']}",
                                                source_file=corpus.source_file))
    article.title = _rendered(record.get("title")) or None
    article.body = _rendered(record.get("content"))
    article.url = url
    article.published_at = _time(corpus, location, record.get("date_gmt"), record.get("date"))


def _rest_comment(record: dict, location: str, corpus: Corpus, articles: dict[str, Article]) -> None:
    text = _rendered(record.get("content"))
    if not text:
        corpus.report(location, "empty_comment", "expected comment text in content.rendered", "skipped it")
        return
    url = record.get("link")
    post = str(record["post"])
    key = post_key(_host(url), post)
    if key not in articles:
        articles[key] = Article(ref=key, key=key, native_id=f"wp-{post}", source_file=corpus.source_file)
    parent = str(record.get("parent") or 0)
    corpus.comments.append(Comment(
        comment_id=str(record["id"]), article_ref=key, parent_id=None if parent == "0" else parent,
        text=text, author=record.get("author_name") or None,
        posted_at=_time(corpus, location, record.get("date_gmt"), record.get("date")),
        source_file=corpus.source_file, position=location))


# ---- WXR export ----------------------------------------------------------------------------

def load_wxr(text: str, source: str) -> Corpus:
    """Read a WordPress eXtended RSS export: each post item with its `wp:comment` elements.

    `text` is already decoded (load/decode.py follows the XML declaration's encoding), so the
    declaration's encoding is dropped before lxml reads it as UTF-8. Entities are never expanded:
    each reference is left out, the text around it kept, and reported.
    """
    data = _XML_ENCODING.sub(r"\1", text, count=1).encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(source, f"line {error.lineno}", "well-formed WXR (XML) export", str(error)) from None
    corpus = Corpus(source, "wordpress-wxr")
    for entity in root.iter(etree.Entity):
        corpus.report(f"line {entity.sourceline}", "entity_not_read",
                      f"entity reference {entity.text}: entities are never expanded (they can read files "
                      "or the network)", "left it out and kept the text around it")
    channel_host = _host(_text(root, "channel/link"))
    for item in root.iterfind("channel/item"):
        post_type = _text(item, "wp:post_type") or "post"
        if post_type not in {"post", "page"}:
            continue
        post_id = _text(item, "wp:post_id") or ""
        link = _text(item, "link")
        key = post_key(_host(link) or channel_host, post_id)
        location = f"line {item.sourceline} (post {post_id})"
        body_html = _text(item, "content:encoded") or ""
        corpus.articles.append(Article(
            ref=key, key=key, native_id=f"wp-{post_id}", title=(_text(item, "title") or "").strip() or None,
            body=html_to_text(body_html) if body_html.strip() else "", url=link,
            author=_text(item, "dc:creator"),
            published_at=_time(corpus, location, _text(item, "wp:post_date_gmt"), _text(item, "wp:post_date")),
            source_file=source))
        for element in item.iterfind("wp:comment", namespaces=WXR_NS):
            _wxr_comment(element, key, corpus)
    if not corpus.articles:
        raise InputError(source, None, "a WXR export with at least one <item> post", "no post item")
    return corpus


def _text(parent: etree._Element, path: str) -> str | None:
    """The text of the first element at `path`, with any entity reference left out (findtext
    would stop at the first one); None when there is no such element."""
    element = parent.find(path, namespaces=WXR_NS)
    if element is None:
        return None
    return (element.text or "") if len(element) == 0 else str(element.xpath("string()"))


def _wxr_comment(element: etree._Element, article_ref: str, corpus: Corpus) -> None:
    def field(name: str) -> str:
        return (_text(element, f"wp:{name}") or "").strip()

    comment_id = field("comment_id")
    location = f"line {element.sourceline} (comment {comment_id})"
    status = field("comment_approved")
    if status in _SKIPPED_STATUSES:
        corpus.report(location, "skipped_status", f"comment marked {status!r}", "skipped it", "info")
        return
    text = html_to_text(field("comment_content")) if field("comment_content") else ""
    if not comment_id or not text:
        corpus.report(location, "bad_record", "expected wp:comment_id and wp:comment_content", "skipped it")
        return
    parent = field("comment_parent") or "0"
    corpus.comments.append(Comment(
        comment_id=comment_id, article_ref=article_ref, parent_id=None if parent == "0" else parent,
        text=text, author=field("comment_author") or None,
        posted_at=_time(corpus, location, field("comment_date_gmt"), field("comment_date")),
        source_file=corpus.source_file, position=location))


# ---- saved article page --------------------------------------------------------------------

def load_wordpress_page(html: str, source: str) -> Corpus:
    """Read a saved article page: title, date, body, and the nested `ol.comment-list`."""
    soup = BeautifulSoup(html, "lxml")
    corpus = Corpus(source, "wordpress-html")
    url = _meta(soup, "og:url") or _attr(soup.find("link", rel="canonical"), "href")
    post_id = _post_id(soup)
    key = post_key(_host(url), post_id) if post_id else (f"url:{url}" if url else None)
    title_node = soup.select_one("h1.entry-title, h1.post-title, article h1, h1")
    title = title_node.get_text(" ", strip=True) if title_node else _meta(soup, "og:title")
    body_node = soup.select_one("div.entry-content, div.post-content, article .content")
    time_node = soup.select_one("article time[datetime], time.entry-date[datetime]")
    article = Article(
        ref="article", key=key, native_id=f"wp-{post_id}" if post_id else None, title=title or None,
        body=html_to_text(body_node) if body_node else "", url=url, source_file=source,
        published_at=_time(corpus, "<head>", _meta(soup, "article:published_time"),
                           _attr(time_node, "datetime")))
    corpus.articles.append(article)
    comment_list = soup.select_one("ol.comment-list, ol.commentlist, ul.comment-list, ul.commentlist")
    if comment_list is None:
        if body_node is None:
            raise InputError(source, None, "a WordPress page (div.entry-content or ol.comment-list)",
                             "HTML with neither")
        return corpus
    _page_comments(comment_list, article, corpus)
    return corpus


def _page_comments(comment_list: Tag, article: Article, corpus: Corpus) -> None:
    """Every comment of the list in page order, each under its parent (an explicit stack: any
    depth). A comment found inside another one's text rather than in its replies list (after an
    unclosed tag) is read as that comment's sibling, and reported."""
    pending: list[tuple[Tag, str | None, str | None]] = [
        (item, None, None) for item in reversed(comment_list.find_all("li", recursive=False))]
    while pending:
        item, parent_id, inside = pending.pop()
        name = item.get("id") or "?"
        comment_id = (item.get("id") or "").removeprefix("li-comment-").removeprefix("comment-")
        location = f"line {item.sourceline} (li#{name})" if item.sourceline else f"li#{name}"
        if inside is not None:
            corpus.report(location, "malformed_html", f"comment li#{name} is inside the text of comment "
                          f"{inside!r}, not in a replies list (an unclosed tag?)",
                          "read it as a separate comment beside that one")
        found, nested = _comment_parts(item)
        content = _first(found, "content", "text", "body_p")
        text = html_to_text(content, exclude=[li for li, reply in nested if not reply]) if content else ""
        if not comment_id or not text:
            corpus.report(location, "bad_record", "expected li#comment-N with a .comment-content", "skipped it")
        else:
            author = _first(found, "fn", "author")
            corpus.comments.append(Comment(
                comment_id=comment_id, article_ref=article.ref, parent_id=parent_id, text=text,
                author=author.get_text(" ", strip=True) if author else None,
                posted_at=_time(corpus, location, _attr(_first(found, "metadata_time", "time"), "datetime")),
                source_file=corpus.source_file, position=location))
        for li, reply in reversed(nested):
            pending.append((li, comment_id or parent_id, None) if reply else (li, parent_id, comment_id or "?"))


def _comment_parts(item: Tag) -> tuple[dict[str, Tag], list[tuple[Tag, bool]]]:
    """This comment's own text, author and time nodes (nested comments left out), and the list
    items nested in it, each with whether it is a reply (inside an `ol.children` list) or a
    comment an unclosed tag left inside this one. One walk with an explicit stack: any depth."""
    found: dict[str, Tag] = {}
    nested: list[tuple[Tag, bool]] = []
    # (node, inside a replies list, inside .comment-author, inside .comment-metadata)
    stack = [(child, False, False, False) for child in reversed(item.find_all(True, recursive=False))]
    while stack:
        node, in_replies, in_author, in_metadata = stack.pop()
        if node.name == "li" and (in_replies or (node.get("id") or "").startswith(("comment-", "li-comment-"))):
            nested.append((node, in_replies))
            continue
        classes = node.get("class") or []
        parent_classes = (node.parent.get("class") or []) if node.parent is not None else []
        for part, matches in (
                ("content", "comment-content" in classes), ("text", "comment-text" in classes),
                ("body_p", node.name == "p" and "comment-body" in parent_classes),
                ("fn", in_author and "fn" in classes), ("author", "comment-author" in classes),
                ("metadata_time", in_metadata and node.name == "time" and node.has_attr("datetime")),
                ("time", node.name == "time" and node.has_attr("datetime"))):
            if matches:
                found.setdefault(part, node)
        in_replies = in_replies or (node.name in ("ol", "ul") and "children" in classes)
        in_author = in_author or "comment-author" in classes
        in_metadata = in_metadata or "comment-metadata" in classes
        stack.extend((child, in_replies, in_author, in_metadata)
                     for child in reversed(node.find_all(True, recursive=False)))
    return found, nested


def _first(found: dict[str, Tag], *parts: str) -> Tag | None:
    """The first part found, in the order given (the most specific first)."""
    return next((found[part] for part in parts if part in found), None)


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    node = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return _attr(node, "content")


def _attr(node: Tag | None, name: str) -> str | None:
    value = node.get(name) if node is not None else None
    return str(value) if value else None


def _post_id(soup: BeautifulSoup) -> str | None:
    article = soup.find("article", id=lambda value: bool(value) and value.startswith("post-"))
    if article is not None:
        return article["id"].removeprefix("post-")
    body = soup.find("body")
    for css_class in (body.get("class", []) if body else []):
        if css_class.startswith("postid-"):
            return css_class.removeprefix("postid-")
    return None
