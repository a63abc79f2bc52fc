"""Shares show the number of comments they rest on, and are drawn faint below FEW comments."""
from __future__ import annotations

import pandas as pd

from analytics.views import charts


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
