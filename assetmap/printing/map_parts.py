"""What is drawn inside a map frame: background tiles, streets, buurt boundaries, the numbers
next to the place symbols, and arrows along a walking route.

Geometries arrive in the working CRS (metres), the map's data coordinates.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
from pyproj import CRS

from ..errors import AssetMapError
from .layout import Box, Page, Rect
from .lines import TextLines, ink_box_mm
from .placement import Placement


def boundaries(b: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Buurt boundaries as one set of lines: a shared edge is drawn once, so dashes stay
    dashes instead of two out-of-step dash patterns that look like a solid line."""
    import shapely

    lines = shapely.line_merge(shapely.union_all(b.geometry.boundary.to_numpy()))
    return gpd.GeoSeries([lines], crs=b.crs)


def streets_in(streets: gpd.GeoDataFrame | None, work: CRS,
               extent: Box) -> gpd.GeoDataFrame | None:
    """The streets that cross ``extent``, in the working CRS ``work``; ``None`` for none."""
    if streets is None or len(streets) == 0:
        return None
    s = streets.to_crs(work) if streets.crs is not None else streets
    s = s[~(s.geometry.isna() | s.geometry.is_empty)]
    return s.cx[extent[0]:extent[2], extent[1]:extent[3]]


def draw_tiles(ax: Any, work: CRS) -> str:
    """Web tiles under the map (only when asked and online); returns their attribution.

    Raises
    ------
    AssetMapError
        ``contextily`` is not installed, or the tiles could not be loaded.
    """
    try:
        import contextily
        import xyzservices.providers as xyz
    except ImportError as exc:
        raise AssetMapError(key="pr_no_contextily") from exc
    src = xyz.OpenStreetMap.Mapnik
    try:
        contextily.add_basemap(ax, crs=work, source=src, attribution=False, zorder=0)
    except Exception as exc:  # network errors come in many types; say so in Dutch
        raise AssetMapError(key="pr_tiles_failed", params={"reason": str(exc)}) from exc
    return str(src.get("attribution", "© OpenStreetMap contributors"))


def number_labels(fig: Any, page: Page, fr: Rect, pts: np.ndarray, numbers: list[str],
                  place: list[Placement], sizes: np.ndarray) -> list[Any]:
    """The numbers on the map as text on small white boxes, drawn in one go.

    All numbers are one :class:`~.lines.TextLines` artist (real text: a PDF viewer finds
    "12" on the map too), centred on their label place like glyph outlines would be.

    Parameters
    ----------
    fig : matplotlib Figure
    page : Page
    fr : Rect
        The map frame (an overlay of the same size is added on top of the map).
    pts : (n, 2) array
        The symbols (mm on the page).
    numbers : list of str
        The text of each number.
    place : list of Placement
        Where each number goes (from :func:`~assetmap.printing.placement.place_labels`); a
        number that is not ``clear`` gets a thin leader line to its symbol.
    sizes : (n, 2) array
        The size of each number's box (mm).

    Returns
    -------
    list
        The artists: leader lines (if any), white boxes, the numbers.
    """
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    st = page.style
    ov = fig.add_axes(fr.frac(*page.size))
    ov.set_xlim(fr.x0, fr.x1)
    ov.set_ylim(fr.y0, fr.y1)
    ov.set_axis_off()
    ov.set_zorder(5)
    lines, boxes, leaders = [], [], []
    for (x, y), s, p, (w, h) in zip(pts, numbers, place, sizes, strict=True):
        cx, cy = x + p.dx, y + p.dy
        x0, y0, x1, y1 = ink_box_mm(s, st.label_pt, bold=True)
        lines.append((cy - (y0 + y1) / 2, [(cx - (x0 + x1) / 2, s, True, "left")]))
        bw, bh = w / 2 + 0.15, h / 2 + 0.1
        boxes.append([(cx - bw, cy - bh), (cx + bw, cy - bh), (cx + bw, cy + bh),
                      (cx - bw, cy + bh)])
        if not p.clear:  # a thin leader line when the label sits further away
            leaders.append([(x, y), (cx, cy)])
    out: list[Any] = []
    # leaders and boxes as one path each (one PDF path, not hundreds); add_artist: no
    # data-limit update
    if leaders:
        seg = np.asarray(leaders, dtype=float).reshape(-1, 2)
        codes = np.tile([MplPath.MOVETO, MplPath.LINETO], len(leaders))
        out.append(ov.add_artist(PathPatch(MplPath(seg, codes), facecolor="none",
                                           edgecolor="#555555", lw=0.4)))
    if boxes:
        out.append(ov.add_artist(PathPatch(
            MplPath.make_compound_path_from_polys(np.asarray(boxes, dtype=float)),
            facecolor="white", edgecolor="none", lw=0, alpha=0.85)))
    text = TextLines(lines, size_pt=st.label_pt, color="#1b1b1b")
    text.set_transform(ov.transData)
    out.append(ov.add_artist(text))
    return out


def direction_arrows(ax: Any, path: gpd.GeoSeries) -> None:
    """Small arrowheads halfway along each leg, so the walking direction reads on paper."""
    for geom in path:
        if geom is None or geom.is_empty or geom.length == 0:
            continue
        lines = getattr(geom, "geoms", [geom])
        for ln in lines:
            if ln.length < 1:
                continue
            a = ln.interpolate(0.5, normalized=True)
            b = ln.interpolate(min(1.0, 0.5 + 2.0 / max(ln.length, 1)), normalized=True)
            if a.distance(b) == 0:
                continue
            ax.annotate("", xy=(b.x, b.y), xytext=(a.x, a.y), zorder=6,
                        arrowprops={"arrowstyle": "-|>,head_length=0.6,head_width=0.35",
                                    "color": "#1b1b1b", "lw": 0, "shrinkA": 0,
                                    "shrinkB": 0, "mutation_scale": 10})
