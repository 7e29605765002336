"""Page layout and drawing parts for :mod:`assetmap.printing`.

The first half is pure geometry in millimetres on the paper (origin lower left, y up): paper
sizes, text widths, the placement of index numbers and buurt names, so it can be tested without
drawing anything. The second half draws the parts of a page with matplotlib: symbols, header,
footer, QR code, legend, scale bar, north arrow, the numbers on the map and the index.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
from pyproj import CRS

from . import schema
from .errors import AssetMapError, ValidationError
from .webmap import STYLES

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH

PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = ("portrait", "landscape")


def page_size_mm(paper: str, orientation: str) -> tuple[float, float]:
    """(width, height) of the page in millimetres.

    Raises
    ------
    ValidationError
        For paper other than A4/A3 or an unknown orientation.
    """
    key = str(paper).upper()
    if key not in PAPER_MM:
        raise ValidationError(f"Papierformaat '{paper}' kennen we niet; kies A4 of A3.",
                              field="paper")
    if orientation not in ORIENTATIONS:
        raise ValidationError(f"Richting '{orientation}' kennen we niet; kies portrait "
                              "(staand) of landscape (liggend).", field="orientation")
    w, h = PAPER_MM[key]
    return (w, h) if orientation == "portrait" else (h, w)


@dataclass(frozen=True)
class Rect:
    """A rectangle on the page in millimetres (x0, y0 = lower left)."""

    x0: float
    y0: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        return self.x0 + self.w

    @property
    def y1(self) -> float:
        return self.y0 + self.h

    def frac(self, page_w: float, page_h: float) -> list[float]:
        """``[left, bottom, width, height]`` as fractions of the page (for ``add_axes``)."""
        return [self.x0 / page_w, self.y0 / page_h, self.w / page_w, self.h / page_h]


# ---------------------------------------------------------------------------- text measuring


@lru_cache(maxsize=4)
def _font(bold: bool):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    prop = font_manager.FontProperties(family="DejaVu Sans",
                                       weight="bold" if bold else "normal")
    return FT2Font(font_manager.findfont(prop))


@lru_cache(maxsize=20_000)
def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of one line of ``text`` set in DejaVu Sans at ``size_pt`` (millimetres)."""
    if not text:
        return 0.0
    font = _font(bold)
    font.set_size(size_pt, 72)  # at 72 dpi one pixel is one point
    font.set_text(text, 0.0)
    w, _ = font.get_width_height()
    return w / 64 / PT_PER_MM


@lru_cache(maxsize=2)
def _line_em(bold: bool = False) -> float:
    font = _font(bold)
    t = font.get_sfnt_table("OS/2")
    upem = font.get_sfnt_table("head")["unitsPerEm"]
    return (t["sTypoAscender"] - t["sTypoDescender"] + t["sTypoLineGap"]) / upem


def line_step_pt(size_pt: float) -> float:
    """Baseline-to-baseline distance of matplotlib's multi-line text with
    ``linespacing="normal"`` (the font's own line height), in points."""
    return _line_em() * size_pt


def shorten(text: str, width_mm: float, size_pt: float, *, bold: bool = False) -> str:
    """``text`` cut at a word (with "…") so that it fits ``width_mm``; one line."""
    text = " ".join(str(text).split())
    if text_width_mm(text, size_pt, bold=bold) <= width_mm:
        return text
    words = text.split(" ")
    out = ""
    for word in words:
        cand = f"{out} {word}".strip()
        if text_width_mm(cand + " …", size_pt, bold=bold) > width_mm:
            break
        out = cand
    if not out:  # one long word: cut characters
        lo = text
        while lo and text_width_mm(lo + "…", size_pt, bold=bold) > width_mm:
            lo = lo[:-1]
        return (lo + "…") if lo else ""
    return out.rstrip(",;:-–—") + " …"


# ---------------------------------------------------------------------------- label placement

# Candidate directions around a symbol, in order of preference (right, upper right, above, …).
_DIRECTIONS = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]


@dataclass(frozen=True)
class Placement:
    """Where label ``i`` went: centre offset from its point (mm), and whether it collides."""

    dx: float
    dy: float
    clear: bool


class _Grid:
    """A uniform grid of boxes for quick overlap tests."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, b: tuple[float, float, float, float]):
        c = self.cell
        for i in range(math.floor(b[0] / c), math.floor(b[2] / c) + 1):
            for j in range(math.floor(b[1] / c), math.floor(b[3] / c) + 1):
                yield i, j

    def add(self, b: tuple[float, float, float, float]) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)

    def overlap(self, b: tuple[float, float, float, float]) -> float:
        """Total overlapping area of ``b`` with the stored boxes (0 = free)."""
        seen: set[int] = set()
        area = 0.0
        for k in self._keys(b):
            for o in self.cells.get(k, ()):
                if id(o) in seen:
                    continue
                seen.add(id(o))
                w = min(b[2], o[2]) - max(b[0], o[0])
                h = min(b[3], o[3]) - max(b[1], o[1])
                if w > 1e-9 and h > 1e-9:
                    area += w * h
        return area


def place_labels(points: np.ndarray, sizes: np.ndarray, *, symbol_mm: float,
                 bounds: tuple[float, float, float, float],
                 obstacles: Sequence[tuple[float, float, float, float]] = (),
                 gap_mm: float = 0.3) -> list[Placement]:
    """Put a label next to each point so that labels overlap no symbol and no other label.

    A greedy placement: for each point (in the given order) try offsets in eight directions,
    first touching the symbol and then one and two label heights further out; take the first
    that overlaps no placed label, no symbol and no obstacle and stays inside ``bounds``. When
    none is free, take the candidate with the least overlap and mark it ``clear=False``.

    Parameters
    ----------
    points : (n, 2) array
        Symbol centres in millimetres on the page.
    sizes : (n, 2) array
        Label widths and heights in millimetres.
    symbol_mm : float
        Symbol size (the side of the box each symbol occupies).
    bounds : (x0, y0, x1, y1)
        Labels must stay inside this box (the map frame).
    obstacles : boxes
        Other things labels must not cover (buurt names, the legend).

    Returns
    -------
    list of Placement
        Centre offsets (mm) from each point, in input order.
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    sz = np.asarray(sizes, dtype=float).reshape(-1, 2)
    n = len(pts)
    if n == 0:
        return []
    cell = max(float(sz.max(initial=1.0)), symbol_mm) * 2
    grid = _Grid(cell)
    r = symbol_mm / 2
    for x, y in pts:
        grid.add((x - r, y - r, x + r, y + r))
    for b in obstacles:
        grid.add(tuple(b))
    bx0, by0, bx1, by1 = bounds
    out: list[Placement] = []
    for (x, y), (w, h) in zip(pts, sz, strict=True):
        best: tuple[float, float, float] | None = None
        found = None
        for ring in (0.0, 1.0, 2.0):
            for ux, uy in _DIRECTIONS:
                extra = ring * h
                dx = ux * (r + gap_mm + w / 2 + extra)
                dy = uy * (r + gap_mm + h / 2 + extra)
                box_ = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
                outside = box_[0] < bx0 or box_[1] < by0 or box_[2] > bx1 or box_[3] > by1
                cost = grid.overlap(box_)
                if outside:
                    cost += w * h * 10
                if cost == 0:
                    found = (dx, dy, box_)
                    break
                if best is None or cost < best[2]:
                    best = (dx, dy, cost)
            if found:
                break
        if found:
            dx, dy, box_ = found
            out.append(Placement(dx, dy, True))
        else:
            assert best is not None
            dx, dy = best[0], best[1]
            box_ = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            out.append(Placement(dx, dy, False))
        grid.add(box_)
    return out


def spread_duplicates(points: np.ndarray, *, radius_mm: float) -> np.ndarray:
    """Symbols on (nearly) the same spot are set in a small ring around it (display only).

    Talents are stored at their buurt's point, so several can share one spot; on paper each
    needs its own symbol and number. Returns a new array; the input is not changed.
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2).copy()
    if len(pts) < 2:
        return pts
    keys = np.round(pts / max(radius_mm * 0.25, 1e-6)).astype(np.int64)
    groups: dict[tuple[int, int], list[int]] = {}
    for i, k in enumerate(map(tuple, keys)):
        groups.setdefault(k, []).append(i)
    for idx in groups.values():
        m = len(idx)
        if m < 2:
            continue
        cx, cy = pts[idx].mean(axis=0)
        # a ring whose circumference leaves one symbol of room per member
        rr = max(radius_mm, radius_mm * 2 * m / (2 * math.pi))
        a = math.pi / 2 + 2 * math.pi * np.arange(m) / m
        pts[idx, 0] = cx + rr * np.cos(a)
        pts[idx, 1] = cy + rr * np.sin(a)
    return pts


def fit_extent(bounds: tuple[float, float, float, float], frame_w: float, frame_h: float, *,
               pad: float = 0.06, min_size: float = 200.0) -> tuple[float, float, float, float]:
    """Data limits around ``bounds`` with the aspect ratio of a ``frame_w`` × ``frame_h`` frame."""
    x0, y0, x1, y1 = bounds
    w = max(x1 - x0, min_size)
    h = max(y1 - y0, min_size)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w *= 1 + 2 * pad
    h *= 1 + 2 * pad
    aspect = frame_w / frame_h
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


_NAME_OFFSETS = [(0.0, 0.0)] + [(dx, dy) for dy in (-8.0, 8.0, -13.0, 13.0, -18.0, 18.0)
                                for dx in (0.0, -10.0, 10.0)]


def place_names(anchors: np.ndarray, sizes: np.ndarray, *,
                obstacles: Sequence[tuple[float, float, float, float]],
                offsets: Sequence[tuple[float, float]] = tuple(_NAME_OFFSETS)
                ) -> list[tuple[float, float]]:
    """Offsets (mm) for centred name boxes near their anchors that cover no obstacle.

    Used for buurt names: talents of a buurt sit on its representative point, so the name
    moves up or down until it covers no symbol. Falls back to the least-covered offset.
    """
    anc = np.asarray(anchors, dtype=float).reshape(-1, 2)
    sz = np.asarray(sizes, dtype=float).reshape(-1, 2)
    if len(anc) == 0:
        return []
    grid = _Grid(max(float(sz.max(initial=1.0)), 5.0))
    for b in obstacles:
        grid.add(tuple(b))
    out = []
    for (x, y), (w, h) in zip(anc, sz, strict=True):
        best, best_cost = (0.0, 0.0), math.inf
        for dx, dy in offsets:
            b = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            cost = grid.overlap(b)
            if cost < best_cost:
                best, best_cost = (dx, dy), cost
            if cost == 0:
                break
        dx, dy = best
        grid.add((x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2))
        out.append(best)
    return out


# ---------------------------------------------------------------------------- drawing

ATTRIBUTION = ("Buurtgrenzen: CBS / Kadaster · straten: © OpenStreetMap contributors")
PRIVACY_NOTE = ("Geen contactgegevens op papier. Talenten staan er alleen op als de bewoner dat "
                "wilde; de andere tellen mee in het aantal per buurt.")


_MARKERS = {"circle": "o", "diamond": "D", "square": "s", "triangle": "^"}


_MARKER_SCALE = {"circle": 1.0, "diamond": 0.85, "square": 0.9, "triangle": 1.1}


@dataclass(frozen=True)
class Symbol:
    """How one layer is drawn: colour and shape from the webmap, plus a black-and-white cue."""

    color: str
    marker: str
    scale: float
    face: str  # fill colour
    edge: str
    hatch: str | None
    linewidth: float


def _symbols() -> dict[str, Symbol]:
    out = {}
    # black-and-white cue per layer: solid, hatched, crossed, hollow
    cues = {"meeting_places": (None, False), "talents": ("/////", False),
            "associations": ("xxx", False), "entrepreneurs": (None, True)}
    for layer, st in STYLES.items():
        hatch, hollow = cues.get(layer, (None, False))
        out[layer] = Symbol(
            color=st.color, marker=_MARKERS[st.shape], scale=_MARKER_SCALE[st.shape],
            face="#ffffff" if hollow else st.color, edge=st.color if hollow else "#1b1b1b",
            hatch=hatch, linewidth=1.6 if hollow else 0.6)
    return out


SYMBOLS: dict[str, Symbol] = _symbols()


@dataclass(frozen=True)
class PrintStyle:
    """Sizes (mm / pt) that depend on the paper."""

    margin: float
    header: float
    footer: float
    title_pt: float
    subtitle_pt: float
    symbol_mm: float
    label_pt: float
    buurt_pt: float
    index_pt: float
    col_mm: float
    small_pt: float

    @classmethod
    def for_paper(cls, paper: str) -> PrintStyle:
        if paper.upper() == "A3":
            return cls(margin=12, header=24, footer=22, title_pt=28, subtitle_pt=13,
                       symbol_mm=3.8, label_pt=7.5, buurt_pt=11, index_pt=8, col_mm=72,
                       small_pt=7.5)
        return cls(margin=10, header=19, footer=18, title_pt=20, subtitle_pt=10.5,
                   symbol_mm=3.2, label_pt=6.5, buurt_pt=8.5, index_pt=7, col_mm=58,
                   small_pt=6.5)


def print_rc() -> dict[str, Any]:
    # text.parse_math off: a name with $ signs is text, never a formula
    return {"pdf.fonttype": 42, "ps.fonttype": 42, "font.family": "DejaVu Sans",
            "hatch.linewidth": 0.5, "svg.fonttype": "none", "text.parse_math": False}


@dataclass(frozen=True)
class IndexEntry:
    """One numbered place: its number, layer, name, one line of description and position."""

    number: int
    layer: str
    name: str
    line: str
    x: float
    y: float


def new_figure(page: tuple[float, float]):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(page[0] / 25.4, page[1] / 25.4))
    fig.patch.set_facecolor("white")
    return fig


def halo_effect(width: float = 2.2):
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def halo_text(ax, x: float, y: float, s: str, *, halo: float = 2.2, **kw: Any) -> None:
    """Text with a white halo that stays *text* in the PDF (searchable, read aloud): the halo
    is a separate outline-only copy underneath, because path effects turn glyphs into paths."""
    if halo:
        under = dict(kw)
        under["color"] = "white"
        under["zorder"] = kw.get("zorder", 10) - 0.01
        ax.text(x, y, s, path_effects=halo_effect(halo), **under).set_gid("halo")
    ax.text(x, y, s, **kw)


def draw_header(fig, page: tuple[float, float], st: PrintStyle, title: str, subtitle: str,
            when: str) -> None:
    pw, ph = page
    top = ph - st.margin
    fig.text(st.margin / pw, top / ph, title, fontsize=st.title_pt, fontweight="bold",
             va="top", ha="left", color="#1b1b1b")
    y2 = (top - st.title_pt / PT_PER_MM * 1.25) / ph
    fig.text(st.margin / pw, y2, subtitle, fontsize=st.subtitle_pt, va="top", ha="left",
             color="#333333")
    fig.text((pw - st.margin) / pw, y2, when, fontsize=st.subtitle_pt, va="top",
             ha="right", color="#333333")


def draw_footer(fig, page: tuple[float, float], st: PrintStyle, project: str,
            qr_url: str | None, extra: str = "") -> None:
    pw, ph = page
    x0 = st.margin
    right = pw - st.margin
    qr_mm = st.footer - 2
    if qr_url:
        draw_qr(fig, Rect(right - qr_mm, st.margin, qr_mm, qr_mm), qr_url, page)
        cap = shorten(qr_url, 60, st.small_pt)
        fig.text((right - qr_mm - 2) / pw, (st.margin + qr_mm * 0.62) / ph,
                 "Bekijk de kaart online:", fontsize=st.small_pt, ha="right", va="bottom",
                 fontweight="bold")
        fig.text((right - qr_mm - 2) / pw, (st.margin + qr_mm * 0.58) / ph, cap,
                 fontsize=st.small_pt, ha="right", va="top", color="#333333")
    lines = [f"{ATTRIBUTION} · project: {project or 'assetmap'}", PRIVACY_NOTE]
    if extra:
        lines.insert(1, extra)
    lh = st.small_pt * 1.35 / PT_PER_MM
    for k, s in enumerate(lines):
        fig.text(x0 / pw, (st.margin + (len(lines) - k - 1) * lh) / ph, s,
                 fontsize=st.small_pt, ha="left", va="bottom", color="#333333")


def draw_qr(fig, r: Rect, url: str, page: tuple[float, float]) -> None:
    import qrcode

    q = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(url)
    q.make(fit=True)
    m = np.array(q.get_matrix(), dtype=float)
    ax = fig.add_axes(r.frac(*page))
    ax.imshow(m, cmap="gray_r", interpolation="nearest", vmin=0, vmax=1)
    ax.set_axis_off()


def boundaries(b: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Buurt boundaries as one set of lines: a shared edge is drawn once, so dashes stay
    dashes instead of two out-of-step dash patterns that look like a solid line."""
    import shapely

    lines = shapely.line_merge(shapely.union_all(b.geometry.boundary.to_numpy()))
    return gpd.GeoSeries([lines], crs=b.crs)


def streets_in(streets: gpd.GeoDataFrame | None, work: CRS,
                extent: tuple[float, float, float, float]) -> gpd.GeoDataFrame | None:
    if streets is None or len(streets) == 0:
        return None
    s = streets.to_crs(work) if streets.crs is not None else streets
    s = s[~(s.geometry.isna() | s.geometry.is_empty)]
    return s.cx[extent[0]:extent[2], extent[1]:extent[3]]


def draw_tiles(ax, work: CRS) -> str:
    """Web tiles under the map (only when asked and online); returns their attribution."""
    try:
        import contextily
        import xyzservices.providers as xyz
    except ImportError as exc:
        raise AssetMapError(
            "Een achtergrondkaart uit tegels heeft de pakketten 'contextily' en "
            "'xyzservices' nodig (pip install contextily). Die zijn niet geïnstalleerd; "
            "druk af zonder tegels.") from exc
    src = xyz.OpenStreetMap.Mapnik
    try:
        contextily.add_basemap(ax, crs=work, source=src, attribution=False, zorder=0)
    except Exception as exc:  # network errors come in many types; say so in Dutch
        raise AssetMapError(f"De achtergrondkaart kon niet worden geladen ({exc}). Druk af "
                            "zonder tegels.") from exc
    return str(src.get("attribution", "© OpenStreetMap contributors"))


def north_arrow(ax, st: PrintStyle, frame: Rect, *, cx: float, top: float
                 ) -> tuple[float, float, float, float]:
    """A north arrow with its tip at ``top`` (mm); returns its box on the page (mm)."""
    from matplotlib.patches import Polygon

    size = st.symbol_mm * 3.2
    fx = (cx - frame.x0) / frame.w

    def fy(y: float) -> float:
        return (y - frame.y0) / frame.h

    hw = size * 0.32
    left = Polygon([[fx + 0, fy(top - 4)], [(cx - hw - frame.x0) / frame.w, fy(top - 4 - size)],
                    [fx, fy(top - 4 - size * 0.72)]], closed=True, transform=ax.transAxes,
                   facecolor="#1b1b1b", edgecolor="#1b1b1b", lw=0.8, zorder=20)
    right = Polygon([[fx, fy(top - 4)], [(cx + hw - frame.x0) / frame.w, fy(top - 4 - size)],
                     [fx, fy(top - 4 - size * 0.72)]], closed=True, transform=ax.transAxes,
                    facecolor="white", edgecolor="#1b1b1b", lw=0.8, zorder=20)
    ax.add_patch(left)
    ax.add_patch(right)
    halo_text(ax, fx, fy(top), "N", transform=ax.transAxes, ha="center", va="top",
          fontsize=st.buurt_pt + 1, fontweight="bold", zorder=20)
    return (cx - hw - 1, top - 4 - size - 1, cx + hw + 1, top + 1)


SCALEBAR_MM = 12.0


def extent_beside_legend(bounds: tuple[float, float, float, float], fr: Rect, lw: float,
                          lh: float) -> tuple[tuple[float, float, float, float], bool]:
    """Map limits that keep the data out of the legend (upper left) and the scale bar
    (bottom) strips: the legend gets a strip on top or on the left, whichever leaves the
    larger scale. Returns the limits and whether the legend strip is on top."""
    best = None
    for on_top in (True, False):
        if on_top:
            sub = Rect(fr.x0, fr.y0 + SCALEBAR_MM, fr.w, fr.h - SCALEBAR_MM - lh - 5)
        else:
            sub = Rect(fr.x0 + lw + 5, fr.y0 + SCALEBAR_MM, fr.w - lw - 5,
                       fr.h - SCALEBAR_MM)
        if sub.w < fr.w * 0.3 or sub.h < fr.h * 0.3:
            continue
        e = fit_extent(bounds, sub.w, sub.h, pad=0.03)
        m_per_mm = (e[2] - e[0]) / sub.w
        if best is None or m_per_mm < best[0]:
            best = (m_per_mm, e, sub, on_top)
    if best is None:
        return fit_extent(bounds, fr.w, fr.h), True
    s, e, sub, on_top = best
    x0 = e[0] - (sub.x0 - fr.x0) * s
    y0 = e[1] - (sub.y0 - fr.y0) * s
    return (x0, y0, x0 + fr.w * s, y0 + fr.h * s), on_top


def scalebar(ax, st: PrintStyle, frame: Rect) -> tuple[float, float, float, float]:
    from matplotlib_scalebar.scalebar import ScaleBar

    sb = ScaleBar(1, units="m", location="lower right", length_fraction=0.22,
                  box_alpha=0.85, font_properties={"size": st.small_pt + 0.5},
                  border_pad=0.6, pad=0.4, scale_loc="top", width_fraction=0.012)
    ax.add_artist(sb)
    return (frame.x1 - frame.w * 0.3, frame.y0, frame.x1, frame.y0 + 16)


def scatter_symbols(ax, layer: str, x: np.ndarray, y: np.ndarray, size_mm: float, *,
                    zorder: int = 10):
    sym = SYMBOLS[layer]
    s_pt = size_mm * sym.scale * PT_PER_MM
    return ax.scatter(x, y, s=s_pt ** 2, marker=sym.marker, facecolors=sym.face,
                      edgecolors=sym.edge, linewidths=sym.linewidth, hatch=sym.hatch,
                      zorder=zorder)


def draw_legend(fig, page, st: PrintStyle, r: Rect, items: list[tuple[str | None, str]],
            note: str) -> None:
    """A legend box at ``r`` (mm); ``items`` are (layer or special key, label)."""
    from matplotlib.patches import FancyBboxPatch

    ax = fig.add_axes(r.frac(*page))
    ax.set_xlim(0, r.w)
    ax.set_ylim(0, r.h)
    ax.set_axis_off()
    ax.set_zorder(30)
    ax.add_patch(FancyBboxPatch((0.3, 0.3), r.w - 0.6, r.h - 0.6,
                                boxstyle="round,pad=0,rounding_size=1.2", facecolor="white",
                                edgecolor="#555555", lw=0.6, alpha=0.94))
    lh = st.index_pt * 1.55 / PT_PER_MM
    y = r.h - 2.2
    ax.text(2, y, "Legenda", fontsize=st.index_pt + 0.5, fontweight="bold", va="top")
    y -= lh * 1.1
    for key, label in items:
        cy = y - lh * 0.35
        if key in SYMBOLS:
            scatter_symbols(ax, key, np.array([4.0]), np.array([cy]), st.symbol_mm)
        elif key == "buurt":
            ax.plot([2, 6], [cy, cy], color="#2b2b2b", lw=1.0, ls=(0, (4, 2)))
        elif key == "streets":
            ax.plot([2, 6], [cy, cy], color="#b4b4b4", lw=1.6)
        elif key == "route":
            ax.plot([2, 6], [cy, cy], color="#1b1b1b", lw=2.2)
        ax.text(8, cy, label, fontsize=st.index_pt, va="center")
        y -= lh
    if note:
        ax.text(2, y - 0.5, note, fontsize=st.small_pt, va="top", color="#333333",
                wrap=False, linespacing=1.2)


def legend_size(st: PrintStyle, items: list[tuple[str | None, str]], note: str
                 ) -> tuple[float, float]:
    lh = st.index_pt * 1.55 / PT_PER_MM
    w = max([text_width_mm("Legenda", st.index_pt + 0.5, bold=True)]
            + [8 + text_width_mm(lab, st.index_pt) for _, lab in items])
    note_lines = note.split("\n") if note else []
    if note_lines:
        w = max(w, max(text_width_mm(s, st.small_pt) for s in note_lines))
    h = 2.2 + lh * 1.1 + lh * len(items) + len(note_lines) * st.small_pt * 1.2 / PT_PER_MM + 2.5
    return w + 4, h


def index_rows(entries: list[IndexEntry]) -> list[tuple[str, Any]]:
    """("head", layer) and ("entry", IndexEntry) rows in print order."""
    rows: list[tuple[str, Any]] = []
    last = None
    for e in entries:
        if e.layer != last:
            rows.append(("head", e.layer))
            last = e.layer
        rows.append(("entry", e))
    return rows


def split_columns(rows: list[tuple[str, Any]], per_col: int) -> list[list[tuple[str, Any]]]:
    """Split rows into columns of ``per_col``; a layer heading never ends a column."""
    cols: list[list[tuple[str, Any]]] = [[]]
    for row in rows:
        if len(cols[-1]) >= per_col or (row[0] == "head" and len(cols[-1]) >= per_col - 1):
            cols.append([])
        cols[-1].append(row)
    return [c for c in cols if c]


def draw_index(fig, page, st: PrintStyle, r: Rect, cols: list[list[tuple[str, Any]]],
                n_cols: int, counts: Mapping[str, int]) -> None:
    """The numbered list. Each run of entries in a column is one multi-line text for the
    numbers and one for the names: a few text objects instead of two per place (fast to
    draw and save), and still real text in the PDF."""
    ax = fig.add_axes(r.frac(*page))
    ax.set_xlim(0, r.w)
    ax.set_ylim(0, r.h)
    ax.set_axis_off()
    lh = index_step(st)
    gap = 4.0
    col_w = (r.w - gap * (n_cols - 1)) / n_cols
    num_w = text_width_mm("888", st.index_pt, bold=True) + 1.2
    room = col_w - num_w - 1.2
    dash = text_width_mm(" — ", st.index_pt)

    def flush(x: float, y_last: float, nums: list[str], texts: list[str]) -> None:
        # va="baseline" puts the *last* line's baseline at y; "normal" spacing steps by
        # the font's line height, which is what lh is
        if not nums:
            return
        ax.text(x + num_w, y_last, "\n".join(nums), fontsize=st.index_pt, fontweight="bold",
                ha="right", va="baseline", multialignment="right", linespacing="normal")
        ax.text(x + num_w + 1.2, y_last, "\n".join(texts), fontsize=st.index_pt,
                va="baseline", linespacing="normal", color="#1b1b1b")

    for c, rows in enumerate(cols):
        x = c * (col_w + gap)
        y = r.h
        nums: list[str] = []
        texts: list[str] = []
        for kind, item in rows:
            y -= lh
            if kind == "head":
                flush(x, y + lh, nums, texts)
                nums, texts = [], []
                scatter_symbols(ax, item, np.array([x + 1.8]), np.array([y + lh * 0.32]),
                         st.symbol_mm * 0.9)
                label = f"{schema.LAYERS[item].label_nl} ({counts.get(item, 0)})"
                ax.text(x + 4.5, y, label, fontsize=st.index_pt + 0.5, fontweight="bold",
                        va="baseline")
                continue
            e: IndexEntry = item
            name = shorten(e.name, room, st.index_pt)
            rest = room - text_width_mm(name, st.index_pt) - dash
            text = name
            if e.line and rest > 8:
                desc = shorten(e.line, rest, st.index_pt)
                if desc and desc != "…":
                    text = f"{name} — {desc}"
            nums.append(str(e.number))
            texts.append(text)
            if len(nums) == _BLOCK:  # short blocks: pixel rounding of line steps at low
                flush(x, y, nums, texts)  # dpi (previews) cannot add up to a visible drift
                nums, texts = [], []
        flush(x, y, nums, texts)


def number_labels(fig, page, fr: Rect, pts: np.ndarray, numbers: list[str], place: list,
                   sizes: np.ndarray, st: PrintStyle) -> None:
    """The numbers on the map as glyph outlines on small white boxes, drawn in one go.

    Hundreds of separate text objects make a PDF slow to write; one compound path draws in a
    fraction of the time. The numbers are searchable in the index, which stays text.
    """
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    ov = fig.add_axes(fr.frac(*page))
    ov.set_xlim(fr.x0, fr.x1)
    ov.set_ylim(fr.y0, fr.y1)
    ov.set_axis_off()
    ov.set_zorder(5)
    prop = FontProperties(family="DejaVu Sans", weight="bold", size=st.label_pt)
    glyphs: dict[str, MplPath] = {}
    paths, boxes, leaders = [], [], []
    for (x, y), s, p, (w, h) in zip(pts, numbers, place, sizes, strict=True):
        cx, cy = x + p.dx, y + p.dy
        g = glyphs.get(s)
        if g is None:
            tp = TextPath((0, 0), s, prop=prop)
            v = tp.vertices / PT_PER_MM
            v = v - (v.min(axis=0) + v.max(axis=0)) / 2  # control points: close enough
            g = glyphs[s] = MplPath(v, tp.codes)
        paths.append(MplPath(g.vertices + (cx, cy), g.codes))
        bw, bh = w / 2 + 0.15, h / 2 + 0.1
        boxes.append([(cx - bw, cy - bh), (cx + bw, cy - bh), (cx + bw, cy + bh),
                      (cx - bw, cy + bh)])
        if not p.clear:  # a thin leader line when the label sits further away
            leaders.append([(x, y), (cx, cy)])
    if leaders:
        ov.add_collection(LineCollection(leaders, colors="#555555", linewidths=0.4))
    ov.add_collection(PolyCollection(boxes, facecolors="white", edgecolors="none",
                                     alpha=0.85))
    # add_artist, not add_patch: no data-limit update over thousands of Bézier segments
    ov.add_artist(PathPatch(MplPath.make_compound_path(*paths), facecolor="#1b1b1b",
                            edgecolor="none", lw=0))


_BLOCK = 5


def index_step(st: PrintStyle) -> float:
    """Line height of the index in mm (the font's own line height, see ``draw_index``)."""
    return line_step_pt(st.index_pt) / PT_PER_MM


@dataclass(frozen=True)
class Plan:
    map: Rect
    index: Rect | None
    index_cols: int
    per_col: int
    overflow: bool


def plan_page(page: tuple[float, float], st: PrintStyle, rows: list[tuple[str, Any]],
          landscape: bool) -> Plan:
    pw, ph = page
    top = ph - st.margin - st.header
    bottom = st.margin + st.footer
    cw, ch = pw - 2 * st.margin, top - bottom
    lh = index_step(st)
    gap = 5.0
    if not rows:
        return Plan(Rect(st.margin, bottom, cw, ch), None, 0, 0, False)
    if landscape:
        cap = int((ch - 1) // lh)
        for k in (1, 2, 3):
            w = k * st.col_mm + (k - 1) * 4
            if w > cw * 0.42:
                break
            if len(split_columns(rows, cap)) <= k:
                per = next(n for n in range(-(-len(rows) // k), cap + 1)
                           if len(split_columns(rows, n)) <= k)
                return Plan(Rect(st.margin, bottom, cw - w - gap, ch),
                             Rect(st.margin + cw - w, bottom, w, ch), k, per, False)
    else:
        k = max(1, int((cw + 4) // (st.col_mm + 4)))
        max_h = ch * 0.4
        for lines in range(4, int(max_h // lh) + 1):
            if len(split_columns(rows, lines)) <= k:
                h = lines * lh + 1
                return Plan(Rect(st.margin, bottom + h + gap, cw, ch - h - gap),
                             Rect(st.margin, bottom, cw, h), k, lines, False)
    return Plan(Rect(st.margin, bottom, cw, ch), None, 0, 0, True)


def index_pages(page, st: PrintStyle, rows, title: str, counts, project: str,
                 when_s: str) -> list:
    """Pages with only the index (when it does not fit next to the map)."""
    pw, ph = page
    top = ph - st.margin - st.header
    bottom = st.margin + st.footer
    cw, ch = pw - 2 * st.margin, top - bottom
    lh = index_step(st)
    k = max(1, int((cw + 4) // (st.col_mm + 4)))
    per_col = int((ch - 1) // lh)
    cols = split_columns(rows, per_col)
    figs = []
    for p in range(0, len(cols), k):
        f = new_figure(page)
        n = len(figs) + 2
        draw_header(f, page, st, title, f"Lijst van plekken (blad {n})", when_s)
        chunk = cols[p:p + k]
        # few columns: make them wider (more of each description), but not wider than ~12 cm
        n_cols = min(k, max(len(chunk), math.ceil(cw / 120)))
        draw_index(f, page, st, Rect(st.margin, bottom, cw, ch), chunk, n_cols, counts)
        draw_footer(f, page, st, project, None)
        figs.append(f)
    return figs


def row_band(w: float, y: float, lh: float):
    from matplotlib.patches import Rectangle

    return Rectangle((0, y - lh * 0.3), w, lh, facecolor="#efefef", edgecolor="none",
                     zorder=0)


def direction_arrows(ax, path: gpd.GeoSeries) -> None:
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
