"""The route card: one A4 page for a wijksafari, to take along on the walk.

The map with the path (arrows show the direction) and numbered stops, then the schedule (time,
stop, kind, walking minutes, distance) and the totals. The schedule's type is as large as it
can be (up to 9 pt) while the map keeps at least 95 mm.
"""

from __future__ import annotations

from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from pyproj import CRS

from .. import crs as _crs
from .. import i18n, schema
from ..analysis.moments import date_text
from ..errors import ValidationError
from ..style import layer_label
from .layout import PT_PER_MM, Box, Page, Rect, fit_extent
from .map_parts import boundaries, direction_arrows, streets_in
from .output import Out, check_out, write_pages
from .parts import (
    attribution_for,
    draw_footer,
    halo_text,
    north_arrow,
    row_band,
    scalebar,
    start_page,
)
from .text import date_nl, shorten, text_or_none

# the schedule's columns: catalogue key of the heading and left edge (mm); the number is
# right-aligned at 6 mm
COLUMNS = (("rc_col_nr", 0), ("rc_col_time", 8), ("rc_col_stop", 34), ("rc_col_kind", 122),
           ("rc_col_walk", 158), ("rc_col_dist", 176))

ScheduleRow = tuple[str, str, str, str, str, str, int]
"""Number, time, stop name, kind, walking time to it, distance to it, minutes spent there."""


def route_card(route: Any, out: Out, *, title: str = "Wijksafari",
               streets: gpd.GeoDataFrame | None = None,
               buurten: gpd.GeoDataFrame | None = None, fmt: str | None = None,
               dpi: int = 300, when: _date | datetime | None = None,
               project: str = "", lang: str = "nl") -> Path | None:
    """One A4 page for a walk: the map with numbered stops and the path, the schedule (time,
    stop, walking minutes) and the total distance and time.

    Parameters
    ----------
    route : Route
        An :class:`assetmap.routing.Route` (or any object with the same attributes:
        ``stops``, ``legs``, ``total_m``, ``total_min``, ``speed_kmh``, ``start_time``,
        ``straight_lines`` and ``geometry()``).
    out : path or binary file
        ``.pdf`` or ``.png``; a file object needs ``fmt``.
    title : str
        The card's title.
    streets, buurten : GeoDataFrame, optional
        Drawn under the route (light lines, dashed boundaries with names).
    fmt : str, optional
        ``pdf`` or ``png``; default from the extension of ``out``.
    dpi : int
        Resolution of a PNG.
    when : date, optional
        The date in the header when the route has no start time (default today).
    project : str
        Named in the footer.
    lang : str
        ``nl`` (default) or ``en``: the words, numbers and date of the card.

    Returns
    -------
    Path or None
        The path written (``None`` when ``out`` is a file object).

    Raises
    ------
    ValidationError
        A route without stops, or an extension other than .pdf/.png.
    """
    fmt = check_out(out, fmt)
    stops = list(route.stops)
    if not stops:
        raise ValidationError(key="pr_no_stops", field="stops")
    return write_pages(
        lambda: [_route_figure(route, stops, title=title, streets=streets, buurten=buurten,
                               when=when, project=project, lang=lang)],
        out, fmt=fmt, dpi=dpi, title=title)


def _route_figure(route: Any, stops: list, *, title: str,
                  streets: gpd.GeoDataFrame | None, buurten: gpd.GeoDataFrame | None,
                  when: _date | datetime | None, project: str, lang: str = "nl") -> Any:
    page = Page.create("A4", "portrait")
    round_trip = len(stops) > 1 and stops[0].id == stops[-1].id
    pts = gpd.GeoSeries([s.geometry for s in stops], crs=4326)
    work = _crs.working_crs(pts)
    p_work = pts.to_crs(work)
    legs = list(getattr(route, "legs", []) or [])
    path = _route_path(route, legs, work)
    rows = _schedule_rows(stops, legs, round_trip, lang)
    n = len(rows)
    bounds = _route_bounds(p_work, path)
    fs, fr = _card_layout(page, n, bounds)

    start = getattr(route, "start_time", None)
    sub = i18n.text("rc_sub", lang, n=n - 1 if round_trip else n,
                    km=_fmt_km(route.total_m, lang), total=_fmt_minutes(route.total_min, lang))
    day = start or when
    fig = start_page(page, title, sub, date_nl(day) if lang == "nl" else
                     date_text(day or _date.today(), lang))
    extent = fit_extent(bounds, fr.w, fr.h, pad=0.1)
    _draw_route_map(fig, page, fr, extent, route, p_work, path, work, round_trip,
                    streets=streets, buurten=buurten)
    _draw_schedule(fig, page, fr, rows, fs, route, legs, lang)
    draw_footer(fig, page, project, None, attribution=attribution_for(buurten, lang), lang=lang)
    return fig


# ---------------------------------------------------------------------------- data


def _route_path(route: Any, legs: list, work: CRS) -> gpd.GeoSeries | None:
    """The path in the working CRS: one line per leg, or the route's whole geometry."""
    leg_geoms = [lg.geometry for lg in legs if getattr(lg, "geometry", None) is not None]
    if leg_geoms:
        return gpd.GeoSeries(leg_geoms, crs=4326).to_crs(work)
    try:
        g = route.geometry()
    except (AttributeError, ValueError):
        g = None
    if g is not None and not g.is_empty:
        return gpd.GeoSeries([g], crs=4326).to_crs(work)
    return None


def _schedule_rows(stops: list, legs: list, round_trip: bool,
                   lang: str = "nl") -> list[ScheduleRow]:
    """One row per stop; the last stop of a round trip is stop 1 again."""
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
                     " ".join(str(s.name or "").split()) + (
                         " " + i18n.text("rc_back", lang) if back else ""),
                     layer_label(layer, lang) if layer in schema.LAYERS else "",
                     _fmt_minutes(lg.minutes, lang) if lg is not None
                     else i18n.text("rc_start", lang),
                     _fmt_km(lg.metres, lang) if lg is not None else "",
                     round(getattr(s, "dwell_min", 0) or 0)))
    return rows


def _route_bounds(p_work: gpd.GeoSeries, path: gpd.GeoSeries | None) -> Box:
    """The box around the stops and the path (working CRS)."""
    b = list(p_work.total_bounds)
    if path is not None:
        pb = path.total_bounds
        b = [min(b[0], pb[0]), min(b[1], pb[1]), max(b[2], pb[2]), max(b[3], pb[3])]
    return tuple(b)


def _card_layout(page: Page, n: int, bounds: Box) -> tuple[float, Rect]:
    """The schedule's type size and the map frame: the largest type (up to 9 pt) that lets
    ``n`` rows fit below a map of at least 95 mm; the map as tall as its shape asks."""
    st = page.style
    top, bottom = page.top, page.bottom
    fs = _schedule_pt(page, n)
    lh = fs * 1.45 / PT_PER_MM
    table_h = (n + 4) * lh + 10
    map_w = page.w - 2 * st.margin
    wanted = map_w * max(bounds[3] - bounds[1], 200) / max(bounds[2] - bounds[0], 200) + 30
    map_h = min(max(90.0, top - bottom - table_h - 6), max(90.0, wanted))
    return fs, Rect(st.margin, top - map_h, map_w, map_h)


def _schedule_pt(page: Page, n: int) -> float:
    """Type size of a schedule of ``n`` rows (5 to 9 pt)."""
    return max(5.0, min(9.0, (page.top - page.bottom - 95 - 16) / ((n + 4) * 1.45) * PT_PER_MM))


# ---------------------------------------------------------------------------- drawing


def _draw_route_map(fig: Any, page: Page, fr: Rect, extent: Box, route: Any,
                    p_work: gpd.GeoSeries, path: gpd.GeoSeries | None, work: CRS,
                    round_trip: bool, *, streets: gpd.GeoDataFrame | None,
                    buurten: gpd.GeoDataFrame | None) -> None:
    """The map: streets, buurten with names, the path with arrows, numbered stops."""
    st = page.style
    ax = fig.add_axes(fr.frac(*page.size))
    ax.set_xticks([])
    ax.set_yticks([])
    s_work = streets_in(streets, work, extent)
    if s_work is not None and len(s_work):
        s_work.plot(ax=ax, color="#c4c4c4", linewidth=0.8, zorder=1)
    if buurten is not None and len(buurten):
        _draw_buurten(ax, st.buurt_pt, buurten.to_crs(work), extent)
    if path is not None:
        path.plot(ax=ax, color="white", linewidth=5.0, zorder=4)
        path.plot(ax=ax, color="#1b1b1b", linewidth=2.4, zorder=5,
                  linestyle="-" if not getattr(route, "straight_lines", False) else (0, (6, 3)))
        direction_arrows(ax, path)
    xs, ys = p_work.x.to_numpy(), p_work.y.to_numpy()
    if round_trip:  # the last stop is the first one again: one marker
        xs, ys = xs[:-1], ys[:-1]
    _draw_stops(ax, xs, ys)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    north_arrow(ax, st, fr, cx=fr.x1 - 5 - st.symbol_mm * 1.6, top=fr.y1 - 4)
    scalebar(ax, st, fr)
    ax.set_xlabel("")
    ax.set_ylabel("")


def _draw_buurten(ax: Any, size_pt: float, b_work: gpd.GeoDataFrame, extent: Box) -> None:
    """Buurt boundaries (dashed, grey) and the names of those on the map."""
    boundaries(b_work).plot(ax=ax, color="#666666", linewidth=0.8,
                            linestyle=(0, (5, 2.5)), zorder=2)
    for _, row in b_work.iterrows():
        p = row.geometry.representative_point()
        if extent[0] <= p.x <= extent[2] and extent[1] <= p.y <= extent[3]:
            halo_text(ax, p.x, p.y, text_or_none(row.get("name")) or row["code"],
                      fontsize=size_pt, color="#666666", ha="center", va="center",
                      fontweight="bold", zorder=3)


def _draw_stops(ax: Any, xs: np.ndarray, ys: np.ndarray) -> None:
    """White circles with the stop's number."""
    ax.scatter(xs, ys, s=(5.6 * PT_PER_MM) ** 2, facecolors="white", edgecolors="#1b1b1b",
               linewidths=1.4, zorder=8)
    for k, (x, y) in enumerate(zip(xs, ys, strict=True), start=1):
        ax.text(x, y, str(k), fontsize=8 if k < 10 else 7, fontweight="bold", ha="center",
                va="center_baseline", zorder=9)


def _draw_schedule(fig: Any, page: Page, fr: Rect, rows: list[ScheduleRow], fs: float,
                   route: Any, legs: list, lang: str = "nl") -> None:
    """The schedule below the map: headings, a row per stop (every other one shaded), and
    the totals; a warning when the lines are straight."""
    st = page.style
    lh = fs * 1.45 / PT_PER_MM
    n = len(rows)
    tab = Rect(st.margin, page.bottom, page.w - 2 * st.margin, fr.y0 - 5 - page.bottom)
    tax = fig.add_axes(tab.frac(*page.size))
    tax.set_xlim(0, tab.w)
    tax.set_ylim(0, tab.h)
    tax.set_axis_off()
    y = tab.h - lh
    tax.text(0, y, i18n.text("rc_schedule", lang), fontsize=fs + 2.5, fontweight="bold",
             va="baseline")
    y -= lh * 1.3
    _table_row(tax, y, [i18n.text(h, lang) for h, _ in COLUMNS], fs, bold=True)
    tax.plot([0, tab.w], [y - lh * 0.35, y - lh * 0.35], color="#1b1b1b", lw=0.6)
    for k, r in enumerate(rows):
        y -= lh
        if k % 2 == 1:
            tax.add_patch(row_band(tab.w, y, lh))
        stay = " " + i18n.text("rc_stay", lang, n=r[6]) if r[6] and k < n - 1 else ""
        name = shorten(r[2] + stay, 85, fs)
        _table_row(tax, y, [r[0], r[1], name, shorten(r[3], 34, fs), r[4], r[5]], fs)
    y -= lh * 0.6
    tax.plot([0, tab.w], [y, y], color="#1b1b1b", lw=0.6)
    y -= lh * 1.1
    speed = getattr(route, "speed_kmh", None)
    walk_min = sum(lg.minutes for lg in legs)
    kmh = str(round(speed, 1)) if speed else ""
    kmh = kmh.replace(".", ",") if lang == "nl" else kmh
    total = i18n.text("rc_total" if speed else "rc_total_no_speed", lang,
                      km=_fmt_km(route.total_m, lang),
                      total=_fmt_minutes(route.total_min, lang),
                      walk=_fmt_minutes(walk_min, lang), kmh=kmh)
    tax.text(0, y, total, fontsize=fs + 1, fontweight="bold", va="baseline")
    if getattr(route, "straight_lines", False):
        y -= lh * 1.2
        tax.text(0, y, i18n.text("rc_straight", lang), fontsize=fs, va="baseline",
                 color="#333333")


def _table_row(tax: Any, y: float, values: list[str], fs: float, *, bold: bool = False
               ) -> None:
    """One line of the schedule; the number column is right-aligned and bold."""
    for (head, x), v in zip(COLUMNS, values, strict=True):
        nr = head == COLUMNS[0][0]
        tax.text(x + (6 if nr else 0), y, v, fontsize=fs, va="baseline",
                 ha="right" if nr else "left",
                 fontweight="bold" if bold or nr else "normal")


# ---------------------------------------------------------------------------- formatting


def _fmt_time(t: datetime | None) -> str:
    return t.strftime("%H:%M") if t is not None else "–"


def _fmt_minutes(m: float, lang: str = "nl") -> str:
    """``25 min`` or ``1 u 05 min`` (``1 h 05 min`` in English): the same words and rounding
    (up) as the Wijksafari page (:func:`assetmap.routing.format_duration`), so the card and the
    screen agree."""
    from ..routing import format_duration

    return format_duration(m, lang)


def _fmt_km(metres: float, lang: str = "nl") -> str:
    """``850 m`` or ``3,1 km`` (``3.1 km`` in English)."""
    if metres < 1000:
        return f"{round(metres)} m"
    text = f"{metres / 1000:.1f} km"
    return text.replace(".", ",") if lang == "nl" else text
