"""Assets from OpenStreetMap: an .osm/.osm.pbf/Overpass file, or Overpass for the project area.

What becomes what lives in one table, :data:`OSM_MAPPING`. Ways (a park, a sports field) become
one point inside the shape. Every entry gets ``source = "osm"``, ``source_ref = "node/123"``
(or ``way/…``) and status ``pending``, so a facilitator reviews it first; importing the same
file again adds nothing. Walking networks are read elsewhere (:mod:`assetmap.io.osm`).
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shapely.geometry import LineString, MultiPoint, Point, Polygon

from .. import i18n, schema
from ..config import Config
from ..errors import ImportFormatError, ValidationError
from ..store.base import Actor, BaseStore
from . import _http, _osm
from ._common import ImportReport, RowProblem, check_file


@dataclass(frozen=True)
class OsmRule:
    """One row of the mapping: OSM ``tag=value`` (``value None``: any) to a layer."""

    tag: str
    value: str | None
    layer: str
    fixed: tuple[tuple[str, str], ...]  # field values set on the record
    label: str  # Dutch name used when the OSM feature has no name


# The one mapping table. First match wins, so specific rows come before catch-alls.
OSM_MAPPING: tuple[OsmRule, ...] = (
    OsmRule("amenity", "community_centre", "meeting_places", (("kind", "buurthuis"),),
            "Buurthuis"),
    OsmRule("amenity", "library", "meeting_places", (("kind", "bibliotheek"),), "Bibliotheek"),
    OsmRule("amenity", "place_of_worship", "meeting_places", (("kind", "gebedshuis"),),
            "Gebedshuis"),
    OsmRule("amenity", "social_facility", "meeting_places", (("kind", "overig"),),
            "Zorg- of welzijnsvoorziening"),
    OsmRule("leisure", "park", "meeting_places", (("kind", "park_plein"),), "Park"),
    OsmRule("leisure", "playground", "meeting_places", (("kind", "park_plein"),), "Speeltuin"),
    OsmRule("leisure", "sports_centre", "meeting_places", (("kind", "sport"),), "Sportcentrum"),
    OsmRule("leisure", "pitch", "meeting_places", (("kind", "sport"),), "Sportveld"),
    OsmRule("amenity", "cafe", "meeting_places", (("kind", "horeca"),), "Café"),
    OsmRule("amenity", "restaurant", "meeting_places", (("kind", "horeca"),), "Restaurant"),
    OsmRule("shop", None, "entrepreneurs", (), "Winkel"),
    OsmRule("craft", None, "entrepreneurs", (), "Ambacht"),
    OsmRule("club", None, "associations", (), "Club"),
)
OVERPASS_URL = "https://overpass-api.de/api/interpreter"


def match(tags: Mapping[str, str]) -> OsmRule | None:
    """The first rule of :data:`OSM_MAPPING` that ``tags`` satisfy."""
    for rule in OSM_MAPPING:
        v = tags.get(rule.tag)
        if v and v != "no" and (rule.value is None or v == rule.value):
            return rule
    return None


@dataclass
class OsmFeature:
    ref: str  # node/123, way/45
    tags: dict[str, str]
    point: Point | None


def to_record(f: OsmFeature, rule: OsmRule) -> dict[str, Any]:
    """A record of ``rule.layer`` for one OSM feature."""
    t = f.tags
    rec: dict[str, Any] = {k: v for k, v in rule.fixed}
    rec["name"] = (t.get("name") or t.get("official_name") or t.get("brand")
                   or t.get("operator") or rule.label)[:schema.NAME_MAX]
    desc = t.get("description")
    street = " ".join(p for p in (t.get("addr:street"), t.get("addr:housenumber")) if p)
    rec["description"] = desc or (street or None)
    site = t.get("website") or t.get("contact:website") or t.get("url")
    if rule.layer == "meeting_places":
        rec["when_open"] = (t.get("opening_hours") or "")[:500] or None
        wc = t.get("wheelchair")
        rec["accessible"] = True if wc == "yes" else False if wc == "no" else None
        fee = t.get("fee")
        rec["free_to_use"] = True if fee == "no" else False if fee == "yes" else None
    elif rule.layer == "entrepreneurs":
        v = t.get(rule.tag, "")
        rec["sector"] = (v if v != "yes" else rule.label).replace("_", " ")[:schema.NAME_MAX]
        rec["website"] = site
    elif rule.layer == "associations":
        v = t.get("club", "")
        rec["activities"] = v.replace("_", " ") if v and v != "yes" else None
        rec["website"] = site
    rec["geometry"] = f.point
    rec["source"] = "osm"
    rec["source_ref"] = f.ref
    return rec


# --------------------------------------------------------------------------- reading


def read_osm(path: str | os.PathLike[str]) -> list[OsmFeature]:
    """Nodes and ways with tags from an OSM file (.osm, .osm.pbf, .osm.bz2) or Overpass JSON.

    Read by the one OSM reader (:mod:`assetmap.io._osm`). Relations are not turned into points
    from files (their members are often missing in extracts).
    """
    p = check_file(path)
    name = p.name.lower()
    if not name.endswith(".json") and not _osm.is_osm_file(p):
        raise ImportFormatError(key="osm_unknown_type", params={"name": p.name})
    keys = sorted({rule.tag for rule in OSM_MAPPING})
    return [_feature(e) for e in _osm.read(p, keys=keys, keep=_wanted)]


def _wanted(kind: str, tags: Mapping[str, str]) -> bool:
    return match(tags) is not None


def _feature(e: _osm.Element) -> OsmFeature:
    """A node's location; else the centre Overpass gave; else a point on or inside the shape."""
    if e.kind == "node" and e.coords:
        pt: Point | None = Point(e.coords[0])
    elif e.center is not None:
        pt = Point(e.center)
    else:
        pt = _inside(e.coords)
    return OsmFeature(e.ref, e.tags, pt)


def _inside(coords: list[tuple[float, float]]) -> Point | None:
    """A point on or inside the shape of a way (closed: polygon; open: line)."""
    if not coords:
        return None
    if len(coords) >= 4 and coords[0] == coords[-1]:
        poly = Polygon(coords)
        if poly.is_valid and not poly.is_empty:
            return poly.representative_point()
    if len(coords) >= 2:
        return LineString(coords).interpolate(0.5, normalized=True)
    return MultiPoint(coords).centroid


def _read_overpass_json(raw: bytes, name: str) -> list[OsmFeature]:
    return [_feature(e) for e in _osm.read_overpass_json(raw, name, keep=_wanted)]


def overpass_features(elements: Iterable[Mapping[str, Any]]) -> list[OsmFeature]:
    """Features from Overpass ``elements`` (``out center``, ``out geom`` or plain ways).

    Elements without a usable id or location are kept without a point (reported later);
    malformed values never raise anything but :class:`ImportFormatError`.
    """
    return [_feature(e) for e in _osm.overpass_elements(elements, keep=_wanted)]


def overpass_query(bbox: tuple[float, float, float, float]) -> str:
    """An Overpass QL query for every tag in :data:`OSM_MAPPING` within ``bbox`` (lon/lat)."""
    minx, miny, maxx, maxy = bbox
    b = f"{miny:.6f},{minx:.6f},{maxy:.6f},{maxx:.6f}"
    parts = []
    for rule in OSM_MAPPING:
        sel = f'["{rule.tag}"="{rule.value}"]' if rule.value else f'["{rule.tag}"]'
        parts.append(f"  nwr{sel}({b});")
    return "[out:json][timeout:60];\n(\n" + "\n".join(parts) + "\n);\nout center tags;"


def fetch_overpass(bbox: tuple[float, float, float, float], *, url: str | None = None,
                   timeout: float = 90.0) -> list[OsmFeature]:
    """Ask Overpass for the assets in ``bbox``; ``GeocodeError`` when it cannot be reached."""
    endpoint = url or Config.from_env().overpass_url or OVERPASS_URL
    body = urllib.parse.urlencode({"data": overpass_query(bbox)}).encode()
    raw = _http.request(endpoint, data=body, timeout=timeout, service="Overpass",
                        advice=i18n.Msg("adv_osm_file"))
    return _read_overpass_json(raw, "Overpass-antwoord")


# --------------------------------------------------------------------------- importing


def import_osm(store: BaseStore, path: str | os.PathLike[str] | None = None, *,
               features: list[OsmFeature] | None = None, actor: Actor | None = None,
               backup: bool = True) -> ImportReport:
    """Import the assets of an OSM file (or ready ``features``) into ``store``.

    All new entries of all layers are written in one transaction, after a backup.
    """
    feats = features if features is not None else read_osm(path)  # type: ignore[arg-type]
    rep = ImportReport(total=len(feats))
    area = store.area()
    by_layer: dict[str, list[dict[str, Any]]] = {}
    seen = {layer: _refs(store, layer) for layer in schema.ASSET_LAYERS}
    outside = 0
    for i, f in enumerate(feats, start=1):
        rule = match(f.tags)
        if rule is None:
            rep.skipped += 1  # not a place we map (a bench, a tree)
            continue
        if f.ref in seen[rule.layer]:
            rep.duplicates += 1
            continue
        if f.point is None:
            rep.rejected.append(RowProblem(i, i18n.Msg("osm_no_position", ref=f.ref)))
            continue
        rec = to_record(f, rule)
        try:
            schema.validate_record(rule.layer, rec, area=area)
        except ValidationError as exc:
            if exc.key == "loc_outside":  # outside the project area: skipped, not rejected
                outside += 1
                rep.skipped += 1
                continue
            rep.rejected.append(RowProblem(i, i18n.Msg("osm_ref_reason", ref=f.ref,
                                                          reason=i18n.Msg.of_error(exc))))
            continue
        seen[rule.layer].add(f.ref)
        by_layer.setdefault(rule.layer, []).append(rec)
    if outside:
        rep.notes.append(i18n.Msg("imp_outside_skipped", n=outside))
    for layer, recs in by_layer.items():
        rep.notes.append(i18n.Msg(f"imp_new_{layer}", n=len(recs)))
    if not by_layer:
        return rep
    if backup:
        rep.backup = store.backup(reason="import")
    act = actor or Actor.system("osm")
    with store.transaction():
        for layer, recs in by_layer.items():
            rep.ids += store.add_many(layer, recs, actor=act, status="pending")
    rep.imported = len(rep.ids)
    return rep


def _refs(store: BaseStore, layer: str) -> set[str]:
    refs = store.read(layer)["source_ref"]
    return {r for r in refs if isinstance(r, str) and r}
