"""Dashboard pages as a researcher waits for them, in a real browser (Debian's headless Chromium
driven by Playwright): seconds from navigation until the app's run has ended and its last chart is
drawn (no chart still a skeleton waiting for Plotly's code), for every page, with the medians of when
its first run ended and Plotly's code was requested and arrived, and for a filter change on the
Overview (with where its wait went, timed in the page: click to run, the run, click to the last
change inside a chart); at 10k and 100k comments.

The naive page (benchmarks/naive_overview_app.py) is measured in the same run on the same store:
the Overview as a first script would draw it, reading every comment and target into pandas on
every run. Stores come from benchmarks/corpus.py (real comments in real thread shapes), ingested
and analysed in fast mode.

Usage: python benchmarks/dashboard_browser.py [--comments 10000 100000] [--visits 3] [--keep DIR] [--data ../shared/data]
       (prints one JSON object; results/dashboard_browser.json keeps the last run)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from streamlit_session import serve  # noqa: E402  benchmarks/streamlit_session.py

CHROMIUM = "/usr/bin/chromium"
PAGES = ("overview", "threads", "targets", "topics", "stance", "comments", "corpus")
SENTIMENTS = ("negative", "positive", "neutral")
STATE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return null;
    if (document.querySelector('[data-stale="true"]')) return null;
    // a chart whose code is still loading (Plotly's chunk) shows a skeleton and no .js-plotly-plot yet
    if (document.querySelector('[data-testid="stSkeleton"]')) return null;
    const plots = document.querySelectorAll('.js-plotly-plot').length;
    return [plots, document.querySelectorAll('.js-plotly-plot .main-svg').length,
            document.querySelectorAll('[data-testid="stMetricValue"]').length];
}"""


WATCH = """() => {
    window.__palabre_ran = false;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') === 'running') window.__palabre_ran = true;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


PARTS = """() => {
    window.__palabre_parts = {click: null, start: null, end: null, plot: null, mutations: 0};
    if (window.__palabre_observed) return;  // observers once per page: each would slow the next change
    window.__palabre_observed = true;
    const app = document.querySelector('[data-testid="stApp"]');
    document.addEventListener('pointerdown', () => {
        if (window.__palabre_parts.click === null) window.__palabre_parts.click = performance.now();
    }, true);
    new MutationObserver(() => {
        const parts = window.__palabre_parts, state = app.getAttribute('data-test-script-state');
        if (state === 'running' && parts.start === null) parts.start = performance.now();
        if (state === 'notRunning' && parts.start !== null) parts.end = performance.now();
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    new MutationObserver((records) => {
        const parts = window.__palabre_parts;
        for (const record of records) {
            if (record.target.closest && record.target.closest('.js-plotly-plot')) {
                parts.plot = performance.now();
                parts.mutations += 1;
            }
        }
    }).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


def parts(page) -> dict:
    """Where a click's wait went, timed in the page: from the click to the run's start (the
    websocket and the server picking it up), the run as the page sees it (the script, its deltas
    and the page drawing them as they come), and from the click to the last change inside a chart
    (Plotly drawing); with the number of DOM changes inside the charts."""
    found = page.evaluate("() => window.__palabre_parts")
    if not found or found["click"] is None or found["start"] is None or found["end"] is None:
        return {}
    return {"click_to_run": round((found["start"] - found["click"]) / 1000, 3),
            "run": round((found["end"] - found["start"]) / 1000, 3),
            "click_to_last_chart_change": round(((found["plot"] or found["end"]) - found["click"]) / 1000, 3),
            "chart_dom_changes": found["mutations"]}


def watch(page) -> None:
    """Before a click: note in the page when a run starts, however briefly (a run shorter than the
    polling interval would otherwise go unseen and be timed as no run at all)."""
    page.evaluate(WATCH)


def drawn(page, started: float, after_run: bool = False, timeout: float = 600) -> float:
    """Seconds from `started` until the run has ended and every chart is drawn (the moment that
    state was first seen, checked unchanged for half a second). after_run: a run must have started
    first (a click's rerun starts a little after the click; `watch` before the click notes it)."""
    seen_running, reached, last = not after_run, None, None
    while time.perf_counter() - started < timeout:
        now, state = time.perf_counter(), page.evaluate(STATE)
        if not seen_running and page.evaluate("() => window.__palabre_ran === true"):
            seen_running = True
        if state is None:
            seen_running, reached, last = True, None, None
        elif seen_running:
            if state != last:
                reached, last = now, state
            elif now - reached >= 0.5 and state[1] >= state[0]:  # every chart has drawn its svg
                return reached - started
        elif now - started > 3:  # the click started no run: nothing to wait for
            return 0.0
        time.sleep(0.03)
    raise TimeoutError("the page did not finish drawing")


MARKS = """document.addEventListener('DOMContentLoaded', () => {
    window.__palabre_marks = {run_ended: null};
    let ran = false;
    new MutationObserver(() => {
        const app = document.querySelector('[data-testid="stApp"]');
        const state = app && app.getAttribute('data-test-script-state');
        if (state === 'running') ran = true;
        if (ran && state === 'notRunning' && window.__palabre_marks.run_ended === null)
            window.__palabre_marks.run_ended = performance.now();
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
});"""

TIMINGS = """() => {
    const chart = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/PlotlyChart.'));
    return {run_ended: window.__palabre_marks ? window.__palabre_marks.run_ended : null,
            chart_code_requested: chart ? chart.startTime : null, chart_code_arrived: chart ? chart.responseEnd : null};
}"""


def visit(browser, url: str) -> tuple[float, float, dict]:
    """A visit in a fresh browser context (a colleague opening a link): seconds until the app's
    frontend has started (its scripts loaded, nothing of the page yet) and until the page is drawn,
    and when, in seconds since navigation, the first run ended and Plotly's code (a chunk the frontend
    loads when the first chart arrives) was requested and had arrived."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    context.add_init_script(MARKS)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=600_000)
    booted = time.perf_counter() - started
    seconds = drawn(page, started)
    marks = {key: round(value / 1000, 3) for key, value in page.evaluate(TIMINGS).items() if value is not None}
    context.close()
    return booted, seconds, marks


def switches(browser, url: str) -> dict[str, float]:
    """Each page opened from the page list, one after the other, in one session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.goto(url)
    drawn(page, time.perf_counter())
    times = {}
    for name in PAGES[1:]:
        watch(page)
        started = time.perf_counter()
        page.locator('[data-testid="stSidebarNav"] a', has_text=name.capitalize()).first.click()
        times[name] = round(drawn(page, started, after_run=True), 2)
    context.close()
    return times


def filter_changes(browser, url: str) -> tuple[list[float], list[dict]]:
    """The Overview's sentiment filter set to each value in turn, from the sidebar, twice (the
    second round reads from the server's cache): the seconds the harness waited, and where each
    wait went (parts)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.goto(url)
    drawn(page, time.perf_counter())
    times, split = [], []
    for value in SENTIMENTS * 2:
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Sentiment").click()
        watch(page)
        page.evaluate(PARTS)
        started = time.perf_counter()
        page.get_by_role("option", name=value, exact=True).click()
        times.append(drawn(page, started, after_run=True))
        split.append(parts(page))
    context.close()
    return times, split


def where_it_went(runs: list[tuple[float, float, dict]]) -> dict:
    """The medians over visits of when, in seconds since navigation, the frontend had started, the
    first run ended, Plotly's code was requested and had arrived, and the last chart was drawn."""
    found = {"frontend_started": [booted for booted, _, _ in runs],
             "last_chart_drawn": [seconds for _, seconds, _ in runs]}
    for _, _, marks in runs:
        for key, value in marks.items():
            found.setdefault(key, []).append(value)
    order = ("frontend_started", "run_ended", "chart_code_requested", "chart_code_arrived", "last_chart_drawn")
    return {key: round(statistics.median(found[key]), 2) for key in order if found.get(key)}


def visits_of(browser, url: str, visits: int) -> tuple[dict, list[float]]:
    """A page's first visit (the server computes and caches its reads), then `visits` more: their
    summary with where the time went, and the frontend start of each later visit."""
    first = visit(browser, url)[1]
    runs = [visit(browser, url) for _ in range(visits)]
    return ({"first": round(first, 2), **summary([seconds for _, seconds, _ in runs]), "medians": where_it_went(runs)},
            [booted for booted, _, _ in runs])


def median_parts(split: list[dict]) -> dict:
    """The median of each part over the filter changes that were timed in the page."""
    timed = [row for row in split if row]
    return {key: statistics.median(row[key] for row in timed) for key in (timed[0] if timed else {})}


def current(store: Path) -> bool:
    """Whether a kept store was analysed by this version's schema (an older one is built again:
    the dashboard opens it read-only and would only say how to upgrade it)."""
    import duckdb

    from analytics.store.schema import SCHEMA_VERSION

    if not (store / "palabre.snapshot.duckdb").exists():
        return False
    with duckdb.connect(str(store / "palabre.snapshot.duckdb"), read_only=True) as connection:
        found = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return found is not None and found[0] == str(SCHEMA_VERSION)


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 2),
            "p95": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 2),
            "runs": len(ordered)}


def measure(browser, store: Path, visits: int) -> dict:
    process, url = serve(ROOT / "app.py", {"PALABRE_STORE": str(store), "PALABRE_READ_ONLY": "1"}, ROOT)
    try:
        pages, boots = {}, []
        for name in PAGES:
            address = f"{url}/{'' if name == 'overview' else name}"
            pages[name], booted = visits_of(browser, address, visits)
            boots += booted
        switched = switches(browser, url)
        palabre_filters, palabre_parts = filter_changes(browser, url)
    finally:
        process.terminate()
        process.wait(timeout=30)
    process, url = serve(ROOT / "benchmarks" / "naive_overview_app.py",
                         {"PALABRE_NAIVE_DB": str(store / "palabre.duckdb")}, ROOT)
    try:
        naive = visits_of(browser, url, visits)[0]
        naive_filters, naive_parts = filter_changes(browser, url)
    finally:
        process.terminate()
        process.wait(timeout=30)
    every = [value for page in pages.values() for value in [page["p95"]]]
    return {"pages": pages, "page_p95_worst": max(every), "frontend_start": summary(boots),
            "page_switch": switched,
            "filter_change": summary(palabre_filters), "filter_change_parts": median_parts(palabre_parts),
            "naive_overview": naive, "naive_filter_change": summary(naive_filters),
            "naive_filter_change_parts": median_parts(naive_parts),
            "overview_naive_over_palabre": round(naive["p50"] / max(pages["overview"]["p50"], 0.01), 2),
            "filter_naive_over_palabre": round(statistics.median(naive_filters)
                                               / max(statistics.median(palabre_filters), 0.01), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--visits", type=int, default=3, help="warm visits per page after the first")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the analysed stores in DIR/SIZE and reuse them in the next run")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from benchmarks.dashboard_queries import analysed_store

    report = {"cores": os.cpu_count(), "visits": args.visits, "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="palabre-browser-") as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        for size in args.comments:
            place = (args.keep or Path(folder)) / str(size)
            store = place / "store-small"
            if not current(store):
                shutil.rmtree(place, ignore_errors=True)
                place.mkdir(parents=True, exist_ok=True)
                store = analysed_store(args.data, size, place)
            report["sizes"][str(size)] = measure(browser, store, args.visits)
            print(json.dumps({size: report["sizes"][str(size)]}), file=sys.stderr)
        browser.close()
    text = json.dumps(report, indent=1)
    print(text)
    (ROOT / "benchmarks" / "results" / "dashboard_browser.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
