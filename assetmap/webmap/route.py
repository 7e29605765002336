"""A wijksafari route on a folium map: the path and numbered stops.

The route itself is planned by :mod:`assetmap.routing` (no drawing there); this module only
draws a :class:`~assetmap.routing.Route` on a map made by :func:`assetmap.webmap.build_map`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from ._json import script_json
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
    path = folium.PolyLine(coords, color=ROUTE_COLOR, weight=5, opacity=0.95,
                           dash_array="8 8" if route.straight_lines else None).add_to(group)
    stops = route.stops[:-1] if route.round_trip else route.stops
    RouteStops([[round(s.geometry.y, 7), round(s.geometry.x, 7), i, str(s.name)]
                for i, s in enumerate(stops, start=1)], path=path.get_name(),
               path_tip=f"{route.total_m / 1000:.1f} km".replace(".", ",")).add_to(group)
    group.add_to(m)
    _layer_control_last(m)
    if fit and coords:
        ys = [c[0] for c in coords]
        xs = [c[1] for c in coords]
        m.fit_bounds([[min(ys), min(xs)], [max(ys), max(xs)]], padding=(30, 30))
    return group


class RouteStops(MacroElement):
    """The numbered stop markers of a route, added to the route's layer.

    A stop's name is user text (a meeting place called ``${alert(1)}``): it reaches the page
    only as JSON (:func:`~assetmap.webmap._json.script_json`) and is shown with
    ``textContent``. folium's ``Tooltip`` would put it raw inside a JavaScript template
    literal, where a backtick, ``${`` or ``\\`` is code (issue 12).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function (group, path) {
  var stops = {{ this.data }};
  var km = document.createElement("span");
  km.textContent = {{ this.path_tip }};
  path.bindTooltip(km);
  stops.forEach(function (s) {
    var num = document.createElement("div");
    num.className = "am-stop-nr";
    num.setAttribute("style", {{ this.style }});
    num.textContent = String(s[2]);
    var mk = L.marker([s[0], s[1]], {icon: L.divIcon({html: num, className: "am-stop",
        iconSize: [26, 26], iconAnchor: [13, 13]}), title: s[2] + ". " + s[3],
        alt: s[2] + ". " + s[3], keyboard: true});
    var tip = document.createElement("span");
    tip.textContent = s[2] + ". " + s[3];
    mk.bindTooltip(tip);
    mk.addTo(group);
  });
})({{ this._parent.get_name() }}, {{ this.path }});
{% endmacro %}
""")

    def __init__(self, stops: list[list[Any]], *, path: str, path_tip: str) -> None:
        super().__init__()
        self._name = "RouteStops"
        self.data = script_json(stops)
        self.path = path
        self.path_tip = script_json(path_tip)
        self.style = script_json(
            f"background:{ROUTE_COLOR};color:#fff;border:2px solid #fff;border-radius:50%;"
            "width:26px;height:26px;line-height:22px;text-align:center;font-weight:700;"
            "font-size:14px;box-shadow:0 1px 3px rgba(0,0,0,.5)")


def _layer_control_last(m: Any) -> None:
    """A layer control lists the layers that exist when its script runs: keep it last."""
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            m._children.move_to_end(key)
