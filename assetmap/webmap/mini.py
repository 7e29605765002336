"""A small static map of one spot as inline SVG: the entry, its neighbours and the streets.

Used on the facilitator's approval cards (one per card, no map widget, no iframe, no tiles): cheap
enough for a queue of fifty. Contains no user text, only shapes and numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import geopandas as gpd
from shapely.geometry import LineString, MultiLineString, Point, box

from ..style import SHAPE_SVG, STYLES

PIN_COLOR = "#D55E00"


def _project(lon: float, lat: float, lon0: float, lat0: float) -> tuple[float, float]:
    """Metres east and north of (lon0, lat0) (equirectangular; fine for a few hundred m)."""
    k = 111_320.0
    return (lon - lon0) * k * math.cos(math.radians(lat0)), (lat - lat0) * 110_540.0


def mini_map_svg(spot: Point, nearby: Iterable[tuple[str, Point]] = (), *,
                 streets: gpd.GeoDataFrame | None = None, radius_m: float = 200.0,
                 width: int = 260, height: int = 170) -> str:
    """An ``<svg>`` of ``radius_m`` around ``spot`` (EPSG:4326): streets as grey lines, the
    ``nearby`` entries as their layer's small symbol, the spot as an orange ring on top, and a
    scale bar."""
    lon0, lat0 = spot.x, spot.y
    scale = min(width, height) / (2 * radius_m)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        e, n = _project(lon, lat, lon0, lat0)
        return width / 2 + e * scale, height / 2 - n * scale

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" class="am-mini">',
             f'<rect width="{width}" height="{height}" fill="#f4f1ea" stroke="#bbb"/>']
    if streets is not None and len(streets):
        dlon = radius_m * 1.6 / (111_320 * math.cos(math.radians(lat0)))
        dlat = radius_m * 1.2 / 110_540
        near = streets.geometry.intersection(box(lon0 - dlon, lat0 - dlat, lon0 + dlon,
                                                 lat0 + dlat))
        for g in near:
            lines = g.geoms if isinstance(g, MultiLineString) else [g] \
                if isinstance(g, LineString) else []
            for line in lines:
                if line.is_empty:
                    continue
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*c[:2]) for c in line.coords))
                parts.append(f'<polyline points="{pts}" fill="none" stroke="#b9b3a6" '
                             'stroke-width="3" stroke-linecap="round"/>')
    for layer, p in nearby:
        x, y = xy(p.x, p.y)
        if not (0 <= x <= width and 0 <= y <= height) or layer not in STYLES:
            continue
        style = STYLES[layer]
        parts.append(f'<g transform="translate({x - 6:.1f},{y - 6:.1f}) scale(0.5)" '
                     f'fill="{style.color}" stroke="#1b1b1b" stroke-width="1.6">'
                     f"{SHAPE_SVG[style.shape]}</g>")
    cx, cy = width / 2, height / 2
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="9" fill="none" stroke="{PIN_COLOR}" '
                 'stroke-width="4"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{PIN_COLOR}"/>')
    bar = 100 * scale
    parts.append(f'<line x1="8" y1="{height - 10}" x2="{8 + bar:.1f}" y2="{height - 10}" '
                 'stroke="#333" stroke-width="2"/>'
                 f'<text x="{10 + bar:.1f}" y="{height - 6}" font-size="11" '
                 'font-family="sans-serif" fill="#333">100 m</text>')
    parts.append("</svg>")
    return "".join(parts)
