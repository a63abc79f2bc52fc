"""Files written whole or not at all: `atomic_write` writes beside the target, flushes it to disk,
then renames it over the target in one step; on any failure the partial file is removed and the
old target is left as it was."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call write(partial) on a partial file beside `path`, then rename it to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        write(partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def atomic_text(path: str | Path, text: str) -> Path:
    """Write text (UTF-8) to `path` atomically."""
    return atomic_write(path, lambda partial: partial.write_text(text, encoding="utf-8"))
