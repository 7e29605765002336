"""Many rows at once (an import): the R-tree and the feature count come out as with the
per-row triggers, the triggers stay, and a failure leaves nothing half-written."""

from __future__ import annotations

import sqlite3

import pytest

from assetmap.store import Actor, GpkgStore
from assetmap.store.gpkg import BULK_ROWS
from benchmarks.common import random_points
from tests.conftest import BUURT_A, two_buurten


def _facts(path):
    con = sqlite3.connect(path)
    try:
        return {
            "triggers": sorted(r[0] for r in con.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger'")),
            "counts": dict(con.execute("SELECT table_name, feature_count FROM "
                                       "gpkg_ogr_contents")),
            "rtree": con.execute('SELECT id, minx, maxx, miny, maxy FROM '
                                 '"rtree_meeting_places_geom" ORDER BY id').fetchall(),
            "rows": {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                     for t in ("meeting_places", "audit", "history")},
        }
    finally:
        con.close()


def _records(n):
    pts = random_points(n, BUURT_A.bounds, seed=3)
    return [{"name": f"Plek {i}", "kind": "buurthuis", "geometry": p} for i, p in enumerate(pts)]


@pytest.mark.parametrize("n", [BULK_ROWS - 1, BULK_ROWS + 200])
def test_bulk_insert_matches_row_by_row(tmp_path, n):
    facts = []
    for name, many in (("a", False), ("b", True)):
        store = GpkgStore(tmp_path / f"{name}.gpkg", create=True)
        store.set_buurten(two_buurten(), actor=Actor.system())
        store.add("meeting_places", _records(1)[0], actor=Actor.system())
        recs = _records(n)
        if many:
            store.add_many("meeting_places", recs, actor=Actor.system())
        else:
            for r in recs:
                store.add("meeting_places", r, actor=Actor.system())
        store.close()
        facts.append(_facts(tmp_path / f"{name}.gpkg"))
    assert facts[0] == facts[1]
    assert facts[1]["counts"]["meeting_places"] == n + 1 == len(facts[1]["rtree"])


def test_bulk_insert_failing_late_leaves_nothing(tmp_path, monkeypatch):
    store = GpkgStore(tmp_path / "p.gpkg", create=True)
    store.set_buurten(two_buurten(), actor=Actor.system())
    before = _facts(tmp_path / "p.gpkg")

    def boom(*a, **k):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(store, "_history", boom)
    with pytest.raises(RuntimeError):
        store.add_many("meeting_places", _records(BULK_ROWS + 5), actor=Actor.system())
    monkeypatch.undo()
    assert _facts(tmp_path / "p.gpkg") == before
    # and the triggers still work for the next, small insert
    store.add("meeting_places", _records(1)[0], actor=Actor.system())
    after = _facts(tmp_path / "p.gpkg")
    assert after["counts"]["meeting_places"] == 1 and len(after["rtree"]) == 1
    store.close()
