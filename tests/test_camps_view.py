"""Camps under the filters: counted and profiled over the selected comments only."""
from __future__ import annotations

import json

import pytest

from analytics.store import open_reader
from analytics.views.camps import selected_camps
from analytics.views.state import ViewState
from analytics.views.topics import camps as stored_camps


@pytest.fixture
def reader(sample_store):
    connection = open_reader(sample_store)
    yield connection
    connection.close()


def test_without_filters_each_camp_holds_its_stored_comments(reader):
    camps = stored_camps(reader)
    assert len(camps) >= 2  # the demo corpus splits into camps
    shown = selected_camps(reader, ViewState())
    assert dict(zip(shown["camp_id"], shown["comments"])) == dict(zip(camps["camp_id"], camps["comments"]))


def test_under_a_filter_counts_and_profiles_come_from_the_selected_comments_only(reader):
    shown = selected_camps(reader, ViewState(sentiment="negative"))
    expected = dict(reader.execute("""
        SELECT f.camp, count(*) FROM comment_facts f WHERE f.camp IS NOT NULL AND f.sentiment_label = 'negative'
        GROUP BY f.camp""").fetchall())
    assert dict(zip(shown["camp_id"], shown["comments"])) == expected
    camp = int(shown["camp_id"].iloc[0])
    rows = reader.execute("""
        SELECT f.cid, t.target, avg(CASE t.stance WHEN 'favour' THEN 1.0 WHEN 'against' THEN -1.0 ELSE 0 END)
        FROM comment_facts f JOIN target_facts t ON t.cid = f.cid
        WHERE f.camp = ? AND f.sentiment_label = 'negative' GROUP BY ALL""", [camp]).fetchall()
    profile = json.loads(shown["profile"].iloc[0])
    for target, value in profile.items():
        by_hand = sum(stance for _, named, stance in rows if named == target) / expected[camp]
        assert value == pytest.approx(by_hand, abs=1e-3), target
    assert all(-1 <= value <= 1 for value in profile.values())


def test_camps_with_no_selected_comment_are_left_out(reader):
    assert selected_camps(reader, ViewState(search="zzzz-no-comment-says-this")).empty


def test_the_stance_page_draws_the_camps_of_the_selected_comments(sample_store, restore_store_env):
    from tests.conftest import open_app

    app = open_app(sample_store, {"page": "stance", "sentiment": "negative"})
    assert any("Under the filters" in caption.value for caption in app.caption)
    connection = open_reader(sample_store)
    try:
        shown = selected_camps(connection, ViewState(sentiment="negative"))
    finally:
        connection.close()
    labels = [expander.label for expander in app.expander if expander.label.startswith("Camp ")]
    assert len(labels) == len(shown)
    assert all(f"({n} selected)" in label for label, n in zip(labels, shown["comments"]))
