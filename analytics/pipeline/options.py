"""What an analysis run is asked to do: one frozen object from the CLI (or the dashboard) to the workers."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from analytics.enrich.targets.aliases import DEFAULT_ALIASES
from analytics.errors import UsageError
from analytics.modes import Mode

BATCH_SIZE = 512


class Engine(StrEnum):
    """Where batches are computed: this machine's processes, or a Dask cluster."""

    LOCAL = "local"
    DASK = "dask"


@dataclass(frozen=True, kw_only=True)
class AnalysisOptions:
    """mode: fast or accurate; redo: analyse again what was analysed in this mode; batch_size: items
    per batch (each written in one transaction); aliases: the alias table targets are resolved with;
    workers: processes computing batches (None: one per core in fast mode, one in accurate mode);
    engine: local or dask; scheduler: a Dask scheduler address or "local" (engine dask only);
    parts: the folder where Dask partitions are exchanged as Parquet (default: beside the store)."""

    mode: Mode = Mode.ACCURATE
    redo: bool = False
    batch_size: int = BATCH_SIZE
    aliases: Path = field(default=DEFAULT_ALIASES)
    workers: int | None = None
    engine: Engine = Engine.LOCAL
    scheduler: str | None = None
    parts: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", Mode.parse(self.mode))
        try:
            object.__setattr__(self, "engine", Engine(self.engine))
        except ValueError:
            raise UsageError(f"--engine: expected one of {', '.join(Engine)}; received {self.engine!r}") from None
        object.__setattr__(self, "aliases", Path(self.aliases))
        if self.batch_size < 1:
            raise UsageError(f"--batch-size: expected a positive number of items; received {self.batch_size}")
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers: expected a positive number of processes; received {self.workers}")

    def settings(self) -> dict:
        """The options a run records in the store beside its mode."""
        return {"redo": self.redo, "batch_size": self.batch_size,
                "aliases": str(self.aliases), "workers": self.workers or "auto", "engine": str(self.engine)}
