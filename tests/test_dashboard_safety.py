"""A dashboard safe to show: link parameters, titles and labels shown as text (never Markdown), no
traceback whatever a link holds, and a read-only mode that never writes."""
from __future__ import annotations

import os
import random

import pytest

from analytics.views.state import PARAM_NAMES
from tests.conftest import ROOT, open_app

pytestmark = pytest.mark.usefixtures("restore_store_env")

LINK = "[Sign in again](https://evil.example/login) **URGENT**"


def shown_text(app) -> list[str]:
    """Every caption, warning, info, error, title and header body the page rendered."""
    elements = [*app.caption, *app.warning, *app.info, *app.error, *app.title, *app.subheader, *app.markdown]
    return [str(element.value) for element in elements]


def test_markdown_from_a_link_is_shown_as_written(sample_store):
    app = open_app(sample_store, {"search": LINK, "target": LINK})
    texts = shown_text(app)
    assert any("evil" in text for text in texts)  # the search is described, and the bad target warned about
    assert not [text for text in texts if "](https://evil" in text or "**URGENT**" in text]


@pytest.mark.parametrize("seed", range(6))
def test_no_link_shows_a_traceback(sample_store, seed):
    """Random values, in and out of range, for every parameter of every page."""
    rng = random.Random(seed)
    pool = ["9999-12-31", "0001-01-01", "99999999999999999999", "-1", "1e9", "", " ", "x" * 300, LINK,
            "2025-02-30", "0", "3", "overview", "comments", "threat,slur", "a::b", "\x00", "NaN", "[]"]
    params = {name: rng.choice(pool) for name in rng.sample(sorted(set(PARAM_NAMES.values())), 6)}
    params["page"] = rng.choice(["overview", "threads", "targets", "topics", "stance", "comments", "corpus"])
    open_app(sample_store, params)  # open_app asserts the page raised nothing


def test_read_only_mode_offers_no_upload_analysis_or_alias_editing(sample_store, monkeypatch):
    monkeypatch.setenv("PALABRE_READ_ONLY", "1")
    corpus = open_app(sample_store, page="corpus")
    assert not corpus.get("file_uploader") and not [b for b in corpus.button if b.label == "Run the analysis"]
    assert any("read-only" in text for text in shown_text(corpus))
    targets = open_app(sample_store, page="targets")
    assert not [e for e in targets.subheader if e.value == "Alias table"]
    monkeypatch.delenv("PALABRE_READ_ONLY")
    writable = open_app(sample_store, page="corpus")
    assert [b for b in writable.button if b.label == "Run the analysis"]


def test_serve_listens_on_this_machine_unless_told_otherwise():
    from analytics.cli.main import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.address == "127.0.0.1" and not args.read_only
    args = build_parser().parse_args(["serve", "--address", "0.0.0.0", "--read-only"])
    assert args.address == "0.0.0.0" and args.read_only
    assert os.environ.get("PALABRE_READ_ONLY") in (None, "")


def test_serve_runs_streamlit_without_a_garbage_collection_after_every_run(monkeypatch, tmp_path):
    """Streamlit's full collection after each run was a fifth of the server's CPU under load: serve
    turns it off on its command line, and .streamlit/config.toml for `streamlit run` in this folder."""
    import tomllib

    from analytics.cli import main as cli_main

    commands = []
    monkeypatch.setattr(cli_main, "launch", lambda command, env: commands.append(command) or 0)
    assert cli_main.main(["serve", "--read-only", "--store", str(tmp_path)]) == 0
    [command] = commands
    assert command[command.index("--runner.postScriptGC") + 1] == "false"
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["runner"]["postScriptGC"] is False


def test_an_unexpected_error_shows_a_message_with_an_id_and_no_traceback(sample_store, monkeypatch, caplog):
    from analytics.views import selection

    def broken(*args, **kwargs):
        raise ZeroDivisionError("deep inside a query")
    monkeypatch.setattr(selection, "overview", broken)
    monkeypatch.setenv("PALABRE_DEBUG", "0")
    monkeypatch.setenv("PALABRE_STORE", str(sample_store))
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    assert not app.exception
    [message] = [element.value for element in app.error]
    assert "Error id" in message and "ZeroDivisionError" in message and "deep inside" not in message
    assert any("Traceback" in (record.exc_text or "") or record.exc_info for record in caplog.records)


def test_without_demo_mode_an_empty_store_stays_empty_and_says_how_to_fill_it(tmp_path, monkeypatch):
    """The sample goes only into the demo's own store (serve --demo), never into a researcher's."""
    from streamlit.testing.v1 import AppTest

    from analytics.store import open_reader

    store = tmp_path / "mine"
    monkeypatch.setenv("PALABRE_STORE", str(store))
    monkeypatch.setenv("PALABRE_DEMO", "0")
    monkeypatch.setenv("PALABRE_DEBUG", "1")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    assert not app.exception
    assert any("holds no comment yet" in element.value and "--demo" in element.value for element in app.info)
    connection = open_reader(store)
    try:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    finally:
        connection.close()


def test_serve_demo_uses_a_store_of_its_own(monkeypatch, tmp_path):
    from analytics.cli.main import build_parser
    from analytics.store import default_store_dir, demo_store_dir

    monkeypatch.delenv("PALABRE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert build_parser().parse_args(["serve", "--demo"]).demo
    assert demo_store_dir() == tmp_path / "palabre-demo" != default_store_dir()


@pytest.mark.skipif(os.name != "posix", reason="serve replaces its process where the system can (POSIX)")
def test_stopping_serve_stops_the_dashboard(tmp_path):
    """`serve` started Streamlit as a child: killing `serve` left the server answering, owned by init.
    Now the server takes serve's process, so stopping that process stops it."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "analytics", "serve", "--read-only", "--headless",
                                "--store", str(tmp_path), "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    health = f"http://127.0.0.1:{port}/_stcore/health"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(health, timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("serve did not start the dashboard within 60 s")
        process.terminate()
        process.wait(timeout=15)
        with pytest.raises(OSError):
            urllib.request.urlopen(health, timeout=2)
    finally:
        process.kill()
