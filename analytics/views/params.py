"""Link parameters and filters as objects: the base classes, the widget spec and value readers.

A `Param` owns one or more ViewState fields and their URL form (`parse`, `emit`). A `Filter` is a
Param that also selects comments: `describe` (the page header), `where` (a condition over
comment_facts `f`, every value bound as a parameter), `widgets` (what the sidebar draws, as data)
and `read` (widget values back into fields). `Choice` is the common case: one value out of a
fixed list. filters.py holds the dashboard's filters; state.py loops over them.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Params = Mapping[str, str | Sequence[str]]
Warn = Callable[[str, object, str], None]  # (parameter, raw value, what was expected)

MAX_NUMBER = 1_000_000  # depths, topic and camp numbers: larger values are no depth or number of a store
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)  # dates a link may name


@dataclass(frozen=True)
class Known:
    """What the store holds, to check a link's values against (None: not checked)."""

    articles: frozenset[str] | None = None
    targets: frozenset[str] | None = None
    topics: frozenset[int] | None = None
    camps: frozenset[int] | None = None


@dataclass(frozen=True)
class Widget:
    """A sidebar widget as data: kind is select, multiselect, range (a slider over two numbers),
    dates (a two-day picker) or text. `labels` names choices (None is shown as "All")."""

    key: str
    kind: str
    label: str
    value: Any
    choices: tuple = ()
    labels: Mapping = field(default_factory=dict)
    bounds: tuple = ()
    help: str = ""


def single(params: Params, name: str) -> str | None:
    """The last value of a parameter, or None."""
    value = params.get(name)
    if value is None or isinstance(value, str):
        return value
    return value[-1] if value else None


def many(params: Params, name: str) -> list[str]:
    """Every value of a repeated parameter."""
    value = params.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def whole_number(text: str) -> int:
    """A whole number from 0 to MAX_NUMBER written plainly, or ValueError."""
    number = int(text)
    if not 0 <= number <= MAX_NUMBER or str(number) != text.strip():
        raise ValueError(text)
    return number


def day(text: str) -> date:
    """A date written YYYY-MM-DD between FIRST_DAY and LAST_DAY, or ValueError."""
    value = date.fromisoformat(text)
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(text)
    return value


def read_value(params: Params, name: str, convert: Callable[[str], Any], warn: Warn, expected: str) -> dict:
    """{name: convert(value)} for the link's value of `name`; {} when the link has none, or when
    convert raises ValueError (with a warning saying what was expected)."""
    raw = single(params, name)
    if raw is None:
        return {}
    try:
        return {name: convert(raw)}
    except ValueError:
        warn(name, raw, expected)
        return {}


def read_range(params: Params, names: tuple[str, str], convert: Callable[[str], Any], warn: Warn, expected: str,
               inverted: str) -> dict:
    """The low and high ends of a range; a high end below the low end falls back with a warning."""
    values: dict = {}
    for name in names:
        values |= read_value(params, name, convert, warn, expected)
    low, high = names
    if values.get(low) is not None and values.get(high) is not None and values[high] < values[low]:
        dropped = values.pop(high)
        warn(high, dropped.isoformat() if isinstance(dropped, date) else str(dropped), inverted)
    return values


def member_of(options: Sequence[str]) -> Callable[[str], str]:
    """A converter keeping a value of `options` and raising ValueError for any other."""
    def member(raw: str) -> str:
        if raw not in options:
            raise ValueError(raw)
        return raw
    return member


class Param(ABC):
    """Link parameters owning some ViewState fields (`fields`)."""

    fields: tuple[str, ...] = ()

    @abstractmethod
    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        """The fields' values read from the link's parameters; an unusable value is dropped with warn()."""

    def emit(self, state) -> dict[str, str | list[str]]:
        """The parameters of the (single-valued) fields that differ from their default."""
        default = type(state)()
        out: dict[str, str | list[str]] = {}
        for name in self.fields:
            value = getattr(state, name)
            if value != getattr(default, name):
                out[name] = value.isoformat() if isinstance(value, date) else str(value)
        return out


class Filter(Param):
    """A Param that selects comments."""

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        """The filter in words for the page header; names: the store's names of what links number
        (filter_options: "articles" id -> title, "topics", "camps" number -> label), when known."""
        return []

    def where(self, state) -> tuple[str, list] | None:
        return None

    def widgets(self, state, options: Mapping) -> list[Widget]:
        return []

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        return {}


@dataclass(frozen=True)
class Choice(Filter):
    """One value out of a fixed list; a filter when it has a column."""

    name: str
    options: tuple[str, ...]
    column: str | None = None
    label: str = ""
    words: str = ""  # how the header names it ("language fr")
    help: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.name,)

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        return read_value(params, self.name, member_of(self.options), warn, "one of " + ", ".join(self.options))

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        value = getattr(state, self.name)
        return [f"{self.words or self.name} {value}"] if value and self.column else []

    def where(self, state) -> tuple[str, list] | None:
        value = getattr(state, self.name)
        return (f"{self.column} = ?", [value]) if value is not None and self.column else None

    def widgets(self, state, options: Mapping) -> list[Widget]:
        if not self.label:
            return []
        return [Widget(f"f_{self.name}", "select", self.label, getattr(state, self.name), (None, *self.options),
                       help=self.help)]

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        return {self.name: values[f"f_{self.name}"]} if self.label else {}
