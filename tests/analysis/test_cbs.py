"""The analysis on real CBS files from ../shared/data (RD New, missing codes, Web Mercator)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from assetmap.analysis import analyse_layers, gaps
from assetmap.analysis.report import missing_sentences
from tests.conftest import shared


@pytest.fixture(scope="module")
def zaanstad() -> gpd.GeoDataFrame:
    p = shared("cbs-buurten-zaanstad-2017", "buurt_zaanstad.geojson")
    b = gpd.read_file(p)
    return b.rename(columns={"bu_code": "code", "bu_naam": "name", "aant_inw": "inwoners"})


@pytest.fixture(scope="module")
def ermelo() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    b = gpd.read_file(shared("cbs-buurten-ermelo-2021-bgt-straatmeubilair", "CBS_buurten.gpkg"))
    # aantal_inwoners is empty in this release: inhabitants = mannen + vrouwen, where
    # -99999999 (CBS secrecy) stays unknown
    men, women = b["mannen"].astype(float), b["vrouwen"].astype(float)
    inw = (men + women).where((men >= 0) & (women >= 0))
    b = gpd.GeoDataFrame({"code": b["buurtcode"], "name": b["buurtnaam"], "inwoners": inw},
                         geometry=b.geometry, crs=b.crs)
    f = gpd.read_file(shared("cbs-buurten-ermelo-2021-bgt-straatmeubilair",
                             "Straatmeubilair.gpkg"))
    return b, f


def test_zaanstad_crs_from_the_legacy_member_at_the_end(zaanstad):
    """The GeoJSON declares RD New only in a ``crs`` member after the features."""
    assert zaanstad.crs.to_epsg() == 28992
    minx, miny, maxx, maxy = zaanstad.total_bounds
    assert 100_000 < minx < maxx < 125_000 and 490_000 < miny < maxy < 506_000


def test_zaanstad_areas_and_rates(zaanstad):
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = zaanstad.total_bounds
    pts = gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in zip(
        rng.uniform(minx, maxx, 400), rng.uniform(miny, maxy, 400), strict=True)],
        crs=zaanstad.crs).to_crs(4326)
    raw = zaanstad.copy()
    raw.loc[3, "inwoners"] = -99999999  # a CBS secrecy code in the input
    res = gaps(raw, {"associations": pts}, threshold_m=400)
    t = res.table
    # our km² (working CRS) against CBS's own total area in hectares
    opp = pd.Series(zaanstad["opp_tot"].to_numpy() / 100, index=t.index)
    assert ((t["area_km2"] / opp - 1).abs() < 0.02).all()
    code3 = zaanstad.loc[3, "code"]
    assert pd.isna(t.loc[code3, "inwoners"]) and pd.isna(t.loc[code3, "associations_per_1000"])
    ok = t["inwoners"].notna() & (t["inwoners"] > 0)
    expect = t.loc[ok, "associations"] / t.loc[ok, "inwoners"].astype(float) * 1000
    assert np.allclose(t.loc[ok, "associations_per_1000"].astype(float), expect)
    assert int(t["associations"].sum()) + res.outside["associations"] == 400
    # no meeting places at all: every buurt is uncovered
    assert (t["uncovered_share"] == 1).all()


def test_ermelo_web_mercator_points_over_rd_new_buurten(ermelo):
    buurten, furniture = ermelo
    assert buurten.crs.to_epsg() == 28992 and furniture.crs.to_epsg() == 3857
    benches = furniture[furniture["bgtplustype"] == "niet-bgt:bank"]
    res = gaps(buurten, {"meeting_places": benches}, threshold_m=400)
    t = res.table
    # the same count done independently: project the points to RD New, plain sjoin
    j = gpd.sjoin(benches.to_crs(28992), buurten[["code", "geometry"]], predicate="within")
    expect = j.groupby("code").size().reindex(t.index, fill_value=0)
    assert (t["meeting_places"] == expect).all()
    assert t["meeting_places"].sum() > 100
    assert res.outside["meeting_places"] > 0  # the file covers neighbouring gemeenten too
    water = "BU02339997"  # the water buurt: no name, inhabitants secret
    assert pd.isna(t.loc[water, "inwoners"]) and pd.isna(t.loc[water, "name"])
    assert pd.isna(t.loc[water, "meeting_places_per_1000"])
    assert t["uncovered_share"].between(0, 1).all()
    # a sentence about a buurt without a name uses its code
    assert any(s.startswith(water) for s in missing_sentences(res)) or \
        t.loc[water, "meeting_places"] > 0


def test_ermelo_clusters_of_benches_in_metres(ermelo):
    buurten, furniture = ermelo
    benches = furniture[furniture["bgtplustype"] == "niet-bgt:bank"].copy()
    res = analyse_layers(buurten, {"meeting_places": benches}, eps_m=50, min_samples=5)
    c = res.clusters
    assert c.n_clusters > 0
    assert c.clusters["size"].is_monotonic_decreasing
    assert set(c.clusters.iloc[0]["buurten"]) <= set(buurten["code"])
    assert int(c.clusters["size"].sum()) + c.noise == len(benches)
