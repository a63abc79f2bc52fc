"""Charts that lead to their comments and download themselves; tables that download as safe CSV."""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import __version__
from analytics.dashboard import data, view
from analytics.dashboard.plain import as_text
from analytics.views.exports import (
    csv_bytes,
    figure_bytes,
    file_name,
    pseudonym,
    pseudonymise,
)
from analytics.views.state import ViewState

Drill = Callable[[dict], dict | None]  # a clicked point -> the filters of the comments behind it


def chart(figure: go.Figure, key: str, state: ViewState, drill: Drill | None = None, page: str = "comments") -> None:
    """Draw a chart; clicking a bar or point opens a page (by default the Comments page) on the
    comments behind it (drill maps the point to filters); the chart downloads as PNG, SVG or HTML."""
    event = st.plotly_chart(figure, key=key, on_select="rerun" if drill else "ignore",
                            selection_mode=("points",), width="stretch")
    if drill and event and event.selection and event.selection.points:
        filters = drill(dict(event.selection.points[0]))
        if filters is not None:
            view.go(state.with_(page=page, comment=None, **filters))
    name, filters = key.replace("_", "-"), state.filters().describe()
    source = (f"Palabre {__version__} · store {Path(data.store_dir()).name} · exported {date.today().isoformat()} · "
              f"{view.link(state)}")
    kinds = [("png", "image/png", "PNG image"), ("svg", "image/svg+xml", "SVG (vector)")] if chromium() else []
    with st.popover("Download chart", icon=":material/download:"):
        if not kinds:
            st.caption("PNG and SVG need Chromium on the server (`make chromium`); HTML works without it.")
        for kind, mime, label in (*kinds, ("html", "text/html", "Interactive HTML")):
            st.download_button(label, data=lambda kind=kind: figure_bytes(labelled(figure, filters, source), kind),
                               file_name=file_name(name, filters, kind), mime=mime, key=f"{key}_{kind}",
                               on_click="ignore", type="tertiary", icon=":material/download:")


@functools.cache
def chromium() -> bool:
    """Whether kaleido can find a Chromium to draw PNG and SVG with (looked up once per process)."""
    import shutil

    return any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome", "chrome"))


def labelled(figure: go.Figure, filters: list[str], source: str = "") -> go.Figure:
    """A copy of a chart whose title says which comments it shows (the page header's words) and,
    under it, where it comes from (Palabre's version, the store, the date, the view's link)."""
    title = figure.layout.title.text or ""
    shown = "Comments shown: " + ("; ".join(filters) if filters else "all")
    lines = [title, f"<sup>{as_text(shown)}</sup>"] + ([f"<sup>{as_text(source)}</sup>"] if source else [])
    return go.Figure(figure).update_layout(title={"text": "<br>".join(lines)}, margin={"t": 70 + 20 * len(lines)})


def in_rows(panels: list[Callable], state: ViewState) -> None:
    """Draw panels (each a function of the state) two to a row; an odd last one takes the whole row
    (a page whose comments carry no dates leaves its time charts out and the others close up)."""
    for first in range(0, len(panels), 2):
        row = panels[first:first + 2]
        for place, panel in zip(st.columns(2) if len(row) == 2 else [st.container()], row):
            with place:
                panel(state)


def table(frame: pd.DataFrame, key: str, **options) -> None:
    """Show a table (commenters pseudonymised unless names are on) with a CSV download of it."""
    shown = frame if view.show_names() else pseudonymise(frame, data.pseudonym_salt())
    labels = {name: name.replace("_", " ") for name in shown.columns if isinstance(name, str) and "_" in name}
    options["column_config"] = {**labels, **options.get("column_config", {})}  # headers in words; the CSV keeps names
    st.dataframe(shown, hide_index=True, width="stretch", key=key, **options)
    current = st.session_state.get(view.SESSION_KEY)
    filters = current.filters().describe() if current is not None else []
    st.download_button("CSV", data=lambda: csv_bytes(shown), file_name=file_name(key.replace("_", "-"), filters, "csv"),
                       mime="text/csv", key=f"{key}_csv", on_click="ignore", type="tertiary",
                       icon=":material/download:")


def author(name: object, salt: str | None = None) -> str:
    """A commenter as the dashboard shows them: a pseudonym unless names are on."""
    if not isinstance(name, str) or not name.strip():
        return "anonymous"
    if view.show_names():
        return name
    return str(pseudonym(name, salt or data.pseudonym_salt()))


def custom(point: dict, index: int = 0) -> object:
    """A clicked point's customdata value."""
    values = point.get("customdata")
    if isinstance(values, list | tuple):
        return values[index] if len(values) > index else None
    return values if index == 0 else None


def highlighted(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text as HTML (as_text) with the [start, end) character spans wrapped in <mark>; spans
    outside the text or overlapping an earlier one are left out."""
    kept = sorted({(int(start), int(end)) for start, end in spans if 0 <= int(start) < int(end) <= len(text)})
    parts, position = [], 0
    for start, end in kept:
        if start < position:
            continue
        parts.append(as_text(text[position:start]))
        parts.append(f"<mark>{as_text(text[start:end])}</mark>")
        position = end
    parts.append(as_text(text[position:]))
    return "".join(parts)


def comment_block(who: str, when, depth: int, body_html: str, note: str = "", indent: float = 0) -> None:
    """One comment as a quoted block: who, when, depth and a note above its (already safe) HTML body."""
    stamp = f" · {when:%Y-%m-%d %H:%M}" if isinstance(when, pd.Timestamp) and pd.notna(when) else ""
    st.markdown(f"<div style='margin-left:{indent}rem;border-left:3px solid #c9d6e8;padding:0.2rem 0.8rem;"
                f"margin-bottom:0.5rem'><small>{as_text(who)}{stamp} · depth {depth}{as_text(note)}</small>"
                f"<br>{body_html}</div>", unsafe_allow_html=True)
