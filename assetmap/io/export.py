"""Export a project: GeoPackage, GeoJSON, CSV, XLSX or KML, per layer or all.

By default the export is *public*: only approved entries and only public fields (see
:mod:`assetmap.privacy`); ``include_private=True`` (facilitators) exports every row and field.
Spreadsheet cells that start with ``= + - @`` (or a tab or carriage return) are prefixed with
an apostrophe so that Excel does not run them as formulas (CSV and XLSX; KML is XML-escaped).

``xlsx`` and ``kml`` write one file with a sheet/folder per layer when ``out`` ends in
``.xlsx``/``.kml``, else one file per layer in the folder ``out``. In a spreadsheet a buurt is
given by the lon/lat of a point inside it (a polygon does not fit in a cell).
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .. import privacy, schema
from ..errors import ValidationError
from ..store.base import BaseStore
from . import csvdialect

FORMATS = ("gpkg", "geojson", "csv", "xlsx", "kml")
DEFAULT_LAYERS = (*schema.POINT_LAYERS, "links", "buurten")
"""What an export holds when no layers are named: every point layer, the links (as lines
between their ends, see :mod:`assetmap.links`) and the buurten."""
_GPKG_TYPES = {"buurten": "MultiPolygon", "links": "LineString"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Make a spreadsheet cell inert when it would start a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and headers cannot start a spreadsheet formula
    (:func:`neutralise`)."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def layer_frame(store: BaseStore, layer: str, *, include_private: bool = False
                ) -> gpd.GeoDataFrame:
    if layer == "links":  # lines between the two ends; a link to an institution has none
        from ..links import project_links

        return project_links(store, audience="facilitator" if include_private else "public")
    g = store.read(layer)
    if layer == "buurten":
        return g
    if include_private:
        return g
    return privacy.public_view(layer, g)


def to_csv_frame(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Attributes plus ``lon``/``lat`` columns (EPSG:4326), formulas neutralised."""
    g = gdf.to_crs(4326)
    df = pd.DataFrame(g.drop(columns=g.geometry.name))
    if len(g) and (g.geom_type == "Point").all():
        df["lon"] = g.geometry.x.round(7)
        df["lat"] = g.geometry.y.round(7)
    else:
        df["wkt"] = g.geometry.to_wkt()
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].map(neutralise)
    return df


def to_sheet_frame(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Like :func:`to_csv_frame`, but polygons become a point inside them (cells stay small)."""
    g = gdf.to_crs(4326)
    if len(g) and g.geom_type.isin(["Polygon", "MultiPolygon"]).any():
        g = g.set_geometry(g.geometry.representative_point())
    return to_csv_frame(g)


def export(store: BaseStore, fmt: str, out: str | os.PathLike[str], *,
           layers: list[str] | None = None, include_private: bool = False,
           csv_dialect: str = csvdialect.DEFAULT_DIALECT) -> list[Path]:
    """Write ``layers`` (default: the four asset layers, wishes, links and buurten) to ``out``.

    CSV files are written in ``csv_dialect`` (:mod:`assetmap.io.csvdialect`): for Dutch Excel
    by default (``;``, decimal comma, Dutch headers and values), or ``machine``.

    ``gpkg`` writes one file with a layer each; ``geojson`` and ``csv`` write one file when a
    single layer is asked for, else one file per layer in the folder ``out``.
    Returns the paths written.
    """
    fmt = fmt.lower()
    csvdialect.check_dialect(csv_dialect)
    if fmt not in FORMATS:
        raise ValidationError(key="export_format", params={"fmt": fmt,
                                                           "known": ", ".join(FORMATS)},
                              field="format")
    names = layers or list(DEFAULT_LAYERS)
    for n in names:
        if n not in schema.LAYERS and n not in ("buurten", "links"):
            known = ", ".join([*schema.LAYERS, "buurten", "links"])
            raise ValidationError(key="unknown_layer", params={"name": n, "known": known},
                                  field="layer")
    out = Path(out)
    if store.path is not None and out.resolve() == store.path.resolve():
        raise ValidationError(key="export_out_is_project", field="out")
    if out.suffix.lower() == ".gpkg" and out.exists() and _is_project(out):
        raise ValidationError(key="export_out_a_project", params={"name": out.name},
                              field="out")
    if fmt in ("geojson", "csv") and len(names) > 1 and out.suffix:
        raise ValidationError(key="export_out_folder", params={"name": out.name},
                              field="out")
    frames = {n: layer_frame(store, n, include_private=include_private) for n in names}
    written: list[Path] = []
    if fmt == "gpkg":
        import pyogrio

        if out.suffix.lower() != ".gpkg":
            raise ValidationError(key="export_gpkg_suffix", field="out")
        tmp = out.with_name(f".{out.stem}.export-tmp.gpkg")
        if tmp.exists():
            tmp.unlink()
        try:
            for n, g in frames.items():
                pyogrio.write_dataframe(_plain(g), tmp, layer=n, driver="GPKG",
                                        geometry_type=_GPKG_TYPES.get(n, "Point"),
                                        promote_to_multi=(n == "buurten"))
            os.replace(tmp, out)
        finally:
            if tmp.exists():
                tmp.unlink()
        return [out]
    if fmt in ("xlsx", "kml") and out.suffix.lower() == f".{fmt}":
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            (_write_xlsx if fmt == "xlsx" else _write_kml)(frames, tmp)
            os.replace(tmp, out)
        finally:
            if tmp.exists():
                tmp.unlink()
        return [out]
    single = len(names) == 1 and out.suffix.lower() in (".geojson", ".json", ".csv")
    if not single:
        out.mkdir(parents=True, exist_ok=True)
    for n, g in frames.items():
        path = out if single else out / f"{n}.{fmt}"
        tmp = path.with_name(f".{path.name}.tmp")
        if fmt == "geojson":
            import pyogrio

            if tmp.exists():
                tmp.unlink()
            pyogrio.write_dataframe(_plain(g).to_crs(4326), tmp, driver="GeoJSON")
        elif fmt == "xlsx":
            _write_xlsx({n: g}, tmp)
        elif fmt == "kml":
            _write_kml({n: g}, tmp)
        else:
            csvdialect.write_csv(to_csv_frame(g), tmp, dialect=csv_dialect, layer=n)
        os.replace(tmp, path)
        written.append(path)
    return written


def export_bytes(store: BaseStore, fmt: str, *, layers: list[str] | None = None,
                 include_private: bool = False,
                 csv_dialect: str = csvdialect.DEFAULT_DIALECT) -> tuple[bytes, str]:
    """:func:`export` as one download: the file's bytes and its name.

    One file when the format holds every layer (``gpkg``, ``xlsx``, ``kml``) or one layer is
    asked for, else a ZIP of one file per layer. The name tells the project and whether the
    export is public: ``zaanstad-openbaar.gpkg``, ``zaanstad-alles-csv.zip``.
    """
    stem = store.name + ("-alles" if include_private else "-openbaar")
    names = layers or list(DEFAULT_LAYERS)
    with tempfile.TemporaryDirectory() as tmp:
        one = fmt in ("gpkg", "xlsx", "kml") or len(names) == 1
        suffix = ".geojson" if fmt == "geojson" else f".{fmt}"
        out = Path(tmp) / (f"{stem}{suffix}" if one else stem)
        paths = export(store, fmt, out, layers=names, include_private=include_private,
                       csv_dialect=csv_dialect)
        if len(paths) == 1:
            return paths[0].read_bytes(), paths[0].name
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in paths:
                z.write(p, p.name)
        return buf.getvalue(), f"{stem}-{fmt}.zip"


def _is_project(path: Path) -> bool:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT 1 FROM gpkg_contents WHERE table_name = "
                               "'assetmap_meta'").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


def _plain(g: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Nullable pandas dtypes to what GDAL writes cleanly."""
    g = g.copy()
    for c in g.columns:
        if c == g.geometry.name:
            continue
        if str(g[c].dtype) == "boolean":
            g[c] = g[c].astype(object)
    return g


def _write_xlsx(frames: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for n, g in frames.items():
            df = to_sheet_frame(g)
            for c in df.columns:
                if str(df[c].dtype) in ("boolean", "Int64"):
                    df[c] = df[c].astype(object).where(df[c].notna(), None)
            label = schema.ALL_LAYERS[n].label_nl if n in schema.ALL_LAYERS else n
            df.to_excel(xw, sheet_name=label[:31], index=False)


def _write_kml(frames: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    """KML 2.2 by hand: a Folder per layer, attributes as ExtendedData, XML-escaped."""
    from xml.sax.saxutils import escape, quoteattr

    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>']
    for n, g in frames.items():
        g = g.to_crs(4326)
        label = schema.ALL_LAYERS[n].label_nl if n in schema.ALL_LAYERS else n
        parts.append(f"<Folder><name>{escape(label)}</name>")
        cols = [c for c in g.columns if c != g.geometry.name]
        for rec, geom in zip(g[cols].to_dict("records"), g.geometry, strict=True):
            if geom is None or geom.is_empty:
                continue
            name = rec.get("name") or rec.get("code") or ""
            data = "".join(
                f"<Data name={quoteattr(str(k))}><value>{escape(str(v))}</value></Data>"
                for k, v in rec.items() if v is not None and not schema.is_na(v))
            parts.append(f"<Placemark><name>{escape(str(name))}</name>"
                         f"<ExtendedData>{data}</ExtendedData>{_kml_geom(geom)}</Placemark>")
        parts.append("</Folder>")
    parts.append("</Document></kml>")
    path.write_text("\n".join(parts), encoding="utf-8")



def _kml_coords(coords) -> str:
    return " ".join(f"{x:.7f},{y:.7f}" for x, y, *_ in coords)


def _kml_geom(geom) -> str:
    if geom.geom_type == "Point":
        return f"<Point><coordinates>{geom.x:.7f},{geom.y:.7f}</coordinates></Point>"
    if geom.geom_type == "LineString":
        return f"<LineString><coordinates>{_kml_coords(geom.coords)}</coordinates></LineString>"
    polys = [geom] if geom.geom_type == "Polygon" else list(getattr(geom, "geoms", []))
    out = []
    for p in polys:
        if p.geom_type != "Polygon":
            continue
        inner = "".join(f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coords(r.coords)}"
                        "</coordinates></LinearRing></innerBoundaryIs>" for r in p.interiors)
        out.append(f"<Polygon><outerBoundaryIs><LinearRing><coordinates>"
                   f"{_kml_coords(p.exterior.coords)}</coordinates></LinearRing>"
                   f"</outerBoundaryIs>{inner}</Polygon>")
    return f"<MultiGeometry>{''.join(out)}</MultiGeometry>"
