"""Tokens, lemmas, stop words and sentences, with offsets into the original text.

French, accurate mode: spaCy's fr_core_news_sm (tok2vec, morphologizer, senter, rule lemmatizer;
the parser and NER are left out: they are slow and sentences come from the senter). Fast mode and
English: spaCy's rule-based tokenizer and sentencizer with the lemma lookup tables of
spacy-lookups-data. No first-party English spaCy model exists on PyPI, and a lookup lemmatizer
is what such a model would fall back on for unknown words anyway.

Texts go to spaCy with curly apostrophes and typographic spaces made plain, character for
character (the small French model otherwise tags "qu’" as an entity), so offsets index the
original text the dashboard shows.

A text longer than CHUNK_CHARS (a whole book pasted as one comment) is cut at paragraph, else line,
else sentence, else word boundaries into pieces below it (`pieces`); each piece goes through spaCy
on its own (whose max_length would otherwise refuse it, and whose memory grows with the text) and
the pieces' sentences and tokens are joined with their offsets into the whole text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from analytics.errors import ModelError
from analytics.text.language import model_language
from analytics.text.normalize import typographic
from analytics.text.regex_cache import compiled_once

FRENCH_MODEL = "fr_core_news_sm"
CHUNK_CHARS = 100_000  # well below spaCy's max_length (1,000,000), and its memory per text stays small
# characters spaCy reads in one batch: its memory grows with them (the French model took 1.4 GB for
# four pieces of 100,000 read together), not with the count of texts
BATCH_CHARS = 100_000
# where a long text may be cut, best first: at a blank line, a line break, the space after a
# sentence's end, any space (the piece after begins with that space, as the sentence after it does
# when spaCy reads the whole text)
BOUNDARIES = (re.compile(r"\n[^\S\n]*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?…\"»”)\]])\s"),
              re.compile(r"\s"))


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
    with compiled_once():  # spaCy's French tokenizer compiles a pattern that takes ~2 s otherwise
        return _load_pipeline(lang, mode)


def _load_pipeline(lang: str, mode: str):
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
def lemma_table(lang: str) -> dict:
    """spacy-lookups-data's lemma table as a plain dict (word -> its lemmas), read straight from the
    package's JSON: spaCy's own Table hashes every key as it fills, 0.7 s for French against 0.25."""
    from spacy.util import load_language_data, registry

    try:
        return load_language_data(registry.lookups.get(lang)["lemma_lookup"])
    except (ValueError, KeyError, OSError):  # catalogue.RegistryError is a ValueError
        raise ModelError(f"expected the {lang} lemma table of spacy-lookups-data; it is not installed") from None


def _lookup(table, word: str) -> str:
    found = table.get(word, word)
    return (found[0] if found else word) if isinstance(found, list) else found


@cache
def _lemmas(lang: str):
    """A lower-cased word's lemma from the lookup table, remembered (words repeat)."""
    table = lemma_table(lang)

    @lru_cache(maxsize=200_000)
    def lemma_of(lower: str) -> str:
        return _lookup(table, lower)

    return lemma_of


def pieces(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the pieces a text goes to spaCy in: the whole text when it is at most limit
    (default CHUNK_CHARS) characters, else pieces of at most limit, each ending where the last
    boundary of the best kind (BOUNDARIES) in the second half of its window begins; with none
    there (a run of letters), at the limit."""
    limit = limit or CHUNK_CHARS
    spans, start = [], 0
    while len(text) - start > limit:
        window = text[start + limit // 2:start + limit]
        cut = start + limit
        for boundary in BOUNDARIES:
            starts = [found.start() for found in boundary.finditer(window)]
            if starts:
                cut = start + limit // 2 + starts[-1]
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def analyse(texts: Iterable[str], lang: str, mode: str = "accurate", batch_size: int = 256) -> Iterator[Analysed]:
    """Sentences and tokens of each text, in order, for one language (fr, en; other uses fr); a
    text longer than CHUNK_CHARS goes to spaCy in pieces, joined back with their offsets."""
    lang = model_language(lang)
    nlp = _pipeline(lang, mode)
    texts = list(texts)
    cuts = [pieces(text) for text in texts]
    docs = _docs(nlp, (typographic(text[start:end]) for text, spans in zip(texts, cuts) for start, end in spans),
                 batch_size)
    read = _DocReader(nlp.vocab.strings, _lemmas(lang), use_model_lemmas=lang == "fr" and mode == "accurate")
    for text, spans in zip(texts, cuts):
        analysed = Analysed([], [])
        for start, _ in spans:
            read(next(docs), text, start, analysed)
        yield analysed


def _docs(nlp, texts: Iterable[str], batch_size: int) -> Iterator:
    """nlp.pipe over texts, in order, in batches of at most batch_size texts and BATCH_CHARS
    characters (a piece of a long text goes alone)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or size + len(text) > BATCH_CHARS):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


class _DocReader:
    """Appends one spaCy doc's sentences and tokens, offset by where its piece starts in the text."""

    def __init__(self, strings, lemma_of, use_model_lemmas: bool) -> None:
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

        self.strings, self.lemma_of, self.use_model_lemmas = strings, lemma_of, use_model_lemmas
        self.columns = [IDX, LENGTH, IS_SPACE, LOWER, LEMMA, POS, IS_STOP, IS_ALPHA, SENT_START]

    def __call__(self, doc, original: str, offset: int, into: Analysed) -> None:
        strings, lemma_of, sentences, tokens = self.strings, self.lemma_of, into.sentences, into.tokens
        base = len(sentences)
        number, first, end = -1, 0, 0
        # one array per doc: reading spaCy's Token objects one attribute at a time costs more than the tokenizer
        for idx, length, space, lower, lemma, pos, stop, alpha, start in doc.to_array(self.columns).tolist():
            idx += offset
            if start == 1 or number < 0:
                if number >= 0:
                    sentences.append((first, end))
                number, first = number + 1, idx
            end = idx + length
            if space:
                continue
            lemma = strings[lemma].lower() if self.use_model_lemmas and lemma else lemma_of(strings[lower])
            tokens.append(Token(idx, original[idx:end], lemma, strings[pos] if pos else "", bool(stop),
                                bool(alpha), base + number))
        if number >= 0:
            sentences.append((first, end))


def split_sentences(texts: Sequence[str], langs: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Sentence offsets of each text by the rule-based sentencizer (fast; no model)."""
    spans: list[list[tuple[int, int]]] = [[] for _ in texts]
    for lang in {model_language(lang) for lang in langs}:
        cuts = [(i, start, end) for i, text_lang in enumerate(langs) if model_language(text_lang) == lang
                for start, end in pieces(texts[i])]
        docs = _docs(_pipeline(lang, "fast"), (typographic(texts[i][start:end]) for i, start, end in cuts), 1000)
        for (index, start, _), doc in zip(cuts, docs):
            spans[index] += [(start + sentence.start_char, start + sentence.end_char) for sentence in doc.sents]
    return spans
