"""Cached resources: one store per project location and process, static map assets, and the
project data a phone page shows, read once per process until the store's stamp says it changed.
"""

from __future__ import annotations

import gc
import importlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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
    """The app's configuration; when it serves several projects, with this session's project
    (:mod:`ui.projects`)."""
    cfg = Config.from_env()
    if cfg.multi:
        from ui import projects

        return projects.apply(cfg)
    return cfg


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


# ---------------------------------------------------------------------------- per process

#: How often each cached thing was built in this process (for tests and the sessions bench).
BUILDS: Counter[str] = Counter()

# What the phone flow (Toevoegen by the QR link) imports; loaded once, before gc.freeze().
_PHONE_MODULES = ("folium", "streamlit_folium", "assetmap.evening", "assetmap.webmap",
                  "ui.forms", "ui.location", "ui.map_widget")


@st.cache_resource(show_spinner=False)
def process_setup() -> dict[str, Any]:
    """Once per process, on the first visit: load what the pages need, then make the process
    cheap to keep running with many sessions.

    - ``gc.freeze()`` after a last full collection: the modules, caches and the Streamlit
      runtime (hundreds of thousands of objects that live as long as the process) move to the
      permanent generation, so the garbage collector no longer walks them again and again
      while phones come in (``runner.postScriptGC`` is off in .streamlit/config.toml).
    - Streamlit polls its config files (and a secrets.toml, if there is one) five times a
      second from a thread pool whatever ``server.fileWatcherType`` says; they do not change
      while the app runs (a restart applies a change), so those pollers are stopped.
    """
    for name in _PHONE_MODULES:
        importlib.import_module(name)
    stopped = 0
    try:
        from streamlit.watcher.polling_path_watcher import PollingPathWatcher
    except ImportError:  # pragma: no cover - a Streamlit without pollers
        PollingPathWatcher = None  # noqa: N806
    gc.collect()
    if PollingPathWatcher is not None:
        for obj in gc.get_objects():
            if isinstance(obj, PollingPathWatcher):
                obj.close()
                stopped += 1
    gc.freeze()
    BUILDS["process_setup"] += 1
    return {"pollers_stopped": stopped, "frozen": gc.get_freeze_count()}


def _stamp(layer: str, status: str | None = None) -> str:
    """The store's stamp of ``layer`` (see ``BaseStore.stamp``), with the project's location."""
    s = store()
    return f"{s.location}|{layer}|{s.stamp(layer, status=status)}"


@st.cache_resource(show_spinner=False, max_entries=8)
def _buurten(stamp: str) -> gpd.GeoDataFrame:
    BUILDS["buurten"] += 1
    return store().buurten()


@st.cache_resource(show_spinner=False, max_entries=8)
def _streets(stamp: str) -> gpd.GeoDataFrame | None:
    BUILDS["streets"] += 1
    return store().streets()


@st.cache_resource(show_spinner=False, max_entries=32)
def _read(stamp: str, layer: str, status: str | None) -> gpd.GeoDataFrame:
    BUILDS[f"read:{layer}:{status}"] += 1
    return store().read(layer, status=status)


def buurten() -> gpd.GeoDataFrame:
    """The buurten, read once per process until they change. Shared: do not modify it."""
    return _buurten(_stamp("buurten"))


def streets() -> gpd.GeoDataFrame | None:
    """The street lines (or ``None``), read once per process until they change. Shared."""
    return _streets(_stamp("streets"))


def approved(layer: str) -> gpd.GeoDataFrame:
    """The approved entries of ``layer``, read once per process until they change. Shared."""
    return _read(_stamp(layer, "approved"), layer, "approved")


class MapData(NamedTuple):
    """What the location map of a layer shows, and a version that changes with it."""

    version: str
    buurten: gpd.GeoDataFrame
    existing: gpd.GeoDataFrame
    streets: gpd.GeoDataFrame | None


def location_map_data(layer: str) -> MapData:
    """Buurten, streets and the approved entries of ``layer`` (shared: do not modify them),
    with their version for ``location.picker``. Each stamp is taken before its data is read,
    so the data are never older than the version says."""
    sb, ss, sl = _stamp("buurten"), _stamp("streets"), _stamp(layer, "approved")
    return MapData(f"{sb}|{ss}|{sl}", _buurten(sb), _read(sl, layer, "approved"), _streets(ss))


@st.cache_resource(show_spinner=False, max_entries=16)
def _evening(stamp: str, code: str) -> dict[str, Any]:
    from assetmap import evening

    BUILDS["evening"] += 1
    return evening.join(store(), code)


def evening(code: str) -> dict[str, Any]:
    """``evening.join(store, code)``, read once per process until the evenings change (an
    unknown or closed code raises, as ``join`` does, and is asked again next time)."""
    return dict(_evening(_stamp("evenings"), code))
