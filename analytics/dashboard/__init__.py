"""The only package that imports streamlit: pages, widgets and caching."""
