"""Files the dashboard hands out: CSV that no spreadsheet runs as a formula, charts as PNG, SVG
and interactive HTML, commenter names replaced by stable pseudonyms."""
from __future__ import annotations

import hashlib

import pandas as pd
import plotly.graph_objects as go

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
AUTHOR_COLUMNS = ("author", "commenter")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot start a formula: such a cell gets a leading apostrophe (the
    OWASP rule for CSV injection; spreadsheets show the text, not run it)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda value: "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a BOM, so spreadsheets read accents right) of a formula-safe copy."""
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")


def pseudonym(author: object, salt: str) -> object:
    """A stable alias for a commenter name: the same name and store give the same alias."""
    if not isinstance(author, str) or not author.strip():
        return author
    digest = hashlib.sha256(f"{salt}\x00{author.strip()}".encode()).hexdigest()
    return f"commenter-{digest[:8]}"


def pseudonymise(frame: pd.DataFrame, salt: str) -> pd.DataFrame:
    """A copy with every author column replaced by pseudonyms."""
    copy = frame.copy()
    for column in AUTHOR_COLUMNS:
        if column in copy.columns:
            copy[column] = copy[column].map(lambda value: pseudonym(value, salt))
    return copy


def figure_bytes(figure: go.Figure, kind: str) -> bytes:
    """The chart as png, svg (kaleido, which drives the installed Chromium) or standalone html."""
    if kind == "html":
        return figure.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
    return figure.to_image(format=kind, width=1100, height=max(int(figure.layout.height or 450), 300), scale=2
                           if kind == "png" else 1)


def file_name(kind: str, filters: list[str], suffix: str, corpus: str = "") -> str:
    """A download's name saying what it holds: palabre-KIND[-CORPUS][-FILTERS].SUFFIX, filters as
    the page header words them, in safe characters (at most 120 of them)."""
    import re
    import unicodedata

    words = " ".join(part for part in (corpus, *filters) if part)
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:120].rstrip("-")
    return f"palabre-{kind}" + (f"-{slug}" if slug else "") + f".{suffix}"
