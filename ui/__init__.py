"""Streamlit-only helpers: caching, session state, the map widget and the UI strings."""
