"""Gaps per buurt on frames whose answers are known by hand."""

from __future__ import annotations

import math

import geopandas as gpd
import networkx as nx
import pandas as pd
import pytest
from shapely.geometry import Point

from assetmap.analysis import analyse_store, coverage, gaps
from assetmap.analysis.gaps import assign_buurt, clean_inwoners
from assetmap.errors import ValidationError
from assetmap.store import Actor
from tests.analysis.helpers import RD, X0, Y0, points, square_buurt
from tests.conftest import two_buurten

TOL = 1e-3  # the 128-gon of a buffer is within 0.05 % of a circle's area


# ------------------------------------------------------------------ coverage, straight-line


@pytest.mark.parametrize("r", [100.0, 400.0, 1000.0])
def test_square_with_a_meeting_place_in_a_corner(r):
    """A quarter circle of radius r is covered: uncovered = 1 - pi r^2 / (4 L^2)."""
    b = square_buurt(1000.0)
    mp = points([(0, 0)])
    res = coverage(b, mp, threshold_m=r)
    expected = 1 - math.pi * r**2 / (4 * 1000.0**2)
    assert res.table.loc["BU0001", "uncovered_share"] == pytest.approx(expected, abs=TOL)
    assert res.table.loc["BU0001", "area_m2"] == pytest.approx(1e6)
    assert res.method == "straight" and res.crs.to_epsg() == RD
    # the uncovered part comes back in the buurten's CRS, with the same area
    part = res.uncovered
    assert part.crs.equals(b.crs) and list(part["code"]) == ["BU0001"]
    assert part.geometry.area.iloc[0] == pytest.approx(res.table["uncovered_m2"].iloc[0])
    assert part.geometry.area.iloc[0] == pytest.approx(expected * 1e6, abs=TOL * 1e6)
    assert not part.geometry.iloc[0].contains(Point(X0 + 1, Y0 + 1))
    assert part.geometry.iloc[0].contains(Point(X0 + 999, Y0 + 999))


def test_centre_place_and_far_threshold():
    b = square_buurt(1000.0)
    res = coverage(b, points([(500, 500)]), threshold_m=400)
    assert res.table["uncovered_share"].iloc[0] == pytest.approx(1 - math.pi * 0.16, abs=TOL)
    res = coverage(b, points([(0, 0)]), threshold_m=1500)  # > the diagonal (1414 m)
    assert res.table["uncovered_share"].iloc[0] == 0
    assert len(res.uncovered) == 0


def test_no_approved_meeting_place_leaves_everything_uncovered():
    b = square_buurt()
    pending = points([(500, 500)], status="pending")
    res = coverage(b, pending)
    assert res.table["uncovered_share"].iloc[0] == 1.0
    empty = gpd.GeoDataFrame(geometry=[], crs=RD)
    assert coverage(b, empty).table["uncovered_share"].iloc[0] == 1.0


def test_a_meeting_place_across_the_border_covers_too():
    b = square_buurt(1000.0)
    outside = points([(-100, 0)])  # 100 m west of the corner
    res = coverage(b, outside, threshold_m=400)
    assert res.table["uncovered_share"].iloc[0] < 1 - math.pi * 300**2 / 4 / 1e6 + TOL


def test_same_answer_in_any_input_crs():
    b = square_buurt()
    mp = points([(0, 0), (800, 900)])
    a = coverage(b, mp).table["uncovered_share"].iloc[0]
    c = coverage(b.to_crs(4326), mp.to_crs(3857)).table["uncovered_share"].iloc[0]
    assert c == pytest.approx(a, abs=1e-4)


@pytest.mark.parametrize("bad", [0, -5, float("nan"), "ver"])
def test_bad_threshold_is_a_dutch_error(bad):
    with pytest.raises(ValidationError, match="Afstand"):
        coverage(square_buurt(), points([(0, 0)]), threshold_m=bad)


# ------------------------------------------------------------------ coverage, walking network


def _graph(nodes: dict[str, tuple[float, float]], edges: list[tuple[str, str, float]],
           **attrs) -> nx.Graph:
    g = nx.Graph(**attrs)
    for n, (x, y) in nodes.items():
        g.add_node(n, x=X0 + x, y=Y0 + y)
    for u, v, length in edges:
        g.add_edge(u, v, length=length)
    return g


def test_network_detour_by_hand():
    """The place at (0, 0) reaches the street at A (300, 0): 300 m. With 400 m, 100 m is left:
    a half disc of radius 100 around A lies in the buurt; the rest of the street adds nothing."""
    b = square_buurt(1000.0)
    g = _graph({"A": (300, 0), "B": (300, 1000)}, [("A", "B", 1000.0)])
    res = coverage(b, points([(0, 0)]), threshold_m=400, graph=g)
    assert res.method == "network"
    expected = 1 - (math.pi * 100**2 / 2) / 1e6
    assert res.table["uncovered_share"].iloc[0] == pytest.approx(expected, abs=TOL)


def test_network_along_a_street():
    """A street from the place's corner to the north: everything within 400 m of the start
    node is reached, so the answer is the straight-line quarter circle."""
    b = square_buurt(1000.0)
    g = _graph({"A": (0, 0), "B": (0, 500), "C": (0, 1000)}, [("A", "B", 500), ("B", "C", 500)])
    net = coverage(b, points([(0, 0)]), threshold_m=400, graph=g)
    straight = coverage(b, points([(0, 0)]), threshold_m=400)
    assert net.table["uncovered_share"].iloc[0] == pytest.approx(
        straight.table["uncovered_share"].iloc[0], abs=TOL)


def test_network_never_covers_more_than_straight_line():
    b = square_buurt(1000.0)
    # a winding street: the edges are longer than the straight line between their nodes
    g = _graph({"A": (100, 100), "B": (600, 100), "C": (600, 700), "D": (100, 700)},
               [("A", "B", 700), ("B", "C", 600), ("C", "D", 900), ("D", "A", 600)],
               crs="EPSG:28992")
    mp = points([(120, 90), (610, 690)])
    for t in (150, 400, 800):
        net = coverage(b, mp, threshold_m=t, graph=g).table["uncovered_share"].iloc[0]
        straight = coverage(b, mp, threshold_m=t).table["uncovered_share"].iloc[0]
        assert straight - 1e-9 <= net <= 1


def test_network_of_a_directed_multigraph_and_an_unreachable_place():
    b = square_buurt(1000.0)
    g = nx.MultiDiGraph()
    g.add_node(1, x=X0 + 500, y=Y0 + 500)
    g.add_node(2, x=X0 + 500, y=Y0 + 900)
    g.add_edge(1, 2, length=400)
    g.add_edge(2, 1, length=400)
    res = coverage(b, points([(500, 480)]), threshold_m=400, graph=g)
    assert 0 < res.table["uncovered_share"].iloc[0] < 1
    far = coverage(b, points([(-2000, -2000)]), threshold_m=400, graph=g)
    assert far.table["uncovered_share"].iloc[0] == 1.0


def test_network_nodes_need_coordinates():
    g = nx.Graph()
    g.add_edge("a", "b", length=10)
    with pytest.raises(ValidationError, match="x en y"):
        coverage(square_buurt(), points([(0, 0)]), graph=g)


# ------------------------------------------------------------------ counts and rates


def _two_buurten_layers() -> dict[str, gpd.GeoDataFrame]:
    """Noord (BU0001, 5.00-5.01 E) and Zuid (BU0002, 5.01-5.02 E), 52.00-52.01 N."""
    def at(lons, **kw):
        return gpd.GeoDataFrame({"status": kw.pop("status", "approved"), **kw},
                                index=range(len(lons)),
                                geometry=[Point(x, 52.005) for x in lons], crs=4326)
    return {
        "meeting_places": at([5.001, 5.002, 5.003, 5.015]),
        # the second talent lies in Noord but chose Zuid: it counts in Zuid
        "talents": at([5.004, 5.005], buurt_code=["BU0001", "BU0002"]),
        "associations": at([5.006, 5.016, 5.017], status=["approved", "approved", "hidden"]),
        "entrepreneurs": at([5.5]),  # far outside both
    }


def test_two_buurten_with_known_counts_and_a_secrecy_code():
    b = two_buurten()  # inhabitants 1200 and -99999999 (CBS secrecy), raw
    layers = _two_buurten_layers()
    before = {k: v.copy() for k, v in layers.items()}
    res = gaps(b, layers)
    t = res.table
    assert list(t.index) == ["BU0001", "BU0002"]
    assert t["meeting_places"].tolist() == [3, 1]
    assert t["talents"].tolist() == [1, 1]
    assert t["associations"].tolist() == [1, 1]
    assert t["entrepreneurs"].tolist() == [0, 0]
    assert t["entrepreneurs_none"].tolist() == [True, True]
    assert t["meeting_places_none"].tolist() == [False, False]
    assert res.outside == {"meeting_places": 0, "talents": 0, "associations": 0,
                           "entrepreneurs": 1}
    assert t.loc["BU0001", "inwoners"] == 1200
    assert pd.isna(t.loc["BU0002", "inwoners"])
    assert t.loc["BU0001", "meeting_places_per_1000"] == pytest.approx(2.5)
    assert pd.isna(t.loc["BU0002", "meeting_places_per_1000"])  # never 1 / -99999999
    area = t.loc["BU0001", "area_km2"]
    assert 0.6 < area < 0.8  # 0.01 degree of longitude at 52 N is about 686 m
    assert t.loc["BU0001", "meeting_places_per_km2"] == pytest.approx(3 / area)
    for k, v in layers.items():  # inputs unchanged
        pd.testing.assert_frame_equal(v, before[k])


def test_store_project_counts_and_null_inhabitants(project):
    actor = Actor.system()
    for lon in (5.002, 5.004, 5.012):
        project.add("meeting_places", {"name": f"Plek {lon}", "kind": "buurthuis",
                                       "lon": lon, "lat": 52.005}, actor=actor,
                    status="approved")
    project.add("meeting_places", {"name": "Wacht", "kind": "school", "lon": 5.003,
                                   "lat": 52.005}, actor=actor, status="pending")
    res = analyse_store(project)
    t = res.gaps.table
    assert t["meeting_places"].tolist() == [2, 1]
    assert pd.isna(t.loc["BU0002", "inwoners"])  # the store made -99999999 null
    assert pd.isna(t.loc["BU0002", "meeting_places_per_1000"])
    assert t.loc["BU0001", "meeting_places_per_1000"] == pytest.approx(2 / 1.2)
    assert 0 <= t.loc["BU0001", "uncovered_share"] <= 1
    assert res.clusters.n_clusters == 0  # three places, but not within 150 m of each other


def test_inhabitants_zero_or_unknown_give_no_rate():
    s = clean_inwoners([1200, -99999999, -99999997, None, "x", 0, 5.0])
    assert s.tolist()[:1] == [1200] and s.isna().tolist() == [False, True, True, True, True,
                                                              False, False]
    b = square_buurt(inwoners=0)
    t = gaps(b, {"meeting_places": points([(10, 10)])}).table
    assert pd.isna(t["meeting_places_per_1000"].iloc[0])
    assert t["meeting_places_per_km2"].iloc[0] == pytest.approx(1.0)


def test_overlapping_buurten_count_once_in_the_lowest_code():
    b = pd.concat([square_buurt(1000.0), square_buurt(1000.0).assign(code="BU0000")])
    b = gpd.GeoDataFrame(b, crs=RD)
    codes = assign_buurt(points([(500, 500), (5000, 5000)]), b)
    assert codes.tolist() == ["BU0000", None]


def test_buurten_need_unique_codes_and_a_crs():
    b = pd.concat([square_buurt(), square_buurt()])
    with pytest.raises(ValidationError, match="twee keer"):
        gaps(gpd.GeoDataFrame(b, crs=RD), {})
    with pytest.raises(ValidationError, match="CRS"):
        gaps(square_buurt().set_crs(None, allow_override=True), {})
