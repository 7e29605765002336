"""The numbered list of places: which number each place gets, how the list is split into
columns, where it fits beside or below the map, and drawing it (also on pages of its own).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from .. import i18n, schema
from ..style import layer_label
from .layout import PT_PER_MM, Page, PrintStyle, Rect
from .lines import TextLines
from .parts import draw_footer, start_page
from .symbols import scatter_symbols
from .text import line_step_pt, shorten, text_or_none, text_width_mm

# the fields that describe a place in one line, first filled one wins
_DESC = {
    "meeting_places": ("description", "when_open"),
    "talents": ("description", "gifts_hand", "gifts_head", "gifts_heart"),
    "associations": ("activities", "description"),
    "entrepreneurs": ("offers", "sector", "description"),
    "wishes": ("description", "story"),
}


@dataclass(frozen=True)
class IndexEntry:
    """One numbered place.

    Attributes
    ----------
    number : int
        Its number on the map and in the list.
    layer : str
        Its asset layer.
    name : str
        Its name (one line).
    line : str
        One line of description (may be empty).
    x, y : float
        Its position in the working CRS.
    """

    number: int
    layer: str
    name: str
    line: str
    x: float
    y: float


IndexRow = tuple[str, Any]
"""``("head", layer)`` for a layer heading or ``("entry", IndexEntry)`` for a place."""


def _line(layer: str, row: Mapping[str, Any]) -> str:
    """One line of description: the first filled field of ``_DESC``; for a meeting place
    without a description, its kind (Bibliotheek, Park of plein, …)."""
    for col in _DESC.get(layer, ("description",)):
        v = text_or_none(row.get(col))
        if v:
            return v
    kind = text_or_none(row.get("kind")) if layer == "meeting_places" else None
    return schema.MEETING_KIND_LABELS[kind][0] if kind in schema.MEETING_KIND_LABELS else ""


def index_entries(layers: Mapping[str, gpd.GeoDataFrame], work_crs: CRS) -> list[IndexEntry]:
    """Number the places: per layer in the usual order, by name within a layer.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        The places that are printed, per asset layer (points, any CRS).
    work_crs : CRS
        The map's working CRS (positions of the entries).

    Returns
    -------
    list of IndexEntry
        Numbered from 1.
    """
    entries: list[IndexEntry] = []
    n = 0
    for layer in schema.POINT_LAYERS:
        g = layers.get(layer)
        if g is None or len(g) == 0:
            continue
        w = g.to_crs(work_crs)
        names = w["name"].fillna("").astype(str) if "name" in w.columns else pd.Series(
            [""] * len(w), index=w.index)
        order = sorted(range(len(w)), key=lambda i: (names.iloc[i].casefold(), i))
        rows = w.drop(columns=w.geometry.name).to_dict("records")
        xs, ys = w.geometry.x.to_numpy(), w.geometry.y.to_numpy()
        for i in order:
            n += 1
            entries.append(IndexEntry(n, layer, " ".join(names.iloc[i].split()),
                                      _line(layer, rows[i]), float(xs[i]), float(ys[i])))
    return entries


def index_rows(entries: list[IndexEntry]) -> list[IndexRow]:
    """The lines of the list in print order: a heading before each layer's entries."""
    rows: list[IndexRow] = []
    last = None
    for e in entries:
        if e.layer != last:
            rows.append(("head", e.layer))
            last = e.layer
        rows.append(("entry", e))
    return rows


def split_columns(rows: list[IndexRow], per_col: int) -> list[list[IndexRow]]:
    """Split rows into columns of ``per_col``; a layer heading never ends a column."""
    cols: list[list[IndexRow]] = [[]]
    for row in rows:
        if len(cols[-1]) >= per_col or (row[0] == "head" and len(cols[-1]) >= per_col - 1):
            cols.append([])
        cols[-1].append(row)
    return [c for c in cols if c]


def index_step(st: PrintStyle) -> float:
    """Line height of the index in mm (the font's own line height, see :func:`draw_index`)."""
    return line_step_pt(st.index_pt) / PT_PER_MM


# ---------------------------------------------------------------------------- where it goes


@dataclass(frozen=True)
class Plan:
    """Where the map and the index go on the first page of a map sheet.

    Attributes
    ----------
    map : Rect
        The map frame.
    index : Rect or None
        The index box; ``None`` when there is no index or it does not fit (``overflow``).
    index_cols : int
        Number of index columns in ``index``.
    per_col : int
        Lines per column.
    overflow : bool
        The index goes on pages of its own (:func:`index_pages`).
    """

    map: Rect
    index: Rect | None
    index_cols: int
    per_col: int
    overflow: bool


def plan_page(page: Page, rows: list[IndexRow]) -> Plan:
    """Room for the index next to the map (landscape: up to three columns on the right, at
    most 42 % of the width) or below it (portrait: at most 40 % of the height); the map gets
    the rest. An index that does not fit is planned as ``overflow``.

    Parameters
    ----------
    page : Page
        The sheet.
    rows : list of IndexRow
        The index (empty: no index, the map gets all the room).
    """
    st = page.style
    c = page.content
    lh = index_step(st)
    gap = 5.0
    if not rows:
        return Plan(c, None, 0, 0, False)
    if page.landscape:
        cap = int((c.h - 1) // lh)
        for k in (1, 2, 3):
            w = k * st.col_mm + (k - 1) * 4
            if w > c.w * 0.42:
                break
            if len(split_columns(rows, cap)) <= k:
                per = next(n for n in range(-(-len(rows) // k), cap + 1)
                           if len(split_columns(rows, n)) <= k)
                return Plan(Rect(c.x0, c.y0, c.w - w - gap, c.h),
                            Rect(c.x0 + c.w - w, c.y0, w, c.h), k, per, False)
    else:
        k = max(1, int((c.w + 4) // (st.col_mm + 4)))
        max_h = c.h * 0.4
        for lines in range(4, int(max_h // lh) + 1):
            if len(split_columns(rows, lines)) <= k:
                h = lines * lh + 1
                return Plan(Rect(c.x0, c.y0 + h + gap, c.w, c.h - h - gap),
                            Rect(c.x0, c.y0, c.w, h), k, lines, False)
    return Plan(c, None, 0, 0, True)


# ---------------------------------------------------------------------------- drawing


def draw_index(fig: Any, page: Page, r: Rect, cols: list[list[IndexRow]], n_cols: int,
               counts: Mapping[str, int], *, lang: str = "nl") -> list[TextLines]:
    """The numbered list in ``r``, in ``n_cols`` columns of equal width.

    All entries of a column are one :class:`~.lines.TextLines` artist (number right-aligned,
    then ``name — description``): the index text is laid out once, here, and written in one
    go (issue #18: an A3 index was 15x a bare plot as hundreds of ``Text`` objects).

    Parameters
    ----------
    fig : matplotlib Figure
    page : Page
    r : Rect
        The box of the list.
    cols : list of list of IndexRow
        The columns (:func:`split_columns`); fewer than ``n_cols`` leaves room on the right.
    n_cols : int
        How many columns ``r`` is divided into.
    counts : mapping of str to int
        The number of places per layer, shown in each heading.

    Returns
    -------
    list of TextLines
        The entries of each column (drawn on the figure).
    """
    st = page.style
    ax = fig.add_axes(r.frac(*page.size))
    ax.set_xlim(0, r.w)
    ax.set_ylim(0, r.h)
    ax.set_axis_off()
    lh = index_step(st)
    gap = 4.0
    col_w = (r.w - gap * (n_cols - 1)) / n_cols
    num_w = text_width_mm("888", st.index_pt, bold=True) + 1.2
    room = col_w - num_w - 1.2
    out: list[TextLines] = []

    def flush(lines: list) -> list:
        if lines:  # one artist per run of entries: headings and entries read in order
            art = TextLines(lines, size_pt=st.index_pt, color="#1b1b1b")
            art.set_transform(ax.transData)
            ax.add_artist(art)
            out.append(art)
        return []

    for c, rows in enumerate(cols):
        x = c * (col_w + gap)
        y = r.h
        lines: list = []
        for kind, item in rows:
            y -= lh
            if kind == "head":
                lines = flush(lines)
                _heading(ax, st, x, y, lh, item, counts, lang)
                continue
            lines.append((y, [(x + num_w, str(item.number), True, "right"),
                              (x + num_w + 1.2, _entry_text(item, room, st), False, "left")]))
        flush(lines)
    return out


def _heading(ax: Any, st: PrintStyle, x: float, y: float, lh: float, layer: str,
             counts: Mapping[str, int], lang: str = "nl") -> None:
    """A layer's heading: its symbol, its name and how many places it has."""
    scatter_symbols(ax, layer, np.array([x + 1.8]), np.array([y + lh * 0.32]),
                    st.symbol_mm * 0.9)
    label = f"{layer_label(layer, lang)} ({counts.get(layer, 0)})"
    ax.text(x + 4.5, y, label, fontsize=st.index_pt + 0.5, fontweight="bold", va="baseline")


def _entry_text(e: IndexEntry, room: float, st: PrintStyle) -> str:
    """``name — description``, both cut to fit ``room`` mm (the description only when at
    least 8 mm is left for it)."""
    name = shorten(e.name, room, st.index_pt)
    rest = room - text_width_mm(name, st.index_pt) - text_width_mm(" — ", st.index_pt)
    if e.line and rest > 8:
        desc = shorten(e.line, rest, st.index_pt)
        if desc and desc != "…":
            return f"{name} — {desc}"
    return name


def index_pages(page: Page, rows: list[IndexRow], title: str, counts: Mapping[str, int],
                project: str, when_s: str, *, attribution: str | None = None,
                lang: str = "nl") -> list[Any]:
    """Pages with only the index, for when it does not fit next to the map.

    Parameters
    ----------
    page : Page
        The sheet (the same size as the map page).
    rows : list of IndexRow
        The whole index.
    title, when_s : str
        The header of the map page; the subtitle says which sheet it is (``blad 2`` …).
    counts : mapping of str to int
        Places per layer.
    project : str
        For the footer.

    Returns
    -------
    list of matplotlib Figure
    """
    st = page.style
    c = page.content
    lh = index_step(st)
    k = max(1, int((c.w + 4) // (st.col_mm + 4)))
    per_col = int((c.h - 1) // lh)
    cols = split_columns(rows, per_col)
    figs: list[Any] = []
    for p in range(0, len(cols), k):
        f = start_page(page, title, i18n.text("pr_list_sheet", lang, n=len(figs) + 2), when_s)
        chunk = cols[p:p + k]
        # few columns: make them wider (more of each description), but not wider than ~12 cm
        n_cols = min(k, max(len(chunk), math.ceil(c.w / 120)))
        draw_index(f, page, c, chunk, n_cols, counts, lang=lang)
        draw_footer(f, page, project, None, attribution=attribution, lang=lang)
        figs.append(f)
    return figs
