"""Page configuration and navigation."""
from __future__ import annotations

import streamlit as st

from analytics.dashboard.pages import corpus


def run() -> None:
    """Build the app: one st.Page per module under pages/."""
    st.set_page_config(page_title="Palabre", page_icon="💬", layout="wide")
    navigation = st.navigation([st.Page(corpus.render, title="Corpus", icon="📰", url_path="corpus", default=True)])
    navigation.run()
