"""One reader per source format; format sniffing and decoding happen here, in one place."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from analytics.corpus.model import Corpus, drop_duplicate_comments
from analytics.errors import InputError, UsageError
from analytics.load import pasted, reddit, tabular, wordpress
from analytics.load.decode import decode_bytes
from analytics.load.nesting import MAX_JSON_DEPTH, json_too_deep

FORMATS = ("pasted-text", "dated-text", "csv", "tsv", "jsonl", "json-records", "parquet",
           "wordpress-rest", "wordpress-wxr", "wordpress-html", "reddit")
"""Every value --format accepts."""

_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".parquet": "parquet", ".pq": "parquet", ".xml": "wordpress-wxr", ".wxr": "wordpress-wxr",
               ".html": "wordpress-html", ".htm": "wordpress-html"}
_IGNORED_NAMES = {".ds_store", "thumbs.db", "readme.md", "license", "license.txt", "source.txt"}


def iter_source_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path named, and every file under each folder named (sorted, hidden files skipped).

    A named path that is not a folder is yielded as it is, even when nothing is there: reading it
    reports the problem for that path alone, and the other paths are still read.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative) \
                        and child.name.lower() not in _IGNORED_NAMES:
                    yield child
        else:
            yield path


def load_file(path: str | Path, format_name: str | None = None, mapping: Mapping[str, str] | None = None,
              default_article: str | None = None, data: bytes | None = None) -> Corpus:
    """Read one file (or its bytes, already read) into a Corpus, duplicates dropped and reported."""
    path = Path(path)
    source = str(path)
    if format_name is not None and format_name not in FORMATS:
        raise UsageError(f"--format {format_name}: expected one of {', '.join(FORMATS)}")
    if data is None:
        data = path.read_bytes()
    corpus = _read(path, data, source, format_name, mapping or {}, default_article)
    _require_records(corpus)
    drop_duplicate_comments(corpus)
    return corpus


def _require_records(corpus: Corpus) -> None:
    """A file that yields neither an article nor a comment is refused, saying why."""
    if corpus.articles or corpus.comments:
        return
    problems = [issue for issue in corpus.issues if issue.severity != "info"]
    if problems:
        first = problems[0]
        raise InputError(corpus.source_file, None, f"at least one readable record ({corpus.format})",
                         f"{len(problems)} record(s), every one bad; the first, at {first.location}: "
                         f"{first.message}")
    raise InputError(corpus.source_file, None, f"at least one record ({corpus.format})", "none")


def _read(path: Path, data: bytes, source: str, format_name: str | None, mapping: Mapping[str, str],
          default_article: str | None) -> Corpus:
    if (format_name or _guess_from_bytes(path, data)) == "parquet":
        columns, rows = tabular.iter_parquet(path, source)
        return tabular.load_rows(columns, rows, source, "parquet", mapping, default_article)
    text, _encoding = decode_bytes(data, source)
    if not text.strip():
        raise InputError(source, None, "a non-empty file", "an empty file")
    format_name = format_name or _guess_from_text(path, text)
    if format_name in ("csv", "tsv"):
        delimiter = "\t" if format_name == "tsv" else ","
        columns, rows = tabular.iter_delimited(text, source, delimiter)
        return tabular.load_rows(columns, rows, source, format_name, mapping, default_article)
    if format_name == "jsonl":
        columns, rows = tabular.iter_jsonl(text, source)
        return tabular.load_rows(columns, rows, source, "jsonl", mapping, default_article)
    if format_name == "wordpress-wxr":
        return wordpress.load_wxr(text, source)
    if format_name == "wordpress-html":
        return wordpress.load_wordpress_page(text, source)
    if format_name == "dated-text":
        return pasted.load_dated_article(text, source)
    if format_name == "pasted-text":
        return pasted.load_pasted_page(text, source)
    payload = _parse_json(text, source)
    if format_name == "reddit" or (format_name is None and reddit.is_reddit_thread(payload)):
        if not reddit.is_reddit_thread(payload):
            raise InputError(source, None, "Reddit's [post listing, comment listing]", _shape(payload))
        return reddit.load_reddit_thread(payload, source)
    if format_name == "wordpress-rest" or (format_name is None and wordpress.is_wordpress_rest(payload)):
        return wordpress.load_wordpress_rest(payload, source)
    if isinstance(payload, list) and payload and all(isinstance(item, dict) for item in payload):
        columns = list(dict.fromkeys(key for item in payload[:1000] for key in item))
        rows = ((f"record {index}", item) for index, item in enumerate(payload, start=1))
        return tabular.load_rows(columns, rows, source, "json-records", mapping, default_article)
    raise InputError(source, None, "a Reddit thread, WordPress REST posts/comments, or a list of "
                     "comment records", _shape(payload))


def _guess_from_bytes(path: Path, data: bytes) -> str | None:
    if data[:4] == b"PAR1" or path.suffix.lower() in (".parquet", ".pq"):
        return "parquet"
    return None


def _guess_from_text(path: Path, text: str) -> str | None:
    """The format from the extension, then from the content; None means JSON of some kind."""
    suffix = path.suffix.lower()
    head = text.lstrip("\ufeff \n\t")[:2000]
    if suffix == ".csv":
        first_line = head.split("\n", 1)[0]
        return "tsv" if first_line.count("\t") > first_line.count(",") else "csv"
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    lowered = head.lower()
    if lowered.startswith(("<?xml", "<rss")):
        return "wordpress-wxr"
    if lowered.startswith(("<!doctype html", "<html")):
        return "wordpress-html"
    if head.startswith(("{", "[")):
        first_line = head.split("\n", 1)[0].strip()
        if head.startswith("{") and first_line.endswith("}") and "\n{" in text[:100_000]:
            return "jsonl"
        return None
    if pasted.looks_like_dated_article(head):
        return "dated-text"
    return "pasted-text"


def _parse_json(text: str, source: str) -> object:
    too_deep = InputError(source, None, f"JSON nested at most {MAX_JSON_DEPTH} levels deep", "deeper nesting")
    if json_too_deep(text):
        raise too_deep
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(source, f"line {error.lineno}, column {error.colno}", "valid JSON",
                         error.msg) from None
    except RecursionError:  # within the limit, but called from a deep stack
        raise too_deep from None


def _shape(payload: object) -> str:
    if isinstance(payload, dict):
        return f"an object with keys {sorted(payload)[:8]}"
    if isinstance(payload, list):
        return f"a list of {len(payload)} items"
    return type(payload).__name__
