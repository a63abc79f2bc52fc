"""Targets on real data (skips when ../shared/data is absent): Palabre against plain baselines."""
from __future__ import annotations

import pytest

from analytics.datasets.mlma import (
    DEVELOPMENT_SAMPLES,
    HELD_OUT_SAMPLES,
    read_annotations,
)
from analytics.evaluation.targets import (
    evaluate_hostile,
    evaluate_ner,
    evaluate_news_alarms,
    evaluate_reannotated,
)
from tests.conftest import SHARED_DATA, shared_dataset


@pytest.fixture(scope="module")
def hostile():
    shared_dataset("mlma_hate_speech")
    return evaluate_hostile(SHARED_DATA, "test", "fast")


def test_a_target_is_found_far_more_often_than_ner_finds_an_entity(hostile):
    assert hostile["target_found"]["Palabre"] >= 0.9
    assert hostile["target_found"]["Palabre"] > 2 * hostile["target_found"]["spaCy NER (plain)"]


def test_the_annotated_group_is_found_in_most_group_tweets(hostile):
    assert hostile["annotated_group_found"] >= 0.75


def test_attacks_beat_vader_fr_as_an_attack_detector(hostile):
    ours, vader = hostile["attack"]["Palabre"], hostile["attack"]["VADER-fr negative (plain)"]
    if vader is None:
        pytest.skip("plain VADER-fr is not installed (requirements-dev.txt)")
    assert ours["f1"] > vader["f1"] + 0.05
    assert ours["precision"] > vader["precision"] + 0.05
    assert ours["balanced_accuracy"] > vader["balanced_accuracy"] + 0.1  # independent of the 79% toxic base rate
    # MLMA's `normal` is a noisy negative: on the development part, 24 of the 32 `normal` tweets Palabre
    # flags attack someone by the blind rereading (Great Replacement claims, "putain d'attardé";
    # benchmarks/development_attacks.py). So
    # the margin is 1.4 (0.288 against 0.421 in 0.7.0; it was 1.5 until 0.5.0's 0.278), and the
    # reannotation test below checks the non-attacks flagged against reliable labels.
    assert ours["normal_flagged"] < vader["normal_flagged"] / 1.4


def test_attacks_beat_vader_fr_whichever_labels_count_as_attacks(hostile):
    readings = hostile["attack_f1_by_reading"]
    assert len(readings) == 4
    if hostile["attack"]["VADER-fr negative (plain)"] is None:
        pytest.skip("plain VADER-fr is not installed (requirements-dev.txt)")
    for scores in readings.values():
        assert scores["Palabre"] > scores["VADER-fr negative"] + 0.05


def test_entities_on_old_french_newspapers_are_no_worse_than_plain_spacy():
    shared_dataset("europeana_ner_fr")
    plain, ours = evaluate_ner(SHARED_DATA, limit=1500)
    assert ours["f1"] >= plain["f1"]


def test_news_prose_rarely_reads_as_an_attack_on_a_group():
    """Old newspapers name women, Jews, Arabs… in plain reports ("sa femme", "trois juifs ont été
    tués"): few of those groups may come out attacked, far fewer than VADER-fr reads as negative."""
    shared_dataset("europeana_ner_fr")
    alarms = evaluate_news_alarms(SHARED_DATA)
    assert alarms["group_targets"] > 100
    assert alarms["Palabre attacked share"] <= 0.2
    vader = alarms["VADER-fr negative share of those chunks"]
    if vader is not None:
        assert alarms["Palabre attacked share"] < vader


def test_the_reannotation_holds_only_held_out_rows_and_matches_the_dataset():
    shared_dataset("mlma_hate_speech")
    samples = [read_annotations(SHARED_DATA, path, part) for path, part in HELD_OUT_SAMPLES.values()]
    assert [len(labelled) for labelled in samples] == [200] * 6
    labelled = [item for sample in samples for item in sample]
    assert 0 < sum(attack for _, attack, _, _ in labelled) < 1200
    assert all(attack for _, attack, _, groups in labelled if groups)  # only attacks name the groups attacked
    assert len({row["HITId"] for row, *_ in labelled}) == 1200  # the samples do not overlap
    development = [read_annotations(SHARED_DATA, path, part) for path, part in DEVELOPMENT_SAMPLES.values()]
    assert [len(labelled) for labelled in development] == [803, 200]  # the whole development part, the first sample
    assert not {row["HITId"] for row, *_ in labelled} & {row["HITId"] for sample in development for row, *_ in sample}


def test_a_reannotated_development_row_is_refused_with_its_line(tmp_path):
    shared_dataset("mlma_hate_speech")
    path = tmp_path / "labels.csv"
    path.write_text("row,HITId,attack,borderline\n1,2,1,0\n5,6,0,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: expected a held-out MLMA French row"):
        read_annotations(SHARED_DATA, path)


def test_attacks_as_the_issue_defines_them_beat_vader_fr_on_the_blind_reannotation():
    shared_dataset("mlma_hate_speech")
    results = evaluate_reannotated(SHARED_DATA)
    if "VADER-fr negative (plain)" not in results["all"]:
        pytest.skip("plain VADER-fr is not installed (requirements-dev.txt)")
    ours, vader = results["all"]["Palabre"], results["all"]["VADER-fr negative (plain)"]
    assert ours["f1"] > vader["f1"] + 0.1
    # the issue's F1 0.80; precision 0.781 in 0.7.0, 0.753 in 0.8.0, 0.746 in 0.9.0: the scorer
    # retrained on twice the functional templates catches more of them (test templates F1 0.888 -> 0.9+)
    # and flags a few more calm tweets; the merge is chosen so that it flags no more of the calm
    # development tweets than 0.8.0 did (training.MAX_CALM_FLAGGED)
    assert ours["f1"] >= 0.8 and ours["precision"] >= 0.74
    assert results["attacked_group_found"] >= 0.9  # the issue's "found in 9 of 10" (0.977 in 0.7.0)
    # the issue's "found and flagged in 9 of 10 hateful comments": 0.929 of the 368 clear attacks on a
    # group in 0.7.0; 0.867 of all 571, borderline best guesses (banter, irony) included
    assert results["attacked_group_found_and_flagged_clear"] >= 0.9
    assert results["attacked_group_found_and_flagged"] >= 0.8
    assert ours["others_flagged"] < vader["others_flagged"] - 0.05  # 0.262 against 0.378 in 0.7.0
    assert results["clear"]["Palabre"]["f1"] > results["all"]["Palabre"]["f1"]  # the hard calls are where it errs
