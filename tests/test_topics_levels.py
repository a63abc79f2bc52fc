"""Topics per language, their merge hierarchy (`topics merge`), labels that are never insults nor
shared, one definition of a topic's comment count, and the upgrade of version-5 stores."""
from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.enrich.topics.hierarchy import level, levels, members, merge_tree
from analytics.enrich.topics.labels import is_insult, topic_labels
from analytics.enrich.topics.languages import LanguageTopics

FRENCH = {"foot": "match équipe joueur stade ballon arbitre", "cuisine": "recette farine sucre four beurre gâteau",
          "vote": "élection ministre parti sénat réforme candidat"}
ENGLISH = {"weather": "rain storm wind cloud forecast thunder", "music": "guitar song concert band album drummer"}


def themed(themes: dict[str, str], repeat: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(words.split(), size=4, replace=False))
            for _ in range(repeat) for words in themes.values()]


def test_each_language_gets_its_own_topics_and_a_rare_one_none():
    french, english = themed(FRENCH, 20), themed(ENGLISH, 20)
    german = ["wetter regen wind", "regen wind sonne", "sonne wetter regen", "wind sonne wetter", "regen sonne"]
    documents = french + english + german
    langs = ["fr"] * len(french) + ["en"] * len(english) + ["de"] * len(german)
    model = LanguageTopics(min_language_documents=30, random_state=0).fit(documents, langs)
    assert [name for name, _ in model.models_] == ["fr", "en"]
    assert model.unassigned_ == {"de": 5}
    french_words = set(" ".join(FRENCH.values()).split())
    for terms, lang in zip(model.top_terms_, model.topic_lang_):
        assert all((term in french_words) == (lang == "fr") for term, _ in terms[:3])
    weights = model.transform(documents, langs)
    french_topics = np.array(model.topic_lang_) == "fr"
    assert np.allclose(weights[:len(french)][:, ~french_topics], 0)
    assert np.allclose(weights[:len(french)].sum(axis=1), 1)
    assert np.allclose(weights[-len(german):], 0)


def test_small_languages_are_pooled_under_other():
    documents = themed(FRENCH, 10) + themed(ENGLISH, 10)
    langs = ["fr"] * 30 + ["en"] * 20
    model = LanguageTopics(min_language_documents=200, n_topics=4).fit(documents, langs)
    assert [name for name, _ in model.models_] == ["other"] and model.n_topics_ == 4


def test_cross_language_topics_come_from_one_embedding_model():
    documents = themed(FRENCH, 8) + themed(ENGLISH, 8)
    langs = ["fr"] * 24 + ["en"] * 16
    model = LanguageTopics(method="embeddings", n_topics=3, min_language_documents=5).fit(documents, langs)
    assert [name for name, _ in model.models_] == ["all"]
    assert np.allclose(model.transform(documents, langs).sum(axis=1), 1)


def test_labels_are_never_insults_and_never_shared():
    assert is_insult("pute") and is_insult("connasses") and is_insult("fucking") and is_insult("idiot")
    assert not is_insult("match") and not is_insult("élection")
    labels = topic_labels([["grosse pute", "match équipe"], ["match équipe"], ["match équipe"], []],
                          [["pute", "match", "équipe", "stade"], ["match", "équipe", "stade"],
                           ["match", "équipe", "stade"], ["salope", "connard"]])
    assert labels[0] == "match équipe · stade"
    assert len(set(labels)) == 4
    assert not any(is_insult(word) for label in labels for word in label.replace("·", " ").split())


def test_the_merge_hierarchy_joins_the_closest_topics_first():
    vectors = [{"rain": 1.0, "storm": 0.5}, {"rain": 0.9, "wind": 0.6}, {"song": 1.0}, {"song": 0.8, "band": 0.7}]
    merges = merge_tree(vectors)
    assert len(merges) == 3
    assert {frozenset(members(merges, 4)[node]) for node in level(merges, 4, 2)} == {frozenset({0, 1}),
                                                                                     frozenset({2, 3})}
    assert level(merges, 4, 4) == [0, 1, 2, 3] and len(level(merges, 4, 1)) == 1
    assert levels(40) == [8, 15, 30, 40] and levels(12) == [8, 12] and levels(5) == [5]
    with pytest.raises(ValueError, match="between 1 and 4"):
        level(merges, 4, 5)


def test_topics_of_two_languages_merge_only_once_each_language_is_one_topic():
    vectors = [{"rain": 1.0}, {"song": 1.0}, {"trump": 1.0}, {"pluie": 1.0}, {"trump": 0.9, "vote": 0.4}, {"vent": 1.0}]
    langs = ["en", "en", "en", "fr", "fr", "fr"]
    merges = merge_tree(vectors, langs)
    groups = {frozenset(members(merges, 6)[node]) for node in level(merges, 6, 2)}
    assert groups == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}  # "trump" is in both, yet stays apart


@pytest.fixture(scope="module")
def fitted_store(tmp_path_factory):
    """A store of 240 French comments on three subjects and 240 English ones on two, analysed."""
    folder = tmp_path_factory.mktemp("levels")
    french = [f"Le {text.replace(' ', ' et le ')}." for text in themed(FRENCH, 80, 1)]
    english = [f"The {text.replace(' ', ' and the ')}." for text in themed(ENGLISH, 120, 2)]
    source = folder / "comments.csv"
    pd.DataFrame({"article_id": ["fr"] * len(french) + ["en"] * len(english),
                  "comment_id": [f"c{i}" for i in range(len(french) + len(english))],
                  "text": french + english}).to_csv(source, index=False)
    store = str(folder / "s")
    main(["ingest", str(source), "--store", store])
    main(["analyze", "--store", store, "--mode", "fast"])
    return store


def test_one_definition_of_a_topics_comments_everywhere(fitted_store, capsys):
    from analytics.store import connect
    from analytics.views.selection import overview
    from analytics.views.state import ViewState
    from analytics.views.topics import level_topics, topic_sizes

    assert main(["topics", "--store", fitted_store, "--topics", "5", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {row["lang"] for row in printed["topics"]} == {"fr", "en"}
    assert printed["merge_levels"] == [8, 10]
    connection = connect(fitted_store, read_only=True)
    stored = dict(connection.execute("SELECT topic_id, comments FROM topics UNION ALL "
                                     "SELECT topic_id, comments FROM topic_groups").fetchall())
    for count in (10, 4, 2):
        shown = level_topics(connection, count)
        assert len(shown) == count
        sizes = topic_sizes(connection, ViewState(), tuple(int(t) for t in shown["topic_id"]))
        for topic, comments in zip(sizes["topic_id"], sizes["comments"]):
            assert comments == stored[topic] == overview(connection, ViewState(topic=int(topic)))["comments"]
    connection.close()
    assert main(["topics", "merge", "2", "--store", fitted_store, "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)
    assert len(merged) == 2 and sorted(leaf for row in merged for leaf in row["members"]) == list(range(10))
    assert [row["comments"] for row in merged] == [stored[row["topic"]] for row in merged]


def test_topics_merge_refuses_a_number_it_cannot_show(fitted_store, capsys):
    assert main(["topics", "merge", "99", "--store", fitted_store]) == 2
    assert "between 1 and" in capsys.readouterr().err


def test_a_version_5_store_is_upgraded(tmp_path):
    from analytics.store import connect
    from analytics.store.schema import SCHEMA_VERSION

    store = tmp_path / "s"
    connect(store).close()
    database = duckdb.connect(str(store / "palabre.duckdb"))
    database.execute("DROP TABLE topic_groups")
    database.execute("DROP TABLE topic_members")
    database.execute("ALTER TABLE topics DROP COLUMN lang")
    database.execute("INSERT INTO topics (topic_id, label, comments) VALUES (0, 'match · équipe', 7)")
    database.execute("INSERT INTO topic_weights VALUES ('a', 'c1', 0, 0.6), ('a', 'c2', 0, 0.2), ('a', '', 0, 0.9)")
    database.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    database.close()
    connection = connect(store)
    assert SCHEMA_VERSION == 6
    assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("6",)
    assert connection.execute("SELECT topic_id, comments, lang FROM topics").fetchall() == [(0, 1, None)]
    assert connection.execute("SELECT * FROM topic_members").fetchall() == [(0, 0)]
    assert connection.execute("SELECT count(*) FROM topic_groups").fetchone() == (0,)
    connection.close()


def test_a_document_is_in_no_topic_when_no_topic_weighs_0_3():
    from analytics.evaluation.topics import no_topic_share

    weights = np.array([[0.9, 0.1, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25], [2.0, 1.0, 1.0, 2.0], [0, 0, 0, 0]])
    assert no_topic_share(weights) == 0.5  # the second (spread evenly) and the fourth (no word known)


def test_the_count_axis_says_the_threshold_the_filter_uses():
    from analytics.views.charts import TOPIC_COUNT_AXIS
    from analytics.views.filters import TOPIC_MEMBERSHIP

    assert f"≥ {TOPIC_MEMBERSHIP} on the topic" in TOPIC_COUNT_AXIS


def test_the_analysis_s_worker_processes_fit_each_language_to_the_same_topics():
    """`analyze` hands the languages' fits to its worker processes (one language each): the
    topics, the refusals and the weights are those of fitting them here, one after the other."""
    from analytics.pipeline.processes import Processes

    french, english = themed(FRENCH, 20), themed(ENGLISH, 20)
    german = ["wetter regen wind", "regen wind sonne", "sonne wetter regen"]
    documents, langs = french + english + german, ["fr"] * 60 + ["en"] * 40 + ["de"] * 3
    here = LanguageTopics(min_language_documents=30).fit(documents, langs)
    processes = Processes(2)
    try:
        there = LanguageTopics(min_language_documents=30).fit(documents, langs, processes.map)
        assert processes.started
        assert there.top_terms_ == here.top_terms_ and there.unassigned_ == here.unassigned_ == {"de": 3}
        for (name, fitted), (same, expected) in zip(there.models_, here.models_):
            assert name == same and np.array_equal(fitted.components_, expected.components_)
        assert np.array_equal(there.transform(documents, langs), here.transform(documents, langs))
    finally:
        processes.close()
