"""Streamlit entry point: `streamlit run app.py` (or `python -m analytics serve`)."""
from analytics.dashboard.app import run

run()
