"""Every store (GeoPackage and PostGIS) behaves the same: one module, parametrised over both.

The ``store`` fixture (tests/store/conftest.py) gives a new project with two buurten in a
GeoPackage file or in a schema of a throwaway PostGIS cluster.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point

from assetmap import avg, schema
from assetmap.errors import NotFoundError, PermissionDeniedError, ProjectError, ValidationError
from assetmap.store import Actor, GpkgStore, Store, open_store
from assetmap.store.base import KEEP_BACKUPS
from tests.conftest import two_buurten

IN_A = Point(5.005, 52.005)
IN_B = Point(5.015, 52.005)

EXPECTED_DTYPES = {"text": "object", "enum": "object", "url": "object", "id": "object",
                   "date": "object", "datetime": "object", "bool": "boolean", "int": "Int64",
                   "float": "float64"}


def raw_geometries(store, layer: str) -> list:
    """The geometries as stored, read around the store (sqlite3 or psycopg)."""
    if isinstance(store, GpkgStore):
        from assetmap.store.gpkg import decode_geom

        con = sqlite3.connect(store.path)
        try:
            return [decode_geom(b) for (b,) in con.execute(f'SELECT geom FROM "{layer}"')]
        finally:
            con.close()
    import psycopg

    from assetmap.store.postgis import parse_url

    conninfo, project = parse_url(store.location)
    with psycopg.connect(conninfo) as con:
        rows = con.execute(f'SELECT ST_AsBinary(geom) FROM "{project}"."{layer}"').fetchall()
    return [shapely.from_wkb(bytes(b)) for (b,) in rows]


def test_round_trip(store):
    assert isinstance(store, Store)
    alice = Actor.resident("alice")
    rid = store.add("meeting_places", {"name": "De Linde", "kind": "buurthuis",
                                       "accessible": True, "geometry": IN_A}, actor=alice)
    got = store.get("meeting_places", rid)
    assert got["name"] == "De Linde" and got["accessible"] is True
    assert got["free_to_use"] is None
    assert got["created_by"] == "alice" and got["status"] == "pending"
    assert got["buurt_code"] == "BU0001"
    assert got["geometry"].equals(IN_A)
    assert got["created_at"].endswith("Z") and len(got["created_at"]) == 20
    g = store.read("meeting_places")
    assert list(g["id"]) == [rid]
    assert g.crs.to_epsg() == 4326
    # a second handle on the same location sees the committed row
    with open_store(store.location) as again:
        assert again.get("meeting_places", rid) == got


def test_read_returns_the_same_dtypes_on_every_backend(store):
    def check() -> None:
        for layer, spec in schema.ALL_LAYERS.items():
            frame = store.read(layer)
            assert list(frame.columns[:len(spec.fields)]) == spec.field_names
            for f in spec.fields:
                assert str(frame[f.name].dtype) == EXPECTED_DTYPES[f.kind], (layer, f.name)
            if spec.geometry:
                assert frame.crs.to_epsg() == 4326

    check()  # empty layers
    store.add("associations", {"name": "Koor", "size": 30, "geometry": IN_A})
    store.add("meeting_places", {"name": "A", "kind": "school", "free_to_use": False,
                                 "geometry": IN_B})
    store.create_evening("Avond", "2026-12-03", actor=Actor.system())
    check()
    a = store.read("associations").iloc[0]
    assert a["size"] == 30 and a["name"] == "Koor" and a["website"] is None
    assert store.read("meeting_places")["free_to_use"].tolist() == [False]
    assert store.read("meeting_places")["accessible"].isna().all()
    assert store.read("buurten")["inwoners"].tolist()[1] is pd.NA
    assert store.read("buurten")["area_m2"].notna().all()
    assert store.evenings()["date"].tolist() == ["2026-12-03"]


def test_read_filters_by_status_and_evening(store):
    fac = Actor.system()
    ev = store.create_evening("Avond", "2026-12-03", actor=fac)
    a = store.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A},
                  actor=Actor.resident("r"))
    b = store.add("meeting_places", {"name": "B", "kind": "school", "evening_id": ev["id"],
                                     "geometry": IN_B}, actor=fac, status="approved")
    assert store.read("meeting_places", status="pending")["id"].tolist() == [a]
    assert store.read("meeting_places", status=("approved", "hidden"))["id"].tolist() == [b]
    assert store.read("meeting_places", evening_id=ev["id"])["id"].tolist() == [b]
    assert len(store.read("meeting_places", status=[])) == 0


def test_buurt_code_by_point_in_polygon_and_reassigned(store):
    a = store.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
    b = store.add("meeting_places", {"name": "B", "kind": "school", "geometry": IN_B})
    out = store.add("meeting_places", {"name": "C", "kind": "school",
                                       "geometry": Point(5.03, 52.005)})
    assert store.get("meeting_places", a)["buurt_code"] == "BU0001"
    assert store.get("meeting_places", b)["buurt_code"] == "BU0002"
    assert store.get("meeting_places", out)["buurt_code"] is None
    nb = two_buurten()
    nb["code"] = ["BU0010", "BU0020"]
    store.set_buurten(nb, actor=Actor.system())
    assert store.get("meeting_places", a)["buurt_code"] == "BU0010"
    assert sorted(store.buurten()["code"]) == ["BU0010", "BU0020"]
    assert store.area().buurt_of(IN_B) == "BU0020"  # the cached area follows the new buurten


def test_validation_error_stores_nothing(store):
    with pytest.raises(ValidationError):
        store.add("meeting_places", {"name": "", "kind": "school", "geometry": IN_A})
    with pytest.raises(ValidationError):
        store.add_many("meeting_places", [
            {"name": "ok", "kind": "school", "geometry": IN_A},
            {"name": "bad", "kind": "kasteel", "geometry": IN_A}])
    assert len(store.read("meeting_places")) == 0
    assert len(store.audit_log()) == 1  # only the buurten import


def test_transaction_is_all_or_nothing(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
        store.add("meeting_places", {"name": "B", "kind": "school", "geometry": IN_A})
        raise RuntimeError("stroom uitgevallen")
    assert len(store.read("meeting_places")) == 0
    assert len(store.audit_log()) == 1
    with store.transaction():
        store.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
        store.add("meeting_places", {"name": "B", "kind": "school", "geometry": IN_A})
        assert len(store.read("meeting_places")) == 2  # reads inside see the open transaction
    assert len(store.read("meeting_places")) == 2


def test_residents_change_only_their_own_entries(store):
    alice, bob = Actor.resident("alice"), Actor.resident("bob")
    rid = store.add("talents", {"name": "Koken", "gifts_hand": "koken", "geometry": IN_A},
                    actor=alice)
    with pytest.raises(PermissionDeniedError):
        store.update("talents", rid, {"name": "Gekaapt"}, actor=bob)
    with pytest.raises(PermissionDeniedError):
        store.delete("talents", rid, actor=bob)
    with pytest.raises(PermissionDeniedError):
        store.update("talents", rid, {"name": "x"}, actor=Actor(token=None))
    with pytest.raises(PermissionDeniedError):
        store.update("talents", rid, {"status": "approved"}, actor=alice)
    with pytest.raises(PermissionDeniedError):
        store.set_status("talents", [rid], "approved", actor=alice)
    assert store.get("talents", rid)["name"] == "Koken"
    store.update("talents", rid, {"name": "Koken voor 40"}, actor=alice)
    assert store.get("talents", rid)["name"] == "Koken voor 40"
    store.set_status("talents", [rid], "approved", actor=Actor.system())
    assert store.get("talents", rid)["status"] == "approved"
    store.delete("talents", rid, actor=alice)
    assert store.get("talents", rid) is None
    with pytest.raises(NotFoundError):
        store.delete("talents", rid, actor=alice)


def test_audit_row_per_change_without_personal_values(store):
    alice = Actor.resident("alice")
    rid = store.add("talents", {"name": "Koken", "gifts_hand": "koken", "display_name": "Fatima",
                                "contact": "fatima@example.org",
                                "consent_at": "2026-11-21T19:00:00Z", "geometry": IN_A},
                    actor=alice)
    assert store.get("talents", rid)["consent_at"] == "2026-11-21T19:00:00Z"
    store.update("talents", rid, {"display_name": "F."}, actor=alice)
    log = store.audit_log()
    mine = log[log["record_id"] == rid]
    assert list(mine["action"]) == ["add", "update"]
    assert list(mine["token"]) == ["alice"] * 2
    assert mine["fields"].iloc[1] == "display_name"
    store.delete("talents", rid, actor=alice)
    log = store.audit_log()
    # a withdrawal forgets who: the rows stay (add, update, delete) under a new id, no token
    assert not (log["record_id"] == rid).any()
    gone = log[log["layer"] == "talents"]
    assert list(gone["action"]) == ["add", "update", "delete"]
    assert gone["token"].isna().all() and gone["record_id"].nunique() == 1
    dump = log.astype(str).to_string()
    for secret in ("Fatima", "fatima@example.org", "F."):
        assert secret not in dump


def test_update_validates_and_keeps_system_fields(store):
    alice = Actor.resident("alice")
    rid = store.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A},
                    actor=alice)
    before = store.get("meeting_places", rid)
    with pytest.raises(ValidationError):
        store.update("meeting_places", rid, {"kind": "kasteel"}, actor=alice)
    with pytest.raises(PermissionDeniedError):
        store.update("meeting_places", rid, {"created_by": "bob"}, actor=alice)
    after = store.update("meeting_places", rid, {"geometry": IN_B}, actor=alice)
    assert after["buurt_code"] == "BU0002"
    assert after["created_at"] == before["created_at"] and after["created_by"] == "alice"
    assert store.get("meeting_places", rid)["geometry"].equals(IN_B)


def test_talent_location_reduced_in_store(store):
    home = Point(5.0137, 52.0021)
    rid = store.add("talents", {"name": "Koken", "gifts_hand": "koken", "geometry": home})
    stored = store.get("talents", rid)["geometry"]
    assert stored.equals(store.area().representative_point("BU0002"))
    raw = raw_geometries(store, "talents")
    assert len(raw) == 1 and all(not g.equals(home) for g in raw)
    assert raw[0].equals(stored)


def test_evenings(store):
    fac = Actor.system()
    ev = store.create_evening("Themaavond", "2026-12-03", actor=fac)
    assert len(ev["join_code"]) == 6 and ev["open"] is True
    assert store.evening_by_code(ev["join_code"].lower())["id"] == ev["id"]
    assert store.evening_by_code("ZZZZZZ") is None
    with pytest.raises(PermissionDeniedError):
        store.create_evening("x", "2026-12-03", actor=Actor.resident())
    closed = store.update_evening(ev["id"], {"open": False}, actor=fac)
    assert closed["open"] is False and closed["closed_at"]
    row = store.evenings().iloc[0]
    assert bool(row["open"]) is False and row["closed_at"] == closed["closed_at"]
    assert row["date"] == "2026-12-03"
    with pytest.raises(ValidationError):
        store.create_evening("", "2026-12-03", actor=fac)
    with pytest.raises(ValidationError):
        store.create_evening("x", "3 december", actor=fac)


def test_concurrency_50_threads_x_20(store):
    """50 threads x 20 submissions into one project: exactly 1,000 rows, ids distinct."""
    errors: list[BaseException] = []
    ids: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(50)

    def worker(n: int) -> None:
        actor = Actor.resident(f"token-{n}")
        try:
            start.wait()
            for i in range(20):
                rid = store.add("meeting_places",
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
    g = store.read("meeting_places")
    assert len(g) == 1000 and len(ids) == 1000
    assert g["id"].is_unique and set(g["id"]) == set(ids)
    log = store.audit_log()
    assert (log["action"] == "add").sum() == 1000
    if isinstance(store, GpkgStore):
        con = sqlite3.connect(store.path)
        assert con.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name="
                           "'meeting_places'").fetchone()[0] == 1000
        con.close()


def test_several_processes_write_at_once(store):
    code = textwrap.dedent(f"""
        import sys
        from shapely.geometry import Point
        from assetmap.store import Actor, open_store
        with open_store({store.location!r}) as s:
            for i in range(40):
                s.add("associations", {{"name": f"Club {{sys.argv[1]}}-{{i}}",
                                       "geometry": Point(5.005, 52.005)}},
                      actor=Actor.resident("p" + sys.argv[1]))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(k)]) for k in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    g = store.read("associations")
    assert len(g) == 120 and g["id"].is_unique
    assert sorted(g["created_by"].unique()) == ["p0", "p1", "p2"]


# ---------------------------------------------------------------- extra layers and backups


def _lines(n: int = 3) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"highway": ["residential"] * n, "name": [f"Straat {i}" for i in range(n)]},
        geometry=[LineString([(5.001, 52.001 + i * 1e-3), (5.009, 52.001 + i * 1e-3)])
                  for i in range(n)], crs=4326)


def test_extra_layers_round_trip(store):
    assert store.streets() is None and store.read_extra_layer("network_walk") is None
    assert store.write_extra_layer("streets", _lines(2)) == 2
    assert store.write_extra_layer("network_walk", _lines(3).to_crs(28992)) == 3
    streets = store.streets()
    assert list(streets["name"]) == ["Straat 0", "Straat 1"] and streets.crs.to_epsg() == 4326
    net = store.read_extra_layer("network_walk")
    assert len(net) == 3 and net.geometry.iloc[0].equals_exact(_lines(1).geometry.iloc[0], 1e-7)
    assert store.write_extra_layer("streets", _lines(1)) == 1  # replaced, not appended
    assert len(store.streets()) == 1
    for bad in ("talents", "x; DROP TABLE buurten"):
        with pytest.raises(ValueError):
            store.write_extra_layer(bad, _lines(1))


def test_backup_restore_and_undo(store):
    fac = Actor.system()
    first = store.add("meeting_places", {"name": "Eerste", "kind": "overig", "geometry": IN_A},
                      actor=fac)
    store.write_extra_layer("streets", _lines(2))
    made = store.backup(reason="import")
    assert made.reason == "import" and made.size > 0 and made.created.tzinfo is not None
    store.add("meeting_places", {"name": "Tweede", "kind": "overig", "geometry": IN_B},
              actor=fac)
    store.write_extra_layer("network_walk", _lines(3))
    other = two_buurten().assign(code=["BU0003", "BU0004"])
    store.set_buurten(other, actor=fac)
    assert store.area().buurt_of(IN_A) == "BU0003"

    assert [b.id for b in store.backups()] == [made.id]
    undo = store.restore(made.id)
    assert undo.reason == "voor_herstel"
    assert list(store.read("meeting_places")["id"]) == [first]
    assert list(store.buurten()["code"]) == ["BU0001", "BU0002"]
    assert store.area().buurt_of(IN_A) == "BU0001"  # the cached area was refreshed
    assert len(store.streets()) == 2 and store.read_extra_layer("network_walk") is None
    with open_store(store.location) as again:  # another handle sees the restored project
        assert list(again.read("meeting_places")["name"]) == ["Eerste"]
        assert again.area().buurt_of(IN_A) == "BU0001"
    # the state before the restore is kept, so the restore can be undone
    assert [b.reason for b in store.backups()] == ["voor_herstel", "import"]
    with store.open_backup(undo.id) as before:
        assert set(before.read("meeting_places")["name"]) == {"Eerste", "Tweede"}
    store.restore(undo.id)
    assert set(store.read("meeting_places")["name"]) == {"Eerste", "Tweede"}
    assert store.area().buurt_of(IN_A) == "BU0003"
    rid = store.add("associations", {"name": "Na herstel", "geometry": IN_A}, actor=fac)
    assert store.get("associations", rid)["buurt_code"] == "BU0003"
    with pytest.raises(ProjectError):
        store.restore("bestaat-niet")
    with pytest.raises(ProjectError):
        store.open_backup("bestaat-niet")


def test_backups_keep_the_newest(store):
    for i in range(4):
        store.backup(reason=f"stap {i}")
    assert [b.reason for b in store.backups()] == ["stap_3", "stap_2", "stap_1", "stap_0"]
    assert store.prune_backups(keep=2) == 2
    assert [b.reason for b in store.backups()] == ["stap_3", "stap_2"]
    assert KEEP_BACKUPS == 20


def test_erasure_purges_every_backup(store):
    token = "a" * 20
    store.add("talents", {"name": "Fietsen maken", "gifts_hand": "fietsen maken",
                          "location_precision": "buurt",
                          "geometry": IN_A}, actor=Actor.resident(token))
    keep = store.add("talents", {"name": "Koken", "gifts_hand": "koken",
                                 "location_precision": "buurt",
                                 "geometry": IN_B}, actor=Actor.resident("b" * 20))
    store.backup(reason="handmatig")
    assert avg.erase_contributor(store, token, actor=Actor.system()) == 1
    backups = store.backups()
    assert [b.reason for b in backups] == ["verwijderen_op_verzoek", "handmatig"]
    for b in backups:  # no copy of the erased entry stays behind
        with store.open_backup(b.id) as old:
            talents = old.read("talents")
            assert list(talents["id"]) == [keep]


def test_a_withdrawal_survives_a_restore(store):
    """Issue 12, item 5, on both backends: a withdrawn entry is gone from the backups too."""
    from assetmap import evening

    token = "w" * 22
    gone = store.add("talents", {"name": "Naaien", "gifts_hand": "naaien",
                                 "location_precision": "buurt", "geometry": IN_A},
                     actor=Actor.resident(token))
    stays = store.add("talents", {"name": "Koken", "gifts_hand": "koken",
                                  "location_precision": "buurt", "geometry": IN_B},
                      actor=Actor.resident("k" * 22))
    made = store.backup(reason="avond_gesloten")
    evening.withdraw(store, "talents", gone, token=token)
    store.restore(made.id)
    assert store.get("talents", gone) is None and store.get("talents", stays) is not None


# ---------------------------------------------------------------- wishes and links

def _wish(**kw):
    return {"name": "Moestuin", "kind": "wens", "theme": "groen", **kw}


def test_wishes_are_located_like_talents(store):
    area = store.area()
    me = Actor.resident("bewoner-1")
    a = store.add("wishes", _wish(geometry=IN_A), actor=me)
    got = store.get("wishes", a)
    assert got["status"] == "pending" and got["created_by"] == "bewoner-1"
    assert got["location_precision"] == "buurt" and got["wants_to_help"] is False
    assert got["geometry"].equals(area.representative_point("BU0001"))  # never the spot given
    b = store.add("wishes", _wish(buurt_code="BU0002", kind="signaal", theme="veiligheid",
                                  wants_to_help=True))
    assert store.get("wishes", b)["geometry"].equals(area.representative_point("BU0002"))
    c = store.add("wishes", _wish(geometry=IN_B, location_precision="grid100"))
    assert store.get("wishes", c)["geometry"].equals(area.snap_grid(IN_B))
    with pytest.raises(ValidationError, match="Thema"):
        store.add("wishes", _wish(theme="ruimtevaart", geometry=IN_A))
    with pytest.raises(ValidationError, match="Locatie"):
        store.add("wishes", _wish())
    frame = store.read("wishes")
    assert frame["wants_to_help"].tolist() == [False, True, False]
    assert str(frame["wants_to_help"].dtype) == "boolean"
    # wishes count in the project's counts, after the asset layers
    assert list(store.counts().columns)[-1] == "wishes"


def test_links_rules_permissions_and_cascade(store):
    fac = Actor.system()
    me = Actor.resident("bewoner-2")
    wish = store.add("wishes", _wish(geometry=IN_A), actor=fac, status="approved")
    talent = store.add("talents", {"name": "Tuinieren", "gifts_hand": "tuin",
                                   "buurt_code": "BU0002"}, actor=fac, status="approved")
    place = store.add("meeting_places", {"name": "Volkstuin", "kind": "park_plein",
                                         "geometry": IN_A}, actor=fac, status="approved")
    mine = store.add("talents", {"name": "Compost", "gifts_hand": "compost",
                                 "buurt_code": "BU0001"}, actor=me)
    helps = {"from_layer": "talents", "from_id": talent, "to_layer": "wishes", "to_id": wish,
             "kind": "helps_with", "note": "bellen na de avond"}
    lid = store.add_link(helps, actor=fac)
    row = store.links().set_index("id").loc[lid]
    assert row["status"] == "approved" and row["tie"] == "bridging"  # two buurten
    assert row["created_by"] == fac.token and row["note"] == "bellen na de avond"
    with pytest.raises(ValidationError, match="bestaat al"):
        store.add_link(helps, actor=fac)
    inst = store.add_link({"from_layer": "wishes", "from_id": wish, "kind": "supported_by",
                           "to_layer": "institution", "to_id": "gemeente"}, actor=fac)
    assert store.links().set_index("id").loc[inst, "tie"] == "linking"
    # the kind must fit the layers; an institution must be known; ends must exist
    for bad in ({**helps, "kind": "meets_at"}, {**helps, "to_layer": "meeting_places",
                                                  "to_id": place},
                {"from_layer": "wishes", "from_id": wish, "kind": "supported_by",
                 "to_layer": "institution", "to_id": "kerk"},
                {**helps, "to_id": talent, "to_layer": "talents", "kind": "works_with",
                 "from_id": talent}):
        with pytest.raises(ValidationError):
            store.add_link(bad, actor=fac)
    with pytest.raises(NotFoundError):
        store.add_link({**helps, "from_id": "00000000-0000-4000-8000-000000000000"}, actor=fac)
    # residents: only from or to their own entry, and it waits for approval
    with pytest.raises(PermissionDeniedError):
        store.add_link({"from_layer": "wishes", "from_id": wish, "kind": "meets_at",
                        "to_layer": "meeting_places", "to_id": place}, actor=me)
    own = store.add_link({**helps, "from_id": mine}, actor=me)
    assert store.links(status="pending")["id"].tolist() == [own]
    assert store.links().set_index("id").loc[own, "tie"] == "bonding"
    with pytest.raises(PermissionDeniedError):
        store.set_status("links", [own], "approved", actor=me)
    store.set_status("links", [own], "approved", actor=fac)
    with pytest.raises(PermissionDeniedError):
        store.delete_link(lid, actor=me)
    store.delete_link(own, actor=me)
    # deleting an entry removes its links, with an audit row, and nothing else
    store.delete("wishes", wish, actor=fac)
    assert store.links().empty
    log = store.audit_log()
    gone = log[(log["layer"] == "links") & (log["action"] == "delete")]
    assert set(gone["record_id"]) == {own, lid, inst}
    assert store.get("talents", talent) is not None


def test_copy_keeps_wishes_and_links(store, tmp_path):
    from assetmap.store.transfer import copy_project

    fac = Actor.system()
    wish = store.add("wishes", _wish(geometry=IN_A), actor=fac, status="approved")
    place = store.add("meeting_places", {"name": "Volkstuin", "kind": "park_plein",
                                         "geometry": IN_A}, actor=fac, status="approved")
    store.add_link({"from_layer": "wishes", "from_id": wish, "kind": "meets_at",
                    "to_layer": "meeting_places", "to_id": place, "note": "zaterdag"},
                   actor=fac)
    out = tmp_path / "kopie.gpkg"
    report = copy_project(store.location, out)
    assert report.counts["wishes"] == 1 and report.counts["links"] == 1
    with GpkgStore(out) as copy:
        pd.testing.assert_frame_equal(copy.links(), store.links())
        a, b = store.read("wishes"), copy.read("wishes")
        pd.testing.assert_frame_equal(pd.DataFrame(a.drop(columns="geometry")),
                                      pd.DataFrame(b.drop(columns="geometry")))
        assert a.geometry.iloc[0].equals(b.geometry.iloc[0])


def test_stamp_changes_whenever_what_read_returns_changes(store):
    """The app keeps maps and buurten per process until ``stamp`` changes: it must change with
    every change of ``read(layer, status=…)`` (also from another handle), and should not
    change when only pending entries come in (a theme evening) or other layers change."""
    fac, alice = Actor.system(), Actor.resident("alice")

    def stamps():
        return {"approved": store.stamp("meeting_places", status="approved"),
                "pending": store.stamp("meeting_places", status="pending"),
                "all": store.stamp("meeting_places"),
                "talents": store.stamp("talents", status="approved"),
                "buurten": store.stamp("buurten"), "evenings": store.stamp("evenings")}

    def changed(before):
        now = stamps()
        return {k for k in now if now[k] != before[k]}

    s0 = stamps()
    assert stamps() == s0  # reading changes nothing
    rid = store.add("meeting_places", {"name": "Plein", "kind": "park_plein",
                                       "geometry": IN_A}, actor=alice)
    assert changed(s0) == {"pending", "all"}  # a pending entry: the public map stays
    s1 = stamps()
    store.set_status("meeting_places", [rid], "approved", actor=fac)
    assert changed(s1) == {"approved", "pending", "all"}
    s2 = stamps()
    with open_store(store.location) as other:  # another handle (another process) edits
        other.update("meeting_places", rid, {"name": "Het Plein"}, actor=fac)
    assert changed(s2) >= {"approved", "all"}
    s3 = stamps()
    store.add("meeting_places", {"name": "Bank", "kind": "overig", "geometry": IN_B},
              actor=fac, status="approved")
    assert changed(s3) == {"approved", "all"}
    s4 = stamps()
    store.delete("meeting_places", rid, actor=fac)
    assert changed(s4) >= {"approved", "all"}
    assert "talents" not in changed(s4) and "evenings" not in changed(s4)
    s5 = stamps()
    store.create_evening("Themaavond", "2026-12-03", actor=fac)
    assert changed(s5) == {"evenings"}
    s6 = stamps()
    store.set_buurten(two_buurten(), actor=fac)  # buurt codes of every entry may change
    assert changed(s6) >= {"buurten", "approved", "all", "talents"}


def test_approve_only_the_version_the_facilitator_read(store):
    """Issue 12 item 9: a resident who changes an entry between the facilitator reading and
    approving it does not get the new text approved unseen."""
    from assetmap import evening
    from assetmap.errors import ChangedMeanwhileError

    fac, bea = Actor(token="fw", facilitator=True), Actor.resident("bea-token-0000000000")
    rid = store.add("meeting_places", {"name": "Buurtkamer", "kind": "buurthuis",
                                       "geometry": IN_A}, actor=bea)
    other = store.add("meeting_places", {"name": "Speeltuin", "kind": "park_plein",
                                         "geometry": IN_B}, actor=bea)
    read = {r: schema.record_version(store.get("meeting_places", r)) for r in (rid, other)}
    store.update("meeting_places", rid, {"name": "Kom naar mijn feest, 06-12345678"}, actor=bea)
    with pytest.raises(ChangedMeanwhileError, match="gewijzigd"):
        evening.moderate(store, "meeting_places", [other, rid], "approve", actor=fac,
                         expected=read)
    # all or nothing: neither entry was approved
    assert {store.get("meeting_places", r)["status"] for r in (rid, other)} == {"pending"}
    # a change of the location counts too
    store.update("meeting_places", other, {"geometry": Point(5.006, 52.006)}, actor=bea)
    with pytest.raises(ChangedMeanwhileError):
        evening.moderate(store, "meeting_places", [other], "approve", actor=fac,
                         expected={other: read[other]})
    # the version read now is approved; the fingerprint ignores status and times
    now = {r: schema.record_version(store.get("meeting_places", r)) for r in (rid, other)}
    assert evening.moderate(store, "meeting_places", [rid, other], "approve", actor=fac,
                            expected=now) == 2
    assert store.get("meeting_places", rid)["status"] == "approved"
    assert schema.record_version(store.get("meeting_places", rid)) == now[rid]
