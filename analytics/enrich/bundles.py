"""Shipped model bundles: a dict holding fitted scikit-learn objects and what they were trained on,
saved as a gzip-compressed pickle (`.pkl.gz`), checked against the installed scikit-learn on
loading. Plain pickle, not joblib: joblib's loader unpickles in pure Python, which took a second
for the fast attack scorer's vocabulary in every fresh process, against 0.05 s here. Like any
pickle, a bundle runs code when loaded: load only the shipped files and those `train` writes."""
from __future__ import annotations

import gzip
import pickle
from pathlib import Path

from analytics.errors import ModelError
from analytics.files import atomic_write

SUFFIX = ".pkl.gz"


def write_bundle(path: Path, bundle: dict) -> Path:
    """Save a bundle whole or not at all (files.atomic_write)."""

    def write(partial: Path) -> None:
        with gzip.open(partial, "wb", compresslevel=6) as handle:
            pickle.dump(bundle, handle, protocol=5)

    return atomic_write(path, write)


def read_bundle(path: Path, what: str, task: str) -> dict:
    """The bundle at path; a missing file or another scikit-learn version is a clear error that
    says how to retrain (`python -m analytics train TASK`)."""
    import sklearn

    from analytics.enrich.char_ngrams import wordwise

    if not path.exists():
        raise ModelError(f"{path}: expected {what}; found none (run `python -m analytics train {task}`)")
    try:
        with gzip.open(path, "rb") as handle:
            bundle = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError) as error:
        raise ModelError(f"{path}: expected {what} (a gzip-compressed pickle); could not read it ({error}); "
                         f"run `python -m analytics train {task}`") from None
    if not isinstance(bundle, dict) or bundle.get("sklearn_version") != sklearn.__version__:
        found = bundle.get("sklearn_version") if isinstance(bundle, dict) else None
        raise ModelError(f"{path}: trained with scikit-learn {found}; "
                         f"installed {sklearn.__version__} (install requirements.txt or retrain)")
    wordwise(bundle)  # char_wb n-grams counted word by word: the same features, faster
    return bundle
