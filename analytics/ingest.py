"""Ingest source files into the store, one transaction per file, failures reported per file."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.errors import PalabreError, UsageError
from analytics.load import iter_source_files, load_file
from analytics.store import IngestResult, file_digest, ingest_corpus

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


@dataclass(frozen=True)
class IngestFailure:
    """A file that could not be ingested; the store holds nothing of it."""

    source_file: str
    error: PalabreError


def ingest_paths(connection: duckdb.DuckDBPyConnection, paths: Iterable[str | Path],
                 format_name: str | None = None, mapping: Mapping[str, str] | None = None,
                 default_article: str | None = None,
                 on_file: Callable[[IngestResult | IngestFailure], None] | None = None,
                 ) -> list[IngestResult | IngestFailure]:
    """Load and store every file under `paths`; a bad file is reported and the others go on."""
    options = json.dumps({"map": dict(sorted((mapping or {}).items())), "article": default_article},
                         sort_keys=True)
    outcomes: list[IngestResult | IngestFailure] = []
    for path in iter_source_files(paths):
        try:
            corpus = load_file(path, format_name, mapping, default_article)
            outcome: IngestResult | IngestFailure = ingest_corpus(
                connection, corpus, file_digest(path.read_bytes()), options)
        except UsageError:
            raise  # a wrong option fails every file alike: stop at once
        except PalabreError as error:
            outcome = IngestFailure(str(path), error)
        outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return outcomes


def ensure_sample(connection: duckdb.DuckDBPyConnection) -> bool:
    """Ingest the bundled sample corpus into an empty store; True when it did."""
    if connection.execute("SELECT count(*) FROM articles").fetchone()[0]:
        return False
    ingest_paths(connection, [SAMPLE_DIR])
    return True
