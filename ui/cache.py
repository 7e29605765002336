"""Cached resources: one store per project location and process, static map assets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assetmap.config import APP_DIR, Config, ensure_demo
from assetmap.store import BaseStore, open_store
from assetmap.webmap.static import copy_static


@st.cache_resource(show_spinner=False)
def static_assets() -> Path:
    """Copy Leaflet's files into ./static once per process (served at /app/static)."""
    return copy_static(APP_DIR / "static")


@st.cache_resource(show_spinner=False)
def store_for(location: str, is_demo: bool) -> BaseStore:
    if is_demo:
        ensure_demo(location)
    return open_store(location)


def config() -> Config:
    return Config.from_env()


def store() -> BaseStore:
    cfg = config()
    return store_for(cfg.project, cfg.is_demo)


def store_or_stop() -> BaseStore:
    """The project store; when it cannot be opened, a Dutch message and the page stops."""
    from assetmap.errors import AssetMapError
    from ui.i18n import t

    try:
        return store()
    except AssetMapError as exc:
        st.error(f"{t('project_error')}: {exc}")
        st.stop()
        raise  # st.stop() raises; this keeps type checkers satisfied


def public_view_or_stop():
    """Store, buurten, approved entries per layer and streets, for the public pages; a Dutch
    message and the page stops when the project cannot be read."""
    from assetmap import schema
    from assetmap.errors import AssetMapError
    from ui.i18n import t

    try:
        s = store()
        buurten = s.buurten()
        layers = {layer: s.read(layer, status="approved") for layer in schema.ASSET_LAYERS}
        streets = s.streets() if hasattr(s, "streets") else None
    except AssetMapError as exc:
        st.error(f"{t('project_error')}: {exc}")
        st.stop()
        raise
    return s, buurten, layers, streets
