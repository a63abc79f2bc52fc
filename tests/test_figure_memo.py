"""Charts kept with their data: equal data gives back the figure built before, any change in the
data, its columns, its types or the other arguments builds a new one."""
from __future__ import annotations

import pandas as pd

from analytics.views import charts, figure_memo

COUNTS = pd.DataFrame({"sentiment": ["negative", "neutral", "positive"], "comments": [3, 5, 2]})


def test_equal_data_gives_back_the_same_figure():
    figure_memo.clear()
    first = charts.sentiment_bars(COUNTS)
    assert charts.sentiment_bars(COUNTS.copy()) is first  # content, not identity
    assert charts.sentiment_bars(COUNTS, title="Comments per sentiment") is not first  # a keyword is another call
    assert charts.sentiment_bars(COUNTS, "Other title") is not first
    assert list(charts.sentiment_bars(COUNTS, "Other title").data[0].y) == [3, 5, 2]


def test_any_change_in_the_data_builds_a_new_figure():
    figure_memo.clear()
    first = charts.sentiment_bars(COUNTS)
    changed = COUNTS.assign(comments=[3, 5, 4])
    assert list(charts.sentiment_bars(changed).data[0].y) == [3, 5, 4]
    assert charts.sentiment_bars(COUNTS.assign(comments=[3.0, 5.0, 2.0])) is not first  # another dtype
    assert charts.sentiment_bars(COUNTS.rename(columns={"comments": "comments"}).iloc[[0, 1, 2]]) is first
    assert charts.sentiment_bars(COUNTS.iloc[[2, 1, 0]]) is not first  # another order
    timeline = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"]), "sentiment": ["neutral"], "comments": [1]})
    timeline.attrs["undated"] = 3
    dated = charts.comments_over_time(timeline, "day")
    other = timeline.copy()
    other.attrs["undated"] = 4
    assert charts.comments_over_time(other, "day") is not dated  # attrs are part of the data


def test_arguments_without_a_content_key_are_drawn_without_the_memo():
    figure_memo.clear()
    frame = pd.DataFrame({"sentiment": [["a"], ["b"]], "comments": [1, 2]})  # cells holding lists
    assert figure_memo._part(1.5) == 1.5
    try:
        figure_memo._part(frame)
    except figure_memo.Unkeyable:
        pass
    else:
        raise AssertionError("a frame of lists cannot be keyed by its content")
    calls = []

    @figure_memo.memo
    def drawn(data):
        calls.append(1)
        return object()

    assert drawn(frame) is not drawn(frame) and len(calls) == 2
    assert drawn(COUNTS) is drawn(COUNTS) and len(calls) == 3


def test_the_memo_keeps_a_bounded_number_of_figures(monkeypatch):
    figure_memo.clear()
    monkeypatch.setattr(figure_memo, "FIGURES", 3)
    figures = [charts.sentiment_bars(COUNTS.assign(comments=[n, 1, 1])) for n in range(5)]
    assert len(figure_memo._figures) == 3
    assert charts.sentiment_bars(COUNTS.assign(comments=[4, 1, 1])) is figures[4]
    assert charts.sentiment_bars(COUNTS.assign(comments=[0, 1, 1])) is not figures[0]
