"""Exports with one comment per row: CSV, TSV, JSONL, Parquet, with parent ids.

Common column names are recognised; `mapping` ({column: field}) names any other column.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from analytics.corpus.identity import synthesize_id
from analytics.corpus.model import Article, Comment, Corpus
from analytics.errors import InputError, UsageError
from analytics.load.nesting import MAX_JSON_DEPTH, json_too_deep
from analytics.load.timeparse import parse_time

# The csv module refuses fields over 131,072 characters by default; a long comment is still a comment.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

FIELDS = ("comment_id", "parent_id", "article_id", "author", "posted_at", "text", "article_title",
          "article_url", "ignore")
"""The fields a column can be mapped to with --map column=field ('ignore' drops it)."""

# Recognised column names per field, most specific first.
RECOGNISED: dict[str, tuple[str, ...]] = {
    "comment_id": ("comment_id", "commentid", "id"),
    "parent_id": ("parent_id", "parent_comment_id", "reply_to", "in_reply_to", "in_reply_to_id",
                  "parent"),
    "article_id": ("article_id", "thread_id", "post_id", "link_id", "video_id", "submission_id"),
    "author": ("author", "user", "username", "author_name", "user_name", "user_id", "author_id"),
    "posted_at": ("created_utc", "timestamp", "date", "created_at", "posted_at", "published_at", "time"),
    "text": ("text", "body", "content", "comment", "message", "comment_text"),
    "article_title": ("article_title", "post_title", "video_title", "title"),
    "article_url": ("article_url", "post_url", "url", "permalink"),
}
_NO_PARENT = {"", "0", "none", "null", "nan", "-1"}
_TOO_DEEP = {"__error__": f"a JSON object nested at most {MAX_JSON_DEPTH} levels deep"}


def resolve_columns(columns: list[str], mapping: Mapping[str, str], source: str) -> dict[str, str]:
    """Return {field: column} from recognised names, with `mapping` taking precedence."""
    for column, field in mapping.items():
        if field not in FIELDS:
            raise UsageError(f"--map {column}={field}: expected a field among {', '.join(FIELDS)}")
    chosen: dict[str, str] = {}
    mapped = set(mapping)
    for column, field in mapping.items():
        if column in columns and field != "ignore":
            chosen[field] = column
    lowered = {column.lower().strip(): column for column in columns if column not in mapped}
    for field, names in RECOGNISED.items():
        if field in chosen:
            continue
        for name in names:
            if name in lowered and lowered[name] not in chosen.values():
                chosen[field] = lowered[name]
                break
    if "text" not in chosen:
        raise InputError(source, "header", "a text column (text, body, content, comment, message) "
                         "or --map COLUMN=text", f"columns {columns}")
    return chosen


def iter_delimited(text: str, source: str, delimiter: str) -> tuple[list[str], Iterator[tuple[str, dict]]]:
    """Columns and (location, row) pairs of a CSV or TSV text; malformed rows raise per row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)  # not splitlines: U+2028 is text
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(source, "line 1", "a header row", "an empty file") from None
    except csv.Error as error:
        raise InputError(source, "line 1", "a header row", str(error)) from None

    def rows() -> Iterator[tuple[str, dict]]:
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield f"line {start}", {"__error__": f"malformed CSV ({error})"}
                start = reader.line_num + 1
                continue
            location = f"line {start}"
            start = reader.line_num + 1
            if not values:
                continue
            if len(values) != len(header):
                yield location, {"__error__": f"{len(header)} fields as in the header, got {len(values)}"}
                continue
            yield location, dict(zip(header, values))

    return header, rows()


def iter_jsonl(text: str, source: str) -> tuple[list[str], Iterator[tuple[str, dict]]]:
    """Columns (union of the first 1,000 objects' keys) and (location, object) pairs of JSONL."""
    parsed: list[tuple[str, dict]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = _TOO_DEEP if json_too_deep(line) else json.loads(line)
        except json.JSONDecodeError as error:
            parsed.append((f"line {number}", {"__error__": f"a JSON object ({error.msg} at column {error.colno})"}))
            continue
        except RecursionError:  # within the limit, but called from a deep stack
            record = _TOO_DEEP
        if not isinstance(record, dict):
            record = {"__error__": f"a JSON object, got {type(record).__name__}"}
        parsed.append((f"line {number}", record))
    columns: dict[str, None] = {}
    for _, record in parsed[:1000]:
        columns.update(dict.fromkeys(k for k in record if k != "__error__"))
    return list(columns), iter(parsed)


def iter_parquet(path: Path, source: str) -> tuple[list[str], Iterator[tuple[str, dict]]]:
    """Columns and (location, row) pairs of a Parquet file, read in record batches."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        raise InputError(source, None, "a Parquet file", str(error)) from None
    columns = parquet.schema_arrow.names

    def rows() -> Iterator[tuple[str, dict]]:
        index = 0
        for batch in parquet.iter_batches(batch_size=10_000):
            for row in batch.to_pylist():
                index += 1
                yield f"row {index}", row

    return columns, rows()


def load_rows(columns: list[str], rows: Iterator[tuple[str, dict]], source: str, format_name: str,
              mapping: Mapping[str, str], default_article: str | None) -> Corpus:
    """Turn rows into comments (and the articles they name), reporting bad rows."""
    chosen = resolve_columns(columns, mapping, source)
    corpus = Corpus(source, format_name)
    fallback_article = default_article or Path(source).stem
    articles: dict[str, Article] = {}
    strip_t1 = None
    used = set(chosen.values())
    for location, row in rows:
        if "__error__" in row:
            corpus.report(location, "bad_record", f"expected {row['__error__']}", "skipped this row")
            continue
        text = _text(row.get(chosen["text"]))
        comment_id = _clean(row.get(chosen["comment_id"])) if "comment_id" in chosen else ""
        if not text and not comment_id:
            corpus.report(location, "bad_record", f"expected text in column {chosen['text']!r}",
                          "skipped this row")
            continue
        article_id = _clean(row.get(chosen["article_id"])) if "article_id" in chosen else ""
        article_id = article_id or fallback_article
        article = articles.get(article_id)
        if article is None:
            article = articles[article_id] = Article(
                ref=article_id, key=f"export:{article_id}", native_id=article_id, body="",
                source_file=source)
        for field, attribute in (("article_title", "title"), ("article_url", "url")):
            if field in chosen and getattr(article, attribute) is None:
                setattr(article, attribute, _clean(row.get(chosen[field])) or None)
        parent = _clean(row.get(chosen["parent_id"])) if "parent_id" in chosen else ""
        if strip_t1 is None and comment_id:
            strip_t1 = not comment_id.startswith("t1_")
        parent = _normalise_parent(parent, article_id, strip_t1)
        synthetic = not comment_id
        if synthetic:
            comment_id = synthesize_id("c", article_id, parent, text, location)
            if "comment_id" in chosen:
                corpus.report(location, "missing_id", f"no value in column {chosen['comment_id']!r}",
                              f"kept the comment under the id {comment_id!r}, made from its content", "info")
        try:
            posted_at = parse_time(row.get(chosen["posted_at"])) if "posted_at" in chosen else None
        except ValueError as error:
            corpus.report(location, "bad_time", f"expected a date or timestamp: {error}",
                          "kept the comment without a time")
            posted_at = None
        author = _clean(row.get(chosen["author"])) if "author" in chosen else ""
        corpus.comments.append(Comment(
            comment_id=comment_id, article_ref=article_id, parent_id=parent, text=text,
            author=author or None, posted_at=posted_at, source_file=source, position=location,
            extra={key: _jsonable(value) for key, value in row.items()
                   if key not in used and mapping.get(key) != "ignore"},
            synthetic_id=synthetic))
    corpus.articles = list(articles.values())
    return corpus


def _normalise_parent(parent: str, article_id: str, strip_t1: bool | None) -> str | None:
    if parent.lower() in _NO_PARENT or parent == article_id or parent.startswith("t3_"):
        return None
    if strip_t1 and parent.startswith("t1_"):
        return parent[3:]
    return parent


def _text(value: Any) -> str:
    """A text cell: None and NaN become ''."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _clean(value: Any) -> str:
    """An id or name cell: like _text, and integral numbers without '.0' (ids read as floats)."""
    if isinstance(value, float) and value == value and value.is_integer():
        return str(int(value))
    text = _text(value)
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
