"""Folium maps of a project: one toggleable layer per asset layer, buurten, legend, fullscreen.

Markers are inline SVG shapes (circle, diamond, square, triangle) in Okabe-Ito colours, so they
differ in shape as well as colour (colour-blind safe) and need no icon font. Data is embedded as
compact JSON and popups are built in the browser from it; every value is escaped (in Python for
tooltips, in JavaScript for popups), so text like ``<script>`` shows as typed.

``assets`` picks where Leaflet comes from: ``"local"`` (served by the app at ``static_url``),
``"inline"`` (inside the HTML: one self-contained file) or ``"cdn"`` (folium's defaults).
With no internet the tiles stay grey but buurten and assets draw on a plain background.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from . import privacy, schema, webassets
from .store.base import BaseStore

CLUSTER_THRESHOLD = 200


@dataclass(frozen=True)
class LayerStyle:
    color: str
    shape: str


STYLES: dict[str, LayerStyle] = {
    "meeting_places": LayerStyle("#E69F00", "circle"),
    "talents": LayerStyle("#009E73", "diamond"),
    "associations": LayerStyle("#0072B2", "square"),
    "entrepreneurs": LayerStyle("#CC79A7", "triangle"),
}

_SHAPES = {
    "circle": '<circle cx="12" cy="12" r="9"/>',
    "square": '<rect x="3.5" y="3.5" width="17" height="17" rx="2"/>',
    "triangle": '<polygon points="12,2.5 22,20.5 2,20.5"/>',
    "diamond": '<polygon points="12,1.5 22.5,12 12,22.5 1.5,12"/>',
}

TILES = {
    "osm": ("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
            "contributors"),
    "pdok": ("Kaart van Nederland (PDOK)",
             "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/"
             "{z}/{x}/{y}.png", "Kaartgegevens &copy; Kadaster"),
}

TEXT = {
    "nl": {"plain": "Geen achtergrond", "fullscreen": "Volledig scherm", "buurten": "Buurten",
           "yes": "Ja", "no": "Nee", "talents_few": "minder dan 3", "inhabitants": "Inwoners",
           "unknown": "onbekend", "legend": "Legenda", "streets": "Straten"},
    "en": {"plain": "No background", "fullscreen": "Full screen", "buurten": "Neighbourhoods",
           "yes": "Yes", "no": "No", "talents_few": "fewer than 3", "inhabitants": "Inhabitants",
           "unknown": "unknown", "legend": "Legend", "streets": "Streets"},
}


def icon_svg(layer: str, size: int = 22) -> str:
    st = STYLES[layer]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
            f'viewBox="0 0 24 24" fill="{st.color}" stroke="#1b1b1b" stroke-width="1.6">'
            f"{_SHAPES[st.shape]}</svg>")


def script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def layer_label(layer: str, lang: str = "nl") -> str:
    spec = schema.LAYERS[layer]
    return spec.label_nl if lang == "nl" else spec.label_en


# ---------------------------------------------------------------------------- folium elements


class _Assets(MacroElement):
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
            m.default_js = [("leaflet", f"{u}/{webassets.LEAFLET_JS}")]
            m.default_css = [("leaflet_css", f"{u}/{webassets.LEAFLET_CSS}")]
        elif self.mode == "inline":
            m.default_js = []
            m.default_css = []
            m.get_root().header.add_child(
                Element(webassets.inline_tags(cluster=self.cluster)), name="assetmap_inline",
                index=0)
        else:
            raise ValueError(f"unknown assets mode {self.mode!r}")


class PointLayer(folium.map.Layer):
    """One asset layer as markers (clustered above ``CLUSTER_THRESHOLD`` points)."""

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
            self.default_js = [("markercluster", f"{u}/{webassets.CLUSTER_JS}")]
            self.default_css = [(c, f"{u}/{c}") for c in webassets.CLUSTER_CSS]
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
        feats = [{"type": "Feature", "properties": {}, "geometry": _geojson_geom(geom)}
                 for geom in g.geometry if geom is not None and not geom.is_empty]
        self.data = script_json({"type": "FeatureCollection", "features": feats})
        self.color = script_json(color)
        self.weight = float(weight)


class _PlainBase(folium.map.Layer):
    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, name: str, show: bool) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)


class _Controls(MacroElement):
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

    def __init__(self, *, legend_html: str | None, fullscreen: bool, lang: str) -> None:
        super().__init__()
        self._name = "AssetMapControls"
        self.legend = script_json(legend_html) if legend_html else None
        self.fullscreen = fullscreen
        self.fs_title = script_json(TEXT[lang]["fullscreen"])


# ---------------------------------------------------------------------------- data preparation


def _display(f: schema.Field, v: Any, lang: str) -> Any:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    t = TEXT[lang]
    if f.kind == "bool":
        return t["yes"] if bool(v) else t["no"]
    if f.name == "kind" and v in schema.MEETING_KIND_LABELS:
        return schema.MEETING_KIND_LABELS[v][0 if lang == "nl" else 1]
    if f.kind == "int":
        return int(v)
    return str(v)


_POPUP_SKIP = {"name", "buurt_code", "source", "created_at", "updated_at", "id", "status",
               "evening_id", "created_by", "source_ref", "location_precision", "visibility",
               "wants_to_share", "meets_at", "consent_at", "consent_version"}


def layer_data(layer: str, gdf: gpd.GeoDataFrame, *, lang: str = "nl") -> dict[str, Any]:
    """Compact JSON-able data for a :class:`PointLayer` (geometry in EPSG:4326)."""
    spec = schema.LAYERS[layer]
    fields = [f for f in spec.fields if f.name in gdf.columns and f.name not in _POPUP_SKIP]
    g = gdf.to_crs(4326) if gdf.crs is not None and not gdf.crs.equals(4326) else gdf
    g = g[~(g.geometry.isna() | g.geometry.is_empty)]
    xs, ys = _spread(g.geometry.x.tolist(), g.geometry.y.tolist())
    cols = [g[f.name].tolist() for f in fields]
    names = g["name"].tolist() if "name" in g.columns else [""] * len(g)
    ids = g["id"].tolist() if "id" in g.columns else [None] * len(g)
    shown = [[_display(f, v, lang) for v in c] if f.kind in ("bool", "int") or f.name == "kind"
             else [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in c]
             for f, c in zip(fields, cols, strict=True)]
    names_s = ["" if n is None else str(n) for n in names]
    rows = [[y, x, n, *vals, i] for y, x, n, i, *vals in zip(ys, xs, names_s, ids, *shown,
                                                            strict=True)]
    return {
        "label": layer_label(layer, lang),
        "fields": [[f.label_nl if lang == "nl" else f.label_en,
                    "url" if f.kind == "url" else "text"] for f in fields],
        "rows": rows,
    }


def _spread(xs: list[float], ys: list[float], radius: float = 0.0005) -> tuple[list, list]:
    """Markers on the very same spot (talents at a buurt's point) are drawn in a small ring
    around it, so each can be clicked. Display only: the stored point does not change."""
    ox = np.round(np.asarray(xs, dtype=float), 6)
    oy = np.round(np.asarray(ys, dtype=float), 6)
    if len(ox) < 2:
        return ox.tolist(), oy.tolist()
    keys = pd.Series(list(zip(ox.tolist(), oy.tolist(), strict=True)))
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        for (x, y), idx in keys[dup].groupby(keys[dup]).groups.items():
            n = len(idx)
            r = radius * (1 + n / 10)
            a = 2 * np.pi * np.arange(n) / n
            ox[idx] = np.round(x + r * np.cos(a) / np.cos(np.radians(y)), 6)
            oy[idx] = np.round(y + r * np.sin(a), 6)
    return ox.tolist(), oy.tolist()


def buurt_data(buurten: gpd.GeoDataFrame, counts: Mapping[str, Mapping[str, Any]], *,
               lang: str = "nl", fills: Mapping[str, str] | None = None,
               extra_lines: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """GeoJSON of buurten with an escaped tooltip per buurt.

    ``counts`` maps a layer to {buurt code: count or <NA> (hidden)}.
    """
    t = TEXT[lang]
    b = buurten.to_crs(4326)
    feats = []
    for _, row in b.iterrows():
        code = str(row["code"])
        name = row.get("name") or code
        inw = row.get("inwoners")
        inw_s = t["unknown"] if inw is None or pd.isna(inw) else f"{int(inw):,}".replace(",", ".")
        lines = [f"<b>{html.escape(str(name))}</b> <small>({html.escape(code)})</small>",
                 f"{t['inhabitants']}: {html.escape(inw_s)}"]
        for layer in schema.ASSET_LAYERS:
            if layer not in counts:
                continue
            c = counts[layer].get(code, 0)
            shown = t["talents_few"] if c is None or pd.isna(c) else str(int(c))
            lines.append(f"{icon_svg(layer, 12)} {html.escape(layer_label(layer, lang))}: "
                         f"{html.escape(shown)}")
        for extra in (extra_lines or {}).get(code, []):
            lines.append(html.escape(extra))
        props = {"code": code, "name": str(name), "tip": "<br>".join(lines)}
        rep = row.geometry.representative_point()
        props["lat"], props["lon"] = round(rep.y, 6), round(rep.x, 6)
        if fills and code in fills:
            props["fill"] = fills[code]
        feats.append({"type": "Feature", "properties": props,
                      "geometry": _geojson_geom(row.geometry)})
    return {"type": "FeatureCollection", "features": feats}


def _geojson_geom(geom: Any) -> dict[str, Any]:
    import shapely

    return json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-6)))


def legend_html(layers: list[str], lang: str = "nl", extra: list[str] | None = None) -> str:
    items = [f'<div class="am-legend-title">{html.escape(TEXT[lang]["legend"])}</div>']
    for layer in layers:
        items.append(f"<div>{icon_svg(layer, 16)}{html.escape(layer_label(layer, lang))}</div>")
    items += extra or []
    return "".join(items)


# ---------------------------------------------------------------------------- building the map


def build_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    buurten: gpd.GeoDataFrame | None,
    *,
    audience: str = "public",
    assets: str = "local",
    static_url: str = "/app/static",
    tiles: bool = True,
    lang: str = "nl",
    cluster_threshold: int = CLUSTER_THRESHOLD,
    show: Mapping[str, bool] | None = None,
    legend: bool = True,
    fullscreen: bool = True,
    layer_control: bool = True,
    height: str | int = "100%",
    streets: gpd.GeoDataFrame | None = None,
    talent_counts: pd.Series | None = None,
) -> folium.Map:
    """A folium map of ``layers`` (asset layer name -> GeoDataFrame) over ``buurten``.

    ``audience="public"`` applies :mod:`assetmap.privacy`: only approved entries, no contact
    data of talents, talents as markers only when the resident chose public (others appear
    only as a count per buurt, hidden below 3). ``audience="facilitator"`` shows every entry
    given, still without contact data. ``talent_counts`` (per buurt code, <NA> = hidden) overrides
    the counts shown in buurt tooltips, e.g. when ``layers`` holds a filtered view.
    """
    if lang not in TEXT:
        lang = "nl"
    show = dict(show or {})
    m = folium.Map(location=[52.1, 5.3], zoom_start=14, tiles=None, control_scale=True,
                   height=height, prefer_canvas=False, zoom_snap=0.25, zoom_delta=0.5)
    cluster_any = False
    prepared: dict[str, gpd.GeoDataFrame] = {}
    for layer in schema.ASSET_LAYERS:
        if layer not in layers:
            continue
        g = layers[layer]
        if audience == "public":
            if layer == "talents" and talent_counts is None:
                talent_counts = privacy.talent_counts(g)
            g = privacy.public_view(layer, g)
        else:
            drop = [c for c in g.columns if c in ("contact", "consent_at", "consent_version")
                    and layer == "talents"]
            g = g.drop(columns=drop)
        prepared[layer] = g
        if len(g) > cluster_threshold:
            cluster_any = True

    _Assets(assets, static_url, cluster_any).apply(m)

    if tiles:
        for key, (name, url, attr) in TILES.items():
            folium.TileLayer(url, name=name, attr=attr, max_zoom=19,
                             show=(key == "osm")).add_to(m)
    _PlainBase(TEXT[lang]["plain"], show=not tiles).add_to(m)
    if streets is not None and len(streets):
        LinesLayer(streets, name=TEXT[lang]["streets"], show=show.get("streets", True)).add_to(m)

    if buurten is not None and len(buurten):
        counts: dict[str, Any] = {}
        for layer, g in prepared.items():
            if layer == "talents" and audience == "public" and talent_counts is not None:
                counts[layer] = talent_counts.to_dict()
            else:
                counts[layer] = g["buurt_code"].value_counts().to_dict() \
                    if "buurt_code" in g.columns else {}
        BuurtLayer(buurt_data(buurten, counts, lang=lang), name=TEXT[lang]["buurten"],
                   show=show.get("buurten", True)).add_to(m)
        minx, miny, maxx, maxy = buurten.to_crs(4326).total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    else:
        pts = [g for g in prepared.values() if len(g)]
        if pts:
            allg = pd.concat([g.geometry.to_crs(4326) for g in pts])
            minx, miny, maxx, maxy = allg.total_bounds
            m.fit_bounds([[miny, minx], [maxy, maxx]])

    for layer, g in prepared.items():
        PointLayer(layer, layer_label(layer, lang), layer_data(layer, g, lang=lang),
                   cluster=len(g) > cluster_threshold, show=show.get(layer, True),
                   assets=assets, static_url=static_url).add_to(m)

    _Controls(legend_html=legend_html(list(prepared), lang) if legend else None,
              fullscreen=fullscreen, lang=lang).add_to(m)
    if layer_control:
        folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


def project_map(store: BaseStore, **kwargs: Any) -> folium.Map:
    """The map of a project: approved entries of every layer (all entries for facilitators)."""
    audience = kwargs.get("audience", "public")
    status = "approved" if audience == "public" else ("approved", "pending")
    layers = {layer: store.read(layer, status=status) for layer in schema.ASSET_LAYERS}
    if "streets" not in kwargs and hasattr(store, "streets"):
        kwargs["streets"] = store.streets()
    return build_map(layers, store.buurten(), **kwargs)


def to_html(m: folium.Map) -> str:
    return m.get_root().render()
