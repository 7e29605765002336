"""The walking network as lines: read from OpenStreetMap or street files, download, cache.

Every reader returns a GeoDataFrame of LineStrings in EPSG:4326 with the columns of :data:`TAGS`
(``highway``, ``name``, ``foot``, ``access``, ``tunnel``, ``layer``, ``wheelchair``, ``kerb``,
``surface`` …; missing tags are ``None``), already filtered with :func:`is_walkable`.
:func:`assetmap.routing.load_network` turns such lines into a graph; :func:`edge_flags` tells it
which pieces are at street level, step-free, and described for wheelchairs.

Sources
-------
- ``.osm`` (XML) and ``.osm.pbf``, and Overpass JSON (``.json`` with an ``elements`` list; plain
  ``out body;>;`` or ``out geom``): read by the one OSM reader, :mod:`assetmap.io._osm`, so the
  same rules apply to every format. Nodes on a way with ``kerb=*`` (or ``wheelchair=no`` on a
  barrier) mark the pieces of that way next to them, see :func:`node_marks`.
- GeoPackage / GeoJSON / Shapefile of street lines: a project ``.gpkg`` gives its ``network_walk``
  layer (the cache) or else its ``streets`` layer; another file gives its first line layer. The
  columns of :data:`TAGS` that the file has are kept.
- Online: :func:`download_walk_lines` asks Overpass through osmnx for the project area (with the
  same tags, node marks included).

Walkability (our defaults, see :func:`is_walkable`)
----------------------------------------------------
Walkable: footway, pedestrian, path, steps, living_street, residential, service, unclassified,
track, road, tertiary, secondary, primary (and their ``_link``), corridor, bridleway, crossing.
Not walkable: motorway(_link), construction, proposed, planned, abandoned, raceway,
bus_guideway, escape, areas (``area=yes``), and any way tagged ``foot=no`` or
``foot=use_sidepath``, or ``access=no/private`` without a ``foot`` permission.

- ``cycleway`` without foot tags: **walkable**. Dutch traffic law (RVV 1990 art. 4) lets a
  pedestrian use the cycle path where there is no pavement or footpath, and many OSM cycle
  ways in the Netherlands are ``fietspad`` with a pavement mapped on the same line.
- ``trunk``/``trunk_link`` without foot tags: **not walkable**. These are fast through-roads
  (Gooiseweg); their pavements, when present, are usually mapped as separate footways. A trunk
  with ``foot=yes/designated/permissive`` or a ``sidewalk`` tag is walkable.
- A ``service`` road in a tunnel (``tunnel=*`` except ``building_passage``): delivery and
  parking tunnels such as Helsinki's service tunnel at ``layer=-4``: **not walkable** without
  ``foot=yes/designated/permissive``. Other tunnels and bridges stay walkable (a pedestrian
  underpass is fine): one walks *through* them, but a stop is not hung on them
  (:func:`is_street_level`).

Street level and step-free: :func:`is_street_level`, :func:`is_step_free`,
:func:`has_accessibility_info` (the README says the same in Dutch).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from .. import i18n
from ..errors import ImportFormatError, RoutingError
from . import _http, _osm

NETWORK_LAYER = "network_walk"
TAGS = ("highway", "name", "foot", "access", "sidewalk", "area", "service", "tunnel", "bridge",
        "layer", "level", "indoor", "wheelchair", "kerb", "surface", "incline")
"""The tags kept on every line (and in the project's ``network_walk`` cache)."""

WALKABLE = frozenset({
    "footway", "pedestrian", "path", "steps", "living_street", "residential", "service",
    "unclassified", "track", "road", "tertiary", "tertiary_link", "secondary", "secondary_link",
    "primary", "primary_link", "corridor", "bridleway", "crossing", "cycleway", "elevator",
})
NEVER = frozenset({"motorway", "motorway_link", "construction", "proposed", "planned",
                   "abandoned", "raceway", "bus_guideway", "escape", "razed", "no", "platform"})
NEEDS_FOOT_TAG = frozenset({"trunk", "trunk_link"})
_FOOT_YES = frozenset({"yes", "designated", "permissive", "official"})
_SIDEWALK_YES = frozenset({"both", "left", "right", "yes", "separate"})


def is_walkable(tags: Mapping[str, Any]) -> bool:
    """True when a way with these OSM tags may be walked (see the module docstring)."""
    hw = _tag(tags, "highway")
    if hw is None:
        return True  # a plain street line without tags: trust the file
    foot = _tag(tags, "foot")
    if foot in ("no", "use_sidepath"):
        return False
    if _tag(tags, "area") == "yes":
        return False
    access = _tag(tags, "access")
    if access in ("no", "private") and foot not in _FOOT_YES:
        return False
    if hw in NEVER:
        return False
    if hw in NEEDS_FOOT_TAG:
        return foot in _FOOT_YES or _tag(tags, "sidewalk") in _SIDEWALK_YES
    if hw == "service" and _tag(tags, "tunnel") not in _NOT_TUNNEL:
        return foot in _FOOT_YES  # a delivery or parking tunnel
    if foot in _FOOT_YES:
        return True
    return hw in WALKABLE


def _tag(tags: Mapping[str, Any], key: str) -> str | None:
    v = tags.get(key)
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, list):  # osmnx joins merged ways' tags into lists
        v = v[0] if v else None
    return None if v is None else str(v).strip().lower() or None


# --------------------------------------------------------------------------- street level, steps

_NOT_TUNNEL = frozenset({None, "no", "building_passage"})  # a passage under a building: outside
_INDOOR_WAYS = frozenset({"corridor", "elevator"})
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def is_street_level(tags: Mapping[str, Any]) -> bool:
    """True when a person standing beside this way can step onto it (a stop may hang on it).

    Not at street level: a tunnel (``tunnel=*`` except ``no`` and ``building_passage``), below
    ground (every ``layer`` or ``level`` value below 0), indoors (``indoor=*`` except ``no``),
    an indoor corridor (``highway=corridor``) or a lift (``highway=elevator``).
    Bridges count as street level: one steps onto them at their ends.
    """
    if _tag(tags, "tunnel") not in _NOT_TUNNEL:
        return False
    if _tag(tags, "indoor") not in (None, "no") or _tag(tags, "highway") in _INDOOR_WAYS:
        return False
    return not (_below_ground(_tag(tags, "layer")) or _below_ground(_tag(tags, "level")))


def _below_ground(value: str | None) -> bool:
    nums = [float(x) for x in _NUMBER.findall(value or "")]
    return bool(nums) and max(nums) < 0


def is_step_free(tags: Mapping[str, Any]) -> bool:
    """True unless the way is steps (``highway=steps``), ``wheelchair=no``, or has a raised kerb
    (``kerb=raised``, on the way or on a node of it, see :func:`node_marks`)."""
    return (_tag(tags, "highway") != "steps" and _tag(tags, "wheelchair") != "no"
            and _tag(tags, "kerb") != "raised")


def has_accessibility_info(tags: Mapping[str, Any]) -> bool:
    """True when the data says something about wheelchairs here: a ``wheelchair``, ``kerb`` or
    ``surface`` tag, or ``highway=steps`` (steps are steps). Without any of these the piece is
    *unknown*: it may be fine, or have a step nobody mapped."""
    return (_tag(tags, "highway") == "steps"
            or any(_tag(tags, k) is not None for k in ("wheelchair", "kerb", "surface")))


FLAG_TAGS = ("highway", "tunnel", "layer", "level", "indoor", "wheelchair", "kerb", "surface")
_WALK_TAGS = ("highway", "foot", "access", "area", "sidewalk", "tunnel")


def edge_flags(lines: pd.DataFrame) -> np.ndarray:
    """Per line: ``[street_level, step_free, known]`` (an ``(n, 3)`` bool array) by
    :func:`is_street_level`, :func:`is_step_free` and :func:`has_accessibility_info`."""
    return _judge(lines, FLAG_TAGS, lambda tags: (is_street_level(tags), is_step_free(tags),
                                                  has_accessibility_info(tags)))


def _judge(lines: pd.DataFrame, keys: tuple[str, ...], rule: Any) -> np.ndarray:
    """``rule(tags)`` for every line, judging each distinct combination of ``keys`` once."""
    cols = [lines[t].to_numpy(dtype=object) if t in lines.columns else [None] * len(lines)
            for t in keys]
    seen: dict[tuple[Any, ...], Any] = {}
    out = []
    for combo in zip(*cols, strict=True):
        v = seen.get(combo)
        if v is None:
            v = seen[combo] = np.atleast_1d(rule(dict(zip(keys, combo, strict=True))))
        out.append(v)
    width = len(out[0]) if out else len(np.atleast_1d(rule({})))
    return np.array(out, dtype=bool).reshape(len(lines), width)


def node_marks(tags: Mapping[str, Any]) -> dict[str, str] | None:
    """What a node on a path says about passing it: its ``kerb`` (``raised``, ``lowered``,
    ``flush`` …), and ``wheelchair=no`` on a barrier or kerb (a stile, a narrow gate)."""
    out = {}
    kerb = _tag(tags, "kerb")
    if kerb:
        out["kerb"] = kerb
    if _tag(tags, "wheelchair") == "no" and (kerb or _tag(tags, "barrier")):
        out["wheelchair"] = "no"
    return out or None


_NODE_KEYS = ("kerb", "barrier", "wheelchair")


def _is_crossing(tags: Mapping[str, Any]) -> bool:
    return ("crossing" in (_tag(tags, "highway"), _tag(tags, "footway"), _tag(tags, "cycleway"))
            or _tag(tags, "crossing") is not None)


def _lines_from_ways(ways: Iterable[_osm.Element], marks: Mapping[int, dict[str, str]]
                     ) -> gpd.GeoDataFrame:
    """Lines of :data:`TAGS` from OSM ways; a piece next to a marked node carries the mark.

    A node mark belongs to the pieces right beside it (the rest of the way is left as it is).
    When the marked node is on a crossing (``footway=crossing`` …) and also on the pavement
    beside it, only the crossing's pieces get the mark: one crosses the kerb there.
    """
    ways = [w for w in ways if len(w.coords) >= 2]
    on_crossing = {n for w in ways if marks and _is_crossing(w.tags)
                   for n in w.refs if n in marks}
    records: list[dict[str, Any]] = []
    coords: list[list[tuple[float, float]]] = []
    for w in ways:
        rec = {t: w.tags.get(t) for t in TAGS}
        crossing = _is_crossing(w.tags) if marks else False
        hit = {i for i, n in enumerate(w.refs) if n in marks
               and (crossing or n not in on_crossing)} if marks else set()
        if not hit:
            records.append(rec)
            coords.append(w.coords)
            continue
        start = 0  # cut the way into runs of pieces with the same marks
        piece_marks = [_merge(marks, w.refs, {k, k + 1} & hit)
                       for k in range(len(w.coords) - 1)]
        for k in range(1, len(piece_marks) + 1):
            if k == len(piece_marks) or piece_marks[k] != piece_marks[start]:
                records.append(_marked(rec, piece_marks[start]))
                coords.append(w.coords[start:k + 1])
                start = k
    if not coords:
        return _finish(records, [])
    sizes = np.fromiter((len(c) for c in coords), dtype=np.int64, count=len(coords))
    flat = np.array([xy for c in coords for xy in c], dtype=float)
    return _finish(records, shapely.linestrings(flat, indices=np.repeat(
        np.arange(len(coords)), sizes)))


def _merge(marks: Mapping[int, dict[str, str]], refs: list[int], at: set[int]
           ) -> tuple[tuple[str, str], ...]:
    kerbs = [marks[refs[i]].get("kerb") for i in at]
    out = {}
    if kerbs := [k for k in kerbs if k]:
        out["kerb"] = "raised" if "raised" in kerbs else kerbs[0]
    if any(marks[refs[i]].get("wheelchair") == "no" for i in at):
        out["wheelchair"] = "no"
    return tuple(sorted(out.items()))


def _marked(rec: dict[str, Any], marks: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    out = dict(rec)
    for k, v in marks:
        if k == "wheelchair" or v == "raised" or _tag(out, k) is None:
            out[k] = v
    return out


def _walk_element(kind: str, tags: Mapping[str, str]) -> bool:
    if kind == "way":
        return "highway" in tags
    return kind == "node" and node_marks(tags) is not None


def _lines_from_elements(elements: list[_osm.Element]) -> gpd.GeoDataFrame:
    marks = {e.id: m for e in elements if e.kind == "node" and (m := node_marks(e.tags))}
    return _lines_from_ways([e for e in elements if e.kind == "way"], marks)


# --------------------------------------------------------------------------- reading


def read_walk_lines(source: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """The walkable lines of a network file (EPSG:4326); see the module docstring.

    Raises
    ------
    ImportFormatError
        When the file is missing or is not a network (no lines in it); the message names it.
    """
    p = Path(source)
    if not p.exists():
        raise ImportFormatError(key="net_not_found", params={"path": p})
    name = p.name.lower()
    try:
        if _osm.is_osm_file(p) or (name.endswith(".json") and _osm.looks_like_overpass(p)):
            lines = _lines_from_elements(_osm.read(
                p, keys=("highway",), node_keys=_NODE_KEYS, keep=_walk_element,
                tag_keys=(*TAGS, *_CROSSING_TAGS, *_NODE_KEYS)))
        else:
            lines = _read_line_file(p)
    except (ImportFormatError, RoutingError):
        raise
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as exc:
        raise ImportFormatError(key="net_unreadable", params={
            "name": p.name,
            "detail": f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"}) from None
    if len(lines) == 0:
        raise ImportFormatError(key="net_no_walkable", params={"name": p.name})
    return lines


def _finish(records: list[dict[str, Any]], geoms: Any, *,
            clean: bool = False) -> gpd.GeoDataFrame:
    """The walkable lines of ``records`` (tags) and ``geoms``; ``clean``: tidy the values
    (files and osmnx: numbers, NaN, lists) into text or ``None``."""
    df = pd.DataFrame.from_records(records, columns=list(TAGS)) if records else \
        pd.DataFrame({t: pd.Series([], dtype=object) for t in TAGS})
    if clean:
        for t in TAGS:
            df[t] = df[t].map(_text)
    df = df.astype(object)
    df = df.where(df.notna(), None)
    gdf = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)
    gdf = gdf[_judge(gdf, _WALK_TAGS, is_walkable)[:, 0]]
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf.reset_index(drop=True)


def _text(v: Any) -> str | None:
    """A tag value as text (``None`` for missing; the first of an osmnx list)."""
    if isinstance(v, (list, tuple)):
        v = v[0] if v else None
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return str(v).strip() or None


def overpass_lines(data: Mapping[str, Any]) -> gpd.GeoDataFrame:
    """Walkable lines from an Overpass JSON answer (``out body;>;out skel;`` or ``out geom``)."""
    elements = data.get("elements")
    if not isinstance(elements, list):
        raise ImportFormatError(key="net_no_elements")
    return _lines_from_elements(_osm.overpass_elements(elements, keep=_walk_element))


def _read_line_file(path: Path) -> gpd.GeoDataFrame:
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except pyogrio.errors.DataSourceError:
        raise ImportFormatError(key="net_not_network", params={"name": path.name}) from None
    names = [str(n) for n, _ in layers]
    kinds = {str(n): str(k or "") for n, k in layers}
    if NETWORK_LAYER in names:
        layer = NETWORK_LAYER
    elif "streets" in names:
        layer = "streets"
    else:
        lines = [n for n in names if "line" in kinds[n].lower()]
        if not lines:
            raise ImportFormatError(key="net_no_lines", params={"name": path.name})
        layer = lines[0]
    gdf = pyogrio.read_dataframe(path, layer=layer)
    return lines_from_frame(gdf, label=path.name)


def lines_from_frame(gdf: gpd.GeoDataFrame, *, label: str | None = None) -> gpd.GeoDataFrame:
    """Walkable single LineStrings (EPSG:4326) from any frame of street lines (``label``
    names them in messages: a file name or an :class:`assetmap.i18n.Msg`)."""
    label = i18n.Msg("net_label_layers") if label is None else label
    if gdf.crs is None:
        raise ImportFormatError(key="net_no_crs", params={"label": label})
    g = gdf[gdf.geometry.geom_type.isin(["LineString", "MultiLineString"])]
    if len(g) == 0:
        raise ImportFormatError(key="net_no_lines", params={"name": label})
    g = g.explode(index_parts=False).to_crs(4326)
    records = [{t: (r.get(t) if t in g.columns else None) for t in TAGS}
               for r in g.drop(columns=g.geometry.name).to_dict("records")]
    return _finish(records, list(g.geometry), clean=True)


# --------------------------------------------------------------------------- online


@contextmanager
def _osmnx_settings(**values: Any) -> Iterator[Any]:
    import osmnx as ox

    old = {k: getattr(ox.settings, k) for k in values}
    try:
        for k, v in values.items():
            setattr(ox.settings, k, v)
        yield ox
    finally:
        for k, v in old.items():
            setattr(ox.settings, k, v)


# osmnx's own "walk" filter drops cycle ways; we ask for every highway that could be walkable
# and decide with is_walkable(), so a download and a file give the same network.
_OVERPASS_FILTER = ('["highway"]["area"!~"yes"]["highway"!~"motorway|motorway_link|'
                    'construction|proposed|planned|abandoned|raceway|bus_guideway|razed|no"]')


def download_walk_lines(area: BaseGeometry, *, overpass_url: str | None = None,
                        timeout: float = 60) -> gpd.GeoDataFrame:
    """Download the walkable lines inside ``area`` (lon/lat polygon) from Overpass via osmnx.

    ``overpass_url`` overrides osmnx's server (tests use a stand-in on 127.0.0.1). The tags of
    :data:`TAGS` are kept, and kerbs on nodes mark the pieces beside them, as from a file.
    Raises :class:`RoutingError` with a Dutch message when there is no connection or no data.
    """
    import requests

    area = area.buffer(0)
    way_tags = sorted(set(TAGS) | set(_CROSSING_TAGS) | {"oneway"})
    kw: dict[str, Any] = {"use_cache": False, "overpass_rate_limit": False,
                          "requests_timeout": timeout, "log_console": False,
                          "useful_tags_way": way_tags, "useful_tags_node": list(_NODE_KEYS),
                          "http_user_agent": _http.USER_AGENT}
    if overpass_url:
        kw["overpass_url"] = overpass_url
    with _osmnx_settings(**kw) as ox:
        try:
            graph = ox.graph_from_polygon(area, simplify=False, retain_all=True,
                                          truncate_by_edge=True, custom_filter=_OVERPASS_FILTER)
        except requests.RequestException as exc:
            raise RoutingError(key="net_download",
                               params={"detail": type(exc).__name__}) from None
        except (ValueError, ox._errors.InsufficientResponseError) as exc:
            raise RoutingError(key="net_no_streets_here", params={"detail": exc}) from None
        nodes, edges = ox.graph_to_gdfs(graph)
    return _lines_from_osmnx(nodes, edges.reset_index(), way_tags)


_CROSSING_TAGS = ("footway", "cycleway", "crossing")


def _lines_from_osmnx(nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame,
                      way_tags: list[str]) -> gpd.GeoDataFrame:
    """The lines of an unsimplified osmnx graph: one 2-node way per street piece."""
    if "highway" in edges.columns:  # OSM ways that are no street (a building)
        edges = edges[edges["highway"].notna()]
    # one line per street piece: the graph holds both directions of two-way ways
    lo = np.minimum(edges["u"].to_numpy(), edges["v"].to_numpy())
    hi = np.maximum(edges["u"].to_numpy(), edges["v"].to_numpy())
    edges = edges[~pd.DataFrame({"lo": lo, "hi": hi}).duplicated().to_numpy()]
    cols = [c for c in way_tags if c in edges.columns]
    node_cols = [c for c in _NODE_KEYS if c in nodes.columns]
    marks: dict[int, dict[str, str]] = {}
    if node_cols:
        tagged = nodes[node_cols][nodes[node_cols].notna().any(axis=1)]
        for osmid, row in zip(tagged.index, tagged.to_dict("records"), strict=True):
            if (m := node_marks(row)) is not None:
                marks[int(osmid)] = m
    ways = []
    for u, v, tags, geom in zip(edges["u"], edges["v"], edges[cols].to_dict("records"),
                                edges.geometry, strict=True):
        coords = list(geom.coords)
        clean = {k: t for k, val in tags.items() if (t := _text(val)) is not None}
        ways.append(_osm.Element("way", 0, clean, coords,
                                 [int(u), int(v)] if len(coords) == 2 else []))
    return _lines_from_ways(ways, marks)


# --------------------------------------------------------------------------- the project cache


def save_network(store: Any, lines: gpd.GeoDataFrame) -> int:
    """Keep ``lines`` with the project (layer ``network_walk``). Returns the count.

    Written through the open store's own connection (never GDAL on an open project: two SQLite
    libraries in one process break each other's locks). The ``streets`` layer is left as it is.
    """
    g = lines[[*[t for t in TAGS if t in lines.columns], lines.geometry.name]].to_crs(4326)
    g = g.astype({t: object for t in TAGS if t in g.columns})
    return store.write_extra_layer(NETWORK_LAYER, g)


def project_network_lines(store: Any) -> gpd.GeoDataFrame | None:
    """The project's walking network: its cached ``network_walk`` layer, else its streets."""
    cached = store.read_extra_layer(NETWORK_LAYER)
    if cached is not None and len(cached):
        return lines_from_frame(cached, label=i18n.Msg("net_label_network"))
    streets = store.streets()
    if streets is None or len(streets) == 0:
        return None
    return lines_from_frame(streets, label=i18n.Msg("net_label_streets"))
