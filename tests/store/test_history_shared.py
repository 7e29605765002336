"""History on every store (GeoPackage and PostGIS): what is recorded, what a comparison says,
what a withdrawal or an erasure leaves behind, older projects and newer CBS years."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from assetmap import avg, evening, schema
from assetmap.analysis import history as hist
from assetmap.store import Actor, GpkgStore, open_store
from assetmap.store.transfer import copy_project
from tests.conftest import two_buurten
from tests.store.history_project import FAC, NOORD, TOKENS, ZUID, recount, three_evenings


def raw_tables(store) -> dict[str, list[tuple]]:
    """Every row of every table of the project, read around the store (sqlite3 or psycopg)."""
    if isinstance(store, GpkgStore):
        return raw_gpkg(store.path)
    import psycopg

    from assetmap.store.postgis import parse_url

    conninfo, project = parse_url(store.location)
    out = {}
    with psycopg.connect(conninfo) as con:
        tables = [r[0] for r in con.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (project,)).fetchall()]
        for t in tables:
            out[t] = con.execute(f'SELECT * FROM "{project}"."{t}"').fetchall()
    return out


def raw_gpkg(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    finally:
        con.close()


def dump(tables: dict[str, list[tuple]]) -> str:
    return "\n".join(repr(r) for rows in tables.values() for r in rows)


def test_every_change_writes_a_history_row(store):
    alice = Actor.resident("alice-token-000000000")
    mp = store.add("meeting_places", {"name": "De Linde", "kind": "buurthuis",
                                      "geometry": Point(*NOORD)}, actor=alice)
    tal = store.add("talents", {"name": "Koken", "gifts_hand": "koken", "display_name": "Fatima",
                                "visibility": "public", "geometry": Point(*ZUID)}, actor=alice)
    store.set_status("meeting_places", [mp], "approved", actor=FAC)
    store.set_status("talents", [tal], "approved", actor=FAC)
    store.update("meeting_places", mp, {"name": "Buurthuis De Linde"}, actor=FAC)
    store.set_status("meeting_places", [mp], "hidden", actor=FAC)
    store.delete("meeting_places", mp, actor=FAC)
    h = store.history()
    rows = h[h["record_id"] == mp]
    assert list(rows["action"]) == ["add", "approved", "update", "hidden", "delete"]
    assert list(rows["status"]) == ["pending", "approved", "approved", "hidden", None]
    assert list(rows["public"]) == [False, True, True, False, False]
    assert rows["fields"].tolist()[2] == "name"
    assert rows["name"].tolist()[-1] == "Buurthuis De Linde"  # a gone place can be redrawn
    assert rows["lon"].notna().all() and rows["kind"].eq("buurthuis").all()
    t = h[h["record_id"] == tal]
    assert list(t["action"]) == ["add", "approved"] and list(t["public"]) == [False, True]
    assert t["buurt_code"].eq("BU0002").all()
    assert t[["name", "kind", "lon", "lat"]].isna().all().all()  # personal layer: buurt only
    assert not h["derived"].any()
    assert store.derive_history() == 0


@pytest.fixture
def grown(store):
    return store, three_evenings(store)


def test_compare_every_pair_of_moments_matches_a_recount(grown):
    store, built = grown
    moments = [hist.parse_when("2026-03-01", store.evenings())] + \
        [hist.parse_when(ev["join_code"], store.evenings()) for ev in built.evenings]
    assert [m.iso for m in moments[1:]] == ["2026-03-12T21:30:00Z", "2026-04-09T21:30:00Z",
                                            "2026-05-14T21:30:00Z"]
    rows = store.history().to_dict("records")
    for (m0, m1), private in itertools.product(itertools.combinations(moments, 2),
                                               (True, False)):
        comp = hist.compare(store.history(), m0, m1, buurten=store.buurten(),
                            archive=store.buurten_archive(), include_private=private)
        before = recount(rows, m0.iso, include_private=private)
        after = recount(rows, m1.iso, include_private=private)
        for r in comp.per_buurt.itertuples(index=False):
            assert r.before == before.get((r.buurt_code, r.layer), 0), (m0.iso, r)
            assert r.after == after.get((r.buurt_code, r.layer), 0), (m1.iso, r)
        table = comp.full_table()
        net = (table["after"] - table["before"]).sum()
        assert net == len(comp.added) - len(comp.removed)
    # what we know by construction
    comp = hist.compare(store.history(), moments[1], moments[3], buurten=store.buurten())
    i = built.ids
    assert set(comp.added["record_id"]) == {i["speeltuin"], i["bakker"], i["kapper"], i["zingen"]}
    assert set(comp.changed["record_id"]) == {i["buurthuis"]}  # when_open changed
    removed = comp.removed_counts().set_index(["buurt_code", "layer"])["count"]
    assert removed.to_dict() == {("BU0001", "meeting_places"): 1}  # the withdrawn bieb
    assert "koor" not in comp.to_dict()["added"]  # added and deleted in between: never counted
    d = comp.to_dict()
    assert set(d) == {"from", "to", "per_buurt", "added", "removed", "changed"}
    pb = {(r["buurt_code"], r["layer"]): r for r in d["per_buurt"]}
    assert pb[("BU0001", "meeting_places")] == {"buurt_code": "BU0001",
                                                "layer": "meeting_places",
                                                "before": 2, "after": 1}
    assert pb[("BU0002", "talents")]["before"] is None  # 1 public talent: hidden (< 3)
    lines = hist.sentences(comp)
    assert any(s.startswith("Sinds de themaavond van 12 maart kwamen er in Zuid 1 "
                            "ontmoetingsplek bij") for s in lines), lines
    assert any("verdwenen er in Noord 1 ontmoetingsplek" in s for s in lines), lines


def test_withdrawn_and_erased_talents_leave_no_trace(grown):
    store, built = grown
    secrets = ["Fatima", "fatima@example.org", "Sara", "sara@example.org", TOKENS["c"],
               "Zingen"]
    talent = store.get("talents", built.ids["koken"])
    with schema.clock("2026-06-01T10:00:00Z"):
        store.update("talents", built.ids["koken"], {"contact": "fatima@example.org",
                                                    "consent_at": "2026-06-01T10:00:00Z"},
                     actor=Actor.resident(TOKENS["c"]))
        sara = evening.submit(store, "talents", {
            "name": "Naaien", "gifts_hand": "naaien", "display_name": "Sara",
            "contact": "sara@example.org", "consent_at": "2026-06-01T10:00:00Z",
            "location_precision": "grid100", "geometry": Point(5.0161, 52.0071)},
            token=TOKENS["h"], limiter=None)
        exact = store.get("talents", sara)["geometry"]
        store.backup("test")  # a backup that holds both talents and their history
    assert any(s in dump(raw_tables(store)) for s in secrets[:2])  # the test can fail
    with schema.clock("2026-06-02T10:00:00Z"):
        evening.withdraw(store, "talents", built.ids["zingen"], token=TOKENS["h"])
        evening.withdraw(store, "talents", sara, token=TOKENS["h"])
        assert avg.erase_contributor(store, TOKENS["c"], actor=FAC) == 1
    tables = raw_tables(store)
    text = dump(tables)
    for s in [*secrets, TOKENS["h"], built.ids["koken"], built.ids["zingen"], sara]:
        assert s not in text, s
    assert f"{exact.x:.7f}"[:9] not in text and f"{exact.y:.7f}"[:9] not in text
    for b in store.backups():
        with store.open_backup(b.id) as old:
            old_text = dump(raw_tables(old))
        assert TOKENS["c"] not in old_text and "Fatima" not in old_text, b.id
        assert "fatima@example.org" not in old_text, b.id
    # only "something of that layer in that buurt was removed" stays, and it still counts
    h = store.history()
    gone = h[(h["layer"] == "talents") & (h["action"] == "removed")]
    assert len(gone) == 3 and gone["buurt_code"].notna().all()  # koken, zingen, sara
    assert gone[["name", "kind", "lon", "lat", "evening_id", "source"]].isna().all().all()
    before = hist.parse_when("2026-05-31", store.evenings())
    after = hist.parse_when("2026-06-03", store.evenings())
    comp = hist.compare(h, before, after, buurten=store.buurten(), include_private=True)
    removed = comp.removed_counts().set_index(["buurt_code", "layer"])["count"]
    assert talent["buurt_code"] == "BU0002"
    assert removed.to_dict() == {("BU0002", "talents"): 2}  # koken and zingen (sara: in between)
    if isinstance(store, GpkgStore):  # secure_delete: not even in freed pages of the file
        store.close()
        blob = store.path.read_bytes()
        for s in ("fatima@example.org", "sara@example.org"):
            assert s.encode() not in blob, s


def test_older_project_gets_derived_history_once(store):
    mp = store.add("meeting_places", {"name": "Oud", "kind": "school",
                                      "geometry": Point(*NOORD)}, actor=Actor.resident("r" * 20))
    store.set_status("meeting_places", [mp], "approved", actor=FAC)
    gone = store.add("meeting_places", {"name": "Weg", "kind": "school",
                                        "geometry": Point(*ZUID)}, actor=FAC)
    store.delete("meeting_places", gone, actor=FAC)
    with store.transaction() as tx:  # as a project made before history existed
        tx.execute("DELETE FROM history")
    fresh = open_store(store.location)
    try:
        h = fresh.history()
        mine = h[h["layer"] == "meeting_places"]
        assert mine["derived"].all()
        assert list(mine.loc[mine["record_id"] == mp, "action"]) == ["add", "approved"]
        assert list(mine.loc[mine["record_id"] == gone, "action"]) == ["add", "delete"]
        assert mine.loc[mine["record_id"] == gone, "buurt_code"].isna().all()  # unknown then
        assert fresh.derive_history() == 0  # idempotent
        comp = hist.compare_store(fresh, "2026-01-01", hist.now_moment())
        assert any("afgeleid" in s for s in hist.sentences(comp))
    finally:
        fresh.close()


def test_newer_cbs_year_keeps_old_buurten_and_counts_in_the_new(store):
    with schema.clock("2026-01-05T09:00:00Z"):
        store.set_buurten(two_buurten(), actor=FAC, year=2025)
    with schema.clock("2026-02-01T12:00:00Z"):
        store.add_many("meeting_places", [
            {"name": f"P{k}", "kind": "sport", "geometry": Point(5.0015 + 0.002 * k, 52.005)}
            for k in range(5)], actor=FAC, status="approved")  # x 5.0015 … 5.0095: all Noord
        store.add("talents", {"name": "T", "gifts_hand": "x", "visibility": "public",
                              "geometry": Point(*NOORD)}, actor=FAC, status="approved")
    # CBS 2026 splits Noord at x = 5.005 into West (BU0003) and Oost (BU0004)
    new = gpd.GeoDataFrame({"code": ["BU0003", "BU0004", "BU0002"],
                            "name": ["West", "Oost", "Zuid"], "inwoners": [600, 600, 900]},
                           geometry=[box(5.0, 52.0, 5.005, 52.01), box(5.005, 52.0, 5.01, 52.01),
                                     box(5.01, 52.0, 5.02, 52.01)], crs=4326)
    with schema.clock("2026-03-01T12:00:00Z"):
        store.set_buurten(new, actor=FAC, year=2026)
    archive = store.buurten_archive()
    assert sorted(archive.loc[archive["year"] == 2025, "code"]) == ["BU0001", "BU0002"]
    assert set(store.buurten()["year"]) == {2026}
    comp = hist.compare_store(store, "2026-02-15", "2026-03-15", include_private=True)
    assert comp.boundaries is not None and comp.boundaries.year_before == 2025
    t = comp.per_buurt.set_index(["buurt_code", "layer"])
    assert set(t.index.get_level_values(0)) == {"BU0003", "BU0004", "BU0002"}
    assert t.loc[("BU0003", "meeting_places"), "before"] == 2  # P0, P1 lie west of 5.005
    assert t.loc[("BU0004", "meeting_places"), "before"] == 3
    assert (t["before"] == t["after"]).all() and len(comp.added) == len(comp.removed) == 0
    assert comp.to_dict()["changed"] == []  # a new division is not a change of an entry
    assert "buurtgrenzen veranderd" in hist.sentences(comp)[0]
    # before the new division, the old one counts
    old = hist.compare_store(store, "2026-01-10", "2026-02-15", include_private=True)
    assert old.boundaries is None
    assert old.per_buurt.set_index(["buurt_code", "layer"]).loc[
        ("BU0001", "meeting_places"), "after"] == 5


def test_copy_keeps_history_and_archive(grown, tmp_path):
    store, _ = grown
    store.set_buurten(two_buurten().assign(year=2026), actor=FAC)
    dst = tmp_path / "kopie.gpkg"
    copy_project(store.location, dst)
    with GpkgStore(dst) as copy:
        a, b = store.history(), copy.history()
        assert len(a) > 15 and a.equals(b)
        assert len(copy.buurten_archive()) == 2


def test_project_made_before_history_is_upgraded_on_opening(store, monkeypatch, tmp_path):
    """A project file or schema without the history tables and the CBS year gets them when
    it is opened, and its history is derived once."""
    old_buurten = schema.Layer("buurten", "Buurten", "Neighbourhoods",
                               tuple(f for f in schema.BUURTEN.fields if f.name != "year"),
                               geometry="MultiPolygon", is_asset=False)
    if isinstance(store, GpkgStore):  # made by the old code: without the new tables
        from assetmap.store import gpkg

        newer = ("history", "buurten_archive")
        old = {k: v for k, v in schema.ALL_LAYERS.items() if k not in newer}
        monkeypatch.setattr(schema, "ALL_LAYERS", {**old, "buurten": old_buurten})
        location = tmp_path / "oud.gpkg"
        gpkg.create_gpkg(location)
        monkeypatch.undo()
        s = open_store(location)
        s.set_buurten(two_buurten(), actor=FAC)
    else:
        with store.transaction() as tx:
            tx.execute("DROP TABLE history")
            tx.execute("DROP TABLE buurten_archive")
            tx.execute("ALTER TABLE buurten DROP COLUMN year")
        s = open_store(store.location)
    try:
        mp = s.add("meeting_places", {"name": "Oud", "kind": "school", "geometry": Point(*NOORD)},
                   actor=FAC)
        assert "year" in s.buurten().columns
        assert list(s.history()["record_id"]) == [mp]
        s.set_buurten(two_buurten().assign(year=2026), actor=FAC)
        assert len(s.buurten_archive()) == 2
    finally:
        s.close()
