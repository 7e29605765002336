"""A hand-made project where the right suggestions are known.

Two buurten (Noord, Zuid; tests.conftest.two_buurten). In Noord a wish "Moestuin" (theme
groen) in a 100 m cell; a public talent "Tuinieren" 300 m east of it, a meeting place
"Volkstuin De Groene Vinger" (free to use) 500 m north; a private talent with a contact 200 m
north; a free buurthuis 800 m north-east; things that should never be suggested for a
vegetable garden (a sports hall that is not free, a chess club, a bakery). Every point is the
centre of a 100 m cell of RD New, so the talents' cells do not move them.

``with_streets`` adds a street network on which the talent is 700 m away on foot (a detour
north around a block) and the volkstuin 500 m (straight up the street).
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
from shapely.geometry import LineString, Point

from assetmap.store import Actor, GpkgStore
from tests.conftest import BUURT_A, two_buurten

FAC = Actor.system("test")
CONTACT = "geheim-0612345678@example.org"
PRIVATE_TALENT = "Snoeien en tuinieren"


def origin() -> tuple[float, float]:
    """The centre of a 100 m cell inside buurt Noord, 150 m or more from its south-west
    corner (RD New)."""
    b = gpd.GeoSeries([BUURT_A], crs=4326).to_crs(28992).iloc[0].bounds
    return (math.floor(b[0] / 100) * 100 + 250, math.floor(b[1] / 100) * 100 + 250)


def at(dx: float, dy: float) -> Point:
    """The point ``dx``, ``dy`` metres from :func:`origin`, in lon/lat."""
    x0, y0 = origin()
    return gpd.GeoSeries([Point(x0 + dx, y0 + dy)], crs=28992).to_crs(4326).iloc[0]


def build(path: Path, *, with_streets: bool = False) -> dict[str, str]:
    """Write the project at ``path``; returns the ids by short name."""
    store = GpkgStore(path, create=True)
    try:
        store.set_buurten(two_buurten(), actor=FAC)
        ids = {}

        def add(key: str, layer: str, **rec) -> None:
            ids[key] = store.add(layer, rec, actor=FAC, status="approved")

        add("wish", "wishes", name="Moestuin", description="Samen groenten kweken op het veld",
            kind="wens", theme="groen", wants_to_help=True, location_precision="grid100",
            geometry=at(0, 0))
        add("talent", "talents", name="Tuinieren", gifts_hand="Groenten kweken en zaaien",
            visibility="public", location_precision="grid100", geometry=at(300, 0))
        add("volkstuin", "meeting_places", name="Volkstuin De Groene Vinger", kind="park_plein",
            free_to_use=True, geometry=at(0, 500))
        add("private", "talents", name=PRIVATE_TALENT, gifts_hand="Heggen snoeien",
            visibility="facilitators", contact=CONTACT, consent_at="2026-11-01T19:00:00Z",
            location_precision="grid100", geometry=at(0, 200))
        add("buurthuis", "meeting_places", name="Buurthuis", kind="buurthuis", free_to_use=True,
            geometry=at(400, 700))
        add("sporthal", "meeting_places", name="Sporthal", kind="sport", free_to_use=False,
            geometry=at(100, 100))
        add("schaakclub", "associations", name="Schaakclub", activities="schaken",
            geometry=at(100, 0))
        add("bakkerij", "entrepreneurs", name="Bakkerij", offers="brood", geometry=at(0, 100))
        if with_streets:
            lines = [LineString([at(0, 0), at(0, 200), at(300, 200), at(300, 0)]),
                     LineString([at(0, 200), at(0, 500), at(0, 700), at(400, 700)]),
                     LineString([at(100, 0), at(100, 100)]), LineString([at(0, 0), at(100, 0)])]
            store.write_extra_layer("streets", gpd.GeoDataFrame(
                {"name": [f"Straat {k}" for k in range(len(lines))]},
                geometry=gpd.GeoSeries(lines, crs=4326)))
        return ids
    finally:
        store.close()
