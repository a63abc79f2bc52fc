"""Shares show the number of comments they rest on, and are drawn faint below FEW comments."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.views import chart_text, charts


def test_stance_shares_say_their_n_and_fade_when_it_is_small():
    frame = pd.DataFrame({"depth": [0, 0, 5, 5], "stance": ["agree", "neutral", "agree", "disagree"],
                          "comments": [30, 20, 1, 2]})
    figure = charts.stance_by_depth(frame)
    agree = next(trace for trace in figure.data if trace.name == "agree")
    assert list(agree.marker.opacity) == [1.0, 0.3]  # depth 0 rests on 50 comments, depth 5 on 3
    assert [row[1:] for row in agree.customdata] == [[30, 50], [1, 3]]
    assert "of %{customdata[2]} comments" in agree.hovertemplate
    assert list(figure.layout.xaxis.ticktext) == ["0<br>n=50", "5<br>n=3"]


def test_escalation_fades_the_depths_with_few_comments():
    frame = pd.DataFrame({"depth": [0, 1, 2], "comments": [120, 40, 4], "mean_sentiment": [-0.1, -0.2, -0.5],
                          "attack_share": [0.1, 0.2, 0.5], "agree_share": [0.0, 0.3, 0.25],
                          "disagree_share": [0.0, 0.2, 0.5]})
    figure = charts.escalation(frame)
    assert all(list(trace.marker.opacity) == [1.0, 1.0, 0.3] for trace in figure.data)
    assert "n=4" in figure.layout.xaxis2.ticktext[-1]
    deep = pd.concat([frame] * 4, ignore_index=True).assign(depth=range(12))
    assert charts.escalation(deep).layout.xaxis2.ticktext is None  # 12 depths: plain ticks, n in the hover


def test_the_tree_hover_shows_the_comment_wrapped_with_one_ellipsis():
    long = "mot " * 100
    nodes = pd.DataFrame({"comment_id": ["a", "b"], "parent_id": [None, "a"], "depth": [0, 1],
                          "text": [long, "<b>court</b>"], "sentiment_score": [-0.5, None], "subtree": [2, 1]})
    figure = charts.thread_tree(nodes, "Replies", "L'article")
    [tree] = figure.data
    hover_long, hover_short = tree.customdata[1][3], tree.customdata[2][3]
    assert hover_long.count("…") == 1 and hover_long.count("<br>") >= 3 and len(hover_long) < 320
    assert hover_short == "&lt;b&gt;court&lt;/b&gt;"
    assert "%{label}…" not in tree.hovertemplate


def test_network_labels_point_away_from_the_centre_and_are_not_clipped():
    targets = pd.DataFrame({"target": ["A", "B", "C", "D"], "mentions": [4, 3, 2, 1], "comments": [4, 3, 2, 1],
                            "attack_rate": [0.5, 0.0, 1.0, 0.2]})
    pairs = pd.DataFrame({"source": ["A"], "target": ["B"], "comments": [2]})
    nodes = charts.co_mention_network(targets, pairs).data[-1]
    assert nodes.cliponaxis is False
    assert list(nodes.textposition) == ["middle right", "top center", "middle left", "bottom center"]


def test_long_titles_are_broken_into_lines_that_a_half_page_column_shows():
    """A title wider than its chart was cut off ("Comments per topic (weighing ≥ 0.3 on it; a
    commen"): titles and axis titles are broken at spaces, and the title makes room for its lines."""
    from analytics.dashboard.pages.topics import COUNT_TITLE

    topics = pd.DataFrame({"topic_id": [0, 1], "label": ["fox news · point", "vote · biden"], "comments": [249, 136],
                           "share": [0.6, 0.4]})
    figure = charts.topic_bars(topics, COUNT_TITLE)
    title = figure.layout.title.text.split("<br>")
    assert len(title) > 1 and all(len(line) <= chart_text.TITLE_WIDTH for line in title)
    assert " ".join(title) == COUNT_TITLE and figure.layout.title.yanchor == "top"
    assert figure.layout.margin.t >= 34 + 22 * len(title)  # room for every line above the plot
    axis = figure.layout.xaxis.title.text.split("<br>")
    assert len(axis) == 2 and " ".join(axis) == charts.TOPIC_COUNT_AXIS  # beside the bars' labels: narrow
    assert all(len(line) <= chart_text.NARROW_AXIS_TITLE_WIDTH for line in axis)
    short = charts.sentiment_bars(pd.DataFrame({"sentiment": ["negative"], "comments": [3]}))
    assert short.layout.title.text == "Comments per sentiment"  # a title that fits stays one line
    frame = pd.DataFrame({"depth": [0, 1], "stance": ["agree", "neutral"], "comments": [30, 20]})
    stance = charts.stance_by_depth(frame)  # its depth axis says what faint bars mean: two lines
    assert stance.layout.xaxis.title.text.count("<br>") == 1
    assert stance.layout.legend.y == pytest.approx(-0.3 - chart_text.LEGEND_STEP)  # below both lines, not over the second


def test_topic_map_labels_grow_toward_the_middle_of_the_map():
    placed = pd.DataFrame({"topic_id": [0, 1, 2], "label": ["à gauche", "au centre", "à droite"],
                           "x": [-1.0, 0.0, 1.0], "y": [0.0, 0.5, 0.0]})
    sizes = pd.DataFrame({"topic_id": [0, 1, 2], "comments": [5, 10, 20]})
    figure = charts.topic_map(placed, sizes)
    assert list(figure.data[0].textposition) == ["top right", "top center", "top left"]
    assert figure.layout.xaxis.range[0] < -1.0 and figure.layout.xaxis.range[1] > 1.0
    near = pd.DataFrame({"topic_id": [0, 1, 2], "label": ["un", "deux", "loin"], "x": [0.0, 0.1, 1.0],
                         "y": [0.0, 0.02, 1.0]})
    labels = charts.topic_map(near, sizes).data[0].textposition
    assert [position.split()[0] for position in labels] == ["top", "bottom", "top"]  # the close pair splits


def test_topic_map_labels_level_with_each_other_never_run_into_each_other():
    """Seen on the demo: "4: people know · like · right" (right of its point, left third) and
    "3: donald trump · biden · party" (left of its point, right third) were far enough apart as
    points, yet their labels met in the middle; the second now goes under its point."""
    placed = pd.DataFrame({"topic_id": [4, 3, 0], "x": [0.0, 0.55, 1.0], "y": [0.0, 0.01, 1.0],
                           "label": ["people know · like · right", "donald trump · biden · party", "fox news"]})
    sizes = pd.DataFrame({"topic_id": [4, 3, 0], "comments": [5, 10, 20]})
    assert [position.split()[0] for position in charts.topic_map(placed, sizes).data[0].textposition] == [
        "top", "bottom", "top"]
    short = placed.assign(label=["a", "b", "c"])  # short labels that cannot meet stay above their points
    assert [position.split()[0] for position in charts.topic_map(short, sizes).data[0].textposition] == [
        "top", "top", "top"]


def test_network_labels_near_the_top_and_bottom_lean_away_from_each_other():
    from analytics.views.chart_text import outward

    assert outward(0.0, 1.0) == "top center" and outward(0.0, -1.0) == "bottom center"
    assert outward(-0.1, 0.99) == "top left" and outward(0.3, 0.95) == "top right"  # were both "top center"
    assert outward(-0.1, -0.99) == "bottom left" and outward(0.9, 0.1) == "middle right"
