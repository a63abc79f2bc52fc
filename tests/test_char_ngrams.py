"""Counting char_wb n-grams word by word gives scikit-learn's own matrix, entry for entry."""
from __future__ import annotations

import copy
import csv
import pickle

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from analytics import paths
from analytics.enrich import char_ngrams
from analytics.enrich.bundles import SUFFIX, read_bundle
from analytics.enrich.char_ngrams import WordwiseTfidf, char_wb_vectorizers, wordwise

EDGES = ["", "   ", "\t\n", "a", "É", "Ça VA ?", "l’Europe", "l'Europe «bof»", "ΟΔΟΣ ΑΣ", "x" * 300,
         "mot\tmot\nmot  mot", "b\u00a0c", "🙂🙂 ok", "Straße STRASSE", "İstanbul", "3urocr4tes d3 m3rd3"]


def _texts() -> list[str]:
    texts = []
    for name in ("reddit-trump.csv", "tiktok-trump.csv"):
        with open(paths.DATA_DIR / "demo" / name, encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle) if row.get("text")]
    sample = paths.DATA_DIR / "sample" / "poutine-trump-budapest.page.txt"
    return texts + sample.read_text(encoding="utf-8").splitlines() + EDGES


def _vectorizers():
    found = []
    for name in ("attacks-fast", "sentiment-fast-fr", "sentiment-fast-en"):
        bundle = read_bundle(paths.MODEL_DIR / f"{name}{SUFFIX}", name, "x")
        found += [(name, vectorizer) for vectorizer in char_wb_vectorizers(bundle)
                  if isinstance(vectorizer, WordwiseTfidf)]
    return found


def _plain(vectorizer: WordwiseTfidf) -> TfidfVectorizer:
    plain = copy.copy(vectorizer)
    plain.__class__ = TfidfVectorizer
    return plain


def test_every_shipped_char_ngram_vectorizer_counts_word_by_word():
    names = {name for name, _ in _vectorizers()}
    assert names == {"attacks-fast", "sentiment-fast-fr", "sentiment-fast-en"}


@pytest.mark.parametrize("index", range(4))
def test_the_matrix_is_scikit_learns_entry_for_entry(index):
    vectorizers = _vectorizers()
    if index >= len(vectorizers):
        pytest.skip("fewer char_wb vectorizers in the shipped bundles")
    name, vectorizer = vectorizers[index]
    texts = _texts()
    ours, theirs = vectorizer.transform(texts), _plain(vectorizer).transform(texts)
    assert ours.shape == theirs.shape == (len(texts), len(vectorizer.vocabulary_))
    assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices), name
    assert np.array_equal(ours.data, theirs.data), name
    again = vectorizer.transform(list(reversed(texts)))  # from the word memo this time
    assert (again[::-1] != theirs).nnz == 0


def test_the_memo_is_bounded_and_never_pickled(monkeypatch):
    _, vectorizer = _vectorizers()[0]
    monkeypatch.setattr(char_ngrams, "MEMO", 50)
    vectorizer.transform(_texts()[:200])
    assert 0 < len(vectorizer._word_features) <= 50
    restored = pickle.loads(pickle.dumps(vectorizer))
    assert "_word_features" not in vars(restored)
    assert (restored.transform(EDGES) != _plain(vectorizer).transform(EDGES)).nnz == 0


def test_other_vectorizers_are_left_as_they_are():
    words = TfidfVectorizer().fit(["un deux", "deux trois"])
    chars = TfidfVectorizer(analyzer="char").fit(["un deux", "deux trois"])
    bundle = {"model": [words, (chars,)]}
    wordwise(bundle)
    assert type(words) is TfidfVectorizer and type(chars) is TfidfVectorizer
    fitted_here = WordwiseTfidf(analyzer="char_wb", ngram_range=(2, 3)).fit(["un deux", "deux trois"])
    assert (fitted_here.transform(EDGES) != _plain(fitted_here).transform(EDGES)).nnz == 0
