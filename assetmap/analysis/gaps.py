"""Gaps per buurt: counts per layer, rates, and the area far from a meeting place.

Everything metric happens in the working CRS (:mod:`assetmap.crs`, RD New in the Netherlands),
whatever CRS the inputs come in. Inputs are never changed.

Measures (one row per buurt, see :class:`GapsResult`):

``{layer}``           approved entries of the layer in the buurt
``{layer}_per_1000``  the same per 1,000 inhabitants; null when the inhabitants are unknown (CBS
                      secrecy and missing codes, <= -99995, count as unknown, never as a number)
``{layer}_per_km2``   the same per km² of the buurt's area
``{layer}_none``      True when the buurt has none of the layer
``uncovered_share``   share (0..1) of the buurt's area farther than ``threshold_m`` from the
                      nearest approved meeting place: straight-line by default, or along a
                      walking network (see :func:`coverage`)

Counting: an entry counts in the buurt in its ``buurt_code`` (set on save; a talent is counted in
the buurt it chose) and, when that is empty or unknown, in the buurt that contains its point
(the lowest code where buurten overlap, as :meth:`assetmap.schema.ProjectArea.buurt_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from .. import crs as crsmod
from .. import schema
from ..config import DEFAULT_THRESHOLD_M
from ..errors import ValidationError

MEETING_LAYER = "meeting_places"
#: shapely buffer segments per quarter circle: a 128-gon, area within 0.05 % of the circle
QUAD_SEGS = 32
#: spacing (m) of the points along network edges from which the last, straight leg starts
NETWORK_STEP_M = 20.0


@dataclass(frozen=True)
class CoverageResult:
    """How much of each buurt lies farther than ``threshold_m`` from a meeting place.

    Attributes
    ----------
    table
        Indexed by buurt ``code``: ``area_m2``, ``uncovered_m2``, ``uncovered_share`` (0..1).
    uncovered
        The uncovered parts, one (Multi)Polygon per buurt that has any, with ``code``, ``name``,
        ``uncovered_m2`` and ``uncovered_share``; in the CRS of the buurten given.
    threshold_m
        The distance used, in metres.
    method
        ``"straight"`` (straight-line) or ``"network"`` (along the walking network).
    crs
        The working CRS the areas were computed in.
    """

    table: pd.DataFrame
    uncovered: gpd.GeoDataFrame
    threshold_m: float
    method: str
    crs: CRS


@dataclass(frozen=True)
class GapsResult:
    """Counts, rates and coverage per buurt.

    Attributes
    ----------
    table
        One row per buurt, indexed by ``code``: ``name``, ``inwoners`` (nullable), ``area_km2``,
        per layer ``{layer}``, ``{layer}_per_1000``, ``{layer}_per_km2``, ``{layer}_none``, then
        ``uncovered_m2`` and ``uncovered_share`` (missing when coverage was not computed).
    uncovered
        See :attr:`CoverageResult.uncovered` (empty when coverage was not computed).
    layers
        The asset layers counted, in order.
    threshold_m, method
        See :class:`CoverageResult`.
    outside
        Per layer, the approved entries that lie in no buurt (not in the table).
    public_talents
        Per buurt code, the talents a public figure may count
        (:func:`assetmap.privacy.countable_talents`); ``None`` when talents were not counted.
    """

    table: pd.DataFrame
    uncovered: gpd.GeoDataFrame
    layers: tuple[str, ...]
    threshold_m: float
    method: str
    outside: dict[str, int]
    public_talents: pd.Series | None = None


# --------------------------------------------------------------------------- inhabitants


def clean_inwoners(values: Iterable[Any]) -> pd.Series:
    """Inhabitants as nullable floats: CBS secrecy/missing codes and negatives become null."""
    s = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").astype("Float64")
    return s.mask(s < 0)


# --------------------------------------------------------------------------- counting


def approved(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Approved rows with a geometry. A ``status`` column counts only when it holds our
    statuses (``pending``/``approved``/``hidden``): imported files use the name for other
    things (BGT: ``bestaand``)."""
    if "status" in gdf.columns:
        st = gdf["status"]
        if set(st.dropna().astype(str).unique()) <= set(schema.STATUSES):
            gdf = gdf[st == "approved"]
    return gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]


def check_buurten(buurten: gpd.GeoDataFrame) -> None:
    """Raise ``ValidationError`` unless ``buurten`` has unique codes and a CRS."""
    if "code" not in buurten.columns:
        raise ValidationError(key="an_buurten_no_code", field="code")
    if buurten.crs is None:
        raise ValidationError(key="an_buurten_no_crs", field="geometry")
    if buurten["code"].astype(str).duplicated().any():
        dup = buurten["code"][buurten["code"].astype(str).duplicated()].iloc[0]
        raise ValidationError(key="an_buurten_dup", params={"code": dup}, field="code")


def assign_buurt(points: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame) -> pd.Series:
    """The buurt code of every point (``None`` outside every buurt), aligned on ``points``.

    ``buurt_code`` wins when it names one of ``buurten``; otherwise point-in-polygon, the lowest
    code where buurten overlap.
    """
    codes = buurten["code"].astype(str).to_numpy()
    known = set(codes)
    out = pd.Series([None] * len(points), index=points.index, dtype=object)
    if "buurt_code" in points.columns:
        given = points["buurt_code"]
        ok = given.notna() & given.astype(str).isin(known)
        out[ok] = given[ok].astype(str)
    todo = out.isna().to_numpy()
    if todo.any() and len(buurten):
        pts = points.geometry[todo]
        if pts.crs is not None and not pts.crs.equals(buurten.crs):
            pts = pts.to_crs(buurten.crs)
        tree = shapely.STRtree(np.asarray(buurten.geometry.values, dtype=object))
        ip, ib = tree.query(np.asarray(pts.values, dtype=object), predicate="intersects")
        if len(ip):
            hits = pd.DataFrame({"p": ip, "code": codes[ib]}).groupby("p")["code"].min()
            pos = np.flatnonzero(todo)[hits.index.to_numpy()]
            out.iloc[pos] = hits.to_numpy()
    return out


def counts_per_buurt(buurten: gpd.GeoDataFrame, layers: Mapping[str, gpd.GeoDataFrame]
                     ) -> tuple[pd.DataFrame, dict[str, int]]:
    """Approved entries per buurt (rows, by ``code``) and layer (columns).

    Returns the counts and, per layer, how many approved entries lie in no buurt.
    """
    check_buurten(buurten)
    index = pd.Index(buurten["code"].astype(str), name="code")
    data: dict[str, pd.Series] = {}
    outside: dict[str, int] = {}
    for layer, gdf in layers.items():
        g = approved(gdf)
        codes = assign_buurt(g, buurten)
        outside[layer] = int(codes.isna().sum())
        data[layer] = codes.dropna().value_counts().reindex(index, fill_value=0).astype("int64")
    return pd.DataFrame(data, index=index), outside


def _areas_m2(buurten_w: gpd.GeoDataFrame) -> np.ndarray:
    return buurten_w.geometry.area.to_numpy(dtype=float)


# --------------------------------------------------------------------------- coverage


def _check_threshold(threshold_m: float) -> float:
    try:
        t = float(threshold_m)
    except (TypeError, ValueError):
        raise ValidationError(key="an_threshold_number", field="threshold") from None
    if not np.isfinite(t) or t <= 0:
        raise ValidationError(key="an_threshold_positive", field="threshold")
    return t


def _reach_straight(points_w: np.ndarray, threshold_m: float) -> np.ndarray:
    """Circles of ``threshold_m`` around every point (working CRS)."""
    return shapely.buffer(points_w, threshold_m, quad_segs=QUAD_SEGS)


def _reach_network(points_w: np.ndarray, graph: Any, threshold_m: float) -> np.ndarray:
    """What lies within ``threshold_m`` walking: to the nearest network node (straight), along
    the network (``length``), then a straight last leg of the distance that is left.

    Every step is at least the straight-line distance, so this area never exceeds the
    straight-line one. Returns the pieces (circles) whose union is the reach.
    """
    import networkx as nx

    if graph is None or graph.number_of_nodes() == 0 or len(points_w) == 0:
        return np.array([], dtype=object)
    nodes = list(graph.nodes)
    try:
        xy = np.array([[graph.nodes[n]["x"], graph.nodes[n]["y"]] for n in nodes], dtype=float)
    except KeyError:
        raise ValidationError(key="an_graph_xy", field="graph") from None
    pos = {n: i for i, n in enumerate(nodes)}
    pxy = shapely.get_coordinates(points_w)
    # nearest node per meeting place (brute force in blocks: few places, few thousand nodes)
    start: dict[Any, float] = {}
    for k in range(0, len(pxy), 256):
        block = pxy[k:k + 256]
        d = np.hypot(block[:, None, 0] - xy[None, :, 0], block[:, None, 1] - xy[None, :, 1])
        j = d.argmin(axis=1)
        for jj, dd in zip(j.tolist(), d[np.arange(len(block)), j].tolist(), strict=True):
            if dd <= threshold_m and dd < start.get(nodes[jj], np.inf):
                start[nodes[jj]] = dd
    if not start:
        return np.array([], dtype=object)
    g = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    # a virtual source joined to each start node by its access distance
    src = object()
    h = nx.Graph()
    h.add_weighted_edges_from(((src, n, d) for n, d in start.items()), weight="length")
    for u, v, data in g.edges(data=True):
        w = data.get("length")
        w = float(np.hypot(*(xy[pos[u]] - xy[pos[v]]))) if w is None else float(w)
        if not h.has_edge(u, v) or h[u][v]["length"] > w:
            h.add_edge(u, v, length=w)
    dist = nx.single_source_dijkstra_path_length(h, src, cutoff=threshold_m, weight="length")
    dist.pop(src, None)
    centres: list[tuple[float, float]] = []
    radii: list[float] = []
    for n, d in dist.items():
        centres.append(tuple(xy[pos[n]]))
        radii.append(threshold_m - d)
    # points along edges that are partly walkable
    for u, v, data in h.edges(data=True):
        if u is src or v is src:
            continue
        du, dv = dist.get(u, np.inf), dist.get(v, np.inf)
        if min(du, dv) >= threshold_m:
            continue
        length = data["length"]
        a, b = xy[pos[u]], xy[pos[v]]
        n_steps = int(np.ceil(length / NETWORK_STEP_M))
        if n_steps < 2:
            continue
        t = np.linspace(0, 1, n_steps + 1)[1:-1]
        d_here = np.minimum(du + t * length, dv + (1 - t) * length)
        keep = d_here < threshold_m
        for tt, dd in zip(t[keep], d_here[keep], strict=True):
            centres.append(tuple(a + tt * (b - a)))
            radii.append(threshold_m - dd)
    pts = shapely.points(np.asarray(centres, dtype=float))
    return shapely.buffer(pts, np.asarray(radii), quad_segs=QUAD_SEGS)


def _graph_crs(graph: Any) -> CRS | None:
    """The CRS a graph declares in ``graph.graph["crs"]`` (as the routing loader sets), if any."""
    c = getattr(graph, "graph", {}).get("crs") if graph is not None else None
    return CRS.from_user_input(c) if c is not None else None


def coverage(buurten: gpd.GeoDataFrame, meeting_places: gpd.GeoDataFrame, *,
             threshold_m: float = DEFAULT_THRESHOLD_M, graph: Any = None,
             crs: CRS | None = None) -> CoverageResult:
    """Share of each buurt's area farther than ``threshold_m`` from an approved meeting place.

    Parameters
    ----------
    buurten
        Polygons with a ``code`` (and optionally ``name``), any CRS.
    meeting_places
        Points, any CRS; rows with a ``status`` other than ``approved`` are left out. Meeting
        places outside the buurten count too (a buurthuis just across the border).
    threshold_m
        Distance in metres (default 400).
    graph
        Optional walking network (networkx): nodes with ``x``, ``y`` in the working CRS (metres),
        edges with ``length`` in metres. With a graph the distance is: straight to the nearest
        node, along the network, and a straight last leg.
    crs
        Working CRS; default :func:`assetmap.crs.working_crs` of the buurten.

    Returns
    -------
    CoverageResult
    """
    check_buurten(buurten)
    threshold_m = _check_threshold(threshold_m)
    wcrs = crs or _graph_crs(graph) or crsmod.working_crs(buurten)
    bw = buurten.to_crs(wcrs)
    mp = approved(meeting_places)
    pts = np.asarray(mp.to_crs(wcrs).geometry.values, dtype=object) if len(mp) else \
        np.array([], dtype=object)
    if graph is None:
        reach, method = _reach_straight(pts, threshold_m), "straight"
    else:
        reach, method = _reach_network(pts, graph, threshold_m), "network"
    tree = shapely.STRtree(reach) if len(reach) else None
    areas = _areas_m2(bw)
    uncovered_geoms = []
    for geom in bw.geometry.values:
        if geom is None or geom.is_empty:
            uncovered_geoms.append(shapely.Polygon())
            continue
        idx = tree.query(geom, predicate="intersects") if tree is not None else []
        if len(idx) == 0:
            uncovered_geoms.append(geom)
            continue
        covered = shapely.union_all(reach[idx])
        uncovered_geoms.append(shapely.difference(geom, covered))
    unc = np.asarray(uncovered_geoms, dtype=object)
    unc_area = shapely.area(unc)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(areas > 0, np.clip(unc_area / areas, 0.0, 1.0), np.nan)
    codes = pd.Index(buurten["code"].astype(str), name="code")
    table = pd.DataFrame({"area_m2": areas, "uncovered_m2": unc_area, "uncovered_share": share},
                         index=codes)
    names = buurten["name"].to_numpy() if "name" in buurten.columns else codes.to_numpy()
    parts = gpd.GeoDataFrame(
        {"code": codes.to_numpy(), "name": names, "uncovered_m2": unc_area,
         "uncovered_share": share},
        geometry=gpd.GeoSeries(unc, crs=wcrs))
    parts = parts[~parts.geometry.is_empty & (parts["uncovered_m2"] > 0.01)]
    parts = parts.to_crs(buurten.crs).reset_index(drop=True)
    return CoverageResult(table=table, uncovered=parts, threshold_m=threshold_m, method=method,
                          crs=wcrs)


# --------------------------------------------------------------------------- all together


def gaps(buurten: gpd.GeoDataFrame, layers: Mapping[str, gpd.GeoDataFrame], *,
         threshold_m: float = DEFAULT_THRESHOLD_M, graph: Any = None,
         with_coverage: bool = True, crs: CRS | None = None) -> GapsResult:
    """Counts, rates and coverage per buurt (see the module docstring for the measures).

    Parameters
    ----------
    buurten
        Polygons with ``code``, optionally ``name`` and ``inwoners``; any CRS.
    layers
        Asset layer name -> points (any CRS). Only ``approved`` rows count when there is a
        ``status`` column. Talents are counted like the others (never shown one by one here).
    threshold_m, graph
        See :func:`coverage`; coverage uses the layer ``meeting_places`` (all buurten uncovered
        when it is missing or empty).
    with_coverage
        False skips coverage (no ``uncovered_*`` columns).
    crs
        Working CRS; default :func:`assetmap.crs.working_crs` of the buurten.
    """
    check_buurten(buurten)
    wcrs = crs or _graph_crs(graph) or crsmod.working_crs(buurten)
    counts, outside = counts_per_buurt(buurten, layers)
    areas = _areas_m2(buurten.to_crs(wcrs))
    table = pd.DataFrame(index=counts.index)
    table["name"] = (buurten["name"].astype(object).where(buurten["name"].notna(), None)
                     .to_numpy() if "name" in buurten.columns else None)
    inw = clean_inwoners(buurten["inwoners"]) if "inwoners" in buurten.columns else \
        pd.Series([pd.NA] * len(buurten), dtype="Float64")
    inw.index = counts.index
    table["inwoners"] = inw.round().astype("Int64")
    area_km2 = pd.Series(areas / 1e6, index=counts.index)
    table["area_km2"] = area_km2
    valid_inw = inw.where(inw > 0)
    for layer in layers:
        c = counts[layer]
        table[layer] = c
        table[f"{layer}_per_1000"] = (c.astype("Float64") / valid_inw * 1000).astype("Float64")
        table[f"{layer}_per_km2"] = (c / area_km2.where(area_km2 > 0)).astype("Float64")
        table[f"{layer}_none"] = c == 0
    threshold = _check_threshold(threshold_m)
    uncovered = gpd.GeoDataFrame({"code": [], "name": [], "uncovered_m2": [],
                                  "uncovered_share": []}, geometry=[], crs=buurten.crs)
    method = "none"
    if with_coverage:
        mp = layers.get(MEETING_LAYER)
        if mp is None:
            mp = gpd.GeoDataFrame(geometry=[], crs=buurten.crs)
        cov = coverage(buurten, mp, threshold_m=threshold, graph=graph, crs=wcrs)
        table["uncovered_m2"] = cov.table["uncovered_m2"]
        table["uncovered_share"] = cov.table["uncovered_share"]
        uncovered, method = cov.uncovered, cov.method
    return GapsResult(table=table, uncovered=uncovered, layers=tuple(layers),
                      threshold_m=threshold, method=method, outside=outside)


def asset_layers(layers: Iterable[str] | None = None) -> tuple[str, ...]:
    """``layers`` checked against the schema (default: all four asset layers)."""
    if layers is None:
        return schema.ASSET_LAYERS
    out = tuple(layers)
    for name in out:
        if name not in schema.LAYERS:
            raise ValidationError(key="unknown_layer", params={
                "name": name, "known": ", ".join(schema.ASSET_LAYERS)}, field="layers")
    return out
