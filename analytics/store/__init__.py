"""The only code that writes: an embedded DuckDB file holding articles, comments, analyses and
reports. `schema` opens it, `ingest` writes source files, `analysis` writes what the analyses find."""
from analytics.store.analysis import (
    analysis_tables,
    decide_suggestion,
    load_analysis_parquet,
    record_alias_table,
    store_suggestions,
    write_analysis,
    write_camps,
    write_topics,
)
from analytics.store.facts import (
    facts_current,
    facts_ready,
    refresh_facts,
    update_facts,
)
from analytics.store.ingest import (
    IngestResult,
    already_ingested,
    file_digest,
    ingest_corpus,
)
from analytics.store.runs import (
    dead_runs,
    finish_run,
    mark_dead_runs,
    record_failures,
    start_run,
)
from analytics.store.schema import (
    ANALYSIS_COLUMNS,
    ANALYSIS_TABLES,
    DATABASE_NAME,
    SCHEMA_VERSION,
    STORE_ENV,
    connect,
    default_store_dir,
    demo_store_dir,
    open_reader,
)
from analytics.store.snapshot import SNAPSHOT_NAME, close_store

__all__ = [
    "ANALYSIS_COLUMNS",
    "ANALYSIS_TABLES",
    "DATABASE_NAME",
    "SCHEMA_VERSION",
    "STORE_ENV",
    "SNAPSHOT_NAME",
    "IngestResult",
    "already_ingested",
    "analysis_tables",
    "close_store",
    "connect",
    "dead_runs",
    "decide_suggestion",
    "default_store_dir",
    "demo_store_dir",
    "facts_current",
    "facts_ready",
    "file_digest",
    "finish_run",
    "ingest_corpus",
    "load_analysis_parquet",
    "mark_dead_runs",
    "open_reader",
    "record_alias_table",
    "record_failures",
    "refresh_facts",
    "start_run",
    "store_suggestions",
    "update_facts",
    "write_analysis",
    "write_camps",
    "write_topics",
]
