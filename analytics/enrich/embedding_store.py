"""Embeddings kept beside the store, so that a rerun (`analyze --redo` after an alias table changed,
a new file among old ones) encodes only the texts it has never seen: encoding is most of the
accurate mode's time, and reading a stored vector costs microseconds.

The folder `embeddings/` beside `palabre.duckdb` holds shards: `NAME.keys.npy` (a 16-byte BLAKE2b
digest per text, as uint8 rows: numpy's bytes type would drop a digest's trailing zero bytes) and
`NAME.vectors.npy` (float32 rows, exactly what the engine gave: a rerun's results are the first
run's). Each process writes shards of its own (vectors first, keys last, each written atomically
by analytics.files), so worker processes never write the same file and a shard without its keys
is never read; `compact` merges them into one after a run. `model.json` names the engine: vectors
of another engine are never read (the folder is emptied when it changes). About 1.5 kB per
distinct text embedded (a sentence of an accurate-mode comment, a clause the attack scorer read).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from analytics.files import atomic_text, atomic_write

FOLDER = "embeddings"
FLUSH_AT = 4096  # vectors buffered before a shard is written (flush() writes the rest)


def key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class VectorStore:
    """The vectors stored in one folder, for one engine (`model`: what identifies it)."""

    def __init__(self, folder: Path, model: dict) -> None:
        self.folder, self.model = Path(folder), model
        self._index: dict[bytes, tuple[int, int]] | None = None
        self._shards: list[np.ndarray] = []
        self._pending: dict[bytes, np.ndarray] = {}

    def _load(self) -> dict[bytes, tuple[int, int]]:
        if self._index is None:
            self._index = {}
            if self._current():
                for keys_file in sorted(self.folder.glob("*.keys.npy")):
                    try:
                        keys = np.load(keys_file)
                        vectors = np.load(keys_file.with_name(keys_file.name.replace(".keys.", ".vectors.")),
                                          mmap_mode="r")
                    except (OSError, ValueError):  # a shard being replaced by compact: read without it
                        continue
                    shard = len(self._shards)
                    self._shards.append(vectors)
                    self._index.update((digest.tobytes(), (shard, row)) for row, digest in enumerate(keys))
        return self._index

    def _current(self) -> bool:
        """Whether the folder holds this engine's vectors (a folder of another engine is emptied)."""
        marker = self.folder / "model.json"
        try:
            if json.loads(marker.read_text(encoding="utf-8")) == self.model:
                return True
        except (OSError, ValueError):
            pass
        if self.folder.is_dir():
            for old in self.folder.glob("*.npy"):
                old.unlink(missing_ok=True)
            marker.unlink(missing_ok=True)  # flush writes this engine's
        return False

    def get(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vector of each of these texts that has one."""
        index, found = self._load(), {}
        for text in texts:
            digest = key(text)
            if digest in self._pending:
                found[text] = self._pending[digest]
            elif digest in index:
                shard, row = index[digest]
                found[text] = np.array(self._shards[shard][row], dtype=np.float32)
        return found

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep these vectors; written at FLUSH_AT pending, or by flush()."""
        index = self._load()
        for text, vector in zip(texts, vectors):
            digest = key(text)
            if digest not in index:
                self._pending[digest] = np.asarray(vector, dtype=np.float32)
        if len(self._pending) >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        """Write the pending vectors as a shard of this process."""
        if not self._pending:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        marker = self.folder / "model.json"
        if not marker.exists():
            atomic_text(marker, json.dumps(self.model))
        keys = _key_rows(self._pending)
        vectors = np.vstack(list(self._pending.values())).astype(np.float32)
        name = f"{os.getpid()}-{time.time_ns()}"
        _save(self.folder / f"{name}.vectors.npy", vectors)
        _save(self.folder / f"{name}.keys.npy", keys)  # last: a shard counts once its keys are there
        index, shard = self._load(), len(self._shards)
        self._shards.append(vectors)
        index.update((digest.tobytes(), (shard, row)) for row, digest in enumerate(keys))
        self._pending.clear()


def compact(folder: Path) -> int:
    """Merge the folder's shards into one (each text once); the number of vectors kept. Run by the
    process that wrote the store, once its workers are done."""
    folder = Path(folder)
    shards = sorted(folder.glob("*.keys.npy")) if folder.is_dir() else []
    if len(shards) <= 1:
        return sum(len(np.load(path)) for path in shards)
    keys, vectors = [], []
    for keys_file in shards:
        keys.append(np.load(keys_file))
        vectors.append(np.load(keys_file.with_name(keys_file.name.replace(".keys.", ".vectors."))))
    every_key, every_vector = np.vstack(keys), np.vstack(vectors)
    _, first = np.unique(every_key, axis=0, return_index=True)
    first.sort()
    name = f"{os.getpid()}-{time.time_ns()}-all"
    _save(folder / f"{name}.vectors.npy", every_vector[first])
    _save(folder / f"{name}.keys.npy", every_key[first])
    for keys_file in shards:
        keys_file.unlink(missing_ok=True)
        keys_file.with_name(keys_file.name.replace(".keys.", ".vectors.")).unlink(missing_ok=True)
    return len(first)


def _key_rows(digests: Iterable[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(-1, 16)


def _save(path: Path, array: np.ndarray) -> None:
    def write(partial: Path) -> None:
        with open(partial, "wb") as handle:  # a handle: np.save would add ".npy" to a path
            np.save(handle, array)
    atomic_write(path, write)
