"""Character n-grams within words (scikit-learn's `analyzer="char_wb"`), counted word by word.

scikit-learn's vectorizer cuts every text into n-grams in Python, n-gram by n-gram: for the fast
attack scorer and sentiment model (2- to 5-grams) that was a quarter of a fast-mode batch. A
char_wb n-gram never spans two words, so a text's n-grams are its words' n-grams one after the
other: WordwiseTfidf looks up each distinct word's n-grams in the vocabulary once, keeps the
feature indices (up to MEMO words per vectorizer), and builds the count matrix from them with
numpy. The matrix is the one scikit-learn builds, entry for entry (tests/test_char_ngrams.py
checks it on real comments); the TF-IDF weighting is scikit-learn's own.

read_bundle (bundles.py) gives every fitted char_wb TfidfVectorizer of a shipped bundle this
class on loading (`wordwise`), so models trained before it need no retraining.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

MEMO = 100_000  # distinct words whose feature indices a vectorizer keeps; cleared when full
_NO_FEATURES = np.zeros(0, dtype=np.int32)
LEAVES = frozenset({"vocabulary_", "stop_words_", "classes_", "feature_names_in_"})  # never hold a vectorizer


class WordwiseTfidf(TfidfVectorizer):
    """A TfidfVectorizer whose char_wb counts are built from each distinct word's n-grams, once."""

    def _count_vocab(self, raw_documents, fixed_vocab):
        if not fixed_vocab or self.analyzer != "char_wb" or self.input != "content":
            return super()._count_vocab(raw_documents, fixed_vocab)
        features = self.__dict__.setdefault("_word_features", {})
        preprocess, vocabulary = self.build_preprocessor(), self.vocabulary_
        parts, ends, total = [], [0], 0
        for document in raw_documents:
            for word in preprocess(self.decode(document)).split():
                indices = features.get(word)
                if indices is None:
                    if len(features) >= MEMO:
                        features.clear()
                    found = [vocabulary[gram] for gram in self._char_wb_ngrams(word) if gram in vocabulary]
                    indices = features[word] = np.array(found, dtype=np.int32) if found else _NO_FEATURES
                parts.append(indices)
                total += len(indices)
            ends.append(total)
        columns = np.concatenate(parts) if parts else _NO_FEATURES
        counts = sparse.csr_array((np.ones(len(columns), dtype=self.dtype), columns, np.array(ends, dtype=np.int64)),
                                  shape=(len(ends) - 1, len(vocabulary)))
        counts.sum_duplicates()  # one entry per feature, columns sorted: scikit-learn's layout
        return vocabulary, counts

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_word_features", None)  # a cache, not part of the model
        return state


def char_wb_vectorizers(obj, seen: set[int] | None = None) -> Iterator[TfidfVectorizer]:
    """Every fitted char_wb TfidfVectorizer found in obj (a bundle: dicts, lists, fitted scikit-learn
    objects holding others)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, TfidfVectorizer) and obj.analyzer == "char_wb":
        yield obj
        return
    if isinstance(obj, dict):
        children = obj.values()
    elif isinstance(obj, list | tuple):
        children = obj
    elif type(obj).__module__.startswith(("sklearn.", "analytics.")) and hasattr(obj, "__dict__"):
        children = (value for name, value in vars(obj).items() if name not in LEAVES)
    else:
        return
    for child in children:
        if isinstance(child, dict | list | tuple) or hasattr(child, "__dict__"):
            yield from char_wb_vectorizers(child, seen)


def wordwise(bundle) -> None:
    """Give every fitted char_wb TfidfVectorizer of a bundle the WordwiseTfidf class, in place."""
    for vectorizer in char_wb_vectorizers(bundle):
        if type(vectorizer) is TfidfVectorizer:
            vectorizer.__class__ = WordwiseTfidf
