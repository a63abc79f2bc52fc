"""`evaluate targets`: Palabre's targets beside plain spaCy NER (and VADER-fr as an attack detector).

- Europeana French newspapers (OCR, PER/LOC/ORG, IO tags): entity precision, recall and F1, exact
  span and type. Palabre's types map to NER classes: person → PER; organisation, institution →
  ORG; country, government, place → LOC (groups are not NER entities and are left out).
- MLMA French hostile tweets, the held-out part (every row whose position is not a multiple of 5;
  the multiples of 5 are the development part, the only rows looked at while building the alias
  table and rules): how often a target is found in tweets annotated as aimed at an individual or a
  named group, how often the annotated group itself is found, and attack precision, recall and F1
  with "toxic" = any hostility label other than `normal` alone.
- The same held-out tweets reread against the issue's definition of an attack: three samples of 200,
  drawn at random and labelled blind by a Palabre developer (benchmarks/annotations/README.md),
  scored pooled for Palabre, VADER-fr and MLMA's own labels read as a detector, and each sample
  on its own for Palabre.
- False alarms in news prose: the share of social groups named in Europeana's newspaper chunks
  that Palabre calls attacked (no labels: an upper bound on false alarms).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from analytics.datasets.mlma import HELD_OUT_SAMPLES, mlma_rows, read_annotations
from analytics.datasets.shared import default_data_dir

TYPE_TO_NER = {"person": "PER", "organisation": "ORG", "institution": "ORG", "country": "LOC",
               "government": "LOC", "place": "LOC"}
MLMA_GROUPS = {"women": "women", "arabs": "Arabs", "muslims": "Muslims", "african_descent": "Black people",
               "immigrants": "immigrants and refugees", "refugees": "immigrants and refugees", "jews": "Jews",
               "gay": "gay people", "special_needs": "disabled people", "asians": "Asian people",
               "left_wing_people": "left-wing people"}
CHUNK_TOKENS = 60
ATTACK_LABELS = {"hateful", "offensive", "abusive", "disrespectful"}
ATTACK_READINGS = {  # which MLMA hostility labels (one or several per tweet, joined by _) count as an attack
    "any label but `normal` alone (the default above)": lambda label: label != "normal",
    "no annotator said `normal`": lambda label: "normal" not in label.split("_"),
    "neither `normal` nor `fearful` alone": lambda label: label not in ("normal", "fearful"),
    "an attack label (hateful, offensive, abusive, disrespectful), no `normal`":
        lambda label: "normal" not in label.split("_") and bool(ATTACK_LABELS & set(label.split("_"))),
}


def europeana_chunks(path: Path) -> Iterator[tuple[str, set[tuple[int, int, str]]]]:
    """(text, gold entities as (start, end, type)) per chunk of tokens ending at a full stop."""
    tokens: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").rsplit(" ", 1)
            if len(parts) != 2 or not parts[0]:
                continue
            tokens.append((parts[0], parts[1]))
            if (parts[0] == "." and len(tokens) >= 8) or len(tokens) >= CHUNK_TOKENS:
                yield _chunk(tokens)
                tokens = []
    if tokens:
        yield _chunk(tokens)


def _chunk(tokens: list[tuple[str, str]]) -> tuple[str, set[tuple[int, int, str]]]:
    text, entities, offset = "", set(), 0
    current: list | None = None
    for token, tag in tokens:
        start = offset
        text += token + " "
        offset = len(text)
        kind = tag[2:] if tag != "O" else None
        if current and kind == current[2]:
            current[1] = start + len(token)
        else:
            if current:
                entities.add(tuple(current))
            current = [start, start + len(token), kind] if kind else None
    if current:
        entities.add(tuple(current))
    return text.rstrip(), entities


def _prf(found: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = found / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def evaluate_ner(data_dir: Path, limit: int | None = None) -> list[dict]:
    """Entity P/R/F1 of plain spaCy NER and of Palabre's mentions on the Europeana French corpus."""
    from analytics.enrich.targets.model import (
        default_index,
        find_mentions,
        ner_pipeline,
    )
    from analytics.text.normalize import typographic

    chunks = list(europeana_chunks(data_dir / "europeana_ner_fr" / "enp_FR.bnf.bio"))[:limit]
    index = default_index()
    counts = {"spaCy fr_core_news_sm NER (plain)": [0, 0, 0], "Palabre targets (alias table + NER)": [0, 0, 0]}
    nlp = ner_pipeline()
    for (text, gold), doc in zip(chunks, nlp.pipe(typographic(text) for text, _ in chunks)):
        plain = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("PER", "LOC", "ORG")}
        ours = {(m.start, m.end, TYPE_TO_NER[kind]) for _, kind, m in find_mentions(text, index, use_ner=True)
                if kind in TYPE_TO_NER}
        for name, predicted in zip(counts, (plain, ours)):
            counts[name][0] += len(predicted & gold)
            counts[name][1] += len(predicted)
            counts[name][2] += len(gold)
    return [{"system": name, "entities": gold, "precision": p, "recall": r, "f1": f}
            for name, (hit, predicted, gold) in counts.items() for p, r, f in [_prf(hit, predicted, gold)]]


def evaluate_news_alarms(data_dir: Path, mode: str = "fast") -> dict:
    """False alarms in plain news prose: the Europeana chunks that mention a social group, and how
    many of those groups Palabre calls attacked. Unlabelled (an old newspaper can be hostile too),
    so it is an upper bound on false alarms; VADER-fr's negative reading of the same chunks beside."""
    from analytics.enrich.targets.model import analyse_targets

    texts = [text for text, _ in europeana_chunks(data_dir / "europeana_ner_fr" / "enp_FR.bnf.bio")]
    found = analyse_targets(texts, "fr", mode=mode)
    grouped = [(text, [t for t in targets if t.type == "group"]) for text, targets in zip(texts, found)]
    grouped = [(text, groups) for text, groups in grouped if groups]
    mentions = sum(len(groups) for _, groups in grouped)
    attacked = sum(t.attack for _, groups in grouped for t in groups)
    negative = _vader_negative([text for text, _ in grouped])
    vader = sum(negative) if negative is not None else None
    return {"chunks": len(texts), "chunks_with_a_group": len(grouped), "group_targets": mentions,
            "Palabre attacked share": round(attacked / max(1, mentions), 3),
            "VADER-fr negative share of those chunks": round(vader / max(1, len(grouped)), 3) if vader is not None
            else None}


def _vader_negative(texts: list[str]) -> list[bool] | None:
    """Plain VADER-fr's reading of each text as negative (the baseline), None when not installed."""
    from analytics.evaluation.sentiment import vader_fr

    try:
        return [score < -0.05 for _, score in vader_fr()(texts)]
    except ImportError:
        return None


def evaluate_hostile(data_dir: Path, part: str = "test", mode: str = "fast") -> dict:
    """Target found, group found and attack P/R/F1 on MLMA French tweets, with baselines."""
    from analytics.enrich.targets.model import analyse_targets, ner_pipeline
    from analytics.text.normalize import typographic

    rows = mlma_rows(data_dir, part)
    texts = [row["tweet"] for row in rows]
    found = analyse_targets(texts, "fr", mode=mode)
    toxic = [row["sentiment"] != "normal" for row in rows]
    aimed = [i for i, row in enumerate(rows) if row["group"] != "other"]
    grouped = [i for i, row in enumerate(rows) if row["group"] in MLMA_GROUPS]
    nlp = ner_pipeline()
    entities = [bool(doc.ents) for doc in nlp.pipe(typographic(text) for text in texts)]
    vader = _vader_negative(texts)
    attacks = [any(target.attack for target in targets) for targets in found]

    def attack_scores(predicted: list[bool]) -> dict:
        return _binary_scores(predicted, toxic, "normal_flagged")

    readings = {name: [is_attack(row["sentiment"]) for row in rows] for name, is_attack in ATTACK_READINGS.items()}
    group_hits = [i for i in grouped if MLMA_GROUPS[rows[i]["group"]] in {t.name for t in found[i]}]
    attacked_group = [i for i in group_hits if any(t.attack and t.name == MLMA_GROUPS[rows[i]["group"]]
                                                   for t in found[i]) and toxic[i]]
    return {
        "part": part, "tweets": len(rows), "toxic": sum(toxic), "aimed_at_individual_or_group": len(aimed),
        "target_found": {"Palabre": round(sum(bool(found[i]) for i in aimed) / len(aimed), 3),
                         "spaCy NER (plain)": round(sum(entities[i] for i in aimed) / len(aimed), 3)},
        "annotated_group_found": round(len(group_hits) / len(grouped), 3) if grouped else None,
        "annotated_group_found_and_attacked_in_toxic": round(
            len(attacked_group) / max(1, sum(toxic[i] for i in grouped)), 3),
        "attack": {"Palabre": attack_scores(attacks),
                   "VADER-fr negative (plain)": attack_scores(vader) if vader else None,
                   "always attack": attack_scores([True] * len(rows))},
        "attack_f1_by_reading": {
            name: {"attacks": sum(gold),
                   **{system: _prf(sum(p and t for p, t in zip(predicted, gold)), sum(predicted), sum(gold))[2]
                      for system, predicted in (("Palabre", attacks), ("VADER-fr negative", vader),
                                                ("always attack", [True] * len(rows))) if predicted}}
            for name, gold in readings.items()},
    }


def evaluate_reannotated(data_dir: Path, mode: str = "fast",
                         samples: dict[str, tuple[Path, str]] | None = None) -> dict:
    """Attack scores against the blind reannotation, every sample pooled and, under `by_sample`,
    each on its own; the tweets are analysed once. See _reannotation_scores. Samples map a name to
    (labels, part): HELD_OUT_SAMPLES by default, DEVELOPMENT_SAMPLES for the rows the rules were
    tuned on."""
    from analytics.enrich.targets.model import analyse_targets

    samples = samples or HELD_OUT_SAMPLES
    read = {name: read_annotations(data_dir, path, part) for name, (path, part) in samples.items()}
    labelled = [item for items in read.values() for item in items]
    texts = [row["tweet"] for row, _, _, _ in labelled]
    found = analyse_targets(texts, "fr", mode=mode)
    systems = {"Palabre": [any(t.attack for t in targets) for targets in found],
               "VADER-fr negative (plain)": _vader_negative(texts),
               "always attack": [True] * len(texts)}
    systems |= {f"MLMA labels: {name}": [is_attack(row["sentiment"]) for row, _, _, _ in labelled]
                for name, is_attack in ATTACK_READINGS.items()}
    systems = {name: predicted for name, predicted in systems.items() if predicted is not None}
    results = _reannotation_scores(labelled, found, systems)
    results["by_sample"], first = {}, 0
    for name, items in read.items():
        rows = slice(first, first + len(items))
        results["by_sample"][name] = _reannotation_scores(
            items, found[rows], {system: predicted[rows] for system, predicted in systems.items()})
        first += len(items)
    return results


def _reannotation_scores(labelled, found, systems: dict[str, list[bool]]) -> dict:
    """Over all the tweets and over the clear cases (borderline left out): each system's attack
    scores; and how often the group an attack is aimed at is found, and found attacked (also over
    the clear attacks alone, the hateful comments no annotator would hesitate over)."""
    aimed = [(groups, {t.name: t.attack for t in targets}) for (_, _, _, groups), targets in zip(labelled, found)
             if groups]
    clear = [(groups, {t.name: t.attack for t in targets})
             for (_, _, border, groups), targets in zip(labelled, found) if groups and not border]
    results: dict = {"tweets": len(labelled), "attacks": sum(gold for _, gold, _, _ in labelled),
                     "borderline": sum(border for _, _, border, _ in labelled),
                     "attacks_on_a_group": len(aimed),
                     "attacked_group_found": round(sum(bool(groups & named.keys()) for groups, named in aimed)
                                                   / max(1, len(aimed)), 3),
                     "attacked_group_found_and_flagged": round(
                         sum(any(named.get(group) for group in groups) for groups, named in aimed) / max(1, len(aimed)), 3),
                     "clear_attacks_on_a_group": len(clear),
                     "attacked_group_found_and_flagged_clear": round(
                         sum(any(named.get(group) for group in groups) for groups, named in clear) / max(1, len(clear)), 3)}
    for subset, keep in (("all", [True] * len(labelled)), ("clear", [not border for _, _, border, _ in labelled])):
        gold = [attack for (_, attack, _, _), kept in zip(labelled, keep) if kept]
        results[subset] = {name: _binary_scores([p for p, kept in zip(predicted, keep) if kept], gold)
                           for name, predicted in systems.items()}
    return results


def _binary_scores(predicted: list[bool], gold: list[bool], alarms: str = "others_flagged") -> dict:
    """P/R/F1, the share of negatives flagged (under the key `alarms`) and balanced accuracy."""
    precision, recall, f1 = _prf(sum(p and t for p, t in zip(predicted, gold)), sum(predicted), sum(gold))
    false_alarms = sum(p and not t for p, t in zip(predicted, gold)) / max(1, len(gold) - sum(gold))
    return {"precision": precision, "recall": recall, "f1": f1, alarms: round(false_alarms, 3),
            "balanced_accuracy": round((recall + 1 - false_alarms) / 2, 3)}


def run(data_dir: Path | None = None, mode: str = "fast") -> dict:
    """All evaluations, JSON-ready."""
    data_dir = data_dir or default_data_dir()
    reannotated = evaluate_reannotated(data_dir, mode)
    by_sample = reannotated.pop("by_sample")
    return {"ner": evaluate_ner(data_dir), "hostile": evaluate_hostile(data_dir, "test", mode),
            "reannotated": reannotated, "reannotated_by_sample": by_sample,
            "news_alarms": evaluate_news_alarms(data_dir, mode)}


def as_markdown(results: dict) -> str:
    """The tables of docs/evaluation.md: NER, MLMA French attacks, the reannotated samples, news alarms."""
    return "\n".join(_ner_and_hostile_lines(results) + _reannotated_lines(results) + _alarm_lines(results))


def _ner_and_hostile_lines(results: dict) -> list[str]:
    lines = ["| Europeana French NER | entities | precision | recall | F1 |", "|---|---|---|---|---|"]
    lines += [f"| {r['system']} | {r['entities']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |"
              for r in results["ner"]]
    hostile = results["hostile"]
    lines += ["", f"MLMA French tweets, held-out part: {hostile['tweets']} tweets, {hostile['toxic']} toxic, "
              f"{hostile['aimed_at_individual_or_group']} aimed at an individual or a named group.", "",
              "| measure | Palabre | baseline |", "|---|---|---|",
              f"| a target found, tweets aimed at an individual or group | {hostile['target_found']['Palabre']:.3f} "
              f"| {hostile['target_found']['spaCy NER (plain)']:.3f} (spaCy NER finds an entity) |",
              f"| the annotated group found | {hostile['annotated_group_found']:.3f} | — |",
              f"| the annotated group found and attacked, toxic tweets | "
              f"{hostile['annotated_group_found_and_attacked_in_toxic']:.3f} | — |"]
    ours = hostile["attack"]["Palabre"]
    for name, scores in hostile["attack"].items():
        if scores and name != "Palabre":
            lines.append(f"| attack P / R / F1 vs {name} | {_prf_text(ours)} | {_prf_text(scores)} |")
    vader = hostile["attack"].get("VADER-fr negative (plain)")
    if vader:
        lines += [f"| `normal` tweets flagged (lower is better) vs VADER-fr | {ours['normal_flagged']:.3f} | "
                  f"{vader['normal_flagged']:.3f} |",
                  f"| balanced accuracy (toxic found, normal spared; 0.5 = chance) vs VADER-fr | "
                  f"{ours['balanced_accuracy']:.3f} | {vader['balanced_accuracy']:.3f} |"]
    lines += ["", "Attack F1 under other readings of MLMA's labels:", "",
              "| a tweet is an attack when | attacks | Palabre | VADER-fr negative | always attack |",
              "|---|---:|---:|---:|---:|"]
    for name, scores in hostile["attack_f1_by_reading"].items():
        lines.append(f"| {name} | {scores['attacks']} | {scores['Palabre']:.3f} | "
                     f"{scores.get('VADER-fr negative', float('nan')):.3f} | {scores['always attack']:.3f} |")
    return lines


def _reannotated_lines(results: dict) -> list[str]:
    reannotated = results.get("reannotated")
    lines = []
    if reannotated:
        lines += ["", f"Held-out tweets reread blind against the issue's definition of an attack: "
                  f"{reannotated['tweets']} drawn at random in {len(HELD_OUT_SAMPLES)} samples, "
                  f"{reannotated['attacks']} attacks, {reannotated['borderline']} borderline "
                  f"(benchmarks/annotations/). In the {reannotated['attacks_on_a_group']} that attack a group, "
                  f"Palabre finds that group in {reannotated['attacked_group_found']:.3f} and finds it attacked in "
                  f"{reannotated['attacked_group_found_and_flagged']:.3f} "
                  f"({reannotated['attacked_group_found_and_flagged_clear']:.3f} of the "
                  f"{reannotated['clear_attacks_on_a_group']} clear ones).", "",
                  "| detector | P / R / F1, all | others flagged, all | P / R / F1, clear cases only |",
                  "|---|---|---:|---|"]
        for name, scores in reannotated["all"].items():
            lines.append(f"| {name} | {_prf_text(scores)} | {scores['others_flagged']:.3f} | "
                         f"{_prf_text(reannotated['clear'][name])} |")
        lines += ["", "Palabre on each sample:", "",
                  "| sample | tweets | attacks | borderline | P / R / F1, all | P / R / F1, clear | "
                  "attacks on a group | group found | group found and flagged | the same, clear attacks |",
                  "|---|---:|---:|---:|---|---|---:|---:|---:|---:|"]
        for name, sample in results.get("reannotated_by_sample", {}).items():
            lines.append(f"| {name} | {sample['tweets']} | {sample['attacks']} | {sample['borderline']} | "
                         f"{_prf_text(sample['all']['Palabre'])} | {_prf_text(sample['clear']['Palabre'])} | "
                         f"{sample['attacks_on_a_group']} | {sample['attacked_group_found']:.3f} | "
                         f"{sample['attacked_group_found_and_flagged']:.3f} | "
                         f"{sample['attacked_group_found_and_flagged_clear']:.3f} of {sample['clear_attacks_on_a_group']} |")
    return lines


def _alarm_lines(results: dict) -> list[str]:
    alarms = results.get("news_alarms")
    lines = []
    if alarms:
        vader = alarms["VADER-fr negative share of those chunks"]
        lines += ["", f"False alarms in news prose (Europeana, unlabelled): {alarms['chunks_with_a_group']} of "
                  f"{alarms['chunks']} chunks name a social group ({alarms['group_targets']} group targets).", "",
                  "| system | share flagged |", "|---|---:|",
                  f"| Palabre: group targets called attacked | {alarms['Palabre attacked share']:.3f} |"]
        if vader is not None:
            lines.append(f"| VADER-fr negative (plain): those chunks read as negative | {vader:.3f} |")
    return lines


def _prf_text(scores: dict) -> str:
    return f"{scores['precision']:.3f} / {scores['recall']:.3f} / {scores['f1']:.3f}"
