"""The walking network from every source: .osm, .osm.pbf, Overpass JSON, lines, download, cache."""

from __future__ import annotations

import json

import geopandas as gpd
import osmium
import pyogrio
import pytest
from shapely.geometry import LineString, box

from assetmap import routing
from assetmap.errors import ImportFormatError, RoutingError
from assetmap.io import osm
from assetmap.store import GpkgStore

from .conftest import OverpassStandIn, osm_elements


@pytest.mark.parametrize(("tags", "walk"), [
    ({"highway": "footway"}, True),
    ({"highway": "residential"}, True),
    ({"highway": "cycleway"}, True),                      # NL: allowed without a footpath
    ({"highway": "cycleway", "foot": "no"}, False),
    ({"highway": "motorway"}, False),
    ({"highway": "motorway", "foot": "yes"}, False),      # never, whatever the tags say
    ({"highway": "trunk"}, False),                        # Gooiseweg: no foot tags
    ({"highway": "trunk", "foot": "yes"}, True),
    ({"highway": "trunk", "sidewalk": "both"}, True),
    ({"highway": "service", "access": "private"}, False),
    ({"highway": "service", "access": "private", "foot": "permissive"}, True),
    ({"highway": "pedestrian", "area": "yes"}, False),
    ({"highway": "construction"}, False),
    ({"highway": None}, True),                            # plain street lines: trust them
    # a delivery tunnel (Helsinki's service tunnel) needs a foot permission; underpasses do not
    ({"highway": "service", "tunnel": "yes", "layer": "-4", "access": "destination"}, False),
    ({"highway": "service", "tunnel": "yes", "foot": "permissive"}, True),
    ({"highway": "service", "tunnel": "building_passage"}, True),
    ({"highway": "footway", "tunnel": "yes", "layer": "-1"}, True),
    ({"highway": "cycleway", "layer": "-1"}, True),
    ({"highway": "steps", "tunnel": "yes", "access": "private"}, False),
])
def test_walkability_defaults(tags, walk):
    assert osm.is_walkable(tags) is walk


def test_xml_pbf_and_overpass_json_give_the_same_network(amsterdam_pbf, tmp_path):
    xml = tmp_path / "amsterdam.osm"
    with osmium.SimpleWriter(str(xml)) as w:
        for o in osmium.FileProcessor(str(amsterdam_pbf)):
            w.add(o)
    js = tmp_path / "overpass.json"
    js.write_text(json.dumps({"version": 0.6, "elements": osm_elements(amsterdam_pbf)}))
    a = osm.read_walk_lines(amsterdam_pbf)
    b = osm.read_walk_lines(xml)
    c = osm.read_walk_lines(js)
    assert len(a) == len(b) == len(c) == 48
    assert a.to_crs(28992).length.sum() == pytest.approx(c.to_crs(28992).length.sum())
    ga, gb = routing.load_network(a), routing.load_network(xml)
    assert ga.number_of_edges() == gb.number_of_edges()


def test_geojson_of_street_lines(tmp_path):
    lines = gpd.GeoDataFrame({"name": ["A", "B", "Snelweg"],
                              "highway": ["residential", "footway", "motorway"]},
                             geometry=[LineString([(5.0, 52.0), (5.01, 52.0)]),
                                       LineString([(5.01, 52.0), (5.01, 52.01)]),
                                       LineString([(5.0, 52.0), (5.0, 52.01)])], crs=4326)
    p = tmp_path / "straten.geojson"
    lines.to_file(p, driver="GeoJSON")
    got = osm.read_walk_lines(p)
    assert sorted(got["name"]) == ["A", "B"]
    g = routing.load_network(p)
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 2


@pytest.mark.parametrize("content", [b"dit is geen netwerk", b"{\"type\": \"Feature\"}"])
def test_not_a_network_file_is_named(tmp_path, content):
    p = tmp_path / "kapot.geojson"
    p.write_bytes(content)
    with pytest.raises(ImportFormatError, match="kapot.geojson"):
        routing.load_network(p)
    q = tmp_path / "kapot.osm.pbf"
    q.write_bytes(content)
    with pytest.raises(ImportFormatError, match="kapot.osm.pbf"):
        routing.load_network(q)
    with pytest.raises(ImportFormatError, match="weg.osm"):
        routing.load_network(tmp_path / "weg.osm")


def test_points_only_file_is_not_a_network(tmp_path):
    p = tmp_path / "punten.gpkg"
    gpd.GeoDataFrame({"a": [1]}, geometry=gpd.points_from_xy([5.0], [52.0]),
                     crs=4326).to_file(p, layer="plekken")
    with pytest.raises(ImportFormatError, match="punten.gpkg.*geen lijnen"):
        osm.read_walk_lines(p)


def test_cache_with_the_project(demo_path, amsterdam_pbf):
    store = GpkgStore(demo_path)
    try:
        streets_before = store.streets()
        demo_net = routing.load_network(store)  # no cache yet: the project's streets
        assert demo_net.number_of_edges() == len(streets_before) + 1  # park path: 2 pieces
        n = osm.save_network(store, osm.read_walk_lines(amsterdam_pbf))
        assert n == 48
        cached = routing.load_network(store)
        assert cached.graph["crs"].to_epsg() == 28992
        assert cached.number_of_edges() == routing.load_network(amsterdam_pbf).number_of_edges()
        after = store.streets()  # the map layer is left alone
        assert len(after) == len(streets_before)
        assert store.counts() is not None  # still a working project
    finally:
        store.close()
    # a valid GeoPackage layer that GDAL (QGIS) reads once the project is closed
    assert osm.NETWORK_LAYER in [x for x, _ in pyogrio.list_layers(demo_path)]
    assert len(pyogrio.read_dataframe(demo_path, layer=osm.NETWORK_LAYER)) == 48


# --------------------------------------------------------------------------- download


def test_download_with_osmnx_from_a_stand_in_server(overpass, amsterdam_pbf):
    import osmnx as ox

    before = ox.settings.overpass_url
    area = box(4.9169, 52.3384, 4.9451, 52.3551)
    lines = osm.download_walk_lines(area, overpass_url=overpass)
    assert OverpassStandIn.queries and "highway" in OverpassStandIn.queries[0]
    assert ox.settings.overpass_url == before  # settings restored
    assert set(lines["highway"]) <= osm.WALKABLE
    assert "trunk" not in set(lines["highway"])
    from_file = osm.read_walk_lines(amsterdam_pbf)
    assert lines.to_crs(28992).length.sum() == pytest.approx(
        from_file.to_crs(28992).length.sum(), rel=0.02)


def test_download_without_connection_is_a_dutch_error():
    with pytest.raises(RoutingError, match="niet worden gedownload"):
        osm.download_walk_lines(box(4.92, 52.34, 4.94, 52.35),
                                overpass_url="http://127.0.0.1:9/api", timeout=3)
