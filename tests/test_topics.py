"""Topics: reproducible, several per comment, the number taken from the corpus's size;
stored and exported by the `topics` command."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.enrich.topics.model import (
    TopicModel,
    default_topics,
    npmi_coherence,
    stability,
)
from analytics.errors import UsageError

THEMES = {"football": ("match équipe joueur", ["but", "stade", "ballon", "supporter", "arbitre"]),
          "cooking": ("recette farine sucre", ["four", "beurre", "gâteau", "oeuf", "chocolat"]),
          "politics": ("élection ministre parti", ["vote", "loi", "candidat", "sénat", "réforme"])}
FOOTBALL, COOKING, POLITICS = ([f"{core} {extra}" for extra in extras] for core, extras in THEMES.values())


def corpus(repeat: int = 3) -> list[str]:
    return (FOOTBALL + COOKING + POLITICS) * repeat


def test_the_number_of_topics_grows_with_the_corpus():
    assert [default_topics(documents, 10_000) for documents in (30, 200, 1_024, 5_000, 25_600, 1_000_000)] == \
        [2, 4, 8, 18, 40, 40]
    assert default_topics(5_000, 12) == 4  # never more than a third of the vocabulary


def test_the_default_finds_at_least_8_topics_in_5000_comments():
    rng = np.random.default_rng(0)
    themes = [[f"w{theme}x{word}" for word in range(12)] for theme in range(25)]
    documents = [" ".join(rng.choice(themes[n % 25], size=6, replace=False)) for n in range(5_000)]
    model = TopicModel(top_n=5).fit(documents)
    assert model.n_topics_ >= 8 and model.selection_["topics"] == model.n_topics_
    pure = sum(len({term.split("x")[0] for term, _ in terms}) == 1 for terms in model.top_terms_)
    assert pure >= 8  # each of those topics is one theme's words


def test_the_same_data_and_seed_give_the_same_topics():
    first = TopicModel(random_state=3, top_n=3, n_topics=3).fit(corpus())
    second = TopicModel(random_state=3, top_n=3, n_topics=3).fit(corpus())
    assert first.top_terms_ == second.top_terms_
    assert np.array_equal(first.transform(corpus()), second.transform(corpus()))
    groups = sorted(sorted(term for term, _ in terms) for terms in first.top_terms_)
    assert groups == sorted(sorted(core.split()) for core, _ in THEMES.values())


def test_a_comment_on_two_subjects_gets_two_topics():
    model = TopicModel(n_topics=3).fit(corpus())
    [weights] = model.transform(["match équipe ministre élection"])
    assert sorted(weights)[-2] > 0.25 and weights.sum() == pytest.approx(1)


def test_a_document_without_known_words_has_no_weight():
    model = TopicModel(n_topics=3).fit(corpus())
    assert model.transform(["zzz yyy"]).tolist() == [[0.0, 0.0, 0.0]]


def test_too_small_a_corpus_is_refused_clearly():
    with pytest.raises(UsageError, match="at least 20 documents"):
        TopicModel().fit(FOOTBALL)
    with pytest.raises(UsageError, match="one string"):
        TopicModel().fit("un seul texte")


def test_lda_is_available_as_an_option():
    model = TopicModel(method="lda", n_topics=3).fit(corpus())
    assert model.transform(corpus()[:2]).shape == (2, 3)


def test_npmi_and_stability_on_known_cases():
    from scipy.sparse import csc_matrix

    presence = csc_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=np.float32))
    assert npmi_coherence([[0, 1]], presence) == [pytest.approx(1.0)]
    assert npmi_coherence([[0, 2]], presence) == [-1.0]
    assert stability([[1, 2], [3, 4]], [[3, 4], [1, 2]]) == 1.0


def test_the_topics_command_stores_topics_and_weights(tmp_path, capsys):
    source = tmp_path / "comments.csv"
    texts = corpus(2)
    pd.DataFrame({"article_id": ["a"] * len(texts), "comment_id": [f"c{i}" for i in range(len(texts))],
                  "text": texts}).to_csv(source, index=False)
    store = str(tmp_path / "s")
    main(["ingest", str(source), "--store", store])
    assert main(["topics", "--store", store]) == 2
    assert "no analysed comment" in capsys.readouterr().err
    main(["analyze", "--store", store, "--mode", "fast"])
    assert main(["topics", "--store", store, "--topics", "3", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["topics"]) == 3
    out = tmp_path / "topics.csv"
    assert main(["export", "--store", store, "--table", "topics", "--out", str(out)]) == 0
    topics = pd.read_csv(out)
    fitted = topics[topics["members"].map(lambda members: len(json.loads(members)) == 1)]
    assert len(fitted) == 3 and len(topics) == 5 and topics["appears_at"].tolist() == [3, 3, 3, 2, 1]
    assert fitted["comments"].sum() >= len(texts)  # every comment weighs at least 1/3 on one of 3 topics
    assert topics["comments"].iat[-1] == len(texts)  # all three merged: every comment
    assert all(len(json.loads(typical)) == 3 for typical in fitted["typical"])


def test_drift_grows_as_replies_leave_the_articles_subject(tmp_path, capsys):
    article = "Le match de football : l'équipe et ses joueurs ont gagné, le match était beau."
    football = [f"{core} {extra}" for core, extras in [THEMES["football"]] for extra in extras]
    cooking = [f"{core} {extra}" for core, extras in [THEMES["cooking"]] for extra in extras]
    politics = [f"{core} {extra}" for core, extras in [THEMES["politics"]] for extra in extras]
    rows = []
    for n in range(10):
        top = f"t{n}"
        rows.append({"article_id": "a", "article_title": article, "comment_id": top, "parent_id": "",
                     "text": football[n % 5]})
        rows.append({"article_id": "a", "article_title": article, "comment_id": f"r{n}", "parent_id": top,
                     "text": (cooking if n % 2 else politics)[n % 5]})
    source = tmp_path / "thread.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    store = str(tmp_path / "s")
    main(["ingest", str(source), "--store", store])
    main(["analyze", "--store", store, "--mode", "fast"])
    capsys.readouterr()
    assert main(["topics", "--store", store, "--topics", "3", "--json"]) == 0
    drift = {row["depth"]: row["mean_drift"] for row in json.loads(capsys.readouterr().out)["drift_by_depth"]}
    assert drift[1] > drift[0] + 0.3


def test_analyze_fits_topics_with_key_phrases_and_shares_per_depth(tmp_path):
    from analytics.store import connect
    from analytics.views.reports import topic_shares

    rows = []
    for n in range(12):
        rows.append({"article_id": "a", "comment_id": f"t{n}", "parent_id": "", "text": FOOTBALL[n % 5]})
        rows.append({"article_id": "a", "comment_id": f"r{n}", "parent_id": f"t{n}", "text": COOKING[n % 5]})
    source = tmp_path / "thread.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    store = tmp_path / "s"
    main(["ingest", str(source), "--store", str(store)])
    main(["analyze", "--store", str(store), "--mode", "fast"])
    connection = connect(store, read_only=True)
    topics = connection.execute("SELECT topic_id, label, key_phrases FROM topics").fetchall()
    assert topics, "analyze fitted no topics"
    football = next(topic for topic, label, _ in topics if "match" in label)
    assert "match équipe" in json.loads(next(p for t, _, p in topics if t == football))
    shares = topic_shares(connection, "depth")
    top_level = shares[(shares["depth"] == 0) & (shares["topic_id"] == football)]["share"].item()
    replies = shares[(shares["depth"] == 1) & (shares["topic_id"] == football)]["share"]
    assert top_level > 0.8 and (replies.empty or replies.item() < 0.2)
    by_article = topic_shares(connection, "article")
    assert by_article.groupby("article")["share"].sum().round(3).tolist() == [1.0]
    connection.close()


def test_embedding_clusters_are_available_as_an_option_and_reproducible():
    first = TopicModel(method="embeddings", n_topics=3, top_n=3).fit(corpus())
    groups = sorted(sorted(term for term, _ in terms) for terms in first.top_terms_)
    assert groups == sorted(sorted(core.split()) for core, _ in THEMES.values())
    weights = first.transform(corpus()[:2])
    assert weights.shape == (2, 3) and np.allclose(weights.sum(axis=1), 1)
    second = TopicModel(method="embeddings", n_topics=3, top_n=3).fit(corpus())
    assert first.top_terms_ == second.top_terms_


def test_key_phrases_are_the_same_whatever_the_hash_seed():
    """Tied phrases used to come in set order, which changes with PYTHONHASHSEED between runs."""
    import subprocess
    import sys

    code = ("import numpy as np\nfrom analytics.enrich.topics.model import key_phrases\n"
            "docs = ['true king true', 'king true king', 'war peace war', 'peace war peace']\n"
            "print(key_phrases(docs, np.ones((4, 1)), top=1))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in range(8)}
    assert len(outputs) == 1
