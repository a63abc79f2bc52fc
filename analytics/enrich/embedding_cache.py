"""multilingual-e5-small embeddings cached on disk by text (the user cache's `embeddings/`): training
and evaluation embed the same public texts run after run (`train attacks`, `train stance`, `evaluate
attacks --mode accurate`, benchmarks/functional_dev_oof.py)."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from analytics.paths import user_cache_dir

CACHE_CHUNK = 2000


def cache_dir() -> Path:
    return user_cache_dir() / "embeddings"


def embed_cached(texts: Sequence[str]) -> np.ndarray:
    """multilingual-e5-small embeddings, cached on disk by text (training and evaluation rerun often)."""
    from analytics.enrich.embeddings import embed

    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha1(text.encode()).hexdigest() for text in texts]
    store = _load_cache(directory)
    missing = sorted({key: text for key, text in zip(keys, texts) if key not in store}.items())
    for first in range(0, len(missing), CACHE_CHUNK):  # saved chunk by chunk: an interrupted run keeps its work
        chunk = missing[first:first + CACHE_CHUNK]
        vectors = embed([text for _, text in chunk]).astype(np.float16)
        store.update({key: vector for (key, _), vector in zip(chunk, vectors)})
        np.savez(directory / "cache.partial.npz", keys=np.array(list(store)), vectors=np.array(list(store.values())))
        (directory / "cache.partial.npz").replace(directory / "cache.npz")
    return np.array([store[key] for key in keys], dtype=np.float32)


@cache
def _load_cache_file(path: Path, stamp: float) -> dict:
    with np.load(path) as data:
        return dict(zip(data["keys"].tolist(), data["vectors"]))


def _load_cache(directory: Path) -> dict:
    path = directory / "cache.npz"
    return dict(_load_cache_file(path, path.stat().st_mtime)) if path.exists() else {}
