"""The grid of the paper worksheet on a web map, with the cells being typed in highlighted.

Used by the Van papier page: while a facilitator types the rows of a worksheet, the map shows
the grid of the sheet (:mod:`assetmap.paper_grid`) over the buurten and streets, and colours
the cells of the rows typed so far. Cell names are set as ``textContent``; tooltips (which may
hold typed names) are escaped in Python.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
from jinja2 import Template

from ._json import geojson_geom, script_json
from .map import build_map

HIGHLIGHT = "#E69F00"  # Okabe-Ito orange: the cells of the rows typed in


class GridLayer(folium.map.Layer):
    """The cells as thin squares with their name in the corner; ``hl`` cells filled."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.data }};
  var group = L.featureGroup();
  var cells = L.geoJSON(data, {
    style: function (f) {
      var hl = f.properties.hl;
      return {color: hl ? "#8a5a00" : "#4a4a4a", weight: hl ? 3 : 1, opacity: 0.9,
              fillColor: {{ this.color }}, fillOpacity: hl ? 0.45 : 0};
    },
    onEachFeature: function (f, l) {
      if (f.properties.tip) { l.bindTooltip(f.properties.tip, {sticky: true}); }
    }
  }).addTo(group);
  cells.eachLayer(function (l) {
    var b = l.getBounds(), span = document.createElement("span");
    span.textContent = l.feature.properties.cell;
    span.className = l.feature.properties.hl ? "am-cell am-cell-hl" : "am-cell";
    L.marker(b.getNorthWest(), {interactive: false, keyboard: false,
      icon: L.divIcon({className: "am-cell-icon", html: span, iconSize: null})}).addTo(group);
  });
  return group;
})();
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
{% macro header(this, kwargs) %}
<style>
.am-cell-icon { background: none; border: none; }
.am-cell { display: inline-block; padding: 1px 3px; font-size: 11px; color: #555;
  white-space: nowrap; }
.am-cell-hl { font-weight: 700; color: #1b1b1b; font-size: 13px; }
</style>
{% endmacro %}
""")

    def __init__(self, cells: gpd.GeoDataFrame, highlight: Mapping[str, Sequence[str]], *,
                 name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "GridLayer"
        feats = []
        for cell, geom in zip(cells["cell"], cells.to_crs(4326).geometry, strict=True):
            lines = list(highlight.get(cell, ()))
            tip = "<br>".join(html.escape(s) for s in [str(cell), *lines]) if lines else ""
            feats.append({"type": "Feature", "geometry": geojson_geom(geom),
                          "properties": {"cell": str(cell), "hl": bool(lines), "tip": tip}})
        self.data = script_json({"type": "FeatureCollection", "features": feats})
        self.color = script_json(HIGHLIGHT)


def grid_map(cells: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame | None, *,
             highlight: Mapping[str, Sequence[str]] | None = None,
             streets: gpd.GeoDataFrame | None = None, lang: str = "nl",
             static_url: str = "/app/static", assets: str = "local",
             tiles: bool = True) -> folium.Map:
    """A map of the buurten and streets with the worksheet grid on top.

    Parameters
    ----------
    cells : GeoDataFrame
        The grid's cells (EPSG:4326, ``cell``).
    buurten : GeoDataFrame or None
        Drawn under the grid.
    highlight : mapping of str to list of str, optional
        ``{cell: [text, …]}``: these cells are filled, their texts (e.g. "rij 3: Bankje")
        shown in a tooltip.
    streets : GeoDataFrame, optional
        Light lines under the grid.
    lang, static_url, assets, tiles
        As for :func:`assetmap.webmap.build_map`.
    """
    m = build_map({}, buurten, lang=lang, static_url=static_url, assets=assets, tiles=tiles,
                  streets=streets, legend=False, layer_control=False)
    GridLayer(cells, highlight or {}, name="Raster" if lang == "nl" else "Grid").add_to(m)
    x0, y0, x1, y1 = cells.to_crs(4326).total_bounds
    m.fit_bounds([[y0, x0], [y1, x1]])
    return m
