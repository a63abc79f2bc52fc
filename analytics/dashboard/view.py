"""The view state in the running app: read from the URL (or, after a click in the page list, from
the session), shown as sidebar filters, written back to the URL on every run, and given as a
link to copy. Page modules call `current(page)` first."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from analytics.dashboard import data
from analytics.views.state import (
    ATTACK_KINDS,
    LANGS,
    SENTIMENTS,
    STANCES,
    Known,
    ViewState,
    parse,
    to_params,
)

SESSION_KEY = "palabre_view"
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
        known = Known(**data.view("known_values"))
        state, warnings = parse(params, known)
        for warning in warnings:
            st.warning(warning, icon="⚠️")
        if state.page != page and "page" in params and page == "overview" and state.page in PAGE_PATHS:
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
    """Show another state: its page, with its filters in the URL."""
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
    """Draw the filters in the sidebar. Widgets show the state; a change goes through
    _filters_changed, which rewrites the state and the URL before the page reruns."""
    options = data.view("filter_options")
    first, last = options["first_day"], options["last_day"]
    deepest = max(options["max_depth"], state.depth_min, state.depth_max or 0, 1)
    st.session_state["f_depth_top"] = deepest
    st.session_state["f_days"] = (first, last)
    widgets = {"f_articles": list(state.articles), "f_lang": state.lang,
               "f_depth": (state.depth_min, deepest if state.depth_max is None else state.depth_max),
               "f_sentiment": state.sentiment, "f_stance": state.stance, "f_target": state.target,
               "f_attack_kinds": list(state.attack_kinds), "f_topic": state.topic, "f_camp": state.camp,
               "f_search": state.search}
    if first is not None:
        widgets["f_dates"] = (state.date_from or first, state.date_to or last)
    for key, value in widgets.items():
        st.session_state[key] = value
    bar = st.sidebar
    bar.header("Filters")
    changed = {"on_change": _filters_changed, "args": (state,)}
    titles = options["articles"]
    bar.multiselect("Articles", sorted(set(titles) | set(state.articles), key=lambda a: (titles.get(a, a), a)),
                    format_func=lambda key: titles.get(key, key), key="f_articles", placeholder="All articles",
                    **changed)
    if first is not None:
        bar.date_input("Comments posted between", min_value=min(first, state.date_from or first),
                       max_value=max(last, state.date_to or last), key="f_dates", format="YYYY-MM-DD", **changed)
    every = lambda value: "All" if value is None else value
    changed["placeholder"] = "All"
    bar.selectbox("Language", [None, *LANGS], format_func=every, key="f_lang", **changed)
    bar.slider("Reply depth", 0, deepest, key="f_depth", on_change=_filters_changed, args=(state,))
    bar.selectbox("Sentiment", [None, *SENTIMENTS], format_func=every, key="f_sentiment", **changed)
    bar.selectbox("Stance toward the parent", [None, *STANCES], format_func=every, key="f_stance", **changed)
    targets = [None, *options["targets"]] + ([state.target] if state.target and state.target
                                               not in options["targets"] else [])
    bar.selectbox("Named target", targets, format_func=every, key="f_target", **changed)
    bar.multiselect("Attack kind", ATTACK_KINDS, key="f_attack_kinds", **changed,
                    help="Comments attacking a target (the named target, when one is chosen) with a threat, "
                         "dehumanisation, a slur, derogation or contempt: any of those picked.")
    topics = options["topics"]
    bar.selectbox("Topic", [None, *topics], key="f_topic", **changed,
                  format_func=lambda v: "All" if v is None else f"{v}: {topics.get(v, '?')}")
    camps = options["camps"]
    bar.selectbox("Stance camp", [None, *camps], key="f_camp", **changed,
                  format_func=lambda v: "All" if v is None else camps.get(v, str(v)))
    bar.text_input("Text contains", max_chars=200, key="f_search", on_change=_filters_changed, args=(state,))
    bar.button("Clear filters", key="f_clear", on_click=_cleared, args=(state,))
    bar.divider()
    bar.toggle("Show commenter names", key=NAMES_KEY,
               help="Off: each commenter appears under a stable pseudonym (commenter-…), in tables and "
                    "exports. A session setting: links never carry it.")


def _filters_changed(state: ViewState) -> None:
    session = st.session_state
    deepest = session["f_depth_top"]
    low, high = session["f_depth"]
    changes = {"articles": tuple(session["f_articles"]), "lang": session["f_lang"], "depth_min": int(low),
               "depth_max": None if high == deepest else int(high), "sentiment": session["f_sentiment"],
               "stance": session["f_stance"], "target": session["f_target"],
               "attack_kinds": tuple(kind for kind in ATTACK_KINDS if kind in session["f_attack_kinds"]),
               "topic": session["f_topic"], "camp": session["f_camp"],
               "search": (session["f_search"] or "").strip()[:200]}
    picked = session.get("f_dates")
    first, last = session["f_days"]
    if isinstance(picked, tuple | list) and len(picked) == 2:
        changes["date_from"] = picked[0] if picked[0] != first else None
        changes["date_to"] = picked[1] if picked[1] != last else None
    updated = state.with_(**changes, comment=None)
    session[SESSION_KEY] = updated
    st.query_params.from_dict(to_params(updated))


def _cleared(state: ViewState) -> None:
    cleared = ViewState(page=state.page)
    st.session_state[SESSION_KEY] = cleared
    st.query_params.from_dict(to_params(cleared))


def header(state: ViewState, title: str) -> None:
    """The page title, the active filters in words and the link to this view."""
    st.title(title)
    described = state.describe()
    st.caption("Comments shown: " + ("; ".join(described) if described else "all"))
    with st.popover("🔗 Copy link to this view"):
        st.caption("Anyone who opens this link sees the same page, filters and numbers.")
        st.code(link(state), language=None)




def page(render) -> None:
    """Run a page; expected failures (a store error, a bad file) are shown, not raised."""
    from analytics.errors import PalabreError

    try:
        render()
    except PalabreError as error:
        st.error(str(error))
