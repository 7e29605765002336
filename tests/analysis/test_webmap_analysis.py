"""The Analyse map rendered to HTML (no browser needed)."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest

from assetmap import schema
from assetmap.analysis import analyse_layers
from assetmap.store import GpkgStore
from assetmap.webmap import analysis as webmap_analysis


@pytest.fixture(scope="module")
def demo(demo_master):
    with GpkgStore(demo_master) as store:
        layers = {n: store.read(n, status="approved") for n in schema.ASSET_LAYERS}
        buurten = store.buurten()
    return buurten, layers


def _html(m) -> str:
    return m.get_root().render()


def test_layers_legend_and_classes(demo):
    buurten, layers = demo
    a = analyse_layers(buurten, layers)
    m = webmap_analysis.analysis_map(a, layers, measure="meeting_places_per_1000",
                                     assets="local")
    h = _html(m)
    assert "Buurten: Ontmoetingsplekken per 1.000 inwoners" in h
    assert "Verder dan 400 m van een ontmoetingsplek" in h
    assert "Clusters (DBSCAN, 150 m)" in h
    assert "Cluster 1 (" in h
    assert "onbekend" in h  # De Akkers: inhabitants unknown, grey
    assert "am-hatch" in h and "L.control.layers" in h
    # offline: scripts and styles only from the app's own static folder
    srcs = set(re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', h))
    assert srcs == {"/app/static/leaflet/leaflet.css", "/app/static/leaflet/leaflet.js"}


def test_classes_by_hand():
    s = pd.Series([0.0, 1.0, 2.0, None, 2.0], index=list("abcde"))
    c = webmap_analysis.classify(s, k=5)
    assert c.bins == [0.0, 1.0, 2.0] and c.unknown == 1
    assert c.fills["d"] == webmap_analysis.UNKNOWN_FILL
    assert c.fills["c"] == c.fills["e"] != c.fills["a"]
    many = pd.Series(range(40), dtype=float)
    c = webmap_analysis.classify(many, k=4, scheme="quantiles")
    assert len(c.bins) == 4 and len(set(c.fills.values())) == 4
    bad = webmap_analysis.classify(pd.Series([0.1, 0.9]), more_is_better=False)
    assert set(bad.colors) <= set(webmap_analysis._BAD)


def test_measure_labels_and_units():
    m = webmap_analysis.measure_info("uncovered_share", threshold_m=600)
    assert "600 m" in m.label and m.unit == "% van de oppervlakte"
    assert m.fmt(0.356) == "36%"
    m = webmap_analysis.measure_info("talents_per_km2", lang="en")
    assert m.label == "Talents per km²" and m.fmt(1012.345) == "1,012.3"
    assert webmap_analysis.measure_info("talents_per_km2").fmt(1012.345) == "1.012,3"
    assert webmap_analysis.measure_info("talents").fmt(None) == "onbekend"
    cols = webmap_analysis.measure_columns(["associations"])
    assert cols == ["uncovered_share", "associations", "associations_per_1000",
                    "associations_per_km2"]


def test_text_is_escaped_and_private_talents_stay_off_the_map(demo):
    buurten, layers = demo
    b = buurten.copy()
    b.loc[0, "name"] = "<script>alert(1)</script>"
    a = analyse_layers(b, layers)
    h = _html(webmap_analysis.analysis_map(a, layers, measure="uncovered_share"))
    assert "<script>alert(1)</script>" not in h
    private = layers["talents"][layers["talents"]["visibility"] != "public"]
    assert len(private)
    for name in private["name"]:
        assert name not in h


def test_a_project_without_clusters_or_gaps():
    from shapely.geometry import Point, box

    b = gpd.GeoDataFrame({"code": ["A"], "name": ["Klein"], "inwoners": [10]},
                         geometry=[box(5.0, 52.0, 5.001, 52.001)], crs=4326)
    mp = gpd.GeoDataFrame({"status": ["approved"]}, geometry=[Point(5.0005, 52.0005)],
                          crs=4326)
    a = analyse_layers(b, {"meeting_places": mp})
    h = _html(webmap_analysis.analysis_map(a, {"meeting_places": mp}, measure="meeting_places"))
    assert "Clusters (DBSCAN" not in h and "Verder dan 400 m" not in h
    assert "Buurten: Ontmoetingsplekken" in h


def test_hot_and_cold_spots_are_drawn(demo):
    from assetmap.analysis import places_hotspots, public_table

    buurten, layers = demo
    a = analyse_layers(buurten, layers)
    spots = places_hotspots(public_table(a.gaps.table), buurten, list(layers))
    assert spots.hot is not None  # the demo has 8 buurten with inhabitants
    h = _html(webmap_analysis.analysis_map(a, layers, hotspots=spots.hot))
    assert "am-hotspot" in h and "am-coldspot" in h
    assert "Hot spot: veel plekken per inwoner" in h  # legend and layer name
    assert "Nieuw Noord: cold spot (Gi* z = -1,78)" in h
    assert "am-hotspot" not in _html(webmap_analysis.analysis_map(a, layers))
