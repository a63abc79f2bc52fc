"""The functional suite's development part, out of fold: accuracy per functionality and language
when each template is scored by a scorer trained without it (folds by template, as `train
attacks` does), with the relabelled MLMA development tweets beside. Development data only: it tells
where the learned scorer fails to generalise before anything is scored on the test part.

Usage: python benchmarks/functional_dev_oof.py [--mode fast|accurate] [--attack A] [--veto V] [--blend B]
                                                [--data ../shared/data] [--misses misses.csv] [--objective-without F1,F2]
                                                [--only-templates earlier_templates_dev.csv]
       (--misses writes every case scored wrong, with its functionality, template and targets, and
       every hateful case whose attack was found but not on its target (column wrong: attack/target);
       prints one line per functionality and language, weakest first, then the means, how many
       functionalities reach 0.85, the objective `train attacks` chooses its thresholds by and the
       share of calm relabelled tweets flagged; about a minute on 2 cores in fast mode, four in accurate
       mode, whose embeddings are read from the training cache)
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from analytics.datasets.functional_suite import expand, read_template_file
    from analytics.datasets.shared import default_data_dir
    from analytics.enrich.embedding_cache import embed_cached
    from analytics.enrich.targets import hostility
    from analytics.enrich.targets.model import analyse_targets
    from analytics.enrich.targets.training import (
        FOLDS,
        _balance,
        collect,
        fold_bundle,
        template_fold,
    )

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("fast", "accurate"), default="fast", help="the scorer (default fast)")
    mode = parser.parse_known_args()[0].mode
    shipped = hostility.thresholds(mode)
    parser.add_argument("--attack", type=float, default=shipped["attack"],
                        help="the scorer's attack threshold (default: the shipped model's)")
    parser.add_argument("--veto", type=float, default=shipped["veto"],
                        help="the scorer's veto of a rule's attack (default: the shipped model's)")
    parser.add_argument("--blend", type=float, default=hostility.load_model(mode).get("blend", 0.0),
                        help="accurate mode: the fast model's weight beside the kernel's (default: the shipped one)")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--misses", type=Path, help="write the cases scored wrong to this CSV")
    parser.add_argument("--objective-without", default="",
                        help="functionalities (comma-separated) trained on but left out of the means and objective, "
                             "to compare with a run before they were added")
    parser.add_argument("--only-templates", type=Path,
                        help="a templates CSV (e.g. an earlier templates_dev.csv, from `git show`): every template is "
                             "trained on, but only these templates' cases count in the means and objective, to compare "
                             "a run with added templates with the run before on the same cases")
    args = parser.parse_args()
    examples = collect(args.data)
    embeddings = embed_cached(examples.texts) if mode == "accurate" else None
    cases = [(c.text, c.lang, c.label, f"{c.functionality} ({c.lang})", c.template, c.target) for c in expand("dev")]
    cases += [(raw, "fr", label, f"relabelled MLMA, {'hostile' if label else 'other'}", group, "")
              for (raw, _), label, source, group in zip(examples.raws, examples.labels, examples.sources,
                                                        examples.groups) if source == "mlma_fr:relabelled"]
    fold_of = {case[4]: template_fold(case[4]) for case in cases}
    counted = {row["id"] for row in read_template_file(args.only_templates)} if args.only_templates else None
    correct: dict[str, list[bool]] = defaultdict(list)
    target_found: dict[str, list[bool]] = defaultdict(list)  # hateful cases with a target: is it the one attacked?
    misses: list[dict] = []
    for fold in range(FOLDS):
        kept = [i for i, (source, group) in enumerate(zip(examples.sources, examples.groups))
                if not (source in ("functional_dev", "mlma_fr:relabelled") and fold_of[group] == fold)]
        part = examples.subset(kept)
        bundle = fold_bundle(part, mode, embeddings[kept] if embeddings is not None else None)
        thresholds = {"attack": args.attack, "veto": args.veto}
        hostility.OVERRIDES[mode] = {**bundle, "blend": args.blend, "thresholds": thresholds}
        held = [case for case in cases if fold_of[case[4]] == fold]
        found = analyse_targets([case[0] for case in held], [case[1] for case in held], mode=mode)
        for (text, _, label, name, template, target), targets in zip(held, found):
            if counted is not None and "MLMA" not in name and template not in counted:
                continue
            correct[name].append(any(t.attack for t in targets) == bool(label))
            on_target = any(t.attack and t.name == target for t in targets) if label and target else None
            if on_target is not None:
                target_found[name].append(on_target)
            wrong = "attack" if not correct[name][-1] else "target" if on_target is False else ""
            if wrong:
                misses.append({"functionality": name, "template": template, "label": label, "wrong": wrong,
                               "text": text, "gold_target": target,
                               "targets": "; ".join(f"{t.name}{' (attacked)' if t.attack else ''}"
                                                    for t in targets)})
        print(f"fold {fold + 1} of {FOLDS} scored", file=sys.stderr)
    if args.misses:
        pd.DataFrame(misses).to_csv(args.misses, index=False)
    for accuracy, name, count in sorted((float(np.mean(v)), name, len(v)) for name, v in correct.items()):
        print(f"{accuracy:.3f}  {count:5d}  {name}")
    hits = [hit for values in target_found.values() for hit in values]
    print(f"attacked target found (hateful cases naming one): {np.mean(hits):.3f} of {len(hits)}; "
          "weakest: " + ", ".join(f"{name} {np.mean(v):.2f}" for name, v in
                                  sorted(target_found.items(), key=lambda item: np.mean(item[1]))[:5]))
    left_out = {name for name in correct if name.rsplit(" (", 1)[0] in args.objective_without.split(",")}
    correct = {name: values for name, values in correct.items() if name not in left_out}
    suite = [np.mean(v) for name, v in correct.items() if "MLMA" not in name]
    print(f"mean over functionalities and languages: {np.mean(suite):.4f}")
    pooled: dict[str, list[bool]] = defaultdict(list)  # by functionality, as `train attacks` chooses
    for name, values in correct.items():
        pooled[name.rsplit(" (", 1)[0] if "MLMA" not in name else name] += values
    functionalities = [np.mean(v) for name, v in pooled.items() if "MLMA" not in name]
    print(f"mean over functionalities: {np.mean(functionalities):.4f}, "
          f"{sum(value >= 0.85 for value in functionalities)} of {len(functionalities)} at 0.85 or more")
    print(f"objective of `train attacks` (half that mean, half the relabelled tweets' balanced accuracy): "
          f"{_balance(pooled):.4f}; calm relabelled tweets flagged: "
          f"{1 - np.mean(pooled['relabelled MLMA, other']):.3f}")


if __name__ == "__main__":
    main()
