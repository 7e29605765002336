"""Map HTML for 10,000 assets + 100 buurten vs a bare folium map with one FastMarkerCluster."""

from __future__ import annotations

import folium
import geopandas as gpd
from folium.plugins import FastMarkerCluster

from assetmap import schema, webmap
from benchmarks.common import Result, grid_buurten, random_points, timed

N = 10_000


def _layers(buurten: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    pts = random_points(N, tuple(buurten.total_bounds))
    per = N // len(schema.ASSET_LAYERS)
    out = {}
    for k, layer in enumerate(schema.ASSET_LAYERS):
        chunk = pts[k * per:(k + 1) * per]
        g = gpd.GeoDataFrame({"id": [f"{layer}-{i}" for i in range(len(chunk))],
                              "name": [f"Plek {i}" for i in range(len(chunk))],
                              "status": "approved", "visibility": "public",
                              "wants_to_share": True}, geometry=chunk, crs=4326)
        if layer == "meeting_places":
            g["kind"] = "overig"
        g["buurt_code"] = gpd.sjoin(g, buurten[["code", "geometry"]], how="left",
                                    predicate="within")["code"].to_numpy()
        out[layer] = g
    return out


def run() -> list[Result]:
    buurten = grid_buurten(10)
    layers = _layers(buurten)
    all_pts = gpd.GeoDataFrame(geometry=gpd.pd.concat([g.geometry for g in layers.values()]),
                               crs=4326)

    def ours() -> str:
        return webmap.to_html(webmap.build_map(layers, buurten, assets="local", tiles=True))

    def bare() -> str:
        m = folium.Map(location=[52.03, 5.05], zoom_start=13)
        FastMarkerCluster(list(zip(all_pts.geometry.y, all_pts.geometry.x,
                                   strict=True))).add_to(m)
        return m.get_root().render()

    t_ours, html_ours = timed(ours, repeat=3)
    t_bare, html_bare = timed(bare, repeat=3)
    ratio = t_ours / t_bare
    b_ours, b_bare = len(html_ours.encode()), len(html_bare.encode())
    return [Result(
        "webmap: 10,000 assets + 100 buurten to HTML",
        {"seconds": round(t_ours, 3), "bytes": b_ours, "baseline_seconds": round(t_bare, 3),
         "baseline_bytes": b_bare, "ratio_seconds": round(ratio, 2),
         "ratio_bytes": round(b_ours / b_bare, 2)},
        goal="ratio_seconds <= 3", met=ratio <= 3,
        notes="baseline: folium.Map + one FastMarkerCluster of the same 10,000 points, "
              "no buurten, no popups; ours has 4 clustered layers with popup data, 100 "
              "buurt polygons with tooltips, legend and layer control")]
