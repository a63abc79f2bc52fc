"""WordPress: REST API JSON (posts, comments), WXR export (XML), saved article page (HTML)."""
from __future__ import annotations

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

def load_wxr(data: bytes, source: str) -> Corpus:
    """Read a WordPress eXtended RSS export: each post item with its `wp:comment` elements."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(source, f"line {error.lineno}", "well-formed WXR (XML) export", str(error)) from None
    corpus = Corpus(source, "wordpress-wxr")
    channel_host = _host(root.findtext("channel/link"))
    for item in root.iterfind("channel/item"):
        post_type = item.findtext("wp:post_type", namespaces=WXR_NS) or "post"
        if post_type not in {"post", "page"}:
            continue
        post_id = item.findtext("wp:post_id", namespaces=WXR_NS) or ""
        link = item.findtext("link")
        key = post_key(_host(link) or channel_host, post_id)
        location = f"line {item.sourceline} (post {post_id})"
        body_html = item.findtext("content:encoded", namespaces=WXR_NS) or ""
        corpus.articles.append(Article(
            ref=key, key=key, native_id=f"wp-{post_id}", title=(item.findtext("title") or "").strip() or None,
            body=html_to_text(body_html) if body_html.strip() else "", url=link,
            author=item.findtext("dc:creator", namespaces=WXR_NS),
            published_at=_time(corpus, location, item.findtext("wp:post_date_gmt", namespaces=WXR_NS),
                               item.findtext("wp:post_date", namespaces=WXR_NS)),
            source_file=source))
        for element in item.iterfind("wp:comment", namespaces=WXR_NS):
            _wxr_comment(element, key, corpus)
    if not corpus.articles:
        raise InputError(source, None, "a WXR export with at least one <item> post", "no post item")
    return corpus


def _wxr_comment(element: etree._Element, article_ref: str, corpus: Corpus) -> None:
    def field(name: str) -> str:
        return (element.findtext(f"wp:{name}", namespaces=WXR_NS) or "").strip()

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
    _page_comments(comment_list, None, article, corpus)
    return corpus


def _page_comments(listing: Tag, parent_id: str | None, article: Article, corpus: Corpus) -> None:
    for item in listing.find_all("li", recursive=False):
        comment_id = (item.get("id") or "").removeprefix("li-comment-").removeprefix("comment-")
        location = f"line {item.sourceline} (li#{item.get('id', '?')})"
        content = _own(item, ".comment-content", ".comment-text", ".comment-body > p")
        text = html_to_text(content) if content else ""
        children = _own(item, "ol.children", "ul.children")
        if not comment_id or not text:
            corpus.report(location, "bad_record", "expected li#comment-N with a .comment-content", "skipped it")
        else:
            author = _own(item, ".comment-author .fn", ".comment-author")
            time_node = _own(item, ".comment-metadata time[datetime]", "time[datetime]")
            corpus.comments.append(Comment(
                comment_id=comment_id, article_ref=article.ref, parent_id=parent_id, text=text,
                author=author.get_text(" ", strip=True) if author else None,
                posted_at=_time(corpus, location, _attr(time_node, "datetime")),
                source_file=corpus.source_file, position=location))
        if children is not None:
            _page_comments(children, comment_id or parent_id, article, corpus)


def _own(item: Tag, *selectors: str) -> Tag | None:
    """The first node matching a selector (tried in order) that belongs to this comment, not to a
    nested reply."""
    for selector in selectors:
        for node in item.select(selector):
            if node.find_parent("li") is item:
                return node
    return None


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
