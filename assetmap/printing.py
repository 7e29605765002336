"""Printed maps (A4/A3, PDF or PNG) and route cards, drawn with matplotlib, without internet.

A map print has a title, subtitle and date; buurt boundaries with names (and the number of
talents per buurt); every place as a **numbered** symbol whose colour *and* shape differ per
layer (the webmap's Okabe-Ito colours and shapes, plus a fill pattern per layer, so a
black-and-white copy stays readable); a legend, scale bar, north arrow, attribution, an optional
QR code to the online map, and a numbered index of places on the same page or on following
pages when it is long. Numbers are set next to their symbols by
:func:`assetmap.printing_layout.place_labels`, which avoids overlaps.

Prints are public: :mod:`assetmap.privacy` decides what shows (talents as markers only when the
resident chose so, otherwise only as a count per buurt), and no contact field is ever printed.
The map is drawn in the working CRS (:mod:`assetmap.crs`), so the scale bar is in metres.
Text is embedded as text (TrueType, ``pdf.fonttype`` 42): the PDF can be searched and read aloud.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from . import crs as _crs
from . import privacy, schema
from .errors import NotFoundError, ValidationError
from .printing_layout import (
    ATTRIBUTION,
    PRIVACY_NOTE,
    PT_PER_MM,
    SCALEBAR_MM,
    SYMBOLS,
    IndexEntry,
    PrintStyle,
    Rect,
    boundaries,
    direction_arrows,
    draw_footer,
    draw_header,
    draw_index,
    draw_legend,
    draw_tiles,
    extent_beside_legend,
    fit_extent,
    halo_text,
    index_pages,
    index_rows,
    legend_size,
    new_figure,
    north_arrow,
    number_labels,
    page_size_mm,
    place_labels,
    place_names,
    plan_page,
    print_rc,
    row_band,
    scalebar,
    scatter_symbols,
    shorten,
    split_columns,
    spread_duplicates,
    streets_in,
    text_width_mm,
)

__all__ = ["ATTRIBUTION", "PRIVACY_NOTE", "SYMBOLS", "IndexEntry", "PrintStyle",
           "check_print_args", "index_entries", "pdf_page_count", "print_project", "render_bytes",
           "render_map", "route_card"]

FORMATS = ("pdf", "png")
DEFAULT_TITLE = "Wat heeft de buurt?"
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")


def date_nl(d: _date | datetime | None = None) -> str:
    """``21 november 2026``."""
    d = d or _date.today()
    return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


# ---------------------------------------------------------------------------- data


_DESC = {
    "meeting_places": ("description", "when_open"),
    "talents": ("description", "gifts_hand", "gifts_head", "gifts_heart"),
    "associations": ("activities", "description"),
    "entrepreneurs": ("offers", "sector", "description"),
}


def _text_or_none(v: Any) -> str | None:
    if v is None:
        return None
    if not isinstance(v, str) and pd.isna(v):
        return None
    s = " ".join(str(v).split())
    return s or None


def _line(layer: str, row: Mapping[str, Any]) -> str:
    """One line of description: the first filled field of ``_DESC``; for a meeting place
    without a description, its kind (Bibliotheek, Park of plein, …)."""
    for col in _DESC.get(layer, ("description",)):
        v = _text_or_none(row.get(col))
        if v:
            return v
    kind = _text_or_none(row.get("kind")) if layer == "meeting_places" else None
    return schema.MEETING_KIND_LABELS[kind][0] if kind in schema.MEETING_KIND_LABELS else ""


def _public_layers(layers: Mapping[str, gpd.GeoDataFrame], *, audience: str
                   ) -> tuple[dict[str, gpd.GeoDataFrame], pd.Series | None]:
    """Rows and columns that may be printed, and the talent count per buurt."""
    out: dict[str, gpd.GeoDataFrame] = {}
    counts = None
    for layer in schema.ASSET_LAYERS:
        if layer not in layers:
            continue
        g = layers[layer]
        if layer == "talents":
            counts = privacy.talent_counts(g)
        if audience == "public":
            g = privacy.public_view(layer, g)
        elif audience == "facilitator":
            g = g[g["status"] != "hidden"] if "status" in g.columns else g
        else:
            raise ValidationError(f"Onbekend publiek '{audience}'.", field="audience")
        # no contact field on any print, whoever it is for
        g = g.drop(columns=[c for c in ("contact", "consent_at", "consent_version")
                            if c in g.columns])
        out[layer] = g[~(g.geometry.isna() | g.geometry.is_empty)]
    return out, counts


def index_entries(layers: Mapping[str, gpd.GeoDataFrame], work_crs: CRS) -> list[IndexEntry]:
    """Numbered places, per layer in the usual order and by name within a layer."""
    entries: list[IndexEntry] = []
    n = 0
    for layer in schema.ASSET_LAYERS:
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


# ---------------------------------------------------------------------------- public API


def _check_out(out: str | os.PathLike[str] | BinaryIO, fmt: str | None) -> str:
    if fmt is None:
        if isinstance(out, (str, os.PathLike)):
            fmt = Path(out).suffix.lower().lstrip(".")
        else:
            fmt = "pdf"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        name = Path(out).name if isinstance(out, (str, os.PathLike)) else fmt
        raise ValidationError(f"Een afdruk wordt een .pdf- of .png-bestand, niet '{name}'.",
                              field="out")
    return fmt


def check_print_args(out: str | os.PathLike[str], *, paper: str, orientation: str,
                     layers: Sequence[str] | None = None) -> None:
    """Check the options of a print before any work is done (the CLI calls this first)."""
    _check_out(out, None)
    page_size_mm(paper, orientation)
    _check_layers(layers)


def print_project(store: Any, out: str | os.PathLike[str] | BinaryIO, *, paper: str = "A4",
                  orientation: str = "portrait", buurt: str | None = None,
                  layers: Sequence[str] | None = None, title: str | None = None,
                  subtitle: str | None = None, qr_url: str | None = None,
                  audience: str = "public", dpi: int = 300, tiles: bool = False,
                  fmt: str | None = None, when: _date | datetime | None = None,
                  index: bool = True) -> Path | None:
    """Print the approved places of a project (all layers, some, or one buurt).

    Parameters
    ----------
    store : Store
        The project; its ``streets`` layer (if any) is drawn as light lines.
    out : path or binary file
        ``.pdf`` or ``.png``; a file object needs ``fmt``.
    layers : list of str, optional
        Asset layers to show (default: all four).
    buurt : str, optional
        A buurt code: only that buurt's places, zoomed to it.
    index : bool
        Print the numbered list of places (default); ``False`` gives the map page only.

    Returns
    -------
    Path or None
        The path written (``None`` when ``out`` is a file object).

    Raises
    ------
    NotFoundError
        An unknown buurt code. ``ValidationError`` for an unknown layer, paper or extension.
    """
    chosen = _check_layers(layers)
    status = "approved" if audience == "public" else ("approved", "pending")
    data = {layer: store.read(layer, status=status) for layer in chosen}
    streets = store.streets() if hasattr(store, "streets") else None
    project = Path(str(getattr(store, "location", "") or "project")).stem
    return render_map(data, store.buurten(), out, paper=paper, orientation=orientation,
                      buurt=buurt, title=title, subtitle=subtitle, qr_url=qr_url,
                      audience=audience, dpi=dpi, tiles=tiles, fmt=fmt, streets=streets,
                      project=project, when=when, index=index)


def _check_layers(layers: Sequence[str] | None) -> list[str]:
    if not layers:
        return list(schema.ASSET_LAYERS)
    bad = [lay for lay in layers if lay not in schema.ASSET_LAYERS]
    if bad:
        raise ValidationError(f"Onbekende laag: {', '.join(bad)}. Kies uit: "
                              f"{', '.join(schema.ASSET_LAYERS)}.", field="layers")
    return [lay for lay in schema.ASSET_LAYERS if lay in layers]


def render_map(layers: Mapping[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame | None,
               out: str | os.PathLike[str] | BinaryIO, *, paper: str = "A4",
               orientation: str = "portrait", buurt: str | None = None,
               title: str | None = None, subtitle: str | None = None,
               qr_url: str | None = None, audience: str = "public", dpi: int = 300,
               tiles: bool = False, fmt: str | None = None,
               streets: gpd.GeoDataFrame | None = None, project: str = "",
               when: _date | datetime | None = None, index: bool = True) -> Path | None:
    """Draw ``layers`` (asset layer -> GeoDataFrame) over ``buurten`` and save it.

    A PDF gets every page (the index may continue on page 2); a PNG gets page 1 in ``out`` and
    any further page next to it as ``<name>-2.png``. See :func:`print_project` for the options.
    """
    import matplotlib

    fmt = _check_out(out, fmt)
    page_w, page_h = page_size_mm(paper, orientation)
    if buurt:
        codes = set(buurten["code"]) if buurten is not None and len(buurten) else set()
        if buurt not in codes:
            raise NotFoundError(f"Geen buurt met code '{buurt}' in dit project.")
    with matplotlib.rc_context(print_rc()):
        figs = _map_figures(layers, buurten, paper=paper.upper(), page=(page_w, page_h),
                            buurt=buurt, title=title, subtitle=subtitle, qr_url=qr_url,
                            audience=audience, tiles=tiles, streets=streets, project=project,
                            when=when, index=index)
        return _save(figs, out, fmt=fmt, dpi=dpi, title=title or DEFAULT_TITLE)


def _save(figs: list, out: str | os.PathLike[str] | BinaryIO, *, fmt: str,
          dpi: int, title: str) -> Path | None:
    is_path = isinstance(out, (str, os.PathLike))
    if fmt == "pdf":
        from matplotlib.backends.backend_pdf import PdfPages

        target = Path(out) if is_path else out
        tmp = target.with_name(f".{target.name}.tmp") if is_path else None
        try:
            with PdfPages(tmp if tmp is not None else target,
                          metadata={"Creator": "assetmap", "Title": title}) as pdf:
                for f in figs:
                    pdf.savefig(f)
            if tmp is not None:
                os.replace(tmp, target)
        finally:
            if tmp is not None and tmp.exists():
                tmp.unlink()
        return target if is_path else None
    # png: the first page in out, further pages next to it
    if is_path:
        target = Path(out)
        for k, f in enumerate(figs, start=1):
            p = target if k == 1 else target.with_name(f"{target.stem}-{k}{target.suffix}")
            tmp = p.with_name(f".{p.name}.tmp")
            f.savefig(tmp, format="png", dpi=dpi)
            os.replace(tmp, p)
        return target
    figs[0].savefig(out, format="png", dpi=dpi)
    return None


def pdf_page_count(pdf: bytes) -> int:
    """Number of pages in a PDF written by matplotlib (no PDF library needed)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def render_bytes(fn: Any, *args: Any, fmt: str = "pdf", **kwargs: Any) -> bytes:
    """Run a printing function (:func:`print_project`, :func:`route_card`) into bytes."""
    buf = io.BytesIO()
    fn(*args, buf, fmt=fmt, **kwargs)
    return buf.getvalue()


# ---------------------------------------------------------------------------- the map page


def _map_figures(layers: Mapping[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame | None, *,
                 paper: str, page: tuple[float, float], buurt: str | None,
                 title: str | None, subtitle: str | None, qr_url: str | None, audience: str,
                 tiles: bool, streets: gpd.GeoDataFrame | None, project: str,
                 when: _date | datetime | None, index: bool = True) -> list:
    st = PrintStyle.for_paper(paper)
    pw, ph = page
    landscape = pw > ph
    public, talent_counts = _public_layers(layers, audience=audience)
    b_all = buurten if buurten is not None and len(buurten) else None
    if buurt:
        public = {k: g[g["buurt_code"] == buurt] for k, g in public.items()}
    # working CRS from what is printed
    ref = []
    if b_all is not None:
        ref.append(b_all.geometry.to_crs(4326))
    for g in public.values():
        if len(g):
            ref.append(g.geometry.to_crs(4326))
    work = _crs.working_crs(gpd.GeoSeries(pd.concat(ref), crs=4326)) if ref else _crs.RD_NEW
    b_work = b_all.to_crs(work) if b_all is not None else None
    entries = index_entries(public, work)
    rows = index_rows(entries)
    plan = plan_page(page, st, rows if index else [], landscape)

    b_name = None
    if buurt and b_work is not None:
        hit = b_work[b_work["code"] == buurt]
        b_name = _text_or_none(hit["name"].iloc[0]) or buurt
        bounds = tuple(hit.total_bounds)
    elif b_work is not None:
        bounds = tuple(b_work.total_bounds)
    elif entries:
        xs = [e.x for e in entries]
        ys = [e.y for e in entries]
        bounds = (min(xs), min(ys), max(xs), max(ys))
    else:
        bounds = (0.0, 0.0, 1000.0, 1000.0)
    fr = plan.map
    items: list[tuple[str | None, str]] = [
        (layer, f"{schema.LAYERS[layer].label_nl} ({sum(1 for e in entries if e.layer == layer)})")
        for layer in public]
    items.append(("buurt", "Buurtgrens en buurtnaam"))
    if streets is not None and len(streets):
        items.append(("streets", "Straat"))
    note = ""
    if "talents" in public:
        note = "Talenten: alleen wie dat wilde staat op de kaart.\nHet aantal per buurt staat " \
               "onder de buurtnaam."
    lw_, lh_ = legend_size(st, items, note)
    extent, legend_on_top = extent_beside_legend(bounds, fr, lw_, lh_)

    title = title or DEFAULT_TITLE
    if subtitle is None:
        labels = ", ".join(schema.LAYERS[k].label_nl.lower() for k in public)
        where = f"Buurt {b_name} ({buurt})" if buurt else (
            f"{len(b_all)} buurten" if b_all is not None else "")
        subtitle = " · ".join(s for s in (where, labels.capitalize()) if s)
    when_s = date_nl(when)

    fig = new_figure(page)
    draw_header(fig, page, st, title, subtitle, when_s)
    ax = fig.add_axes(fr.frac(pw, ph))
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_linewidth(0.8)
        sp.set_color("#333333")
    ax.set_facecolor("#ffffff")

    def to_mm(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.column_stack([fr.x0 + (np.asarray(x) - extent[0]) / (extent[2] - extent[0])
                                * fr.w,
                                fr.y0 + (np.asarray(y) - extent[1]) / (extent[3] - extent[1])
                                * fr.h])

    def to_data(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (extent[0] + (p[:, 0] - fr.x0) / fr.w * (extent[2] - extent[0]),
                extent[1] + (p[:, 1] - fr.y0) / fr.h * (extent[3] - extent[1]))

    tile_attr = draw_tiles(ax, work) if tiles else ""
    s_work = streets_in(streets, work, extent)
    if s_work is not None and len(s_work):
        s_work.plot(ax=ax, color="#bdbdbd", linewidth=0.7 if paper == "A4" else 0.9, zorder=1)
    if b_work is not None:
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

    # legend, north arrow and scale bar in strips of the map that hold no data
    leg = Rect(fr.x0 + 2.5, fr.y1 - 2.5 - lh_, lw_, lh_)
    draw_legend(fig, page, st, leg, items, note)
    obstacles: list[tuple[float, float, float, float]] = [(leg.x0, leg.y0, leg.x1, leg.y1)]
    arrow_h = st.symbol_mm * 3.2 + 6
    if legend_on_top or leg.y0 - fr.y0 < arrow_h + SCALEBAR_MM + 4:
        obstacles.append(north_arrow(ax, st, fr, cx=fr.x1 - 5 - st.symbol_mm * 1.6,
                                      top=fr.y1 - 4))
    else:
        obstacles.append(north_arrow(ax, st, fr, cx=leg.x0 + leg.w / 2, top=leg.y0 - 4))
    obstacles.append(scalebar(ax, st, fr))

    # symbols first (their places are fixed), then buurt names around them, then numbers
    pts = np.empty((0, 2))
    if entries:
        pts = to_mm(np.array([e.x for e in entries]), np.array([e.y for e in entries]))
        pts = spread_duplicates(pts, radius_mm=st.symbol_mm * 0.75)
    r = st.symbol_mm / 2
    sym_boxes = [(x - r, y - r, x + r, y + r) for x, y in pts]
    if b_work is not None:
        obstacles += _buurt_names(ax, b_work, st,
                                  talent_counts if "talents" in layers else None,
                                  to_mm, to_data, extent, highlight=buurt,
                                  avoid=sym_boxes + obstacles)
    if entries:
        xs, ys = to_data(pts)
        layer_of = np.array([e.layer for e in entries])
        for layer in public:
            sel = layer_of == layer
            if sel.any():
                scatter_symbols(ax, layer, xs[sel], ys[sel], st.symbol_mm)
        numbers = [str(e.number) for e in entries]
        h_mm = st.label_pt * 0.95 / PT_PER_MM
        sizes = np.array([[text_width_mm(s, st.label_pt, bold=True) + 0.4, h_mm]
                          for s in numbers])
        place = place_labels(pts, sizes, symbol_mm=st.symbol_mm,
                             bounds=(fr.x0 + 0.5, fr.y0 + 0.5, fr.x1 - 0.5, fr.y1 - 0.5),
                             obstacles=obstacles)
        number_labels(fig, page, fr, pts, numbers, place, sizes, st)
    else:
        ax.text(0.5, 0.5, "Geen plekken om te tonen", transform=ax.transAxes, ha="center",
                va="center", fontsize=st.subtitle_pt, color="#555555")
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_xlabel("")
    ax.set_ylabel("")

    counts = {layer: sum(1 for e in entries if e.layer == layer) for layer in public}
    extra = f"Achtergrond: {tile_attr}" if tile_attr else ""
    draw_footer(fig, page, st, project, qr_url, extra=extra)
    figs = [fig]
    if plan.index is not None:
        cols = split_columns(rows, plan.per_col)
        draw_index(fig, page, st, plan.index, cols, plan.index_cols, counts)
    elif plan.overflow:
        figs += index_pages(page, st, rows, title, counts, project, when_s)
    if plan.overflow and entries:
        halo_text(ax, 0.01, 0.012, "De lijst met alle plekken staat op de volgende bladzijde.",
              transform=ax.transAxes, fontsize=st.small_pt + 0.5, ha="left", va="bottom",
              zorder=20)
    return figs


def _buurt_names(ax, b_work: gpd.GeoDataFrame, st: PrintStyle, talent_counts: pd.Series | None,
                 to_mm, to_data, extent, *, highlight: str | None,
                 avoid: list[tuple[float, float, float, float]]
                 ) -> list[tuple[float, float, float, float]]:
    """Buurt names (and talent counts) that cover no symbol; returns their boxes (mm)."""
    from shapely.ops import polylabel

    todo = []
    for _, row in b_work.iterrows():
        geom = row.geometry
        poly = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        p = polylabel(poly, tolerance=max(poly.length / 500, 1.0))
        if not (extent[0] <= p.x <= extent[2] and extent[1] <= p.y <= extent[3]):
            continue
        name = _text_or_none(row.get("name")) or str(row["code"])
        count = None
        if talent_counts is not None and row["code"] in talent_counts.index:
            c = talent_counts.get(row["code"])
            count = "talenten: minder dan 3" if pd.isna(c) else f"talenten: {int(c)}"
        todo.append((row["code"], name, count, p))
    if not todo:
        return []
    anchors = to_mm(np.array([t[3].x for t in todo]), np.array([t[3].y for t in todo]))
    h1 = st.buurt_pt * 1.2 / PT_PER_MM
    h2 = st.small_pt * 1.25 / PT_PER_MM
    sizes = np.array([[max(text_width_mm(t[1], st.buurt_pt, bold=True),
                           text_width_mm(t[2] or "", st.small_pt)) + 1,
                       h1 + (h2 if t[2] else 0)] for t in todo])
    offs = place_names(anchors, sizes, obstacles=avoid)
    boxes = []
    for (code, name, count, _), (ax_, ay_), (w, h), (dx, dy) in zip(
            todo, anchors, sizes, offs, strict=True):
        cx, cy = ax_ + dx, ay_ + dy
        top = cy + h / 2
        (x,), (y,) = to_data(np.array([[cx, top]]))
        dim = highlight is not None and code != highlight
        halo_text(ax, x, y, name, fontsize=st.buurt_pt, fontweight="bold", ha="center", va="top",
              color="#777777" if dim else "#2b2b2b", zorder=12, halo=2.6)
        if count:
            (x2,), (y2,) = to_data(np.array([[cx, top - h1]]))
            halo_text(ax, x2, y2, count, fontsize=st.small_pt, ha="center", va="top",
                  color="#333333", zorder=12, halo=2.6)
        boxes.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return boxes


# ---------------------------------------------------------------------------- route card


def _fmt_time(t: datetime | None) -> str:
    return t.strftime("%H:%M") if t is not None else "–"


def _fmt_minutes(m: float) -> str:
    m = round(m)
    if m < 60:
        return f"{m} min"
    return f"{m // 60} u {m % 60:02d} min"


def _fmt_km(metres: float) -> str:
    if metres < 1000:
        return f"{round(metres)} m"
    return f"{metres / 1000:.1f} km".replace(".", ",")


def route_card(route: Any, out: str | os.PathLike[str] | BinaryIO, *, title: str = "Wijksafari",
               streets: gpd.GeoDataFrame | None = None,
               buurten: gpd.GeoDataFrame | None = None, fmt: str | None = None,
               dpi: int = 300, when: _date | datetime | None = None,
               project: str = "") -> Path | None:
    """One A4 page for a walk: the map with numbered stops and the path, the schedule (time,
    stop, walking minutes) and the total distance and time.

    ``route`` is an :class:`assetmap.routing.Route` (or any object with the same attributes:
    ``stops``, ``legs``, ``total_m``, ``total_min``, ``speed_kmh``, ``start_time``,
    ``straight_lines`` and ``geometry()``).
    """
    import matplotlib

    fmt = _check_out(out, fmt)
    stops = list(route.stops)
    if not stops:
        raise ValidationError("De route heeft geen stops.", field="stops")
    with matplotlib.rc_context(print_rc()):
        fig = _route_figure(route, stops, title=title, streets=streets, buurten=buurten,
                            when=when, project=project)
        return _save([fig], out, fmt=fmt, dpi=dpi, title=title)


def _route_figure(route: Any, stops: list, *, title: str, streets, buurten, when,
                  project: str):
    page = page_size_mm("A4", "portrait")
    pw, ph = page
    st = PrintStyle.for_paper("A4")
    round_trip = len(stops) > 1 and stops[0].id == stops[-1].id
    pts = gpd.GeoSeries([s.geometry for s in stops], crs=4326)
    work = _crs.working_crs(pts)
    p_work = pts.to_crs(work)
    path = None
    legs = list(getattr(route, "legs", []) or [])
    leg_geoms = [lg.geometry for lg in legs if getattr(lg, "geometry", None) is not None]
    if leg_geoms:
        path = gpd.GeoSeries(leg_geoms, crs=4326).to_crs(work)
    else:
        try:
            g = route.geometry()
        except (AttributeError, ValueError):
            g = None
        if g is not None and not g.is_empty:
            path = gpd.GeoSeries([g], crs=4326).to_crs(work)

    # schedule rows: number, time, stop, walking minutes to it, distance
    rows = []
    leg_to = {getattr(lg, "to_id", None): lg for lg in legs}
    for k, s in enumerate(stops, start=1):
        lg = leg_to.get(s.id) if k > 1 else None
        if lg is None and k > 1 and k - 2 < len(legs):
            lg = legs[k - 2]
        t_arr, t_dep = getattr(s, "arrive", None), getattr(s, "depart", None)
        tm = _fmt_time(t_arr if t_arr is not None else t_dep)
        if t_dep is not None and t_arr is not None and t_dep != t_arr:
            tm = f"{_fmt_time(t_arr)}–{_fmt_time(t_dep)}"
        layer = getattr(s, "layer", None)
        back = round_trip and k == len(stops)
        rows.append(("1" if back else str(k), tm,
                     " ".join(str(s.name or "").split()) + (" (terug bij de start)" if back
                                                            else ""),
                     schema.LAYERS[layer].label_nl if layer in schema.LAYERS else "",
                     _fmt_minutes(lg.minutes) if lg is not None else "start",
                     _fmt_km(lg.metres) if lg is not None else "",
                     round(getattr(s, "dwell_min", 0) or 0)))

    n = len(rows)
    top = ph - st.margin - st.header
    bottom = st.margin + st.footer
    # the largest type (up to 9 pt) that lets the schedule fit below a map of at least 95 mm
    fs = max(5.0, min(9.0, (top - bottom - 95 - 16) / ((n + 4) * 1.45) * PT_PER_MM))
    lh = fs * 1.45 / PT_PER_MM
    table_h = (n + 4) * lh + 10
    map_w = pw - 2 * st.margin
    b0 = p_work.total_bounds
    if path is not None:
        pb = path.total_bounds
        b0 = [min(b0[0], pb[0]), min(b0[1], pb[1]), max(b0[2], pb[2]), max(b0[3], pb[3])]
    wanted = map_w * max(b0[3] - b0[1], 200) / max(b0[2] - b0[0], 200) + 30
    map_h = min(max(90.0, top - bottom - table_h - 6), max(90.0, wanted))
    fr = Rect(st.margin, top - map_h, map_w, map_h)

    start = getattr(route, "start_time", None)
    when_s = date_nl(start or when)
    walk_min = sum(lg.minutes for lg in legs)
    sub = (f"{n - 1 if round_trip else n} stops · {_fmt_km(route.total_m)} lopen · "
           f"{_fmt_minutes(route.total_min)} in totaal")
    fig = new_figure(page)
    draw_header(fig, page, st, title, sub, when_s)
    ax = fig.add_axes(fr.frac(pw, ph))
    ax.set_xticks([])
    ax.set_yticks([])
    bounds = list(p_work.total_bounds)
    if path is not None:
        pb = path.total_bounds
        bounds = [min(bounds[0], pb[0]), min(bounds[1], pb[1]), max(bounds[2], pb[2]),
                  max(bounds[3], pb[3])]
    extent = fit_extent(tuple(bounds), fr.w, fr.h, pad=0.1)
    s_work = streets_in(streets, work, extent)
    if s_work is not None and len(s_work):
        s_work.plot(ax=ax, color="#c4c4c4", linewidth=0.8, zorder=1)
    if buurten is not None and len(buurten):
        b_work = buurten.to_crs(work)
        boundaries(b_work).plot(ax=ax, color="#666666", linewidth=0.8,
                                 linestyle=(0, (5, 2.5)), zorder=2)
        for _, row in b_work.iterrows():
            p = row.geometry.representative_point()
            if extent[0] <= p.x <= extent[2] and extent[1] <= p.y <= extent[3]:
                halo_text(ax, p.x, p.y, _text_or_none(row.get("name")) or row["code"],
                      fontsize=st.buurt_pt, color="#666666", ha="center", va="center",
                      fontweight="bold", zorder=3)
    if path is not None:
        path.plot(ax=ax, color="white", linewidth=5.0, zorder=4)
        path.plot(ax=ax, color="#1b1b1b", linewidth=2.4, zorder=5,
                  linestyle="-" if not getattr(route, "straight_lines", False) else (0, (6, 3)))
        direction_arrows(ax, path)
    xs, ys = p_work.x.to_numpy(), p_work.y.to_numpy()
    if round_trip:  # the last stop is the first one again: one marker
        xs, ys = xs[:-1], ys[:-1]
    ax.scatter(xs, ys, s=(5.6 * PT_PER_MM) ** 2, facecolors="white", edgecolors="#1b1b1b",
               linewidths=1.4, zorder=8)
    for k, (x, y) in enumerate(zip(xs, ys, strict=True), start=1):
        ax.text(x, y, str(k), fontsize=8 if k < 10 else 7, fontweight="bold", ha="center",
                va="center_baseline", zorder=9)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    north_arrow(ax, st, fr, cx=fr.x1 - 5 - st.symbol_mm * 1.6, top=fr.y1 - 4)
    scalebar(ax, st, fr)
    ax.set_xlabel("")
    ax.set_ylabel("")

    # schedule table
    tab = Rect(st.margin, bottom, pw - 2 * st.margin, fr.y0 - 5 - bottom)
    tax = fig.add_axes(tab.frac(pw, ph))
    tax.set_xlim(0, tab.w)
    tax.set_ylim(0, tab.h)
    tax.set_axis_off()
    y = tab.h - lh
    tax.text(0, y, "Schema", fontsize=fs + 2.5, fontweight="bold", va="baseline")
    y -= lh * 1.3
    cols_x = [0, 8, 34, 122, 158, 176]
    heads = ["Nr", "Tijd", "Stop", "Soort", "Lopen", "Afstand"]
    for x, h in zip(cols_x, heads, strict=True):
        tax.text(x + (6 if h == "Nr" else 0), y, h, fontsize=fs, fontweight="bold",
                 va="baseline", ha="right" if h == "Nr" else "left")
    tax.plot([0, tab.w], [y - lh * 0.35, y - lh * 0.35], color="#1b1b1b", lw=0.6)
    for k, r in enumerate(rows):
        y -= lh
        if k % 2 == 1:
            tax.add_patch(row_band(tab.w, y, lh))
        name = shorten(r[2] + (f" (blijf {r[6]} min)" if r[6] and k < n - 1 else ""), 85, fs)
        vals = [r[0], r[1], name, shorten(r[3], 34, fs), r[4], r[5]]
        for x, v, h in zip(cols_x, vals, heads, strict=True):
            tax.text(x + (6 if h == "Nr" else 0), y, v, fontsize=fs, va="baseline",
                     ha="right" if h == "Nr" else "left",
                     fontweight="bold" if h == "Nr" else "normal")
    y -= lh * 0.6
    tax.plot([0, tab.w], [y, y], color="#1b1b1b", lw=0.6)
    y -= lh * 1.1
    speed = getattr(route, "speed_kmh", None)
    total = (f"Totaal: {_fmt_km(route.total_m)} · {_fmt_minutes(route.total_min)}"
             f" (waarvan {_fmt_minutes(walk_min)} lopen"
             + (f" bij {str(round(speed, 1)).replace('.', ',')} km/u" if speed else "") + ")")
    tax.text(0, y, total, fontsize=fs + 1, fontweight="bold", va="baseline")
    if getattr(route, "straight_lines", False):
        y -= lh * 1.2
        tax.text(0, y, "Let op: de lijnen zijn hemelsbreed (geen stratennet geladen); de "
                       "echte looproute is langer.", fontsize=fs, va="baseline",
                 color="#333333")
    draw_footer(fig, page, st, project, None)
    return fig


