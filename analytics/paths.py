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
