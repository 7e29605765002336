"""A project that grows over three theme evenings, with controlled times (for history tests).

:func:`three_evenings` fills a store (with the two test buurten) as residents and a worker would:
submissions through :func:`assetmap.evening.submit`, moderation, a withdrawal, an edit, a
hidden entry, a deletion by the worker, each evening closed in turn (without the backup
that evening.close makes: quicker). Times come from
:func:`assetmap.schema.clock`, so the moments to compare are known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import Point

from assetmap import evening, schema
from assetmap.store import Actor
from assetmap.store.base import BaseStore

FAC = Actor.system("opbouwwerker")
NOORD = (5.003, 52.004)  # BU0001
ZUID = (5.013, 52.004)  # BU0002
TOKENS = {k: (k * 22)[:22] for k in "abcdefgh"}  # resident-like tokens (16+ characters)


@dataclass
class Built:
    """What :func:`three_evenings` made: evenings (in order) and ids by a short name."""

    evenings: list[dict[str, Any]] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)


def _at(x: float, y: float, k: int) -> Point:
    return Point(x + 0.0007 * k, y + 0.0004 * k)


def _mp(name: str, where: tuple[float, float], k: int) -> dict[str, Any]:
    return {"name": name, "kind": "buurthuis", "geometry": _at(*where, k)}


def _submit(store: BaseStore, layer: str, rec: dict[str, Any], who: str, code: str) -> str:
    return evening.submit(store, layer, rec, token=TOKENS[who], evening_code=code, limiter=None)


def three_evenings(store: BaseStore) -> Built:
    """Fill ``store`` over three evenings in 2026 (see the module docstring)."""
    out = Built()
    with schema.clock("2026-03-12T18:00:00Z"):
        ev = store.create_evening("Ontmoeten in de wijk", "2026-03-12", actor=FAC)
    out.evenings.append(ev)
    code = ev["join_code"]
    with schema.clock("2026-03-12T19:15:00Z"):
        out.ids["buurthuis"] = _submit(store, "meeting_places", _mp("Buurthuis De Linde", NOORD,
                                                                    0), "a", code)
        out.ids["bieb"] = _submit(store, "meeting_places", _mp("Bieb", NOORD, 1), "b", code)
        out.ids["bankje"] = _submit(store, "meeting_places", _mp("Bankje", NOORD, 2), "b", code)
        out.ids["koken"] = _submit(store, "talents", {
            "name": "Koken", "gifts_hand": "koken", "display_name": "Fatima",
            "visibility": "public", "geometry": Point(*ZUID)}, "c", code)
        out.ids["fietsen"] = _submit(store, "talents", {
            "name": "Fietsen maken", "gifts_hand": "fietsen", "geometry": Point(*ZUID)}, "a",
            code)
    with schema.clock("2026-03-12T20:30:00Z"):
        store.set_status("meeting_places", [out.ids["buurthuis"], out.ids["bieb"]], "approved",
                         actor=FAC)
        store.set_status("talents", [out.ids["koken"], out.ids["fietsen"]], "approved",
                         actor=FAC)
    with schema.clock("2026-03-12T21:30:00Z"):
        store.update_evening(ev["id"], {"open": False}, actor=FAC)

    with schema.clock("2026-04-09T18:00:00Z"):
        ev = store.create_evening("Samen doen", "2026-04-09", auto_approve=True, actor=FAC)
    out.evenings.append(ev)
    code = ev["join_code"]
    with schema.clock("2026-04-09T19:20:00Z"):
        out.ids["speeltuin"] = _submit(store, "meeting_places", _mp("Speeltuin", ZUID, 0), "d",
                                       code)
        out.ids["koor"] = _submit(store, "associations", {
            "name": "Buurtkoor", "geometry": _at(*NOORD, 3)}, "e", code)
    with schema.clock("2026-04-09T20:00:00Z"):
        evening.withdraw(store, "meeting_places", out.ids["bieb"], token=TOKENS["b"])
    with schema.clock("2026-04-09T20:10:00Z"):
        store.update("meeting_places", out.ids["buurthuis"], {"when_open": "elke dag"},
                     actor=FAC)
    with schema.clock("2026-04-09T21:30:00Z"):
        store.update_evening(ev["id"], {"open": False}, actor=FAC)

    with schema.clock("2026-05-14T18:00:00Z"):
        ev = store.create_evening("Ondernemers", "2026-05-14", auto_approve=True, actor=FAC)
    out.evenings.append(ev)
    code = ev["join_code"]
    with schema.clock("2026-05-14T19:00:00Z"):
        store.set_status("meeting_places", [out.ids["bankje"]], "hidden", actor=FAC)
        store.delete("associations", out.ids["koor"], actor=FAC)
        out.ids["bakker"] = _submit(store, "entrepreneurs", {
            "name": "Bakker Bol", "geometry": _at(*ZUID, 1)}, "f", code)
        out.ids["kapper"] = _submit(store, "entrepreneurs", {
            "name": "Kapper Knip", "geometry": _at(*ZUID, 2)}, "g", code)
        out.ids["zingen"] = _submit(store, "talents", {
            "name": "Zingen", "gifts_heart": "zingen", "visibility": "public",
            "geometry": Point(*ZUID)}, "h", code)
    with schema.clock("2026-05-14T21:30:00Z"):
        store.update_evening(ev["id"], {"open": False}, actor=FAC)
    return out


def recount(history_rows: list[dict[str, Any]], at: str, *,
            include_private: bool) -> dict[tuple[str | None, str], int]:
    """Count the entries a map showed at ``at`` (ISO, Z) straight from the history rows:
    for each entry its last row at or before ``at``. Written plainly, apart from the code
    under test."""
    last: dict[str, dict[str, Any]] = {}
    for row in history_rows:  # insertion order; times are whole seconds in Z form
        if row["at"] <= at:
            prev = last.get(row["record_id"])
            if prev is None or prev["at"] <= row["at"]:
                last[row["record_id"]] = row
    counts: dict[tuple[str | None, str], int] = {}
    for row in last.values():
        if row["action"] in ("delete", "removed"):
            continue
        shown = row["status"] in (("approved", "pending") if include_private else ("approved",))
        if shown:
            key = (row["buurt_code"], row["layer"])
            counts[key] = counts.get(key, 0) + 1
    return counts
