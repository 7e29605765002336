"""CBS wijk- en buurtkaart: read buurten (or wijken) from any year's file into the project.

Accepted: GeoPackage, GeoJSON (also with a legacy ``crs`` member, wherever it sits in the file),
a zipped Shapefile, and the Enschede-style JSON of ``{key: {"cbs_data": …, "geo_data":
[[lat, lon], …]}}``. Column names of every CBS year are recognised (``BU_CODE``/``bu_code``/
``buurtcode``/``buurtCode``, ``AANT_INW``/``aant_inw``/``aantal_inwoners``…). Water-only buurten
(``water == "JA"``) are dropped; CBS secrecy codes (<= -99995) become empty; when the number of
inhabitants is missing but men and women are given, their sum is used. A file with only wijken
(no buurt codes) gives the wijken as the neighbourhood unit.
"""

from __future__ import annotations

import json
import os
import re
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS
from shapely.geometry import Polygon

from .. import i18n, schema
from ..errors import ImportFormatError, ValidationError
from ..store.base import Actor, BaseStore
from ._common import ImportReport, check_file, key

COLUMNS = ("code", "name", "wijk_code", "wijk_name", "gemeente", "inwoners", "year")

# Recognised column names per meaning (as :func:`._common.key` of the name), best first.
_BUURT_CODE = ("bucode", "buurtcode", "codebuurt")
_BUURT_NAME = ("bunaam", "buurtnaam", "naambuurt")
_WIJK_CODE = ("wkcode", "wijkcode", "codewijk")
_WIJK_NAME = ("wijknaam", "wknaam", "naamwijk")
_GM_NAME = ("gmnaam", "gemeentenaam", "gemeente", "naamgemeente")
_GM_CODE = ("gmcode", "gemeentecode", "codegemeente")
_INWONERS = ("aantinw", "aantalinwoners", "inwoners", "bevolking", "aantinwoners")
_MEN = ("aantman", "mannen", "aantalmannen")
_WOMEN = ("aantvrouw", "vrouwen", "aantalvrouwen")
_WATER = ("water",)
_YEAR = ("jaar", "year", "cbsjaar")
_JRSTATCODE = ("jrstatcode",)  # "2023BU03630000": the CBS year in front of the code
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")

_LEGACY_CRS = re.compile(
    rb'"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"name"\s*:\s*"(?P<name>[^"]+)"')


def read_buurten(path: str | os.PathLike[str], *, gemeente: str | None = None,
                 wijk: str | None = None, layer: str | None = None,
                 notes: list[str] | None = None, year: int | None = None) -> gpd.GeoDataFrame:
    """Read a CBS buurten (or wijken) file into the project's buurten columns.

    Parameters
    ----------
    path
        ``.gpkg``, ``.geojson``/``.json``, or ``.zip`` with a Shapefile (or one of the others).
    gemeente
        Keep only this gemeente: its name (any case) or code (``GM0479``, ``0479``, ``479``).
    wijk
        Keep only this wijk: its code (``WK047901``) or name.
    layer
        The layer to read from a multi-layer GeoPackage (default: the first polygon layer).
    notes
        A list that receives remarks (CRS found, rows dropped) as :class:`assetmap.i18n.Msg`
        (Dutch strings that say themselves in another language).
    year
        The CBS year of the file. Default: a ``jaar`` column, the year in ``JRSTATCODE``, or a
        year in the file or folder name (``buurten_2024.gpkg``, ``cbs-buurten-2017/``).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code, name, wijk_code, wijk_name, gemeente, inwoners, year`` and polygons in
        the file's CRS.

    Raises
    ------
    ImportFormatError
        A file that is empty, not readable, without polygons, or without a usable CRS.
    """
    notes = notes if notes is not None else []
    p = check_file(path)
    raw = _read_any(p, layer=layer, notes=notes)
    out = normalise(raw, gemeente=gemeente, wijk=wijk, notes=notes, name=p.name, year=year)
    if out["year"].isna().all():
        found = _YEAR_IN_NAME.search(p.name) or _YEAR_IN_NAME.search(p.parent.name)
        if found:
            out["year"] = int(found.group(1))
            notes.append(i18n.Msg("cbs_year_from_name", year=found.group(1)))
    return out


def normalise(raw: gpd.GeoDataFrame, *, gemeente: str | None = None, wijk: str | None = None,
              notes: list[str] | None = None, name: str | None = None,
              year: int | None = None) -> gpd.GeoDataFrame:
    """Map the columns of a CBS layer (any year) to the buurten columns; filter; drop water."""
    notes = notes if notes is not None else []
    name = name if name is not None else i18n.Msg("cbs_the_file")
    if len(raw) == 0:
        raise ImportFormatError(key="cbs_no_rows", params={"name": name})
    types = set(raw.geom_type.dropna())
    if not types or not types <= {"Polygon", "MultiPolygon"}:
        found = ", ".join(sorted(types)) or i18n.Msg("cbs_no_geometry")
        raise ImportFormatError(key="cbs_not_polygons", params={"name": name, "found": found})
    cols = {key(c): c for c in raw.columns if c != raw.geometry.name}

    def pick(cands: tuple[str, ...]) -> pd.Series | None:
        for c in cands:
            if c in cols:
                return raw[cols[c]]
        return None

    bu_code, wk_code = pick(_BUURT_CODE), pick(_WIJK_CODE)
    if bu_code is not None and bu_code.notna().any():
        level = "buurt"
        code, nm = bu_code, pick(_BUURT_NAME)
    elif wk_code is not None:
        level = "wijk"
        code, nm = wk_code, pick(_WIJK_NAME)
        notes.append(i18n.Msg("cbs_wijken_as_buurten"))
    else:
        found = ", ".join(map(str, list(cols.values())[:12]))
        raise ImportFormatError(key="cbs_no_code_column", params={"name": name, "found": found})
    n = len(raw)
    out = pd.DataFrame(index=raw.index)
    out["code"] = _text(code)
    out["name"] = _text(nm) if nm is not None else None
    wc, wn = pick(_WIJK_CODE), pick(_WIJK_NAME)
    out["wijk_code"] = _text(wc) if wc is not None else None
    out["wijk_name"] = _text(wn) if wn is not None else None
    gm_name, gm_code = pick(_GM_NAME), pick(_GM_CODE)
    out["gemeente"] = _text(gm_name) if gm_name is not None else (
        _text(gm_code) if gm_code is not None else None)
    out["inwoners"] = _inwoners(pick(_INWONERS), pick(_MEN), pick(_WOMEN), n, notes)
    out["year"] = _year(year, pick(_YEAR), pick(_JRSTATCODE))

    keep = pd.Series(True, index=raw.index)
    water = pick(_WATER)
    if water is not None:
        is_water = water.astype("string").str.strip().str.upper().eq("JA").fillna(False)
        if is_water.any():
            notes.append(i18n.Msg(f"cbs_water_{level}", n=int(is_water.sum())))
        keep &= ~is_water
    no_code = out["code"].isna()
    if (no_code & keep).any():
        notes.append(i18n.Msg("cbs_no_code_rows", n=int((no_code & keep).sum())))
    keep &= ~no_code
    if gemeente:
        keep &= _match_gemeente(gemeente, gm_name, gm_code, name)
    if wijk:
        keep &= _match_wijk(wijk, wc, wn, name)
    res = gpd.GeoDataFrame(out[keep].reset_index(drop=True),
                           geometry=raw.geometry[keep].reset_index(drop=True), crs=raw.crs)
    if len(res) == 0:
        raise ImportFormatError(key="cbs_filtered_out", params={"name": name})
    return res


def import_buurten(store: BaseStore, path: str | os.PathLike[str], *,
                   gemeente: str | None = None, wijk: str | None = None,
                   actor: Actor | None = None, backup: bool = True) -> ImportReport:
    """Read ``path`` (see :func:`read_buurten`) and make it the buurten of ``store``.

    The project is backed up first. Existing assets get their
    ``buurt_code`` re-assigned by the store.
    """
    report = ImportReport()
    gdf = read_buurten(path, gemeente=gemeente, wijk=wijk, notes=report.notes)
    return set_buurten(store, gdf, report=report, actor=actor, backup=backup)


def set_buurten(store: BaseStore, gdf: gpd.GeoDataFrame, *, report: ImportReport | None = None,
                actor: Actor | None = None, backup: bool = True) -> ImportReport:
    """Validate ``gdf`` (buurten columns) and store it; returns the report."""
    report = report or ImportReport()
    report.total = len(gdf)
    try:
        schema.validate_buurten(gdf)
    except ValidationError as exc:
        raise ImportFormatError(key="cbs_invalid",
                                params={"reason": i18n.Msg.of_error(exc)}) from None
    if backup:
        report.backup = store.backup(reason="import")
    report.imported = store.set_buurten(gdf, actor=actor or Actor.system("import"))
    return report


# --------------------------------------------------------------------------- reading files


def _read_any(p: Path, *, layer: str | None, notes: list[str]) -> gpd.GeoDataFrame:
    suffix = p.suffix.lower()
    if suffix == ".zip":
        return _read_zip(p, layer=layer, notes=notes)
    if suffix in (".json", ".geojson"):
        head = p.read_bytes()
        if not head.strip():
            raise ImportFormatError(key="imp_empty_file", params={"name": p.name})
        try:
            data = json.loads(head)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ImportFormatError(key="imp_bad_json", params={"name": p.name}) from None
        if _is_enschede(data):
            notes.append(i18n.Msg("cbs_latlon_json"))
            return _read_enschede(data)
        if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection",
                                                                   "Feature"):
            raise ImportFormatError(key="cbs_not_geojson", params={"name": p.name})
        gdf = _ogr(str(p), layer=None, name=p.name)
        return _fix_crs(gdf, _legacy_crs(head), notes, p.name)
    if suffix in (".gpkg", ".shp"):
        gdf = _ogr(str(p), layer=layer or _polygon_layer(str(p), p.name), name=p.name)
        return _fix_crs(gdf, None, notes, p.name)
    raise ImportFormatError(key="cbs_unknown_type", params={"name": p.name})


def _read_zip(p: Path, *, layer: str | None, notes: list[str]) -> gpd.GeoDataFrame:
    try:
        with zipfile.ZipFile(p) as z:
            names = [n for n in z.namelist() if not n.startswith("__MACOSX")]
            bad = z.testzip()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ImportFormatError(key="cbs_bad_zip", params={"name": p.name}) from None
    if bad is not None:
        raise ImportFormatError(key="cbs_zip_damaged", params={"name": p.name, "inner": bad})
    for ext in (".shp", ".gpkg", ".geojson", ".json"):
        hits = [n for n in names if n.lower().endswith(ext)]
        if hits:
            inner = hits[0]
            break
    else:
        raise ImportFormatError(key="cbs_zip_nothing", params={"name": p.name})
    if inner.lower().endswith(".shp"):
        stem = inner[:-4]
        missing = [e for e in (".shx", ".dbf") if not any(
            n.lower() == (stem + e).lower() for n in names)]
        if missing:
            raise ImportFormatError(key="cbs_shp_parts", params={
                "name": p.name, "inner": inner, "missing": ", ".join(missing)})
        if not any(n.lower() == (stem + ".prj").lower() for n in names):
            notes.append(i18n.Msg("cbs_no_prj"))
    vsi = f"/vsizip/{p}/{inner}"
    gdf = _ogr(vsi, layer=layer, name=p.name)
    return _fix_crs(gdf, None, notes, p.name)


def _ogr(path: str, *, layer: str | None, name: str) -> gpd.GeoDataFrame:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        with warnings.catch_warnings():  # mixed-type GeoJSON properties stay text: fine here
            warnings.filterwarnings("ignore", message="Could not parse column",
                                    category=UserWarning)
            return pyogrio.read_dataframe(path, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        raise ImportFormatError(key="cbs_unreadable",
                                params={"name": name, "detail": _short(exc)}) from None


def _polygon_layer(path: str, name: str) -> str | None:
    import pyogrio
    from pyogrio.errors import DataSourceError

    try:
        layers = pyogrio.list_layers(path)
    except DataSourceError:
        raise ImportFormatError(key="cbs_bad_gpkg", params={"name": name}) from None
    if len(layers) == 0:
        raise ImportFormatError(key="cbs_no_layers", params={"name": name})
    for lname, gtype in layers:
        if gtype and "polygon" in str(gtype).lower():
            return str(lname)
    return str(layers[0][0])


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def _legacy_crs(raw: bytes) -> CRS | None:
    """The CRS named in a legacy GeoJSON ``crs`` member, wherever it sits in the file."""
    hits = list(_LEGACY_CRS.finditer(raw))
    if not hits:
        return None
    name = hits[-1]["name"].decode("utf-8", "replace")
    try:
        return CRS.from_user_input(name)
    except Exception:  # noqa: BLE001 - pyproj raises CRSError and others for odd names
        return None


def _looks_like_degrees(bounds: np.ndarray) -> bool:
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _fix_crs(gdf: gpd.GeoDataFrame, declared: CRS | None, notes: list[str],
             name: str) -> gpd.GeoDataFrame:
    """Set the CRS from a legacy ``crs`` member; refuse coordinates that fit no CRS."""
    if len(gdf) == 0:
        raise ImportFormatError(key="cbs_no_rows", params={"name": name})
    if declared is not None and (gdf.crs is None or not gdf.crs.equals(declared)):
        gdf = gdf.set_crs(declared, allow_override=True)
        notes.append(i18n.Msg("cbs_crs_read", crs=declared.to_string()))
    bounds = gdf.total_bounds
    if gdf.crs is None:
        if _looks_like_degrees(bounds):
            notes.append(i18n.Msg("cbs_crs_assumed"))
            return gdf.set_crs(4326)
        raise ImportFormatError(key="cbs_no_crs", params={"name": name})
    if gdf.crs.is_geographic and not _looks_like_degrees(bounds):
        raise ImportFormatError(key="cbs_not_degrees", params={"name": name})
    return gdf


# --------------------------------------------------------------------------- Enschede JSON


def _is_enschede(data: Any) -> bool:
    if not isinstance(data, dict) or not data or "type" in data:
        return False
    first = next(iter(data.values()))
    return isinstance(first, Mapping) and "geo_data" in first and "cbs_data" in first


def _read_enschede(data: Mapping[str, Any]) -> gpd.GeoDataFrame:
    rows, geoms = [], []
    for k, item in data.items():
        cbs = {key(a): b for a, b in (item.get("cbs_data") or {}).items()}
        ring = item.get("geo_data") or []
        try:
            poly = Polygon([(float(lon), float(lat)) for lat, lon in ring])
        except (TypeError, ValueError):
            poly = None
        if poly is not None and not poly.is_valid:
            poly = poly.buffer(0)
        gm = str(cbs.get("gemeentecode") or "").strip()
        k = str(k).strip()
        if not k:  # one key is empty upstream: fall back to its own wijk + buurt fields
            k = f"{cbs.get('wijkcode') or ''}{cbs.get('buurtcode') or ''}".strip()
        wk, bu = (k[:-1] or "0"), k[-1:] or "0"
        code = f"BU{int(gm):04d}{int(wk):02d}{int(bu):02d}" if gm.isdigit() and \
            k.isdigit() else None
        rows.append({"buurtcode": code, "buurtnaam": cbs.get("regios"),
                     "wijkcode": f"WK{int(gm):04d}{int(wk):02d}" if code else None,
                     "gemeentenaam": cbs.get("gemeentenaam"),
                     "aantal_inwoners": cbs.get("aantalinwoners")})
        geoms.append(poly)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)


# --------------------------------------------------------------------------- values


def _text(s: pd.Series) -> pd.Series:
    def one(v: Any) -> Any:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        t = str(v).strip()
        return t or None

    return pd.Series([one(v) for v in s], index=s.index, dtype=object)


def _inwoners(inw: pd.Series | None, men: pd.Series | None, women: pd.Series | None,
              n: int, notes: list[str]) -> pd.Series:
    idx = (inw if inw is not None else men if men is not None else women)
    vals = [schema.normalise_inwoners(v) for v in inw] if inw is not None else [None] * n
    if men is not None and women is not None:
        used = 0
        for i, (m, w) in enumerate(zip(men, women, strict=True)):
            if vals[i] is None:
                m2, w2 = schema.normalise_inwoners(m), schema.normalise_inwoners(w)
                if m2 is not None and w2 is not None:
                    vals[i] = m2 + w2
                    used += 1
        if used:
            notes.append(i18n.Msg("cbs_inwoners_sum", n=used))
    index = idx.index if idx is not None else None
    return pd.Series(vals, index=index, dtype=object)


def _year(given: int | None, column: pd.Series | None,
          jrstatcode: pd.Series | None) -> Any:
    """The CBS year per row: ``given``, else a year column, else the year in ``JRSTATCODE``."""
    if given is not None:
        return int(given)
    if column is not None:
        return pd.to_numeric(column, errors="coerce").astype("Int64")
    if jrstatcode is not None:
        digits = jrstatcode.astype("string").str.extract(r"^(\d{4})", expand=False)
        return pd.to_numeric(digits, errors="coerce").astype("Int64")
    return None


def _code_digits(value: str) -> str:
    return re.sub(r"\D", "", value).lstrip("0")


def _match_gemeente(wanted: str, gm_name: pd.Series | None, gm_code: pd.Series | None,
                    name: str) -> pd.Series:
    w = wanted.strip()
    hits = None
    if gm_name is not None:
        hits = _text(gm_name).map(lambda v: v is not None and v.casefold() == w.casefold())
    if gm_code is not None and any(ch.isdigit() for ch in w):
        digits = _code_digits(w)
        by_code = _text(gm_code).map(lambda v: v is not None and _code_digits(v) == digits)
        hits = by_code if hits is None else (hits | by_code)
    if hits is None:
        raise ImportFormatError(key="cbs_no_gemeente_column",
                                params={"name": name, "wanted": wanted})
    if not hits.any():
        known = sorted({v for v in _text(gm_name if gm_name is not None else gm_code)
                        if v})[:10]
        raise ImportFormatError(key="cbs_gemeente_unknown",
                                params={"name": name, "wanted": wanted, "known": ", ".join(known)})
    return hits.astype(bool)


def _match_wijk(wanted: str, wc: pd.Series | None, wn: pd.Series | None,
                name: str) -> pd.Series:
    w = wanted.strip().casefold()
    hits = pd.Series(False, index=(wc if wc is not None else wn).index) \
        if (wc is not None or wn is not None) else None
    if hits is None:
        raise ImportFormatError(key="cbs_no_wijk_column",
                                params={"name": name, "wanted": wanted})
    if wc is not None:
        hits |= _text(wc).map(lambda v: v is not None and v.casefold() == w).astype(bool)
    if wn is not None:
        hits |= _text(wn).map(lambda v: v is not None and v.casefold() == w).astype(bool)
    if not hits.any():
        raise ImportFormatError(key="cbs_wijk_unknown", params={"name": name, "wanted": wanted})
    return hits
