"""Page configuration and navigation: one st.Page per module under pages/ (each a page script)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics.dashboard import data, view
from analytics.errors import PalabreError

PAGES = [("overview", "Overview", "📊"), ("threads", "Threads", "🧵"), ("targets", "Targets", "🎯"),
         ("topics", "Topics", "🗂️"), ("stance", "Stance", "⚖️"), ("comments", "Comments", "💬"),
         ("corpus", "Corpus", "📰")]
PAGE_FOLDER = Path(__file__).parent / "pages"


def run() -> None:
    """Build the app."""
    st.set_page_config(page_title="Palabre", page_icon="💬", layout="wide")
    try:
        with st.spinner("Opening the store (on the demo's first start: ingesting and analysing its 605 "
                        "comments, about half a minute)…"):
            data.prepare_store(data.store_dir())
    except PalabreError as error:
        st.error(str(error))
        st.stop()
    pages = []
    for name, title, icon in PAGES:
        page = st.Page(PAGE_FOLDER / f"{name}.py", title=title, icon=icon, url_path=name, default=name == "overview")
        view.PAGE_PATHS[name] = page
        pages.append(page)
    st.navigation(pages).run()
