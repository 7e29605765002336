"""The map sheet: the places of a project on A4/A3, numbered, with legend and index.

A map print has a title, subtitle and date; buurt boundaries with names (and the number of
talents per buurt); every place as a **numbered** symbol whose colour *and* shape differ per
layer (:mod:`assetmap.style`, plus a fill pattern per layer, so a black-and-white copy stays
readable); a legend, scale bar, north arrow, attribution, an optional QR code to the online
map, and a numbered index of places on the same page or on following pages when it is long.

Drawing it takes these steps, each a small function below: choose what may be printed
(:mod:`.data`), choose the working CRS and number the places (:mod:`.index`), plan the page,
choose the extent beside the legend, draw the background (tiles, streets, buurten), the
legend, north arrow and scale bar, the symbols, the buurt names around them, the numbers
around both (:mod:`.placement`), and last the footer and the index.

The map is drawn in the working CRS (:mod:`assetmap.crs`), so the scale bar is in metres.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from .. import crs as _crs
from .. import i18n
from ..analysis.moments import date_text
from ..errors import NotFoundError
from ..store.base import BaseStore
from ..style import layer_label
from .data import check_layers, public_layers
from .index import (
    IndexEntry,
    Plan,
    draw_index,
    index_entries,
    index_pages,
    index_rows,
    plan_page,
    split_columns,
)
from .layout import (
    PT_PER_MM,
    SCALEBAR_MM,
    Box,
    MapFrame,
    Page,
    Rect,
    extent_beside_legend,
    page_size_mm,
)
from .lines import HaloLines, pen_mm
from .map_parts import boundaries, draw_tiles, number_labels, streets_in
from .output import Out, check_out, write_pages
from .parts import (
    LegendItem,
    attribution_for,
    check_qr_url,
    draw_footer,
    draw_legend,
    halo_text,
    legend_size,
    map_axes,
    north_arrow,
    scalebar,
    start_page,
)
from .placement import place_labels, place_names, spread_duplicates
from .symbols import scatter_symbols
from .text import date_nl, text_or_none, text_width_mm

DEFAULT_TITLE = "Wat heeft de buurt?"
TALENT_NOTE = ("Talenten: alleen wie dat wilde staat op de kaart.\nHet aantal per buurt staat "
               "onder de buurtnaam.")


def check_print_args(out: str | Path, *, paper: str, orientation: str,
                     layers: Sequence[str] | None = None) -> None:
    """Check the options of a print before any work is done (the CLI calls this first).

    Raises
    ------
    ValidationError
        An unknown extension, paper, orientation or layer.
    """
    check_out(out, None)
    page_size_mm(paper, orientation)
    check_layers(layers)


def print_project(store: BaseStore, out: Out, *, paper: str = "A4",
                  orientation: str = "portrait", buurt: str | None = None,
                  layers: Sequence[str] | None = None, title: str | None = None,
                  subtitle: str | None = None, qr_url: str | None = None,
                  audience: str = "public", dpi: int = 300, tiles: bool = False,
                  fmt: str | None = None, when: _date | datetime | None = None,
                  index: bool = True, lang: str = "nl") -> Path | None:
    """Print the approved places of a project (all layers, some, or one buurt).

    Parameters
    ----------
    store : BaseStore
        The project; its streets (if any) are drawn as light lines.
    out : path or binary file
        ``.pdf`` or ``.png``; a file object needs ``fmt``.
    paper, orientation : str
        ``A4``/``A3``, ``portrait``/``landscape``.
    buurt : str, optional
        A buurt code: only that buurt's places, zoomed to it.
    layers : list of str, optional
        Asset layers to show (default: all four).
    title, subtitle : str, optional
        Default: "Wat heeft de buurt?" and the buurten and layers shown.
    qr_url : str, optional
        A QR code to this address (the online map) in the footer.
    audience : str
        ``public`` (approved places, privacy rules) or ``facilitator`` (pending ones too).
    dpi : int
        Resolution of a PNG.
    tiles : bool
        Web tiles as background (needs ``contextily`` and internet).
    fmt : str, optional
        ``pdf`` or ``png``; default from the extension of ``out``.
    when : date, optional
        The date in the header (default today).
    index : bool
        Print the numbered list of places (default); ``False`` gives the map page only.
    lang : str
        ``nl`` (default) or ``en``: title, subtitle, legend, list headings, footer and date.

    Returns
    -------
    Path or None
        The path written (``None`` when ``out`` is a file object).

    Raises
    ------
    NotFoundError
        An unknown buurt code. ``ValidationError`` for an unknown layer, paper or extension.
    """
    chosen = check_layers(layers)
    status = "approved" if audience == "public" else ("approved", "pending")
    data = {layer: store.read(layer, status=status) for layer in chosen}
    project = Path(str(store.location or "project")).stem
    return render_map(data, store.buurten(), out, paper=paper, orientation=orientation,
                      buurt=buurt, title=title, subtitle=subtitle, qr_url=qr_url,
                      audience=audience, dpi=dpi, tiles=tiles, fmt=fmt, streets=store.streets(),
                      project=project, when=when, index=index, lang=lang)


def render_map(layers: Mapping[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame | None,
               out: Out, *, paper: str = "A4", orientation: str = "portrait",
               buurt: str | None = None, title: str | None = None,
               subtitle: str | None = None, qr_url: str | None = None,
               audience: str = "public", dpi: int = 300, tiles: bool = False,
               fmt: str | None = None, streets: gpd.GeoDataFrame | None = None,
               project: str = "", when: _date | datetime | None = None,
               index: bool = True, lang: str = "nl") -> Path | None:
    """Draw ``layers`` (asset layer -> GeoDataFrame) over ``buurten`` and save it.

    A PDF gets every page (the index may continue on page 2); a PNG gets page 1 in ``out`` and
    any further page next to it as ``<name>-2.png``. See :func:`print_project` for the options;
    ``streets`` are drawn as light lines, ``project`` is named in the footer.
    """
    fmt = check_out(out, fmt)
    qr_url = check_qr_url(qr_url)
    page = Page.create(paper, orientation)
    if buurt:
        codes = set(buurten["code"]) if buurten is not None and len(buurten) else set()
        if buurt not in codes:
            raise NotFoundError(key="pr_no_buurt", params={"code": buurt})
    title = title or (DEFAULT_TITLE if lang == "nl" else i18n.text("pr_title", lang))
    return write_pages(
        lambda: _map_pages(layers, buurten, page=page, buurt=buurt, title=title,
                           subtitle=subtitle, qr_url=qr_url, audience=audience, tiles=tiles,
                           streets=streets, project=project, when=when, index=index,
                           lang=lang),
        out, fmt=fmt, dpi=dpi, title=title)


# ---------------------------------------------------------------------------- the steps


def _map_pages(layers: Mapping[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame | None, *,
               page: Page, buurt: str | None, title: str, subtitle: str | None,
               qr_url: str | None, audience: str, tiles: bool,
               streets: gpd.GeoDataFrame | None, project: str,
               when: _date | datetime | None, index: bool = True,
               lang: str = "nl") -> list[Any]:
    """The map page and any index pages after it."""
    st = page.style
    public, talent_counts = public_layers(layers, audience=audience)
    b_all = buurten if buurten is not None and len(buurten) else None
    if buurt:
        public = {k: g[g["buurt_code"] == buurt] for k, g in public.items()}
    work = _working_crs(b_all, public)
    b_work = b_all.to_crs(work) if b_all is not None else None
    entries = index_entries(public, work)
    rows = index_rows(entries)
    plan = plan_page(page, rows if index else [])
    bounds, b_name = _bounds(b_work, buurt, entries)
    items = _legend_items(public, entries, streets, lang)
    note = (TALENT_NOTE if lang == "nl" else i18n.text("pr_talent_note", lang)) \
        if "talents" in public else ""
    legend_title = i18n.text("pr_legend", lang)
    leg_w, leg_h = legend_size(st, items, note, legend_title)
    extent, legend_on_top = extent_beside_legend(bounds, plan.map, leg_w, leg_h)
    mf = MapFrame(plan.map, extent)
    if subtitle is None:
        subtitle = _subtitle(public, buurt, b_name, b_all, lang)
    when_s = date_nl(when) if lang == "nl" else date_text(when or _date.today(), lang)

    fig = start_page(page, title, subtitle, when_s)
    ax = map_axes(fig, page, mf)
    tile_attr = draw_tiles(ax, work) if tiles else ""
    _draw_background(ax, page, mf, work, streets, b_work, buurt)
    leg = Rect(mf.frame.x0 + 2.5, mf.frame.y1 - 2.5 - leg_h, leg_w, leg_h)
    obstacles = _draw_furniture(fig, ax, page, mf.frame, leg, items, note, legend_on_top,
                                legend_title)
    pts = _symbol_points(entries, mf, st.symbol_mm)
    if b_work is not None:
        r = st.symbol_mm / 2
        sym_boxes = [(x - r, y - r, x + r, y + r) for x, y in pts]
        obstacles += _buurt_names(ax, b_work, page, mf,
                                  talent_counts if "talents" in layers else None,
                                  highlight=buurt, avoid=sym_boxes + obstacles, lang=lang)
    _draw_places(fig, ax, page, mf, entries, list(public), pts, obstacles)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_xlabel("")
    ax.set_ylabel("")
    sources = attribution_for(b_all, lang)
    draw_footer(fig, page, project, qr_url,
                extra=i18n.text("pr_background", lang, attr=tile_attr) if tile_attr else "",
                attribution=sources, lang=lang)
    counts = {layer: sum(1 for e in entries if e.layer == layer) for layer in public}
    return [fig, *_draw_index(fig, ax, page, plan, rows, entries, counts, title=title,
                              project=project, when_s=when_s, attribution=sources,
                              lang=lang)]


def _working_crs(b_all: gpd.GeoDataFrame | None,
                 public: Mapping[str, gpd.GeoDataFrame]) -> CRS:
    """The working CRS of what is printed (RD New in the Netherlands, else UTM)."""
    ref = []
    if b_all is not None:
        ref.append(b_all.geometry.to_crs(4326))
    for g in public.values():
        if len(g):
            ref.append(g.geometry.to_crs(4326))
    return _crs.working_crs(gpd.GeoSeries(pd.concat(ref), crs=4326)) if ref else _crs.RD_NEW


def _bounds(b_work: gpd.GeoDataFrame | None, buurt: str | None,
            entries: list[IndexEntry]) -> tuple[Box, str | None]:
    """What the map must show (the buurt asked for, all buurten, or the places) and the
    name of the buurt asked for."""
    if buurt and b_work is not None:
        hit = b_work[b_work["code"] == buurt]
        return tuple(hit.total_bounds), text_or_none(hit["name"].iloc[0]) or buurt
    if b_work is not None:
        return tuple(b_work.total_bounds), None
    if entries:
        xs = [e.x for e in entries]
        ys = [e.y for e in entries]
        return (min(xs), min(ys), max(xs), max(ys)), None
    return (0.0, 0.0, 1000.0, 1000.0), None


def _legend_items(public: Mapping[str, gpd.GeoDataFrame], entries: list[IndexEntry],
                  streets: gpd.GeoDataFrame | None, lang: str = "nl") -> list[LegendItem]:
    """A row per layer printed (with its count), buurt boundaries, and streets if drawn."""
    items: list[LegendItem] = [
        (layer, f"{layer_label(layer, lang)} ({sum(1 for e in entries if e.layer == layer)})")
        for layer in public]
    items.append(("buurt", i18n.text("pr_legend_buurt", lang)))
    if streets is not None and len(streets):
        items.append(("streets", i18n.text("pr_legend_street", lang)))
    return items


def _subtitle(public: Mapping[str, gpd.GeoDataFrame], buurt: str | None, b_name: str | None,
              b_all: gpd.GeoDataFrame | None, lang: str = "nl") -> str:
    """``Buurt Noord (BU0001) · Ontmoetingsplekken, talenten`` or ``5 buurten · …``."""
    labels = ", ".join(layer_label(k, lang).lower() for k in public)
    where = i18n.text("pr_sub_buurt", lang, name=b_name, code=buurt) if buurt else (
        i18n.text("pr_sub_buurten", lang, n=len(b_all)) if b_all is not None else "")
    return " · ".join(s for s in (where, labels.capitalize()) if s)


def _draw_background(ax: Any, page: Page, mf: MapFrame, work: CRS,
                     streets: gpd.GeoDataFrame | None, b_work: gpd.GeoDataFrame | None,
                     buurt: str | None) -> None:
    """Streets as light lines, buurt boundaries dashed; with ``buurt`` the other buurten
    greyed out and that one outlined."""
    s_work = streets_in(streets, work, mf.extent)
    if s_work is not None and len(s_work):
        s_work.plot(ax=ax, color="#bdbdbd", linewidth=0.7 if page.paper == "A4" else 0.9,
                    zorder=1)
    if b_work is None:
        return
    if buurt:
        others = b_work[b_work["code"] != buurt]
        if len(others):
            others.plot(ax=ax, facecolor="#f0f0f0", edgecolor="none", zorder=0.5)
            boundaries(others).plot(ax=ax, color="#8a8a8a", linewidth=0.6,
                                    linestyle=(0, (4, 2)), zorder=2)
        b_work[b_work["code"] == buurt].plot(ax=ax, facecolor="none", edgecolor="#1b1b1b",
                                             linewidth=1.6, zorder=3)
    else:
        boundaries(b_work).plot(ax=ax, color="#2b2b2b", linewidth=1.0,
                                linestyle=(0, (5, 2.5)), zorder=2)


def _draw_furniture(fig: Any, ax: Any, page: Page, fr: Rect, leg: Rect,
                    items: list[LegendItem], note: str, legend_on_top: bool,
                    legend_title: str = "Legenda") -> list[Box]:
    """Legend, north arrow and scale bar in strips of the map that hold no data; returns
    their boxes (mm) for the labels to avoid."""
    st = page.style
    draw_legend(fig, page, leg, items, note, legend_title)
    obstacles: list[Box] = [(leg.x0, leg.y0, leg.x1, leg.y1)]
    arrow_h = st.symbol_mm * 3.2 + 6
    if legend_on_top or leg.y0 - fr.y0 < arrow_h + SCALEBAR_MM + 4:
        obstacles.append(north_arrow(ax, st, fr, cx=fr.x1 - 5 - st.symbol_mm * 1.6,
                                     top=fr.y1 - 4))
    else:
        obstacles.append(north_arrow(ax, st, fr, cx=leg.x0 + leg.w / 2, top=leg.y0 - 4))
    obstacles.append(scalebar(ax, st, fr))
    return obstacles


def _symbol_points(entries: list[IndexEntry], mf: MapFrame, symbol_mm: float) -> np.ndarray:
    """Where each place's symbol goes (mm on the page), places on one spot spread apart."""
    if not entries:
        return np.empty((0, 2))
    pts = mf.to_mm(np.array([e.x for e in entries]), np.array([e.y for e in entries]))
    return spread_duplicates(pts, radius_mm=symbol_mm * 0.75)


def _draw_places(fig: Any, ax: Any, page: Page, mf: MapFrame, entries: list[IndexEntry],
                 layers: list[str], pts: np.ndarray, obstacles: list[Box]) -> None:
    """The symbols per layer and a number next to each; "no places" when there are none."""
    st = page.style
    if not entries:
        ax.text(0.5, 0.5, "Geen plekken om te tonen", transform=ax.transAxes, ha="center",
                va="center", fontsize=st.subtitle_pt, color="#555555")
        return
    xs, ys = mf.to_data(pts)
    layer_of = np.array([e.layer for e in entries])
    for layer in layers:
        sel = layer_of == layer
        if sel.any():
            scatter_symbols(ax, layer, xs[sel], ys[sel], st.symbol_mm)
    numbers = [str(e.number) for e in entries]
    h_mm = st.label_pt * 0.95 / PT_PER_MM
    sizes = np.array([[text_width_mm(s, st.label_pt, bold=True) + 0.4, h_mm] for s in numbers])
    fr = mf.frame
    place = place_labels(pts, sizes, symbol_mm=st.symbol_mm,
                         bounds=(fr.x0 + 0.5, fr.y0 + 0.5, fr.x1 - 0.5, fr.y1 - 0.5),
                         obstacles=obstacles)
    number_labels(fig, page, fr, pts, numbers, place, sizes)


def _buurt_names(ax: Any, b_work: gpd.GeoDataFrame, page: Page, mf: MapFrame,
                 talent_counts: pd.Series | None, *, highlight: str | None,
                 avoid: list[Box], lang: str = "nl") -> list[Box]:
    """Buurt names (and talent counts) that cover no symbol; returns their boxes (mm)."""
    st = page.style
    todo = _buurt_labels(b_work, mf, talent_counts, lang)
    if not todo:
        return []
    anchors = mf.to_mm(np.array([t[3].x for t in todo]), np.array([t[3].y for t in todo]))
    h1 = st.buurt_pt * 1.2 / PT_PER_MM
    h2 = st.small_pt * 1.25 / PT_PER_MM
    sizes = np.array([[max(text_width_mm(t[1], st.buurt_pt, bold=True),
                           text_width_mm(t[2] or "", st.small_pt)) + 1,
                       h1 + (h2 if t[2] else 0)] for t in todo])
    offs = place_names(anchors, sizes, obstacles=avoid)
    boxes = []
    groups: dict[tuple[str, float], list] = {}  # (colour, size) -> lines: one artist each
    for (code, name, count, _), (ax_, ay_), (w, h), (dx, dy) in zip(
            todo, anchors, sizes, offs, strict=True):
        cx, cy = ax_ + dx, ay_ + dy
        top = cy + h / 2
        dim = highlight is not None and code != highlight
        x0, y0 = pen_mm(name, st.buurt_pt, True, cx, top, ha="center", va="top")
        groups.setdefault(("#777777" if dim else "#2b2b2b", st.buurt_pt), []).append(
            (y0, [(x0, name, True, "left")]))
        if count:
            x0, y0 = pen_mm(count, st.small_pt, False, cx, top - h1, ha="center", va="top")
            groups.setdefault(("#333333", st.small_pt), []).append(
                (y0, [(x0, count, False, "left")]))
        boxes.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    for (color, size), lines in groups.items():
        art = HaloLines(lines, size_pt=size, color=color, halo=2.6)
        art.set_transform(page.mm_transform(ax.get_figure()))
        art.set_zorder(12)
        ax.add_artist(art)
    return boxes


def _buurt_labels(b_work: gpd.GeoDataFrame, mf: MapFrame, talent_counts: pd.Series | None,
                  lang: str = "nl") -> list[tuple[Any, str, str | None, Any]]:
    """``(code, name, talent count text, anchor point)`` of each buurt whose label point lies
    on the map."""
    from shapely.ops import polylabel

    todo = []
    for _, row in b_work.iterrows():
        geom = row.geometry
        poly = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        p = polylabel(poly, tolerance=max(poly.length / 500, 1.0))
        if not mf.shows(p.x, p.y):
            continue
        name = text_or_none(row.get("name")) or str(row["code"])
        count = None
        if talent_counts is not None and row["code"] in talent_counts.index:
            c = talent_counts.get(row["code"])
            count = i18n.text("pr_talents_few", lang) if pd.isna(c) else \
                i18n.text("pr_talents_n", lang, n=int(c))
        todo.append((row["code"], name, count, p))
    return todo


def _draw_index(fig: Any, ax: Any, page: Page, plan: Plan, rows: list, entries: list,
                counts: Mapping[str, int], *, title: str, project: str,
                when_s: str, attribution: str | None = None, lang: str = "nl") -> list[Any]:
    """The index beside or below the map, or on pages of its own (returned)."""
    more: list[Any] = []
    if plan.index is not None:
        cols = split_columns(rows, plan.per_col)
        draw_index(fig, page, plan.index, cols, plan.index_cols, counts, lang=lang)
    elif plan.overflow:
        more = index_pages(page, rows, title, counts, project, when_s,
                           attribution=attribution, lang=lang)
    if plan.overflow and entries:
        halo_text(ax, 0.01, 0.012, i18n.text("pr_list_next_page", lang),
                  transform=ax.transAxes, fontsize=page.style.small_pt + 0.5, ha="left",
                  va="bottom", zorder=20)
    return more
