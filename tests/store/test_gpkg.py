"""GpkgStore: round trip, a valid GeoPackage, buurt codes, permissions, audit, concurrency."""

from __future__ import annotations

import sqlite3
import threading

import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from assetmap import schema
from assetmap.errors import NotFoundError, PermissionDeniedError, ProjectError, ValidationError
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


def test_round_trip(project):
    alice = Actor.resident("alice")
    rid = project.add("meeting_places", {"name": "De Linde", "kind": "buurthuis",
                                         "accessible": True, "geometry": IN_A}, actor=alice)
    got = project.get("meeting_places", rid)
    assert got["name"] == "De Linde" and got["accessible"] is True
    assert got["free_to_use"] is None
    assert got["created_by"] == "alice" and got["status"] == "pending"
    assert got["buurt_code"] == "BU0001"
    assert got["geometry"].equals(IN_A)
    assert got["created_at"].endswith("Z")
    g = project.read("meeting_places")
    assert list(g["id"]) == [rid]
    assert g.crs.to_epsg() == 4326


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
    layers = dict(pyogrio.list_layers(project.path))
    assert layers["meeting_places"] == "Point" and layers["buurten"] == "MultiPolygon"
    for layer in [*schema.ASSET_LAYERS, "buurten"]:
        ours = project.read(layer)
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


def test_buurt_code_by_point_in_polygon_and_reassigned(project):
    a = project.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
    b = project.add("meeting_places", {"name": "B", "kind": "school", "geometry": IN_B})
    out = project.add("meeting_places", {"name": "C", "kind": "school",
                                         "geometry": Point(5.03, 52.005)})
    assert project.get("meeting_places", a)["buurt_code"] == "BU0001"
    assert project.get("meeting_places", b)["buurt_code"] == "BU0002"
    assert project.get("meeting_places", out)["buurt_code"] is None
    # new buurten: codes follow
    from tests.conftest import two_buurten

    nb = two_buurten()
    nb["code"] = ["BU0010", "BU0020"]
    project.set_buurten(nb, actor=Actor.system())
    assert project.get("meeting_places", a)["buurt_code"] == "BU0010"


def test_validation_error_stores_nothing(project):
    with pytest.raises(ValidationError):
        project.add("meeting_places", {"name": "", "kind": "school", "geometry": IN_A})
    with pytest.raises(ValidationError):
        project.add_many("meeting_places", [
            {"name": "ok", "kind": "school", "geometry": IN_A},
            {"name": "bad", "kind": "kasteel", "geometry": IN_A}])
    assert len(project.read("meeting_places")) == 0
    assert len(project.audit_log()) == 1  # only the buurten import


def test_transaction_is_all_or_nothing(project):
    with pytest.raises(RuntimeError), project.transaction():
        project.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
        project.add("meeting_places", {"name": "B", "kind": "school", "geometry": IN_A})
        raise RuntimeError("stroom uitgevallen")
    assert len(project.read("meeting_places")) == 0
    with project.transaction():
        project.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
        project.add("meeting_places", {"name": "B", "kind": "school", "geometry": IN_A})
    assert len(project.read("meeting_places")) == 2


def test_residents_change_only_their_own_entries(project):
    alice, bob = Actor.resident("alice"), Actor.resident("bob")
    rid = project.add("talents", {"name": "Koken", "gifts_hand": "koken", "geometry": IN_A},
                      actor=alice)
    with pytest.raises(PermissionDeniedError):
        project.update("talents", rid, {"name": "Gekaapt"}, actor=bob)
    with pytest.raises(PermissionDeniedError):
        project.delete("talents", rid, actor=bob)
    with pytest.raises(PermissionDeniedError):
        project.update("talents", rid, {"name": "x"}, actor=Actor(token=None))
    with pytest.raises(PermissionDeniedError):
        project.update("talents", rid, {"status": "approved"}, actor=alice)
    with pytest.raises(PermissionDeniedError):
        project.set_status("talents", [rid], "approved", actor=alice)
    assert project.get("talents", rid)["name"] == "Koken"
    project.update("talents", rid, {"name": "Koken voor 40"}, actor=alice)
    assert project.get("talents", rid)["name"] == "Koken voor 40"
    project.set_status("talents", [rid], "approved", actor=Actor.system())
    assert project.get("talents", rid)["status"] == "approved"
    project.delete("talents", rid, actor=alice)
    assert project.get("talents", rid) is None
    with pytest.raises(NotFoundError):
        project.delete("talents", rid, actor=alice)


def test_audit_row_per_change_without_personal_values(project):
    alice = Actor.resident("alice")
    rid = project.add("talents", {"name": "Koken", "gifts_hand": "koken", "display_name": "Fatima",
                                  "contact": "fatima@example.org",
                                  "consent_at": "2026-11-21T19:00:00Z", "geometry": IN_A},
                      actor=alice)
    project.update("talents", rid, {"display_name": "F."}, actor=alice)
    project.delete("talents", rid, actor=alice)
    log = project.audit_log()
    mine = log[log["record_id"] == rid]
    assert list(mine["action"]) == ["add", "update", "delete"]
    assert list(mine["token"]) == ["alice"] * 3
    assert mine["fields"].iloc[1] == "display_name"
    dump = log.astype(str).to_string()
    for secret in ("Fatima", "fatima@example.org", "F."):
        assert secret not in dump


def test_update_validates_and_keeps_system_fields(project):
    alice = Actor.resident("alice")
    rid = project.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A},
                      actor=alice)
    before = project.get("meeting_places", rid)
    with pytest.raises(ValidationError):
        project.update("meeting_places", rid, {"kind": "kasteel"}, actor=alice)
    with pytest.raises(PermissionDeniedError):
        project.update("meeting_places", rid, {"created_by": "bob"}, actor=alice)
    after = project.update("meeting_places", rid, {"geometry": IN_B}, actor=alice)
    assert after["buurt_code"] == "BU0002"
    assert after["created_at"] == before["created_at"] and after["created_by"] == "alice"


def test_talent_location_reduced_in_store(project):
    home = Point(5.0137, 52.0021)
    rid = project.add("talents", {"name": "Koken", "gifts_hand": "koken", "geometry": home})
    stored = project.get("talents", rid)["geometry"]
    assert stored.equals(project.area().representative_point("BU0002"))
    con = sqlite3.connect(project.path)
    blobs = con.execute("SELECT geom FROM talents").fetchall()
    from assetmap.store.gpkg import decode_geom

    assert all(not decode_geom(b[0]).equals(home) for b in blobs)


def test_evenings(project):
    fac = Actor.system()
    ev = project.create_evening("Themaavond", "2026-12-03", actor=fac)
    assert len(ev["join_code"]) == 6 and ev["open"] is True
    assert project.evening_by_code(ev["join_code"].lower())["id"] == ev["id"]
    assert project.evening_by_code("ZZZZZZ") is None
    with pytest.raises(PermissionDeniedError):
        project.create_evening("x", "2026-12-03", actor=Actor.resident())
    closed = project.update_evening(ev["id"], {"open": False}, actor=fac)
    assert closed["open"] is False and closed["closed_at"]
    with pytest.raises(ValidationError):
        project.create_evening("", "2026-12-03", actor=fac)
    with pytest.raises(ValidationError):
        project.create_evening("x", "3 december", actor=fac)


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


def test_concurrency_50_threads_x_20(project):
    """50 threads x 20 submissions into one GeoPackage: exactly 1,000 rows, ids distinct."""
    errors: list[BaseException] = []
    ids: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(50)

    def worker(n: int) -> None:
        actor = Actor.resident(f"token-{n}")
        try:
            start.wait()
            for i in range(20):
                rid = project.add("meeting_places",
                                  {"name": f"Plek {n}-{i}", "kind": "overig",
                                   "geometry": Point(5.0 + 0.0002 * n, 52.0 + 0.0004 * i + 1e-4)},
                                  actor=actor)
                with lock:
                    ids.append(rid)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    g = project.read("meeting_places")
    assert len(g) == 1000 and len(ids) == 1000
    assert g["id"].is_unique and set(g["id"]) == set(ids)
    log = project.audit_log()
    assert (log["action"] == "add").sum() == 1000
    con = sqlite3.connect(project.path)
    assert con.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name="
                       "'meeting_places'").fetchone()[0] == 1000
    con.close()


def test_two_processes_write_to_one_file(project, tmp_path):
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(f"""
        from shapely.geometry import Point
        from assetmap.store import GpkgStore, Actor
        import sys
        s = GpkgStore({str(project.path)!r})
        for i in range(40):
            s.add("associations", {{"name": f"Club {{sys.argv[1]}}-{{i}}",
                                   "geometry": Point(5.005, 52.005)}}, actor=Actor.resident("p"))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(k)]) for k in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert len(project.read("associations")) == 120
