"""Folium layers for the Analyse page: a choropleth of buurten, uncovered parts, cluster hulls.

Built on :mod:`assetmap.webmap`: :func:`analysis_map` starts from :func:`build_map` (the
same offline assets, tiles, markers, privacy rules and fullscreen button) and adds

- :class:`ChoroplethLayer`, a :class:`BuurtLayer` whose fill comes from mapclassify
  classes of a chosen measure (grey = unknown, e.g. inhabitants secret);
- :class:`AreaLayer` for the parts of buurten farther than the threshold from a meeting place
  (semi-transparent, hatched-looking dark fill) and for cluster hulls (dashed, with labels);
- a legend with the measure, its unit and the class limits.

Each is a toggleable overlay in the layer control. Every text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from ..analysis import ProjectAnalysis, public_table
from ..analysis.clusters import HotspotResult
from ..analysis.report import NOUNS, number_nl, percent_nl
from ..style import STYLES, icon_svg, layer_label
from ._json import geojson_geom, script_json
from .data import buurt_data
from .elements import BuurtLayer
from .map import build_map
from .text import ANALYSIS_TEXT as TEXT

UNKNOWN_FILL = "#bdbdbd"
LEGEND_PX = 250  # the legend's width plus a margin, kept free of buurten
NARROW_PX = 600  # a map narrower than this (a phone) folds the legend and fits edge to edge
# ColorBrewer sequential palettes (colour-blind safe): more is darker
_GOOD = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
_BAD = ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000")
UNCOVERED_COLOR = "#1b1b1b"
CLUSTER_COLOR = "#6a3d9a"
HOT_COLOR = "#b2182b"  # ColorBrewer RdBu ends: red for hot, blue for cold
COLD_COLOR = "#2166ac"


# ---------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Measure:
    """A column of the gaps table as shown on the map: label, unit and how to print a value."""

    column: str
    label: str
    unit: str
    kind: str  # count | rate | share
    more_is_better: bool
    lang: str = "nl"

    def fmt(self, v: float) -> str:
        if v is None or pd.isna(v):
            return TEXT.get(self.lang, TEXT["nl"])["unknown"]
        if self.kind == "share":
            return f"{round(float(v) * 100)}%"
        digits = 0 if self.kind == "count" or float(v).is_integer() else 1
        if self.lang == "en":
            return f"{float(v):,.{digits}f}"
        return number_nl(float(v), digits)


def measure_info(column: str, *, threshold_m: float = 400.0, lang: str = "nl") -> Measure:
    """Label and unit of a gaps-table column (``uncovered_share``, ``{layer}``,
    ``{layer}_per_1000``, ``{layer}_per_km2``)."""
    lang = lang if lang in TEXT else "nl"
    t = TEXT[lang]
    if column == "uncovered_share":
        return Measure(column, t["uncovered_share"].format(d=number_nl(threshold_m, 0)),
                       t["unit_share"], "share", False, lang)
    for layer in STYLES:
        label = layer_label(layer, lang)
        if column == layer:
            return Measure(column, label, t["count"], "count", True, lang)
        if column == f"{layer}_per_1000":
            return Measure(column, f"{label} {t['per_1000']}", t["per_1000"], "rate", True,
                           lang)
        if column == f"{layer}_per_km2":
            return Measure(column, f"{label} {t['per_km2']}", t["per_km2"], "rate", True,
                           lang)
    raise ValueError(f"unknown measure {column!r}")


def measure_columns(layers: Sequence[str]) -> list[str]:
    """Every measure a map can show for ``layers``, coverage first."""
    out = ["uncovered_share"]
    for layer in layers:
        out += [layer, f"{layer}_per_1000", f"{layer}_per_km2"]
    return out


@dataclass(frozen=True)
class Classes:
    """mapclassify classes of a measure: upper limits, colours and a colour per buurt code."""

    bins: list[float]
    lower: float
    colors: list[str]
    fills: dict[str, str]
    unknown: int


def classify(values: pd.Series, *, k: int = 5, scheme: str = "quantiles",
             more_is_better: bool = True) -> Classes:
    """Classes of ``values`` (indexed by buurt code) with mapclassify.

    With no more distinct values than ``k`` every value gets a class of its own; otherwise
    ``scheme`` (``quantiles``, ``natural_breaks``, ``equal_interval``…) with ``k`` classes.
    Null values get :data:`UNKNOWN_FILL`.
    """
    import mapclassify

    v = pd.to_numeric(values.astype("Float64"), errors="coerce").astype(float)
    known = v[np.isfinite(v)]
    palette = _GOOD if more_is_better else _BAD
    fills = {str(c): UNKNOWN_FILL for c in v.index[~np.isfinite(v)]}
    if known.empty:
        return Classes([], 0.0, [], fills, len(fills))
    uniq = np.unique(known.to_numpy())
    if len(uniq) <= k:
        cl = mapclassify.UserDefined(known.to_numpy(), bins=list(uniq))
    else:
        cl = mapclassify.classify(known.to_numpy(), scheme=scheme, k=k)
    n = len(cl.bins)
    idx = np.round(np.linspace(0, len(palette) - 1, n)).astype(int) if n > 1 else [3]
    colors = [palette[i] for i in idx]
    for code, yb in zip(known.index, cl.yb, strict=True):
        fills[str(code)] = colors[int(yb)]
    return Classes([float(b) for b in cl.bins], float(known.min()), colors, fills,
                   int((~np.isfinite(v)).sum()))


# ---------------------------------------------------------------------------- folium layers


class ChoroplethLayer(BuurtLayer):
    """Buurten filled by the class of a measure; the tooltip adds the measure and coverage."""

    def __init__(self, buurten: gpd.GeoDataFrame, table: pd.DataFrame, measure: Measure,
                 classes: Classes, *, layers: Sequence[str], name: str, lang: str = "nl",
                 show: bool = True, extra_lines: Mapping[str, list[str]] | None = None) -> None:
        counts = {layer: {str(c): v for c, v in table[layer].items()} for layer in layers
                  if layer in table.columns}
        lines: dict[str, list[str]] = {}
        for code in table.index:
            v = table.at[code, measure.column]
            lines[str(code)] = [f"{measure.label}: {measure.fmt(v)}"]
            lines[str(code)] += list((extra_lines or {}).get(str(code), []))
        data = buurt_data(buurten, counts, lang=lang, fills=classes.fills,
                                 extra_lines=lines)
        super().__init__(data, name=name, show=show)


class AreaLayer(folium.map.Layer):
    """Polygons with one style, an escaped tooltip each and an optional label."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
  style: function () { return {{ this.style }}; },
  onEachFeature: function (f, l) {
    if (f.properties.tip) { l.bindTooltip(f.properties.tip, {sticky: true, className: "am-tip"}); }
  }
});
{% if this.labels %}
{{ this.get_name() }}.eachLayer(function (l) {
  var p = l.feature.properties;
  if (!p.label) { return; }
  L.marker(L.latLng(p.lat, p.lon), {interactive: false, keyboard: false,
    icon: L.divIcon({className: "am-area-label", html: "<span>" + p.label + "</span>",
                     iconSize: null})}).addTo({{ this.get_name() }});
});
{% endif %}
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, gdf: gpd.GeoDataFrame, *, name: str, style: Mapping[str, Any],
                 tips: Sequence[str] | None = None, labels: Sequence[str] | None = None,
                 show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "AreaLayer"
        g = gdf.to_crs(4326) if gdf.crs is not None else gdf
        feats = []
        for i, geom in enumerate(g.geometry.values):
            if geom is None or geom.is_empty:
                continue
            rep = geom.representative_point()
            props: dict[str, Any] = {"lat": round(rep.y, 6), "lon": round(rep.x, 6)}
            if tips is not None:
                props["tip"] = tips[i]
            if labels is not None:
                props["label"] = html.escape(labels[i])
            feats.append({"type": "Feature", "properties": props,
                          "geometry": geojson_geom(geom)})
        self.data = script_json({"type": "FeatureCollection", "features": feats})
        self.style = script_json(dict(style))
        self.labels = labels is not None


class _Legend(MacroElement):
    """A legend control in the style of :mod:`webmap` (class ``am-legend``)."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
.am-swatch { display: inline-block; width: 18px; height: 12px; margin-right: 6px;
  vertical-align: middle; border: 1px solid #555; }
.am-area-label { background: none; border: none; }
.am-area-label span { display: inline-block; transform: translate(-50%, -50%);
  white-space: nowrap; font-weight: 700; font-size: 12px; color: #4a1f75;
  background: rgba(255,255,255,.85); padding: 0 4px; border-radius: 3px; }
.am-legend-sub { font-size: 12px; color: #444; margin-bottom: 2px; }
.am-legend.am-analysis-legend { max-width: 230px; font-size: 12.5px; line-height: 1.45;
  max-height: 340px; overflow-y: auto; }
.am-analysis-legend summary { cursor: pointer; font-weight: 700; font-size: 13px; }
.am-analysis-legend details[open] summary { margin-bottom: 4px; }
.leaflet-control-scale-line + .leaflet-control-scale-line { display: none; } /* metres only */
@media (max-width: 600px) {
  .am-label span, .am-area-label span { font-size: 11px; padding: 0 2px; } }
.am-analysis-legend .am-legend-title { font-size: 13px; line-height: 1.25; }
.am-hatch-swatch { background: repeating-linear-gradient(135deg, #1b1b1b 0 2px,
  rgba(255,255,255,.6) 2px 6px); }
path.am-uncovered { fill: url(#am-hatch) !important; fill-opacity: 1 !important; }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false">
  <defs><pattern id="am-hatch" width="8" height="8" patternUnits="userSpaceOnUse"
    patternTransform="rotate(45)"><rect width="8" height="8" fill="#1b1b1b" fill-opacity="0.12"/>
    <line x1="0" y1="0" x2="0" y2="8" stroke="#1b1b1b" stroke-width="3" stroke-opacity="0.6"/>
  </pattern></defs>
</svg>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (map) {
  var narrow = map.getSize().x < {{ this.narrow_px }};
  var Legend = L.Control.extend({options: {position: "bottomright"}, onAdd: function () {
    var div = L.DomUtil.create("div", "am-legend am-analysis-legend");
    // folded on a phone: the legend would cover half the map
    div.innerHTML = "<details" + (narrow ? "" : " open") + "><summary>" + {{ this.summary }} +
      "</summary>" + {{ this.html }} + "</details>";
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div; }});
  new Legend().addTo(map);
  {% if this.bounds %}
  // fit the buurten; on a wide map keep the legend's corner free of them
  map.fitBounds({{ this.bounds }}, {paddingTopLeft: [10, 10],
    paddingBottomRight: [narrow ? 10 : {{ this.legend_px }}, narrow ? 40 : 10]});
  {% endif %}
  // labels that overlap an earlier one (buurt names first, then clusters) are hidden until
  // zooming in gives them room; the tooltips keep every name
  function declutter() {
    var box = map.getContainer().getBoundingClientRect(), shown = [];
    var els = map.getContainer().querySelectorAll(".am-label span, .am-area-label span");
    Array.prototype.forEach.call(els, function (el) { el.style.visibility = ""; });
    Array.prototype.forEach.call(els, function (el) {
      var r = el.getBoundingClientRect();
      if (!r.width) { return; }
      var hit = shown.some(function (q) {
        return !(r.right + 2 < q.left || r.left > q.right + 2 || r.bottom + 1 < q.top ||
                 r.top > q.bottom + 1); });
      var out = r.left < box.left || r.right > box.right || r.top < box.top ||
                r.bottom > box.bottom;
      if (hit || out) { el.style.visibility = "hidden"; } else { shown.push(r); }
    });
  }
  map.on("zoomend moveend overlayadd overlayremove resize", function () {
    setTimeout(declutter, 0); });
  setTimeout(declutter, 0);
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, legend_html: str, *, summary: str = "Legenda",
                 bounds: list[list[float]] | None = None) -> None:
        super().__init__()
        self._name = "AnalysisLegend"
        self.html = script_json(legend_html)
        self.summary = script_json(html.escape(summary))
        self.bounds = script_json(bounds) if bounds else None
        self.legend_px = LEGEND_PX
        self.narrow_px = NARROW_PX


def _swatch(color: str, opacity: float = 1.0, dashed: bool = False) -> str:
    border = "2px dashed " + color if dashed else "1px solid #555"
    return (f'<span class="am-swatch" style="background:{color};opacity:{opacity};'
            f'border:{border}"></span>')


def legend_for(measure: Measure, classes: Classes, *, lang: str = "nl",
               uncovered_label: str | None = None, clusters_label: str | None = None,
               layers: Sequence[str] = (), spots: Sequence[str] = ()) -> str:
    """Legend HTML: the measure with its unit, one row per class, unknown, overlays, layers."""
    t = TEXT.get(lang, TEXT["nl"])
    rows = [f'<div class="am-legend-title">{html.escape(measure.label)}</div>']
    if measure.unit not in measure.label:
        rows.append(f'<div class="am-legend-sub">({html.escape(measure.unit)})</div>')
    lo = classes.lower
    for upper, color in zip(classes.bins, classes.colors, strict=True):
        if measure.kind == "count" or lo == upper:
            rng = measure.fmt(upper) if lo == upper else f"{measure.fmt(lo)} – {measure.fmt(upper)}"
        else:
            rng = f"{measure.fmt(lo)} – {measure.fmt(upper)}"
        rows.append(f"<div>{_swatch(color, 0.8)}{html.escape(rng)}</div>")
        lo = upper
    if classes.unknown:
        rows.append(f"<div>{_swatch(UNKNOWN_FILL, 0.8)}{html.escape(t['unknown'])}</div>")
    if uncovered_label:
        rows.append(f'<div><span class="am-swatch am-hatch-swatch"></span>'
                    f"{html.escape(uncovered_label)}</div>")
    if clusters_label:
        rows.append(f"<div>{_swatch(CLUSTER_COLOR, 0.25, dashed=True)}"
                    f"{html.escape(clusters_label)}</div>")
    for spot in spots:
        color = HOT_COLOR if spot == "hot" else COLD_COLOR
        rows.append(f'<div><span class="am-swatch" style="background:transparent;'
                    f'border:3px solid {color}"></span>{html.escape(t[spot])}</div>')
    for layer in layers:
        rows.append(f"<div>{icon_svg(layer, 16)}"
                    f"{html.escape(layer_label(layer, lang))}</div>")
    return "".join(rows)


# ---------------------------------------------------------------------------- the map


def analysis_map(
    analysis: ProjectAnalysis,
    layers: Mapping[str, gpd.GeoDataFrame] | None = None,
    *,
    measure: str = "uncovered_share",
    k: int = 5,
    scheme: str = "quantiles",
    lang: str = "nl",
    audience: str = "public",
    assets: str = "local",
    static_url: str = "/app/static",
    tiles: bool = True,
    show_points: bool = False,
    show_uncovered: bool = True,
    show_clusters: bool = True,
    streets: gpd.GeoDataFrame | None = None,
    height: str | int = "100%",
    hotspots: HotspotResult | None = None,
) -> folium.Map:
    """The Analyse map: choropleth of ``measure``, uncovered parts, cluster hulls, and the
    asset layers of ``layers`` as markers (off by default), each toggleable.

    ``audience="public"`` hides talent counts below 3 per buurt (as :func:`public_table`) and
    passes ``layers`` through the privacy rules of :func:`build_map`. ``hotspots`` (from
    :func:`assetmap.analysis.places_hotspots`) outlines hot buurten red and cold ones blue.
    """
    if lang not in TEXT:
        lang = "nl"
    g = analysis.gaps
    table = public_table(g.table, shown=g.public_talents) if audience == "public" else g.table
    info = measure_info(measure, threshold_m=g.threshold_m, lang=lang)
    if measure not in table.columns:
        raise ValueError(f"measure {measure!r} is not in the analysis")
    point_layers = dict(layers or {})
    m = build_map(point_layers, None, audience=audience, assets=assets,
                  static_url=static_url, tiles=tiles, lang=lang, legend=False,
                  layer_control=False, height=height, streets=streets,
                  show={name: show_points for name in point_layers})
    classes = classify(table[measure], k=k, scheme=scheme, more_is_better=info.more_is_better)
    if len(analysis.buurten):
        _add_choropleth(m, analysis, table, info, classes, lang=lang)
    unc_label = _add_uncovered(m, analysis, lang=lang, show=show_uncovered)
    cl_label = _add_clusters(m, analysis, lang=lang, show=show_clusters)
    spots = _add_hotspots(m, analysis, hotspots, lang=lang)
    bounds = None
    if len(analysis.buurten):
        minx, miny, maxx, maxy = analysis.buurten.to_crs(4326).total_bounds
        bounds = [[float(miny), float(minx)], [float(maxy), float(maxx)]]
    _Legend(legend_for(info, classes, lang=lang, uncovered_label=unc_label,
                       clusters_label=cl_label, spots=spots,
                       layers=list(point_layers) if show_points else []),
            summary=TEXT[lang]["legend"], bounds=bounds).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


def _add_choropleth(m: folium.Map, analysis: ProjectAnalysis, table: pd.DataFrame,
                    info: Measure, classes: Classes, *, lang: str) -> None:
    """Buurten filled by class, with the uncovered share in each tooltip."""
    g = analysis.gaps
    buurten = analysis.buurten
    t = TEXT[lang]
    extra: dict[str, list[str]] = {}
    if "uncovered_share" in table.columns and info.column != "uncovered_share":
        lab = t["uncovered_share"].format(d=number_nl(g.threshold_m, 0))
        extra = {str(c): [f"{lab}: {percent_nl(float(v))}"]
                 for c, v in table["uncovered_share"].items() if not pd.isna(v)}
    ChoroplethLayer(buurten, table, info, classes, layers=g.layers, lang=lang,
                    name=t["buurten_measure"].format(m=info.label),
                    extra_lines=extra).add_to(m)
    # the legend fits the map to the buurten, as wide as the map allows (see _Legend)


def _add_uncovered(m: folium.Map, analysis: ProjectAnalysis, *, lang: str,
                   show: bool) -> str | None:
    """The parts of buurten far from a meeting place; returns the legend label (or None)."""
    g = analysis.gaps
    if not len(g.uncovered):
        return None
    t = TEXT[lang]
    d = number_nl(g.threshold_m, 0)
    label = t["uncovered_walk" if g.method == "network" else "uncovered"].format(d=d)
    tips = [html.escape(f"{name}: {percent_nl(float(s))} {t['of_area']}")
            for name, s in zip(g.uncovered["name"], g.uncovered["uncovered_share"],
                               strict=True)]
    AreaLayer(g.uncovered, name=label, tips=tips, show=show,
              style={"color": UNCOVERED_COLOR, "weight": 1, "opacity": 0.7,
                     "fillColor": UNCOVERED_COLOR, "fillOpacity": 0.35,
                     "className": "am-uncovered"}).add_to(m)
    return label


def _add_clusters(m: folium.Map, analysis: ProjectAnalysis, *, lang: str,
                  show: bool) -> str | None:
    """Cluster hulls with a label and a tooltip each; returns the legend label (or None)."""
    c = analysis.clusters
    if not c.n_clusters:
        return None
    t = TEXT[lang]
    label = t["clusters"].format(e=number_nl(c.eps_m, 0))
    labels, tips = [], []
    for _, row in c.clusters.iterrows():
        name = t["cluster"].format(i=int(row["id"]))
        labels.append(f"{name} ({int(row['size'])})")
        parts = [f"{int(row[layer])} {NOUNS[layer][1 if int(row[layer]) == 1 else 0]}"
                 if lang == "nl" else f"{layer_label(layer, lang)}: {int(row[layer])}"
                 for layer in c.layers if int(row[layer]) > 0]
        tips.append(f"<b>{html.escape(name)}</b>: {int(row['size'])} "
                    f"{html.escape(t['places'])}<br>" + html.escape(", ".join(parts)))
    AreaLayer(c.clusters, name=label, tips=tips, labels=labels, show=show,
              style={"color": CLUSTER_COLOR, "weight": 2.5, "opacity": 0.9,
                     "dashArray": "6 4", "fillColor": CLUSTER_COLOR,
                     "fillOpacity": 0.12}).add_to(m)
    return label


def _add_hotspots(m: folium.Map, analysis: ProjectAnalysis, hot: HotspotResult | None, *,
                  lang: str) -> list[str]:
    """Hot buurten outlined red, cold ones blue (one layer each); returns the kinds drawn."""
    if hot is None:
        return []
    t = TEXT[lang]
    b = analysis.buurten.set_index(analysis.buurten["code"].astype(str))
    drawn = []
    for spot, color in (("hot", HOT_COLOR), ("cold", COLD_COLOR)):
        codes = [c for c in hot.table.index[hot.table["spot"] == spot] if c in b.index]
        if not codes:
            continue
        sub = b.loc[codes]
        z = hot.table.loc[codes, "z"]
        tips = [html.escape(t[f"{spot}_tip"].format(
                    name=n if isinstance(n, str) and n else c, z=number_nl(float(zz), 2)
                    if lang == "nl" else f"{float(zz):.2f}"))
                for c, n, zz in zip(codes, sub["name"], z, strict=True)]
        AreaLayer(sub.reset_index(drop=True), name=t[spot], tips=tips, show=True,
                  style={"color": color, "weight": 4, "opacity": 0.95, "fill": False,
                         "className": f"am-{spot}spot"}).add_to(m)
        drawn.append(spot)
    return drawn
