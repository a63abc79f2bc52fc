"""Shared fixtures: a fresh store per test, the sample corpus, and the real datasets in ../shared."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from analytics.store import connect

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
SAMPLE_PAGE = SAMPLE / "poutine-trump-budapest.page.txt"
SAMPLE_DATED = SAMPLE / "poutine-trump-budapest.dated.txt"
SHARED_DATA = Path(os.environ.get("PALABRE_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_dataset(name: str) -> Path:
    """The folder of a real dataset in ../shared/data, or skip the test saying why."""
    folder = SHARED_DATA / name
    if not folder.is_dir():
        pytest.skip(f"real dataset {name} not found at {folder} (set PALABRE_SHARED_DATA to its parent)")
    return folder


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def connection(store_dir: Path):
    con = connect(store_dir)
    yield con
    con.close()


def snapshot(connection) -> dict[str, list[tuple]]:
    """Every row of every data table, to compare the store before and after a failure."""
    tables = ["articles", "article_keys", "comments", "ingests", "validation"]
    return {table: sorted(map(repr, connection.execute(f"SELECT * FROM {table}").fetchall())) for table in tables}
