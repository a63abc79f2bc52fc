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


# The dashboard under AppTest ---------------------------------------------------------------

PAGE_FILES = {name: f"analytics/dashboard/pages/{name}.py"
              for name in ("overview", "threads", "targets", "topics", "stance", "comments", "corpus")}


def open_app(store, params: dict | None = None, page: str | None = None):
    """The app run on a store (with link parameters, on a page), having raised nothing."""
    os.environ["PALABRE_STORE"] = str(store)
    os.environ["PALABRE_DEBUG"] = "1"
    os.environ["PALABRE_DEMO"] = "1"  # an empty store gets the sample, as `serve --demo` does  # an unexpected error fails the test instead of becoming a message
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(PAGE_FILES[page]).run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def restore_store_env():
    """Put $PALABRE_STORE back as it was (open_app sets it)."""
    before = os.environ.get("PALABRE_STORE")
    yield
    if before is None:
        os.environ.pop("PALABRE_STORE", None)
    else:
        os.environ["PALABRE_STORE"] = before


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """A store as the dashboard's first start leaves it: the sample ingested and analysed."""
    store = tmp_path_factory.mktemp("sample") / "store"
    open_app(store)  # first start: ingests and analyses the sample
    return store
