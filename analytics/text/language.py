"""Language of each text: French, English or other, falling back on context for short texts.

py3langid is restricted to French, English and the languages most often mixed into European
comment sections, so a German or Spanish comment comes out "other" rather than a forced guess.
A text of fewer than MIN_WORDS words, or identified with probability below MIN_CONFIDENCE, takes
the language of its parent comment, else of its article, else the corpus's most common one:
"Nul." or "Bravo" say nothing reliable about their language on their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SUPPORTED = ("fr", "en")
CANDIDATES = ["fr", "en", "de", "es", "it", "pt", "nl"]
MIN_WORDS = 4
MIN_CONFIDENCE = 0.9
WORDS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class Language:
    """A text's language, the identifier's probability and where the answer came from."""

    lang: str          # fr, en or other
    confidence: float  # py3langid's normalised probability for the text itself
    source: str        # text, parent, article or corpus


def model_language(lang: str) -> str:
    """The language whose models and lexicons read a text: English for English, French for any other."""
    return "en" if lang == "en" else "fr"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import LanguageIdentifier

    try:
        ptc, pc, classes, nextmove, row, output = _model_arrays()
        identifier = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    except (OSError, ValueError, KeyError):  # an unreadable cache: py3langid's own loading
        from py3langid.langid import MODEL_FILE

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(CANDIDATES)
    return identifier


def _model_arrays() -> tuple:
    """py3langid's model as its own loader returns it, read from an uncompressed copy in the per-user
    cache: the shipped file is LZMA-compressed, and decompressing it took 0.4 s in every process
    (0.05 s from the copy). The copy is keyed by the shipped file's size and date, made on first use;
    making it removes all but the newest earlier copy (one a day piled up on a machine whose package
    was reinstalled daily; one is kept for a second environment on the same machine)."""
    import numpy as np
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from analytics.files import atomic_write
    from analytics.paths import prune_cache_copies, user_cache_dir

    shipped = MODEL_DIR / MODEL_FILE
    stat = shipped.stat()
    copy = user_cache_dir() / f"langid-{stat.st_size}-{int(stat.st_mtime)}.npz"
    if not copy.exists():
        import lzma
        import shutil

        def write(partial) -> None:
            with lzma.open(shipped) as source, open(partial, "wb") as target:
                shutil.copyfileobj(source, target, length=1 << 20)

        atomic_write(copy, write)
        prune_cache_copies(copy, "langid-*.npz")
    try:
        with np.load(copy, allow_pickle=False) as data:
            return (data["ptc"], data["pc"], data["classes"].tolist(), modelio._to_array(data["nextmove"]),
                    modelio._to_array(data["nextmove_row"]), data["out_feat"].tolist())
    except (OSError, ValueError, KeyError):
        copy.unlink(missing_ok=True)  # unreadable: the next process writes it again
        raise


def identify(text: str) -> tuple[str, float, int]:
    """(fr|en|other, probability, word count) from the text alone."""
    words = len(WORDS.findall(text))
    if words == 0:
        return "other", 0.0, 0
    code, probability = _identifier().classify(text)
    return (code if code in SUPPORTED else "other"), float(probability), words


def resolve(text: str, *fallbacks: str | None, corpus_lang: str = "fr") -> Language:
    """The text's language, or the first known fallback (parent, article) when the text is too short."""
    return decide(identify(text), *fallbacks, corpus_lang=corpus_lang)


def decide(identified: tuple[str, float, int], *fallbacks: str | None, corpus_lang: str = "fr") -> Language:
    """resolve, from identify's (lang, probability, word count) of the text."""
    lang, confidence, words = identified
    if words >= MIN_WORDS and confidence >= MIN_CONFIDENCE:
        return Language(lang, confidence, "text")
    for source, fallback in zip(("parent", "article"), fallbacks):
        if fallback:
            return Language(fallback, confidence, source)
    if words >= 2 and confidence >= MIN_CONFIDENCE:
        return Language(lang, confidence, "text")
    return Language(corpus_lang, confidence, "corpus")
