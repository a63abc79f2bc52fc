"""What a click hands back: a chart's customdata reaches Streamlit's click event as plain values,
never plotly 6's base64 arrays (a clicked topic used to come back as a dict and crash the page)."""
from __future__ import annotations

import json

import pandas as pd

from analytics.views import charts

TOPICS = pd.DataFrame({"topic_id": [1, 2], "label": ["guerre", "budget"], "comments": [3, 4], "weight": [1.5, 2.0]})
TARGETS = pd.DataFrame({"target": ["Vladimir Putin", "European Union"], "type": ["person", "institution"],
                        "mentions": [5, 3], "comments": [4, 3], "commenters": [3, 2], "mean_sentiment": [-0.4, 0.1],
                        "attack_rate": [0.5, 0.0]})


def customdata(figure) -> list:
    return [trace.get("customdata") for trace in json.loads(figure.to_json())["data"] if "customdata" in trace]


def figures():
    placed = pd.DataFrame({"topic_id": [1, 2], "label": ["guerre", "budget"], "x": [0.1, 0.9], "y": [0.2, 0.5]})
    return {"topic_bars": charts.topic_bars(TOPICS), "topic_map": charts.topic_map(placed, TOPICS),
            "target_bars": charts.target_bars(TARGETS),
            "co_mention_network": charts.co_mention_network(TARGETS, pd.DataFrame(
                {"source": ["Vladimir Putin"], "target": ["European Union"], "comments": [2]})),
            "drift_line": charts.drift_line(pd.DataFrame({"depth": [0, 1], "mean_drift": [0.1, 0.3],
                                                          "comments": [5, 2]}))}


def test_clicked_points_carry_plain_values():
    for name, figure in figures().items():
        for data in customdata(figure):
            assert isinstance(data, list), (name, data)
            assert "bdata" not in json.dumps(data), name


def test_a_clicked_topic_gives_its_number():
    point = {"customdata": customdata(charts.topic_bars(TOPICS))[0][0]}
    from analytics.dashboard.widgets import custom

    assert int(custom(point, 0)) in (1, 2)
