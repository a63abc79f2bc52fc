"""The `store` command: list what a store holds, remove articles or a source file's records,
reset it, and undo the last removal or reset."""
from __future__ import annotations

import argparse
import sys

from analytics.errors import UsageError
from analytics.store import close_store, connect, open_reader
from analytics.store.removal import Removal, remove_articles, remove_source, reset, undo


def add_commands(commands: argparse._SubParsersAction, store_help: str) -> None:
    """store list|remove|reset|undo."""
    store = commands.add_parser("store", help="list, remove articles or a source file, reset, undo")
    store.add_argument("action", choices=["list", "remove", "reset", "undo"],
                       help="list: articles (or --files); remove: --article or --source; reset: empty the "
                            "store (--yes); undo: bring back the state before the last remove or reset")
    store.add_argument("--store", metavar="DIR", help=store_help)
    store.add_argument("--files", action="store_true", help="list: the ingested source files instead of articles")
    store.add_argument("--article", action="append", default=[], metavar="ID",
                       help="remove: this article with its comments and analyses (repeatable)")
    store.add_argument("--source", action="append", default=[], metavar="FILE",
                       help="remove: every record read from this file, as `store list --files` shows it "
                            "(repeatable); the file can then be ingested again")
    store.add_argument("--yes", action="store_true", help="reset: confirm emptying the store")
    store.add_argument("--json", action="store_true", help="list: print JSON rows")


def store(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list(args)
    if args.action == "remove" and not (args.article or args.source):
        raise UsageError("store remove: expected --article ID or --source FILE")
    if args.action == "reset" and not args.yes:
        raise UsageError("store reset: this empties the store (`store undo` brings it back); add --yes to confirm")
    connection = connect(args.store)
    if args.action == "undo":
        database = undo(connection)
        print(f"restored {database} as it was before the last removal or reset", file=sys.stderr)
        return 0
    try:
        if args.action == "reset":
            _say("emptied the store:", reset(connection))
        else:
            if args.article:
                _say("removed", remove_articles(connection, args.article))
            for source in args.source:
                _say(f"removed {source}:", remove_source(connection, source))
    finally:
        close_store(connection)
    return 0


def _say(what: str, removal: Removal) -> None:
    print(f"{what} {removal.articles} article(s), {removal.comments} comment(s)"
          + (f", {removal.source_files} source file(s)" if removal.source_files else "")
          + "; `python -m analytics store undo` brings them back", file=sys.stderr)
    if removal.stale_fits:
        print(f"  {' and '.join(removal.stale_fits)} were fitted with them: run `python -m analytics analyze` "
              "(or `topics` and `camps`) to refit", file=sys.stderr)


def _list(args: argparse.Namespace) -> int:
    from analytics.views.reports import (  # pandas: not for every command
        articles_overview,
        source_files,
    )

    connection = open_reader(args.store)
    try:
        table = source_files(connection) if args.files else articles_overview(connection)
    finally:
        connection.close()
    if args.json:
        print(table.to_json(orient="records", date_format="iso", force_ascii=False))
    elif table.empty:
        print("the store is empty", file=sys.stderr)
    else:
        print(table.to_string(index=False))
    return 0


COMMANDS = {"store": store}
