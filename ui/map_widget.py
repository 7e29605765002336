"""Showing a folium map in Streamlit without reruns on every pan or zoom."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import folium
from streamlit_folium import st_folium


def show_map(m: folium.Map, *, key: str, height: int = 600,
             returned_objects: Iterable[str] = ()) -> dict[str, Any]:
    """Draw ``m``; only the objects named in ``returned_objects`` rerun the page."""
    return st_folium(m, key=key, height=height, use_container_width=True,
                     returned_objects=list(returned_objects)) or {}
