"""Export a project: GeoPackage, GeoJSON or CSV, per layer or all.

By default the export is *public*: only approved entries and only public fields (see
:mod:`assetmap.privacy`); ``include_private=True`` (facilitators) exports every row and field.
Spreadsheet cells that start with ``= + - @`` (or a tab or carriage return) are prefixed with
an apostrophe so that Excel does not run them as formulas.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .. import privacy, schema
from ..errors import ValidationError
from ..store.base import BaseStore

FORMATS = ("gpkg", "geojson", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Make a spreadsheet cell inert when it would start a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def layer_frame(store: BaseStore, layer: str, *, include_private: bool = False
                ) -> gpd.GeoDataFrame:
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


def export(store: BaseStore, fmt: str, out: str | os.PathLike[str], *,
           layers: list[str] | None = None, include_private: bool = False) -> list[Path]:
    """Write ``layers`` (default: the four asset layers and buurten) to ``out``.

    ``gpkg`` writes one file with a layer each; ``geojson`` and ``csv`` write one file when a
    single layer is asked for, else one file per layer in the folder ``out``.
    Returns the paths written.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValidationError(f"Onbekend formaat '{fmt}'. Kies uit: {', '.join(FORMATS)}.",
                              field="format")
    names = layers or [*schema.ASSET_LAYERS, "buurten"]
    for n in names:
        if n not in schema.LAYERS and n != "buurten":
            raise ValidationError(f"Onbekende laag '{n}'.", field="layer")
    out = Path(out)
    frames = {n: layer_frame(store, n, include_private=include_private) for n in names}
    written: list[Path] = []
    if fmt == "gpkg":
        import pyogrio

        if out.suffix.lower() != ".gpkg":
            raise ValidationError("Een GeoPackage-export eindigt op .gpkg.", field="out")
        tmp = out.with_name(f".{out.stem}.export-tmp.gpkg")
        if tmp.exists():
            tmp.unlink()
        for n, g in frames.items():
            pyogrio.write_dataframe(_plain(g), tmp, layer=n, driver="GPKG",
                                    geometry_type="MultiPolygon" if n == "buurten" else "Point",
                                    promote_to_multi=(n == "buurten"))
        os.replace(tmp, out)
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
        else:
            to_csv_frame(g).to_csv(tmp, index=False, encoding="utf-8-sig")
        os.replace(tmp, path)
        written.append(path)
    return written


def _plain(g: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Nullable pandas dtypes to what GDAL writes cleanly."""
    g = g.copy()
    for c in g.columns:
        if c == g.geometry.name:
            continue
        if str(g[c].dtype) == "boolean":
            g[c] = g[c].astype(object)
    return g
