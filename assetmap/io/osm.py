"""The walking network as lines: read from OpenStreetMap or street files, download, cache.

Every reader returns a GeoDataFrame of LineStrings in EPSG:4326 with at least the columns
``highway``, ``name``, ``foot``, ``access`` (missing tags are ``None``), already filtered with
:func:`is_walkable`. :func:`assetmap.routing.load_network` turns such lines into a graph.

Sources
-------
- ``.osm`` (XML) and ``.osm.pbf``: read with pyosmium (one reader for both, so the same
  walkability rules apply to either format).
- Overpass JSON (``.json`` with an ``elements`` list; plain ``out body;>;`` or ``out geom``).
- GeoPackage / GeoJSON / Shapefile of street lines: a project ``.gpkg`` gives its ``network_walk``
  layer (the cache) or else its ``streets`` layer; another file gives its first line layer.
- Online: :func:`download_walk_lines` asks Overpass through osmnx for the project area.

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
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from ..errors import ImportFormatError, RoutingError

NETWORK_LAYER = "network_walk"
TAGS = ("highway", "name", "foot", "access", "sidewalk", "area", "service")

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
        raise ImportFormatError(f"Netwerkbestand niet gevonden: {p}")
    name = p.name.lower()
    try:
        if name.endswith((".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz")):
            lines = _read_osm_file(p)
        elif name.endswith(".json") and _is_overpass_json(p):
            lines = _read_overpass_json(p)
        else:
            lines = _read_line_file(p)
    except (ImportFormatError, RoutingError):
        raise
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as exc:
        raise ImportFormatError(
            f"{p.name} is geen netwerkbestand dat we kunnen lezen "
            f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]}).") from None
    if len(lines) == 0:
        raise ImportFormatError(f"{p.name} bevat geen beloopbare straten of paden.")
    return lines


def _finish(records: list[dict[str, Any]], geoms: list[BaseGeometry]) -> gpd.GeoDataFrame:
    df = pd.DataFrame.from_records(records, columns=list(TAGS)) if records else \
        pd.DataFrame({t: pd.Series([], dtype=object) for t in TAGS})
    for t in TAGS:
        if t not in df.columns:
            df[t] = None
    gdf = gpd.GeoDataFrame(df.astype(object), geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)
    keep = [is_walkable(r) for r in gdf[list(TAGS)].to_dict("records")]
    gdf = gdf[keep]
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf.reset_index(drop=True)


def _read_osm_file(path: Path) -> gpd.GeoDataFrame:
    import osmium

    records: list[dict[str, Any]] = []
    geoms: list[BaseGeometry] = []

    class _Ways(osmium.SimpleHandler):
        def way(self, w: Any) -> None:
            if "highway" not in w.tags:
                return
            coords = []
            for n in w.nodes:
                if n.location.valid():
                    coords.append((n.location.lon, n.location.lat))
            if len(coords) < 2:
                return
            records.append({t: w.tags.get(t) for t in TAGS})
            geoms.append(LineString(coords))

    handler = _Ways()
    try:
        handler.apply_file(str(path), locations=True)
    except RuntimeError as exc:
        raise ImportFormatError(
            f"{path.name} is geen geldig OpenStreetMap-bestand ({exc}).") from None
    return _finish(records, geoms)


def _is_overpass_json(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(4096).decode("utf-8", errors="replace")
    return '"elements"' in head or '"osm3s"' in head


def overpass_lines(data: Mapping[str, Any]) -> gpd.GeoDataFrame:
    """Walkable lines from an Overpass JSON answer (``out body;>;out skel;`` or ``out geom``)."""
    elements = data.get("elements")
    if not isinstance(elements, list):
        raise ImportFormatError("Dit is geen Overpass-antwoord (geen 'elements').")
    nodes = {e["id"]: (e["lon"], e["lat"]) for e in elements
             if e.get("type") == "node" and "lon" in e and "lat" in e}
    records, geoms = [], []
    for e in elements:
        if e.get("type") != "way":
            continue
        tags = e.get("tags") or {}
        if "highway" not in tags:
            continue
        if "geometry" in e:
            coords = [(g["lon"], g["lat"]) for g in e["geometry"] if g]
        else:
            coords = [nodes[n] for n in e.get("nodes", []) if n in nodes]
        if len(coords) < 2:
            continue
        records.append({t: tags.get(t) for t in TAGS})
        geoms.append(LineString(coords))
    return _finish(records, geoms)


def _read_overpass_json(path: Path) -> gpd.GeoDataFrame:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFormatError(f"{path.name} is geen geldige JSON ({exc}).") from None
    return overpass_lines(data)


def _read_line_file(path: Path) -> gpd.GeoDataFrame:
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except pyogrio.errors.DataSourceError:
        raise ImportFormatError(
            f"{path.name} is geen netwerkbestand (geen OSM, Overpass-JSON, GeoPackage of "
            "GeoJSON met lijnen).") from None
    names = [str(n) for n, _ in layers]
    kinds = {str(n): str(k or "") for n, k in layers}
    if NETWORK_LAYER in names:
        layer = NETWORK_LAYER
    elif "streets" in names:
        layer = "streets"
    else:
        lines = [n for n in names if "line" in kinds[n].lower()]
        if not lines:
            raise ImportFormatError(f"{path.name} bevat geen lijnen (straten of paden).")
        layer = lines[0]
    gdf = pyogrio.read_dataframe(path, layer=layer)
    return lines_from_frame(gdf, label=path.name)


def lines_from_frame(gdf: gpd.GeoDataFrame, *, label: str = "de lagen") -> gpd.GeoDataFrame:
    """Walkable single LineStrings (EPSG:4326) from any frame of street lines."""
    if gdf.crs is None:
        raise ImportFormatError(f"{label} heeft geen coördinatenstelsel (CRS).")
    g = gdf[gdf.geometry.geom_type.isin(["LineString", "MultiLineString"])]
    if len(g) == 0:
        raise ImportFormatError(f"{label} bevat geen lijnen (straten of paden).")
    g = g.explode(index_parts=False).to_crs(4326)
    records = [{t: (r.get(t) if t in g.columns else None) for t in TAGS}
               for r in g.drop(columns=g.geometry.name).to_dict("records")]
    return _finish(records, list(g.geometry))


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

    ``overpass_url`` overrides osmnx's server (tests use a stand-in on 127.0.0.1). Raises
    :class:`RoutingError` with a Dutch message when there is no connection or no data.
    """
    import requests

    area = area.buffer(0)
    kw: dict[str, Any] = {"use_cache": False, "overpass_rate_limit": False,
                          "requests_timeout": timeout, "log_console": False,
                          "useful_tags_way": sorted(set(TAGS) | {"oneway"})}
    if overpass_url:
        kw["overpass_url"] = overpass_url
    with _osmnx_settings(**kw) as ox:
        try:
            graph = ox.graph_from_polygon(area, simplify=False, retain_all=True,
                                          truncate_by_edge=True, custom_filter=_OVERPASS_FILTER)
        except requests.RequestException as exc:
            raise RoutingError(
                f"Het wandelnetwerk kon niet worden gedownload (geen verbinding met "
                f"OpenStreetMap/Overpass: {type(exc).__name__}). Gebruik een OSM-bestand.") \
                from None
        except (ValueError, ox._errors.InsufficientResponseError) as exc:
            raise RoutingError(f"Geen straten gevonden in dit gebied ({exc}).") from None
        edges = ox.graph_to_gdfs(graph, nodes=False)
    edges = edges.reset_index()
    if "highway" in edges.columns:  # OSM ways that are no street (a building)
        edges = edges[edges["highway"].notna()]
    # one line per street piece: the graph holds both directions of two-way ways
    key = edges.apply(lambda r: (min(r["u"], r["v"]), max(r["u"], r["v"])), axis=1)
    edges = edges[~key.duplicated()]
    return lines_from_frame(edges.drop(columns=[c for c in ("u", "v", "key")
                                                if c in edges.columns]),
                            label="de download")


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
        return lines_from_frame(cached, label="het wandelnetwerk van het project")
    streets = store.streets()
    if streets is None or len(streets) == 0:
        return None
    return lines_from_frame(streets, label="de straten van het project")
