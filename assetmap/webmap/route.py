"""A wijksafari route on a folium map: the path and numbered stops.

The route itself is planned by :mod:`assetmap.routing` (no drawing there); this module only
draws a :class:`~assetmap.routing.Route` on a map made by :func:`assetmap.webmap.build_map`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import folium

from .text import ROUTE_TEXT

if TYPE_CHECKING:
    from ..routing import Route

ROUTE_COLOR = "#D55E00"


def add_route_to_map(m: folium.Map, route: Route, *, lang: str = "nl",
                     fit: bool = True) -> folium.FeatureGroup:
    """Draw ``route`` on a folium map: the path and numbered stops.

    Parameters
    ----------
    m : folium.Map
        The map to draw on; a layer control on it stays the last element, so it lists the
        route too.
    route : Route
        A planned route (dashed when its legs are straight lines).
    lang : str
        ``"nl"`` or ``"en"``: the name of the layer.
    fit : bool
        Zoom the map to the route.

    Returns
    -------
    folium.FeatureGroup
        The route's layer.
    """
    t = ROUTE_TEXT["nl" if lang == "nl" else "en"]
    group = folium.FeatureGroup(name=t["layer"], show=True)
    coords = [(y, x) for x, y in route.geometry().coords]
    folium.PolyLine(coords, color="#ffffff", weight=9, opacity=0.9).add_to(group)
    folium.PolyLine(coords, color=ROUTE_COLOR, weight=5, opacity=0.95,
                    dash_array="8 8" if route.straight_lines else None,
                    tooltip=f"{route.total_m / 1000:.1f} km".replace(".", ",")).add_to(group)
    stops = route.stops[:-1] if route.round_trip else route.stops
    for i, s in enumerate(stops, start=1):
        folium.Marker([s.geometry.y, s.geometry.x], icon=_stop_icon(i),
                      tooltip=html.escape(f"{i}. {s.name}")).add_to(group)
    group.add_to(m)
    _layer_control_last(m)
    if fit and coords:
        ys = [c[0] for c in coords]
        xs = [c[1] for c in coords]
        m.fit_bounds([[min(ys), min(xs)], [max(ys), max(xs)]], padding=(30, 30))
    return group


def _stop_icon(number: int) -> folium.DivIcon:
    """A round orange marker with the stop's number."""
    return folium.DivIcon(
        html=(f'<div style="background:{ROUTE_COLOR};color:#fff;border:2px solid #fff;'
              'border-radius:50%;width:26px;height:26px;line-height:22px;'
              'text-align:center;font-weight:700;font-size:14px;'
              f'box-shadow:0 1px 3px rgba(0,0,0,.5)">{number}</div>'),
        icon_size=(26, 26), icon_anchor=(13, 13), class_name="am-stop")


def _layer_control_last(m: Any) -> None:
    """A layer control lists the layers that exist when its script runs: keep it last."""
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            m._children.move_to_end(key)
