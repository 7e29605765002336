"""Spreadsheets (CSV, XLSX), JSON lists and point files into an asset layer.

Steps: :func:`read_table` reads the file as text cells (CSV with comma or semicolon, UTF-8 with
or without BOM or Windows-1252; XLSX; a JSON array of objects; a GeoPackage/GeoJSON point layer);
:func:`guess_mapping` recognises the usual Dutch and English column names; :func:`prepare` turns
rows into records and a per-row report; :func:`import_table` writes the valid rows in one
transaction after a backup. A location comes from lat/lon, RD x/y, or an address (a geocoder
such as :func:`assetmap.io.pdok.geocoder`; without one the row is reported as needing a
location). Text that looks like a spreadsheet formula is refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from pyproj import Transformer
from shapely.geometry import Point

from .. import i18n, schema
from ..errors import GeocodeError, ImportFormatError, ValidationError
from ..gcpause import gc_paused
from ..store.base import Actor, BaseStore
from ._common import ImportReport, RowProblem, check_file, check_size, clean_header, key

Geocoder = Callable[[str], "tuple[float, float] | None"]

# Targets that are not layer fields: the parts of a location.
LOCATION_TARGETS = ("lat", "lon", "x", "y", "address", "street", "housenumber", "suffix",
                    "postcode", "city")
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name", "titel", "title", "locatienaam", "organisatie", "bedrijfsnaam",
             "naamorganisatie", "plek", "naamplek", "vereniging", "bedrijf"),
    "description": ("omschrijving", "beschrijving", "description", "toelichting", "opmerking",
                    "opmerkingen", "info"),
    "lat": ("lat", "latitude", "breedtegraad", "breedte", "wgs84lat", "latwgs84", "ycoordwgs84"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad", "lengte", "wgs84lon", "lonwgs84"),
    "x": ("x", "rdx", "xrd", "xcoord", "xcoordinaat", "coordx", "xcoordinaatrd", "rdxcoordinaat"),
    "y": ("y", "rdy", "yrd", "ycoord", "ycoordinaat", "coordy", "ycoordinaatrd", "rdycoordinaat"),
    "address": ("adres", "address", "volledigadres", "bezoekadres", "locatie"),
    "street": ("straat", "straatnaam", "street", "openbareruimte"),
    "housenumber": ("huisnummer", "huisnr", "nr", "nummer", "housenumber"),
    "suffix": ("toevoeging", "huisnummertoevoeging", "huisletter", "suffix"),
    "postcode": ("postcode", "zip", "zipcode", "postalcode", "pc"),
    "city": ("plaats", "woonplaats", "city", "stad", "plaatsnaam", "town"),
    "kind": ("soort", "soortplek", "type", "kind", "categorie", "category"),
    "when_open": ("openingstijden", "open", "wanneeropen", "openinghours"),
    "accessible": ("rolstoeltoegankelijk", "toegankelijk", "wheelchair", "accessible"),
    "free_to_use": ("gratis", "gratistegebruiken", "free", "freetouse"),
    "website": ("website", "url", "site", "web", "internet"),
    "contact": ("contact", "email", "emailadres", "telefoon", "tel", "telefoonnummer",
                "phone"),
    "sector": ("sector", "branche", "branch"),
    "offers": ("aanbod", "biedt", "offers", "watbiedthij"),
    "activities": ("activiteiten", "activities", "wat"),
    "size": ("leden", "aantalleden", "size", "members"),
    "tags": ("trefwoorden", "tags"),
    "story": ("verhaal", "story", "waarom"),
}
_NOT_IMPORTED = {"id", "buurt_code", "status", "source", "evening_id", "created_at",
                 "updated_at", "created_by", "source_ref", "consent_at", "consent_version"}
_FORMULA = ("=", "@", "\t", "\r")
# looks_like_formula of a stripped cell, as one pattern from its start (pyarrow or re)
_FORMULA_RE = r"(?s)(?:[=@\t\r]|[+-].*[(=])"
_RD_TO_WGS = Transformer.from_crs(28992, 4326, always_xy=True)


# --------------------------------------------------------------------------- reading


def read_table(source: str | os.PathLike[str] | bytes, *, filename: str | None = None
               ) -> pd.DataFrame:
    """Read a spreadsheet-like file into a DataFrame of text cells (``""`` for empty).

    Parameters
    ----------
    source
        A path, or the bytes of an upload (then give ``filename`` for its type).
    filename
        The name of the upload (``lijst.xlsx``), used for the type and in messages.

    Returns
    -------
    pandas.DataFrame
        Tidied headers (no NBSP, single spaces); every cell a ``str``. Point files get
        ``lon``/``lat`` columns in EPSG:4326.
    """
    if isinstance(source, (bytes, bytearray)):
        name = filename or "upload"
        check_size(len(source), name)
        data = bytes(source)
        path = None
    else:
        path = check_file(source)
        name = filename or path.name
        data = None
    suffix = Path(name).suffix.lower()
    spilled: list[Path] = []
    try:
        with gc_paused():  # a cell is a Python str: many objects at once
            df = _read_by_type(path, data, name, suffix, spilled)
    finally:
        for p in spilled:
            p.unlink(missing_ok=True)
    df.columns = _unique([clean_header(c) for c in df.columns])
    named = [c for c in df.columns if c]
    if len(named) < len(df.columns):
        df = df.loc[:, named]
    if df.empty or len(df.columns) == 0:
        raise ImportFormatError(key="imp_no_rows", params={"name": name})
    if not all(dt == np.dtype(object) for dt in df.dtypes):
        df = df.astype(object)
    keep = np.zeros(len(df), dtype=bool)  # rows with text in any cell
    for c in df.columns:
        todo = np.flatnonzero(~keep)
        if len(todo) == 0:
            break
        keep[todo] = [str(v).strip() != "" for v in df[c].to_numpy(dtype=object)[todo]]
    if keep.all() and isinstance(df.index, pd.RangeIndex) and df.index.start == 0 \
            and df.index.step == 1:
        return df
    return df[keep].reset_index(drop=True)


def _read_by_type(path: Path | None, data: bytes | None, name: str, suffix: str,
                  spilled: list[Path]) -> pd.DataFrame:
    def on_disk(sfx: str) -> Path:
        if path is not None:
            return path
        p = _spill(data, sfx)
        spilled.append(p)
        return p

    if suffix in (".xlsx", ".xlsm"):
        df = _read_xlsx(data if data is not None else path.read_bytes(), name)
    elif suffix in (".gpkg", ".geojson", ".shp", ".zip"):
        df = _read_points(on_disk(suffix), name)
    elif suffix == ".json":
        raw = data if data is not None else path.read_bytes()
        df = _read_json(raw, name)
        if df is None:  # a GeoJSON file with a .json suffix
            df = _read_points(on_disk(".geojson"), name)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        df = _read_csv(data if data is not None else path.read_bytes(), name)
    elif suffix == ".xls":
        raise ImportFormatError(key="imp_xls", params={"name": name})
    else:
        raise ImportFormatError(key="imp_unknown_type", params={"name": name})
    return df


def _spill(data: bytes | None, suffix: str) -> Path:
    import tempfile

    fd, name = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "wb") as f:
        f.write(data or b"")
    return Path(name)


def _unique(cols: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in cols:
        if c in seen:
            seen[c] += 1
            out.append(f"{c} ({seen[c]})")
        else:
            seen[c] = 1
            out.append(c)
    return out


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    text = _decode(data)
    if not text.strip():
        raise ImportFormatError(key="imp_empty_file", params={"name": name})
    if "\x00" in text[:4096]:
        raise ImportFormatError(key="imp_not_text", params={"name": name})
    first = text.lstrip().splitlines()[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    sep = max(counts, key=counts.get)  # type: ignore[arg-type]
    if counts[sep] == 0:
        try:
            sep = csv.Sniffer().sniff(text[:4096], delimiters=";,\t|").delimiter
        except csv.Error:
            sep = ","
    try:
        # no value is NA (keep_default_na=False): na_filter=False skips looking for them
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=object, keep_default_na=False,
                           na_filter=False, skipinitialspace=True, on_bad_lines="error",
                           engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ImportFormatError(key="imp_bad_csv", params={
            "name": name, "detail": " ".join(str(exc).split())[:160]}) from None


def _read_xlsx(data: bytes, name: str) -> pd.DataFrame:
    import zipfile

    try:
        df = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise ImportFormatError(key="imp_bad_xlsx", params={
            "name": name, "detail": " ".join(str(exc).split())[:120]}) from None
    return df.map(_cell_text)


def _cell_text(v: Any) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _read_json(data: bytes, name: str) -> pd.DataFrame | None:
    try:
        obj = json.loads(_decode(data))
    except json.JSONDecodeError:
        raise ImportFormatError(key="imp_bad_json", params={"name": name}) from None
    if isinstance(obj, dict) and obj.get("type") in ("FeatureCollection", "Feature"):
        return None
    if isinstance(obj, dict):
        lists = [v for v in obj.values() if isinstance(v, list)]
        obj = lists[0] if len(lists) == 1 else obj
    if not isinstance(obj, list) or not obj or not all(isinstance(r, dict) for r in obj):
        raise ImportFormatError(key="imp_json_list", params={"name": name})
    rows = [{k: _cell_text(v) if not isinstance(v, (dict, list)) else json.dumps(v)
             for k, v in r.items()} for r in obj]
    return pd.DataFrame(rows).fillna("")


def _read_points(path: Path, name: str) -> pd.DataFrame:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    target = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        layers = pyogrio.list_layers(target)
        lyr = next((str(n) for n, t in layers if t and "point" in str(t).lower()),
                   str(layers[0][0]) if len(layers) else None)
        gdf = pyogrio.read_dataframe(target, layer=lyr)
    except (DataSourceError, DataLayerError) as exc:
        raise ImportFormatError(key="imp_unreadable", params={
            "name": name, "detail": " ".join(str(exc).split())[:160]}) from None
    if len(gdf) == 0:
        raise ImportFormatError(key="imp_no_rows", params={"name": name})
    types = set(gdf.geom_type.dropna())
    if not types <= {"Point", "MultiPoint"}:
        raise ImportFormatError(key="imp_not_points", params={
            "name": name, "kinds": ", ".join(sorted(types))})
    if gdf.crs is None:
        raise ImportFormatError(key="imp_no_crs", params={"name": name})
    g = gdf.to_crs(4326)
    pts = g.geometry.representative_point()
    df = pd.DataFrame(g.drop(columns=g.geometry.name)).map(_cell_text)
    df["lon"] = [f"{v:.7f}" for v in pts.x]
    df["lat"] = [f"{v:.7f}" for v in pts.y]
    return df


# --------------------------------------------------------------------------- mapping


def targets(layer: str) -> list[str]:
    """Everything a column can be mapped to for ``layer``: fields and location parts."""
    spec = schema.layer(layer)
    fields = [f.name for f in spec.fields if f.name not in _NOT_IMPORTED]
    return fields + list(LOCATION_TARGETS)


def guess_mapping(columns: list[str], layer: str) -> dict[str, str]:
    """``{target: column}`` for the columns whose names are recognised."""
    spec = schema.layer(layer)
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(key(c), c)
    out: dict[str, str] = {}
    used: set[str] = set()
    for target in targets(layer):
        cands = list(_SYNONYMS.get(target, ()))
        if spec.has(target):
            f = spec.get(target)
            cands += [key(f.name), key(f.label_nl), key(f.label_en)]
        for cand in cands:
            col = by_key.get(cand)
            if col is not None and col not in used:
                out[target] = col
                used.add(col)
                break
    return out


def load_mapping(value: str | Mapping[str, str] | None, columns: list[str], layer: str
                 ) -> dict[str, str]:
    """An explicit mapping (JSON text, a path to a JSON file, or a dict), checked."""
    if value is None:
        return guess_mapping(columns, layer)
    if isinstance(value, str):
        text = value
        if not value.lstrip().startswith("{") and Path(value).is_file():
            text = Path(value).read_text(encoding="utf-8")
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ImportFormatError(key="imp_mapping_json") from None
    if not isinstance(value, Mapping):
        raise ImportFormatError(key="imp_mapping_object")
    known = set(targets(layer))
    cols = {clean_header(c): c for c in columns}
    out = {}
    for target, col in value.items():
        if target not in known:
            raise ImportFormatError(key="imp_mapping_target", params={
                "target": target, "layer": layer, "choices": ", ".join(sorted(known))})
        if col in (None, ""):
            continue
        c = cols.get(clean_header(col))
        if c is None:
            raise ImportFormatError(key="imp_mapping_column", params={"column": col})
        out[target] = c
    return out


# --------------------------------------------------------------------------- rows to records


@dataclass
class Prepared:
    """Rows turned into records (row number, record) plus the problems found."""

    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)


def looks_like_formula(value: str) -> bool:
    """True for text that a spreadsheet would run: ``=…``, ``@…``, ``+…(`` or ``-…(``."""
    v = value.lstrip(" ")
    if v.startswith(_FORMULA):
        return True
    return v[:1] in ("+", "-") and ("(" in v or "=" in v)


def _numbers(s: pd.Series) -> np.ndarray:
    """Text cells to floats: decimal comma, thousands dots, NBSP; anything else is NaN."""
    t = s.astype(str)
    if t.str.fullmatch(r"-?[0-9]+(?:[.,][0-9]+)?", na=False).all():
        # plain numbers (the usual column): only the decimal comma to change
        return pd.to_numeric(t.str.replace(",", ".", regex=False),
                             errors="coerce").to_numpy(dtype=float)
    t = t.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    both = t.str.contains(",", regex=False) & t.str.contains(".", regex=False)
    t = t.where(~both, t.str.replace(".", "", regex=False))
    t = t.str.replace(",", ".", regex=False)
    return pd.to_numeric(t, errors="coerce").to_numpy(dtype=float)


def _coordinates(df: pd.DataFrame, mapping: Mapping[str, str], notes: list[str],
                 texts: Mapping[str, pd.Series] | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat of every row (NaN where there is none); ``texts`` are the columns as ``str``
    when the caller has them already (:func:`_text_of`, the same numbers)."""
    if texts is not None:
        df = pd.DataFrame({c: texts[c] for c in mapping.values() if c in texts})
    n = len(df)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if "lon" in mapping and "lat" in mapping:
        lon, lat = _numbers(df[mapping["lon"]]), _numbers(df[mapping["lat"]])
        swapped = (lat >= 3) & (lat <= 8) & (lon >= 50) & (lon <= 54)
        if swapped.any():
            lon, lat = np.where(swapped, lat, lon), np.where(swapped, lon, lat)
            notes.append(i18n.Msg("imp_rows_swapped", n=int(swapped.sum())))
    if "x" in mapping and "y" in mapping:
        x, y = _numbers(df[mapping["x"]]), _numbers(df[mapping["y"]])
        degrees = (np.abs(x) <= 180) & (np.abs(y) <= 90)
        rd = ~degrees & np.isfinite(x) & np.isfinite(y)
        fill = np.isnan(lon) | np.isnan(lat)
        if rd.any():
            tx, ty = _RD_TO_WGS.transform(np.where(rd, x, 155000.0), np.where(rd, y, 463000.0))
            use = rd & fill
            lon, lat = np.where(use, tx, lon), np.where(use, ty, lat)
        use = degrees & fill
        lon, lat = np.where(use, x, lon), np.where(use, y, lat)
    return lon, lat


def _address(row: Mapping[str, str], mapping: Mapping[str, str]) -> str:
    def get(t: str) -> str:
        c = mapping.get(t)
        v = str(row.get(c, "")).strip() if c else ""
        return "" if v.upper() in ("NULL", "NONE", "NAN", "-") else v

    if get("address"):
        full = get("address")
        extra = " ".join(p for p in (get("postcode"), get("city")) if p and p not in full)
        return f"{full} {extra}".strip()
    street = get("street")
    if not street:
        return ""
    num = " ".join(p for p in (get("housenumber"), get("suffix")) if p)
    place = " ".join(p for p in (get("postcode"), get("city")) if p)
    return ", ".join(p for p in (f"{street} {num}".strip(), place) if p)


def _row_ref(layer: str, row: Mapping[str, str]) -> str:
    """A stable key of a row's content: the same row in a re-import gets the same key."""
    payload = "\x1f".join([layer, *(f"{k}\x1e{str(v).strip()}" for k, v in sorted(
        row.items()))])
    return "row:" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:20]  # noqa: S324


def _kind_lookup() -> dict[str, str]:
    out = {}
    for k, (nl, en) in schema.MEETING_KIND_LABELS.items():
        for label in (k, nl, en):
            out[key(label)] = k
    out.update({key(w): k for w, k in (("buurtcentrum", "buurthuis"),
                                       ("wijkcentrum", "buurthuis"),
                                       ("kerk", "gebedshuis"), ("moskee", "gebedshuis"),
                                       ("sporthal", "sport"), ("park", "park_plein"),
                                       ("plein", "park_plein"), ("speeltuin", "park_plein"),
                                       ("cafe", "horeca"), ("restaurant", "horeca"),
                                       ("bieb", "bibliotheek"), ("anders", "overig"))})
    return out


_KINDS = _kind_lookup()


def prepare(df: pd.DataFrame, layer: str, mapping: Mapping[str, str], *,
            area: schema.ProjectArea | None = None, geocoder: Geocoder | None = None,
            existing_refs: set[str] | None = None) -> Prepared:
    """Turn rows into validated records; every other row gets a reason in the report.

    Row numbers in the report are those of the file (the header is row 1 in a spreadsheet, so
    the first data row is row 2).

    The rules are checked in bulk, one column at a time (:func:`_bulk_check`). A row that the
    bulk check cannot vouch for (any unusual value, an error, no coordinates) takes the
    per-row path (:func:`_row_record`), so reasons and records are the same as there.
    """
    with gc_paused():
        return _prepare(df, layer, mapping, area=area, geocoder=geocoder,
                        existing_refs=existing_refs)


def _prepare(df: pd.DataFrame, layer: str, mapping: Mapping[str, str], *,
             area: schema.ProjectArea | None, geocoder: Geocoder | None,
             existing_refs: set[str] | None) -> Prepared:
    spec = schema.layer(layer)
    if layer not in schema.LAYERS:
        raise ValidationError(field="layer", key="not_point_layer", params={"layer": layer})
    out = Prepared()
    rep = out.report
    rep.total = len(df)
    _check_mapping(mapping)
    rep.notes.append(i18n.Msg("imp_columns", pairs=", ".join(f"{t} ← {c}"
                                                             for t, c in mapping.items())))
    fields = {t: c for t, c in mapping.items() if spec.has(t)}
    text_fields = [t for t in fields if spec.get(t).kind in ("text", "url")]
    area = area or schema.ProjectArea.from_buurten(None)
    n = len(df)
    # every cell as str(v).strip(), one column at a time; the mapped ones with "NULL" as ""
    texts = {c: _text_of(df[c]) for c in df.columns}
    stripped = {c: t.str.strip() for c, t in texts.items()}
    lon, lat = _coordinates(df, mapping, rep.notes, texts)
    cells: dict[str, np.ndarray] = {}
    strs: dict[str, pd.Series] = {}
    for t, c in fields.items():
        strs[t] = s = _no_null(stripped[c])
        cells[t] = s.to_numpy(dtype=object)
    # the first text field that looks like a spreadsheet formula (looks_like_formula)
    bad_field = np.full(n, None, dtype=object)
    for t in text_fields:
        formula = strs[t].str.match(_FORMULA_RE).to_numpy(dtype=bool)
        bad_field = np.where(formula & pd.isna(bad_field), t, bad_field)
    addrs = _addresses(df, mapping)
    if "name" in cells or (addrs != "").any():
        name = cells.get("name", np.full(n, "", dtype=object))
        cells["name"] = np.where((name == "") & (addrs != ""), addrs, name)
    if layer == "meeting_places":
        raw = cells.get("kind", np.full(n, "", dtype=object))
        codes, uniques = pd.factorize(raw, use_na_sentinel=False)
        look = np.array([_KINDS.get(key(u), u) if u else "overig" for u in uniques] or [""],
                        dtype=object)
        cells["kind"] = look[codes]
    refs_of = _row_refs(layer, stripped)
    finite = np.isfinite(lon) & np.isfinite(lat)
    zero = finite & (lon == 0) & (lat == 0)
    if "name" in cells and ("name" not in strs or (addrs != "").any()):
        strs["name"] = pd.Series(cells["name"], dtype=str)  # names made from addresses
    if "kind" in cells:
        strs["kind"] = cells["kind"]  # the kinds made above (a choice: no text checks)
    fast, records = _bulk_check(layer, strs, refs_of, lon, lat, finite & ~zero, area)

    refs = set(existing_refs or ())
    state = _RowState(geocoder)
    add = out.records.append
    for i, (t, ref, quick) in enumerate(zip(bad_field.tolist(), refs_of.tolist(),
                                            fast.tolist(), strict=True)):
        rowno = i + 2
        if t is not None:
            v = cells[t][i]
            rep.rejected.append(RowProblem(rowno, i18n.Msg.of_error(ValidationError(
                field=t, key="imp_formula", params={"value": v[:30]}, subject=spec.get(t)))))
            continue
        if ref in refs:
            rep.duplicates += 1
            continue
        if quick:
            rec = records[i]
        else:
            rec = {t: cells[t][i] for t in cells}
            rec = _row_record(layer, rec, rowno, addrs[i], ref, lon[i], lat[i], area, state,
                              rep)
            if rec is None:
                continue
        refs.add(ref)
        add((rowno, rec))
    return out


def _text_of(col: pd.Series) -> pd.Series:
    """``str(v)`` of every cell as a ``str`` Series (``astype(str)`` keeps NaN and None as
    missing; ``str`` makes them ``"nan"`` and ``"None"``, as the per-row rules did)."""
    if col.isna().any():
        return pd.Series([str(v) for v in col], index=col.index, dtype=str)
    return col.astype(str)


def _no_null(s: pd.Series) -> pd.Series:
    """Stripped cells with ``"NULL"`` (any case) as ``""``; a ``str`` Series."""
    size = s.str.len().to_numpy()
    short = (size >= 1) & (size <= 4)  # only these can read NULL in capitals
    if short.any():
        null = np.zeros(len(s), dtype=bool)
        null[short] = [v.upper() == "NULL" for v in s[short].to_numpy(dtype=object)]
        if null.any():
            s = s.where(~null, "")
    return s


def _check_mapping(mapping: Mapping[str, str]) -> None:
    has_loc = ("lat" in mapping and "lon" in mapping) or ("x" in mapping and "y" in mapping) \
        or "address" in mapping or "street" in mapping
    if not has_loc:
        raise ImportFormatError(key="imp_no_location_columns")
    if "name" not in mapping and "address" not in mapping and "street" not in mapping:
        raise ImportFormatError(key="imp_no_name_column")


def _addresses(df: pd.DataFrame, mapping: Mapping[str, str]) -> np.ndarray:
    """The address of every row (``""`` without one), as :func:`_address` makes it."""
    n = len(df)
    if "address" not in mapping and "street" not in mapping:
        return np.full(n, "", dtype=object)
    cols = sorted({c for t, c in mapping.items() if t in LOCATION_TARGETS})
    rows = df[cols].to_dict("records")
    return np.array([_address(r, mapping) for r in rows], dtype=object)


def _row_refs(layer: str, stripped: Mapping[str, pd.Series]) -> np.ndarray:
    """:func:`_row_ref` of every row: the texts joined by pyarrow in one call, then hashed."""
    if not stripped:
        return np.array([], dtype=object)
    n = len(next(iter(stripped.values())))
    if n == 0:
        return np.array([], dtype=object)
    text = pa.large_string()
    parts: list[Any] = [pa.scalar(layer, text)]
    for c in sorted(stripped):
        arr = pa.array(stripped[c].array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        parts += [pa.scalar(f"\x1f{c}\x1e", text), arr.cast(text)]
    payload = pc.binary_join_element_wise(*parts, pa.scalar("", text)).to_pylist()
    sha = hashlib.sha1  # noqa: S324 - a key, not a secret
    return np.array(["row:" + sha(p.encode("utf-8")).hexdigest()[:20] for p in payload],
                    dtype=object)


class _RowState:
    """What the per-row path carries from row to row: whether addresses can still be found."""

    def __init__(self, geocoder: Geocoder | None) -> None:
        self.geocoder = geocoder
        self.ok = geocoder is not None


def _row_record(layer: str, rec: dict[str, Any], rowno: int, addr: str, ref: str, x: float,
                y: float, area: schema.ProjectArea, state: _RowState, rep: ImportReport
                ) -> dict[str, Any] | None:
    """The per-row rules for one row (location, geocoding, validation): the record, or
    ``None`` after adding the reason to ``rep``."""
    point = None
    zero = np.isfinite(x) and np.isfinite(y) and x == 0 and y == 0
    if np.isfinite(x) and np.isfinite(y) and not zero:
        point = Point(float(x), float(y))
    elif addr and state.ok:
        try:
            found = state.geocoder(addr)  # type: ignore[misc]
        except GeocodeError as exc:
            state.ok = False
            rep.notes.append(i18n.Msg.of_error(GeocodeError(
                key="imp_geocode_failed", params={"error": exc})))
            found = None
        if found is not None:
            point = Point(*found)
        elif state.ok:
            rep.rejected.append(RowProblem(rowno, i18n.Msg("imp_address_not_found",
                                                           address=addr),
                                           needs_location=True))
            return None
    if point is None:
        if zero:
            reason = i18n.Msg("err_loc_zero")
        elif addr:
            reason = i18n.Msg("imp_address_only", address=addr)
        else:
            reason = i18n.Msg("imp_no_location")
        rep.rejected.append(RowProblem(rowno, reason, needs_location=bool(addr) or zero))
        return None
    rec["geometry"] = point
    rec["source"] = "import"
    rec["source_ref"] = ref
    try:
        return schema.validate_record(layer, rec, area=area)
    except ValidationError as exc:
        rep.rejected.append(RowProblem(rowno, i18n.Msg.of_error(exc)))
        return None


# one-line text that clean_value leaves as it is: no control or bidi marks, no whitespace but
# single spaces, nothing to strip
_NOT_PLAIN_SHORT = r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]|[^\S ]|  |^ | $"
_NOT_PLAIN_LONG = r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]|^\s|\s$"
_NOT_PLAIN_SHORT_RE = re.compile(_NOT_PLAIN_SHORT)
_NOT_PLAIN_LONG_RE = re.compile(_NOT_PLAIN_LONG)


def _bulk_check(layer: str, cells: Mapping[str, Any], refs: np.ndarray, lon: np.ndarray,
                lat: np.ndarray, located: np.ndarray, area: schema.ProjectArea
                ) -> tuple[np.ndarray, list[dict[str, Any] | None]]:
    """:func:`schema.validate_record` for many rows at once, one column at a time.

    Returns ``(fast, records)``: ``fast[i]`` is True when row ``i`` is valid and its record is
    ``records[i]`` (exactly what ``validate_record`` returns). Rows it is not sure of (an error,
    an unusual value, no coordinates, a talent or wish) are left to the per-row path.
    """
    n = len(refs)
    fast = located.copy()
    if layer in schema.REDUCED_LOCATION or n == 0 or set(cells) & _NOT_IMPORTED:
        return np.zeros(n, dtype=bool), [None] * n
    spec = schema.layer(layer)
    given: dict[str, Any] = {**cells, "source": "import"}
    columns: dict[str, Any] = {}
    for f in spec.fields:
        if f.name == "buurt_code":
            columns[f.name] = None  # filled in below, after the location
            continue
        if f.name == "source_ref" and f.kind == "text" and (f.max_length or 0) >= 24:
            columns[f.name] = refs  # our own keys: "row:" and 20 hex digits, kept as they are
            continue
        ok, values = _bulk_field(f, given.get(f.name), n)
        fast &= ok
        columns[f.name] = values
    # the location: degrees, inside the area, the buurt by one spatial query
    x = np.where(fast, lon, 0.0)
    y = np.where(fast, lat, 0.0)
    fast &= (x >= -180) & (x <= 180) & (y >= -90) & (y <= 90)
    if area.envelope is not None and fast.any():
        area.contains(Point(x[fast][0], y[fast][0]))  # makes the envelope in lon/lat
        env = area.__dict__["_env_lonlat"]
        fast &= shapely.contains_xy(env, x, y)
    points = shapely.points(x, y)
    columns["buurt_code"] = _buurt_codes(area, points, fast) if area.has_buurten else \
        _bulk_field(spec.get("buurt_code"), None, n)[1]
    # one dict per row, keys in validate_record's order: the values that are the same for
    # every row are copied from a template, the others filled in
    columns["geometry"] = points
    template = {nm: None if isinstance(v, np.ndarray) else v for nm, v in columns.items()}
    varying = [nm for nm, v in columns.items() if isinstance(v, np.ndarray)]
    idx = np.flatnonzero(fast)
    made: list[dict[str, Any]] = []
    new, add = template.copy, made.append
    for vals in zip(*(columns[nm][idx].tolist() for nm in varying)):
        rec = new()
        rec.update(zip(varying, vals))
        add(rec)
    records: list[dict[str, Any] | None] = [None] * n
    for i, rec in zip(idx.tolist(), made, strict=True):
        records[i] = rec
    return fast, records


def _bulk_field(f: schema.Field, given: Any, n: int) -> tuple[Any, Any]:
    """``(ok, values)`` of one field for every row: ``ok`` is where the bulk result equals
    :func:`schema.clean_value`'s (a bool or an array), ``values`` the cleaned values.

    ``given`` is ``None``, one text for every row, or the stripped cells (a ``str`` Series,
    or an array of ``str``)."""
    if given is None or isinstance(given, str):  # one value for all rows
        if schema._is_missing(given) and f.default is not None:
            given = f.default
        try:
            return True, schema.clean_value(f, given)
        except ValidationError:
            return False, None
    default = None
    if f.default is not None:
        try:
            default = schema.clean_value(f, f.default)
        except ValidationError:
            return False, None
    if isinstance(given, np.ndarray):
        cells = given
        if f.kind == "text":
            given = pd.Series(cells, dtype=str)
    else:
        cells = given.to_numpy(dtype=object)
    missing = np.asarray(cells == "", dtype=bool)  # the cells are stripped already
    if f.kind == "text":
        one_line = f.max_length is not None and f.max_length <= schema.SHORT_MAX
        # plain ASCII that clean_value leaves as it is, found by pyarrow; the rest by `re`
        sure = given.str.fullmatch(r"[!-~]+(?: [!-~]+)*" if one_line else
                                   r"[!-~](?:[ -~]*[!-~])?").to_numpy(dtype=bool)
        ok = sure.copy()
        rest = np.flatnonzero(~sure & ~missing)
        if len(rest):
            pat = _NOT_PLAIN_SHORT_RE if one_line else _NOT_PLAIN_LONG_RE
            ok[rest] = [pat.search(v) is None for v in cells[rest]]
        if f.max_length is not None:
            ok &= (given.str.len() <= f.max_length).to_numpy(dtype=bool)
        values = cells
    else:  # every other kind: the rule itself, once per distinct value
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        ok_u = np.zeros(len(uniques), dtype=bool)
        val_u = np.full(len(uniques), None, dtype=object)
        for j, u in enumerate(uniques):
            try:
                val_u[j] = schema.clean_value(f, u)
                ok_u[j] = True
            except ValidationError:
                pass
        ok, values = ok_u[codes], val_u[codes]
    if missing.any():
        values = np.where(missing, default, values)
        ok = np.where(missing, f.default is not None or not f.required, ok)
    return ok, values


def _buurt_codes(area: schema.ProjectArea, points: np.ndarray, where: np.ndarray) -> Any:
    """:meth:`schema.ProjectArea.buurt_of` of many points with one spatial query."""
    if not area.has_buurten:
        return None
    area.buurt_of(Point(0.0, 0.0))  # builds the tree and the codes
    codes = area.__dict__["_codes"]
    out = np.full(len(points), None, dtype=object)
    idx = np.flatnonzero(where)
    if len(idx) == 0:
        return out
    pt, tree = area._tree.query(points[idx], predicate="intersects")
    if len(pt):
        order = np.argsort(codes.astype(str), kind="stable")  # the buurten, lowest code first
        rank = np.empty(len(codes), dtype=np.int64)
        rank[order] = np.arange(len(codes))
        best = np.full(len(idx), len(codes), dtype=np.int64)
        np.minimum.at(best, pt, rank[tree])  # the lowest code per point
        found = best < len(codes)
        out[idx[found]] = codes[order[best[found]]]
    return out


def existing_refs(store: BaseStore, layer: str) -> set[str]:
    """The ``source_ref`` values already in ``layer`` (to skip re-imported rows)."""
    refs = store.read(layer)["source_ref"]
    return {r for r in refs if isinstance(r, str) and r}


def import_table(store: BaseStore, source: str | os.PathLike[str] | bytes, layer: str, *,
                 filename: str | None = None, mapping: str | Mapping[str, str] | None = None,
                 geocoder: Geocoder | None = None, actor: Actor | None = None,
                 status: str = "pending", backup: bool = True) -> ImportReport:
    """Import a spreadsheet into ``layer``: all valid rows in one transaction, or none.

    Returns the per-row report. Rows imported before (same content) are skipped.
    """
    df = read_table(source, filename=filename)
    m = load_mapping(mapping, list(df.columns), layer)
    return import_frame(store, df, layer, m, geocoder=geocoder, actor=actor, status=status,
                        backup=backup)


def import_frame(store: BaseStore, df: pd.DataFrame, layer: str, mapping: Mapping[str, str], *,
                 geocoder: Geocoder | None = None, actor: Actor | None = None,
                 status: str = "pending", backup: bool = True) -> ImportReport:
    """Like :func:`import_table` for a table already read (the Beheer page's preview)."""
    prep = prepare(df, layer, mapping, area=store.area(), geocoder=geocoder,
                   existing_refs=existing_refs(store, layer))
    return write(store, layer, prep, actor=actor, status=status, backup=backup)


def write(store: BaseStore, layer: str, prep: Prepared, *, actor: Actor | None = None,
          status: str = "pending", backup: bool = True) -> ImportReport:
    """Back up the project, then store the prepared records in one transaction."""
    rep = prep.report
    if not prep.records:
        return rep
    if backup:
        rep.backup = store.backup(reason="import")
    records = [r for _, r in prep.records]
    rep.ids = store.add_many(layer, records, actor=actor or Actor.system("import"),
                             status=status, checked=True)  # prepare checked them
    rep.imported = len(rep.ids)
    return rep
