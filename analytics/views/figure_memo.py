"""Charts kept with the data they draw: a chart function called again on equal data returns the
figure it built before instead of building it again (plotly validates every property it is given,
which made building the figures the largest part of a page's run once its reads were cached).

The key is the content of the arguments, not their identity: a page rerun, another session or a
new snapshot whose numbers did not change all reuse the figure. Callers never modify a figure they
get (widgets.chart draws it, and an export works on a copy), so one object can serve them all."""
from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable)
FIGURES = 128  # per process; a figure is a few kB to a few MB (a thread tree of thousands of comments)
_figures: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


class Unkeyable(Exception):
    """An argument whose content cannot be hashed (the call is then made without the memo)."""


def _part(value: object) -> object:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        try:
            rows = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        except TypeError as error:  # cells holding lists or dicts
            raise Unkeyable from error
        columns = tuple(map(str, value.columns)) if isinstance(value, pd.DataFrame) else (str(value.name),)
        dtypes = tuple(map(str, value.dtypes)) if isinstance(value, pd.DataFrame) else (str(value.dtype),)
        return (type(value).__name__, columns, dtypes, hashlib.blake2b(rows, digest_size=16).digest(),
                repr(sorted(value.attrs.items())))
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, *map(_part, value))
    if isinstance(value, dict):
        return ("dict", *((_part(name), _part(item)) for name, item in value.items()))
    raise Unkeyable(type(value).__name__)


def memo(chart: F) -> F:
    """Decorate a chart function (DataFrames and plain values in, a plotly Figure out)."""
    @functools.wraps(chart)
    def cached(*args, **kwargs):
        try:
            key = (chart.__qualname__, *map(_part, args), *((name, _part(kwargs[name])) for name in sorted(kwargs)))
        except Unkeyable:
            return chart(*args, **kwargs)
        with _lock:
            if key in _figures:
                _figures.move_to_end(key)
                return _figures[key]
        figure = chart(*args, **kwargs)
        with _lock:
            _figures[key] = figure
            while len(_figures) > FIGURES:
                _figures.popitem(last=False)
        return figure
    cached.uncached = chart
    return cached


def clear() -> None:
    with _lock:
        _figures.clear()
