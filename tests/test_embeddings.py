"""The shared embedding memo: each distinct text is encoded once per process, rows come back in order."""
from __future__ import annotations

import numpy as np

from analytics.enrich import embeddings


def counting_encoder(encoded: list):
    """A stand-in for the engine: each text's row is its length, and `encoded` lists what it encoded."""
    def fake_encode(texts):
        encoded.extend(texts)
        return np.array([[float(len(text))] * embeddings.DIMENSIONS for text in texts], dtype=np.float32)
    return fake_encode


def test_each_distinct_text_is_encoded_once_and_rows_keep_their_order(monkeypatch):
    encoded = []
    monkeypatch.setattr(embeddings, "encode", counting_encoder(encoded))
    embeddings.forget()
    first = embeddings.embed(["un", "deux", "un"])
    second = embeddings.embed(["trois", "deux"])
    assert encoded == ["un", "deux", "trois"]
    assert first[:, 0].tolist() == [2.0, 4.0, 2.0] and second[:, 0].tolist() == [5.0, 4.0]
    assert embeddings.embed([]).shape == (0, embeddings.DIMENSIONS)
    embeddings.forget()


def test_the_memo_drops_its_oldest_half_when_full(monkeypatch):
    monkeypatch.setattr(embeddings, "encode", lambda texts: np.zeros((len(texts), embeddings.DIMENSIONS), np.float32))
    monkeypatch.setattr(embeddings, "MEMO", 4)
    embeddings.forget()
    embeddings.embed(["a", "b", "c", "d"])
    embeddings.embed(["e"])
    assert list(embeddings._memo) == ["c", "d", "e"]
    embeddings.forget()


def test_real_embeddings_match_the_engine_and_are_normalised():
    texts = ["Bojo est un porc.", "I love this article."]
    rows = embeddings.embed(texts)
    assert np.allclose(rows, embeddings.encode(texts), atol=1e-6)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3)
