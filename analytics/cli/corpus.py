"""Commands over the store's corpus-wide results: targets, topics, camps, alias suggestions
(the parser lives in cli.py)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analytics.enrich.targets.aliases import DEFAULT_ALIASES, TYPES
from analytics.errors import UsageError
from analytics.store import close_store, connect, open_reader, refresh_facts


def add_commands(commands: argparse._SubParsersAction, store_help: str) -> None:
    """targets, topics, camps and aliases."""
    targets = commands.add_parser("targets", help="named targets: mentions, comments, sentiment, attack rate")
    targets.add_argument("--store", metavar="DIR", help=store_help)
    targets.add_argument("--by", choices=["depth", "day", "article"], help="also group by reply depth, day or article")
    targets.add_argument("--json", action="store_true", help="print JSON rows")

    topics = commands.add_parser("topics", help="fit topics over the analysed comments and store them; "
                                                "`topics merge N` shows the stored fit merged down to N topics")
    topics.add_argument("action", nargs="?", choices=["fit", "merge"], default="fit",
                        help="fit (default): fit and store; merge: show the stored fit as N topics, no refit")
    topics.add_argument("count", nargs="?", type=int, metavar="N", help="merge: the number of topics to show")
    topics.add_argument("--store", metavar="DIR", help=store_help)
    topics.add_argument("--method", choices=["nmf", "lda", "embeddings"], default="nmf",
                        help="nmf (TF-IDF and word co-occurrence + NMF, default), lda (counts + LDA), both one "
                             "model per language; or embeddings (k-means over multilingual-e5-small "
                             "embeddings: one model across languages)")
    topics.add_argument("--topics", type=int, metavar="N",
                        help="number of topics of each language's model (default: √documents / 4, 2 to 40)")
    topics.add_argument("--seed", type=int, default=0, help="random_state of every random choice (default: 0)")
    topics.add_argument("--json", action="store_true", help="print the topics as JSON rows")

    camps = commands.add_parser("camps", help="group commenters into stance camps and store them")
    camps.add_argument("--store", metavar="DIR", help=store_help)
    camps.add_argument("--seed", type=int, default=0, help="random_state of k-means (default: 0)")
    camps.add_argument("--json", action="store_true", help="print the camps as JSON rows")

    aliases = commands.add_parser("aliases", help="alias suggestions from the corpus: suggest, list, accept, reject")
    aliases.add_argument("action", choices=["suggest", "list", "accept", "reject"])
    aliases.add_argument("ids", nargs="*", type=int, metavar="ID", help="suggestion ids (accept, reject)")
    aliases.add_argument("--store", metavar="DIR", help=store_help)
    aliases.add_argument("--aliases", metavar="FILE", type=Path, default=DEFAULT_ALIASES,
                         help="the alias table suggestions are checked against and accepted into")
    aliases.add_argument("--canonical", metavar="NAME", help="accept: the target to attach the alias to "
                                                             "(default: the suggested one)")
    aliases.add_argument("--type", choices=TYPES, help="accept: the target's type when it is new to the table")



def targets(args: argparse.Namespace) -> int:
    from analytics.views.reports import target_summary

    connection = open_reader(args.store)
    frame = target_summary(connection, args.by)
    close_store(connection)
    if args.json:
        print(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    elif frame.empty:
        print("no targets yet: run `python -m analytics analyze` first", file=sys.stderr)
    else:
        print(frame.fillna({"attacked_with": ""}).to_string(index=False))
    return 0


def topics(args: argparse.Namespace) -> int:
    if args.action == "merge":
        return _merge(args)
    if args.count is not None:
        raise UsageError(f"topics: N is for `topics merge N`; received {args.count} (the number to fit is --topics)")
    if args.topics is not None and args.topics < 2:
        raise UsageError(f"--topics: expected 2 or more; received {args.topics}")
    from analytics.pipeline.topics import fit_topics
    from analytics.views.reports import drift_by_depth, stored_topics, topic_shares
    from analytics.views.topics import topic_levels

    connection = connect(args.store)
    model = fit_topics(connection, args.method, args.topics, args.seed)
    refresh_facts(connection)
    drift = drift_by_depth(connection)
    shares = {by: topic_shares(connection, by) for by in ("depth", "article")}
    stored = stored_topics(connection)
    levels = topic_levels(connection)
    close_store(connection)
    rows = [{"topic": topic, "label": label, "lang": lang, "key_phrases": json.loads(phrases or "[]"),
             "coherence": round(coherence, 3), "top_terms": [term for term, _ in terms]}
            for (topic, label, phrases), lang, coherence, terms
            in zip(stored, model.topic_lang_, model.coherence_, model.top_terms_)]
    if args.json:
        print(json.dumps({"topics": rows, "selection": model.selection_, "unassigned": model.unassigned_,
                          "merge_levels": levels, "drift_by_depth": drift.to_dict("records"),
                          "shares": {by: frame.to_dict("records") for by, frame in shares.items()}},
                         ensure_ascii=False, default=str))
        return 0
    models = ", ".join(f"{row['model']}: {row['topics']} from {row['documents']:,} documents" for row in model.selection_)
    unassigned = ", ".join(f"{lang} ({count})" for lang, count in model.unassigned_.items())
    print(f"{model.n_topics_} topics ({args.method}, seed {args.seed}; {models})"
          + (f"; no topics for {unassigned}" if unassigned else "")
          + f"; stored in the store's `topics` table; merge levels {levels} (`topics merge N`)", file=sys.stderr)
    for row in rows:
        print(f"  {row['topic']:>2}  [{row['lang']}] {row['label']}  (NPMI {row['coherence']:+.3f})\n"
              f"      terms: {', '.join(row['top_terms'])}")
    for row in drift.itertuples():
        print(f"  depth {row.depth}: mean drift from the article {row.mean_drift:.3f} ({row.comments} comments)")
    return 0


def _merge(args: argparse.Namespace) -> int:
    """`topics merge N`: the stored fit merged down to N topics, with their comments."""
    from analytics.views.state import ViewState
    from analytics.views.topics import level_topics, topic_levels, topic_sizes

    connection = open_reader(args.store)
    fitted = (topic_levels(connection) or [0])[-1]
    if not fitted:
        close_store(connection)
        raise UsageError("topics merge: no topics yet; run `python -m analytics topics` first")
    if args.count is None or not 1 <= args.count <= fitted:
        close_store(connection)
        raise UsageError(f"topics merge: expected N between 1 and {fitted} (the fitted topics); received {args.count}")
    shown = level_topics(connection, args.count)
    sizes = topic_sizes(connection, ViewState(), tuple(int(topic) for topic in shown["topic_id"]))
    close_store(connection)
    counts = dict(zip(sizes["topic_id"], sizes["comments"]))
    rows = [{"topic": int(row.topic_id), "label": row.label, "lang": row.lang,
             "members": [int(leaf) for leaf in row.members], "comments": int(counts.get(row.topic_id, 0)),
             "top_terms": [term for term, _ in json.loads(row.top_terms)]} for row in shown.itertuples()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    print(f"{len(rows)} topics merged from {fitted}; comments: those weighing ≥ 0.3 on the topic", file=sys.stderr)
    for row in rows:
        print(f"  {row['topic']:>3}  [{row['lang']}] {row['label']}  ({row['comments']} comments; "
              f"topics {', '.join(map(str, row['members']))})\n      terms: {', '.join(row['top_terms'])}")
    return 0


def camps(args: argparse.Namespace) -> int:
    from analytics.pipeline.camps import fit_camps
    from analytics.views.reports import stored_camps

    connection = connect(args.store)
    found = fit_camps(connection, args.seed)
    refresh_facts(connection)
    camps = stored_camps(connection)
    close_store(connection)
    if args.json:
        print(json.dumps({**found, "rows": camps.to_dict("records")}, ensure_ascii=False))
        return 0
    if not found["camps"]:
        print("no camps: no target is mentioned by two commenters or more (run `analyze` first)", file=sys.stderr)
        return 0
    print(f"{found['camps']} camp(s) over {len(found['targets'])} targets; k chosen by silhouette: "
          + ", ".join(f"k={row['camps']}: {row['silhouette']}" for row in found["selection"]), file=sys.stderr)
    for row in camps.itertuples():
        print(f"  camp {row.camp_id + 1}: {row.description} ({row.commenters} commenters, {row.comments} comments)")
    return 0


def aliases(args: argparse.Namespace) -> int:
    from analytics import store
    from analytics.enrich.targets.aliases import AliasIndex, read_aliases
    from analytics.enrich.targets.suggestions import suggest
    from analytics.store import reads
    from analytics.store.aliases import append_alias
    from analytics.views import reports

    if args.action in ("accept", "reject") and not args.ids:
        raise UsageError(f"aliases {args.action}: expected one or more suggestion ids")
    connection = connect(args.store, read_only=args.action == "list")
    index = AliasIndex(read_aliases(args.aliases))
    if args.action == "suggest":
        stored = store.store_suggestions(connection, suggest(*reads.suggestion_inputs(connection), index))
        print(f"{stored} pending suggestion(s); accept or reject them by id", file=sys.stderr)
    pending = reports.suggestions(connection)
    for suggestion_id in args.ids:
        rows = pending[pending["suggestion_id"] == suggestion_id]
        if rows.empty or rows.iloc[0]["status"] != "pending":
            raise UsageError(f"aliases {args.action} {suggestion_id}: expected the id of a pending suggestion")
        row = rows.iloc[0]
        if args.action == "accept":
            canonical = args.canonical or row["canonical"]
            kind_type = args.type or index.canonical_type.get(canonical)
            if not canonical or not kind_type:
                raise UsageError(f"aliases accept {suggestion_id}: give --canonical NAME and --type TYPE "
                                 f"({row['alias']!r} has no known target)")
            kind = {"epithet": "epithet", "surname": "surname"}.get(row["kind"], "name")
            append_alias(args.aliases, canonical, kind_type, row["alias"], kind)
            print(f"added {row['alias']!r} → {canonical} ({kind}) to {args.aliases}; "
                  "it applies from the next `analyze --redo`", file=sys.stderr)
        store.decide_suggestion(connection, suggestion_id, "accepted" if args.action == "accept" else "rejected")
    frame = reports.suggestions(connection, "pending")
    close_store(connection)
    if args.action in ("suggest", "list"):
        print(frame.drop(columns=["evidence", "status"]).to_string(index=False) if not frame.empty else "no pending suggestions")
    return 0


COMMANDS = {"targets": targets, "topics": topics, "camps": camps, "aliases": aliases}
