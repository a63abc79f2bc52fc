"""The alias tables a store keeps beside its database: the researcher's edited copy and, for undo,
the one it replaced. Every write is atomic and checked (a table that no longer reads is never saved)."""
from __future__ import annotations

import os
from pathlib import Path

from analytics.enrich.targets.aliases import (
    DEFAULT_ALIASES,
    FIELDS,
    Alias,
    alias_row,
    format_table,
    read_aliases,
)
from analytics.files import atomic_text

STORE_TABLE = "aliases.csv"
PREVIOUS_TABLE = "aliases.previous.csv"


def store_table(store_dir: str | Path) -> Path:
    """The alias table analyses of a store use: the store's own edited copy (written by the
    dashboard) when there is one, else the shipped default."""
    own = Path(store_dir) / STORE_TABLE
    return own if own.exists() else DEFAULT_ALIASES


def _checked_partial(target: Path, text: str) -> Path:
    """text written beside target as a partial file, once it reads as an alias table."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    try:
        read_aliases(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def append_alias(path: Path, canonical: str, kind_type: str, alias: str, kind: str) -> None:
    """Add one row to an alias table, atomically (the old file stays whole if writing fails)."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ",".join(FIELDS) + "\n"
    separator = "" if existing.endswith("\n") else "\n"
    _checked_partial(path, existing + separator + alias_row(canonical, kind_type, alias, kind)).replace(path)


def write_table(store_dir: str | Path, aliases: list[Alias]) -> Path:
    """Save an edited table as the store's own, atomically, keeping the one it replaces as
    aliases.previous.csv (undo). The table is checked before anything is replaced."""
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    target = store_dir / STORE_TABLE
    partial = _checked_partial(target, format_table(aliases))
    previous = store_dir / PREVIOUS_TABLE
    try:
        atomic_text(previous, store_table(store_dir).read_text(encoding="utf-8"))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def undo_table(store_dir: str | Path) -> bool:
    """Put back the table the last save replaced; False when there is nothing to undo."""
    previous = Path(store_dir) / PREVIOUS_TABLE
    if not previous.exists():
        return False
    previous.replace(Path(store_dir) / STORE_TABLE)
    return True
