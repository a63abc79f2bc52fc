"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright. One server,
one story: upload a file and see it in the overview; set filters on two pages; open the copied
link in a fresh browser context and find the same view; click a bar and land on its comments; click
a target on the Targets page and read the attacks on it; hostile HTML in a comment stays text.
Screenshots of every page go to tests/artifacts."""
from __future__ import annotations

import csv
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
SCRIPT = '<script>window.__palabre_xss = "script"</script>'
IMAGE = '<img src="x" onerror="window.__palabre_xss = \'img\'">'
PAGES = ("overview", "threads", "targets", "topics", "stance", "comments", "corpus")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (make test does)")
    port = _free_port()
    env = {**os.environ, "PALABRE_STORE": str(tmp_path_factory.mktemp("store")), "PALABRE_DEMO": "1"}  # as make run
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none"],
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


def settle(page, timeout: float = 120) -> None:
    """Wait until the app's script has run and stays finished, with its elements drawn. Streamlit
    marks the app `initial` until the first run starts and `notRunning` only after a run, so
    waiting for "not running" alone returns too early on a slow first start; and the elements of
    a long run arrive in a burst that the page may still be drawing when the run is marked over
    (seen: 0.4 s without the Overview's metrics), so the number of elements must hold too."""
    finished = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    elements = '[data-testid="stElementContainer"]'
    deadline = time.monotonic() + timeout
    time.sleep(0.8)
    while time.monotonic() < deadline:
        if page.locator(finished).count():
            shown = page.locator(elements).count()
            time.sleep(0.8)
            if page.locator(finished).count() and shown and page.locator(elements).count() == shown:
                return
        time.sleep(0.3)
    raise AssertionError("the app did not finish running")


def metrics(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def choose(page, label: str, option: str) -> None:
    """Pick an option of a sidebar selectbox by its label."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def shown_filter(page, label: str) -> str:
    """The value a sidebar selectbox shows."""
    return page.locator(f'[data-testid="stSidebar"] input[aria-label="{label}"]').input_value()


def caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]').first.inner_text()


def write_upload(folder: Path) -> Path:
    """A CSV export: one article, 24 comments with dates, two of them carrying hostile HTML."""
    path = folder / "forum-export.csv"
    rows = [{"comment_id": "x1", "parent_id": "", "article_id": "forum", "article_title": "Le sommet de Budapest",
             "author": "Alice", "posted_at": "2025-10-20T10:00:00", "text": f"Regardez ça {SCRIPT} L'UE est une honte."},
            {"comment_id": "x2", "parent_id": "x1", "article_id": "forum", "article_title": "Le sommet de Budapest",
             "author": "Bob", "posted_at": "2025-10-20T10:05:00", "text": f"Faux. {IMAGE} Poutine ment."}]
    for n in range(22):
        rows.append({"comment_id": f"y{n}", "parent_id": "x1" if n % 3 else "", "article_id": "forum",
                     "article_title": "Le sommet de Budapest", "author": f"user{n % 7}",
                     "posted_at": f"2025-10-{21 + n % 5}T1{n % 10}:00:00",
                     "text": ["Bravo à Orban, excellent sommet.", "Zelensky est un héros.",
                              "L'UE est une honte.", "Je confirme, c'est vrai."][n % 4]})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_whole_story_in_a_real_browser(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # first start: the demo corpus (the seed article, 300 Reddit and 300 TikTok comments)
    page.goto(server, wait_until="networkidle")
    settle(page)
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
    assert metrics(page)[:2] == ["3", "605"], page.locator("body").inner_text()[:3000]

    # upload a file on the Corpus page, analyse, see it in the overview
    page.goto(f"{server}/corpus", wait_until="networkidle")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(write_upload(tmp_path)))
    page.get_by_role("button", name="Ingest 1 file(s)").click()
    page.get_by_text("forum-export.csv (csv): 1 article(s), 24 new comment(s)").wait_for(timeout=60_000)
    page.get_by_role("button", name="Run the analysis").click()
    page.get_by_text("Analysed 1 article(s) and 24 comment(s)").wait_for(timeout=120_000)
    settle(page)
    page.goto(server, wait_until="networkidle")
    settle(page)
    assert metrics(page)[:2] == ["4", "629"]

    # filters on two pages: sentiment on the Overview, then a target on the Targets page
    choose(page, "Sentiment", "negative")
    negative_comments = metrics(page)[1]
    page.locator('[data-testid="stSidebarNav"] a', has_text="Targets").click()
    settle(page)
    assert shown_filter(page, "Sentiment") == "negative"  # the filter followed to the next page
    choose(page, "Named target", "European Union")
    page.get_by_text("Attacks on European Union").wait_for(timeout=30_000)
    page.get_by_role("button", name="Copy link to this view").click()
    link = page.locator('[data-testid="stCode"] code').first.inner_text().strip()
    assert "page=targets" in link and "sentiment=negative" in link and "target=European+Union" in link
    table = page.locator('[data-testid="stDataFrame"]').first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "targets-filtered.png"), full_page=True)

    # the colleague's fresh browser
    colleague = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    colleague.goto(link, wait_until="networkidle")
    settle(colleague)
    assert colleague.locator("h1").first.inner_text() == "Named targets"
    assert shown_filter(colleague, "Sentiment") == "negative"
    assert shown_filter(colleague, "Named target") == "European Union"
    assert caption(colleague) == caption(page)
    assert colleague.locator('[data-testid="stDataFrame"]').first.inner_text() == table
    colleague.screenshot(path=str(ARTIFACTS / "targets-from-link.png"), full_page=True)
    colleague.context.close()

    # click a bar and land on its comments
    page.goto(f"{server}/?sentiment=negative", wait_until="networkidle")
    settle(page)
    assert metrics(page)[1] == negative_comments
    bar = page.locator(".js-plotly-plot").first.locator(".bars path").first.bounding_box()
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)  # as a person clicks the bar
    settle(page)
    assert "/comments" in page.url and "sentiment=negative" in page.url
    page.get_by_text(f"{negative_comments} comments match").wait_for(timeout=30_000)

    # on the Targets page, clicking a target's bar chooses it there and lists the attacks on it
    page.goto(f"{server}/targets", wait_until="networkidle")
    settle(page)
    bar = page.locator(".js-plotly-plot").first.locator(".bars path").last.bounding_box()  # the most mentioned
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    settle(page)
    assert "/targets" in page.url and "target=" in page.url
    page.get_by_role("heading", name="Attacks on").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "targets-attacks.png"), full_page=True)

    # hostile HTML stays text: in the table and in the comment's thread
    page.goto(f"{server}/comments?page=comments&comment=forum::x2", wait_until="networkidle")
    settle(page)
    page.get_by_text("The comment in its thread").wait_for(timeout=30_000)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert IMAGE in body and SCRIPT in body  # the parent (with the script) is shown above the comment
    assert page.evaluate("window.__palabre_xss") is None and dialogs == []
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "comment-with-html.png"), full_page=True)

    # every page, for a person to look at
    for name in PAGES:
        page.goto(f"{server}/{'' if name == 'overview' else name}", wait_until="networkidle")
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        page.screenshot(path=str(ARTIFACTS / f"page-{name}.png"), full_page=True)
    assert page.evaluate("window.__palabre_xss") is None and dialogs == []
    context.close()


def test_table_and_chart_downloads_are_built_when_clicked(server, browser):
    """Downloads are built only when clicked (not on every run): what arrives is the table shown and
    the chart with its filters and source in the title."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.goto(f"{server}/targets?sentiment=negative")
    settle(page)
    with page.expect_download(timeout=60_000) as table:
        page.locator('[data-testid="stDownloadButton"] button', has_text="CSV").first.click()
    name = table.value.suggested_filename
    assert name.startswith("palabre-targets-") and name.endswith("-sentiment-negative.csv"), name
    rows = list(csv.reader(open(table.value.path(), encoding="utf-8-sig")))
    assert "target" in rows[0] and len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)
    page.goto(f"{server}/?sentiment=negative")
    settle(page)
    page.get_by_role("button", name="Download chart").first.click()
    with page.expect_download(timeout=60_000) as chart:
        page.locator('[data-testid="stDownloadButton"] button', has_text="Interactive HTML").first.click()
    html = Path(chart.value.path()).read_text(encoding="utf-8")
    assert chart.value.suggested_filename.endswith(".html") and "Comments shown&#58; sentiment negative" in html
    assert "Palabre " in html and "exported " in html
    context.close()
