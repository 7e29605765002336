"""Where labels go: numbers next to their symbols and buurt names near their centres, without
covering a symbol, another label or a part of the page furniture (legend, scale bar).

Pure geometry in millimetres on the page; nothing is drawn here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .layout import Box

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
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, b: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(b[0] / c), math.floor(b[2] / c) + 1):
            for j in range(math.floor(b[1] / c), math.floor(b[3] / c) + 1):
                yield i, j

    def add(self, b: Box) -> None:
        """Store box ``b``."""
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)

    def overlap(self, b: Box) -> float:
        """Total overlapping area of ``b`` with the stored boxes (0 = free)."""
        c = self.cell
        x0, y0, x1, y1 = b
        i0, i1 = math.floor(x0 / c), math.floor(x1 / c)
        j0, j1 = math.floor(y0 / c), math.floor(y1 / c)
        cells = self.cells
        if i0 == i1 and j0 == j1:  # the usual case: one cell, no box seen twice
            found: Iterable[Box] = cells.get((i0, j0), ())
        else:
            seen: dict[int, Box] = {}
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    for o in cells.get((i, j), ()):
                        seen[id(o)] = o
            found = seen.values()
        area = 0.0
        for o in found:  # (conditional expressions: several times faster than min/max)
            w = (x1 if x1 < o[2] else o[2]) - (x0 if x0 > o[0] else o[0])
            if w > 1e-9:
                h = (y1 if y1 < o[3] else o[3]) - (y0 if y0 > o[1] else o[1])
                if h > 1e-9:
                    area += w * h
        return area


def place_labels(points: np.ndarray, sizes: np.ndarray, *, symbol_mm: float, bounds: Box,
                 obstacles: Sequence[Box] = (), gap_mm: float = 0.3) -> list[Placement]:
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
    bounds : Box
        Labels must stay inside this box (the map frame).
    obstacles : sequence of Box
        Other things labels must not cover (buurt names, the legend).
    gap_mm : float
        White space between a symbol and its label.

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
        grid.add((b[0], b[1], b[2], b[3]))
    out: list[Placement] = []
    for (x, y), (w, h) in zip(pts, sz, strict=True):
        p = _place_one(grid, x, y, w, h, r=r, gap_mm=gap_mm, bounds=bounds)
        out.append(p)
        grid.add((x + p.dx - w / 2, y + p.dy - h / 2, x + p.dx + w / 2, y + p.dy + h / 2))
    return out


def _place_one(grid: _Grid, x: float, y: float, w: float, h: float, *, r: float,
               gap_mm: float, bounds: Box) -> Placement:
    """The first free spot for a ``w`` × ``h`` label around the symbol at ``(x, y)`` (radius
    ``r``), ring by ring; else the least covered one, marked not clear."""
    bx0, by0, bx1, by1 = bounds
    best: tuple[float, float, float] | None = None
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
                return Placement(dx, dy, True)
            if best is None or cost < best[2]:
                best = (dx, dy, cost)
    assert best is not None
    return Placement(best[0], best[1], False)


def spread_duplicates(points: np.ndarray, *, radius_mm: float) -> np.ndarray:
    """Symbols on (nearly) the same spot are set in a small ring around it (display only).

    Talents are stored at their buurt's point, so several can share one spot; on paper each
    needs its own symbol and number.

    Parameters
    ----------
    points : (n, 2) array
        Symbol centres (mm on the page).
    radius_mm : float
        The smallest ring radius; points closer than a quarter of it count as one spot.

    Returns
    -------
    (n, 2) array
        A new array; the input is not changed.
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


_NAME_OFFSETS = [(0.0, 0.0)] + [(dx, dy) for dy in (-8.0, 8.0, -13.0, 13.0, -18.0, 18.0)
                                for dx in (0.0, -10.0, 10.0)]


def place_names(anchors: np.ndarray, sizes: np.ndarray, *, obstacles: Sequence[Box],
                offsets: Sequence[tuple[float, float]] = tuple(_NAME_OFFSETS)
                ) -> list[tuple[float, float]]:
    """Offsets for centred name boxes near their anchors that cover no obstacle.

    Used for buurt names: talents of a buurt sit on its representative point, so the name
    moves up or down until it covers no symbol. Falls back to the least-covered offset.

    Parameters
    ----------
    anchors : (n, 2) array
        Where each name would be centred (mm on the page).
    sizes : (n, 2) array
        Width and height of each name box (mm).
    obstacles : sequence of Box
        What the names must not cover (symbols, legend, …); placed names are added.
    offsets : sequence of (dx, dy)
        Candidate offsets in order of preference.

    Returns
    -------
    list of (dx, dy)
        The chosen offset (mm) per name, in input order.
    """
    anc = np.asarray(anchors, dtype=float).reshape(-1, 2)
    sz = np.asarray(sizes, dtype=float).reshape(-1, 2)
    if len(anc) == 0:
        return []
    grid = _Grid(max(float(sz.max(initial=1.0)), 5.0))
    for b in obstacles:
        grid.add((b[0], b[1], b[2], b[3]))
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

