"""Stance: replies toward their parents (French and English), comments toward their targets,
camps of commenters; the RumourEval goal on threads of an event never trained on."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.enrich.stance import model as stance
from analytics.enrich.stance.camps import describe, find_camps
from analytics.pipeline.analyze import analyze
from analytics.pipeline.camps import fit_camps
from analytics.pipeline.ingest import ingest_paths
from analytics.pipeline.options import AnalysisOptions
from analytics.views.reports import export_table
from tests.conftest import SHARED_DATA, shared_dataset

CLAIM = "Le gouvernement a menti sur les chiffres du chômage, selon le rapport publié hier."
SOURCE = "Police confirm two people were killed in the shooting downtown."


@pytest.mark.parametrize("reply, expected", [
    ("Je confirme, c'est exactement ce qui s'est passé.", "agree"),
    ("C'est vrai que le ministre a reconnu l'erreur.", "agree"),
    ("Tout à fait d'accord avec vous.", "agree"),
    ("Faux. Les chiffres sont publics.", "disagree"),
    ("N'importe quoi.", "disagree"),
    ("Pas du tout, relisez le rapport.", "disagree"),
    ("Vous avez une source ?", "query"),
    ("Il fait beau aujourd'hui à Lyon.", "neutral"),
])
def test_french_replies(reply, expected):
    assert stance.predict([reply], [CLAIM], [CLAIM], [1], "fr")[0].label == expected


@pytest.mark.parametrize("reply, expected", [
    ("This is fake, stop spreading rumours", "disagree"),
    ("No, that is wrong.", "disagree"),
    ("Exactly, the police said so.", "agree"),
    ("Is this confirmed?", "query"),
    ("I had lunch with my mum", "neutral"),
])
def test_english_replies(reply, expected):
    assert stance.predict([reply], [SOURCE], [SOURCE], [1], "en")[0].label == expected


def test_a_question_opening_with_a_marker_is_a_query():
    assert stance.predict(["Vraiment ? Quelle est la source ?"], [CLAIM], langs="fr")[0].label == "query"


def test_probabilities_are_reported_in_label_order_and_sum_to_one():
    found = stance.predict(["Faux."], [CLAIM], langs="fr")[0]
    assert list(found.as_dict()["probabilities"]) == list(stance.LABELS)
    assert sum(found.probabilities) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("sentiment, attack, expected", [
    (0.6, False, "favour"), (0.6, True, "against"), (-0.5, False, "against"), (0.05, False, "neutral"),
    (None, False, "neutral"), (None, True, "against")])
def test_stance_toward_a_target_follows_what_is_said_and_attacks(sentiment, attack, expected):
    assert stance.target_stance(sentiment, attack) == expected


def test_cli_predict_stance_reads_parent_and_root(tmp_path, capsys):
    source = tmp_path / "replies.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": "Faux, c'est une rumeur.", "parent": CLAIM},
        {"text": "Is that true?", "parent": "They say it happened at noon.", "root": SOURCE},
    ]) + "\n", encoding="utf-8")
    assert main(["predict", "stance", "--input", str(source)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["label"] for line in lines] == ["disagree", "query"]
    assert [line["lang"] for line in lines] == ["fr", "en"]


def test_cli_predict_stance_names_the_record_without_a_parent(tmp_path, capsys):
    source = tmp_path / "replies.jsonl"
    source.write_text('{"text": "Faux", "parent": "x"}\n{"text": "Vrai"}\n', encoding="utf-8")
    assert main(["predict", "stance", "--input", str(source)]) == 2
    error = capsys.readouterr().err
    assert "record 2" in error and "parent" in error


def test_camps_from_profiles_known_by_construction():
    rng = np.random.default_rng(0)
    against_eu = np.array([-1.0, -1.0, 1.0]) + rng.normal(0, 0.15, (10, 3))
    for_eu = np.array([1.0, 1.0, -1.0]) + rng.normal(0, 0.15, (8, 3))
    camps = find_camps(np.vstack([against_eu, for_eu]))
    assert camps.count == 2
    assert list(camps.labels) == [0] * 10 + [1] * 8  # largest camp first
    names = ["European Union", "Volodymyr Zelensky", "Vladimir Putin"]
    assert describe(camps.centroids[0], names) in (
        "against European Union and Volodymyr Zelensky, favourable to Vladimir Putin",
        "against Volodymyr Zelensky and European Union, favourable to Vladimir Putin")  # strongest first
    assert describe([-0.9, -0.4, 0.1], names) == "against European Union and Volodymyr Zelensky"
    assert describe([0.1, 0.0, -0.1], names) == "no marked stance toward the main targets"
    again = find_camps(np.vstack([against_eu, for_eu]))
    assert list(again.labels) == list(camps.labels) and np.allclose(again.centroids, camps.centroids)


def test_profiles_without_structure_make_one_camp():
    camps = find_camps(np.random.default_rng(1).uniform(-1, 1, (40, 4)))
    assert camps.count == 1
    assert camps.selection[-1]["camps"] == 1


PRO_RUSSIA = ["Poutine est un grand dirigeant, bravo à lui.", "L'UE est une honte, ces eurocrates sont des incapables.",
              "Zelensky est un menteur et un clown.", "Vive Poutine, un vrai chef."]
PRO_EUROPE = ["Poutine est un criminel de guerre, une honte.", "L'UE fait un excellent travail, bravo.",
              "Zelensky est un héros courageux.", "Merci à l'Union européenne pour son soutien formidable."]


@pytest.fixture
def two_camp_store(connection, tmp_path):
    rows = []
    for group, texts in (("russia", PRO_RUSSIA), ("europe", PRO_EUROPE)):
        for person in range(6):
            for n in range(3):
                rows.append({"comment_id": f"{group}{person}-{n}", "parent_id": "", "article_id": "summit",
                             "author": f"{group}_{person}", "text": texts[(person + n) % len(texts)]})
    source = tmp_path / "camps.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    ingest_paths(connection, [source], None, {}, None)
    return connection


@pytest.mark.xfail(strict=True, reason="0.8.0 fast scorer false alarm: 'Vive Poutine, un vrai chef.' is read as an "
                                       "attack on Putin, so the pro-Russia commenters split (6 camps)")
def test_analyze_finds_the_two_camps_of_a_corpus_built_with_two(two_camp_store):
    result = analyze(two_camp_store, AnalysisOptions(mode="fast"))
    assert result.camps == 2
    camps = two_camp_store.execute("SELECT camp_id, description, commenters, comments FROM camps ORDER BY camp_id").fetchall()
    members = dict(two_camp_store.execute("SELECT commenter, camp_id FROM commenter_camps").fetchall())
    russia_camp = members["russia_0"]
    assert {members[f"russia_{n}"] for n in range(6)} == {russia_camp}
    assert {members[f"europe_{n}"] for n in range(6)} == {1 - russia_camp}
    assert "favourable to Vladimir Putin" in camps[russia_camp][1]
    assert "against Vladimir Putin" in camps[1 - russia_camp][1]
    assert "European Union" in camps[russia_camp][1].split(",")[0]  # against the EU
    assert [row[2:] for row in camps] == [(6, 18), (6, 18)]


def test_camps_are_reproducible(two_camp_store):
    analyze(two_camp_store, AnalysisOptions(mode="fast"))
    first = two_camp_store.execute("SELECT * FROM commenter_camps ORDER BY commenter").fetchall()
    fit_camps(two_camp_store)
    assert two_camp_store.execute("SELECT * FROM commenter_camps ORDER BY commenter").fetchall() == first


def test_analyze_stores_reply_stance_and_export_carries_it(connection, tmp_path):
    source = tmp_path / "thread.csv"
    pd.DataFrame([
        {"comment_id": "a", "parent_id": "", "article_id": "x", "title": "Le chômage baisse", "text": "Enfin une bonne nouvelle."},
        {"comment_id": "b", "parent_id": "a", "article_id": "x", "title": "", "text": "Faux, les chiffres sont truqués."},
        {"comment_id": "c", "parent_id": "a", "article_id": "x", "title": "", "text": "Je confirme, bonne nouvelle."},
        {"comment_id": "d", "parent_id": "b", "article_id": "x", "title": "", "text": "Vous avez une source ?"},
    ]).to_csv(source, index=False)
    ingest_paths(connection, [source], None, {}, None)
    analyze(connection, AnalysisOptions(mode="fast"))
    found = {comment: (toward, label) for comment, toward, label in connection.execute(
        "SELECT comment_id, toward, label FROM reply_stance").fetchall()}
    assert found["b"] == ("parent", "disagree")
    assert found["c"] == ("parent", "agree")
    assert found["d"] == ("parent", "query")
    assert found["a"][0] == "article"
    out = tmp_path / "comments.csv"
    assert export_table(connection, "comments", out) == 4
    exported = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("comment_id")
    assert exported.loc["b", "stance"] == "disagree" and exported.loc["b", "stance_toward"] == "parent"
    assert exported.loc["a", "stance_toward"] == "article"


@pytest.mark.skipif(not (SHARED_DATA / "rumoureval2017_threads_en").is_dir(),
                    reason="RumourEval 2017 not found in ../shared/data (set PALABRE_SHARED_DATA)")
def test_reply_stance_goal_on_rumoureval_threads_never_seen():
    from analytics.evaluation.stance import evaluate_stance

    shared_dataset("rumoureval2017_threads_en")
    rows = {row.system: row for row in evaluate_stance(SHARED_DATA)}
    majority = next(row for name, row in rows.items() if name.startswith("majority"))
    palabre = rows["Palabre (classifier + answer markers)"]
    assert palabre.examples == 256
    assert palabre.macro_f1 >= 0.50
    assert palabre.accuracy >= majority.accuracy
