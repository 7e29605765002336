"""The parts every sheet is made of, drawn with matplotlib: the figure, header, footer with
attribution and privacy note, QR code, legend, north arrow, scale bar, and text with a halo.

Positions are millimetres on the page (:mod:`assetmap.printing.layout`). Text stays text in
the PDF (searchable, read aloud): see :func:`print_rc` and :func:`halo_text`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.artist import Artist

from .layout import PT_PER_MM, Box, MapFrame, Page, PrintStyle, Rect
from .symbols import SYMBOLS, scatter_symbols
from .text import printable, shorten, text_width_mm, wrap_lines

ATTRIBUTION = ("Buurtgrenzen: CBS / Kadaster · straten: © OpenStreetMap contributors")
FICTIONAL_ATTRIBUTION = ("Buurten, straten en plekken: verzonnen voorbeeld (demoproject), "
                         "geen echte bron")


def attribution_for(buurten: Any, lang: str = "nl") -> str:
    """Where the sheet's layers come from. Real projects load their buurten from CBS
    (PDOK) and their streets from OpenStreetMap; the demo's are made up (their gemeente says
    "(fictief)", their codes are BU9999…), and then the sheet says so instead of crediting
    CBS and OSM."""
    from .. import i18n

    if buurten is not None and len(buurten):
        gem = buurten["gemeente"].astype(str) if "gemeente" in buurten.columns else None
        codes = buurten["code"].astype(str) if "code" in buurten.columns else None
        if (gem is not None and gem.str.contains("fictief", case=False).all()) or \
                (codes is not None and codes.str.startswith("BU9999").all()):
            return FICTIONAL_ATTRIBUTION if lang == "nl" else \
                i18n.text("pr_attribution_fictional", lang)
    return ATTRIBUTION if lang == "nl" else i18n.text("pr_attribution", lang)


PRIVACY_NOTE = ("Geen contactgegevens op papier. Talenten staan er alleen op als de bewoner dat "
                "wilde. De andere tellen mee in het aantal per buurt.")

LegendItem = tuple[str | None, str]
"""``(key, label)``: ``key`` is an asset layer (its symbol), ``buurt``, ``streets`` or
``route`` (a line), or ``None`` (text only)."""


def print_rc() -> dict[str, Any]:
    """matplotlib settings for every sheet (use with ``matplotlib.rc_context``).

    Fonts are embedded as TrueType (type 42), so text in the PDF can be searched and read
    aloud; ``text.parse_math`` is off, so a name with ``$`` signs is text, never a formula.
    Font hinting is off: at the low resolution of the page's preview (70 dpi) hinted glyphs
    grow to whole pixels, and the index lines would overlap where the PDF's do not.
    """
    return {"pdf.fonttype": 42, "ps.fonttype": 42, "font.family": "DejaVu Sans",
            "hatch.linewidth": 0.5, "svg.fonttype": "none", "text.parse_math": False,
            "text.hinting": "none"}


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

    The halo is the text's glyph outlines stroked in white underneath (:class:`Halo`; path
    effects would turn the text itself into paths). ``kw`` are the options of ``Axes.text``.
    """
    t = ax.text(x, y, s, **kw)
    if halo:
        ax.add_artist(Halo(t, halo))


@lru_cache(maxsize=4096)
def _outline(s: str, size_pt: float, weight: str, family: str) -> Any:
    """The glyph outlines of one line of text at its baseline's start (points), kept."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    return TextPath((0, 0), s, prop=FontProperties(family=family, size=size_pt,
                                                   weight=weight))


class Halo(Artist):
    """A white outline under a text: its glyph outlines (kept per text) stroked in white,
    placed where matplotlib lays the text out. A text of several lines or turned gets the
    path-effect copy instead."""

    def __init__(self, text: Any, width: float) -> None:
        super().__init__()
        self.text = text
        self.width = width
        self.set_zorder(text.get_zorder() - 0.01)
        self.set_gid("halo")

    def draw(self, renderer: Any) -> None:
        from matplotlib.transforms import Affine2D

        t = self.text
        s = t.get_text()
        if not self.get_visible() or not t.get_visible() or not s:
            return
        prop = t.get_fontproperties()
        if "\n" in s or t.get_rotation() or t.get_usetex():
            _halo_copy(t, self.width).draw(renderer)
            return
        box = t.get_window_extent(renderer)  # the text's own layout (kept for its drawing)
        d = max(renderer.get_text_width_height_descent(line, prop, ismath=False)[2]
                for line in (s, "lp"))
        path = _outline(s, prop.get_size_in_points(), str(prop.get_weight()),
                        prop.get_family()[0])
        k = renderer.points_to_pixels(1.0)
        gc = renderer.new_gc()
        gc.set_foreground("white")
        gc.set_linewidth(self.width)
        gc.set_joinstyle("round")
        renderer.draw_path(gc, path, Affine2D().scale(k).translate(box.x0, box.y0 + d))
        gc.restore()
        self.stale = False


def _halo_copy(t: Any, width: float) -> Any:
    """The white path-effect copy of ``t`` (for text :class:`Halo` cannot outline)."""
    from matplotlib.text import Text

    c = Text(*t.get_position(), t.get_text(), color="white",
             fontproperties=t.get_fontproperties(), ha=t.get_ha(), va=t.get_va(),
             rotation=t.get_rotation(), transform=t.get_transform(),
             path_effects=halo_effect(width))
    c.set_figure(t.get_figure())
    return c


def title_lines(page: Page, title: str) -> tuple[list[str], float]:
    """The title as it fits the page's width: one line at the full size if it can, else a
    little smaller, else two lines at a size that keeps the header's height. Never cut in
    the middle of the page's edge (long titles wrap)."""
    st = page.style
    room = page.w - 2 * st.margin
    for scale in (1.0, 0.85, 0.72):
        size = st.title_pt * scale
        if text_width_mm(printable(title), size, bold=True) <= room:
            return [printable(title)], size
    size = st.title_pt * 0.6
    return wrap_lines(title, room, size, bold=True, max_lines=2), size


def draw_header(fig: Any, page: Page, title: str, subtitle: str, when: str) -> None:
    """The title (wrapped to two lines when it is long), and under it the subtitle (left)
    and the date (right). A subtitle too long for the room left of the date wraps to a
    second line under the first (cut with "…" only past two lines); it never runs into the
    date. The texts get the gids ``title``, ``subtitle`` and ``date``."""
    pw, ph = page.size
    st = page.style
    top = ph - st.margin
    lines, size = title_lines(page, title)
    fig.text(st.margin / pw, top / ph, "\n".join(lines), fontsize=size, fontweight="bold",
             va="top", ha="left", color="#1b1b1b", linespacing=1.05).set_gid("title")
    drop = size / PT_PER_MM * (1.25 if len(lines) == 1 else 1.05 * len(lines) + 0.2)
    y2 = (top - max(drop, st.title_pt / PT_PER_MM * 1.25)) / ph
    room = pw - 2 * st.margin - text_width_mm(when, st.subtitle_pt) - 4
    sub = wrap_lines(subtitle, room, st.subtitle_pt, max_lines=2)
    if len(sub) == 2 and sub[1].startswith("· "):  # "a ·" / "b", not "a" / "· b"
        sub = [f"{sub[0]} ·", sub[1][2:]]
    fig.text(st.margin / pw, y2, "\n".join(sub), fontsize=st.subtitle_pt, va="top",
             ha="left", color="#333333", linespacing=1.1).set_gid("subtitle")
    fig.text((pw - st.margin) / pw, y2, when, fontsize=st.subtitle_pt, va="top",
             ha="right", color="#333333").set_gid("date")


def draw_footer(fig: Any, page: Page, project: str, qr_url: str | None,
                extra: str = "", *, attribution: str | None = None, lang: str = "nl") -> None:
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
    attribution : str, optional
        The sources of the layers (:func:`attribution_for`); by default CBS and OSM.
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
    if attribution is None:
        attribution = ATTRIBUTION if lang == "nl" else i18n.text("pr_attribution", lang)
    privacy = PRIVACY_NOTE if lang == "nl" else i18n.text("pr_privacy_note", lang)
    lines = [f"{attribution} · project: {project or 'assetmap'}", privacy]
    if extra:
        lines.insert(1, extra)
    lh = st.small_pt * 1.35 / PT_PER_MM
    for k, s in enumerate(lines):
        fig.text(x0 / pw, (st.margin + (len(lines) - k - 1) * lh) / ph, s,
                 fontsize=st.small_pt, ha="left", va="bottom", color="#333333")


def check_qr_url(url: str | None) -> str | None:
    """The web address for a QR code, checked: ``http(s)://`` and a host name with a dot
    (or ``localhost`` / an IP address), no spaces. ``buurt.nl/kaart`` gets ``https://`` in
    front. ``None`` or empty: no QR code. A wrong address is a :class:`ValidationError`, so
    no one prints 60 sheets with a code that leads nowhere."""
    import ipaddress
    from urllib.parse import urlsplit

    from ..errors import ValidationError

    if url is None or not str(url).strip():
        return None
    s = str(url).strip()
    if "://" not in s:
        s = "https://" + s
    parts = urlsplit(s)
    host = parts.hostname or ""
    try:
        is_ip = bool(ipaddress.ip_address(host))
    except ValueError:
        is_ip = False
    ok_host = is_ip or host == "localhost" or ("." in host and not host.startswith(".")
                                               and not host.endswith("."))
    if (parts.scheme not in ("http", "https") or not ok_host or any(c.isspace() for c in s)
            or len(s) > 500):
        raise ValidationError(key="pr_qr_url", params={"url": str(url).strip()[:80]},
                              field="qr_url")
    return s


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
