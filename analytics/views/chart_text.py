"""Text in charts that stays readable: lines broken at spaces, text shortened with one ellipsis,
titles fitted to a half-page column, labels placed beside their points inside the chart."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the header's filters read shortened without loading plotly
    import pandas as pd
    import plotly.graph_objects as go


def lines(text: str, width: int) -> list[str]:
    """Text broken at spaces into lines of at most about `width` characters."""
    found, line = [], ""
    for word in " ".join(text.split()).split(" "):
        if line and len(line) + 1 + len(word) > width:
            found.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [part for part in [*found, line] if part]


def shortened(text: str, limit: int) -> str:
    """At most limit characters, one ellipsis where the text was cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


TITLE_WIDTH = 46  # characters per line of a chart title: what a half-page column shows at 1024 px
AXIS_TITLE_WIDTH = 56  # an x-axis title spans the plot's width
NARROW_AXIS_TITLE_WIDTH = 34  # ... which horizontal bars' labels narrow
LEGEND_STEP = 0.07  # a legend under the plot moves this much further down per extra line of axis title


def fit_titles(figure: go.Figure) -> go.Figure:
    """Break a chart's title and axis titles into lines that fit a half-page column (a title wider
    than its chart is cut off); a title of several lines hangs from the top, the plot below it,
    and a legend under the plot goes below an axis title of several lines."""
    title = figure.layout.title.text
    if title and "<br>" not in title and len(broken := lines(title, TITLE_WIDTH)) > 1:
        top = figure.layout.margin.t if figure.layout.margin.t is not None else 80
        figure.update_layout(title={"text": "<br>".join(broken), "yref": "container", "y": 1, "yanchor": "top",
                                    "pad": {"t": 10}}, margin={"t": max(top, 34 + 22 * len(broken))})
    narrow = any(getattr(trace, "orientation", None) == "h" for trace in figure.data)
    extra = 0
    for axis in (*figure.select_xaxes(), *figure.select_yaxes()):
        if axis.title.text and "<br>" not in axis.title.text:
            width = NARROW_AXIS_TITLE_WIDTH if narrow or axis.plotly_name.startswith("y") else AXIS_TITLE_WIDTH
            broken = lines(axis.title.text, width)
            axis.title.text = "<br>".join(broken)
            if axis.plotly_name.startswith("x"):
                extra = max(extra, len(broken) - 1)
    if extra and figure.layout.legend.y is not None and figure.layout.legend.y < 0:
        figure.layout.legend.y -= LEGEND_STEP * extra
    return figure


def outward(x: float, y: float) -> str:
    """Where a label goes beside a point on the circle: away from the centre, and near the top and
    bottom away from the vertical axis too (two points either side of it had their centred labels
    run into each other: "Black people" over "Kamala Harris")."""
    if abs(x) < 0.35:
        return ("top " if y > 0 else "bottom ") + ("center" if abs(x) < 0.05 else "right" if x > 0 else "left")
    return ("top " if y > 0.35 else "bottom " if y < -0.35 else "middle ") + ("right" if x > 0 else "left")


CHAR_SPAN = 1 / 75  # a label character's width as a share of the map's width (about 540 px at 7 px a character)


def inward(xs: pd.Series, ys: pd.Series, lengths: list[int] | None = None) -> list[str]:
    """Where each label goes beside its point so that it stays inside the chart: to the left of
    points in the right third, to the right of points in the left third, centred between; above
    its point, unless the label of a point just before is there: close in both directions, or
    level with it and wide enough (lengths: the labels' characters) to run into it."""
    low, high = float(xs.min()), float(xs.max())
    span = (high - low) or 1.0
    tall = (float(ys.max()) - float(ys.min())) or 1.0
    sides = ["left" if (x - low) / span > 2 / 3 else "right" if (x - low) / span < 1 / 3 else "center" for x in xs]
    placed: list[tuple[float, float, float, float, str]] = []  # x, y, the label's left and right, where
    for x, y, side, length in zip(xs, ys, sides, lengths or [0] * len(sides)):
        width = length * CHAR_SPAN * span
        left = x if side == "right" else x - width if side == "left" else x - width / 2
        crowded = any(where == "top" and abs(y - other_y) < 0.08 * tall
                      and (abs(x - other_x) < 0.3 * span or (left < other_right and other_left < left + width))
                      for other_x, other_y, other_left, other_right, where in placed)
        placed.append((x, y, left, left + width, "bottom" if crowded else "top"))
    return [f"{where} {side}" for (*_, where), side in zip(placed, sides)]
