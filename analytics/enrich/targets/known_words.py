"""The words the speller (spelling.py) knows and watches: the ordinary words of French and English
from spacy-lookups-data's lemma tables (cached per user), and the hostile words of the lexicons and
the alias table's one-word names, which are worth recovering from a misspelling."""
from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from importlib.resources import files

from analytics.enrich.targets.aliases import AliasIndex, read_aliases
from analytics.errors import ModelError
from analytics.paths import prune_cache_copies, user_cache_dir
from analytics.text.lexicon import FEMININE, INFLECTIONS, LANGUAGES, load_lexicons
from analytics.text.normalize import APOSTROPHES
from analytics.text.spelling import Speller


def _folded_words(words: Iterable[str]) -> set[str]:
    """Single words, folded as fold_text folds them, in one pass over all of them (half a million
    words one call at a time take seconds)."""
    words = [word for word in words if word.isalpha()]
    decomposed = unicodedata.normalize("NFKD", "\n".join(words).lower().translate(APOSTROPHES))
    marks = "".join(char for char in set(decomposed) if unicodedata.combining(char))
    return set((re.sub(f"[{marks}]", "", decomposed) if marks else decomposed).split("\n"))


def _table_words(table: dict) -> set[str]:
    """Every word of a lemma table: a lookup's forms and lemmas, an index's lists by part of speech,
    an exception table's forms and lemmas by part of speech."""
    words: set[str] = set()
    for key, value in table.items():
        words.add(key)
        if isinstance(value, str):
            words.add(value)
        elif isinstance(value, list):
            words.update(value)
        else:
            for form, lemmas in value.items():
                words.add(form)
                words.update(lemmas)
    return words


def _lookup_words() -> set[str]:
    """The folded words of spacy-lookups-data's lemma tables, read from a per-user cache written the
    first time (reading the tables takes seconds; the cache a few hundred milliseconds)."""
    try:
        version = metadata.version("spacy-lookups-data")
    except metadata.PackageNotFoundError:
        version = "missing"
    root = user_cache_dir()
    cached = root / f"lookup-words-{version}-{'-'.join(LANGUAGES)}.txt"
    try:
        return set(cached.read_text(encoding="utf-8").split("\n"))
    except OSError:
        pass
    table_words: set[str] = set()
    for lang in LANGUAGES:
        for table in ("lemma_lookup", "lemma_index", "lemma_exc"):
            try:
                data = json.loads(gzip.decompress((files("spacy_lookups_data") / "data" / f"{lang}_{table}.json.gz")
                                                  .read_bytes()))
            except (ModuleNotFoundError, FileNotFoundError):
                raise ModelError(f"expected the {lang} {table} table of spacy-lookups-data (see requirements.txt); "
                                 "it is not installed") from None
            table_words |= _table_words(data)
    words = _folded_words(table_words)
    try:  # written whole then renamed: a reader never sees half a file
        root.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.partial")
        partial.write_text("\n".join(sorted(words)), encoding="utf-8")
        partial.replace(cached)
        prune_cache_copies(cached, "lookup-words-*.txt")
    except OSError:
        pass  # a read-only home: read the tables every time
    return words


def known_words() -> set[str]:
    """The ordinary words of French and English, folded: spacy-lookups-data's lemma tables (inflected
    forms, lemmas, the lemma index's adverbs and invariable words) and every single word of the
    sentiment lexicons. Function words are added by the Speller itself."""
    words = _lookup_words()
    for lexicon in load_lexicons().values():
        words |= {key for key in lexicon.valence if key.isalpha()}
    return words


def watched_words() -> set[str]:
    """The words worth recovering, folded: every single word of negative valence in the lexicons,
    in the forms the lexicon matches ("rats", "connarde"), and the one-word aliases of the alias table
    with their singular and feminine forms ("arabe", "juive")."""
    words: set[str] = set()
    for lexicon in load_lexicons().values():
        for key, valence in lexicon.valence.items():
            if valence < 0 and key.isalpha():
                words.add(key)
                forms = [key + ending for ending in INFLECTIONS]
                forms += [key[:-len(masculine)] + ending for ending, masculine in FEMININE if key.endswith(masculine)]
                words.update(form for form in forms if lexicon.lookup(form) == key)
    aliases = AliasIndex(read_aliases())
    words.update(key[0] for key in aliases.by_key if len(key) == 1 and key[0].isalpha())
    return words


@cache
def default_speller() -> Speller:
    """The Speller of Palabre's languages and lexicons (built once, in a few seconds)."""
    return Speller(known=known_words(), watched=watched_words())
