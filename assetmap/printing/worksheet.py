"""The worksheet: a map with a lettered grid and an empty numbered table, to write on.

At a theme evening many residents do not use the phone form: they point and write on a big
printed map. The worksheet is that map: the buurten with their names and the streets, under a
grid of square cells (letters along the top and bottom, numbers down both sides, the name of
each cell small in its corner; :mod:`assetmap.paper_grid` chooses the grid), with a table beside
or below it (nummer, cel, soort, naam, wat) with numbered rows to fill in, a short "how to",
the QR code of the evening (the join link, as on the projector) and the legend, scale bar and
north arrow. What is written on it is typed in on the Van papier page or read with
``assetmap import-paper`` (:mod:`assetmap.io.paper`).

The layout (:func:`plan_sheet`) is pure arithmetic: the map has the shape of the grid, and of
"table below" and "table beside" (and, without a fixed orientation, of portrait and
landscape) the one that prints the cells largest wins, as long as the table keeps at least
:attr:`SheetStyle.min_rows` rows; all room left goes to the table. Every label is text in
the PDF (searchable, read aloud).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np

from .. import i18n, schema
from ..analysis.moments import date_text
from ..errors import NotFoundError, ValidationError
from ..paper_grid import PaperGrid, column_letters, project_grid
from .layout import ORIENTATIONS, PT_PER_MM, Box, MapFrame, Page, Rect, page_size_mm
from .map_parts import boundaries, streets_in
from .output import Out, check_out, write_pages
from .parts import (
    attribution_for,
    check_qr_url,
    draw_footer,
    draw_qr,
    halo_text,
    map_axes,
    north_arrow,
    scalebar,
    start_page,
)
from .text import date_nl, shorten, text_or_none, text_width_mm

if TYPE_CHECKING:
    from ..store.base import BaseStore

DEFAULT_TITLE = "Werkblad: wat heeft de buurt?"
HEADERS = ("nummer", "cel", "soort", "naam", "wat")
"""The table's columns (the spreadsheet of :mod:`assetmap.io.paper` has the same ones)."""
_SHARES = (0.0, 0.11, 0.2, 0.29, 0.4)  # share of the room after "nummer", per column


@dataclass(frozen=True)
class SheetStyle:
    """Sizes of a worksheet per paper (mm and points).

    Attributes
    ----------
    label_pt : float
        The grid's letters and numbers.
    band : float
        The strip around the map that holds them.
    row_mm : float
        Height of a table row (room to write by hand).
    min_rows : int
        The fewest rows the table may have.
    info_pt : float
        The "how to" text.
    qr_mm : float
        Side of the QR code.
    info_w : float
        Width of the "how to" column when the table is below the map.
    panel_w : float
        The least width of the table when it is beside the map.
    """

    label_pt: float
    band: float
    row_mm: float
    min_rows: int
    info_pt: float
    qr_mm: float
    info_w: float
    panel_w: float

    @classmethod
    def for_paper(cls, paper: str) -> SheetStyle:
        if paper.upper() == "A3":
            return cls(label_pt=13, band=7.5, row_mm=10, min_rows=12, info_pt=9.5, qr_mm=34,
                       info_w=72, panel_w=150)
        return cls(label_pt=9.5, band=5.5, row_mm=8, min_rows=10, info_pt=7.5, qr_mm=26,
                   info_w=56, panel_w=112)


@dataclass(frozen=True)
class SheetPlan:
    """Where everything goes on a worksheet (mm on the page).

    Attributes
    ----------
    page : Page
        The sheet (its orientation chosen when none was asked for).
    frame : Rect
        The map: exactly the grid, so every cell is a square on paper.
    info : Rect
        The "how to", QR code and legend.
    table : Rect
        The table.
    rows : int
        Numbered rows in the table.
    beside : bool
        The table is beside the map (else below it).
    """

    page: Page
    frame: Rect
    info: Rect
    table: Rect
    rows: int
    beside: bool

    def cell_size(self, grid: PaperGrid) -> float:
        """The side of one cell of ``grid`` on paper (mm)."""
        return self.frame.w / grid.cols


GAP = 4.0  # between the map's label band and the table


def plan_sheet(grid: PaperGrid, paper: str = "A4", orientation: str | None = None, *,
               info_below: float = 60.0, info_beside: float = 30.0) -> SheetPlan:
    """The layout of a worksheet for ``grid``.

    Parameters
    ----------
    grid : PaperGrid
        Its shape (columns and rows) is the map's shape.
    paper : str
        ``A4`` or ``A3``.
    orientation : str, optional
        ``portrait`` or ``landscape``; ``None`` chooses the one with the larger cells.
    info_below, info_beside : float
        Height (mm) the "how to" needs in its column left of the table (table below the map)
        and above the table (table beside the map).

    Returns
    -------
    SheetPlan

    Raises
    ------
    ValidationError
        Unknown paper or orientation.
    """
    options = [orientation] if orientation else list(ORIENTATIONS)
    best: tuple[float, SheetPlan] | None = None
    for o in options:
        page_size_mm(paper, o)
        page = Page.create(paper, o)
        for beside in (False, True):
            plan = _try(page, grid, beside, info_beside if beside else info_below)
            if plan is None:
                continue
            score = plan.cell_size(grid) + (0.01 if not beside else 0)  # ties: table below
            if best is None or score > best[0]:
                best = (score, plan)
    if best is None:  # a very odd grid: table below, fewer rows
        page = Page.create(paper, orientation or "portrait")
        return _try(page, grid, False, info_below, force=True)  # type: ignore[return-value]
    return best[1]


def _try(page: Page, grid: PaperGrid, beside: bool, info_h: float, *,
         force: bool = False) -> SheetPlan | None:
    """The plan with the table below or beside the map, or ``None`` when the table would get
    fewer than ``min_rows`` rows."""
    ss = SheetStyle.for_paper(page.paper)
    c = page.content
    aspect = grid.cols / grid.rows
    b = ss.band
    if beside:
        aw = c.w - 2 * b - GAP - ss.panel_w
        ah = c.h - 2 * b
    else:
        need = max(ss.row_mm * (ss.min_rows + 1), info_h)
        aw = c.w - 2 * b
        ah = c.h - 2 * b - GAP - (need if not force else ss.row_mm * 4)
    if aw <= 20 or ah <= 20:
        return None
    w = min(aw, ah * aspect)
    h = w / aspect
    if beside:
        frame = Rect(c.x0 + b, c.y1 - b - h, w, h)
        panel = Rect(frame.x1 + b + GAP, c.y0, c.x1 - (frame.x1 + b + GAP), c.h)
        info = Rect(panel.x0, panel.y1 - info_h, panel.w, info_h)
        table = Rect(panel.x0, panel.y0, panel.w, info.y0 - GAP - panel.y0)
    else:
        frame = Rect(c.x0 + b + (aw - w) / 2, c.y1 - b - h, w, h)
        panel = Rect(c.x0, c.y0, c.w, frame.y0 - b - GAP - c.y0)
        info = Rect(panel.x0, panel.y0, ss.info_w, panel.h)
        table = Rect(info.x1 + GAP, panel.y0, panel.w - ss.info_w - GAP, panel.h)
    rows = int(table.h // ss.row_mm) - 1
    if rows < ss.min_rows and not force:
        return None
    return SheetPlan(page=page, frame=frame, info=info, table=table, rows=max(rows, 1),
                     beside=beside)


# ---------------------------------------------------------------------------- the sheet


def worksheet(store: BaseStore, out: Out, *, paper: str = "A4",
              orientation: str | None = None, evening_code: str | None = None,
              base_url: str | None = None, title: str | None = None,
              grid: PaperGrid | None = None, fmt: str | None = None, dpi: int = 300,
              when: _date | datetime | None = None, lang: str = "nl") -> Path | None:
    """Print the worksheet of a project (A4/A3, PDF or PNG).

    Parameters
    ----------
    store : BaseStore
        The project: its buurten, streets and evenings. Its grid is kept with it the first
        time (:func:`assetmap.paper_grid.project_grid`).
    out : path or binary file
        ``.pdf`` or ``.png``; a file object needs ``fmt``.
    paper : str
        ``A4`` or ``A3``.
    orientation : str, optional
        ``portrait`` or ``landscape``; default: the one with the larger cells.
    evening_code : str, optional
        The join code of the evening (its QR code and title go on the sheet); default: the
        open evening, if there is one.
    base_url : str, optional
        The app's address for phones; the QR code points at ``base_url?avond=CODE``.
        Without it the sheet shows the code only.
    title : str, optional
        Default "Werkblad: wat heeft de buurt?".
    grid : PaperGrid, optional
        Default: the project's grid.
    fmt, dpi, when
        As for :func:`~assetmap.printing.map_sheet.print_project`.
    lang : str
        ``nl`` (default) or ``en``: title, how-to, table headings, footer and date.

    Returns
    -------
    Path or None
        The path written (``None`` for a file object).

    Raises
    ------
    NotFoundError
        No evening with ``evening_code``. ``ValidationError`` for a project without buurten,
        an unknown paper, orientation or extension.
    """
    fmt = check_out(out, fmt)
    if orientation is not None:
        page_size_mm(paper, orientation)
    else:
        page_size_mm(paper, "portrait")
    ev = find_evening(store, evening_code)
    if grid is None:
        grid, _ = project_grid(store)
    qr = None
    if ev is not None and base_url:
        from ..evening import join_url

        qr = join_url(base_url, ev["join_code"])
    return render_worksheet(grid, store.buurten(), out, streets=store.streets(), paper=paper,
                            orientation=orientation, title=title, evening=ev, qr_url=qr,
                            project=store.name, fmt=fmt, dpi=dpi, when=when, lang=lang)


def find_evening(store: BaseStore, code: str | None) -> dict[str, Any] | None:
    """The evening with join code ``code``; without a code the open evening (the newest
    one when several are open), or ``None``.

    Raises
    ------
    NotFoundError
        No evening has ``code``.
    """
    if code:
        ev = store.evening_by_code(code)
        if ev is None:
            raise NotFoundError(key="ws_no_evening", params={"code": code})
        return ev
    evs = store.evenings()
    if len(evs) == 0:
        return None
    open_ = evs[evs["open"].fillna(False).astype(bool)]
    if len(open_) == 0:
        return None
    row = open_.sort_values(["date", "created_at"], ascending=False).iloc[0]
    return {k: (None if schema.is_na(v) else v) for k, v in row.items()}


def render_worksheet(grid: PaperGrid, buurten: gpd.GeoDataFrame, out: Out, *,
                     streets: gpd.GeoDataFrame | None = None, paper: str = "A4",
                     orientation: str | None = None, title: str | None = None,
                     evening: Mapping[str, Any] | None = None, qr_url: str | None = None,
                     project: str = "", fmt: str | None = None, dpi: int = 300,
                     when: _date | datetime | None = None, lang: str = "nl") -> Path | None:
    """Draw a worksheet for ``grid`` over ``buurten`` and save it (see :func:`worksheet`).

    ``evening`` (``title``, ``date``, ``join_code``) is named on the sheet; ``qr_url`` is the
    join link in the QR code.
    """
    fmt = check_out(out, fmt)
    qr_url = check_qr_url(qr_url)
    if len(buurten) == 0:
        raise ValidationError(key="pr_no_buurten")
    title = title or (DEFAULT_TITLE if lang == "nl" else i18n.text("ws_sheet_title", lang))
    return write_pages(lambda: [_draw(grid, buurten, streets, paper=paper,
                                      orientation=orientation, title=title, evening=evening,
                                      qr_url=qr_url, project=project, when=when, lang=lang)],
                       out, fmt=fmt, dpi=dpi, title=title)


def _draw(grid: PaperGrid, buurten: gpd.GeoDataFrame, streets: gpd.GeoDataFrame | None, *,
          paper: str, orientation: str | None, title: str,
          evening: Mapping[str, Any] | None, qr_url: str | None, project: str,
          when: _date | datetime | None, lang: str = "nl") -> Any:
    ss = SheetStyle.for_paper(paper)
    paras = _how_to(grid, evening, qr_url, lang)
    has_qr, url = evening is not None, bool(qr_url)
    plan = plan_sheet(grid, paper, orientation,
                      info_below=_info_height(ss, paras, ss.info_w, stacked=True, qr=has_qr,
                                              url=url),
                      info_beside=_info_height(ss, paras, ss.panel_w, stacked=False,
                                               qr=has_qr, url=url))
    page = plan.page
    day = _evening_date(evening) or when
    when_s = date_nl(day) if lang == "nl" else date_text(day or _date.today(), lang)
    fig = start_page(page, title, _subtitle(evening, grid, len(buurten), lang), when_s)
    mf = MapFrame(plan.frame, grid.bounds)
    ax = map_axes(fig, page, mf)
    _draw_map(ax, page, mf, grid, buurten.to_crs(grid.crs), streets)
    _grid_labels(fig, page, plan.frame, grid, ss)
    _draw_info(fig, page, plan.info, ss, paras, evening, qr_url, stacked=not plan.beside,
               lang=lang)
    _draw_table(fig, page, plan.table, plan.rows, ss, lang)
    draw_footer(fig, page, project, None, attribution=attribution_for(buurten, lang), lang=lang)
    _footer_legend(fig, page, lang)
    return fig


def _subtitle(evening: Mapping[str, Any] | None, grid: PaperGrid, n_buurten: int,
              lang: str = "nl") -> str:
    first = text_or_none((evening or {}).get("title")) or \
        i18n.text("pr_sub_buurten", lang, n=n_buurten)
    return f"{first} · {i18n.text('ws_sub_grid', lang, size=grid.size_label(lang))}"


def _evening_date(evening: Mapping[str, Any] | None) -> _date | None:
    d = (evening or {}).get("date")
    if isinstance(d, (_date, datetime)):
        return d
    try:
        return _date.fromisoformat(str(d)[:10]) if d else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------- the map


def _draw_map(ax: Any, page: Page, mf: MapFrame, grid: PaperGrid,
              b_work: gpd.GeoDataFrame, streets: gpd.GeoDataFrame | None) -> None:
    """Outside the buurten light grey; streets, buurt boundaries and names; the grid with the
    name of each cell in its corner; north arrow and scale bar."""
    st = page.style
    ax.set_facecolor("#f1f1f1")
    b_work.plot(ax=ax, facecolor="white", edgecolor="none", zorder=0.5)
    s_work = streets_in(streets, grid.crs, mf.extent)
    if s_work is not None and len(s_work):
        s_work.plot(ax=ax, color="#b8b8b8", linewidth=0.8 if page.paper == "A4" else 1.0,
                    zorder=1)
    boundaries(b_work).plot(ax=ax, color="#2b2b2b", linewidth=1.0, linestyle=(0, (5, 2.5)),
                            zorder=2)
    x0, y0, x1, y1 = grid.bounds
    xs = [x0 + k * grid.cell_m for k in range(grid.cols + 1)]
    ys = [y1 - k * grid.cell_m for k in range(grid.rows + 1)]
    ax.vlines(xs, y0, y1, colors="#4a4a4a", linewidths=0.6, zorder=3)
    ax.hlines(ys, x0, x1, colors="#4a4a4a", linewidths=0.6, zorder=3)
    inset = grid.cell_m * 0.04
    for r in range(grid.rows):
        for c in range(grid.cols):
            ax.text(x0 + c * grid.cell_m + inset, y1 - r * grid.cell_m - inset,
                    grid.label(c, r), fontsize=st.small_pt - 0.5, color="#8a8a8a",
                    ha="left", va="top", zorder=3.5)
    _buurt_names(ax, b_work, st.buurt_pt, mf.extent)
    north_arrow(ax, st, mf.frame, cx=mf.frame.x1 - 5 - st.symbol_mm * 1.6, top=mf.frame.y1 - 4)
    scalebar(ax, st, mf.frame)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("")
    ax.set_ylabel("")


def _buurt_names(ax: Any, b_work: gpd.GeoDataFrame, size_pt: float, extent: Box) -> None:
    """The name of each buurt at its label point, with a white halo."""
    from shapely.ops import polylabel

    for _, row in b_work.iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        poly = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        p = polylabel(poly, tolerance=max(poly.length / 500, 1.0))
        if not (extent[0] <= p.x <= extent[2] and extent[1] <= p.y <= extent[3]):
            continue
        halo_text(ax, p.x, p.y, text_or_none(row.get("name")) or str(row["code"]),
                  fontsize=size_pt, fontweight="bold", color="#2b2b2b", ha="center",
                  va="center", zorder=6, halo=2.6)


def _grid_labels(fig: Any, page: Page, fr: Rect, grid: PaperGrid, ss: SheetStyle) -> None:
    """Letters above and below the map, numbers left and right of it: text in the PDF."""
    pw, ph = page.size
    cw, chh = fr.w / grid.cols, fr.h / grid.rows
    kw = {"fontsize": ss.label_pt, "fontweight": "bold", "color": "#1b1b1b"}
    for c in range(grid.cols):
        x = (fr.x0 + (c + 0.5) * cw) / pw
        letters = column_letters(c)
        fig.text(x, (fr.y1 + ss.band / 2) / ph, letters, ha="center", va="center", **kw)
        fig.text(x, (fr.y0 - ss.band / 2) / ph, letters, ha="center", va="center", **kw)
    for r in range(grid.rows):
        y = (fr.y1 - (r + 0.5) * chh) / ph
        fig.text((fr.x0 - ss.band / 2) / pw, y, str(r + 1), ha="center", va="center", **kw)
        fig.text((fr.x1 + ss.band / 2) / pw, y, str(r + 1), ha="center", va="center", **kw)


# ---------------------------------------------------------------------------- how to, QR


def _kind_words() -> str:
    from ..io.paper import kinds

    return ", ".join(kinds())


def _how_to(grid: PaperGrid, evening: Mapping[str, Any] | None,
            qr_url: str | None, lang: str = "nl") -> list[tuple[str, bool]]:
    """The "how to" as ``(text, bold)`` paragraphs (the kinds stay the Dutch words the
    import of typed worksheets reads)."""
    def t(key: str, **params: Any) -> str:
        return i18n.text(key, lang, **params)

    out = [(t("ws_how_head"), True), (t("ws_how_1"), False), (t("ws_how_2"), False),
           (t("ws_how_kinds", kinds=_kind_words()), False),
           (t("ws_how_cell", size=grid.size_label(lang)), False), (t("ws_how_privacy"), False)]
    if evening is not None:
        code = str(evening.get("join_code") or "")
        out.append((t("ws_how_phone_scan") if qr_url else t("ws_how_phone_code", code=code),
                    True))
    return out


def _wrap(text: str, width: float, size: float, bold: bool) -> list[str]:
    """``text`` in lines that fit ``width`` mm (greedy, at spaces)."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}".strip()
        if cur and text_width_mm(cand, size, bold=bold) > width:
            lines.append(cur)
            cur = word
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def _text_width(ss: SheetStyle, width: float, *, stacked: bool, qr: bool) -> float:
    """Room for the "how to" text: the whole column (stacked), or right of the QR code."""
    return width if stacked or not qr else width - ss.qr_mm - 4


def _info_height(ss: SheetStyle, paras: list[tuple[str, bool]], width: float, *,
                 stacked: bool, qr: bool, url: bool) -> float:
    """Height (mm) the "how to" and the QR code need in a column ``width`` mm wide."""
    lh = ss.info_pt * 1.35 / PT_PER_MM
    tw = _text_width(ss, width, stacked=stacked, qr=qr)
    n = sum(len(_wrap(t, tw, ss.info_pt, b)) + 0.35 for t, b in paras)
    text_h = n * lh + (lh if url and not stacked else 0)
    if not qr:
        return text_h
    if stacked:
        return text_h + 1 + ss.qr_mm + (lh * 1.5 if url else 0)
    return max(text_h, ss.qr_mm + lh * 1.6)


def _draw_info(fig: Any, page: Page, r: Rect, ss: SheetStyle, paras: list[tuple[str, bool]],
               evening: Mapping[str, Any] | None, qr_url: str | None, *,
               stacked: bool, lang: str = "nl") -> None:
    """The "how to" and the evening's QR code with its code, in ``r``.

    Stacked (the table is below the map): the text, then the QR code with the code beside it
    and the link under it. Else (the table is beside the map): the QR code with the code
    under it on the left, the text and the link on the right.
    """
    pw, ph = page.size
    lh = ss.info_pt * 1.35 / PT_PER_MM
    has_qr = evening is not None
    q = ss.qr_mm
    tw = _text_width(ss, r.w, stacked=stacked, qr=has_qr)
    tx = r.x0 if stacked or not has_qr else r.x0 + q + 4

    def line(x: float, y: float, text: str, size: float, *, bold: bool = False,
             color: str = "#1b1b1b", va: str = "top") -> None:
        fig.text(x / pw, y / ph, text, fontsize=size, va=va, ha="left",
                 fontweight="bold" if bold else "normal", color=color)

    y = r.y1
    for text, bold in paras:
        for part in _wrap(text, tw, ss.info_pt, bold):
            line(tx, y, part, ss.info_pt, bold=bold)
            y -= lh
        y -= lh * 0.35
    if not has_qr:
        return
    code = str((evening or {}).get("join_code") or "")
    code_s = i18n.text("ws_code", lang, code=code)
    small = page.style.small_pt
    if not qr_url:  # no address for phones known: the code in large type
        line(r.x0, r.y1 if not stacked else y - 1, code_s, ss.info_pt + 3, bold=True)
        return
    top = y - 1 if stacked else r.y1
    draw_qr(fig, Rect(r.x0, top - q, q, q), qr_url, page)
    if stacked:
        line(r.x0 + q + 2, top - q / 2, code_s, ss.info_pt + 1.5, bold=True,
             va="center")
        line(r.x0, top - q - 1, shorten(qr_url, r.w, small), small, color="#333333")
    else:
        line(r.x0, top - q - 1, code_s, ss.info_pt + 1.5, bold=True)
        line(tx, y, shorten(qr_url, tw, small), small, color="#333333")


def _footer_legend(fig: Any, page: Page, lang: str = "nl") -> None:
    """What the lines on the map are, on one line at the right of the footer."""
    pw, ph = page.size
    st = page.style
    size = st.small_pt + 0.5
    y = st.margin + st.footer - 4
    x = pw - st.margin
    items = ((i18n.text("ws_street", lang), {"color": "#b8b8b8", "lw": 1.6, "ls": "-"}),
             (i18n.text("ws_boundary", lang), {"color": "#2b2b2b", "lw": 1.0,
                                               "ls": (0, (4, 2))}))
    for label, style in items:
        x -= text_width_mm(label, size)
        fig.text(x / pw, y / ph, label, fontsize=size, va="center", ha="left",
                 color="#1b1b1b")
        x -= 9
        from matplotlib.lines import Line2D

        fig.add_artist(Line2D([x / pw, (x + 7) / pw], [y / ph, y / ph],
                              transform=fig.transFigure, **style))
        x -= 5


# ---------------------------------------------------------------------------- the table


def column_edges(width: float, size_pt: float) -> list[float]:
    """The left edge (mm from the table's left) of each column, and the right end."""
    first = text_width_mm(HEADERS[0], size_pt, bold=True) + 3
    rest = width - first
    edges = [0.0, first]
    for share in _SHARES[1:]:
        edges.append(edges[-1] + rest * share)
    edges[-1] = width
    return edges


def _draw_table(fig: Any, page: Page, r: Rect, rows: int, ss: SheetStyle,
                lang: str = "nl") -> None:
    """The table: a header row, then ``rows`` numbered empty rows with lines to write on."""
    ax = fig.add_axes(r.frac(*page.size))
    ax.set_xlim(0, r.w)
    ax.set_ylim(0, r.h)
    ax.set_axis_off()
    rh = ss.row_mm
    size = ss.info_pt + 0.5
    edges = column_edges(r.w, size)
    top = r.h
    head_bottom = top - rh
    ax.add_patch(_rect(0, head_bottom, r.w, rh, "#e4e4e4"))
    for x0, x1, head in zip(edges[:-1], edges[1:], HEADERS, strict=True):
        ax.text((x0 + x1) / 2 if head in ("nummer", "cel") else x0 + 1.5,
                head_bottom + rh / 2, i18n.text(f"ws_col_{head}", lang), fontsize=size,
                fontweight="bold",
                ha="center" if head in ("nummer", "cel") else "left", va="center")
    bottom = head_bottom - rows * rh
    for k in range(rows):
        y = head_bottom - (k + 1) * rh
        if k % 2 == 1:
            ax.add_patch(_rect(0, y, r.w, rh, "#f5f5f5"))
        ax.text((edges[0] + edges[1]) / 2, y + rh / 2, str(k + 1), fontsize=size,
                ha="center", va="center", color="#333333")
    ys = np.array([top - k * rh for k in range(rows + 2)])
    ax.hlines(ys, 0, r.w, colors="#555555", linewidths=[0.9, 0.9] + [0.45] * rows)
    ax.vlines(edges, bottom, top, colors="#555555", linewidths=0.6)


def _rect(x: float, y: float, w: float, h: float, color: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=color, edgecolor="none", zorder=0)
