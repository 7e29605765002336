"""Cached resources: one store per project location and process, static map assets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assetmap.config import APP_DIR, Config, ensure_demo
from assetmap.store import BaseStore, open_store
from assetmap.webassets import copy_static


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
