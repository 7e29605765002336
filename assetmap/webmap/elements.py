"""The folium elements of our maps: Leaflet from local files, point layers, buurten, lines,
a plain background, the legend and the fullscreen button.

Each element renders its own small piece of JavaScript from a Jinja template. Data reaches the
template only as JSON made by :func:`~assetmap.webmap._json.script_json`; popups are built in
the browser and escape every value, tooltips are escaped in Python.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from ..style import icon_svg
from . import static
from ._json import geojson_geom, script_json


class Assets(MacroElement):
    """Points Leaflet (and the cluster plugin) at local or inline copies."""

    def __init__(self, mode: str, static_url: str, cluster: bool) -> None:
        super().__init__()
        self.mode = mode
        self.static_url = static_url.rstrip("/")
        self.cluster = cluster

    def apply(self, m: folium.Map) -> None:
        if self.mode == "cdn":
            return
        if self.mode == "local":
            u = self.static_url
            m.default_js = [("leaflet", f"{u}/{static.LEAFLET_JS}")]
            m.default_css = [("leaflet_css", f"{u}/{static.LEAFLET_CSS}")]
        elif self.mode == "inline":
            m.default_js = []
            m.default_css = []
            m.get_root().header.add_child(
                Element(static.inline_tags(cluster=self.cluster)), name="assetmap_inline",
                index=0)
        else:
            raise ValueError(f"unknown assets mode {self.mode!r}")


class PointLayer(folium.map.Layer):
    """One point layer as markers (clustered above ``CLUSTER_THRESHOLD`` points)."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.data }};
  var group = {% if this.cluster %}L.markerClusterGroup({maxClusterRadius: 45,
      chunkedLoading: true}){% else %}L.featureGroup(){% endif %};
  var icon = L.divIcon({html: {{ this.icon }}, className: "am-icon am-{{ this.layer }}",
      iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10]});
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); }
  function popup(d) {
    var h = '<div class="am-pop"><div class="am-pop-title">' + esc(d[2]) + '</div>' +
            '<div class="am-pop-layer">' + esc(data.label) + '</div>';
    for (var k = 0; k < data.fields.length; k++) {
      var v = d[3 + k];
      if (v === null || v === "") continue;
      var f = data.fields[k];
      var shown = esc(v);
      if (f[1] === "url" && /^https?:\\/\\//i.test(v)) {
        shown = '<a href="' + esc(v) + '" target="_blank" rel="noopener noreferrer">' +
                esc(v) + '</a>';
      }
      h += '<div><span class="am-k">' + esc(f[0]) + ':</span> ' + shown + '</div>';
    }
    var ls = data.links ? data.links[d[d.length - 1]] : null;
    if (ls) {
      h += '<div class="am-pop-links"><span class="am-k">' + esc(data.links_label) + ':</span>';
      for (var q = 0; q < ls.length; q++) { h += '<div>' + esc(ls[q]) + '</div>'; }
      h += '</div>';
    }
    return h + '</div>';
  }
  var markers = [];
  for (var i = 0; i < data.rows.length; i++) {
    var d = data.rows[i];
    var m = L.marker([d[0], d[1]], {icon: icon, title: String(d[2]), alt: String(d[2]),
                                    keyboard: true});
    m.bindPopup((function (dd) { return function () { return popup(dd); }; })(d),
                {maxWidth: 320});
    m.options.amId = d[d.length - 1];
    markers.push(m);
  }
  {% if this.cluster %}group.addLayers(markers);{% else %}
  for (var j = 0; j < markers.length; j++) { group.addLayer(markers[j]); }{% endif %}
  return group;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, layer: str, name: str, data: dict[str, Any], *, cluster: bool,
                 show: bool = True, assets: str = "local", static_url: str = "") -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "AssetLayer"
        self.layer = layer
        self.data = script_json(data)
        self.icon = script_json(icon_svg(layer))
        self.cluster = cluster
        if cluster and assets == "local":
            u = static_url.rstrip("/")
            self.default_js = [("markercluster", f"{u}/{static.CLUSTER_JS}")]
            self.default_css = [(c, f"{u}/{c}") for c in static.CLUSTER_CSS]
        elif cluster and assets == "cdn":
            base = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.4.1/"
            self.default_js = [("markercluster", base + "leaflet.markercluster.js")]
            self.default_css = [("mc", base + "MarkerCluster.css"),
                                ("mcd", base + "MarkerCluster.Default.css")]

    def render(self, **kwargs: Any) -> None:
        # MacroElement with default_js: register it in the header like folium's JSCSSMixin
        figure = self.get_root()
        for name, url in getattr(self, "default_js", []):
            if name not in figure.header._children:
                figure.header.add_child(folium.elements.JavascriptLink(url), name=name)
        for name, url in getattr(self, "default_css", []):
            if name not in figure.header._children:
                figure.header.add_child(folium.elements.CssLink(url), name=name)
        super().render(**kwargs)


class BuurtLayer(folium.map.Layer):
    """Buurt boundaries with escaped tooltips (name, inhabitants, counts per layer)."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
  style: function (f) { return {color: "#2b2b2b", weight: 2, opacity: 0.8, dashArray: "6 4",
      fillColor: f.properties.fill || "#ffffff", fillOpacity: f.properties.fill ? 0.55 : 0.06}; },
  onEachFeature: function (f, l) {
    l.bindTooltip(f.properties.tip, {sticky: true, className: "am-tip"});
    l.on("mouseover", function () { l.setStyle({weight: 4}); });
    l.on("mouseout", function () { l.setStyle({weight: 2}); });
  }
});
var {{ this.get_name() }}_polys = [];
{{ this.get_name() }}.eachLayer(function (l) { {{ this.get_name() }}_polys.push(l); });
{{ this.get_name() }}_polys.forEach(function (l) {
  var c = l.getBounds().getCenter(), p = l.feature.properties;
  if (p.lat !== undefined) { c = L.latLng(p.lat, p.lon); }
  L.marker(c, {interactive: false, keyboard: false, icon: L.divIcon({className: "am-label",
    html: "<span>" + String(p.name).replace(/[&<>"']/g, function (ch) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[ch]; }) +
      "</span>", iconSize: null})}).addTo({{ this.get_name() }});
});
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, data: dict[str, Any], *, name: str, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "BuurtLayer"
        self.data = script_json(data)


class LinesLayer(folium.map.Layer):
    """Light, non-interactive lines (streets) drawn below everything else."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {interactive: false,
  style: function () { return {color: {{ this.color }}, weight: {{ this.weight }},
                               opacity: 0.9, className: "am-streets"}; }});
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, lines: gpd.GeoDataFrame, *, name: str, show: bool = True,
                 color: str = "#c8c8c8", weight: float = 3) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "LinesLayer"
        g = lines.to_crs(4326)
        feats = [{"type": "Feature", "properties": {}, "geometry": geojson_geom(geom)}
                 for geom in g.geometry if geom is not None and not geom.is_empty]
        self.data = script_json({"type": "FeatureCollection", "features": feats})
        self.color = script_json(color)
        self.weight = float(weight)


class PlainBase(folium.map.Layer):
    """An empty base layer: the choice "no background" in the layer control."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, name: str, show: bool) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)


class Controls(MacroElement):
    """Legend and a fullscreen button, both plain Leaflet controls (no plugin needed)."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
.leaflet-container { background: #eef0ea; font-size: 14px; }
.am-icon { background: none; border: none; }
.am-legend { background: rgba(255,255,255,.94); padding: 8px 10px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); line-height: 1.6; color: #1b1b1b; max-width: 60vw; }
.am-legend svg { vertical-align: middle; margin-right: 6px; }
.am-legend-title { font-weight: 700; margin-bottom: 2px; }
.am-fs { width: 34px; height: 34px; line-height: 34px; text-align: center; font-size: 20px;
  background: #fff; display: block; color: #1b1b1b; text-decoration: none; }
.am-pop-title { font-weight: 700; font-size: 15px; }
.am-pop-layer { color: #555; font-size: 12px; margin-bottom: 4px; }
.am-pop-links { margin-top: 4px; border-top: 1px solid #ddd; padding-top: 3px; }
.am-k { color: #444; }
.am-tip { font-size: 13px; }
.am-label { background: none; border: none; }
.am-label span { display: inline-block; transform: translate(-50%, -190%); white-space: nowrap;
  font-weight: 700; font-size: 13px; color: #333; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
.am-streets { pointer-events: none; }
@media (max-width: 480px) { .am-legend { font-size: 12px; padding: 6px; } }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (map) {
  {% if this.legend %}
  var Legend = L.Control.extend({options: {position: "bottomright"}, onAdd: function () {
    var div = L.DomUtil.create("div", "am-legend");
    div.innerHTML = {{ this.legend }};
    L.DomEvent.disableClickPropagation(div);
    return div; }});
  new Legend().addTo(map);
  {% endif %}
  {% if this.fullscreen %}
  var Fs = L.Control.extend({options: {position: "topleft"}, onAdd: function () {
    var bar = L.DomUtil.create("div", "leaflet-bar");
    var a = L.DomUtil.create("a", "am-fs", bar);
    a.href = "#"; a.title = {{ this.fs_title }}; a.setAttribute("role", "button");
    a.setAttribute("aria-label", {{ this.fs_title }});
    a.innerHTML = '<svg width="18" height="18" viewBox="0 0 24 24" fill="none" ' +
      'stroke="#1b1b1b" stroke-width="2.4" style="vertical-align:middle">' +
      '<path d="M3 9V3h6M15 3h6v6M21 15v6h-6M9 21H3v-6"/></svg>';
    L.DomEvent.on(a, "click", function (e) {
      L.DomEvent.preventDefault(e); L.DomEvent.stopPropagation(e);
      var c = map.getContainer();
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (c.requestFullscreen) { c.requestFullscreen(); }
      else if (c.webkitRequestFullscreen) { c.webkitRequestFullscreen(); }
    });
    return bar; }});
  new Fs().addTo(map);
  document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
  {% endif %}
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, *, legend_html: str | None, fullscreen: bool, fs_title: str) -> None:
        super().__init__()
        self._name = "AssetMapControls"
        self.legend = script_json(legend_html) if legend_html else None
        self.fullscreen = fullscreen
        self.fs_title = script_json(fs_title)
