"""The demo's past: two theme evenings before today, so that "Door de tijd" and "Wie is er
gehoord?" have something to show.

Most entries of :mod:`assetmap.demo` stand for the inventory a worker made at the start
(:data:`START`, source ``demo``: sources, not voices). The entries of :data:`AT_EVENINGS` were
added later, at two theme evenings (both closed now), by residents through the form (random
tokens, as fictional as everything in the demo); the worker approved them at the end of the
evening. Two more entries of the first evening are gone since (:data:`GONE`): a meeting place
that closed (the worker deleted it: it shows as gone on the map) and a talent its resident
withdrew (forgotten: only a count). So the demo ends with exactly the entries of
:func:`assetmap.demo.demo_records`, and few voices come from Parkzoom and De Akkers, so the
page can say where to go next.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import numpy as np

from . import evening, schema
from .store import Actor
from .store.base import BaseStore

START = "2026-09-01T10:00:00Z"
EVENINGS = [("Themaavond: ontmoeten in de wijk", "2026-09-24"),
            ("Themaavond: wat kunnen we samen?", "2026-11-05")]

# (layer, name) of demo entries that residents added at an evening: (evening, resident)
AT_EVENINGS: dict[tuple[str, str], tuple[int, int]] = {
    ("meeting_places", "Bankje bij de watertoren"): (0, 0),
    ("meeting_places", "Pop-up terras Molenplein"): (0, 1),  # still waits for approval
    ("meeting_places", "Trapveldje Zoomlaan"): (0, 2),
    ("talents", "Voetbaltraining"): (0, 3),
    ("talents", "Koken voor grote groepen"): (0, 4),
    ("talents", "Computerles"): (0, 5),
    ("talents", "Rap en tekst"): (0, 6),
    ("talents", "Muziek maken"): (0, 7),
    ("meeting_places", "Café De Zwaan (terras)"): (1, 7),
    ("talents", "Verhalen vertellen"): (1, 8),
    ("talents", "Timmeren"): (1, 9),
    ("talents", "Imker"): (1, 2),
    ("talents", "Elektra"): (1, 10),
    ("talents", "Breien"): (1, 11),
    ("talents", "Bloemschikken"): (1, 0),
    ("associations", "Repair Café"): (1, 12),
    ("associations", "Buurtpreventie Parkzoom"): (1, 2),
    ("entrepreneurs", "Toko Sari"): (1, 13),
    ("entrepreneurs", "Kapsalon Knip"): (1, 11),
}
# entries of the past that are gone now: (evening, resident, layer, buurt, fields, fate)
GONE: list[tuple[int, int, str, str, dict[str, Any], str]] = [
    (0, 8, "meeting_places", "Oude Kern", {
        "name": "Leestafel in de wasserette", "kind": "overig",
        "description": "Boeken ruilen terwijl de was draait."}, "closed"),
    (0, 3, "talents", "Spoorkwartier", {
        "name": "Gitaarles", "gifts_hand": "Gitaar spelen", "visibility": "public"},
     "withdrawn"),
]


def resident_token(k: int) -> str:
    """A fixed, random-looking token for demo resident ``k`` (like :func:`new_token`)."""
    digest = hashlib.sha256(f"assetmap-demo-bewoner-{k}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def split(recs: dict[str, list[dict[str, Any]]]
          ) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[int, int, str, dict[str, Any]]]]:
    """The demo records of the first inventory, and those residents add at an evening later
    (evening, resident, layer, record): together exactly the demo's entries."""
    now: dict[str, list[dict[str, Any]]] = {}
    later = []
    for layer, rows in recs.items():
        now[layer] = []
        for r in rows:
            hit = AT_EVENINGS.get((layer, r["name"]))
            if hit is None:
                now[layer].append(r)
            else:
                later.append((hit[0], hit[1], layer, r))
    return now, later


def add_evenings(store: BaseStore, later: list[tuple[int, int, str, dict[str, Any]]]) -> None:
    """Write the two past evenings into the demo ``store`` (one transaction): the entries of
    ``later`` (:func:`split`) and the entries that are gone since."""
    from . import demo

    place = demo._placer(demo.streets_frame(np.random.default_rng(demo.SEED)),
                         np.random.default_rng(demo.SEED + 16))
    fac = Actor.system("opbouwwerker")
    places = store.read("meeting_places")
    place_id = dict(zip(places["name"], places["id"], strict=True))
    with store.transaction():
        gone: list[tuple[str, str, str, int]] = []
        for i, (title, day) in enumerate(EVENINGS):
            with schema.clock(f"{day}T17:30:00Z"):
                ev = store.create_evening(title, day, actor=fac)
            todo: dict[str, list[str]] = {}
            with schema.clock(f"{day}T19:15:00Z"):
                for e, who, layer, rec in later:
                    if e != i:
                        continue
                    rec = {k: v for k, v in rec.items() if k not in ("status", "source")}
                    meets = rec.pop("_meets", None)
                    if meets:
                        rec["meets_at"] = place_id.get(meets)
                    rid = evening.submit(store, layer, rec, token=resident_token(who),
                                         evening_code=ev["join_code"], limiter=None)
                    if not (layer, rec["name"]) == ("meeting_places",
                                                   "Pop-up terras Molenplein"):
                        todo.setdefault(layer, []).append(rid)
                for e, who, layer, buurt, fields, fate in GONE:
                    if e != i:
                        continue
                    p = demo._to_lonlat([place(buurt)]).iloc[0]
                    rec = dict(fields, geometry=type(p)(round(p.x, 7), round(p.y, 7)))
                    rid = evening.submit(store, layer, rec, token=resident_token(who),
                                         evening_code=ev["join_code"], limiter=None)
                    todo.setdefault(layer, []).append(rid)
                    gone.append((layer, rid, fate, who))
            with schema.clock(f"{day}T20:45:00Z"):
                for layer, rids in todo.items():
                    store.set_status(layer, rids, "approved", actor=fac)
            if i == 1:
                with schema.clock(f"{day}T20:50:00Z"):
                    for layer, rid, fate, who in gone:
                        if fate == "withdrawn":
                            evening.withdraw(store, layer, rid, token=resident_token(who))
                        else:
                            store.delete(layer, rid, actor=fac)
            with schema.clock(f"{day}T21:30:00Z"):
                store.update_evening(ev["id"], {"open": False}, actor=fac)
