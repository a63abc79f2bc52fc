"""The built lexicons kept between processes (JSON in the per-user cache).

Building the French and English lexicons (lexicon.py) reads VADER's files, Palabre's additions and
spacy-lookups-data's lemma tables to conjugate the threat verbs: about 0.8 s of every `analyze`
start. The result is written once to `$XDG_CACHE_HOME/palabre/lexicons-<key>.json`, where the key
is a hash of everything the build reads: the additions file's bytes, the VADER files' sizes and
times, spacy-lookups-data's version and the source of the modules that build. Editing the additions
CSV (or upgrading a package, or changing the code) therefore gives a new key and a new build; an
unreadable or mismatched cache file is rebuilt. JSON, not pickle: the cache never runs code.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

FORMAT = 1
FIELDS = ("valence", "kind", "conjugated")


def cache_key(additions: Path, package_files: list[Path]) -> str:
    """A hash of every input of the build (see the module's docstring)."""
    from analytics.text import lexicon, tokens, words

    digest = hashlib.sha256(f"{FORMAT}\0".encode())
    for module in (lexicon, tokens, words):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(additions).read_bytes())
    for path in package_files:
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    try:
        digest.update(metadata.version("spacy-lookups-data").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no lookups")
    return digest.hexdigest()[:24]


def cached_lexicons(key: str, build: Callable[[], dict], make: Callable[[str], object]) -> dict:
    """The lexicons stored under key, else built (and stored for the next process). `make(lang)`
    returns an empty Lexicon."""
    from analytics.paths import user_cache_dir

    path = user_cache_dir() / f"lexicons-{key}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {lang: _restored(make(lang), fields) for lang, fields in stored.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    lexicons = build()
    _store(path, lexicons)
    return lexicons


def _restored(lexicon, fields: dict):
    for name in FIELDS:
        value = fields[name]
        if not isinstance(value, dict):
            raise ValueError(f"{name}: expected an object")
        setattr(lexicon, name, value)
    lexicon.max_phrase = int(fields["max_phrase"])
    lexicon.phrase_starts = set(fields["phrase_starts"])
    return lexicon


def _store(path: Path, lexicons: dict) -> None:
    from analytics.files import atomic_text
    from analytics.paths import prune_cache_copies

    stored = {lang: {**{name: getattr(lexicon, name) for name in FIELDS}, "max_phrase": lexicon.max_phrase,
                     "phrase_starts": sorted(lexicon.phrase_starts)} for lang, lexicon in lexicons.items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_text(path, json.dumps(stored, ensure_ascii=False))
        prune_cache_copies(path, "lexicons-*.json")
    except OSError:
        pass  # a read-only home: build every time
