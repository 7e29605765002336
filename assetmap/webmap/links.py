"""Links between entries on a folium map: one line per link, styled by its tie.

Bonding, bridging and linking differ in colour *and* dash pattern (:data:`assetmap.style.
TIE_STYLES`). The data reaches the browser as JSON; the tooltip text is escaped in JavaScript.
A link to an institution has no line (the institution is not on the map); it is listed in the
popup of its entry instead (:func:`assetmap.webmap.data.layer_data`).
"""

from __future__ import annotations

import html
from typing import Any

import folium
import geopandas as gpd
from jinja2 import Template

from .. import schema
from ..analysis.ties import tie_label
from ..style import TIE_STYLES, tie_line_svg
from ._json import script_json
from .text import TEXT


class LinksLayer(folium.map.Layer):
    """The layer "Verbindingen": a line per link with a tooltip (who, how, which tie)."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.data }};
  var group = L.featureGroup();
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); }
  for (var i = 0; i < data.rows.length; i++) {
    var d = data.rows[i], st = data.styles[d[1]];
    L.polyline(d[0], {color: "#ffffff", weight: 7, opacity: 0.8, interactive: false})
      .addTo(group);
    var line = L.polyline(d[0], {color: st[0], weight: 4, opacity: 0.95,
                                 dashArray: st[1], className: "am-link am-link-" + d[1]});
    line.bindTooltip(esc(d[2]), {sticky: true, className: "am-tip"});
    line.addTo(group);
  }
  return group;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, data: dict[str, Any], *, name: str, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "LinksLayer"
        self.data = script_json(data)


def links_data(view: gpd.GeoDataFrame, *, lang: str = "nl") -> dict[str, Any]:
    """JSON-able rows ``[[[lat, lon], [lat, lon]], tie, text]`` of the links with a line."""
    rows = []
    for rec, geom in zip(view.drop(columns=view.geometry.name).to_dict("records"),
                         view.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        coords = [[round(y, 6), round(x, 6)] for x, y in geom.coords]
        text = (f"{rec['from_name']} {schema.link_kind_label(rec['kind'], lang)} "
                f"{rec['to_name']} · {tie_label(rec['tie'], lang)}")
        rows.append([coords, rec["tie"], text])
    styles = {t: [s.color, s.dash] for t, s in TIE_STYLES.items()}
    return {"rows": rows, "styles": styles}


def legend_rows(lang: str = "nl") -> list[str]:
    """Escaped legend rows: a line and the name of each kind of tie."""
    return [f"<div>{tie_line_svg(t)} {html.escape(tie_label(t, lang))}</div>"
            for t in TIE_STYLES]


def add_links(m: folium.Map, view: gpd.GeoDataFrame, *, lang: str = "nl",
              show: bool = True) -> LinksLayer:
    """Add the layer "Verbindingen" with the lines of ``view`` (:func:`assetmap.links.
    link_view`) to ``m``."""
    layer = LinksLayer(links_data(view, lang=lang), name=TEXT[lang]["links"], show=show)
    layer.add_to(m)
    return layer
