"""Fast page tests with Streamlit's AppTest: the corpus page on the sample and on an empty store."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def app(monkeypatch, tmp_path):
    monkeypatch.setenv("PALABRE_STORE", str(tmp_path / "store"))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_first_start_ingests_the_sample_and_shows_the_corpus(app):
    app.run()
    assert not app.exception
    assert [metric.value for metric in app.metric] == ["1", "5", "1", "0"]
    table = app.dataframe[0].value
    assert table["comments"].tolist() == [5] and table["title"].str.startswith("Poutine").all()
    assert len(app.get("plotly_chart")) == 3  # depths, sentiment, targets (the sample is analysed on first start)
    assert any("analysis run 1 (fast mode), 5 comments analysed" in caption.value for caption in app.caption)


def test_choosing_an_article_puts_it_in_the_url_and_draws_its_thread(app):
    app.run()
    app.selectbox[0].select_index(1).run()
    assert not app.exception
    article_id = app.query_params["article"]
    assert isinstance(article_id, str) and article_id
    threaded = [block.value for block in app.markdown if "depth" in block.value]
    assert [("margin-left:2rem" in block) for block in threaded] == [False, True, True, True, False]
    assert "Bojo" in threaded[1]


def test_a_link_naming_an_article_opens_on_it(app):
    app.run()
    article_id = app.dataframe[0].value["id"].iat[0]
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    fresh.query_params["article"] = article_id
    fresh.run()
    assert fresh.selectbox[0].value == article_id


def test_a_link_naming_an_unknown_article_warns_and_shows_all(app):
    app.query_params["article"] = "no-such-article"
    app.run()
    assert not app.exception
    assert "no-such-article" in app.warning[0].value
    assert app.selectbox[0].value is None


def test_validation_report_is_shown_when_an_ingest_reported_problems(app, tmp_path):
    import os

    from analytics.ingest import ingest_paths
    from analytics.store import connect

    path = tmp_path / "orphans.csv"
    path.write_text("comment_id,parent_id,text\na,missing,lost\n", encoding="utf-8")
    connection = connect(os.environ["PALABRE_STORE"])
    ingest_paths(connection, [path])
    connection.close()
    app.run()
    assert not app.exception
    assert app.expander[0].label == "Validation report (1 entries)"
    report = app.expander[0].dataframe[0].value
    assert report["kind"].tolist() == ["orphan"] and report["location"].tolist() == ["line 2"]
