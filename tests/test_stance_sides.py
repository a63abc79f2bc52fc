"""Answers to yes/no questions take a side (analytics/enrich/stance/sides.py)."""
import pytest

from analytics.datasets import stance_answers
from analytics.enrich.stance import model as stance
from analytics.enrich.stance import sides
from analytics.enrich.stance.sides_training import training_cases

QUESTION = "Faut-il instaurer un salaire minimum national ?"


@pytest.mark.parametrize(("parent", "polar"), [
    ("Faut-il interdire les voitures dans le centre ?", True),
    ("Êtes-vous favorable à la semaine de quatre jours\u202f?", True),
    ("L'article est long. Mais faut-il vraiment le croire ?", True),
    ("Should plastic bags be banned?", True),
    ("Pourquoi pas ?", False),
    ("Et qui paiera la facture ?", False),
    ("Qu'en pensez-vous ?", False),
    ("Combien cela coûtera-t-il ?", False),
    ("How many people will lose their jobs?", False),
    ("But why would anyone vote for that?", False),
    ("Le gouvernement a annoncé une réforme.", False),
])
def test_a_yes_no_question_is_told_from_other_questions(parent, polar):
    assert sides.polar_question(parent) is polar


def test_answers_that_argue_without_yes_or_no_take_a_side_and_hedges_take_none():
    replies = ["Cela détruirait des emplois pour les moins qualifiés.",
               "Chaque personne qui travaille à plein temps doit pouvoir vivre de son salaire.",
               "Je n'ai pas d'avis, ça dépend des cas.", "Qui paierait la différence ?"]
    labels = [s.label for s in stance.predict(replies, [QUESTION] * 4, langs="fr", mode="accurate")]
    assert labels == ["disagree", "agree", "neutral", "query"]


def test_in_fast_mode_an_answer_to_a_question_is_read_by_the_side_model_not_left_neutral():
    replies = ["Les patrons s'en mettent plein les poches.", "Mon fils touche à peine de quoi payer son loyer."]
    labels = [s.label for s in stance.predict(replies, [QUESTION] * 2, langs="fr", mode="fast")]
    assert labels == sides.sides(replies, ["fr"] * 2, "fast")
    assert all(label in sides.LABELS for label in labels)


def test_the_answer_list_still_decides_before_the_side_model():
    found = stance.predict(["Non, les petites entreprises ne pourraient pas suivre.", "Oui, c'est une question de dignité."],
                           [QUESTION] * 2, langs="fr", mode="fast")
    assert [s.label for s in found] == ["disagree", "agree"]


def test_replies_to_a_statement_or_an_open_question_are_left_to_the_classifier():
    reply = "Les patrons s'en mettent plein les poches."
    for parent in ("Le gouvernement a annoncé un salaire minimum.", "Pourquoi le gouvernement fait-il ça ?"):
        chosen = stance.answering(stance.feature_matrix([reply], [parent], [parent], [1], ["fr"]), [parent],
                                  stance.load_model()["rule"])
        assert chosen == []


def test_the_side_models_are_trained_on_development_answers_only():
    training = {case.text for _, case in training_cases()}
    held_out = {case.text for case in [*stance_answers.cases("test"), *stance_answers.comments("test")]}
    assert training and training.isdisjoint(held_out)
    record = sides.load_model()
    assert set(record["models"]) == {"fast", "accurate"}
    assert record["training"]["replies"] == len(training_cases())


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_the_side_model_beats_chance_on_questions_it_never_saw(mode):
    """Recorded out-of-question macro-F1 (grouped cross-validation) on replies without a yes or a no,
    beside always answering their commonest label; neutral predicted at most 1.2× as often as it is true."""
    bundle = sides.load_model()
    record, commonest = bundle["cross_validation"][mode], bundle["training"]["commonest_label_scores"]
    assert record["macro_f1"] > commonest["macro_f1"] + (0.3 if mode == "fast" else 0.4)
    assert record["neutral_ratio"] <= 1.2


def test_the_comments_suite_keeps_development_and_held_out_questions_apart():
    development, held_out = stance_answers.comments("dev"), stance_answers.comments("test")
    assert development and held_out
    assert {c.parent for c in development}.isdisjoint({c.parent for c in held_out})
    assert {c.label for c in development} <= set(stance_answers.LABELS)
