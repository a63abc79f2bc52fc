"""Every chart that leads to comments, clicked in a real browser on the demo corpus: the click opens
the Comments page (or, on the Targets page, the attacks on the target), with no traceback, and the
Comments page lists exactly as many comments as the Overview counts under the same link; when the
bar counts comments, as many as the bar says."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.test_dashboard_browser import (  # noqa: F401 (fixtures)
    PAGES,
    browser,
    caption,
    metrics,
    server,
    settle,
    shown_filter,
)

# a clickable point of a chart: a bar, or a marker of a scatter, line or network
POINTS = ".bars path, .scatterlayer .points path"
READ_POINTS = """(plot) => {
    const value = (element) => {
        const point = element.__data__ || (element.parentNode && element.parentNode.__data__) || {};
        return typeof point.s === 'number' ? point.s : null;
    };
    const layout = plot._fullLayout || {};
    const titles = [layout.xaxis, layout.yaxis].map((axis) => (axis && axis.title && axis.title.text) || '');
    const points = Array.from(plot.querySelectorAll(%r)).map((element, index) => {
        const box = element.getBoundingClientRect();
        return {index, width: box.width, height: box.height, value: value(element)};
    }).filter((point) => point.width > 3 && point.height > 3);
    return {points, titles, horizontal: (plot.data || []).some((trace) => trace.orientation === 'h')};
}""" % POINTS


def comments_listed(page) -> int | None:
    found = re.search(r"([\d,]+) comments? match", page.locator('[data-testid="stMain"]').inner_text())
    return int(found.group(1).replace(",", "")) if found else None


def overview_count(page, server_url: str, url: str) -> int:
    """The Overview's comment count under the filters of a link."""
    query = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    query["page"] = "overview"
    page.goto(f"{server_url}/?{urlencode(query)}", wait_until="networkidle")
    settle(page)
    return int(metrics(page)[1].replace(",", ""))


def test_every_chart_click_opens_its_comments(server, browser):  # noqa: F811 (fixtures)
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    clicked: list[str] = []
    counted: list[str] = []
    page.goto(server, wait_until="networkidle")  # the first start prepares the demo store
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=300_000)
    settle(page)
    for name in PAGES:
        address = f"{server}/{'' if name == 'overview' else name}"
        page.goto(address, wait_until="networkidle")
        settle(page)
        for number in range(page.locator(".js-plotly-plot").count()):
            page.goto(address, wait_until="networkidle")
            settle(page)
            plot = page.locator(".js-plotly-plot").nth(number)
            plot.scroll_into_view_if_needed()
            seen = plot.evaluate(READ_POINTS)
            if not seen["points"]:
                continue
            target = seen["points"][0]
            box = plot.locator(POINTS).nth(target["index"]).bounding_box()
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, (name, number)
            assert "Error id" not in page.locator('[data-testid="stMain"]').inner_text(), (name, number)
            if "/comments" not in page.url:
                continue  # a chart that selects on its own page (a target, a camp) or draws no drill
            clicked.append(f"{name}#{number}")
            listed = comments_listed(page)
            assert listed is not None, (name, number, page.url)
            value_title = seen["titles"][0 if seen["horizontal"] else 1].lower()
            if target["value"] is not None and value_title.startswith("comments"):
                assert listed == round(target["value"]), (name, number, value_title, page.url)
                counted.append(f"{name}#{number}")
            assert overview_count(page, server, page.url) == listed, (name, number, page.url)
    assert len(clicked) >= 10 and len(counted) >= 5, (clicked, counted)  # the demo has plenty to click
    context.close()


def test_every_page_shared_by_its_link_looks_the_same_in_a_fresh_browser(server, browser):  # noqa: F811
    """Filters set on each page (the Threads page's tree article too), the link copied from the page,
    opened by a colleague in a browser of their own: the same header, numbers, tables and charts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    page.goto(server, wait_until="networkidle")
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=300_000)
    for name in PAGES:
        query = {"sentiment": "negative", "depth_min": "1"} | ({"tree": "tiktok-trump"} if name == "threads" else {})
        page.goto(f"{server}/{'' if name == 'overview' else name}?{urlencode(query)}", wait_until="networkidle")
        settle(page)
        page.get_by_text("🔗 Copy link to this view").click()
        link = page.locator('[data-testid="stCode"] code').first.inner_text().strip()
        page.keyboard.press("Escape")
        assert all(f"{key}={value}" in link for key, value in query.items()), (name, link)
        colleague = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
        colleague.goto(link, wait_until="networkidle")
        settle(colleague)
        for shown in (page, colleague):
            assert shown.locator('[data-testid="stException"]').count() == 0, name
        assert colleague.locator("h1").first.inner_text() == page.locator("h1").first.inner_text(), name
        assert caption(colleague) == caption(page), name
        assert metrics(colleague) == metrics(page), name
        assert (colleague.locator('[data-testid="stDataFrame"]').all_inner_texts()
                == page.locator('[data-testid="stDataFrame"]').all_inner_texts()), name
        assert charts_drawn(colleague) == charts_drawn(page), name
        colleague.context.close()
    context.close()


def charts_drawn(page) -> list:
    """Every chart's traces as drawn: their names and values."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((plot) =>
        (plot.data || []).map((trace) => [trace.name || '', JSON.stringify(trace.x || trace.labels || []),
                                          JSON.stringify(trace.y || trace.values || [])]))""")


def test_back_after_a_click_returns_to_the_view_it_left(server, browser):  # noqa: F811
    """switch_page leaves a history entry with the old page's path and the new view's query; Back
    lands there and must show the view the click left, not the clicked one (nor be sent forward)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    page.goto(f"{server}/?sentiment=positive", wait_until="networkidle")
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=300_000)
    settle(page)
    before = metrics(page)
    bar = page.locator(".js-plotly-plot").nth(1).locator(".bars path").first.bounding_box()  # an article's bar
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    settle(page)
    assert "/comments" in page.url and "article=" in page.url
    page.go_back()
    settle(page)
    assert "/comments" not in urlsplit(page.url).path and "article=" not in page.url, page.url
    assert metrics(page) == before and shown_filter(page, "Sentiment") == "positive"
    page.go_forward()
    settle(page)
    assert "/comments" in page.url and "article=" in page.url
    context.close()
