"""The matchlijst: an A4 list of wishes and who could help, for the next theme evening.

Per wish its name, kind and theme, buurt, whether the resident wants to take part, and its
suggestions (:mod:`assetmap.connect`): the symbol of the layer, the name, the distance and the
sentence why, with a box to tick ("gesproken") and a line for notes. As many pages as needed;
a wish never breaks across pages unless it alone is longer than a page. Real text (searchable),
no contact details: the worker is the connector.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .. import i18n, schema
from ..analysis.moments import date_text
from ..analysis.report import noun
from ..connect import format_distance
from .layout import PT_PER_MM, Page
from .output import Out, check_out, write_pages
from .parts import attribution_for, draw_footer, start_page
from .symbols import scatter_symbols
from .text import date_nl, shorten, text_width_mm

TITLE = "Matchlijst"
"""The Dutch title; the texts of the list are in the catalogue (``ml_…`` keys)."""

_HEAD_PT = 10.5
_SUB_PT = 7.5
_NAME_PT = 8.5
_WHY_PT = 7.5


def wrap(text: str, width_mm: float, size_pt: float, *, max_lines: int = 3) -> list[str]:
    """``text`` in lines of at most ``width_mm``; the last line cut with "…" when more is left.
    """
    words = " ".join(str(text).split()).split(" ")
    lines: list[str] = []
    cur = ""
    for k, w in enumerate(words):
        cand = f"{cur} {w}".strip()
        if text_width_mm(cand, size_pt) <= width_mm or not cur:
            cur = cand
            continue
        lines.append(cur)
        cur = w
        if len(lines) == max_lines - 1:
            cur = " ".join(words[k:])
            break
    if cur:
        lines.append(shorten(cur, width_mm, size_pt))
    return [ln for ln in lines if ln]


def _lh(size_pt: float) -> float:
    return size_pt * 1.35 / PT_PER_MM


def _wish_block(wish: Any, width: float, names: Mapping[str, str],
                meta: Mapping[str, Any], lang: str = "nl") -> list[tuple[str, Any]]:
    """The lines of one wish: ``("head", text)``, ``("sub", text)``,
    ``("sugg", (layer, name, distance))``, ``("why", text)``, ``("none", text)``."""
    out: list[tuple[str, Any]] = [("head", shorten(wish.name, width, _HEAD_PT, bold=True))]
    bits = [schema.wish_kind_label(wish.kind or "wens", lang).split(":")[0],
            schema.theme_label(wish.theme or "overig", lang),
            names.get(wish.buurt_code or "",
                      wish.buurt_code or i18n.text("ml_outside", lang))]
    if meta.get("wants_to_help"):
        bits.append(i18n.text("ml_joins", lang))
    out.append(("sub", " · ".join(b for b in bits if b)))
    desc = meta.get("description")
    if desc and not schema.is_na(desc):
        out += [("sub", ln) for ln in wrap(desc, width, _SUB_PT, max_lines=2)]
    if not wish.suggestions:
        out.append(("none", i18n.text("ml_none", lang)))
    for s in wish.suggestions:
        dist = format_distance(s.distance_m, lang)
        out.append(("sugg", (s.layer, s.name, dist)))
        out += [("why", ln) for ln in wrap(s.why, width - 14, _WHY_PT, max_lines=2)]
    return out


_STEP = {"head": _lh(_HEAD_PT) + 1.0, "sub": _lh(_SUB_PT), "sugg": _lh(_NAME_PT) + 1.2,
         "why": _lh(_WHY_PT), "none": _lh(_WHY_PT) + 1.0}
_GAP = 5.0  # between wishes


def _height(block: list[tuple[str, Any]]) -> float:
    return sum(_STEP[k] for k, _ in block) + _GAP


def matchlist(suggestions: Any, out: Out, *, buurt_names: Mapping[str, str] | None = None,
              wishes: Mapping[str, Mapping[str, Any]] | None = None,
              title: str | None = None, include_private: bool = False, project: str = "",
              fmt: str | None = None, dpi: int = 200,
              when: _date | datetime | None = None, lang: str = "nl",
              attribution: str | None = None) -> Path | None:
    """Write the matchlijst of ``suggestions`` (:func:`assetmap.connect.suggest_store`).

    Parameters
    ----------
    suggestions : Suggestions
        The wishes and their suggestions, in the order to print.
    out : path or binary file
        ``.pdf`` or ``.png`` (page 1); a file object needs ``fmt``.
    buurt_names : mapping, optional
        Buurt code -> name.
    wishes : mapping, optional
        Wish id -> its record (for ``description`` and ``wants_to_help``).
    title : str, optional
        The title on every page (default "Matchlijst").
    include_private : bool
        The suggestions hold talents that are not public: the header says the list is for the
        worker only.
    project : str
        Named in the footer.
    fmt, dpi, when
        Output format, PNG resolution, the date in the header (default today).
    lang : str
        ``nl`` (default) or ``en``: every text of the list (the suggestions' sentences why
        come in the language they were made in, see :func:`store_matchlist`).
    attribution : str, optional
        The sources named in the footer (:func:`~.parts.attribution_for`; default CBS/OSM).

    Returns
    -------
    Path or None
        The path written (``None`` for a file object).
    """
    fmt = check_out(out, fmt)
    title = title or i18n.text("ml_title", lang)
    return write_pages(lambda: _pages(suggestions, buurt_names or {}, wishes or {}, title,
                                      include_private, project, when, lang, attribution),
                       out, fmt=fmt, dpi=dpi, title=title)


def _pages(sugg: Any, names: Mapping[str, str], wishes: Mapping[str, Mapping[str, Any]],
           title: str, include_private: bool, project: str,
           when: _date | datetime | None, lang: str = "nl",
           attribution: str | None = None) -> list[Any]:
    page = Page.create("A4", "portrait")
    content = page.content
    width = content.w - 10
    blocks = [_wish_block(w, width, names, wishes.get(w.id, {}), lang) for w in sugg.wishes]
    pages: list[list[list[tuple[str, Any]]]] = [[]]
    room = content.h - 8
    used = 0.0
    for b in blocks:
        h = _height(b)
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0.0
        pages[-1].append(b)
        used += h
    n_w = len(sugg.wishes)
    how = i18n.text("ml_network" if sugg.method == "network" else "ml_straight", lang)
    sub = i18n.text("ml_sub_1" if n_w == 1 else "ml_sub_n", lang, n=n_w, how=how)
    when_s = date_nl(when) if lang == "nl" else date_text(when or _date.today(), lang)
    figs = []
    for k, blocks_on_page in enumerate(pages, start=1):
        page_title = title if len(pages) == 1 else f"{title} ({k}/{len(pages)})"
        fig = start_page(page, page_title, sub, when_s)
        ax = fig.add_axes(content.frac(*page.size))
        ax.set_xlim(0, content.w)
        ax.set_ylim(0, content.h)
        ax.set_axis_off()
        y = content.h
        note = i18n.text("ml_private_note" if include_private else "ml_public_note", lang)
        ax.text(0, y - _lh(_SUB_PT), note, fontsize=_SUB_PT, va="baseline",
                color="#8a1c00" if include_private else "#333333",
                fontweight="bold" if include_private else "normal")
        y -= 8
        if not blocks_on_page:
            ax.text(0, y - _lh(_NAME_PT), i18n.text("ml_no_wishes", lang),
                    fontsize=_NAME_PT, va="baseline")
        for b in blocks_on_page:
            y = _draw_block(ax, b, y, content.w, page, lang)
        draw_footer(fig, page, project, None, attribution=attribution, lang=lang)
        figs.append(fig)
    return figs


def _draw_block(ax: Any, block: Sequence[tuple[str, Any]], y: float, w: float,
                page: Page, lang: str = "nl") -> float:
    """Draw one wish from the top ``y`` down; returns the y below it."""
    st = page.style
    for kind, item in block:
        y -= _STEP[kind]
        if kind == "head":
            scatter_symbols(ax, "wishes", np.array([2.2]), np.array([y + 1.2]),
                            st.symbol_mm * 1.1)
            ax.text(6, y, item, fontsize=_HEAD_PT, fontweight="bold", va="baseline")
        elif kind == "sub":
            ax.text(6, y, item, fontsize=_SUB_PT, va="baseline", color="#333333")
        elif kind == "none":
            ax.text(10, y, item, fontsize=_WHY_PT, va="baseline", style="italic",
                    color="#333333")
        elif kind == "sugg":
            layer, name, dist = item
            ax.add_patch(_box(8, y - 0.3, 2.6))
            scatter_symbols(ax, layer, np.array([14.5]), np.array([y + 1.1]),
                            st.symbol_mm * 0.9)
            right = noun(layer, 1, lang) + (f" · {dist}" if dist else "")
            room = w - 18 - text_width_mm(right, _NAME_PT) - 4
            ax.text(17.5, y, shorten(name, room, _NAME_PT, bold=True), fontsize=_NAME_PT,
                    fontweight="bold", va="baseline")
            ax.text(w, y, right, fontsize=_NAME_PT, va="baseline", ha="right", color="#333333")
        elif kind == "why":
            ax.text(17.5, y, item, fontsize=_WHY_PT, va="baseline", color="#1b1b1b")
    y -= _GAP * 0.45
    ax.plot([0, w], [y, y], color="#bbbbbb", lw=0.5)
    return y - _GAP * 0.55


def _box(x: float, y: float, size: float) -> Any:
    """An empty square to tick ("gesproken")."""
    from matplotlib.patches import Rectangle

    return Rectangle((x - size / 2, y), size, size, facecolor="white", edgecolor="#1b1b1b",
                     lw=0.6)


def store_matchlist(store: Any, out: Out, *, include_private: bool = False,
                    buurt: str | None = None, theme: str | None = None, lang: str = "nl",
                    **kwargs: Any) -> Path | None:
    """The matchlijst of a project's approved wishes (optionally of one buurt or theme), in
    ``lang`` (``nl`` or ``en``, the sentences why too)."""
    from ..connect import Suggestions, suggest_store

    sugg = suggest_store(store, include_private=include_private, lang=lang)
    chosen = [w for w in sugg.wishes if (buurt is None or w.buurt_code == buurt)
              and (theme is None or w.theme == theme)]
    sugg = Suggestions(wishes=chosen, method=sugg.method)
    b = store.buurten()
    names = dict(zip(b["code"], b["name"], strict=True)) if len(b) else {}
    wishes = store.read(schema.WISHES, status="approved")
    recs = {r["id"]: r for r in wishes.drop(columns=wishes.geometry.name).to_dict("records")}
    return matchlist(sugg, out, buurt_names=names, wishes=recs,
                     include_private=include_private, lang=lang,
                     attribution=kwargs.pop("attribution", attribution_for(b, lang)),
                     project=kwargs.pop("project", store.name), **kwargs)

