"""The parts every sheet is made of, drawn with matplotlib: the figure, header, footer with
attribution and privacy note, QR code, legend, north arrow, scale bar, and text with a halo.

Positions are millimetres on the page (:mod:`assetmap.printing.layout`). Text stays text in
the PDF (searchable, read aloud): see :func:`print_rc` and :func:`halo_text`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .layout import PT_PER_MM, Box, MapFrame, Page, PrintStyle, Rect
from .symbols import SYMBOLS, scatter_symbols
from .text import shorten, text_width_mm

ATTRIBUTION = ("Buurtgrenzen: CBS / Kadaster · straten: © OpenStreetMap contributors")
PRIVACY_NOTE = ("Geen contactgegevens op papier. Talenten staan er alleen op als de bewoner dat "
                "wilde. De andere tellen mee in het aantal per buurt.")

LegendItem = tuple[str | None, str]
"""``(key, label)``: ``key`` is an asset layer (its symbol), ``buurt``, ``streets`` or
``route`` (a line), or ``None`` (text only)."""


def print_rc() -> dict[str, Any]:
    """matplotlib settings for every sheet (use with ``matplotlib.rc_context``).

    Fonts are embedded as TrueType (type 42), so text in the PDF can be searched and read
    aloud; ``text.parse_math`` is off, so a name with ``$`` signs is text, never a formula.
    """
    return {"pdf.fonttype": 42, "ps.fonttype": 42, "font.family": "DejaVu Sans",
            "hatch.linewidth": 0.5, "svg.fonttype": "none", "text.parse_math": False}


def new_figure(page: Page) -> Any:
    """An empty white matplotlib Figure of the page's size (not tied to pyplot)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(page.w / 25.4, page.h / 25.4))
    fig.patch.set_facecolor("white")
    return fig


def start_page(page: Page, title: str, subtitle: str, when: str) -> Any:
    """A new figure with the header drawn: the usual first step of every page."""
    fig = new_figure(page)
    draw_header(fig, page, title, subtitle, when)
    return fig


def halo_effect(width: float = 2.2) -> list[Any]:
    """A white outline around text or lines (matplotlib path effects)."""
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def halo_text(ax: Any, x: float, y: float, s: str, *, halo: float = 2.2, **kw: Any) -> None:
    """Text with a white halo that stays *text* in the PDF (searchable, read aloud).

    The halo is a separate outline-only copy underneath, because path effects turn glyphs
    into paths. ``kw`` are the options of ``Axes.text``.
    """
    if halo:
        under = dict(kw)
        under["color"] = "white"
        under["zorder"] = kw.get("zorder", 10) - 0.01
        ax.text(x, y, s, path_effects=halo_effect(halo), **under).set_gid("halo")
    ax.text(x, y, s, **kw)


def draw_header(fig: Any, page: Page, title: str, subtitle: str, when: str) -> None:
    """The title, and under it the subtitle (left) and the date (right)."""
    pw, ph = page.size
    st = page.style
    top = ph - st.margin
    fig.text(st.margin / pw, top / ph, title, fontsize=st.title_pt, fontweight="bold",
             va="top", ha="left", color="#1b1b1b")
    y2 = (top - st.title_pt / PT_PER_MM * 1.25) / ph
    fig.text(st.margin / pw, y2, subtitle, fontsize=st.subtitle_pt, va="top", ha="left",
             color="#333333")
    fig.text((pw - st.margin) / pw, y2, when, fontsize=st.subtitle_pt, va="top",
             ha="right", color="#333333")


def draw_footer(fig: Any, page: Page, project: str, qr_url: str | None,
                extra: str = "", *, lang: str = "nl") -> None:
    """Attribution, project name and privacy note; a QR code to ``qr_url`` on the right.

    Parameters
    ----------
    fig : matplotlib Figure
    page : Page
    project : str
        The project's name (``assetmap`` when empty).
    qr_url : str or None
        The online map; ``None`` for no QR code.
    extra : str
        One more line (e.g. the attribution of background tiles).
    lang : str
        ``nl`` (default) or ``en``.
    """
    from .. import i18n

    pw, ph = page.size
    st = page.style
    x0 = st.margin
    right = pw - st.margin
    qr_mm = st.footer - 2
    if qr_url:
        draw_qr(fig, Rect(right - qr_mm, st.margin, qr_mm, qr_mm), qr_url, page)
        cap = shorten(qr_url, 60, st.small_pt)
        fig.text((right - qr_mm - 2) / pw, (st.margin + qr_mm * 0.62) / ph,
                 i18n.text("pr_qr_caption", lang), fontsize=st.small_pt, ha="right",
                 va="bottom",
                 fontweight="bold")
        fig.text((right - qr_mm - 2) / pw, (st.margin + qr_mm * 0.58) / ph, cap,
                 fontsize=st.small_pt, ha="right", va="top", color="#333333")
    attribution, privacy = (ATTRIBUTION, PRIVACY_NOTE) if lang == "nl" else (
        i18n.text("pr_attribution", lang), i18n.text("pr_privacy_note", lang))
    lines = [f"{attribution} · project: {project or 'assetmap'}", privacy]
    if extra:
        lines.insert(1, extra)
    lh = st.small_pt * 1.35 / PT_PER_MM
    for k, s in enumerate(lines):
        fig.text(x0 / pw, (st.margin + (len(lines) - k - 1) * lh) / ph, s,
                 fontsize=st.small_pt, ha="left", va="bottom", color="#333333")


def draw_qr(fig: Any, r: Rect, url: str, page: Page) -> None:
    """A QR code of ``url`` filling ``r``."""
    import qrcode

    q = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(url)
    q.make(fit=True)
    m = np.array(q.get_matrix(), dtype=float)
    ax = fig.add_axes(r.frac(*page.size))
    ax.imshow(m, cmap="gray_r", interpolation="nearest", vmin=0, vmax=1)
    ax.set_axis_off()


def map_axes(fig: Any, page: Page, mf: MapFrame) -> Any:
    """Axes for a map in ``mf.frame`` showing ``mf.extent``: no ticks, a thin dark border."""
    ax = fig.add_axes(mf.frame.frac(*page.size))
    ax.set_xlim(mf.extent[0], mf.extent[2])
    ax.set_ylim(mf.extent[1], mf.extent[3])
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_linewidth(0.8)
        sp.set_color("#333333")
    ax.set_facecolor("#ffffff")
    return ax


def north_arrow(ax: Any, st: PrintStyle, frame: Rect, *, cx: float, top: float) -> Box:
    """A north arrow centred at ``cx`` with the "N" at ``top`` (mm on the page).

    Returns
    -------
    Box
        The arrow's box on the page (mm), for label placement to avoid.
    """
    from matplotlib.patches import Polygon

    size = st.symbol_mm * 3.2
    fx = (cx - frame.x0) / frame.w

    def fy(y: float) -> float:
        return (y - frame.y0) / frame.h

    hw = size * 0.32
    for side, face in ((-hw, "#1b1b1b"), (hw, "white")):  # a dark and a light half
        ax.add_patch(Polygon([[fx, fy(top - 4)], [(cx + side - frame.x0) / frame.w,
                                                  fy(top - 4 - size)],
                              [fx, fy(top - 4 - size * 0.72)]], closed=True,
                             transform=ax.transAxes, facecolor=face, edgecolor="#1b1b1b",
                             lw=0.8, zorder=20))
    halo_text(ax, fx, fy(top), "N", transform=ax.transAxes, ha="center", va="top",
              fontsize=st.buurt_pt + 1, fontweight="bold", zorder=20)
    return (cx - hw - 1, top - 4 - size - 1, cx + hw + 1, top + 1)


def scalebar(ax: Any, st: PrintStyle, frame: Rect) -> Box:
    """A scale bar in metres in the lower right corner; returns its box on the page (mm).

    The map must be drawn in a metric CRS (the working CRS) with equal scales on both axes.
    """
    from matplotlib_scalebar.scalebar import ScaleBar

    sb = ScaleBar(1, units="m", location="lower right", length_fraction=0.22,
                  box_alpha=0.85, font_properties={"size": st.small_pt + 0.5},
                  border_pad=0.6, pad=0.4, scale_loc="top", width_fraction=0.012)
    ax.add_artist(sb)
    return (frame.x1 - frame.w * 0.3, frame.y0, frame.x1, frame.y0 + 16)


def _legend_step(st: PrintStyle) -> float:
    """Line height of the legend (mm)."""
    return st.index_pt * 1.55 / PT_PER_MM


def draw_legend(fig: Any, page: Page, r: Rect, items: list[LegendItem], note: str,
                title: str = "Legenda") -> None:
    """A legend box at ``r`` (see :func:`legend_size`): a symbol or line and a label per item,
    then ``note`` (may have line breaks) in small type."""
    from matplotlib.patches import FancyBboxPatch

    st = page.style
    ax = fig.add_axes(r.frac(*page.size))
    ax.set_xlim(0, r.w)
    ax.set_ylim(0, r.h)
    ax.set_axis_off()
    ax.set_zorder(30)
    ax.add_patch(FancyBboxPatch((0.3, 0.3), r.w - 0.6, r.h - 0.6,
                                boxstyle="round,pad=0,rounding_size=1.2", facecolor="white",
                                edgecolor="#555555", lw=0.6, alpha=0.94))
    lh = _legend_step(st)
    y = r.h - 2.2
    ax.text(2, y, title, fontsize=st.index_pt + 0.5, fontweight="bold", va="top")
    y -= lh * 1.1
    lines = {"buurt": ("#2b2b2b", 1.0, (0, (4, 2))), "streets": ("#b4b4b4", 1.6, "-"),
             "route": ("#1b1b1b", 2.2, "-")}
    for key, label in items:
        cy = y - lh * 0.35
        if key in SYMBOLS:
            scatter_symbols(ax, key, np.array([4.0]), np.array([cy]), st.symbol_mm)
        elif key in lines:
            color, lw, ls = lines[key]
            ax.plot([2, 6], [cy, cy], color=color, lw=lw, ls=ls)
        ax.text(8, cy, label, fontsize=st.index_pt, va="center")
        y -= lh
    if note:
        ax.text(2, y - 0.5, note, fontsize=st.small_pt, va="top", color="#333333",
                wrap=False, linespacing=1.2)


def legend_size(st: PrintStyle, items: list[LegendItem], note: str,
                title: str = "Legenda") -> tuple[float, float]:
    """Width and height (mm) of the legend box :func:`draw_legend` draws."""
    lh = _legend_step(st)
    w = max([text_width_mm(title, st.index_pt + 0.5, bold=True)]
            + [8 + text_width_mm(lab, st.index_pt) for _, lab in items])
    note_lines = note.split("\n") if note else []
    if note_lines:
        w = max(w, max(text_width_mm(s, st.small_pt) for s in note_lines))
    h = 2.2 + lh * 1.1 + lh * len(items) + len(note_lines) * st.small_pt * 1.2 / PT_PER_MM + 2.5
    return w + 4, h


def row_band(w: float, y: float, lh: float) -> Any:
    """A light grey band behind a table row (every other row), as a matplotlib patch."""
    from matplotlib.patches import Rectangle

    return Rectangle((0, y - lh * 0.3), w, lh, facecolor="#efefef", edgecolor="none",
                     zorder=0)
