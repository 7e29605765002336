"""Saved wijksafari routes (table ``routes``) on every store: GeoPackage and PostGIS.

The ``store`` fixture (tests/store/conftest.py) runs each test on both backends. A saved route
reopens identical (same stops, order and options; the legs and totals planned again are equal),
follows the same rules (a resident's route waits for a facilitator, names are unique), and
travels with ``assetmap copy``, backups and restores.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from assetmap import routing, saved_routes
from assetmap.errors import NotFoundError, PermissionDeniedError, ValidationError
from assetmap.store import Actor, GpkgStore, open_store
from assetmap.store.transfer import copy_project

FAC = Actor.system("opbouwwerker")
DAY = datetime(2026, 12, 3)
PLACES = [(5.0031, 52.0029), (5.0072, 52.0081), (5.0129, 52.0031), (5.0168, 52.0071),
          (5.0091, 52.0052), (5.0049, 52.0071)]


def grid() -> gpd.GeoDataFrame:
    """Streets every ~140 m over both buurten (a walking network without OSM)."""
    xs, ys = np.arange(5.000, 5.0201, 0.002), np.arange(52.000, 52.0101, 0.00125)
    lines = [LineString([(x, y) for y in ys]) for x in xs]  # a vertex at every crossing
    lines += [LineString([(x, y) for x in xs]) for y in ys]
    return gpd.GeoDataFrame({"name": [f"straat {i}" for i in range(len(lines))]},
                            geometry=lines, crs=4326)


@pytest.fixture
def places(store) -> list[str]:
    return store.add_many("meeting_places", [
        {"name": f"Plek {i}", "kind": "overig", "geometry": Point(*xy)}
        for i, xy in enumerate(PLACES)], actor=FAC, status="approved")


def _plan(store, ids, **kw) -> routing.Route:
    cands = routing.stop_candidates(store)
    return routing.plan_route(routing.load_network(grid()), routing.stops_from_ids(cands, ids),
                              **kw)


def test_saved_route_reopens_identical(store, places):
    net = routing.load_network(grid())
    loop = _plan(store, places[:5], start_time=DAY.replace(hour=10), dwell_min=5)
    one_way = _plan(store, [places[4], places[0], places[3], places[5]], end=places[5],
                    method="manual", speed_kmh=routing.SPEED_ACCESSIBLE_KMH, step_free=True,
                    start_time=DAY.replace(hour=19, minute=30))
    saved_routes.save(store, "Rondje", loop, actor=FAC)
    saved_routes.save(store, "Van school naar park", one_way, actor=FAC)
    with open_store(store.location) as again:  # a new handle reads what was stored
        a = again.route_named("rondje")
        b = again.route_named("VAN SCHOOL  naar park")
        # the plan is kept exactly, the same on every backend
        assert {k: a[k] for k in ("name", "order_mode", "start_id", "end_id", "round_trip",
                                  "speed_kmh", "step_free", "dwell_min", "start_time",
                                  "status")} == {
            "name": "Rondje", "order_mode": "optimal", "start_id": places[0], "end_id": None,
            "round_trip": True, "speed_kmh": 4.5, "step_free": False, "dwell_min": 5.0,
            "start_time": "10:00", "status": "approved"}
        assert [s["id"] for s in saved_routes.stops_of(a)] == [s.id for s in loop.stops[:-1]]
        assert saved_routes.stops_of(b) == [{"layer": "meeting_places", "id": i} for i in
                                            (places[4], places[0], places[3], places[5])]
        assert (b["order_mode"], b["end_id"], b["round_trip"], b["speed_kmh"], b["step_free"],
                b["start_time"]) == ("manual", places[5], False, 3.0, True, "19:30")
        assert a["total_m"] == round(loop.total_m, 1)
        # reopened: the same route, leg by leg
        for rec, planned in ((a, loop), (b, one_way)):
            r = saved_routes.reopen(again, rec, net, day=DAY)
            assert r.note() is None
            assert r.route.to_json() == planned.to_json()


def test_route_rules(store, places):
    loop = _plan(store, places[:3])
    alice, bob = Actor.resident("alice-token-1234567"), Actor.resident("bob-token-12345678")
    rec = store.add_route(saved_routes.record_from_route("Langs de plekken", loop), actor=alice,
                          status="approved")
    assert rec["status"] == "pending" and rec["created_by"] == alice.token  # waits
    assert store.routes(status="approved").empty
    with pytest.raises(ValidationError, match="al een route") as err:
        store.add_route(saved_routes.record_from_route(" langs DE plekken ", loop), actor=FAC)
    assert err.value.field == "name"
    with pytest.raises(PermissionDeniedError):
        store.update_route(rec["id"], {"name": "Van Bob"}, actor=bob)
    with pytest.raises(PermissionDeniedError):
        store.update_route(rec["id"], {"status": "approved"}, actor=alice)
    with pytest.raises(PermissionDeniedError):
        store.set_route_status(rec["id"], "approved", actor=alice)
    assert store.set_route_status(rec["id"], "approved", actor=FAC)["status"] == "approved"
    changed = store.update_route(rec["id"], {"name": "Langs drie plekken", "dwell_min": 15},
                                 actor=alice)
    assert changed["status"] == "approved" and changed["dwell_min"] == 15.0
    assert store.get_route(rec["id"])["name"] == "Langs drie plekken"
    # the stops are checked: at least two, each once, of a layer with places
    for stops, msg in (([places[0]], "kies 2 tot"), ([places[0], places[0]], "één keer"),
                       ([("buurten", places[0]), ("meeting_places", places[1])], "geen laag")):
        bad = [s if isinstance(s, tuple) else ("meeting_places", s) for s in stops]
        with pytest.raises(ValidationError, match=msg):
            store.add_route({"name": "Fout", "stops": bad}, actor=FAC)
    with pytest.raises(ValidationError, match="uu:mm"):
        store.update_route(rec["id"], {"start_time": "25:00"}, actor=FAC)
    with pytest.raises(PermissionDeniedError):
        store.delete_route(rec["id"], actor=bob)
    store.delete_route(rec["id"], actor=alice)  # withdrawing one's own proposal
    assert store.get_route(rec["id"]) is None and store.routes().empty
    with pytest.raises(NotFoundError):
        store.delete_route(rec["id"], actor=FAC)
    log = store.audit_log()
    assert list(log[log["layer"] == "routes"]["action"]) == ["add", "approved", "update",
                                                             "delete"]


def test_removed_stop_is_left_out_and_said(store, places):
    loop = _plan(store, places[:4])
    rec = saved_routes.save(store, "Rondje", loop, actor=FAC)
    store.delete("meeting_places", places[1], actor=FAC)
    store.set_status("meeting_places", [places[2]], "hidden", actor=FAC)
    r = saved_routes.reopen(store, rec, routing.load_network(grid()))
    kept = [s["id"] for s in saved_routes.stops_of(rec) if s["id"] not in places[1:3]]
    assert [s.id for s in r.stops] == kept
    assert r.note() == ("1 stop bestaat niet meer: we laten die weg. "
                        "1 stop is niet (meer) openbaar: we laten die weg.")
    assert r.note("en").startswith("1 stop no longer exists")
    assert r.route is not None and len(r.route.stops) == 3  # two stops and back
    store.delete("meeting_places", places[0], actor=FAC)
    r = saved_routes.reopen(store, rec, None)
    assert r.route is None and r.note().startswith("2 stops bestaan niet meer")


def test_routes_travel_with_copy_backup_and_restore(store, places, tmp_path, request):
    rec = saved_routes.save(store, "Rondje", _plan(store, places[:4]), actor=FAC)
    other = request.getfixturevalue("pg_url") if isinstance(store, GpkgStore) \
        else str(tmp_path / "kopie.gpkg")
    assert copy_project(store.location, other).counts["routes"] == 1
    with open_store(other) as copy:
        pd.testing.assert_frame_equal(copy.routes(), store.routes())
    made = store.backup("test")
    store.delete_route(rec["id"], actor=FAC)
    assert store.routes().empty
    store.restore(made.id)
    assert store.get_route(rec["id"]) == rec


def test_a_project_from_before_saved_routes_gets_the_table(store, places):
    """Projects and backups made before this version have no ``routes`` table: opening one
    adds it."""
    if isinstance(store, GpkgStore):
        con = sqlite3.connect(store.path)
        con.executescript("DROP TABLE routes; DELETE FROM gpkg_contents "
                          "WHERE table_name = 'routes';")
        con.close()
    else:
        import psycopg

        from assetmap.store.postgis import parse_url

        conninfo, project = parse_url(store.location)
        with psycopg.connect(conninfo, autocommit=True) as con:
            con.execute(f'DROP TABLE "{project}".routes')
    with open_store(store.location) as old:
        assert old.routes().empty
        saved_routes.save(old, "Rondje", _plan(old, places[:3]), actor=FAC)
        assert len(old.routes()) == 1


def test_erasure_removes_a_residents_routes_also_from_backups(store, places):
    from assetmap import avg

    token = "resident-token-abcdef123456"
    store.add_route(saved_routes.record_from_route("De route van Fatima",
                                                   _plan(store, places[:3])),
                    actor=Actor.resident(token))
    assert avg.subject_access(store, token, actor=FAC)["routes"][0]["name"] == \
        "De route van Fatima"
    store.backup("avond_gesloten")
    assert avg.erase_contributor(store, token, actor=FAC) == 1
    assert store.routes().empty
    for b in store.backups():
        with store.open_backup(b.id) as old:
            assert old.routes().empty, b.reason
