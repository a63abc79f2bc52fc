"""Every file Palabre writes is whole or absent: models, alias tables, exports."""
from __future__ import annotations

import pytest

from analytics.errors import UsageError
from analytics.files import atomic_text, atomic_write
from analytics.pipeline.ingest import ingest_paths
from analytics.views.reports import export_table
from tests.conftest import SAMPLE


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path):
    target = atomic_text(tmp_path / "model.joblib", "old")

    def fail(partial):
        partial.write_text("half")
        raise RuntimeError("killed halfway")
    with pytest.raises(RuntimeError):
        atomic_write(target, fail)
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["model.joblib"]


def test_a_model_bundle_is_written_whole_and_read_back(tmp_path):
    import sklearn

    from analytics.enrich.bundles import read_bundle, write_bundle
    from analytics.errors import ModelError

    path = write_bundle(tmp_path / "model.pkl.gz", {"weights": [1, 2], "sklearn_version": sklearn.__version__})
    with pytest.raises(Exception):
        write_bundle(path, {"weights": lambda: 0})  # unpicklable: the old bundle stays
    assert read_bundle(path, "a model", "stance")["weights"] == [1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pkl.gz"]
    (tmp_path / "broken.pkl.gz").write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="broken.pkl.gz: expected a model .*train stance"):
        read_bundle(tmp_path / "broken.pkl.gz", "a model", "stance")


def test_a_failed_export_says_why_and_leaves_nothing_behind(connection, tmp_path, monkeypatch):
    import pandas as pd

    ingest_paths(connection, [SAMPLE])
    out = tmp_path / "out" / "comments.parquet"

    def disk_full(self, path, **options):
        open(path, "wb").write(b"PAR1")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_full)
    with pytest.raises(UsageError, match="No space left on device"):
        export_table(connection, "comments", out)
    assert list(out.parent.iterdir()) == []


def test_training_and_alias_writes_go_through_atomic_write():
    """No module writes a model or a table in place (a grep would miss a helper; the imports do not)."""
    import ast

    from tests.conftest import ROOT

    writers = {}
    for path in (ROOT / "analytics").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Attribute) and node.func.attr in ("dump", "write_text", "to_csv")}
        if calls:
            writers[str(path.relative_to(ROOT))] = calls
    for module in ("analytics/enrich/stance/training.py", "analytics/enrich/sentiment/training.py",
                   "analytics/enrich/targets/training.py"):
        source = (ROOT / module).read_text(encoding="utf-8")
        assert "write_bundle(" in source and "joblib.dump(" not in source and ".dump(bundle" not in source, module
    assert "write_text" not in writers.get("analytics/enrich/targets/training.py", set())
