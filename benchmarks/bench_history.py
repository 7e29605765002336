"""Comparing two moments of a project with 10,000 entries and about 50,000 history rows.

The project (a GeoPackage over 100 buurten) is built through the store as in real use, with
the clock of :func:`assetmap.schema.clock`: 10,000 entries added over five months, all approved,
then hidden and approved again (3,000 of them twice), and a new buurt division (a CBS year)
that moves entries. We time reading the history, :func:`assetmap.analysis.history.compare`
itself, and the whole ``compare_store`` + JSON that ``assetmap compare`` does, against a
baseline in the same run: a bare pandas read of the table (``read_table``) plus a
``groupby().last()`` per entry. Goal: ``assetmap compare`` end to end within 3 s on this machine.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
from shapely.geometry import Point

from assetmap import schema
from assetmap.analysis import history as hist
from assetmap.store import Actor, GpkgStore
from benchmarks.common import Result, grid_buurten, random_points, timed

N = 10_000
GOAL_S = 3.0


def _build(path: Path) -> GpkgStore:
    store = GpkgStore(path, create=True)
    fac = Actor.system("opbouwwerker")
    buurten = grid_buurten(10).assign(year=2025)
    with schema.clock("2026-01-01T09:00:00Z"):
        store.set_buurten(buurten, actor=fac)
    pts = random_points(N, tuple(buurten.total_bounds), seed=9)
    per_month = N // 5
    ids: list[str] = []
    for m in range(5):
        recs = [{"name": f"Plek {k}", "kind": "overig", "geometry": Point(p.x, p.y)}
                for k, p in enumerate(pts[m * per_month:(m + 1) * per_month])]
        with schema.clock(f"2026-0{m + 2}-10T19:30:00Z"):
            ids += store.add_many("meeting_places", recs, actor=fac, status="pending")
        with schema.clock(f"2026-0{m + 2}-10T21:00:00Z"):
            store.set_status("meeting_places", ids[-per_month:], "approved", actor=fac)
    with schema.clock("2026-07-01T10:00:00Z"):
        store.set_status("meeting_places", ids, "hidden", actor=fac)
    with schema.clock("2026-07-02T10:00:00Z"):
        store.set_status("meeting_places", ids, "approved", actor=fac)
    with schema.clock("2026-07-03T10:00:00Z"):  # a second look at 3,000 of them
        store.set_status("meeting_places", ids[:3000], "pending", actor=fac)
    with schema.clock("2026-07-04T10:00:00Z"):
        store.set_status("meeting_places", ids[:3000], "approved", actor=fac)
    shifted = buurten.copy()
    shifted["geometry"] = shifted.geometry.translate(0.004, 0.0)
    with schema.clock("2026-08-01T10:00:00Z"):
        store.set_buurten(shifted.assign(year=2026), actor=fac)
    return store


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        t_build, store = timed(lambda: _build(Path(tmp) / "history.gpkg"))
        try:
            store.history()  # derive once (nothing to derive) and warm up
            rows = len(store.read_table("history"))

            def bare():
                h = store.read_table("history")
                return h.groupby("record_id").last()

            def read():
                return store.history()

            h = store.history()
            m0, m1 = hist.parse_when("2026-03-31"), hist.parse_when("2026-08-15")
            b, arch = store.buurten(), store.buurten_archive()

            def pure():
                return hist.compare(h, m0, m1, buurten=b, archive=arch)

            def whole():
                comp = hist.compare_store(store, "2026-03-31", "2026-08-15")
                return json.dumps(comp.to_dict())

            t_bare, _ = timed(bare, repeat=3)
            t_read, _ = timed(read, repeat=3)
            t_pure, comp = timed(pure, repeat=3)
            t_whole, _ = timed(whole, repeat=3)
        finally:
            store.close()
    return [Result(
        "history: compare 10,000 entries, ~50,000 history rows",
        {"history_rows": rows, "build_s": round(t_build, 1), "bare_read_groupby_s":
         round(t_bare, 3), "read_s": round(t_read, 3), "compare_s": round(t_pure, 3),
         "compare_store_json_s": round(t_whole, 3),
         "ratio_vs_bare": round(t_whole / t_bare, 2),
         "boundaries_changed": comp.boundaries is not None,
         "added": len(comp.added), "per_buurt_rows": len(comp.per_buurt)},
        goal=f"compare end to end <= {GOAL_S:g} s", met=t_whole <= GOAL_S,
        notes=f"{int(np.ceil(rows / 1000))}k rows; re-division between the moments")]
