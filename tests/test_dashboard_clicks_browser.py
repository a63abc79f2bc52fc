"""Every chart that leads to comments, clicked in a real browser on the demo corpus: the click opens
the Comments page (or, on the Targets page, the attacks on the target), with no traceback, and the
Comments page lists exactly as many comments as the Overview counts under the same link; when the
bar counts comments, as many as the bar says."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.test_dashboard_browser import PAGES, browser, metrics, server, settle  # noqa: F401 (fixtures)

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
