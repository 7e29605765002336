"""What only the GeoPackage store has: a valid GeoPackage file (application_id, WAL, what
pyogrio reads), its R-tree index and its file errors.

Behaviour every store shares (round trip, validation, transactions, permissions, audit,
evenings, concurrency) is tested once for both backends in ``test_store_shared.py``.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from assetmap import schema
from assetmap.errors import ProjectError
from assetmap.store import Actor, GpkgStore, open_store

IN_A = Point(5.005, 52.005)
IN_B = Point(5.015, 52.005)


def _norm(v):
    if v is None:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None
    if v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%dT%H:%M:%SZ")
    return v


def test_file_is_a_valid_geopackage_that_pyogrio_reads_identically(project):
    project.add("meeting_places", {"name": "A", "kind": "school", "free_to_use": False,
                                   "geometry": IN_A})
    project.add("associations", {"name": "Koor", "size": 30, "geometry": IN_B})
    project.add("talents", {"name": "Koken", "gifts_hand": "koken", "geometry": IN_B})
    project.add("entrepreneurs", {"name": "Bakker", "geometry": IN_A})
    con = sqlite3.connect(project.path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    ours_all = {layer: project.read(layer) for layer in [*schema.ASSET_LAYERS, "buurten"]}
    project.close()  # never let GDAL's own SQLite touch a file our connections hold open
    layers = dict(pyogrio.list_layers(project.path))
    assert layers["meeting_places"] == "Point" and layers["buurten"] == "MultiPolygon"
    for layer in [*schema.ASSET_LAYERS, "buurten"]:
        ours = ours_all[layer]
        theirs = pyogrio.read_dataframe(project.path, layer=layer)
        assert len(ours) == len(theirs) > 0
        assert theirs.crs.to_epsg() == 4326
        for col in schema.ALL_LAYERS[layer].field_names:
            a = [_norm(v) for v in ours[col]]
            b = [_norm(v) for v in theirs[col]]
            assert a == b, (layer, col, a, b)
        assert all(x.equals_exact(y, 1e-12) for x, y in zip(ours.geometry, theirs.geometry,
                                                             strict=True))


def test_spatial_index_is_maintained(project):
    rid = project.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
    con = sqlite3.connect(project.path)
    row = con.execute("SELECT minx, maxx, miny, maxy FROM rtree_meeting_places_geom").fetchone()
    assert row == pytest.approx((5.005, 5.005, 52.005, 52.005), abs=1e-5)
    project.update("meeting_places", rid, {"geometry": IN_B}, actor=Actor.system())
    row = con.execute("SELECT minx FROM rtree_meeting_places_geom").fetchone()
    assert row[0] == pytest.approx(5.015, abs=1e-5)
    project.delete("meeting_places", rid, actor=Actor.system())
    assert con.execute("SELECT count(*) FROM rtree_meeting_places_geom").fetchone()[0] == 0
    con.close()


def test_open_errors(tmp_path):
    with pytest.raises(ProjectError):
        open_store(tmp_path / "missing.gpkg")
    bad = tmp_path / "bad.gpkg"
    bad.write_text("dit is geen database")
    with pytest.raises(ProjectError):
        open_store(bad)
    other = tmp_path / "other.gpkg"
    import geopandas as gpd

    gpd.GeoDataFrame({"a": [1]}, geometry=[IN_A], crs=4326).to_file(other, layer="x")
    with pytest.raises(ProjectError):
        open_store(other)
    with pytest.raises(ProjectError):
        open_store(tmp_path / "project.shp")
    with pytest.raises(ProjectError):
        GpkgStore(other, create=True).close()


def test_a_project_of_an_older_version_gets_the_new_layers_on_open(project):
    """A file made before wishes and links existed opens, gains both (as GDAL makes them:
    spatial index, feature count), and QGIS/pyogrio read it."""
    path = project.path
    project.add("meeting_places", {"name": "Oud", "kind": "school", "geometry": IN_A})
    project.close()
    con = sqlite3.connect(path)
    for t in ("wishes", "links"):
        con.execute(f'DROP TABLE "{t}"')
        for meta in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions",
                     "gpkg_ogr_contents"):
            con.execute(f"DELETE FROM {meta} WHERE table_name = ?", (t,))
    con.execute('DROP TABLE "rtree_wishes_geom"')
    con.commit()
    con.close()
    from assetmap import backup

    old = backup.make_backup(path, reason="oude versie")
    with GpkgStore(path) as s:
        wid = s.add("wishes", {"name": "Moestuin", "geometry": IN_B, "theme": "groen"})
        pid = s.read("meeting_places")["id"].iloc[0]
        s.add_link({"from_layer": "wishes", "from_id": wid, "kind": "meets_at",
                    "to_layer": "meeting_places", "to_id": pid}, actor=Actor.system())
        assert len(s.links()) == 1 and s.read("meeting_places")["name"].tolist() == ["Oud"]
    layers = dict(pyogrio.list_layers(path))
    assert layers["wishes"] == "Point" and "links" in layers
    assert pyogrio.read_dataframe(path, layer="wishes")["name"].tolist() == ["Moestuin"]
    con = sqlite3.connect(path)
    try:
        assert con.execute('SELECT count(*) FROM "rtree_wishes_geom"').fetchone()[0] == 1
        assert dict(con.execute("SELECT table_name, feature_count FROM gpkg_ogr_contents")
                    )["links"] == 1
    finally:
        con.close()
    GpkgStore(path).close()  # a second open changes nothing
    with GpkgStore(path) as s:  # restoring a backup of the old version keeps it usable
        s.restore(old.id)
        assert s.read("wishes").empty and s.links().empty
        assert s.read("meeting_places")["name"].tolist() == ["Oud"]


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="needs /proc")
def test_connections_of_ended_threads_are_closed(tmp_path):
    """Streamlit runs every script run in a new thread: the store must not keep one open
    connection (and its file handles) per thread that has ended."""
    import os
    import threading

    store = GpkgStore(tmp_path / "p.gpkg", create=True)

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    def run() -> None:
        store.read("meeting_places")

    for _ in range(3):  # warm up: the first threads may open files once
        t = threading.Thread(target=run)
        t.start()
        t.join()
    before = open_files()
    for _ in range(60):
        t = threading.Thread(target=run)
        t.start()
        t.join()
    assert open_files() - before <= 3
    assert store.read("meeting_places").empty  # the store still works afterwards
    store.close()


def test_stamp_of_streets_changes_when_they_are_replaced(tmp_path):
    import geopandas as gpd
    from shapely.geometry import LineString

    store = GpkgStore(tmp_path / "p.gpkg", create=True)
    s0 = store.stamp("streets")
    lines = gpd.GeoDataFrame({"name": ["Straat"]},
                             geometry=[LineString([(5.0, 52.0), (5.01, 52.0)])], crs=4326)
    store.write_extra_layer("streets", lines)
    s1 = store.stamp("streets")
    assert s1 != s0 and store.stamp("streets") == s1
    store.write_extra_layer("streets", lines)
    assert store.stamp("streets") != s1
    store.close()
