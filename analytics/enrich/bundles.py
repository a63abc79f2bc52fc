"""Loading a shipped model bundle (joblib), checked against the installed scikit-learn."""
from __future__ import annotations

from pathlib import Path

from analytics.errors import ModelError


def read_bundle(path: Path, what: str, task: str) -> dict:
    """The bundle at path; a missing file or another scikit-learn version is a clear error that
    says how to retrain (`python -m analytics train TASK`)."""
    import joblib
    import sklearn

    if not path.exists():
        raise ModelError(f"{path}: expected {what}; found none (run `python -m analytics train {task}`)")
    bundle = joblib.load(path)
    if bundle.get("sklearn_version") != sklearn.__version__:
        raise ModelError(f"{path}: trained with scikit-learn {bundle.get('sklearn_version')}; "
                         f"installed {sklearn.__version__} (install requirements.txt or retrain)")
    return bundle
