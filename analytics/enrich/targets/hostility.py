"""The learned attack scorer: how hostile a sentence is, whoever it is aimed at.

Attack = who + how. This scorer says how: P(hostile) of a sentence or clause, learned from labelled
public data and Palabre's functional development cases (hostility_training.py). Who is attacked is
the business of target resolution (targets.py: the alias table, NER, addressees, pronouns).

What the models read (`model_form`): the text respelled (analytics/text/spelling.py: leetspeak,
spaced or run-together letters, one-letter slips of hostile words), with every neutral way of
naming a target replaced by a plain stand-in of its language (a group by "gens"/"people", anyone or
anything else by "Martin"/"Smith"), so that a name is never hostile in itself and what is learned
about "les gens sont des rats" holds for every group. Plain words rather than a symbol: a symbol
seen mostly in hostile tweets became hostile itself ("X are our neighbours" scored 0.94). Slurs
and contemptuous epithets stay: they are hostile words.

- fast: logistic regression over character 2–5-grams and word 1–2-grams (robust to misspelling).
- accurate: logistic regression over random Fourier features of an RBF kernel
  (random_features.py) on multilingual-e5-small embeddings (French and English share one space).
  On development templates held out by template it separates hostile from other cases better
  than the fast model; the kernel did better than a plain linear model (docs/targets.md).
"""
from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np

from analytics.enrich.bundles import SUFFIX, read_bundle
from analytics.paths import MODEL_DIR
from analytics.text.language import model_language
from analytics.text.normalize import normalize_text

PLACEHOLDERS = {("fr", "group"): "gens", ("en", "group"): "people", ("fr", "one"): "Martin", ("en", "one"): "Smith"}
MASKED_KINDS = {"group", "member", "name", "surname", "nickname", "abbreviation", "metonym", "demonym", "entity"}
EMBED = None  # an embedding function to use instead of sentiment.embed (evaluation reuses a disk cache)
KINDS = ("threat", "dehumanisation", "slur", "derogation", "contempt")


def model_path(mode: str) -> Path:
    return MODEL_DIR / f"attacks-{mode}{SUFFIX}"


OVERRIDES: dict[str, dict] = {}  # mode -> bundle: evaluation swaps in models trained without a dataset


class _Silent:
    """A scorer that finds nothing hostile: the rules alone decide."""

    def predict_proba(self, inputs) -> np.ndarray:
        return np.tile([1.0, 0.0], (len(inputs), 1))

    def predict(self, inputs) -> list[str]:
        return ["derogation"] * len(inputs)


@contextmanager
def rules_only():
    """Within it, fast mode's scorer finds nothing hostile and vetoes nothing: the rules alone decide
    (`train attacks` reads the rules' verdicts so; the rule tests check each rule so)."""
    shipped = OVERRIDES.get("fast")
    OVERRIDES["fast"] = {"model": _Silent(), "kind_model": _Silent(), "thresholds": {"attack": 2.0, "veto": -1.0}}
    try:
        yield
    finally:
        OVERRIDES.pop("fast")
        if shipped:
            OVERRIDES["fast"] = shipped


def load_model(mode: str) -> dict:
    """The trained scorer of a mode, checked against the installed scikit-learn."""
    return OVERRIDES.get(mode) or _shipped(mode)


@cache
def _shipped(mode: str) -> dict:
    return read_bundle(model_path(mode), "a trained attack scorer", "attacks")


def placeholder(lang: str, kind: str) -> str:
    """The stand-in for a target's name: a group's or anyone else's, in the text's language."""
    return PLACEHOLDERS[model_language(lang), "group" if kind in ("group", "member", "demonym") else "one"]


def model_form(text: str, spans: Sequence[tuple[int, int, str]] = ()) -> str:
    """The text as the scorer reads it: the given spans (neutral names of targets) replaced by their
    stand-ins (start, end, stand-in), then normalised (plain quotes, @user, http)."""
    pieces, last = [], 0
    for start, end, stand_in in sorted(spans):
        if start < last:
            continue
        pieces.append(text[last:start] + stand_in)
        last = end
    pieces.append(text[last:])
    return normalize_text("".join(pieces))


def fast_probabilities(forms: Sequence[str]) -> np.ndarray:
    """P(hostile) of each model-form text by the fast model."""
    if not forms:
        return np.zeros(0)
    return load_model("fast")["model"].predict_proba(list(forms))[:, 1]


def blended(kernel: np.ndarray, fast: np.ndarray, blend: float) -> np.ndarray:
    """Accurate mode's reading: the kernel scorer's probability with the fast model's weighing
    `blend` beside it (two readings, one by meaning, one by characters and words, err on different
    texts; the weight is chosen out of fold by `train attacks`)."""
    return (1 - blend) * np.asarray(kernel) + blend * np.asarray(fast)


def scored(forms: Sequence[str], mode: str = "fast") -> tuple[np.ndarray, list[bool]]:
    """P(hostile) of each model-form text by the mode's reading, and whether it is calm enough to
    veto a rule's attack. Accurate mode embeds the texts and blends the kernel scorer with the fast
    model by its bundle's `blend` (0 when absent); a unit is calm under the mode's veto and, in
    accurate mode, under the fast model's too (a veto drops evidence the rules found, so both must
    agree: the embedding model alone read "ce porc britiche" 0.18). The fast model reads each unit
    once for both."""
    fast = fast_probabilities(forms)
    calm_fast = fast < thresholds("fast").get("veto", 0.3)
    if mode == "fast" or not len(forms):
        return fast, [bool(calm) for calm in calm_fast]
    from analytics.enrich.embeddings import embed

    bundle = load_model("accurate")
    kernel = bundle["model"].predict_proba((EMBED or embed)(list(forms)))[:, 1]
    read = blended(kernel, fast, float(bundle.get("blend", 0.0)))
    calm_here = read < thresholds(mode).get("veto", 0.3)
    return read, [bool(here and fast_too) for here, fast_too in zip(calm_here, calm_fast)]


def probabilities(forms: Sequence[str], mode: str = "fast") -> np.ndarray:
    """P(hostile) of each model-form text by the mode's reading (scored)."""
    return scored(forms, mode)[0]


def thresholds(mode: str = "fast") -> dict[str, float]:
    """The decision thresholds of a mode, chosen out of fold at training time (hostility_training)."""
    return load_model(mode)["thresholds"]


def kinds(forms: Sequence[str]) -> list[str]:
    """The most likely attack kind of each (hostile) model-form text."""
    if not forms:
        return []
    return [str(kind) for kind in load_model("fast")["kind_model"].predict(list(forms))]
