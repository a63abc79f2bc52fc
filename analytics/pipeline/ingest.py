"""Ingest source files into the store, one transaction per file, failures reported per file."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.errors import InputError, PalabreError, UsageError
from analytics.load import iter_source_files, load_file
from analytics.paths import DATA_DIR
from analytics.store import (
    IngestResult,
    already_ingested,
    file_digest,
    ingest_corpus,
    reads,
    refresh_facts,
)

SAMPLE_DIR = DATA_DIR / "sample"


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
    options = json.dumps({"format": format_name, "map": dict(sorted((mapping or {}).items())),
                          "article": default_article}, sort_keys=True)
    outcomes: list[IngestResult | IngestFailure] = []
    for path in iter_source_files(paths):
        try:
            data = path.read_bytes()
            digest = file_digest(data)
            if already_ingested(connection, digest, options):
                outcome: IngestResult | IngestFailure = IngestResult(str(path), format_name or "auto", skipped=True)
            else:
                corpus = load_file(path, format_name, mapping, default_article, data=data)
                outcome = ingest_corpus(connection, corpus, digest, options)
        except UsageError:
            raise  # a wrong option fails every file alike: stop at once
        except PalabreError as error:
            outcome = IngestFailure(str(path), error)
        except OSError as error:
            outcome = IngestFailure(str(path), InputError(str(path), None, "a readable file", error.strerror or str(error)))
        outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    if any(isinstance(outcome, IngestResult) and not outcome.skipped for outcome in outcomes):
        refresh_facts(connection)
    return outcomes


def ensure_sample(connection: duckdb.DuckDBPyConnection) -> bool:
    """Ingest the bundled sample corpus into an empty store and analyse it (fast mode, a few
    seconds); True when it did."""
    if reads.article_count(connection):
        return False
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.options import AnalysisOptions

    ingest_paths(connection, [SAMPLE_DIR])
    analyze(connection, AnalysisOptions(mode="fast", workers=1))
    return True
