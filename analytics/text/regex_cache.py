"""Compiled regular expressions kept between processes.

spaCy's French tokenizer compiles, when its language module is imported, one pattern of hyphenated
and elided words (`spacy.lang.fr.tokenizer_exceptions.TOKEN_MATCH`) whose case-insensitive letter
classes take Python's `re` about two seconds to compile: most of a fresh process's start-up. Within
`compiled_once()`, a long pattern compiled by `re` is looked up in a per-user cache of `re`'s own
compiled code (JSON: no pickle), keyed by the pattern, its flags and this Python's regex engine;
a miss is compiled as usual and added to the cache on leaving. The result is the Pattern that
`re.compile` would return (the regex engine validates the code it is given); any mismatch or
unreadable cache falls back to plain compiling.
"""
from __future__ import annotations

import hashlib
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analytics.files import atomic_text
from analytics.paths import user_cache_dir

MIN_LENGTH = 500  # shorter patterns compile in well under a millisecond: not worth a cache entry
_lock = threading.Lock()


def _engine() -> str:
    import _sre
    from re import _constants

    return f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_constants.MAGIC}"


def cache_file() -> Path:
    return user_cache_dir() / f"regex-{_engine()}.json"


def _key(pattern: str, flags: int) -> str:
    return hashlib.sha256(f"{int(flags)}\0{pattern}".encode()).hexdigest()


def _compiled_code(pattern: str, flags: int) -> dict:
    """What re._compiler.compile computes before handing it to the engine, as plain JSON values."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return {"code": [int(op) for op in code], "flags": int(flags | parsed.state.flags),
            "groups": parsed.state.groups - 1, "groupindex": groupindex, "indexgroup": indexgroup}


def _pattern(pattern: str, entry: dict):
    import _sre

    return _sre.compile(pattern, entry["flags"], entry["code"], entry["groups"], entry["groupindex"],
                        tuple(entry["indexgroup"]))


def _read(path: Path) -> dict:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return entries if isinstance(entries, dict) else {}
    except (OSError, ValueError):
        return {}


@contextmanager
def compiled_once(path: Path | None = None) -> Iterator[None]:
    """While inside, long patterns compiled by `re` come from (and go to) the cache at path."""
    from re import _compiler

    with _lock:  # one process-wide patch at a time: re._compiler.compile is shared by every thread
        path = path or cache_file()
        entries, added = _read(path), {}
        plain = _compiler.compile

        def compile(pattern, flags=0):
            if not isinstance(pattern, str) or len(pattern) < MIN_LENGTH or flags & 128:  # 128: re.DEBUG
                return plain(pattern, flags)
            key = _key(pattern, flags)
            entry = entries.get(key)
            if entry is not None:
                try:
                    return _pattern(pattern, entry)
                except (RuntimeError, TypeError, KeyError, ValueError):  # another engine's code
                    pass
            try:
                entry = _compiled_code(pattern, flags)
                compiled = _pattern(pattern, entry)
            except Exception:  # re's internals differ: compile as usual, cache nothing
                return plain(pattern, flags)
            added[key] = entry
            return compiled

        _compiler.compile = compile
        try:
            yield
        finally:
            _compiler.compile = plain
            if added:
                try:
                    atomic_text(path, json.dumps({**_read(path), **added}))
                except OSError:  # a read-only home: compile again next time
                    pass
