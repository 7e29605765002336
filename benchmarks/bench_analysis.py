"""Gaps per buurt for 10,000 assets over 100 buurten vs a bare geopandas sjoin + groupby count.

Baseline (same data, same run): ``gpd.sjoin(points, buurten, predicate="within")`` then
``groupby("code").size()`` per layer. Ours: :func:`assetmap.analysis.gaps` without coverage
(counts, per 1,000, per km², flags), on points without ``buurt_code`` so that it must do the
point-in-polygon itself. Goal: at most 3 times the baseline. Coverage (400 m, straight-line) of
the same 100 buurten is timed on its own.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd

from assetmap import schema
from assetmap.analysis import coverage, find_clusters, gaps
from benchmarks.common import Result, grid_buurten, random_points, timed

N = 10_000
GOAL_RATIO = 3.0


def _layers(buurten: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    pts = random_points(N, tuple(buurten.total_bounds), seed=4)
    per = N // len(schema.ASSET_LAYERS)
    return {layer: gpd.GeoDataFrame({"status": "approved"}, index=range(per),
                                     geometry=pts[k * per:(k + 1) * per], crs=4326)
            for k, layer in enumerate(schema.ASSET_LAYERS)}


def _street_grid(buurten: gpd.GeoDataFrame, *, step_m: float) -> nx.Graph:
    """A square street grid over the buurten in RD New: nodes with x, y; edges with length."""
    minx, miny, maxx, maxy = buurten.to_crs(28992).total_bounds
    xs = np.arange(minx, maxx + step_m, step_m)
    ys = np.arange(miny, maxy + step_m, step_m)
    g = nx.grid_2d_graph(len(xs), len(ys))
    nx.set_node_attributes(g, {(i, j): {"x": float(xs[i]), "y": float(ys[j])} for i, j in g})
    nx.set_edge_attributes(g, step_m, "length")
    g.graph["crs"] = "EPSG:28992"
    return g


def run() -> list[Result]:
    buurten = grid_buurten(10)
    layers = _layers(buurten)
    cols = buurten[["code", "geometry"]]

    def bare() -> dict[str, pd.Series]:
        return {name: gpd.sjoin(g, cols, how="inner", predicate="within")
                .groupby("code").size() for name, g in layers.items()}

    def ours() -> pd.DataFrame:
        return gaps(buurten, layers, with_coverage=False).table

    bare()  # warm up (imports, caches)
    ours()
    t_bare, base = timed(bare, repeat=5)
    t_ours, table = timed(ours, repeat=5)
    for name, s in base.items():  # same answer
        assert (table[name].reindex(s.index) == s).all(), name
    ratio = t_ours / t_bare
    out = [Result(
        "analysis: counts 10,000 assets x 100 buurten", {
            "seconds": round(t_ours, 4), "sjoin_groupby_s": round(t_bare, 4),
            "ratio": round(ratio, 2)},
        goal=f"ratio <= {GOAL_RATIO:g}", met=ratio <= GOAL_RATIO)]

    mp = layers["meeting_places"]
    t_cov, cov = timed(lambda: coverage(buurten, mp, threshold_m=400.0), repeat=3)
    out.append(Result("analysis: coverage 400 m, 100 buurten, 2,500 places",
                      {"seconds": round(t_cov, 3),
                       "mean_uncovered": round(float(cov.table["uncovered_share"].mean()), 4)},
                      notes="straight-line, buffer union per buurt"))
    few = {"meeting_places": mp.iloc[::25]}
    t_cov2, cov2 = timed(lambda: coverage(buurten, few["meeting_places"], threshold_m=400.0),
                         repeat=3)
    out.append(Result("analysis: coverage 400 m, 100 buurten, 100 places",
                      {"seconds": round(t_cov2, 3),
                       "mean_uncovered": round(float(cov2.table["uncovered_share"].mean()), 4)}))
    graph = _street_grid(buurten, step_m=100.0)
    t_net, cov3 = timed(lambda: coverage(buurten, few["meeting_places"], threshold_m=400.0,
                                         graph=graph), repeat=3)
    out.append(Result("analysis: coverage 400 m walking, 100 buurten, 100 places",
                      {"seconds": round(t_net, 3), "graph_nodes": graph.number_of_nodes(),
                       "mean_uncovered": round(float(cov3.table["uncovered_share"].mean()), 4)},
                      notes="street grid every 100 m"))
    t_cl, cl = timed(lambda: find_clusters(layers, buurten=buurten), repeat=3)
    out.append(Result("analysis: DBSCAN 10,000 assets (150 m, 3)",
                      {"seconds": round(t_cl, 3), "clusters": cl.n_clusters}))
    return out
