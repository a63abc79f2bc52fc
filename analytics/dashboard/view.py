"""The view state in the running app: read from the URL (or, after a click in the page list, from
the session), shown as sidebar filters, written back to the URL on every run, and given as a
link to copy. Page modules call `current(page)` first."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from analytics.dashboard import data
from analytics.dashboard.plain import markdown_text
from analytics.views import selection
from analytics.views.filters import ARTICLE_SEARCH, ARTICLE_SEARCH_WIDGET, FILTERS
from analytics.views.params import Known, Widget
from analytics.views.state import ViewState, parse, to_params

SESSION_KEY = "palabre_view"
BACK_KEY = "palabre_back"  # the views this session left by a click (a drill), latest last
NAMES_KEY = "palabre_show_names"
PAGE_PATHS: dict[str, object] = {}  # page name -> st.Page, filled by app.run


def _params() -> dict[str, str | list[str]]:
    return {name: (values if len(values) > 1 else values[0])
            for name in st.query_params for values in [st.query_params.get_all(name)] if values}


def current(page: str) -> ViewState:
    """The view state of this run, on this page. A link's bad values fall back with a warning."""
    data.refresh_version()
    params = _params()
    if not params and SESSION_KEY in st.session_state:  # the page list drops the query string
        state = st.session_state[SESSION_KEY]
    else:
        known = Known(**data.read(selection.known_values))
        state, warnings = parse(params, known)
        for warning in warnings:
            st.warning(markdown_text(warning), icon="⚠️")
        left = st.session_state.get(BACK_KEY) or []
        if state.page != page and left and left[-1].page == page:
            # Back from a page opened by a click: switch_page leaves an entry with this page's path
            # and the opened view's query string; the view this page showed before is the one wanted
            state = left.pop()
        elif state.page != page and "page" in params and page == "overview" and state.page in PAGE_PATHS:
            st.session_state[SESSION_KEY] = state
            st.switch_page(PAGE_PATHS[state.page], query_params=to_params(state))
    state = state.with_(page=page)
    remember(state)
    return state


def remember(state: ViewState) -> None:
    """Make the state this session's and put it in the URL."""
    st.session_state[SESSION_KEY] = state
    wanted = to_params(state)
    if _params() != wanted:
        st.query_params.from_dict(wanted)


def go(state: ViewState) -> None:
    """Show another state: its page, with its filters in the URL (the state left is kept for Back)."""
    left = st.session_state.get(SESSION_KEY)
    if left is not None and left.page != state.page:
        st.session_state[BACK_KEY] = [*(st.session_state.get(BACK_KEY) or [])[-19:], left]
    st.session_state[SESSION_KEY] = state
    if state.page in PAGE_PATHS:
        st.switch_page(PAGE_PATHS[state.page], query_params=to_params(state))
    st.query_params.from_dict(to_params(state))
    st.rerun()


def drill(state: ViewState, **filters) -> None:
    """Open the Comments page on the comments behind a clicked bar or point."""
    go(state.with_(page="comments", comment=None, **filters))


def show_names() -> bool:
    """Whether commenter names are shown (off by default; a session setting, never in the URL)."""
    return bool(st.session_state.get(NAMES_KEY, False))


def link(state: ViewState) -> str:
    """The full URL of the view, to send to a colleague."""
    base = ""
    try:
        parts = urlsplit(st.context.url or "")
        if parts.scheme:
            base = f"{parts.scheme}://{parts.netloc}"
    except (AttributeError, RuntimeError):
        pass
    path = "/" if state.page == "overview" else f"/{state.page}"
    query = urlencode(to_params(state), doseq=True)
    return f"{base}{path}" + (f"?{query}" if query else "")


def sidebar(state: ViewState) -> None:
    """Draw every filter's widgets (views/filters.py) in the sidebar. Widgets show the state; a
    change goes through _filters_changed, which rewrites the state and the URL before the rerun."""
    options = {**data.read(selection.filter_options), ARTICLE_SEARCH: st.session_state.get(ARTICLE_SEARCH_WIDGET, "")}
    bar = st.sidebar
    bar.header("Filters")
    for one in FILTERS:
        for widget in one.widgets(state, options):
            _draw(bar, widget, state)
    bar.button("Clear filters", key="f_clear", on_click=_cleared, args=(state,))
    bar.divider()
    bar.toggle("Show commenter names", key=NAMES_KEY,
               help="Off: each commenter appears under a stable pseudonym (commenter-…), in tables and "
                    "exports. A session setting: links never carry it.")


def _draw(bar, widget: Widget, state: ViewState) -> None:
    """One widget of a filter, drawn from its spec; its value is set from the state first."""
    st.session_state[widget.key] = widget.value
    common = {"key": widget.key, "help": widget.help or None, "on_change": _filters_changed, "args": (state,)}
    shown = lambda value: "All" if value is None else str(widget.labels.get(value, value))
    if widget.kind == "select":
        bar.selectbox(widget.label, widget.choices, format_func=shown, placeholder="All", **common)
    elif widget.kind == "multiselect":
        bar.multiselect(widget.label, widget.choices, format_func=shown, placeholder="All", **common)
    elif widget.kind == "range":
        bar.slider(widget.label, *widget.bounds, **common)
    elif widget.kind == "dates":
        bar.date_input(widget.label, min_value=widget.bounds[0], max_value=widget.bounds[1], format="YYYY-MM-DD",
                       **common)
    elif widget.kind == "text":
        bar.text_input(widget.label, max_chars=widget.bounds[1], **common)
    else:
        raise ValueError(f"unknown widget kind {widget.kind!r}")


def _filters_changed(state: ViewState) -> None:
    options = data.read(selection.filter_options)
    changes: dict = {}
    for one in FILTERS:
        if one.widgets(state, options):
            changes |= one.read(st.session_state, state, options)
    updated = state.with_(**changes, comment=None)
    st.session_state[SESSION_KEY] = updated
    st.query_params.from_dict(to_params(updated))


def _cleared(state: ViewState) -> None:
    st.session_state.pop(ARTICLE_SEARCH_WIDGET, None)
    cleared = ViewState(page=state.page)
    st.session_state[SESSION_KEY] = cleared
    st.query_params.from_dict(to_params(cleared))


def header(state: ViewState, title: str) -> None:
    """The page title, the active filters in words and the link to this view."""
    st.title(title)
    described = state.describe(data.read(selection.filter_options))
    st.caption("Comments shown: " + (markdown_text("; ".join(described)) if described else "all"))
    with st.popover("🔗 Copy link to this view"):
        st.caption("Anyone who opens this link sees the same page, filters and numbers.")
        st.code(link(state), language=None)


DEBUG_ENV = "PALABRE_DEBUG"  # 1: a page's unexpected error is raised (tests, development), not only logged


def page(render) -> None:
    """Run a page; no visitor ever sees a traceback. Expected failures (a store error, a bad file)
    are shown as they are; anything else as a short message with an id, the traceback going to
    the server's log under that id ($PALABRE_DEBUG=1 raises it instead)."""
    import logging
    import os
    import secrets

    from analytics.errors import PalabreError

    try:
        render()
    except PalabreError as error:
        st.error(markdown_text(str(error)))
    except Exception as error:
        if os.environ.get(DEBUG_ENV, "").strip() in ("1", "true", "yes"):
            raise
        error_id = secrets.token_hex(4)
        logging.getLogger("palabre.dashboard").exception("error %s on %s", error_id, st.session_state.get(SESSION_KEY))
        st.error(f"This page could not be drawn ({type(error).__name__}). Error id {error_id}: the server's log "
                 "holds the details; the other pages still work.")
