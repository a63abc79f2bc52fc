"""Typed errors: every message says what was expected, what was received, and where."""
from __future__ import annotations


class PalabreError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(PalabreError):
    """A source file (or one record in it) cannot be read as the expected format."""

    def __init__(self, source: str, location: str | None, expected: str, received: str) -> None:
        self.source = source
        self.location = location
        self.expected = expected
        self.received = received
        where = f"{source}, {location}" if location else source
        super().__init__(f"{where}: expected {expected}; received {received}")


class StoreError(PalabreError):
    """The store cannot be opened, read or written."""


class UsageError(PalabreError):
    """A command-line option or argument has an invalid value."""


class ModelError(PalabreError):
    """A model, lexicon or package an analysis needs is missing or unreadable."""
