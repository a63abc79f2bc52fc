"""`evaluate attacks`: attack detection on text that never informed a rule or a model.

1. Palabre's functional suite (benchmarks/functional), the template-held-out test part (and the
   development part, for reference): accuracy per functionality, pooled attack P/R/F1 and
   attacked-target recall, for Palabre, the learned scorer alone (whole text), and VADER used as
   an attack detector (compound < -0.05; VADER-fr for French, VADER for English).
2. Cross-dataset: the scorer retrained without ftr_racism_fr, scored on it (racist = attack); the
   scorer retrained without any MLMA French row, scored on every MLMA French tweet (hostile = any
   label but `normal`): the scorer alone and Palabre with that scorer, beside VADER-fr.
3. The six held-out reannotated MLMA French samples (evaluation_targets.evaluate_reannotated).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

from analytics.datasets.shared import default_data_dir
from analytics.enrich.targets import hostility


def _prf(predicted: Sequence[bool], gold: Sequence[bool]) -> dict:
    found = sum(p and g for p, g in zip(predicted, gold))
    precision = found / max(1, sum(predicted))
    recall = found / max(1, sum(gold))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "n": len(gold)}


def _vader(texts: Sequence[str], langs: Sequence[str]) -> list[bool] | None:
    """VADER as an attack detector: compound below -0.05 (VADER-fr for French)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as English
        from vaderSentiment_fr.vaderSentiment import (
            SentimentIntensityAnalyzer as French,
        )
    except ImportError:
        return None
    french, english = French(), English()
    return [(english if lang == "en" else french).polarity_scores(text)["compound"] < -0.05
            for text, lang in zip(texts, langs)]


def palabre_attacks(texts: Sequence[str], langs: Sequence[str], mode: str) -> list[list]:
    """Palabre's targets of each text (the whole system)."""
    from analytics.enrich.targets.model import analyse_targets

    return analyse_targets(list(texts), list(langs), mode=mode)


def scorer_alone(texts: Sequence[str], langs: Sequence[str], mode: str) -> list[bool]:
    """The learned scorer on the whole text, at its threshold, with no target resolution."""
    from analytics.enrich.targets.model import default_index, scorer_form

    forms = [scorer_form(text, default_index(), lang) for text, lang in zip(texts, langs)]
    thresholds = hostility.thresholds(mode)
    return list(hostility.probabilities(forms, mode) >= thresholds.get("alone", thresholds["attack"]))


def evaluate_suite(part: str = "test", mode: str = "fast") -> dict:
    """Per-functionality accuracy, pooled P/R/F1 and target recall on one part of the suite."""
    from analytics.datasets.functional_suite import expand

    cases = expand(part)
    texts, langs = [case.text for case in cases], [case.lang for case in cases]
    gold = [bool(case.label) for case in cases]
    found = palabre_attacks(texts, langs, mode)
    systems = {"Palabre": [any(t.attack for t in targets) for targets in found],
               "learned scorer alone": scorer_alone(texts, langs, mode)}
    vader = _vader(texts, langs)
    if vader is not None:
        systems["VADER as attack detector"] = vader
    hateful = [i for i, case in enumerate(cases) if case.label and case.target]
    hit = [i for i in hateful if any(t.attack and t.name == cases[i].target for t in found[i])]
    by_functionality: dict[str, dict] = defaultdict(dict)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        groups[(case.functionality, case.label)].append(i)
    for (functionality, label), members in sorted(groups.items()):
        row = by_functionality[functionality]
        row["label"], row["cases"] = label, len(members)
        for system, predicted in systems.items():
            row[system] = round(sum(predicted[i] == gold[i] for i in members) / len(members), 3)
        if label:
            targeted = [i for i in members if cases[i].target]
            row["target recall"] = round(sum(i in set(hit) for i in targeted) / max(1, len(targeted)), 3)
    by_lang = {lang: {system: _prf([predicted[i] for i in range(len(cases)) if langs[i] == lang],
                                   [gold[i] for i in range(len(cases)) if langs[i] == lang])
                      for system, predicted in systems.items()} for lang in sorted(set(langs))}
    return {"part": part, "mode": mode, "cases": len(cases), "templates": len({c.template for c in cases}),
            "pooled": {system: _prf(predicted, gold) for system, predicted in systems.items()},
            "by_language": by_lang,
            "target_recall": round(len(hit) / max(1, len(hateful)), 3),
            "by_functionality": dict(by_functionality)}


@contextmanager
def scorer_without(source_prefix: str, data_dir: Path, modes: Sequence[str] = ("fast",)):
    """Palabre's scorer retrained without one source (the shipped models are left untouched)."""
    import sklearn

    from analytics.enrich.embedding_cache import embed_cached
    from analytics.enrich.targets import training

    examples = training.collect(data_dir).without(source_prefix)
    embeddings = embed_cached(examples.texts) if "accurate" in modes else None
    shipped = {mode: hostility.load_model(mode) for mode in modes}
    try:
        for mode in modes:
            hostility.OVERRIDES[mode] = {**shipped[mode], "model": training.fit(examples, mode, embeddings),
                                         "sklearn_version": sklearn.__version__}
        yield examples
    finally:
        for mode in modes:
            hostility.OVERRIDES.pop(mode, None)


def evaluate_cross_dataset(data_dir: Path, mode: str = "fast") -> dict:
    """Trained without a dataset, scored on it: ftr_racism_fr, and MLMA French."""
    from analytics.enrich.targets import training

    ftr = training.read_ftr(data_dir)
    mlma = training.read_mlma(data_dir, "fr")
    sets = {"ftr_racism_fr (racist = attack), trained without it":
            ("ftr_racism_fr", [t for t, _ in ftr], [bool(label) for _, label in ftr]),
            "MLMA French (hostile = not `normal`), trained without any MLMA French row":
            ("mlma_fr", [row["tweet"] for row in mlma], [row["sentiment"] != "normal" for row in mlma])}
    results = {}
    for name, (source, texts, gold) in sets.items():
        langs = ["fr"] * len(texts)
        with scorer_without(source, data_dir, (mode,)):
            alone = scorer_alone(texts, langs, mode)
            whole = [any(t.attack for t in targets) for targets in palabre_attacks(texts, langs, mode)]
        vader = _vader(texts, langs)
        results[name] = {"learned scorer alone": _prf(alone, gold), "Palabre": _prf(whole, gold),
                         **({"VADER-fr as attack detector": _prf(vader, gold)} if vader else {}),
                         "always attack": _prf([True] * len(gold), gold)}
    return results


def run(data_dir: Path | None = None, mode: str = "fast", parts: Sequence[str] = ("test", "dev")) -> dict:
    from analytics.evaluation.targets import evaluate_reannotated

    data_dir = data_dir or default_data_dir()
    if mode == "accurate":  # the scorer's embeddings come from the per-user disk cache that training fills
        from analytics.enrich.embedding_cache import embed_cached

        hostility.EMBED = embed_cached
    results = {"mode": mode, "suite": {part: evaluate_suite(part, mode) for part in parts}}
    if (data_dir / "mlma_hate_speech").exists():
        results["cross_dataset"] = evaluate_cross_dataset(data_dir, mode)
        results["mlma_reannotated_held_out"] = evaluate_reannotated(data_dir, mode)
    return results


def as_markdown(results: dict) -> str:
    lines = []
    for part, suite in results["suite"].items():
        systems = list(suite["pooled"])
        lines += [(f"### Functional suite, {part} part ({suite['cases']} cases, {suite['templates']} templates, "
                   f"{results['mode']} mode)"), "",
                  "| functionality | label | cases | " + " | ".join(systems) + " | target recall |",
                  "|---|---|---|" + "---|" * (len(systems) + 1)]
        for functionality, row in suite["by_functionality"].items():
            lines.append(f"| {functionality} | {row['label']} | {row['cases']} | "
                         + " | ".join(f"{row[s]:.2f}" for s in systems) + f" | {row.get('target recall', '')} |")
        lines += ["", "| system | P | R | F1 |", "|---|---|---|---|"]
        lines += [f"| {s} | {v['precision']} | {v['recall']} | {v['f1']} |" for s, v in suite["pooled"].items()]
        lines += ["", f"Attacked-target recall (Palabre): {suite['target_recall']}", ""]
    for name, scores in results.get("cross_dataset", {}).items():
        lines += [f"### {name}", "", "| system | P | R | F1 |", "|---|---|---|---|"]
        lines += [f"| {s} | {v['precision']} | {v['recall']} | {v['f1']} |" for s, v in scores.items()] + [""]
    held = results.get("mlma_reannotated_held_out")
    if held:
        pooled = held.get("pooled", held)
        lines += ["### MLMA French, six held-out reannotated samples", "", f"```\n{_short(pooled)}\n```"]
    return "\n".join(lines)


def _short(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)[:1500]

