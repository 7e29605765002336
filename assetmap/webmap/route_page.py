"""A wijksafari route as one self-contained HTML file (``assetmap route … --map route.html``).

Leaflet is inlined (``assets="inline"``), so the file works with no internet: send it by
e-mail or app and open it on a phone on the walk. It shows the buurten (and the streets near
the route) as background, the path and the numbered stops (drawn by
:func:`~assetmap.webmap.route.add_route_to_map`), and a list of the stops under the map; a
popup per stop gives its name, the time of arrival and the minutes there. Online tiles are off
unless asked for.

Every name reaches the page as JSON (:func:`~assetmap.webmap._json.script_json`) and is set
with ``textContent``: never as HTML, never inside a JavaScript template literal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from .. import routing
from ..style import layer_label
from ._json import script_json
from .map import build_map, to_html
from .route import ROUTE_COLOR, add_route_to_map
from .text import ROUTE_TEXT

if TYPE_CHECKING:
    from ..routing import Route

STREETS_MARGIN_DEG = (0.006, 0.004)  # streets drawn this far around the route (~400 m)


def route_html(route: Route, *, title: str = "Wijksafari",
               buurten: gpd.GeoDataFrame | None = None,
               streets: gpd.GeoDataFrame | None = None, tiles: bool = False,
               lang: str = "nl") -> str:
    """The route as one HTML page that needs no internet.

    Parameters
    ----------
    route
        A planned route.
    title
        The heading (the route's name).
    buurten, streets
        Background: the project's buurten, and its streets (only those near the route).
    tiles
        Add the online background maps (OpenStreetMap, PDOK); they need internet.
    lang
        ``"nl"`` or ``"en"``.
    """
    lang = "en" if lang == "en" else "nl"
    m = build_map({}, buurten, assets="inline", tiles=tiles, lang=lang, legend=False,
                  streets=_near(streets, route), show={"buurten": True})
    group = add_route_to_map(m, route, lang=lang)
    RouteSheet(route_data(route, title=title, lang=lang), group.get_name()).add_to(m)
    return to_html(m)


def _near(streets: gpd.GeoDataFrame | None, route: Route) -> gpd.GeoDataFrame | None:
    """The streets around the route, so the file stays small."""
    if streets is None or len(streets) == 0:
        return None
    g = streets.to_crs(4326) if streets.crs is not None else streets.set_crs(4326)
    minx, miny, maxx, maxy = route.geometry().bounds
    dx, dy = STREETS_MARGIN_DEG
    return g.cx[minx - dx:maxx + dx, miny - dy:maxy + dy]


def _distance(metres: float, lang: str) -> str:
    """``350 m`` or ``1,2 km`` (a decimal comma in Dutch)."""
    if metres < 1000:
        return f"{metres:.0f} m"
    text = f"{metres / 1000:.1f} km"
    return text.replace(".", ",") if lang == "nl" else text


def _hhmm(t: Any) -> str:
    return "" if t is None else f"{t:%H:%M}"


def route_data(route: Route, *, title: str, lang: str = "nl") -> dict[str, Any]:
    """What the page shows, as plain data (every text is shown with ``textContent``)."""
    t = ROUTE_TEXT[lang]
    km = f"{route.total_m / 1000:.2f} km"
    if lang == "nl":
        km = km.replace(".", ",")
    stops = []
    for i, s in enumerate(route.stops):
        leg = route.legs[i - 1] if i else None
        last = route.round_trip and i == len(route.stops) - 1
        stops.append({
            "n": 1 if last else i + 1, "name": s.name, "back": last,
            "layer": layer_label(s.layer, lang) if s.layer else "",
            "lat": s.geometry.y, "lon": s.geometry.x,
            "arrive": _hhmm(s.arrive), "depart": _hhmm(s.depart),
            "stay": round(s.dwell_min),
            "leg": None if leg is None else _distance(leg.metres, lang),
            "leg_min": None if leg is None else max(1, round(leg.minutes)),
        })
    notes = []
    if route.straight_lines:
        notes.append(t["straight"])
    if route.step_free:
        notes.append(route.accessibility_note(lang))
    return {
        "title": title, "lang": lang,
        "summary": t["summary"].format(km=km,
                                       walk=routing.format_duration(route.walk_min, lang),
                                       total=routing.format_duration(route.total_min, lang)),
        "notes": notes, "stops": stops,
        "t": {k: t[k] for k in ("stops", "arrive", "depart", "stay", "from_prev", "back",
                                "start", "show", "made")},
    }


class RouteSheet(MacroElement):
    """The heading, the list of stops under the map, and a tooltip and popup per stop marker.

    Markers of the route layer ``group`` (a JavaScript variable) are matched to stops by place.
    """

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
html, body { height: auto; min-height: 100%; background: #fff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; }
.folium-map { height: 68vh !important; min-height: 320px; }
.am-route-head { padding: 10px 14px 6px; border-bottom: 3px solid {{ this.color }}; }
.am-route-head h1 { font-size: 21px; margin: 0 0 2px; line-height: 1.25; }
.am-route-head p { margin: 2px 0; font-size: 15px; }
.am-route-note { color: #7a3b00; }
.am-route-list { padding: 6px 14px 20px; }
.am-route-list h2 { font-size: 17px; margin: 10px 0 6px; }
.am-route-list ol { list-style: none; margin: 0; padding: 0; }
.am-route-list li { display: flex; gap: 10px; padding: 8px 0; border-bottom: 1px solid #ddd; }
.am-route-nr { flex: 0 0 28px; height: 28px; border-radius: 50%; background: {{ this.color }};
  color: #fff; font-weight: 700; text-align: center; line-height: 28px; }
.am-route-name { font-weight: 700; font-size: 16px; }
.am-route-sub { color: #444; font-size: 14px; }
.am-route-show { margin-top: 4px; font-size: 14px; background: none; border: 1px solid #999;
  border-radius: 4px; padding: 3px 8px; color: #1b1b1b; }
.am-route-pop .am-route-name { font-size: 15px; }
.am-route-foot { color: #666; font-size: 12px; padding: 0 14px 16px; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (map, group) {
  var data = {{ this.data }};
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function when(s) {
    var parts = [];
    if (s.arrive) { parts.push(data.t.arrive + " " + s.arrive); }
    else if (s.depart) { parts.push(data.t.depart + " " + s.depart); }
    if (s.stay) { parts.push(data.t.stay.replace("{n}", function () { return s.stay; })); }
    return parts.join(" · ");
  }
  function leg(s) {
    if (s.leg === null) { return data.t.start; }
    return data.t.from_prev.replace("{dist}", function () { return s.leg; })
      .replace("{min}", function () { return s.leg_min; });
  }
  function card(s, cls, numbered) {
    var box = el("div", cls);
    box.appendChild(el("div", "am-route-name", numbered ? s.n + ". " + s.name : s.name));
    if (s.back) { box.appendChild(el("div", "am-route-sub", data.t.back)); }
    else if (s.layer) { box.appendChild(el("div", "am-route-sub", s.layer)); }
    var w = when(s);
    if (w) { box.appendChild(el("div", "am-route-sub", w)); }
    box.appendChild(el("div", "am-route-sub", leg(s)));
    return box;
  }
  document.title = data.title;
  document.documentElement.lang = data.lang;
  var head = el("header", "am-route-head");
  head.appendChild(el("h1", null, data.title));
  head.appendChild(el("p", null, data.summary));
  data.notes.forEach(function (n) { head.appendChild(el("p", "am-route-note", n)); });
  var mapDiv = map.getContainer();
  mapDiv.parentNode.insertBefore(head, mapDiv);
  var markers = [];
  group.eachLayer(function (l) { if (l instanceof L.Marker) { markers.push(l); } });
  function markerAt(s) {
    for (var i = 0; i < markers.length; i++) {
      var p = markers[i].getLatLng();
      if (Math.abs(p.lat - s.lat) < 1e-9 && Math.abs(p.lng - s.lon) < 1e-9) {
        return markers[i];
      }
    }
    return null;
  }
  var list = el("section", "am-route-list");
  list.appendChild(el("h2", null, data.t.stops));
  var ol = el("ol");
  data.stops.forEach(function (s) {
    var li = el("li");
    li.appendChild(el("span", "am-route-nr", s.n));
    var body = card(s, "am-route-item", false);
    li.appendChild(body);
    var mk = s.back ? null : markerAt(s);
    if (mk) {
      mk.bindTooltip(el("span", null, s.n + ". " + s.name), {direction: "top",
        offset: [0, -12]});
      mk.bindPopup(card(s, "am-route-pop", true), {maxWidth: 280});
      var btn = el("button", "am-route-show", data.t.show);
      btn.type = "button";
      btn.addEventListener("click", function () {
        map.getContainer().scrollIntoView({behavior: "smooth"});
        map.setView(mk.getLatLng(), Math.max(map.getZoom(), 16), {animate: false});
        mk.openPopup();
      });
      body.appendChild(btn);
    }
    ol.appendChild(li);
  });
  list.appendChild(ol);
  mapDiv.parentNode.insertBefore(list, mapDiv.nextSibling);
  var foot = el("p", "am-route-foot", data.t.made);
  list.parentNode.insertBefore(foot, list.nextSibling);
  map.invalidateSize();
})({{ this._parent.get_name() }}, {{ this.group }});
{% endmacro %}
""")

    def __init__(self, data: dict[str, Any], group: str) -> None:
        super().__init__()
        self._name = "RouteSheet"
        self.data = script_json(data)
        self.group = group
        self.color = ROUTE_COLOR
