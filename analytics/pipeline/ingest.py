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
    facts_current,
    file_digest,
    ingest_corpus,
    reads,
    refresh_facts,
)

SAMPLE_DIR = DATA_DIR / "sample"  # the user's own seed: a French article and its five comments
DEMO_DIR = DATA_DIR / "demo"  # English Reddit and TikTok reply threads (MIT; see its SOURCE.md)


def demo_files() -> list[Path]:
    """The bundled demo corpus: the seed article (dated) and its comments, and 600 comments in
    deep English reply threads."""
    return [SAMPLE_DIR, *sorted(DEMO_DIR.glob("*.csv"))]


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
    """Load and store every file under `paths`; a bad file is reported and the others go on.

    Each file lands in its own transaction with the read-side tables brought up to date; a store
    whose read-side tables were left stale is repaired first.
    """
    options = json.dumps({"format": format_name, "map": dict(sorted((mapping or {}).items())),
                          "article": default_article}, sort_keys=True)
    if not facts_current(connection):
        refresh_facts(connection)
    outcomes: list[IngestResult | IngestFailure] = []
    for path in iter_source_files(paths):
        outcome = _ingest_file(connection, path, format_name, mapping, default_article, options)
        outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return outcomes


def _ingest_file(connection: duckdb.DuckDBPyConnection, path: Path, format_name: str | None,
                 mapping: Mapping[str, str] | None, default_article: str | None,
                 options: str) -> IngestResult | IngestFailure:
    """One file, whatever it holds: any failure is this file's, reported, and the run goes on."""
    source = str(path)
    try:
        if not path.is_file():
            return IngestFailure(source, _not_a_file(path))
        data = path.read_bytes()
        digest = file_digest(data)
        if already_ingested(connection, digest, options):
            return IngestResult(source, format_name or "auto", skipped=True)
        corpus = load_file(path, format_name, mapping, default_article, data=data)
        return ingest_corpus(connection, corpus, digest, options)
    except UsageError:
        raise  # a wrong option fails every file alike: stop at once
    except PalabreError as error:
        return IngestFailure(source, error)
    except OSError as error:
        return IngestFailure(source, InputError(source, None, "a readable file", error.strerror or str(error)))
    except RecursionError:
        return IngestFailure(source, InputError(source, None, f"a {format_name or 'source'} file Palabre can "
                                                "read", "structures nested too deep to read"))
    except Exception as error:  # a reader's failure on one file must not end the run
        return IngestFailure(source, InputError(
            source, None, f"a readable {format_name or 'source'} file",
            f"content its reader failed on ({type(error).__name__}: {error})"))


def _not_a_file(path: Path) -> InputError:
    if not path.exists():
        return InputError(str(path), None, "an existing file or folder", "nothing at that path")
    return InputError(str(path), None, "a regular file or a folder",
                      "a device, pipe or socket, which Palabre does not read")


def ensure_sample(connection: duckdb.DuckDBPyConnection, on_start: Callable[[], None] | None = None) -> bool:
    """Ingest the bundled demo corpus into an empty store and analyse it (fast mode); True when
    it did (`on_start` is called first, to say so)."""
    if reads.article_count(connection):
        return False
    if on_start:
        on_start()
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.options import AnalysisOptions

    ingest_paths(connection, demo_files())
    analyze(connection, AnalysisOptions(mode="fast", workers=1))
    return True
