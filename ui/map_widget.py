"""Showing a folium map in Streamlit without reruns on every pan or zoom.

``show_map`` draws a map built in this run. A map that many sessions show unchanged (the
location map of Toevoegen, which every phone at a theme evening opens) is rendered once with
``freeze`` and drawn with ``show_frozen``: ``st_folium`` would render the whole folium map again
on every run of every session (jinja templates, the layer data as JSON), while a frozen map is
plain strings, and only a small feature group (the chosen spot) changes per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import branca.colormap
import folium
import folium.elements
import streamlit as st
from streamlit_folium import st_folium


def show_map(m: folium.Map, *, key: str, height: int = 600,
             returned_objects: Iterable[str] = ()) -> dict[str, Any]:
    """Draw ``m``; only the objects named in ``returned_objects`` rerun the page."""
    return st_folium(m, key=key, height=height, use_container_width=True,
                     returned_objects=list(returned_objects)) or {}


@dataclass(frozen=True)
class FrozenMap:
    """What ``st_folium`` sends to the browser for one map, rendered once (see ``freeze``)."""

    key: str
    component_key: str
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    defaults: dict[str, Any] = field(hash=False, compare=False)


def _streamlit_folium_parts() -> Any | None:
    """streamlit-folium's own render steps (0.2x), or ``None`` if this version lacks them."""
    try:
        import streamlit_folium as sf

        for name in ("_component_func", "_get_html", "_get_header", "_get_map_string",
                     "get_full_id", "generate_js_hash"):
            getattr(sf, name)
    except (ImportError, AttributeError):  # pragma: no cover - another streamlit-folium
        return None
    return sf


def freeze(m: folium.Map, *, key: str) -> FrozenMap | None:
    """Render ``m`` the way ``st_folium(m, key=key)`` does, once; ``None`` when the installed
    streamlit-folium does not have the steps used here (then call ``st_folium`` instead).

    ``m`` is changed by rendering (element ids), as ``st_folium`` changes it: do not reuse it.
    """
    sf = _streamlit_folium_parts()
    if sf is None:
        return None
    m.get_root().render()
    m.render()
    script = sf._get_map_string(m)
    try:
        (s, w), (n, e) = m.get_bounds()
    except (AttributeError, ValueError):
        s = w = n = e = None
    css: list[str] = []
    js: list[str] = []
    for elem in _walk(m):
        if isinstance(elem, branca.colormap.ColorMap):  # as st_folium does
            js[:0] = ["https://d3js.org/d3.v4.min.js",
                      "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    defaults = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None,
        "all_drawings": None, "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}},
        "zoom": m.options.get("zoom") if hasattr(m, "options") else {},
        "last_circle_radius": None, "last_circle_polygon": None, "selected_layers": None,
        "selected_tags": None, "last_geocoder_result": None,
    }
    return FrozenMap(key=key, component_key=sf.generate_js_hash(script, key, False),
                     script=script, header=sf._get_header(m), html=sf._get_html(m),
                     map_id=sf.get_full_id(m), css_links=tuple(dict.fromkeys(css)),
                     js_links=tuple(dict.fromkeys(js)), defaults=defaults)


def _walk(elem: Any) -> Iterable[Any]:
    if isinstance(elem, (folium.elements.JSCSSMixin, branca.colormap.ColorMap)):
        yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


def show_frozen(fm: FrozenMap, *, height: int, returned_objects: Iterable[str],
                feature_group: str | None = None) -> dict[str, Any]:
    """Draw a frozen map like ``st_folium(..., key=fm.key, use_container_width=True)``;
    ``feature_group`` is JavaScript from ``feature_group_js`` (drawn on top, replaced on the
    next run without reloading the map)."""
    sf = _streamlit_folium_parts()
    wanted = list(returned_objects)

    def _on_change() -> None:
        st.session_state[fm.key] = st.session_state.get(fm.component_key, {})

    return sf._component_func(
        script=fm.script, header=fm.header, html=fm.html, id=fm.map_id, key=fm.component_key,
        height=height, width=None, returned_objects=wanted,
        default={k: v for k, v in fm.defaults.items() if k in wanted}, zoom=None, center=None,
        feature_group=feature_group, return_on_hover=False, layer_control=None,
        pixelated=False, css_links=list(fm.css_links), js_links=list(fm.js_links),
        on_change=_on_change, wrap_longitude=False) or {}


_JS_NUMBER = re.compile(r"^-?\d+(\.\d+)?(e[-+]?\d+)?$")


def feature_group_js(markers: Iterable[str]) -> str:
    """JavaScript for ``show_frozen``'s ``feature_group``: a Leaflet feature group with
    ``markers`` (JavaScript expressions of layers), as st_folium's ``feature_group_to_add``
    makes it (the streamlit-folium frontend names the map ``map_div`` and removes the groups
    it finds in ``window.feature_group`` before it draws new ones)."""
    fg = "feature_group_feature_group_0"
    parts = [f"var {fg} = L.featureGroup({{}});"]
    parts += [f"({m}).addTo({fg});" for m in markers]
    parts += [f"map_div.addLayer({fg});", "window.feature_group = window.feature_group || [];",
              f"window.feature_group.push({fg});"]
    return "\n".join(parts) + "\n"


def js_number(v: float) -> str:
    """A float as a JavaScript number literal (checked, so it can go into a script)."""
    s = repr(float(v))
    if not _JS_NUMBER.match(s):
        raise ValueError(f"not a finite number: {v!r}")
    return s
