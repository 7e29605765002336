"""The one OpenStreetMap reader: ``.osm``/``.osm.pbf`` files (pyosmium) and Overpass JSON.

Both the walking network (:mod:`assetmap.io.osm`) and the assets from OSM
(:mod:`assetmap.io.osm_assets`) read through here, so a file means the same to both. A reader
returns :class:`Element` objects for the nodes and ways (and, from Overpass, relations) that the
caller's ``keep(kind, tags)`` accepts; a way carries the locations of its nodes and their ids.

Malformed Overpass JSON (odd ids, tags that are not text, missing or infinite coordinates) never
raises anything but :class:`~assetmap.errors.ImportFormatError`: such elements are skipped or
kept without a location.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ImportFormatError

OSM_SUFFIXES = (".osm", ".pbf", ".osm.bz2", ".osm.gz", ".xml", ".o5m")

Keep = Callable[[str, Mapping[str, str]], bool]
"""``keep(kind, tags)``: whether the reader returns this element (``kind``: node/way/relation)."""


@dataclass
class Element:
    """One OSM object with the tags and locations a caller needs (lon/lat, EPSG:4326).

    Attributes
    ----------
    kind
        ``"node"``, ``"way"`` or ``"relation"``.
    coords
        A node: its location (one pair, or none when unknown). A way: the locations of its nodes
        in order (nodes without a location left out). From Overpass ``out geom``: the geometry.
    refs
        A way: the node ids that belong to ``coords`` (same length), or empty when unknown.
    center
        Overpass ``out center``: the centre Overpass computed, else ``None``.
    """

    kind: str
    id: int
    tags: dict[str, str]
    coords: list[tuple[float, float]] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)
    center: tuple[float, float] | None = None

    @property
    def ref(self) -> str:
        """``"node/123"``, ``"way/45"``: how OSM names the object."""
        return f"{self.kind}/{self.id}"


def is_osm_file(path: str | os.PathLike[str]) -> bool:
    """True for a name pyosmium reads (``.osm``, ``.osm.pbf``, ``.osm.bz2``, …)."""
    return Path(path).name.lower().endswith(OSM_SUFFIXES)


def looks_like_overpass(path: str | os.PathLike[str]) -> bool:
    """True when the start of a ``.json`` file looks like an Overpass answer."""
    with Path(path).open("rb") as f:
        head = f.read(4096).decode("utf-8", errors="replace")
    return '"elements"' in head or '"osm3s"' in head


def read_file(path: str | os.PathLike[str], *, keys: Iterable[str], keep: Keep,
              tag_keys: Iterable[str] | None = None,
              node_keys: Iterable[str] | None = None) -> list[Element]:
    """Nodes and ways of an OSM file that have one of ``keys`` and pass ``keep``.

    Only objects with one of the ``keys`` reach Python (pyosmium filters the rest), so reading a
    city is quick. Relations are not read (their members are often missing in extracts).
    ``tag_keys``: read only these tags (quicker), else all. ``node_keys``: a node needs one of
    these instead (a way still one of ``keys``).

    Raises
    ------
    ImportFormatError
        The file is not an OpenStreetMap file pyosmium can read (the message names it).
    """
    import osmium

    p = Path(path)
    out: list[Element] = []
    only = tuple(dict.fromkeys(tag_keys)) if tag_keys is not None else None
    keys = tuple(keys)
    on_nodes = tuple(node_keys) if node_keys is not None else keys
    fp = (osmium.FileProcessor(str(p), osmium.osm.NODE | osmium.osm.WAY)
          .with_locations().with_filter(osmium.filter.KeyFilter(*keys, *on_nodes)))
    o: Any  # pyosmium's proxy objects (a node or a way here)
    try:
        for o in fp:
            node = o.is_node()
            if node_keys is not None:  # the filter let through either kind's keys
                has = o.tags.__contains__
                if not any(map(has, on_nodes if node else keys)):
                    continue
            if only is None:
                tags = {t.k: t.v for t in o.tags}
            else:
                get = o.tags.get
                tags = {k: v for k in only if (v := get(k)) is not None}
            if node:
                if o.location.valid() and keep("node", tags):
                    out.append(Element("node", o.id, tags,
                                       [(o.location.lon, o.location.lat)]))
            elif o.is_way() and keep("way", tags):
                refs, coords = [], []
                for n in o.nodes:
                    if n.location.valid():
                        refs.append(n.ref)
                        coords.append((n.location.lon, n.location.lat))
                out.append(Element("way", o.id, tags, coords, refs))
    except RuntimeError as exc:
        raise ImportFormatError(key="osm_unreadable", params={
            "name": p.name, "detail": " ".join(str(exc).split())[:160]}) from None
    return out


def read_overpass_json(raw: bytes, name: str, *, keep: Keep) -> list[Element]:
    """The elements of an Overpass JSON answer (``raw`` bytes; ``name`` for messages)."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportFormatError(key="osm_bad_overpass", params={"name": name}) from None
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        raise ImportFormatError(key="osm_no_elements", params={"name": name})
    return overpass_elements(data["elements"], keep=keep)


def overpass_elements(elements: Iterable[Any], *, keep: Keep) -> list[Element]:
    """:class:`Element` objects from Overpass ``elements`` (``out body``/``skel``/``center``/
    ``geom``). Nodes listed without tags only lend their location to the ways."""
    elements = [e for e in elements if isinstance(e, Mapping)]
    nodes: dict[int, tuple[float, float]] = {}
    for e in elements:
        ll = _lonlat(e)
        if e.get("type") == "node" and ll is not None and _is_id(e.get("id")):
            nodes[e["id"]] = ll
    out = []
    for e in elements:
        kind = e.get("type")
        tags = e.get("tags") or {}
        if kind not in ("node", "way", "relation") or not _is_id(e.get("id")):
            continue
        if not isinstance(tags, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
            continue
        if not keep(kind, tags):
            continue
        coords: list[tuple[float, float]] = []
        refs: list[int] = []
        ids = e.get("nodes") if isinstance(e.get("nodes"), list) else []
        if kind == "node" and e["id"] in nodes:
            coords = [nodes[e["id"]]]
        elif isinstance(e.get("geometry"), list):
            geom = [_lonlat(g) if isinstance(g, Mapping) else None for g in e["geometry"]]
            coords = [ll for ll in geom if ll is not None]
            if len(ids) == len(geom) and all(_is_id(n) for n in ids):
                refs = [n for n, ll in zip(ids, geom, strict=True) if ll is not None]
        elif ids:
            refs = [n for n in ids if _is_id(n) and n in nodes]
            coords = [nodes[n] for n in refs]
        center = e.get("center")
        out.append(Element(kind, e["id"], dict(tags), coords, refs,
                           _lonlat(center) if isinstance(center, Mapping) else None))
    return out


def read(path: str | os.PathLike[str], *, keys: Iterable[str], keep: Keep,
         tag_keys: Iterable[str] | None = None,
         node_keys: Iterable[str] | None = None) -> list[Element]:
    """An OSM file or an Overpass ``.json`` file, chosen by the name's ending (the options
    are those of :func:`read_file`; Overpass JSON is small and read whole)."""
    p = Path(path)
    if p.name.lower().endswith(".json"):
        return read_overpass_json(p.read_bytes(), p.name, keep=keep)
    return read_file(p, keys=keys, keep=keep, tag_keys=tag_keys, node_keys=node_keys)


def _is_id(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _lonlat(d: Mapping[str, Any]) -> tuple[float, float] | None:
    lon: Any = d.get("lon")
    lat: Any = d.get("lat")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lon, lat)):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    return float(lon), float(lat)
