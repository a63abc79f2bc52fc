"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (make test does)")
    port = _free_port()
    env = {**os.environ, "PALABRE_STORE": str(tmp_path_factory.mktemp("store"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("streamlit did not start: " + process.stdout.read().decode(errors="replace")[-2000:])
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


def test_corpus_page_renders_the_sample_with_its_depth_chart(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server, wait_until="networkidle")
    page.locator(".js-plotly-plot .bars path").first.wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").nth(2).locator(".bars path").first.wait_for(timeout=60_000)
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 3
    assert charts.nth(0).locator(".bars path").count() == 2  # depths 0 and 1
    labels = [label.strip() for label in charts.nth(1).locator(".xtick").all_text_contents()]
    assert labels == ["negative", "neutral", "positive"]
    targets = charts.nth(2).locator(".ytick").all_text_contents()
    assert {"Boris Johnson", "European Union", "Volodymyr Zelensky"} <= {name.strip() for name in targets}
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert metrics == ["1", "5", "1", "0"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "corpus.png"), full_page=True)
    page.close()


def test_shared_link_opens_the_same_article_thread(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(server, wait_until="networkidle")
    page.locator(".js-plotly-plot .bars path").first.wait_for(timeout=60_000)
    page.locator('[data-testid="stSelectbox"]').click()
    page.get_by_role("option").nth(1).click()
    page.get_by_text("Comments, as threaded").wait_for(timeout=30_000)
    shared = page.url
    assert "article=" in shared
    colleague = browser.new_page(viewport={"width": 1400, "height": 1400})
    colleague.goto(shared, wait_until="networkidle")
    colleague.get_by_text("Comments, as threaded").wait_for(timeout=60_000)
    colleague.get_by_text("le nain de Kiev", exact=False).first.wait_for(timeout=30_000)
    colleague.screenshot(path=str(ARTIFACTS / "thread.png"), full_page=True)
    colleague.close()
    page.close()
