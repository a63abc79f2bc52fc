"""The Stance page's stance toward the article, with Streamlit's AppTest: top-level comments of two
articles that ask a question, answered yes and no, shown by article with the counts the store holds."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tests.conftest import open_app

pytestmark = pytest.mark.usefixtures("restore_store_env")

ANSWERS = {
    "Faut-il interdire les voitures dans le centre-ville ?": [
        "Oui, l'air sera enfin respirable.", "Absolument, et vite.", "Non, les commerçants vont fermer.",
        "Je suis pour, mes enfants pourront aller à l'école à vélo."],
    "Faut-il rendre les transports en commun gratuits ?": [
        "Non, il faudra bien payer les conducteurs.", "Surtout pas, les impôts vont encore monter.",
        "Oui, tout le monde y gagnerait."]}


@pytest.fixture(scope="module")
def question_store(tmp_path_factory):
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.ingest import ingest_paths
    from analytics.pipeline.options import AnalysisOptions
    from analytics.store import connect

    rows = []
    for number, (title, answers) in enumerate(ANSWERS.items()):
        for index, text in enumerate(answers):
            rows.append({"comment_id": f"a{number}-{index}", "parent_id": "", "article_id": f"article{number}",
                         "title": title, "author": f"user{index}", "text": text})
        rows.append({"comment_id": f"a{number}-reply", "parent_id": f"a{number}-0", "article_id": f"article{number}",
                     "title": title, "author": "user9", "text": "Tout à fait d'accord avec vous."})
    source = tmp_path_factory.mktemp("questions") / "questions.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    store = tmp_path_factory.mktemp("question-store") / "store"
    connection = connect(store)
    ingest_paths(connection, [source])
    analyze(connection, AnalysisOptions(mode="fast", workers=1))
    connection.close()
    return store


def stored(store) -> dict[tuple[str, str], int]:
    connection = duckdb.connect(str(store / "palabre.duckdb"), read_only=True)
    try:
        return {(article, label): n for article, label, n in connection.execute(
            "SELECT article_id, label, count(*) FROM reply_stance WHERE toward = 'article' GROUP BY ALL").fetchall()}
    finally:
        connection.close()


def test_top_level_comments_answering_the_title_take_the_side_of_their_answer(question_store):
    assert stored(question_store) == {("article0", "favour"): 3, ("article0", "against"): 1,
                                      ("article1", "favour"): 1, ("article1", "against"): 2}


def test_stance_page_shows_stance_toward_the_article_by_article(question_store):
    app = open_app(question_store, page="stance")
    [table] = [frame.value for frame in app.dataframe if "favour" in frame.value.columns]
    counts = stored(question_store)
    assert list(table["article"]) == list(ANSWERS)  # the most commented article first
    for number, row in enumerate(table.itertuples()):
        article = f"article{number}"
        assert (row.favour, row.against, row.neutral) == tuple(counts.get((article, label), 0)
                                                               for label in ("favour", "against", "neutral"))
        assert row.comments == len(ANSWERS[row.article])
    assert any("7 selected top-level comments in 2 articles" in caption.value for caption in app.caption)


def test_stance_toward_the_article_follows_the_filters(question_store):
    app = open_app(question_store, {"page": "stance", "stance": "against"})
    [table] = [frame.value for frame in app.dataframe if "favour" in frame.value.columns]
    assert list(table["against"]) == [2, 1] and table["favour"].sum() == 0
