"""Where Palabre's shipped files live: one place, so that moving a module never breaks a path."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPOSITORY_DIR = PACKAGE_DIR.parent
DATA_DIR = REPOSITORY_DIR / "data"
MODEL_DIR = PACKAGE_DIR / "models"
BENCHMARKS_DIR = REPOSITORY_DIR / "benchmarks"
APP_FILE = REPOSITORY_DIR / "app.py"
DEMO_ENV = "PALABRE_DEMO"  # 1: the dashboard ingests and analyses the bundled sample into an empty store
READ_ONLY_ENV = "PALABRE_READ_ONLY"  # 1: the dashboard APP_FILE starts only shows the store (serve --read-only)


def user_cache_dir() -> Path:
    """Palabre's per-user cache ($XDG_CACHE_HOME/palabre, else ~/.cache/palabre): files that only
    save time and are rebuilt when missing."""
    import os

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "palabre"


CACHE_COPIES_KEPT = 2  # per kind of cache file: two environments on one machine do not rewrite each other's


def prune_cache_copies(written: Path, pattern: str, keep: int = CACHE_COPIES_KEPT) -> None:
    """After a cache file keyed by a package's version or date is written, remove the oldest files of
    the same kind beyond `keep` (the copies of earlier installs: 68 MB each for py3langid's model)."""
    siblings = [path for path in written.parent.glob(pattern) if path != written]
    for stale in sorted(siblings, key=lambda path: path.stat().st_mtime, reverse=True)[keep - 1:]:
        stale.unlink(missing_ok=True)
