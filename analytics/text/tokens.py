"""Tokens, lemmas, stop words and sentences, with offsets into the original text.

French, accurate mode: spaCy's fr_core_news_sm (tok2vec, morphologizer, senter, rule lemmatizer;
the parser and NER are left out: they are slow and sentences come from the senter). Fast mode and
English: spaCy's rule-based tokenizer and sentencizer with the lemma lookup tables of
spacy-lookups-data. No first-party English spaCy model exists on PyPI, and a lookup lemmatizer
is what such a model would fall back on for unknown words anyway.

Texts go to spaCy with curly apostrophes and typographic spaces made plain, character for
character (the small French model otherwise tags "qu’" as an entity), so offsets index the
original text the dashboard shows.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from analytics.errors import ModelError
from analytics.text.language import model_language
from analytics.text.normalize import typographic

FRENCH_MODEL = "fr_core_news_sm"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its offset in the original text, surface, lower-cased lemma, POS, stop word."""

    start: int
    text: str
    lemma: str
    pos: str
    is_stop: bool
    is_alpha: bool
    sentence: int


@dataclass(frozen=True, slots=True)
class Analysed:
    """A text's sentences (start, end offsets) and tokens."""

    sentences: list[tuple[int, int]]
    tokens: list[Token]


@cache
def _pipeline(lang: str, mode: str):
    import spacy

    if lang == "fr" and mode == "accurate":
        try:
            nlp = spacy.load(FRENCH_MODEL, exclude=["ner", "parser"])
        except OSError:
            raise ModelError(f"expected the spaCy model {FRENCH_MODEL} (pip install -r requirements.txt); "
                             "it is not installed") from None
        nlp.enable_pipe("senter")
        return nlp
    nlp = spacy.blank(model_language(lang))
    nlp.add_pipe("sentencizer")
    return nlp


@cache
def _lemma_table(lang: str):
    """spacy-lookups-data's lemma table (a spaCy Table: keys are hashed, so look up with .get)."""
    from spacy.lookups import load_lookups

    try:
        return load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
    except (ValueError, KeyError):
        raise ModelError(f"expected the {lang} lemma table of spacy-lookups-data; it is not installed") from None


def _lookup(table, word: str) -> str:
    found = table.get(word, word)
    return (found[0] if found else word) if isinstance(found, list) else found


@cache
def _lemmas(lang: str):
    """A lower-cased word's lemma from the lookup table, remembered (words repeat)."""
    table = _lemma_table(lang)

    @lru_cache(maxsize=200_000)
    def lemma_of(lower: str) -> str:
        return _lookup(table, lower)

    return lemma_of


def analyse(texts: Iterable[str], lang: str, mode: str = "accurate", batch_size: int = 256) -> Iterator[Analysed]:
    """Sentences and tokens of each text, in order, for one language (fr, en; other uses fr)."""
    from spacy.attrs import (
        IDX,
        IS_ALPHA,
        IS_SPACE,
        IS_STOP,
        LEMMA,
        LENGTH,
        LOWER,
        POS,
        SENT_START,
    )

    lang = model_language(lang)
    nlp = _pipeline(lang, mode)
    strings = nlp.vocab.strings
    lemma_of = _lemmas(lang)
    use_model_lemmas = lang == "fr" and mode == "accurate"
    columns = [IDX, LENGTH, IS_SPACE, LOWER, LEMMA, POS, IS_STOP, IS_ALPHA, SENT_START]
    texts = list(texts)
    for original, doc in zip(texts, nlp.pipe((typographic(text) for text in texts), batch_size=batch_size)):
        sentences: list[tuple[int, int]] = []
        tokens: list[Token] = []
        number, first, end = -1, 0, 0
        # one array per doc: reading spaCy's Token objects one attribute at a time costs more than the tokenizer
        for idx, length, space, lower, lemma, pos, stop, alpha, start in doc.to_array(columns).tolist():
            if start == 1 or number < 0:
                if number >= 0:
                    sentences.append((first, end))
                number, first = number + 1, idx
            end = idx + length
            if space:
                continue
            lemma = strings[lemma].lower() if use_model_lemmas and lemma else lemma_of(strings[lower])
            tokens.append(Token(idx, original[idx:end], lemma, strings[pos] if pos else "", bool(stop),
                                bool(alpha), number))
        if number >= 0:
            sentences.append((first, end))
        yield Analysed(sentences, tokens)


def split_sentences(texts: Sequence[str], langs: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Sentence offsets of each text by the rule-based sentencizer (fast; no model)."""
    spans: list[list[tuple[int, int]] | None] = [None] * len(texts)
    for lang in {model_language(lang) for lang in langs}:
        indices = [i for i, text_lang in enumerate(langs) if model_language(text_lang) == lang]
        for index, doc in zip(indices, _pipeline(lang, "fast").pipe(typographic(texts[i]) for i in indices)):
            spans[index] = [(sentence.start_char, sentence.end_char) for sentence in doc.sents]
    return spans  # type: ignore[return-value]
