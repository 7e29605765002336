"""DBSCAN clusters in metres and Gi* hot spots."""

from __future__ import annotations

import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from assetmap.analysis import MissingExtraError, find_clusters, hotspots
from assetmap.errors import ValidationError
from tests.analysis.helpers import RD, X0, Y0, points
from tests.conftest import shared


def _layers():
    # group 1: four places within 60 m (3 meeting places + 1 entrepreneur), west buurt
    # group 2: three associations 100 m apart on a line, east buurt
    # two lone places far away
    mp = points([(100, 100), (140, 100), (120, 150), (3000, 3000)], id=["m1", "m2", "m3", "m4"])
    ent = points([(110, 130)], id=["e1"])
    assoc = points([(1500, 100), (1600, 100), (1700, 100), (1800, 2500)],
                   status=["approved", "approved", "approved", "pending"],
                   id=["a1", "a2", "a3", "a4"])
    return {"meeting_places": mp, "entrepreneurs": ent, "associations": assoc}


def _buurten():
    return gpd.GeoDataFrame({"code": ["W", "O"]},
                            geometry=[box(X0, Y0, X0 + 1000, Y0 + 1000),
                                      box(X0 + 1000, Y0, X0 + 4000, Y0 + 4000)], crs=RD)


def test_clusters_by_hand():
    layers = _layers()
    before = {k: v.copy() for k, v in layers.items()}
    res = find_clusters(layers, buurten=_buurten(), eps_m=150, min_samples=3)
    assert res.n_clusters == 2 and res.noise == 1  # the pending association is left out
    cl = res.clusters.set_index("id")
    assert cl.loc[1, "size"] == 4 and cl.loc[2, "size"] == 3  # largest first
    assert (cl.loc[1, "meeting_places"], cl.loc[1, "entrepreneurs"],
            cl.loc[1, "associations"]) == (3, 1, 0)
    assert cl.loc[2, "associations"] == 3
    assert cl.loc[1, "buurten"] == ["W"] and cl.loc[2, "buurten"] == ["O"]
    assert res.clusters.crs.to_epsg() == 4326
    # every member lies in (or on) its hull; hulls are areas even for points on a line
    a = res.assets.set_index("id")
    assert a.loc[["m1", "m2", "m3", "e1"], "cluster"].eq(1).all()
    assert a.loc[["a1", "a2", "a3"], "cluster"].eq(2).all()
    assert a.loc["m4", "cluster"] == -1 and "a4" not in a.index
    for cid, hull in zip(res.clusters["id"], res.clusters.geometry, strict=True):
        assert hull.geom_type == "Polygon" and hull.area > 0
        members = res.assets[res.assets["cluster"] == cid]
        assert hull.buffer(1e-7).contains(members.geometry).all()
    for k, v in layers.items():
        pd.testing.assert_frame_equal(v, before[k])


def test_settings_change_the_clusters():
    layers = _layers()
    assert find_clusters(layers, eps_m=90).n_clusters == 1  # associations are 100 m apart
    assert find_clusters(layers, min_samples=5).n_clusters == 0
    only = find_clusters(layers, include=["associations"])
    assert only.n_clusters == 1 and set(only.assets["layer"]) == {"associations"}
    assert find_clusters({}, eps_m=150).n_clusters == 0


@pytest.mark.parametrize("kw", [{"eps_m": 0}, {"eps_m": "x"}, {"min_samples": 0},
                                {"min_samples": 2.5}])
def test_bad_settings(kw):
    with pytest.raises(ValidationError):
        find_clusters(_layers(), **kw)


def test_metres_not_degrees():
    """150 m east-west is 0.0022 degrees at 52 N: the clusters must be the same in lon/lat."""
    layers = {k: v.to_crs(4326) for k, v in _layers().items()}
    assert find_clusters(layers, eps_m=150).n_clusters == 2


# ------------------------------------------------------------------ Gi*


def _zaanstad():
    p = shared("cbs-buurten-zaanstad-2017", "buurt_zaanstad.geojson")
    b = gpd.read_file(p)
    return b.rename(columns={"bu_code": "code", "bu_naam": "name", "aant_inw": "inwoners"})


def test_hotspots_on_zaanstad():
    b = _zaanstad()
    # a block of high values around the first buurt, low elsewhere
    cent = b.geometry.centroid
    d = cent.distance(cent.iloc[0])
    values = pd.Series(np.where(d < 2500, 10.0, 1.0), index=b["code"].to_numpy())
    table = values.rename("v").to_frame()
    res = hotspots(table, b, column="v")
    assert res is not None and len(res.table) == 50
    assert "hot" in set(res.table["spot"])
    hot = res.table.index[res.table["spot"] == "hot"]
    assert set(hot) <= set(values.index[values > 5])
    again = hotspots(table, b, column="v")  # seeded: the same answer
    pd.testing.assert_frame_equal(res.table, again.table)


def test_hotspots_need_enough_known_buurten():
    b = _zaanstad()
    v = pd.Series(np.nan, index=b["code"].to_numpy())
    v.iloc[:7] = 1.0
    assert hotspots(v.rename("v").to_frame(), b, column="v") is None


def test_hotspots_without_esda_say_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "esda", None)  # makes "import esda" fail
    b = gpd.GeoDataFrame({"code": ["A"]}, geometry=[Point(0, 0).buffer(1)], crs=RD)
    with pytest.raises(MissingExtraError, match="esda en libpysal"):
        hotspots(pd.DataFrame({"v": [1.0]}, index=["A"]), b, column="v")
