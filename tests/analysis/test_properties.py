"""Properties (hypothesis): counts add up, coverage is a share that shrinks with distance."""

from __future__ import annotations

import geopandas as gpd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

from assetmap.analysis import coverage, gaps
from tests.analysis.helpers import RD, X0, Y0

coords = st.tuples(st.floats(-300, 2300, allow_nan=False), st.floats(-300, 1300,
                                                                     allow_nan=False))


def _grid(nx_: int, ny_: int) -> gpd.GeoDataFrame:
    cells, codes = [], []
    w, h = 2000 / nx_, 1000 / ny_
    for i in range(nx_):
        for j in range(ny_):
            cells.append(box(X0 + i * w, Y0 + j * h, X0 + (i + 1) * w, Y0 + (j + 1) * h))
            codes.append(f"BU{i:02d}{j:02d}")
    return gpd.GeoDataFrame({"code": codes, "inwoners": 100}, geometry=cells, crs=RD)


def _pts(xy) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"status": ["approved"] * len(xy)},
                            geometry=[Point(X0 + x, Y0 + y) for x, y in xy], crs=RD)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.lists(coords, max_size=60),
       st.lists(coords, max_size=20))
def test_counts_add_up_to_the_assets_inside_buurten(nx_, ny_, a, b):
    buurten = _grid(nx_, ny_)
    layers = {"talents": _pts(a), "entrepreneurs": _pts(b)}
    res = gaps(buurten, layers, with_coverage=False)
    union = buurten.union_all()
    for name, g in layers.items():
        inside = int(g.geometry.intersects(union).sum())
        assert int(res.table[name].sum()) == inside
        assert res.outside[name] == len(g) - inside
        assert (res.table[f"{name}_none"] == (res.table[name] == 0)).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(coords, max_size=8), st.floats(10, 1500), st.floats(0, 1000))
def test_coverage_share_in_0_1_and_never_grows_with_the_threshold(places, t, extra):
    buurten = _grid(2, 2)
    mp = _pts(places)
    small = coverage(buurten, mp, threshold_m=t).table["uncovered_share"]
    large = coverage(buurten, mp, threshold_m=t + extra).table["uncovered_share"]
    assert ((small >= 0) & (small <= 1)).all()
    assert ((large >= 0) & (large <= 1)).all()
    assert (large <= small + 1e-9).all()
