"""What the web map shows of each row: popup fields, buurt tooltips and the legend.

Pure data preparation (no folium): the functions here turn GeoDataFrames into the compact
JSON-able structures the elements of :mod:`assetmap.webmap.elements` draw in the browser.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .. import schema
from ..style import icon_svg, layer_label
from ._json import geojson_geom
from .text import TEXT


def _display(f: schema.Field, v: Any, lang: str) -> Any:
    """A value as the popup shows it (Ja/Nee, the label of a kind), ``None`` when empty."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    t = TEXT[lang]
    if f.kind == "bool":
        return t["yes"] if bool(v) else t["no"]
    if f.name == "kind" and (v in schema.MEETING_KIND_LABELS or v in schema.WISH_KIND_LABELS):
        return schema.kind_label(v, lang)
    if f.name == "theme":
        return schema.theme_label(v, lang)
    if f.kind == "int":
        return int(v)
    return str(v)


_POPUP_SKIP = {"name", "buurt_code", "source", "created_at", "updated_at", "id", "status",
               "evening_id", "created_by", "source_ref", "location_precision", "visibility",
               "wants_to_share", "meets_at", "consent_at", "consent_version"}


def layer_data(layer: str, gdf: gpd.GeoDataFrame, *, lang: str = "nl",
               links: pd.DataFrame | None = None) -> dict[str, Any]:
    """Compact JSON-able data for a :class:`PointLayer` (geometry in EPSG:4326).

    With ``links`` (:func:`assetmap.links.link_view`) each entry's links are listed in its
    popup (``helpt met: Moestuin (bonding)``)."""
    spec = schema.LAYERS[layer]
    fields = [f for f in spec.fields if f.name in gdf.columns and f.name not in _POPUP_SKIP]
    g = gdf.to_crs(4326) if gdf.crs is not None and not gdf.crs.equals(4326) else gdf
    g = g[~(g.geometry.isna() | g.geometry.is_empty)]
    xs, ys = _spread(g.geometry.x.tolist(), g.geometry.y.tolist())
    cols = [g[f.name].tolist() for f in fields]
    names = g["name"].tolist() if "name" in g.columns else [""] * len(g)
    ids = g["id"].tolist() if "id" in g.columns else [None] * len(g)
    shown = [[_display(f, v, lang) for v in c]
             if f.kind in ("bool", "int") or f.name in ("kind", "theme")
             else [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in c]
             for f, c in zip(fields, cols, strict=True)]
    names_s = ["" if n is None else str(n) for n in names]
    rows = [[y, x, n, *vals, i] for y, x, n, i, *vals in zip(ys, xs, names_s, ids, *shown,
                                                            strict=True)]
    out = {
        "label": layer_label(layer, lang),
        "fields": [[f.label(lang), "url" if f.kind == "url" else "text"] for f in fields],
        "rows": rows,
    }
    if links is not None and len(links):
        from ..links import describe, links_of

        per: dict[str, list[str]] = {}
        for rid in ids:
            mine = links_of(links, layer, rid)
            if len(mine):
                per[str(rid)] = [describe(r, layer, rid, lang)
                                 for r in mine.to_dict("records")]
        if per:
            out["links"] = per
            out["links_label"] = TEXT[lang]["links"]
    return out


def _spread(xs: list[float], ys: list[float], radius: float = 0.0005) -> tuple[list, list]:
    """Markers on the very same spot (talents at a buurt's point) are drawn in a small ring
    around it, so each can be clicked. Display only: the stored point does not change."""
    ox = np.round(np.asarray(xs, dtype=float), 6)
    oy = np.round(np.asarray(ys, dtype=float), 6)
    if len(ox) < 2:
        return ox.tolist(), oy.tolist()
    keys = pd.Series(list(zip(ox.tolist(), oy.tolist(), strict=True)))
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        for (x, y), idx in keys[dup].groupby(keys[dup]).groups.items():
            n = len(idx)
            r = radius * (1 + n / 10)
            a = 2 * np.pi * np.arange(n) / n
            ox[idx] = np.round(x + r * np.cos(a) / np.cos(np.radians(y)), 6)
            oy[idx] = np.round(y + r * np.sin(a), 6)
    return ox.tolist(), oy.tolist()


def buurt_data(buurten: gpd.GeoDataFrame, counts: Mapping[str, Mapping[str, Any]], *,
               lang: str = "nl", fills: Mapping[str, str] | None = None,
               extra_lines: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """GeoJSON of buurten with an escaped tooltip per buurt.

    ``counts`` maps a layer to {buurt code: count or <NA> (hidden)}.
    """
    b = buurten.to_crs(4326)
    feats = []
    for _, row in b.iterrows():
        code = str(row["code"])
        name = row.get("name") or code
        lines = _buurt_tip(row, code, name, counts, lang)
        for extra in (extra_lines or {}).get(code, []):
            lines.append(html.escape(extra))
        props = {"code": code, "name": str(name), "tip": "<br>".join(lines)}
        rep = row.geometry.representative_point()
        props["lat"], props["lon"] = round(rep.y, 6), round(rep.x, 6)
        if fills and code in fills:
            props["fill"] = fills[code]
        feats.append({"type": "Feature", "properties": props,
                      "geometry": geojson_geom(row.geometry)})
    return {"type": "FeatureCollection", "features": feats}


def _buurt_tip(row: pd.Series, code: str, name: Any,
               counts: Mapping[str, Mapping[str, Any]], lang: str) -> list[str]:
    """Escaped tooltip lines of one buurt: name and code, inhabitants, a count per layer."""
    t = TEXT[lang]
    inw = row.get("inwoners")
    inw_s = t["unknown"] if inw is None or pd.isna(inw) else f"{int(inw):,}".replace(",", ".")
    lines = [f"<b>{html.escape(str(name))}</b> <small>({html.escape(code)})</small>",
             f"{t['inhabitants']}: {html.escape(inw_s)}"]
    for layer in schema.POINT_LAYERS:
        if layer not in counts:
            continue
        c = counts[layer].get(code, 0)
        shown = t["talents_few"] if c is None or pd.isna(c) else str(int(c))
        lines.append(f"{icon_svg(layer, 12)} {html.escape(layer_label(layer, lang))}: "
                     f"{html.escape(shown)}")
    return lines


def legend_html(layers: list[str], lang: str = "nl", extra: list[str] | None = None) -> str:
    """The legend's inner HTML: a title, then a marker and the name of each layer.

    ``extra`` rows are added as they are (already escaped HTML).
    """
    items = [f'<div class="am-legend-title">{html.escape(TEXT[lang]["legend"])}</div>']
    for layer in layers:
        items.append(f"<div>{icon_svg(layer, 16)}{html.escape(layer_label(layer, lang))}</div>")
    items += extra or []
    return "".join(items)
