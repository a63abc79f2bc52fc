"""Where the public datasets live: $PALABRE_SHARED_DATA, else ../shared/data beside the project."""
from __future__ import annotations

import os
from pathlib import Path

from analytics.paths import REPOSITORY_DIR

SHARED_DATA_ENV = "PALABRE_SHARED_DATA"


def default_data_dir() -> Path:
    """$PALABRE_SHARED_DATA, else ../shared/data beside the project."""
    return Path(os.environ.get(SHARED_DATA_ENV) or REPOSITORY_DIR.parent / "shared" / "data")
