"""Long comments: discourse features of sentences, the learned weighting, the assembled long texts, and
accuracy by length on the shared data (skipped, saying so, when ../shared/data is absent)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from analytics.enrich.sentiment import discourse, long_texts
from analytics.enrich.sentiment.model import predict_poolings, score_texts
from analytics.errors import InputError, ModelError
from tests.conftest import SHARED_DATA, shared_dataset

NEUTRAL_ROW = np.array([[0.1, 0.8, 0.1]])


def features(sentences: list[str], lang: str = "fr") -> dict[str, list[float]]:
    found = discourse.sentence_features(sentences, lang, np.repeat(NEUTRAL_ROW, len(sentences), axis=0))
    return {name: list(found[:, column]) for column, name in enumerate(discourse.FEATURE_NAMES)}


def test_the_part_after_the_last_mais_and_the_part_before_it_are_marked():
    found = features(["Le film commence bien.", "Mais les acteurs jouent mal.", "Les acteurs sont bons.",
                      "Pourtant la fin est ratée.", "Vraiment ratée."])
    assert found["after_contrast"] == [0, 0, 0, 1, 1]
    assert found["before_contrast"] == [1, 1, 1, 0, 0]
    assert found["last"] == [0, 0, 0, 0, 1] and found["first"] == [1, 0, 0, 0, 0]


def test_without_a_contrast_no_sentence_is_before_or_after_one():
    found = features(["Le film commence bien.", "La fin est ratée."])
    assert found["after_contrast"] == found["before_contrast"] == [0, 0]


@pytest.mark.parametrize("sentence, lang, name", [
    ("Et pourtant, rien ne change.", "fr", "after_contrast"),
    ("However, nothing changes.", "en", "after_contrast"),
    ("Le projet est bon mais trop cher.", "fr", "inner_contrast"),
    ("Même si l'idée est belle, elle coûte cher.", "fr", "concession"),
    ("Even though it is nice, it costs too much.", "en", "concession"),
    ("Bref, un désastre.", "fr", "conclusion"),
    ("In short, a disaster.", "en", "conclusion"),
    ("Tu n'as rien compris.", "fr", "addresses"),
    ("@marc merci pour le lien", "fr", "addresses"),
    ("You clearly did not read it.", "en", "addresses"),
    ("Qui paie tout ça ?", "fr", "question"),
    ("> he said it was fine", "en", "quoted"),
])
def test_each_marker_kind_is_found(sentence, lang, name):
    assert features(["Une phrase avant.", sentence], lang)[name][1] == 1.0


def test_a_sentence_without_markers_has_none():
    found = features(["Le sommet aura lieu à Budapest en mars."])
    for name in ("after_contrast", "before_contrast", "inner_contrast", "concession", "conclusion", "addresses",
                 "question", "exclamation", "quoted"):
        assert found[name] == [0.0], name


def test_a_bad_marker_row_names_its_line(tmp_path):
    path = tmp_path / "markers.csv"
    path.write_text("marker,kind,lang\n# a note\nmais,contrast,fr\nbref,summary,fr\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 4"):
        discourse.markers(path)


def test_unfitted_weighting_is_the_old_length_weighted_average():
    rows = [np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]]), np.array([[0.2, 0.5, 0.3]])]
    sentences = [["Court.", "Une phrase nettement plus longue que la première."], ["Seule phrase."]]
    found = discourse.DiscourseWeighting().predict_proba(
        rows, [discourse.sentence_features(text, "fr", row) for text, row in zip(sentences, rows)])
    lengths = [len(sentence) for sentence in sentences[0]]
    assert np.allclose(found[0], np.average(rows[0], axis=0, weights=lengths), atol=1e-4)
    assert np.allclose(found[1], rows[1][0], atol=1e-4)


def synthetic_turns(count: int, seed: int):
    """Texts of a long opinion then a short one after "Mais": the label is the second's."""
    rng = np.random.default_rng(seed)
    rows, found, labels = [], [], []
    for _ in range(count):
        first, second = (0, 2) if rng.random() < 0.5 else (2, 0)
        pair = np.full((2, 3), 0.1)
        pair[0, first], pair[1, second] = 0.8, 0.8
        sentences = ["Ceci est une très longue phrase d'introduction qui dit une chose.", "Mais non."]
        rows.append(pair)
        found.append(discourse.sentence_features(sentences, "fr", pair))
        labels.append(second)
    return rows, found, labels


def test_fitting_learns_to_follow_the_turn_that_length_averaging_misses():
    rows, found, labels = synthetic_turns(200, seed=1)
    weighting = discourse.DiscourseWeighting().fit(rows, found, labels)
    test_rows, test_found, test_labels = synthetic_turns(50, seed=2)
    learned = weighting.predict_proba(test_rows, test_found).argmax(axis=1)
    averaged = discourse.DiscourseWeighting().predict_proba(test_rows, test_found).argmax(axis=1)
    assert (learned == test_labels).mean() == 1.0
    assert (averaged == test_labels).mean() == 0.0
    assert weighting.theta_["after_contrast"] > 0


def test_stored_weights_round_trip_and_a_missing_feature_is_named():
    weighting = discourse.DiscourseWeighting().fit(*synthetic_turns(40, seed=3))
    again = discourse.DiscourseWeighting.from_dict(weighting.as_dict())
    assert np.allclose(again.parameters_, weighting.parameters_)
    stored = weighting.as_dict()
    del stored["theta"]["question"]
    with pytest.raises(ModelError, match="question"):
        discourse.DiscourseWeighting.from_dict(stored)


def test_contrast_texts_end_with_a_marker_and_carry_the_last_label():
    texts = ["Super idée, bravo.", "Génial.", "Quelle honte.", "Lamentable, nul."]
    labels = ["positive", "positive", "negative", "negative"]
    built = long_texts.contrast_texts(texts, labels, "fr", "g", random.Random(0))
    assert len(built) == 4
    for text in built:
        preamble, _, last = text.text.rpartition(". ")
        original = next(part for part in texts if last.endswith(part[1:]))
        assert text.label == labels[texts.index(original)]
        assert features([preamble + ".", last])["after_contrast"] == [0.0, 1.0]


def test_same_label_runs_use_each_text_once_and_keep_the_label():
    texts = [f"Tweet numéro {number}" for number in range(20)]
    labels = ["neutral"] * 10 + ["positive"] * 10
    built = long_texts.same_label_texts(texts, labels, "fr", "g", random.Random(0))
    assert sum(text.text.count("Tweet numéro") for text in built) == 20
    assert all(2 <= text.text.count("Tweet numéro") <= 7 for text in built)
    assert {text.label for text in built} == {"neutral", "positive"}


@pytest.mark.parametrize("length, bucket", [(0, "<140"), (139, "<140"), (140, "140–400"), (400, "140–400"),
                                            (401, ">400")])
def test_length_buckets(length, bucket):
    assert long_texts.length_bucket("x" * length) == bucket


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_a_long_comment_follows_its_conclusion_after_mais(mode):
    text = ("Le sommet de Budapest est une excellente nouvelle, les deux pays se parlent enfin et c'est un vrai "
            "progrès pour la paix en Europe. Les diplomates ont fait un travail remarquable, bravo à eux pour "
            "cette belle réussite, et les journalistes ont bien couvert l'événement. "
            "Mais au final rien ne change, c'est décevant.")
    found = predict_poolings([text], "fr", mode)
    assert found["discourse"][0].label == "negative"
    assert found["discourse"][0].score < found["average"][0].score


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_short_texts_are_read_whole_whatever_the_pooling(mode):
    texts = ["Bojo est un porc.", "C'est vraiment génial, merci pour cet article !"]
    found = predict_poolings(texts, "fr", mode)
    assert found["discourse"] == found["average"]
    assert found["discourse"][0].label == "negative"


def test_an_unknown_pooling_is_refused():
    with pytest.raises(ValueError, match="pooling"):
        score_texts(["x" * 300], [[(0, 150), (150, 300)]], ["fr"], "fast", pooling="max")


@pytest.fixture(scope="module")
def fast_by_length():
    shared_dataset("deft2017_sentiment_fr")
    shared_dataset("reddit_threads_en")
    from analytics.evaluation.long_sentiment import evaluate_long_sentiment

    return {(row.texts.split(" (")[0], row.bucket, row.pooling): row
            for row in evaluate_long_sentiment(SHARED_DATA, ("fast",))}


def test_every_set_has_long_texts_to_score(fast_by_length):
    for texts in ("DEFT val tweets and same-label runs", "DEFT val contrast texts",
                  "Reddit+TikTok test comments as written"):
        assert fast_by_length[texts, ">400", "averaged"].examples >= 40, texts
