"""Page geometry in millimetres: paper sizes, rectangles, the sizes per paper, map extents.

Everything here is pure arithmetic on the paper (origin lower left, y up), so it can be tested
without drawing anything. The map's own coordinates are metres in the working CRS
(:mod:`assetmap.crs`); :class:`MapFrame` converts between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ValidationError

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH

PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = ("portrait", "landscape")

Box = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)``: a box on the page in millimetres, or map limits in metres."""


def page_size_mm(paper: str, orientation: str) -> tuple[float, float]:
    """The size of a sheet.

    Parameters
    ----------
    paper : str
        ``A4`` or ``A3`` (any case).
    orientation : str
        ``portrait`` or ``landscape``.

    Returns
    -------
    tuple of float
        ``(width, height)`` in millimetres.

    Raises
    ------
    ValidationError
        For paper other than A4/A3 or an unknown orientation.
    """
    key = str(paper).upper()
    if key not in PAPER_MM:
        raise ValidationError(field="paper", key="print_paper", params={"paper": paper})
    if orientation not in ORIENTATIONS:
        raise ValidationError(field="orientation", key="print_orientation",
                              params={"orientation": orientation})
    w, h = PAPER_MM[key]
    return (w, h) if orientation == "portrait" else (h, w)


@dataclass(frozen=True)
class Rect:
    """A rectangle on the page in millimetres.

    Attributes
    ----------
    x0, y0 : float
        The lower left corner.
    w, h : float
        Width and height.
    """

    x0: float
    y0: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        """The right edge."""
        return self.x0 + self.w

    @property
    def y1(self) -> float:
        """The top edge."""
        return self.y0 + self.h

    def frac(self, page_w: float, page_h: float) -> list[float]:
        """``[left, bottom, width, height]`` as fractions of the page (for ``add_axes``)."""
        return [self.x0 / page_w, self.y0 / page_h, self.w / page_w, self.h / page_h]


@dataclass(frozen=True)
class PrintStyle:
    """Sizes that depend on the paper: margins and bands in mm, type in points.

    Attributes
    ----------
    margin, header, footer : float
        White edge of the sheet; height of the title band and of the footer band (mm).
    title_pt, subtitle_pt : float
        Title and subtitle type size.
    symbol_mm : float
        Side of a place symbol on the map.
    label_pt, buurt_pt, index_pt, small_pt : float
        Numbers on the map, buurt names, the index, notes and footer.
    col_mm : float
        Width of one index column.
    """

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
        """The sizes for ``A3`` (larger type and symbols) or ``A4`` (anything else)."""
        if paper.upper() == "A3":
            return cls(margin=12, header=24, footer=22, title_pt=28, subtitle_pt=13,
                       symbol_mm=3.8, label_pt=7.5, buurt_pt=11, index_pt=8, col_mm=72,
                       small_pt=7.5)
        return cls(margin=10, header=19, footer=18, title_pt=20, subtitle_pt=10.5,
                   symbol_mm=3.2, label_pt=6.5, buurt_pt=8.5, index_pt=7, col_mm=58,
                   small_pt=6.5)


@dataclass(frozen=True)
class Page:
    """One sheet: its size, its :class:`PrintStyle`, and the room between header and footer.

    Attributes
    ----------
    w, h : float
        Width and height in millimetres.
    style : PrintStyle
        The sizes that go with the paper.
    paper : str
        ``A4`` or ``A3``.
    """

    w: float
    h: float
    style: PrintStyle
    paper: str

    @classmethod
    def create(cls, paper: str, orientation: str = "portrait") -> Page:
        """A sheet of ``paper`` (A4/A3) in ``orientation``; raises ``ValidationError`` else."""
        w, h = page_size_mm(paper, orientation)
        return cls(w, h, PrintStyle.for_paper(paper), str(paper).upper())

    @property
    def size(self) -> tuple[float, float]:
        """``(width, height)`` in millimetres."""
        return (self.w, self.h)

    @property
    def landscape(self) -> bool:
        return self.w > self.h

    def mm_transform(self, fig: Any) -> Any:
        """A matplotlib transform from millimetres on this sheet to ``fig``'s display."""
        from matplotlib.transforms import Affine2D

        return Affine2D().scale(1 / self.w, 1 / self.h) + fig.transFigure

    @property
    def top(self) -> float:
        """The lower edge of the header band: where content may start."""
        return self.h - self.style.margin - self.style.header

    @property
    def bottom(self) -> float:
        """The upper edge of the footer band: where content must end."""
        return self.style.margin + self.style.footer

    @property
    def content(self) -> Rect:
        """The whole room between header and footer, inside the side margins."""
        return Rect(self.style.margin, self.bottom, self.w - 2 * self.style.margin,
                    self.top - self.bottom)


@dataclass(frozen=True)
class MapFrame:
    """A map on the page: the frame in millimetres and the limits in metres it shows.

    Attributes
    ----------
    frame : Rect
        Where the map sits on the page.
    extent : Box
        ``(x0, y0, x1, y1)`` in the working CRS, with the frame's aspect ratio.
    """

    frame: Rect
    extent: Box

    def to_mm(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Map coordinates to page millimetres, as an ``(n, 2)`` array."""
        fr, e = self.frame, self.extent
        return np.column_stack([fr.x0 + (np.asarray(x) - e[0]) / (e[2] - e[0]) * fr.w,
                                fr.y0 + (np.asarray(y) - e[1]) / (e[3] - e[1]) * fr.h])

    def to_data(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Page millimetres (an ``(n, 2)`` array) to map coordinates ``(xs, ys)``."""
        fr, e = self.frame, self.extent
        return (e[0] + (p[:, 0] - fr.x0) / fr.w * (e[2] - e[0]),
                e[1] + (p[:, 1] - fr.y0) / fr.h * (e[3] - e[1]))

    def shows(self, x: float, y: float) -> bool:
        """Whether the map point ``(x, y)`` lies inside the extent."""
        e = self.extent
        return e[0] <= x <= e[2] and e[1] <= y <= e[3]


def fit_extent(bounds: Box, frame_w: float, frame_h: float, *, pad: float = 0.06,
               min_size: float = 200.0) -> Box:
    """Map limits around ``bounds`` with the aspect ratio of a frame.

    Parameters
    ----------
    bounds : Box
        What must be visible (metres).
    frame_w, frame_h : float
        The frame on the page (mm): only their ratio counts.
    pad : float
        Room around ``bounds``, as a share of its width and height on each side.
    min_size : float
        The smallest width or height shown (metres), so one place is not a blow-up.

    Returns
    -------
    Box
        The limits, centred on ``bounds``.
    """
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


SCALEBAR_MM = 12.0  # the strip at the bottom of a map kept free for the scale bar


def extent_beside_legend(bounds: Box, fr: Rect, lw: float, lh: float) -> tuple[Box, bool]:
    """Map limits that keep the data out of the legend and scale bar strips.

    The legend sits in the upper left corner and gets a strip on top or on the left,
    whichever leaves the larger scale; the scale bar gets a strip at the bottom.

    Parameters
    ----------
    bounds : Box
        What must be visible (metres).
    fr : Rect
        The map frame on the page.
    lw, lh : float
        Width and height of the legend box (mm).

    Returns
    -------
    extent : Box
        The limits of the whole frame.
    on_top : bool
        Whether the legend strip is on top (else on the left).
    """
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
