"""Attack detection where no rule or model was written: the functional suite's held-out test
templates, and a dataset the scorer was retrained without. The floors are the measured figures
(benchmarks/results/evaluate_attacks_fast.json) less a small margin; the issue's goals are above
some of them and the README says which are not met."""
from __future__ import annotations

import pytest

from analytics.evaluation.attacks import evaluate_cross_dataset, evaluate_suite
from tests.conftest import shared_dataset


@pytest.fixture(scope="module")
def test_part() -> dict:
    return evaluate_suite("test", "fast")


def test_held_out_templates_attack_f1_and_target_recall(test_part):
    pooled = test_part["pooled"]["Palabre"]
    assert test_part["cases"] >= 3000 and test_part["templates"] >= 400
    assert pooled["f1"] >= 0.87 and pooled["precision"] >= 0.92  # measured 0.910, P 0.965 (2026-12-06)
    assert test_part["target_recall"] >= 0.82  # measured 0.861 (2026-12-06)


def test_held_out_templates_beat_vader_and_cover_every_functionality(test_part):
    assert len(test_part["by_functionality"]) == 35
    vader = test_part["pooled"].get("VADER as attack detector")
    if vader is None:
        pytest.skip("plain VADER-fr is a dev dependency (requirements-dev.txt)")
    assert test_part["pooled"]["Palabre"]["f1"] >= vader["f1"] + 0.3  # measured 0.910 against 0.523 (2026-12-06)


def test_functionalities_the_scorer_learned_hold_on_new_templates(test_part):
    rows = test_part["by_functionality"]
    for functionality in ("derog_attribute", "profanity_hate", "addressee_group", "spell_space_add", "spell_swap",
                          "counter_quote", "policy_criticism", "identity_neutral", "profanity_nontarget"):
        assert rows[functionality]["Palabre"] >= 0.88, functionality  # measured 0.894 to 1.0


def test_datasets_the_scorer_was_retrained_without():
    shared_dataset("ftr_racism_fr")
    results = evaluate_cross_dataset(shared_dataset("mlma_hate_speech").parent)
    mlma = results["MLMA French (hostile = not `normal`), trained without any MLMA French row"]
    ftr = results["ftr_racism_fr (racist = attack), trained without it"]
    assert mlma["Palabre"]["f1"] >= 0.72  # measured 0.734 (2026-12-06); the goal is 0.70
    assert ftr["Palabre"]["f1"] >= 0.45  # measured 0.477 (2026-12-06): the goal (0.70) is not met
    for scores in (mlma, ftr):
        if "VADER-fr as attack detector" in scores:
            assert scores["Palabre"]["f1"] > scores["VADER-fr as attack detector"]["f1"]
