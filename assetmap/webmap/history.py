"""The map of "Door de tijd": what is new, what is gone and what stayed between two moments.

New, gone and unchanged entries differ in shape *and* colour (a green plus, an orange-red
cross, a small grey dot: Okabe-Ito, colour-blind safe), each a layer to switch on or off.
Entries of layers with personal data (talents) have no point in the history and never show
here; the buurt tooltips give every layer's count then and now (small talent counts hidden on
a public map). Data reaches the browser as JSON (:func:`~assetmap.webmap._json.script_json`);
popups are built from DOM nodes with ``textContent``, so no user text is ever parsed as HTML.
"""

from __future__ import annotations

import html
from typing import Any

import folium
import geopandas as gpd
from jinja2 import Template

from .. import privacy, schema
from ..analysis.history import Comparison
from ..style import layer_label
from ._json import script_json
from .analysis import _Legend
from .data import buurt_data
from .elements import BuurtLayer
from .map import build_map
from .text import HISTORY_TEXT

# state -> (colour, SVG shape in a 24 x 24 box)
CHANGE_STYLES: dict[str, tuple[str, str]] = {
    "added": ("#009E73", '<path d="M9 2.5h6v6.5h6.5v6H15v6.5H9V15H2.5V9H9z"/>'),
    "removed": ("#D55E00", '<path d="M5.6 2.5 12 8.9l6.4-6.4 3.1 3.1-6.4 6.4 6.4 6.4-3.1 '
                           '3.1-6.4-6.4-6.4 6.4-3.1-3.1 6.4-6.4-6.4-6.4z"/>'),
    "unchanged": ("#8C8C8C", '<circle cx="12" cy="12" r="5.5"/>'),
}


def change_icon(state: str, size: int = 20) -> str:
    """The marker of ``state`` (``added``, ``removed``, ``unchanged``) as inline SVG."""
    color, shape = CHANGE_STYLES[state]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
            f'viewBox="0 0 24 24" fill="{color}" stroke="#1b1b1b" stroke-width="1.3">'
            f"{shape}</svg>")


class ChangeLayer(folium.map.Layer):
    """Entries in one state as markers; popups made with ``textContent``."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.data }};
  var group = L.featureGroup();
  var icon = L.divIcon({html: data.icon, className: "am-icon am-change",
      iconSize: [20, 20], iconAnchor: [10, 10], popupAnchor: [0, -10]});
  function line(cls, text) {
    var el = document.createElement("div");
    if (cls) { el.className = cls; }
    el.textContent = text;
    return el;
  }
  function popup(d) {
    var box = document.createElement("div");
    box.className = "am-pop";
    box.appendChild(line("am-pop-title", d[2]));
    box.appendChild(line("am-pop-layer", d[3] + " · " + d[5]));
    if (d[4]) { box.appendChild(line("", d[4])); }
    return box;
  }
  data.rows.forEach(function (d) {
    var m = L.marker([d[0], d[1]], {icon: icon, title: String(d[2]), alt: String(d[2]),
                                    keyboard: true});
    m.bindPopup(function () { return popup(d); }, {maxWidth: 300});
    group.addLayer(m);
  });
  return group;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, data: dict[str, Any], *, name: str, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "ChangeLayer"
        self.data = script_json(data)


def change_rows(frame: Any, state_label: str, *, lang: str = "nl",
                changed: set[str] | None = None,
                changed_label: str = "") -> list[list[Any]]:
    """Rows ``[lat, lon, name, layer, kind, state]`` of entries with a point."""
    out = []
    for r in frame.itertuples(index=False):
        kind = "" if schema.is_na(r.kind) else schema.kind_label(str(r.kind), lang)
        name = "" if schema.is_na(r.name) else str(r.name)
        state = changed_label if changed and r.record_id in changed else state_label
        out.append([round(float(r.lat), 6), round(float(r.lon), 6), name,
                    layer_label(r.layer, lang) if r.layer in schema.LAYERS else str(r.layer),
                    kind, state])
    return out


def tooltip_lines(comp: Comparison, *, lang: str = "nl") -> dict[str, list[str]]:
    """Per buurt code: one line per layer, ``Ontmoetingsplekken: 3 → 5`` (hidden counts as
    ``<3``), plain text (escaped by :func:`buurt_data`)."""
    t = comp.public_table()
    out: dict[str, list[str]] = {}
    for r in t.itertuples(index=False):
        if schema.is_na(r.buurt_code):
            continue
        before, after = _count(r.before), _count(r.after)
        label = layer_label(r.layer, lang) if r.layer in schema.LAYERS else str(r.layer)
        out.setdefault(str(r.buurt_code), []).append(f"{label}: {before} → {after}")
    return out


def _count(v: Any) -> str:
    """A count of :meth:`Comparison.public_table`: null (hidden) reads ``<3``."""
    return privacy.HIDDEN_COUNT_TEXT if schema.is_na(v) else str(int(v))


def change_map(comp: Comparison, *, lang: str = "nl", assets: str = "local",
               static_url: str = "/app/static", tiles: bool = True,
               streets: gpd.GeoDataFrame | None = None,
               height: str | int = "100%") -> folium.Map:
    """The Door de tijd map of ``comp``: buurten with counts then and now, and layers of new,
    gone and unchanged entries (changed ones among the unchanged, marked in their popup)."""
    words = HISTORY_TEXT[lang]
    m = build_map({}, None, assets=assets, static_url=static_url, tiles=tiles, lang=lang,
                  legend=False, layer_control=False, height=height, streets=streets)
    if len(comp.buurten):
        lines = tooltip_lines(comp, lang=lang)
        BuurtLayer(buurt_data(comp.buurten, {}, lang=lang, extra_lines=lines),
                   name=words["buurten"]).add_to(m)
        minx, miny, maxx, maxy = comp.buurten.to_crs(4326).total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    changed = set(comp.changed["record_id"])
    stayed = comp.shown("unchanged"), comp.shown("changed")
    parts = {
        "added": change_rows(comp.shown("added"), words["added"], lang=lang),
        "removed": change_rows(comp.shown("removed"), words["removed"], lang=lang),
        "unchanged": change_rows(stayed[0], words["unchanged"], lang=lang)
        + change_rows(stayed[1], words["unchanged"], lang=lang, changed=changed,
                      changed_label=words["changed"]),
    }
    legend = [f'<div class="am-legend-title">{html.escape(words["legend"])}</div>']
    for state in ("added", "removed", "unchanged"):
        ChangeLayer({"icon": change_icon(state), "rows": parts[state]},
                    name=f"{words[state]} ({len(parts[state])})").add_to(m)
        legend.append(f"<div>{change_icon(state, 16)} {html.escape(words[state])} "
                      f"({len(parts[state])})</div>")
    legend.append(f'<div style="max-width:220px;font-size:12px">'
                  f'{html.escape(words["note"])}</div>')
    _Legend("".join(legend)).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m
