from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point

from assetmap import crs


def test_netherlands_uses_rd_new():
    g = gpd.GeoDataFrame(geometry=[Point(5.0, 52.0), Point(6.5, 53.2)], crs=4326)
    assert crs.working_crs(g).to_epsg() == 28992


def test_rd_input_is_recognised():
    g = gpd.GeoDataFrame(geometry=[Point(155000, 463000)], crs=28992)
    assert crs.working_crs(g).to_epsg() == 28992


def test_elsewhere_uses_utm():
    berlin = gpd.GeoDataFrame(geometry=[Point(13.4, 52.5)], crs=4326)
    assert crs.working_crs(berlin).to_epsg() == 32633
    ny = gpd.GeoDataFrame(geometry=[Point(-73.98, 40.75)], crs=4326)
    assert crs.working_crs(ny).to_epsg() == 32618


def test_distance_in_metres():
    g = gpd.GeoDataFrame(geometry=[Point(5.0, 52.0), Point(5.0, 52.01)], crs=4326)
    w = crs.to_working(g)
    d = w.geometry.iloc[0].distance(w.geometry.iloc[1])
    assert 1100 < d < 1125  # 0.01 degree of latitude is about 1112 m


def test_empty_defaults_to_rd():
    assert crs.working_crs(gpd.GeoDataFrame(geometry=[], crs=4326)).to_epsg() == 28992
