"""The two analysis modes, one definition for the CLI, the pipeline and every model."""
from __future__ import annotations

from enum import StrEnum

from analytics.errors import UsageError


class Mode(StrEnum):
    """fast: rules and TF-IDF models, thousands of comments a second; accurate: sentence embeddings."""

    FAST = "fast"
    ACCURATE = "accurate"

    @classmethod
    def parse(cls, value: str | Mode, option: str = "--mode") -> Mode:
        """The mode named by value; anything else is a UsageError naming the option."""
        try:
            return cls(value)
        except ValueError:
            raise UsageError(f"{option}: expected one of {', '.join(MODES)}; received {value!r}") from None


MODES = tuple(mode.value for mode in Mode)
