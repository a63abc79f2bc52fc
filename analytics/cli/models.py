"""Commands that run, score and retrain the models on texts rather than on the store:
predict, evaluate, train (the parser lives in cli.py)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analytics.datasets.shared import SHARED_DATA_ENV
from analytics.enrich.targets.aliases import DEFAULT_ALIASES
from analytics.errors import InputError, UsageError
from analytics.modes import MODES


def add_commands(commands: argparse._SubParsersAction) -> None:
    """predict, evaluate and train."""
    predict = commands.add_parser("predict", help="run a model on texts; one JSON object per input on stdout")
    predict.add_argument("task", choices=["sentiment", "targets", "stance"], help="what to predict")
    predict.add_argument("--input", required=True, metavar="FILE",
                         help="one text per line, or JSONL with a `text` field (for targets, an optional "
                              "`context`; for stance, `parent` and optionally `root`); - for standard input")
    predict.add_argument("--lang", choices=["fr", "en", "auto"], default="auto",
                         help="language of the texts (default: auto, detected per text)")
    predict.add_argument("--mode", choices=MODES, default="accurate", help="fast or accurate (default)")
    predict.add_argument("--aliases", metavar="FILE", type=Path, default=DEFAULT_ALIASES,
                         help="targets: the alias table (CSV; default: data/targets/aliases.csv)")

    evaluate = commands.add_parser("evaluate", help="score Palabre and baselines on labelled public data")
    evaluate.add_argument("task", choices=["sentiment", "targets", "attacks", "stance", "topics"],
                          help="what to evaluate")
    evaluate.add_argument("--data", metavar="DIR",
                          help=f"the datasets' folder (default: ${SHARED_DATA_ENV}, else ../shared/data)")
    evaluate.add_argument("--json", action="store_true", help="print JSON rows instead of a Markdown table")
    evaluate.add_argument("--mode", choices=MODES, default="fast",
                          help="targets and attacks: the mode evaluated (default fast; accurate adds the embedding "
                               "model); sentiment, stance and topics report their own modes")

    train = commands.add_parser("train", help="retrain the shipped models from labelled public data")
    train.add_argument("task", choices=["sentiment", "discourse", "stance", "attacks"],
                       help="what to train (discourse: only the weights of long comments' sentences, refitted on "
                            "the shipped sentence models, as after a lexicon change; sentiment refits them too)")
    train.add_argument("--data", metavar="DIR",
                       help=f"the datasets' folder (default: ${SHARED_DATA_ENV}, else ../shared/data)")



def read_records(path: str) -> list[dict]:
    """Records of a predict input: one text per line, or JSONL objects with a string `text` field."""
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8-sig")
        with handle:
            lines = handle.read().splitlines()
    except OSError as error:
        raise UsageError(f"--input {path}: cannot read ({error.strerror})") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.lstrip().startswith("{"):
            records.append({"text": line})
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(path, f"line {number}", "a JSON object with a `text` field",
                             f"invalid JSON ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(path, f"line {number}", "a JSON object with a string `text` field", line[:80])
        records.append(record)
    return records


def predict(args: argparse.Namespace) -> int:
    from analytics.text.language import resolve

    records = read_records(args.input)
    texts = [record["text"] for record in records]
    langs = [resolve(text).lang for text in texts] if args.lang == "auto" else [args.lang] * len(texts)
    if args.task == "sentiment":
        from analytics.enrich.sentiment.model import predict

        for text_lang, result in zip(langs, predict(texts, langs, args.mode)):
            print(json.dumps({"label": result.label, "score": result.score, "lang": text_lang}))
        return 0
    if args.task == "stance":
        from analytics.enrich.stance import model as stance

        for number, record in enumerate(records, start=1):
            if not isinstance(record.get("parent"), str):
                raise InputError(args.input, f"record {number}", "a string `parent` field (the text replied to)",
                                 repr(record.get("parent")))
        parents = [record["parent"] for record in records]
        roots = [str(record.get("root") or record["parent"]) for record in records]
        for text_lang, result in zip(langs, stance.predict(texts, parents, roots, langs=langs, mode=args.mode)):
            print(json.dumps({**result.as_dict(), "lang": text_lang}))
        return 0
    from analytics.enrich.targets.aliases import AliasIndex, read_aliases
    from analytics.enrich.targets.model import analyse_targets

    contexts = [str(record.get("context") or "") for record in records]
    found = analyse_targets(texts, langs, contexts, args.mode, AliasIndex(read_aliases(args.aliases)))
    for targets in found:
        print(json.dumps({"targets": [target.as_dict() for target in targets]}, ensure_ascii=False))
    return 0


def evaluate(args: argparse.Namespace) -> int:
    from analytics.evaluation.sentiment import as_dicts, as_markdown, evaluate_sentiment

    if args.task == "stance":
        from analytics.evaluation.stance import as_markdown as stance_markdown
        from analytics.evaluation.stance import evaluate_stance

        results = evaluate_stance(Path(args.data) if args.data else None)
        print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else stance_markdown(results))
        return 0
    if args.task == "topics":
        from analytics.evaluation.topics import as_markdown as topics_markdown
        from analytics.evaluation.topics import evaluate_topics

        results = evaluate_topics(Path(args.data) if args.data else None)
        print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else topics_markdown(results))
        return 0
    if args.task == "attacks":
        from analytics.evaluation.attacks import as_markdown as attacks_markdown
        from analytics.evaluation.attacks import run as run_attacks

        results = run_attacks(Path(args.data) if args.data else None, args.mode)
        print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else attacks_markdown(results))
        return 0
    if args.task == "targets":
        from analytics.evaluation.targets import as_markdown as targets_markdown
        from analytics.evaluation.targets import run

        results = run(Path(args.data) if args.data else None, args.mode)
        print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else targets_markdown(results))
        return 0
    rows = evaluate_sentiment(Path(args.data) if args.data else None)
    print(json.dumps(as_dicts(rows), ensure_ascii=False, indent=1) if args.json else as_markdown(rows))
    return 0


def train(args: argparse.Namespace) -> int:
    from analytics.datasets.shared import default_data_dir
    from analytics.enrich.sentiment.training import train

    if args.task == "attacks":
        from analytics.enrich.targets.training import train as train_attacks

        record = train_attacks(Path(args.data) if args.data else default_data_dir(),
                               progress=lambda message: print(message, file=sys.stderr))
        for mode, scores in record["out_of_fold"].items():
            merged = scores["with_rules"]
            blend = f" (the fast model's probability weighs {merged['blend']})" if "blend" in merged else ""
            print(f"wrote the {mode} attack scorer: attack from {merged['attack']}{blend}, rules vetoed below "
                  f"{merged['veto']}; out-of-fold F1 with the rules {merged['f1']}, scorer alone "
                  f"{scores['scorer_alone']['f1']} (functional dev + relabelled MLMA)", file=sys.stderr)
        return 0
    if args.task == "stance":
        from analytics.enrich.stance.sides_training import train as train_sides
        from analytics.enrich.stance.training import train as train_stance

        chosen = train_stance(Path(args.data) if args.data else default_data_dir())
        print(f"wrote the reply-stance model: {chosen['path']} ({chosen['replies']} replies; C={chosen['C']}, "
              f"class weights {chosen['class_weight']}, embeddings {chosen['embeddings']}, shifts {chosen['shifts']}, "
              f"answers {chosen['answers']}, markers {chosen['markers']}; leave-one-event-out "
              f"macro-F1 {chosen['cv_macro_f1']}, toward the article {chosen['cv_article_macro_f1']})", file=sys.stderr)
        found = train_sides()
        print(f"wrote the answer-side model: {found['path']} ({found['training']['replies']} development answers; "
              + ", ".join(f"{mode} out-of-question macro-F1 {record['macro_f1']}"
                          for mode, record in found["cross_validation"].items()) + ")", file=sys.stderr)
        return 0

    if args.task == "discourse":
        from analytics.enrich.sentiment.discourse_training import train_discourse

        path = train_discourse(Path(args.data) if args.data else default_data_dir(),
                               progress=lambda message: print(message, file=sys.stderr))
        print(f"wrote the discourse weights: {path}", file=sys.stderr)
        return 0
    for name, path in train(Path(args.data) if args.data else None).items():
        print(f"wrote {name}: {path}", file=sys.stderr)
    return 0


COMMANDS = {"predict": predict, "evaluate": evaluate, "train": train}
