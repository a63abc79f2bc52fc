"""Charts download as PNG and SVG (kaleido drives Debian's chromium) and as interactive HTML; corpus
text in a chart label is shown, never read as markup."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.views import charts
from analytics.views.exports import figure_bytes

COUNTS = pd.DataFrame({"sentiment": ["negative", "neutral", "positive"], "comments": [3, 1, 2]})


def test_html_export_is_a_standalone_interactive_page():
    page = figure_bytes(charts.sentiment_bars(COUNTS), "html").decode("utf-8")
    assert page.lstrip().lower().startswith(("<!doctype html>", "<html>")) and "Plotly.newPlot" in page
    assert "negative" in page


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed (make test installs it)")
@pytest.mark.parametrize("kind, magic", [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_image_exports(kind, magic):
    image = figure_bytes(charts.sentiment_bars(COUNTS), kind)
    assert image.startswith(magic) and len(image) > 2000


def test_corpus_text_in_labels_is_escaped():
    targets = pd.DataFrame({"target": ['<a href="javascript:alert(1)">x</a>'], "mentions": [2], "comments": [2],
                            "mean_sentiment": [-0.5], "attack_rate": [1.0]})
    figure = charts.target_bars(targets)
    assert figure.data[0].y[0] == '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'


def test_reply_depth_axes_tick_whole_numbers():
    frame = pd.DataFrame({"depth": [0, 1, 0, 1], "mentions": [2, 1, 3, 4], "target": ["A", "A", "B", "B"]})
    depth = charts.by_group_lines(frame, "depth", "mentions", "target", "Mentions by reply depth", "mentions")
    assert depth.layout.xaxis.dtick == 1
    days = frame.rename(columns={"depth": "day"})
    assert charts.by_group_lines(days, "day", "mentions", "target", "Mentions over time", "mentions").layout.xaxis.dtick is None
