"""Wijksafari: a walking tour past chosen assets, along real streets.

The walking network is an undirected :class:`networkx.Graph` in a metric working CRS (RD New in
the Netherlands, else UTM): nodes carry ``x``/``y`` in metres, edges ``length`` in metres (one
edge per straight piece of street, so no edge geometry is needed) and three flags from the OSM
tags (:func:`assetmap.io.osm.edge_flags`): ``street`` (at street level: no tunnel, nothing below
ground or indoors), ``step_free`` (no steps, no ``wheelchair=no``, no raised kerb) and ``known``
(the data says something about wheelchairs here). Stops are snapped to the nearest street
*piece* a person there can step onto (:func:`snap_stops`): the graph is copied, that piece is
split at the foot point and the stop hangs on it with a short access edge (the walk from the
street to the door). Legs are then the shortest paths between stops on that graph; a step-free
route (``step_free=True``) uses only step-free pieces and counts the stretches it walks without
accessibility information.

Order: the exact optimum by Held-Karp dynamic programming over the shortest-path distance matrix
for up to :data:`EXACT_MAX` free stops (start and end fixed), farthest insertion + 2-opt + or-opt
up to :data:`HEURISTIC_MAX`, or the order the user gave. Without a network the legs are straight
lines and :attr:`Route.straight_lines` is ``True`` (every UI shows a warning then).
"""

from __future__ import annotations

import math
import os
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, Point

from . import crs as crsmod
from . import schema
from .errors import NoStepFreeRouteError, NotFoundError, RoutingError
from .store.base import BaseStore

SPEED_KMH = 4.5
SPEED_ACCESSIBLE_KMH = 3.0
DWELL_MIN = 10.0
EXACT_MAX = 12          # free stops (start and end not counted) solved exactly
HEURISTIC_MAX = 40      # most stops in one tour
MAX_SNAP_M = 500.0      # a stop farther from any street is "outside the network"
_NODE_GRID_M = 0.01     # line vertices closer than 1 cm are one crossing


# --------------------------------------------------------------------------- data classes


@dataclass
class Stop:
    """A place on the tour; ``geometry`` in EPSG:4326. ``arrive``/``depart`` from the schedule."""

    id: str
    name: str
    layer: str
    geometry: Point
    arrive: datetime | None = None
    depart: datetime | None = None
    dwell_min: float = 0.0


@dataclass
class Leg:
    """The walk from one stop to the next; ``geometry`` in EPSG:4326."""

    from_id: str
    to_id: str
    metres: float
    minutes: float
    geometry: LineString
    unknown_pieces: int | None = None  # stretches without accessibility information
    unknown_m: float | None = None


@dataclass
class Route:
    """A planned tour. ``stops`` in visiting order (a round trip ends at its start again)."""

    stops: list[Stop]
    legs: list[Leg]
    total_m: float
    total_min: float
    speed_kmh: float
    dwell_min: float
    start_time: datetime | None
    straight_lines: bool
    method: str = "optimal"
    step_free: bool = False

    @property
    def unknown_pieces(self) -> int | None:
        """Stretches of the route (unbroken runs of street pieces) where the data has no
        accessibility information (:func:`assetmap.io.osm.has_accessibility_info`); ``None``
        for straight lines. Counted per leg: a stretch through a stop counts twice."""
        if self.straight_lines or any(leg.unknown_pieces is None for leg in self.legs):
            return None
        return sum(leg.unknown_pieces or 0 for leg in self.legs)

    @property
    def unknown_m(self) -> float | None:
        """Metres of the route without accessibility information (``None``: straight lines)."""
        if self.unknown_pieces is None:
            return None
        return sum(leg.unknown_m or 0.0 for leg in self.legs)

    def accessibility_note(self, lang: str = "nl") -> str:
        """One sentence (Dutch unless ``lang``): where the data does not know whether a
        wheelchair can pass."""
        from . import i18n

        n = self.unknown_pieces
        if n is None:
            return i18n.text("route_access_no_network", lang)
        if n == 0:
            return i18n.text("route_access_all_known", lang)
        where = list(dict.fromkeys(
            s.name for leg, s in zip(self.legs, self.stops[1:], strict=False)
            if leg.unknown_pieces))
        m = f"{self.unknown_m or 0:,.0f}"
        m = m.replace(",", ".") if lang == "nl" else m
        return i18n.text("route_access_unknown_1" if n == 1 else "route_access_unknown", lang,
                         n=n, m=m, where=", ".join(where))

    @property
    def walk_min(self) -> float:
        """Minutes of walking only (``total_min`` adds the dwell time at the stops)."""
        return sum(leg.minutes for leg in self.legs)

    @property
    def round_trip(self) -> bool:
        return len(self.stops) > 1 and self.stops[0].id == self.stops[-1].id

    def geometry(self) -> LineString:
        """The whole path as one LineString in EPSG:4326."""
        coords: list[tuple[float, float]] = []
        for leg in self.legs:
            c = list(leg.geometry.coords)
            if coords and c and coords[-1] == c[0]:
                c = c[1:]
            coords.extend(c)
        if len(coords) < 2:
            p = self.stops[0].geometry if self.stops else Point(0, 0)
            coords = [(p.x, p.y), (p.x, p.y)]
        return LineString(coords)

    def to_json(self) -> dict[str, Any]:
        """``order`` (ids), ``legs`` (from, to, metres, minutes), ``total_m``, ``total_min``
        (walking plus dwell time), ``geometry`` (GeoJSON LineString, EPSG:4326), and extras:
        ``step_free``, ``unknown_pieces`` and ``unknown_m`` (see :attr:`unknown_pieces`)."""
        geom = shapely.set_precision(self.geometry(), 1e-7)
        return {
            "order": [s.id for s in self.stops],
            "legs": [{"from": leg.from_id, "to": leg.to_id, "metres": round(leg.metres, 1),
                      "minutes": round(leg.minutes, 1)} for leg in self.legs],
            "total_m": round(self.total_m, 1),
            "total_min": round(self.total_min, 1),
            "geometry": {"type": "LineString",
                         "coordinates": [[x, y] for x, y in geom.coords]},
            "walk_min": round(self.walk_min, 1),
            "speed_kmh": self.speed_kmh,
            "dwell_min": self.dwell_min,
            "start_time": _iso(self.start_time),
            "straight_lines": self.straight_lines,
            "step_free": self.step_free,
            "unknown_pieces": self.unknown_pieces,
            "unknown_m": None if self.unknown_m is None else round(self.unknown_m, 1),
            "stops": [{"id": s.id, "name": s.name, "layer": s.layer,
                       "lon": round(s.geometry.x, 7), "lat": round(s.geometry.y, 7),
                       "arrive": _iso(s.arrive), "depart": _iso(s.depart),
                       "dwell_min": s.dwell_min} for s in self.stops],
        }

    def to_gpx(self, *, name: str = "Wijksafari", lang: str = "nl") -> str:
        """GPX 1.1: one named waypoint per stop (numbered, described by its layer's name in
        ``lang``) and the path as a track."""
        import gpxpy.gpx

        gpx = gpxpy.gpx.GPX()
        gpx.name = name
        gpx.creator = "assetmap"
        stops = self.stops[:-1] if self.round_trip else self.stops
        for i, s in enumerate(stops, start=1):
            wp = gpxpy.gpx.GPXWaypoint(latitude=round(s.geometry.y, 7),
                                       longitude=round(s.geometry.x, 7),
                                       name=f"{i}. {s.name}", time=s.arrive or s.depart,
                                       description=schema.LAYERS[s.layer].label(lang)
                                       if s.layer in schema.LAYERS else None)
            wp.comment = s.id
            gpx.waypoints.append(wp)
        track = gpxpy.gpx.GPXTrack(name=name)
        seg = gpxpy.gpx.GPXTrackSegment()
        for x, y in self.geometry().coords:
            seg.points.append(gpxpy.gpx.GPXTrackPoint(latitude=round(y, 7),
                                                      longitude=round(x, 7)))
        track.segments.append(seg)
        gpx.tracks.append(track)
        return gpx.to_xml(version="1.1")


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat(timespec="minutes")


# --------------------------------------------------------------------------- the network


def load_network(source: str | os.PathLike[str] | gpd.GeoDataFrame | BaseStore | nx.Graph, *,
                 crs: CRS | str | int | None = None) -> nx.Graph:
    """The walking graph from a file, a frame of lines, a project store, or a graph.

    Parameters
    ----------
    source
        A path (``.osm``, ``.osm.pbf``, Overpass ``.json``, ``.gpkg``, ``.geojson``, …), a
        GeoDataFrame of street lines, a store (its cached network or streets), or a
        :class:`networkx.Graph` (returned as is).
    crs
        The metric CRS of the graph; default the working CRS of the lines (RD New / UTM).

    Raises
    ------
    ImportFormatError
        The file is missing or holds no walkable lines.
    """
    from .io import osm

    if isinstance(source, nx.Graph):
        return source
    if isinstance(source, gpd.GeoDataFrame):
        lines = osm.lines_from_frame(source)
    elif isinstance(source, (str, os.PathLike)):
        lines = osm.read_walk_lines(source)
    elif isinstance(source, BaseStore):
        lines = osm.project_network_lines(source)
        if lines is None:
            raise RoutingError(key="route_no_streets")
    else:
        raise TypeError(f"cannot load a network from {type(source).__name__}")
    return build_graph(lines, crs=crs)


def build_graph(lines: gpd.GeoDataFrame, *, crs: CRS | str | int | None = None) -> nx.Graph:
    """An undirected graph of ``lines``: one node per distinct vertex, one edge per piece.

    Edges carry ``length``, ``name``, ``highway`` and the flags ``street``, ``step_free`` and
    ``known`` (:func:`assetmap.io.osm.edge_flags`).
    """
    from .io import osm

    target = CRS.from_user_input(crs) if crs is not None else crsmod.working_crs(lines)
    g = lines.to_crs(target)
    geoms = np.asarray(g.geometry.values, dtype=object)
    xy, part = shapely.get_coordinates(geoms, return_index=True)
    graph = nx.Graph(crs=target)
    if len(xy) < 2:
        return graph
    keys = np.round(xy / _NODE_GRID_M).astype(np.int64)
    uniq, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    same = part[:-1] == part[1:]
    u, v = inverse[:-1][same], inverse[1:][same]
    a, b = xy[:-1][same], xy[1:][same]
    length = np.hypot(*(b - a).T)
    ok = u != v
    u, v, length, src = u[ok], v[ok], length[ok], part[:-1][same][ok]
    names = g["name"].to_numpy() if "name" in g.columns else np.full(len(g), None)
    highway = g["highway"].to_numpy() if "highway" in g.columns else np.full(len(g), None)
    flags = osm.edge_flags(g).tolist()
    pts = xy[first]
    graph.add_nodes_from((int(i), {"x": float(pts[i, 0]), "y": float(pts[i, 1])})
                         for i in range(len(uniq)))
    # shortest first, so a duplicate piece keeps the shorter length
    for k in np.argsort(length, kind="stable")[::-1]:
        street, step_free, known = flags[src[k]]
        graph.add_edge(int(u[k]), int(v[k]), length=float(length[k]),
                       name=_clean(names[src[k]]), highway=_clean(highway[src[k]]),
                       street=street, step_free=step_free, known=known)
    return graph


def _clean(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v


def graph_crs(graph: nx.Graph) -> CRS:
    c = graph.graph.get("crs")
    if c is None:
        raise RoutingError(key="route_no_crs")
    return CRS.from_user_input(c)


_INDEX: weakref.WeakKeyDictionary[nx.Graph, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _edge_index(graph: nx.Graph, *, step_free: bool = False
                ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """An STRtree of the edges, the edges, which a stop may hang on, and their components.

    A stop may hang on a piece at street level (and step-free, for a step-free route). The
    components are those of the pieces the route may use (``-1``: a piece it may not use).
    Cached per graph and edge count.
    """
    n = graph.number_of_edges()
    cache = _INDEX.get(graph)
    if cache is None or cache["n"] != n:
        edges = np.empty((n, 2), dtype=object)
        street = np.ones(n, dtype=bool)
        free = np.ones(n, dtype=bool)
        for k, (u, v, d) in enumerate(graph.edges(data=True)):
            edges[k] = (u, v)
            street[k] = d.get("street", True)
            free[k] = d.get("step_free", True)
        x = {n_: d["x"] for n_, d in graph.nodes(data=True)}
        y = {n_: d["y"] for n_, d in graph.nodes(data=True)}
        segs = shapely.linestrings([[[x[u], y[u]], [x[v], y[v]]] for u, v in edges]) \
            if n else np.array([], dtype=object)
        cache = _INDEX[graph] = {"n": n, "tree": shapely.STRtree(segs), "edges": edges,
                                 "street": street, "free": free}
    if step_free not in cache:
        use = cache["free"] if step_free else np.ones(n, dtype=bool)
        cache[step_free] = (cache["street"] & use, _components(graph, cache["edges"], use))
    ok, comps = cache[step_free]
    return cache["tree"], cache["edges"], ok, comps


def _rank_keys(comps: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Per edge: 0 on the component most of the ``first`` edges are on, else 1."""
    on = comps[first][comps[first] >= 0]
    main = np.bincount(on).argmax() if len(on) else -2
    return (comps != main).astype(np.int8)


def _components(graph: nx.Graph, edges: np.ndarray, use: np.ndarray) -> np.ndarray:
    """The connected component of every edge over the edges in ``use`` (else ``-1``)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    index = {node: i for i, node in enumerate(graph.nodes())}
    a = np.array([index[u] for u in edges[:, 0]], dtype=np.int64)
    b = np.array([index[v] for v in edges[:, 1]], dtype=np.int64)
    m = coo_matrix((np.ones(int(use.sum())), (a[use], b[use])), shape=(len(index), len(index)))
    _, label = connected_components(m, directed=False)
    return np.where(use, label[a], -1)


SNAP_SLACK_M = 25.0  # a better street piece this much farther than the nearest one still wins


def snap_stops(graph: nx.Graph, points: Sequence[Point], names: Sequence[str], *,
               max_snap_m: float = MAX_SNAP_M, step_free: bool = False
               ) -> tuple[nx.Graph, list[Any]]:
    """A copy of ``graph`` with one node per stop, hung on a street piece it can step onto.

    ``points`` are in the graph's CRS. Among the pieces at most :data:`SNAP_SLACK_M` farther
    than the nearest piece, a stop takes the nearest one that is (1) on the part of the network
    most stops are on (a loose bit of pavement would cut it off; for a step-free route: the
    part joined without steps, then the part joined over steps), then (2) at street level (not
    a tunnel, below ground or indoors; with ``step_free`` also step-free). Only when no such
    piece lies that close does it hang on a tunnel, a piece below ground or a loose piece.
    Returns the new graph and the stop nodes (``("stop", i)``). The input graph is not changed.

    Raises
    ------
    RoutingError
        A stop farther than ``max_snap_m`` from every street (named in the message).
    """
    if graph.number_of_edges() == 0:
        raise RoutingError(key="route_empty_network")
    tree, edges, ok, comps = _edge_index(graph, step_free=step_free)
    comps_all = _edge_index(graph)[3]
    segs_all = tree.geometries
    pts = np.asarray(points, dtype=object)
    closest = tree.nearest(pts)
    d0 = shapely.distance(pts, segs_all[closest])
    cands = []
    for i, p in enumerate(pts):
        near = np.union1d(tree.query(p, predicate="dwithin", distance=d0[i] + SNAP_SLACK_M),
                          [closest[i]])
        cands.append((near, shapely.distance(p, segs_all[near])))
    # the part of the network most stops are on, each stop counted at its best street piece;
    # for a step-free route, then the part joined to it over steps (so that the error can say
    # "no step-free route" instead of "a loose piece of network")
    first = np.array([near[np.lexsort((d, ~ok[near]))[0]] for near, d in cands])
    off_main = _rank_keys(comps, first)
    off_all = _rank_keys(comps_all, first)
    nearest = np.array([near[np.lexsort((d, ~ok[near], off_all[near], off_main[near]))[0]]
                        for near, d in cands], dtype=np.int64)
    segs = segs_all[nearest]
    dist = shapely.distance(pts, segs)
    for i, d in enumerate(dist):
        if d > max_snap_m:
            raise RoutingError(key="route_stop_far", params={
                "name": names[i], "m": f"{d:,.0f}".replace(",", ".")})
    along = shapely.line_locate_point(segs, pts)
    out = graph.copy()
    by_edge: dict[int, list[tuple[float, int]]] = {}
    for i, e in enumerate(nearest):
        by_edge.setdefault(int(e), []).append((float(along[i]), i))
    stop_nodes: list[Any] = [None] * len(pts)
    for e, hits in by_edge.items():
        u, v = edges[e]
        seg = segs[hits[0][1]]
        (ux, uy), (vx, vy) = seg.coords[0], seg.coords[-1]
        total = out.edges[u, v]["length"]
        seg_len = seg.length or 1.0
        attrs = {k: val for k, val in out.edges[u, v].items() if k != "length"}
        chain: list[tuple[Any, float]] = [(u, 0.0)]
        for pos, i in sorted(hits):
            if pos <= 1e-6:
                attach = u
            elif pos >= seg_len - 1e-6:
                attach = v
            else:
                attach = ("snap", i)
                f = pos / seg_len
                out.add_node(attach, x=ux + f * (vx - ux), y=uy + f * (vy - uy))
                chain.append((attach, pos * total / seg_len))
            node = ("stop", i)
            p = pts[i]
            out.add_node(node, x=p.x, y=p.y)
            out.add_edge(node, attach, length=float(dist[i]), name=None, highway="access",
                         street=True, step_free=True, known=None)
            stop_nodes[i] = node
        chain.append((v, total))
        if len(chain) > 2:
            out.remove_edge(u, v)
            for (a, pa), (b, pb) in zip(chain, chain[1:], strict=False):
                out.add_edge(a, b, length=max(pb - pa, 0.0), **attrs)
    return out, stop_nodes


def _shortest(graph: nx.Graph, sources: Sequence[Any], *, step_free: bool = False
              ) -> tuple[np.ndarray, np.ndarray, list[Any], dict[Any, int]]:
    """Distances (k x n) and predecessors from each source, with scipy's Dijkstra
    (``step_free``: over the step-free pieces only)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    nodes = list(graph.nodes())
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, w = [], [], []
    for u, v, d in graph.edges(data=True):
        if step_free and not d.get("step_free", True):
            continue
        rows.append(index[u])
        cols.append(index[v])
        w.append(max(float(d["length"]), 1e-9))  # a zero weight would read as "no edge"
    m = coo_matrix((w, (rows, cols)), shape=(len(nodes), len(nodes))).tocsr()
    dist, pred = dijkstra(m, directed=False, indices=[index[s] for s in sources],
                          return_predecessors=True)
    return dist, pred, nodes, index


# --------------------------------------------------------------------------- ordering


def held_karp(d: np.ndarray, start: int, end: int, free: Sequence[int]) -> list[int]:
    """The shortest order start → all of ``free`` → end (exact, O(2^m m^2))."""
    free = list(free)
    m = len(free)
    if m == 0:
        return [start, end]
    fm = d[np.ix_(free, free)]
    size = 1 << m
    dp = np.full((size, m), np.inf)
    parent = np.full((size, m), -1, dtype=np.int64)
    for j in range(m):
        dp[1 << j, j] = d[start, free[j]]
    bits = np.arange(m)
    for mask in range(1, size):
        js = bits[((mask >> bits) & 1).astype(bool)]
        if len(js) < 2:
            continue
        prev = mask ^ (1 << js)
        cand = dp[prev] + fm[:, js].T          # (len(js), m): from i to j
        best = np.argmin(cand, axis=1)
        dp[mask, js] = cand[np.arange(len(js)), best]
        parent[mask, js] = best
    last = dp[size - 1] + d[free, end]
    j = int(np.argmin(last))
    order, mask = [], size - 1
    while j >= 0:
        order.append(free[j])
        pj = int(parent[mask, j])
        mask ^= 1 << j
        j = pj
    return [start, *reversed(order), end]


def farthest_insertion(d: np.ndarray, start: int, end: int, free: Sequence[int]) -> list[int]:
    """A first order: insert the stop farthest from the tour at its cheapest place."""
    tour = [start, end]
    left = list(free)
    if not left:
        return tour
    near = np.minimum(d[start, left], d[end, left])
    while left:
        k = int(np.argmax(near))
        s = left.pop(k)
        near = np.delete(near, k)
        a = np.array(tour[:-1])
        b = np.array(tour[1:])
        cost = d[a, s] + d[s, b] - d[a, b]
        pos = int(np.argmin(cost)) + 1
        tour.insert(pos, s)
        if left:
            near = np.minimum(near, d[s, left])
    return tour


def improve(d: np.ndarray, tour: list[int]) -> list[int]:
    """2-opt and or-opt moves until none shortens the tour (start and end stay)."""
    t = list(tour)
    n = len(t)
    improved = True
    while improved:
        improved = False
        for i in range(1, n - 2):
            a, b = t[i - 1], t[i]
            js = np.arange(i + 1, n - 1)
            c = np.array(t)[js]
            dn = np.array(t)[js + 1]
            delta = d[a, c] + d[b, dn] - d[a, b] - d[c, dn]
            k = int(np.argmin(delta))
            if delta[k] < -1e-7:
                j = int(js[k])
                t[i:j + 1] = reversed(t[i:j + 1])
                improved = True
        for seg in (1, 2, 3):
            for i in range(1, n - seg):
                if i + seg > n - 1:
                    break
                piece = t[i:i + seg]
                a, b = t[i - 1], t[i + seg]
                gain = d[a, piece[0]] + d[piece[-1], b] - d[a, b]
                rest = t[:i] + t[i + seg:]
                best, where, flip = 1e-7, -1, False
                for p in range(len(rest) - 1):
                    x, y = rest[p], rest[p + 1]
                    add = d[x, piece[0]] + d[piece[-1], y] - d[x, y]
                    add_r = d[x, piece[-1]] + d[piece[0], y] - d[x, y]
                    if gain - add > best:
                        best, where, flip = gain - add, p, False
                    if gain - add_r > best:
                        best, where, flip = gain - add_r, p, True
                if where >= 0:
                    ins = list(reversed(piece)) if flip else piece
                    t = rest[:where + 1] + ins + rest[where + 1:]
                    improved = True
    return t


def tour_length(d: np.ndarray, tour: Sequence[int]) -> float:
    return float(sum(d[a, b] for a, b in zip(tour, tour[1:], strict=False)))


def solve_order(d: np.ndarray, start: int, end: int, free: Sequence[int], *,
                method: str = "optimal") -> list[int]:
    """Visiting order over the indices of ``d``: ``optimal`` (exact up to :data:`EXACT_MAX`
    free stops, heuristic beyond), ``heuristic``, or ``manual`` (``free`` as given). The order
    given is returned when it is as short as the one found."""
    free = list(free)
    given = [start, *free, end]
    if method == "manual":
        return given
    if len(free) > HEURISTIC_MAX:
        raise RoutingError(key="route_too_many", params={"n": len(free),
                                                                "max": HEURISTIC_MAX})
    if method == "optimal" and len(free) <= EXACT_MAX:
        best = held_karp(d, start, end, free)
    else:
        best = improve(d, farthest_insertion(d, start, end, free))
    # the order given is kept when it is just as short (a round trip walked the other way
    # round is as short): a saved route reopens in its own order while nothing changed
    kept = tour_length(d, given)
    return given if np.isfinite(kept) and kept <= tour_length(d, best) + 1e-6 else best


# --------------------------------------------------------------------------- stops from a project


STOP_LAYERS = ("meeting_places", "associations", "entrepreneurs", "talents")


def stop_candidates(store: BaseStore, *, audience: str = "public") -> gpd.GeoDataFrame:
    """Assets that can be a stop: ``id``, ``name``, ``layer``, geometry (EPSG:4326).

    Talents only when the resident chose a public place on the map (AVG); for the public,
    only approved entries.
    """
    from . import privacy

    frames = []
    status: Any = "approved" if audience == "public" else ("approved", "pending")
    for layer in STOP_LAYERS:
        g = store.read(layer, status=status)
        if layer == "talents" or audience == "public":
            g = privacy.public_view(layer, g) if len(g) else g
        if len(g) == 0:
            continue
        name_col = "display_name" if layer == "talents" and "display_name" in g.columns \
            else "name"
        names = g[name_col].fillna(g["name"] if "name" in g.columns else "").astype(str)
        frames.append(gpd.GeoDataFrame({"id": g["id"].astype(str).to_numpy(),
                                        "name": names.to_numpy(), "layer": layer},
                                       geometry=g.geometry.to_numpy(), crs=4326))
    if not frames:
        return gpd.GeoDataFrame({"id": [], "name": [], "layer": []}, geometry=[], crs=4326)
    import pandas as pd

    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)


def stops_from_ids(candidates: gpd.GeoDataFrame, ids: Sequence[str]) -> list[Stop]:
    """:class:`Stop` objects for ``ids`` (a full id or a unique start of one, at least 4 signs).

    Raises
    ------
    NotFoundError
        An unknown or ambiguous id (named in the message).
    """
    all_ids = candidates["id"].astype(str).tolist()
    by_id = {i: k for k, i in enumerate(all_ids)}
    out = []
    for raw in ids:
        key = raw.strip()
        k = by_id.get(key)
        if k is None and len(key) >= 4:
            hits = [j for j, i in enumerate(all_ids) if i.startswith(key)]
            if len(hits) > 1:
                raise NotFoundError(key="route_stop_ambiguous",
                                    params={"key": key, "n": len(hits)})
            k = hits[0] if hits else None
        if k is None:
            raise NotFoundError(key="route_stop_unknown", params={"key": key})
        row = candidates.iloc[k]
        out.append(Stop(id=str(row["id"]), name=str(row["name"]), layer=str(row["layer"]),
                        geometry=row.geometry))
    return out


# --------------------------------------------------------------------------- planning


def plan_route(
    network: nx.Graph | None,
    stops: Sequence[Stop],
    *,
    start: str | None = None,
    end: str | None = None,
    method: str = "optimal",
    speed_kmh: float = SPEED_KMH,
    dwell_min: float | Mapping[str, float] = DWELL_MIN,
    start_time: datetime | None = None,
    max_snap_m: float = MAX_SNAP_M,
    step_free: bool = False,
) -> Route:
    """Plan a tour past ``stops`` on ``network`` (``None``: straight lines, with a warning).

    Parameters
    ----------
    stops
        The places to visit (EPSG:4326). With ``method="manual"`` their order is kept.
    start, end
        Ids of the first and last stop; default the first of ``stops`` and back to the start
        (a round trip). A start or end not in ``stops`` must be given as a stop as well.
    method
        ``"optimal"`` (exact up to 12 free stops, else heuristic), ``"heuristic"``, ``"manual"``.
    speed_kmh, dwell_min
        Walking speed; minutes spent at every stop between start and end (or per stop id).
    start_time
        When the tour starts; fills ``arrive``/``depart`` of every stop.
    step_free
        Walk only step-free pieces (no steps, no ``wheelchair=no``, no raised kerb: for a
        wheelchair, rollator or pram). Independent of the tempo. The route counts the stretches
        without accessibility information (:attr:`Route.unknown_pieces`).

    Raises
    ------
    NoStepFreeRouteError
        ``step_free`` and two stops are joined only over steps or raised kerbs (both named).
    RoutingError
        No stops, an unreachable stop, a stop far from the network, too many stops.
    """
    if speed_kmh <= 0:
        raise RoutingError(key="route_speed")
    uniq: list[Stop] = []
    seen: set[str] = set()
    for s in stops:
        if s.id not in seen:
            uniq.append(s)
            seen.add(s.id)
    if not uniq:
        raise RoutingError(key="route_no_stops")
    ids = [s.id for s in uniq]
    start_id = start or ids[0]
    end_id = end or start_id
    for label, sid in (("start", start_id), ("end", end_id)):
        if sid not in seen:
            raise NotFoundError(key=f"route_{label}_not_a_stop", params={"id": sid})
    si, ei = ids.index(start_id), ids.index(end_id)
    free = [i for i in range(len(uniq)) if i not in (si, ei)]
    if len(free) > HEURISTIC_MAX:
        raise RoutingError(key="route_too_many", params={"n": len(free) + 1 + (si != ei),
                                                         "max": HEURISTIC_MAX + 2})

    lonlat = gpd.GeoSeries([s.geometry for s in uniq], crs=4326)
    straight = network is None or network.number_of_edges() == 0
    work = crsmod.working_crs(lonlat) if straight else graph_crs(network)
    pts = list(lonlat.to_crs(work))
    to_ll = Transformer.from_crs(work, 4326, always_xy=True)

    if straight:
        xy = np.array([[p.x, p.y] for p in pts])
        d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
        paths = None
    else:
        graph, nodes = snap_stops(network, pts, [s.name for s in uniq], max_snap_m=max_snap_m,
                                  step_free=step_free)
        dist, pred, nodelist, index = _shortest(graph, nodes, step_free=step_free)
        cols = [index[n] for n in nodes]
        d = dist[:, cols]
        d = np.minimum(d, d.T)  # symmetric up to rounding
        if step_free:
            _check_step_free(graph, nodes, d, si, uniq)
        _check_reachable(d, si, ei, uniq)
        paths = (graph, pred, nodelist, cols)

    order = solve_order(d, si, ei, free, method=method)
    speed_m_min = speed_kmh * 1000 / 60
    legs: list[Leg] = []
    for a, b in zip(order, order[1:], strict=False):
        unknown: tuple[int | None, float | None] = (None, None)
        if paths is None:
            coords = [(pts[a].x, pts[a].y), (pts[b].x, pts[b].y)]
        else:
            path = _path_nodes(*paths, a, b)
            coords = [(paths[0].nodes[n]["x"], paths[0].nodes[n]["y"]) for n in path]
            coords = coords * 2 if len(coords) == 1 else coords
            unknown = _unknown_stretches(paths[0], path)
        xs, ys = to_ll.transform(*zip(*coords, strict=True))
        metres = float(d[a, b])
        legs.append(Leg(uniq[a].id, uniq[b].id, metres, metres / speed_m_min,
                        LineString(list(zip(xs, ys, strict=True))), *unknown))

    visit = [_copy_stop(uniq[i]) for i in order]
    for k, s in enumerate(visit):
        inner = 0 < k < len(visit) - 1
        if isinstance(dwell_min, Mapping):
            s.dwell_min = float(dwell_min.get(s.id, DWELL_MIN)) if inner else 0.0
        else:
            s.dwell_min = float(dwell_min) if inner else 0.0
    if start_time is not None:
        t = start_time
        visit[0].depart = t
        for leg, s in zip(legs, visit[1:], strict=True):
            t = t + timedelta(minutes=leg.minutes)
            s.arrive = t
            t = t + timedelta(minutes=s.dwell_min)
            s.depart = t if s is not visit[-1] else None
    total_m = sum(leg.metres for leg in legs)
    total_min = sum(leg.minutes for leg in legs) + sum(s.dwell_min for s in visit)
    default_dwell = DWELL_MIN if isinstance(dwell_min, Mapping) else float(dwell_min)
    return Route(stops=visit, legs=legs, total_m=total_m, total_min=total_min,
                 speed_kmh=float(speed_kmh), dwell_min=default_dwell, start_time=start_time,
                 straight_lines=straight, method=method, step_free=step_free)


def _copy_stop(s: Stop) -> Stop:
    return Stop(id=s.id, name=s.name, layer=s.layer, geometry=s.geometry)


def _check_reachable(d: np.ndarray, si: int, ei: int, stops: Sequence[Stop]) -> None:
    bad = [i for i in range(len(stops)) if not np.isfinite(d[si, i])]
    if not bad:
        return
    if len(bad) * 2 > len(stops):  # the start itself is the odd one out
        bad = [si]
    names = ", ".join(f"'{stops[i].name}'" for i in bad[:5])
    if bad == [si]:
        raise RoutingError(key="route_unreachable_others", params={"names": names})
    raise RoutingError(key="route_unreachable", params={"names": names,
                                                       "start": stops[si].name})


def _check_step_free(graph: nx.Graph, nodes: list[Any], d: np.ndarray, si: int,
                     stops: Sequence[Stop]) -> None:
    """Raise :class:`NoStepFreeRouteError` when stops are joined, but only over steps."""
    bad = [i for i in range(len(stops)) if not np.isfinite(d[si, i])]
    if not bad:
        return
    joined = nx.node_connected_component(graph, nodes[si])
    bad = [i for i in bad if nodes[i] in joined]  # the others: a real island, said later
    if not bad:
        return
    if len(bad) * 2 > len(stops):  # the start itself is the odd one out
        raise NoStepFreeRouteError(key="route_no_step_free_others",
                                   params={"start": stops[si].name})
    other = ", ".join(f"'{stops[i].name}'" for i in bad[:5])
    raise NoStepFreeRouteError(key="route_no_step_free",
                               params={"start": stops[si].name, "other": other})


def _path_nodes(graph: nx.Graph, pred: np.ndarray, nodelist: list[Any], cols: list[int],
                a: int, b: int) -> list[Any]:
    row = pred[a]
    target = cols[b]
    idx = [target]
    while idx[-1] != cols[a]:
        p = int(row[idx[-1]])
        if p < 0:
            break
        idx.append(p)
    idx.reverse()
    return [nodelist[i] for i in idx]


def _unknown_stretches(graph: nx.Graph, path: list[Any]) -> tuple[int, float]:
    """Unbroken stretches of ``path`` without accessibility information, and their metres.

    A stop's access edge (``known`` is ``None``) neither counts nor breaks a stretch.
    """
    count, metres, inside = 0, 0.0, False
    for a, b in zip(path, path[1:], strict=False):
        e = graph.edges[a, b]
        known = e.get("known", False)
        if known is None:
            continue
        if not known:
            metres += e["length"]
            count += not inside
        inside = not known
    return count, metres


def parse_start_time(text: str | None, *, day: datetime | None = None) -> datetime | None:
    """``"14:30"`` or an ISO date-time as a datetime (today when only a time is given)."""
    if not text:
        return None
    s = text.strip()
    try:
        if len(s) <= 5 and ":" in s:
            hh, mm = s.split(":")
            base = day or datetime.now().replace(second=0, microsecond=0)
            return base.replace(hour=int(hh), minute=int(mm))
        return datetime.fromisoformat(s)
    except ValueError:
        raise RoutingError(key="route_bad_time", params={"s": s}) from None


def format_duration(minutes: float, lang: str = "nl") -> str:
    """``95`` -> ``"1 u 35 min"`` (Dutch), ``"1 h 35 min"`` (English)."""
    from . import i18n

    m = int(math.ceil(minutes - 1e-9))
    if m < 60:
        return i18n.text("dur_min", lang, m=m)
    return i18n.text("dur_hours", lang, h=m // 60, mm=f"{m % 60:02d}")
