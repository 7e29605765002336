"""What the public may see: one place for the AVG rules of every map, print and export.

- Fields marked ``public=False`` or ``personal=True`` in :mod:`assetmap.schema` never leave through
  a public view, except a talent's ``display_name`` when the resident chose ``public``.
- Talents show as markers only when the resident chose ``visibility = public`` and wants to
  share; all other talents appear only as a count per buurt, and a buurt count below
  :data:`MIN_COUNT` is hidden.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from . import schema

MIN_COUNT = 3


def public_fields(layer: str) -> list[str]:
    spec = schema.LAYERS[layer]
    keep = [f.name for f in spec.fields if f.public and not f.personal]
    if layer == "talents":
        keep.append("display_name")
    return keep


def public_view(layer: str, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows and columns of ``gdf`` that the public may see (a new frame)."""
    g = gdf
    if "status" in g.columns:
        g = g[g["status"] == "approved"]
    if layer == "talents":
        vis = g["visibility"].fillna("facilitators") == "public"
        share = g["wants_to_share"].fillna(True).astype(bool)
        g = g[vis & share]
    cols = [c for c in public_fields(layer) if c in g.columns]
    return g[[*cols, g.geometry.name]].copy()


def talent_counts(talents: gpd.GeoDataFrame, *, hide_below: int = MIN_COUNT) -> pd.Series:
    """Approved talents per buurt code; counts below ``hide_below`` become ``<NA>``."""
    t = talents
    if "status" in t.columns:
        t = t[t["status"] == "approved"]
    counts = t["buurt_code"].dropna().value_counts().astype("Int64")
    return counts.where(counts >= hide_below, pd.NA)
