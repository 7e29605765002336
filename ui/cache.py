"""Cached resources: one store per project location and process, static map assets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from assetmap.config import APP_DIR, Config, ensure_demo
from assetmap.store import BaseStore, open_store
from assetmap.webmap.static import copy_static

if TYPE_CHECKING:
    import geopandas as gpd


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


def project_errors():
    """``with project_errors(): …``: when the project cannot be opened or read, a Dutch
    message and the page stops."""
    from ui.errors import user_errors
    from ui.i18n import t

    return user_errors(t("project_error"), stop=True)


def store_or_stop() -> BaseStore:
    """The project store; when it cannot be opened, a Dutch message and the page stops."""
    with project_errors():
        return store()
    raise AssertionError("unreachable: the page stopped")  # pragma: no cover


def public_view_or_stop() -> tuple[BaseStore, gpd.GeoDataFrame, dict[str, gpd.GeoDataFrame],
                                   gpd.GeoDataFrame | None]:
    """Store, buurten, approved entries per point layer (assets and wishes) and streets, for
    the public pages; a Dutch message and the page stops when the project cannot be read."""
    from assetmap import schema

    with project_errors():
        s = store()
        buurten = s.buurten()
        layers = {layer: s.read(layer, status="approved") for layer in schema.POINT_LAYERS}
        return s, buurten, layers, s.streets()
    raise AssertionError("unreachable: the page stopped")  # pragma: no cover
