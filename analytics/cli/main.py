"""The command line: the parser of every command, and ingest, analyze, summary, export, serve
(models.py: predict, evaluate, train; corpus.py: targets, topics, camps, aliases)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from tqdm import tqdm

from analytics.cli import corpus as cli_corpus
from analytics.cli import manage as cli_manage
from analytics.cli import models as cli_models
from analytics.errors import PalabreError, UsageError
from analytics.load import FORMATS, iter_source_files
from analytics.load.tabular import FIELDS
from analytics.modes import MODES
from analytics.paths import APP_FILE, DEMO_ENV, READ_ONLY_ENV
from analytics.pipeline.ingest import IngestFailure, ensure_sample, ingest_paths
from analytics.pipeline.options import Engine
from analytics.store import (
    STORE_ENV,
    close_store,
    connect,
    default_store_dir,
    demo_store_dir,
    open_reader,
)
from analytics.store.aliases import store_table
from analytics.views.export_tables import EXPORT_TABLES


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (docs/cli.md documents each option)."""
    parser = argparse.ArgumentParser(prog="python -m analytics",
                                     description="Palabre: articles and their comment threads.")
    commands = parser.add_subparsers(dest="command", required=True)
    store_help = f"store folder (default: ${STORE_ENV}, else {default_store_dir()})"
    _add_load_commands(commands, store_help)
    cli_models.add_commands(commands)
    cli_corpus.add_commands(commands, store_help)
    _add_store_commands(commands, store_help)
    cli_manage.add_commands(commands, store_help)
    return parser


def _add_load_commands(commands: argparse._SubParsersAction, store_help: str) -> None:
    """ingest and analyze."""
    ingest = commands.add_parser("ingest", help="load files or folders into the store")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest")
    ingest.add_argument("--store", metavar="DIR", help=store_help)
    ingest.add_argument("--format", choices=FORMATS, help="skip format detection and read every file as this")
    ingest.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                        help=f"read COLUMN as FIELD ({', '.join(FIELDS)}); repeatable")
    ingest.add_argument("--article", metavar="ID",
                        help="article id for export rows that name none (default: the file's name)")

    analyze = commands.add_parser("analyze", help="add language, sentences, tokens, sentiment, targets, "
                                                  "stance, topics and camps to the store")
    analyze.add_argument("--store", metavar="DIR", help=store_help)
    analyze.add_argument("--mode", choices=MODES, default="accurate",
                         help="fast (linear, thousands of texts/s) or accurate (embeddings; default)")
    analyze.add_argument("--redo", action="store_true",
                         help="analyse every item again (default: only items not yet analysed in this mode)")
    analyze.add_argument("--aliases", metavar="FILE", type=Path,
                         help="the target alias table (CSV; default: the store's own aliases.csv, saved by the "
                              "dashboard's editor, else data/targets/aliases.csv)")
    analyze.add_argument("--workers", type=int, metavar="N",
                         help="processes computing batches (default: one per core in fast mode, 1 in accurate; "
                              "with --engine dask, the LocalCluster's workers)")
    analyze.add_argument("--engine", choices=[engine.value for engine in Engine], default="local",
                         help="local (this machine's processes, default) or dask (a Dask distributed cluster)")
    analyze.add_argument("--scheduler", metavar="ADDRESS",
                         help="dask: the scheduler's address (tcp://host:8786); default: a LocalCluster here")
    analyze.add_argument("--parts", metavar="DIR", type=Path,
                         help="dask: the folder where workers write Parquet partitions, reachable by every "
                              "worker and by this process (default: STORE/parts)")


def _add_store_commands(commands: argparse._SubParsersAction, store_help: str) -> None:
    """summary, export and serve."""
    summary_parser = commands.add_parser("summary", help="articles, comments and reply depths")
    summary_parser.add_argument("--store", metavar="DIR", help=store_help)
    summary_parser.add_argument("--json", action="store_true", help="print one JSON object")

    export = commands.add_parser("export", help="write a table to .csv, .jsonl or .parquet")
    export.add_argument("--store", metavar="DIR", help=store_help)
    export.add_argument("--table", required=True, choices=sorted(EXPORT_TABLES))
    export.add_argument("--out", required=True, metavar="FILE", help="output file; format from its extension")

    serve = commands.add_parser("serve", help="open the dashboard on a store (--demo: on the bundled sample)")
    serve.add_argument("--store", metavar="DIR", help=store_help)
    serve.add_argument("--port", type=int, default=8501, help="port to serve on (default: 8501)")
    serve.add_argument("--headless", action="store_true", help="do not open a browser window")
    serve.add_argument("--address", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 opens it to "
                            "the network: use --read-only then, Palabre has no login)")
    serve.add_argument("--demo", action="store_true",
                       help="the bundled sample corpus, ingested and analysed into a demo store of its own "
                            "(default: $XDG_DATA_HOME/palabre-demo), never into your default store")
    serve.add_argument("--read-only", action="store_true",
                       help="show the store only: no upload, analysis or alias editing (also $PALABRE_READ_ONLY=1)")


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 on success, 1 when some input failed, 2 on a usage or store error."""
    args = build_parser().parse_args(argv)
    try:
        commands = {"ingest": _ingest, "analyze": _analyze, "summary": _summary, "export": _export,
                    "serve": _serve, **cli_models.COMMANDS, **cli_corpus.COMMANDS,
                    **cli_manage.COMMANDS}
        return commands[args.command](args)
    except PalabreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column or not field:
            raise UsageError(f"--map {pair}: expected COLUMN=FIELD")
        mapping[column] = field
    return mapping


def _ingest(args: argparse.Namespace) -> int:
    mapping = _parse_mapping(args.map)
    files = list(iter_source_files(args.paths))
    connection = connect(args.store)
    failures = 0
    with tqdm(total=len(files), unit="file", file=sys.stderr, disable=True if len(files) < 2 else None) as progress:
        def say(line: str) -> None:
            progress.write(line, file=sys.stderr)

        def report(outcome) -> None:
            nonlocal failures
            progress.update(1)
            if isinstance(outcome, IngestFailure):
                failures += 1
                say(f"FAILED {outcome.source_file}: {outcome.error} (nothing stored from it)")
            elif outcome.skipped:
                say(f"unchanged {outcome.source_file}: already ingested")
            else:
                say(f"ingested {outcome.source_file} ({outcome.format}): "
                               f"{len(outcome.articles)} article(s), {outcome.comments_added} new comment(s), "
                               f"{len(outcome.issues)} issue(s)")
                for issue in outcome.issues[:20]:
                    say(f"  {issue.severity}: {issue.location}: {issue.kind}: {issue.message}; {issue.action}")
                if len(outcome.issues) > 20:
                    say(f"  … {len(outcome.issues) - 20} more (export --table validation)")

        ingest_paths(connection, files, args.format, mapping, args.article, on_file=report)
    close_store(connection)
    return 1 if failures else 0


def _analyze(args: argparse.Namespace) -> int:
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.options import AnalysisOptions

    options = AnalysisOptions(mode=args.mode, redo=args.redo, workers=args.workers, engine=args.engine,
                              scheduler=args.scheduler, parts=args.parts,
                              aliases=args.aliases or store_table(args.store or default_store_dir()))
    connection = connect(args.store)
    with tqdm(unit="item", file=sys.stderr, desc=f"analyze ({args.mode})") as progress:
        def advance(done: int, total: int) -> None:
            progress.total = total
            progress.update(done - progress.n)

        result = analyze(connection, options, progress=advance,
                         on_stage=lambda message: progress.set_postfix_str(message))
    close_store(connection)
    print(f"analysed {result.articles} article(s) and {result.comments} comment(s) "
          f"in {args.mode} mode (run {result.run_id})", file=sys.stderr)
    if result.topics is not None or result.camps is not None:
        print(f"topics: {result.topics if result.topics is not None else 'none'}; "
              f"stance camps: {result.camps}", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _summary(args: argparse.Namespace) -> int:
    from analytics.views.reports import (
        summary,  # pandas: imported by the commands that need it
    )

    connection = open_reader(args.store)
    result = summary(connection)
    close_store(connection)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{result['articles']} articles, {result['comments']} comments, max depth {result['max_depth']}, "
          f"{result['validation_issues']} validation issue(s)")
    print("depth histogram: " + ", ".join(f"{d}: {n}" for d, n in result["depth_histogram"].items()))
    for article in result["per_article"]:
        print(f"  {article['article_id']}  {article['published'] or '----------'}  "
              f"{article['comments']:>6} comments  {article['title']}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from analytics.views.reports import export_table

    connection = open_reader(args.store)
    rows = export_table(connection, args.table, args.out)
    close_store(connection)
    print(f"wrote {rows} rows to {args.out}", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    store = Path(args.store) if args.store else demo_store_dir() if args.demo else default_store_dir()
    environment = {**os.environ, STORE_ENV: str(store)}
    environment.pop(DEMO_ENV, None)
    if args.read_only:
        environment[READ_ONLY_ENV] = "1"
    else:
        connection = connect(store)  # created or upgraded here, before the first visitor
        if args.demo:
            environment[DEMO_ENV] = "1"
            if ensure_sample(connection, lambda: print("first start of the demo: ingesting and analysing the demo "
                                                       "corpus (about half a minute)…", file=sys.stderr)):
                print(f"ingested and analysed the demo corpus into {store}", file=sys.stderr)
        close_store(connection)
    print(f"Palabre: the dashboard of {store} on http://{args.address}:{args.port}", file=sys.stderr)
    command = [sys.executable, "-m", "streamlit", "run", str(APP_FILE), "--server.port", str(args.port),
               "--server.address", args.address, "--browser.gatherUsageStats", "false",
               "--runner.postScriptGC", "false"]  # as in .streamlit/config.toml, whatever the folder
    if args.headless:
        command += ["--server.headless", "true"]
    return launch(command, environment)


def launch(command: list[str], environment: dict[str, str]) -> int:
    """Run the dashboard's server. Where the system can, it takes this process's place (same process
    id), so stopping `serve` stops the server: started as a child, Streamlit outlived a killed
    `serve` and kept answering. Elsewhere, as a child whose exit status is returned."""
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(command[0], command, environment)
    return subprocess.call(command, env=environment)
