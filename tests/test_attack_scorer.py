"""The learned attack scorer, who it aims at, the functional suite's expansion, and sentiment that
agrees with attacks."""
from __future__ import annotations

import pytest

from analytics.datasets.functional_suite import expand
from analytics.enrich.sentiment.model import predict as sentiment
from analytics.enrich.targets import aim, hostility
from analytics.enrich.targets.mentions import Mention
from analytics.enrich.targets.model import analyse_targets


def attacked(text: str, lang: str = "fr", mode: str = "fast") -> dict[str, str]:
    """Attacked target → kind."""
    return {t.name: t.attack_kind for t in analyse_targets([text], lang, mode=mode)[0] if t.attack}


def test_model_form_masks_neutral_names_only():
    assert hostility.model_form("Les musulmans sont des rats", [(4, 13, "gens")]) == "Les gens sont des rats"
    assert hostility.model_form("rien", []) == "rien"


def test_sentences_and_clause_units():
    text = "Je n'ai rien contre les juifs mais les migrants sont des ordures. Voilà."
    assert aim.sentence_spans(text) == [(0, 65), (66, 72)]
    located = [("Jews", Mention("juifs", 24, 29, "group"), 0), ("immigrants and refugees", Mention("migrants", 39, 47, "group"), 1)]
    units = aim.units_of(text, located, [(0, 29), (34, 64), (65, 72)])
    assert [unit.is_clause for unit in units] == [False, False, True, True]


@pytest.mark.parametrize("text, lang, target, kind", [
    ("Je veux tuer tous les musulmans.", "fr", "Muslims", "threat"),
    ("Les homos devraient tous être tués.", "fr", "gay people", "threat"),
    ("Bojo est un porc.", "fr", "Boris Johnson", "derogation"),
    ("Les eurocrates nous pillent depuis des années.", "fr", "European Union", None),
    ("I want to kill all Muslims.", "en", "Muslims", None),
])
def test_attacks_the_issue_names(text, lang, target, kind):
    found = attacked(text, lang)
    assert target in found
    if kind:
        assert found[target] == kind


@pytest.mark.parametrize("text", [
    pytest.param("Il faut arrêter de dire que les musulmans sont des terroristes.",
                 marks=pytest.mark.xfail(strict=True, reason="0.8.0: 'arrêter de dire' is no counter-speech word "
                                                            "and the fast scorer reads the clause as hostile")),
    "Dire que les musulmans sont des parasites est raciste.",
    "Les juifs ont célébré Hanoukka hier soir dans le quartier.",
    "Putain, il pleut encore ce matin.",
])
def test_no_attack_on_counter_speech_neutral_mentions_and_untargeted_profanity(text):
    assert attacked(text) == {}


def test_a_misspelled_attack_keeps_original_offsets():
    text = "Les musulmans sont des p@r@sites"
    targets = analyse_targets([text], "fr", mode="fast")[0]
    muslims = next(t for t in targets if t.name == "Muslims")
    assert muslims.mentions[0].text == "musulmans"
    for start, end in muslims.evidence_spans:
        assert 0 <= start < end <= len(text)


def test_sentiment_never_positive_for_an_insult():
    assert sentiment(["Bojo est un porc."], "fr", "fast")[0].score < 0
    assert sentiment(["Ces migrants sont de la vermine, bravo !"], "fr", "fast")[0].label == "negative"


def test_suite_expands_templates_with_agreement(tmp_path):
    (tmp_path / "targets.csv").write_text(
        "id,lang,canonical,type,number,fem,contempt,def,de_def,a_def,bare,pron,obj,stressed\n"
        "f1,fr,women,group,pl,1,0,les femmes,des femmes,aux femmes,femmes,elles,les,elles\n"
        "f2,fr,Jews,group,pl,0,0,les juifs,des juifs,aux juifs,juifs,ils,les,eux\n"
        "f3,fr,European Union,organisation,pl,0,1,les eurocrates,des eurocrates,aux eurocrates,eurocrates,ils,les,eux\n",
        encoding="utf-8")
    (tmp_path / "templates_dev.csv").write_text(
        "# a note\nid,lang,functionality,label,slot,target,text\n"
        "a,fr,identity_neutral,0,pl,,{def} sont {tous} venu{e}s\n"
        "b,fr,addressee,1,none,the addressee,t'es nul\n", encoding="utf-8")
    cases = expand("dev", tmp_path)
    assert [case.text for case in cases] == ["Les femmes sont toutes venues", "Les juifs sont tous venus", "T'es nul"]
    assert cases[0].target == "women" and cases[2].target == "the addressee"


def test_every_slotted_development_template_names_its_target():
    """A template filled with a target must name it (not only by a pronoun): else its gold target
    is nowhere in the text and no system can find it (fr_threat_direct_03 did that until 2026-12-07)."""
    from analytics.datasets.functional_suite import read_templates

    naming = ("{def}", "{de_def}", "{a_def}", "{bare}")
    unnamed = [t["id"] for t in read_templates("dev") if t["slot"] != "none" and not any(p in t["text"] for p in naming)]
    assert unnamed == []


def test_the_accurate_scorers_random_features_are_drawn_again_on_loading_not_stored():
    """The kernel's 384 x 2,000 random weights (6 MB) come back from the seed: same predictions."""
    import pickle

    import numpy as np

    from analytics.enrich.targets.random_features import SeededRBFSampler
    from analytics.enrich.targets.training import build_embedding

    rows = np.random.RandomState(1).normal(size=(120, 384))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    labels = (rows[:, 0] > 0).astype(int)
    model = build_embedding().fit(rows.astype(np.float32), labels, logisticregression__sample_weight=np.ones(120))
    saved = pickle.dumps(model)
    assert len(saved) < 100_000, "the random weights were stored"
    loaded = pickle.loads(saved)
    assert np.allclose(loaded.predict_proba(rows), model.predict_proba(rows), atol=1e-6)
    with pytest.raises(ValueError, match="fixed gamma"):
        SeededRBFSampler(n_components=10).fit(rows)


def test_the_shipped_accurate_scorer_loads_with_its_kernel_and_scores_in_range():
    model = hostility.load_model("accurate")["model"]
    assert hasattr(model[0], "random_weights_") and model[0].random_weights_.shape[0] == 384
    scores = hostility.probabilities(["Les musulmans sont des rats.", "Merci pour cet article."], "accurate")
    assert 0 <= min(scores) and max(scores) <= 1 and scores[0] > scores[1]


def test_random_features_drawn_differently_on_loading_fail_loudly():
    """Were numpy or scikit-learn to draw RBFSampler's weights otherwise, the scorer would read noise:
    the checksum stored beside the seed says so at load time."""
    import pickle

    import numpy as np

    from analytics.enrich.targets.random_features import SeededRBFSampler

    sampler = SeededRBFSampler(gamma=1.0, n_components=20, random_state=0).fit(np.zeros((2, 8)))
    state = sampler.__getstate__()
    state["weights_checksum"] ^= 1
    tampered = SeededRBFSampler.__new__(SeededRBFSampler)
    with pytest.raises(ValueError, match="train attacks"):
        tampered.__setstate__(state)
    assert np.allclose(pickle.loads(pickle.dumps(sampler)).random_weights_, sampler.random_weights_)


def test_accurate_mode_reads_the_kernel_blended_with_the_fast_model_by_its_bundles_weight(monkeypatch):
    """`blend` is the fast model's weight in accurate mode's probability; absent, the kernel alone."""
    import numpy as np

    class Fixed:
        def predict_proba(self, rows):
            return np.tile([0.8, 0.2], (len(rows), 1))

    forms = ["Les gens sont des rats.", "Merci pour cet article."]
    fast = hostility.fast_probabilities(forms)
    monkeypatch.setattr(hostility, "EMBED", lambda texts: np.zeros((len(texts), 384), dtype=np.float32))
    monkeypatch.setitem(hostility.OVERRIDES, "accurate", {"model": Fixed(), "thresholds": {"attack": 0.5}})
    assert np.allclose(hostility.probabilities(forms, "accurate"), 0.2)
    monkeypatch.setitem(hostility.OVERRIDES, "accurate", {"model": Fixed(), "blend": 0.25, "thresholds": {}})
    assert np.allclose(hostility.probabilities(forms, "accurate"), 0.75 * 0.2 + 0.25 * fast)
    assert fast[0] > fast[1]


def test_the_merge_kept_is_the_lowest_veto_among_near_ties_within_the_calm_bound():
    from analytics.enrich.targets.training import (
        MAX_CALM_FLAGGED,
        NEAR_BEST,
        choose_merge,
    )

    # `train attacks`' fast grid of 2026-12-07 (objective, calm tweets flagged): a 0.0004 lead of the
    # higher veto is a tie, so the lower veto is kept; a clear lead is not
    scores = {(0.0, 0.7, 0.15): 0.8264, (0.0, 0.7, 0.275): 0.8268, (0.0, 0.65, 0.275): 0.8262,
              (0.0, 0.6, 0.15): 0.8202}
    flagged = {(0.0, 0.7, 0.15): 0.2616, (0.0, 0.7, 0.275): 0.2447, (0.0, 0.65, 0.275): 0.2848,
               (0.0, 0.6, 0.15): 0.3523}
    assert choose_merge(scores, flagged) == (0.0, 0.7, 0.15)
    assert choose_merge({**scores, (0.0, 0.7, 0.275): 0.8264 + 2 * NEAR_BEST}, flagged) == (0.0, 0.7, 0.275)
    # a pair past the bound on calm tweets is never kept, however good
    assert choose_merge({**scores, (0.0, 0.6, 0.15): 0.9}, flagged) == (0.0, 0.7, 0.15)
    assert flagged[(0.0, 0.6, 0.15)] > MAX_CALM_FLAGGED
