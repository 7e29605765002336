"""The map of a project: one toggleable layer per point layer, links, buurten, legend, fullscreen.

Markers are inline SVG shapes (circle, diamond, square, triangle, star) in Okabe-Ito colours
(:mod:`assetmap.style`), so they differ in shape as well as colour (colour-blind safe) and need
no icon font. Data is embedded as compact JSON and popups are built in the browser from it;
every value is escaped (in Python for tooltips, in JavaScript for popups), so text like
``<script>`` shows as typed.

``assets`` picks where Leaflet comes from: ``"local"`` (served by the app at ``static_url``),
``"inline"`` (inside the HTML: one self-contained file) or ``"cdn"`` (folium's defaults).
With no internet the tiles stay grey but buurten and assets draw on a plain background.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from .. import privacy, schema
from ..store.base import BaseStore
from ..style import layer_label
from .data import buurt_data, layer_data, legend_html
from .elements import Assets, BuurtLayer, Controls, LinesLayer, PlainBase, PointLayer
from .text import TEXT

CLUSTER_THRESHOLD = 200

TILES = {
    "osm": ("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
            "contributors"),
    "pdok": ("Kaart van Nederland (PDOK)",
             "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/"
             "{z}/{x}/{y}.png", "Kaartgegevens &copy; Kadaster"),
}


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
    links: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """A folium map of ``layers`` (point layer name -> GeoDataFrame) over ``buurten``.

    ``links`` (:func:`assetmap.links.link_view`, already filtered for the audience) adds the
    layer "Verbindingen" (lines styled by tie) and lists each entry's links in its popup.

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
    prepared, talent_counts = _prepare(layers, audience=audience, talent_counts=talent_counts)
    cluster_any = any(len(g) > cluster_threshold for g in prepared.values())
    Assets(assets, static_url, cluster_any).apply(m)
    _add_background(m, tiles=tiles, streets=streets, lang=lang, show=show)
    if buurten is not None and len(buurten):
        counts = _buurt_counts(prepared, audience=audience, talent_counts=talent_counts)
        BuurtLayer(buurt_data(buurten, counts, lang=lang), name=TEXT[lang]["buurten"],
                   show=show.get("buurten", True)).add_to(m)
        _fit(m, buurten.to_crs(4326).total_bounds)
    else:
        pts = [g for g in prepared.values() if len(g)]
        if pts:
            _fit(m, pd.concat([g.geometry.to_crs(4326) for g in pts]).total_bounds)
    has_lines = links is not None and bool(links.geometry.notna().any())
    if has_lines:
        from .links import add_links

        add_links(m, links, lang=lang, show=show.get("links", True))
    for layer, g in prepared.items():
        PointLayer(layer, layer_label(layer, lang), layer_data(layer, g, lang=lang, links=links),
                   cluster=len(g) > cluster_threshold, show=show.get(layer, True),
                   assets=assets, static_url=static_url).add_to(m)
    extra = None
    if has_lines:
        from .links import legend_rows

        extra = legend_rows(lang)
    Controls(legend_html=legend_html(list(prepared), lang, extra=extra) if legend else None,
             fullscreen=fullscreen, fs_title=TEXT[lang]["fullscreen"]).add_to(m)
    if layer_control:
        folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


def _prepare(layers: Mapping[str, gpd.GeoDataFrame], *, audience: str,
             talent_counts: pd.Series | None
             ) -> tuple[dict[str, gpd.GeoDataFrame], pd.Series | None]:
    """The rows and columns ``audience`` may see, per layer in the usual order, and the talent
    count per buurt (counted before the privacy filter, for the public)."""
    prepared: dict[str, gpd.GeoDataFrame] = {}
    for layer in schema.POINT_LAYERS:
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
    return prepared, talent_counts


def _add_background(m: folium.Map, *, tiles: bool, streets: gpd.GeoDataFrame | None,
                    lang: str, show: Mapping[str, bool]) -> None:
    """Web tiles (OSM shown, PDOK to choose), the "no background" choice, and the streets."""
    if tiles:
        for key, (name, url, attr) in TILES.items():
            folium.TileLayer(url, name=TEXT[lang].get(f"tiles_{key}", name), attr=attr,
                             max_zoom=19,
                             show=(key == "osm")).add_to(m)
    PlainBase(TEXT[lang]["plain"], show=not tiles).add_to(m)
    if streets is not None and len(streets):
        LinesLayer(streets, name=TEXT[lang]["streets"], show=show.get("streets", True)).add_to(m)


def _buurt_counts(prepared: Mapping[str, gpd.GeoDataFrame], *, audience: str,
                  talent_counts: pd.Series | None) -> dict[str, Any]:
    """Per layer {buurt code: count}; public talents as counted before the privacy filter."""
    counts: dict[str, Any] = {}
    for layer, g in prepared.items():
        if layer == "talents" and audience == "public" and talent_counts is not None:
            counts[layer] = talent_counts.to_dict()
        else:
            counts[layer] = g["buurt_code"].value_counts().to_dict() \
                if "buurt_code" in g.columns else {}
    return counts


def _fit(m: folium.Map, bounds: Any) -> None:
    minx, miny, maxx, maxy = bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])


def project_map(store: BaseStore, **kwargs: Any) -> folium.Map:
    """The map of a project: approved entries of every point layer and the links between
    them (all entries and links that are not hidden for facilitators).

    Parameters
    ----------
    store : BaseStore
        The project; its streets (if any) are drawn as light lines unless ``streets`` is given.
    **kwargs
        Options of :func:`build_map`.
    """
    audience = kwargs.get("audience", "public")
    status = "approved" if audience == "public" else ("approved", "pending")
    layers = {layer: store.read(layer, status=status) for layer in schema.POINT_LAYERS}
    if "streets" not in kwargs:
        kwargs["streets"] = store.streets()
    if "links" not in kwargs:
        from ..links import project_links

        kwargs["links"] = project_links(store, audience=audience)
    return build_map(layers, store.buurten(), **kwargs)


def to_html(m: folium.Map) -> str:
    """The whole HTML page of a map."""
    return m.get_root().render()
