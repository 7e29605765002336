"""Printed maps (A4/A3, PDF or PNG) and route cards, drawn with matplotlib, without internet.

Prints are public: :mod:`assetmap.privacy` decides what shows, and no contact field is ever
printed. Text is embedded as text (TrueType, ``pdf.fonttype`` 42): the PDF can be searched and
read aloud. Layer colours, shapes and patterns come from :mod:`assetmap.style`, shared with the
web map.

Modules
-------
layout
    Page geometry in millimetres: paper sizes, :class:`~.layout.Rect`, the sizes per paper
    (:class:`PrintStyle`), a sheet (:class:`~.layout.Page`), a map on it
    (:class:`~.layout.MapFrame`), map extents. Pure arithmetic.
text
    Text widths in mm, cutting text to fit, Dutch dates.
placement
    Where numbers and buurt names go without covering symbols or each other. Pure geometry.
symbols
    The symbol of each layer on paper.
parts
    Parts of every sheet: figure, header, footer (attribution, privacy note, QR code),
    legend, north arrow, scale bar, text with a halo, map axes.
map_parts
    What is drawn inside a map: tiles, streets, buurt boundaries, numbers, route arrows.
index
    The numbered list of places: numbering, columns, where it fits, drawing it.
data
    What may be printed (layers asked for, privacy per audience).
output
    Writing pages to PDF or PNG (a path or a file object), without half-written files.
map_sheet
    The map sheet (:func:`print_project`, :func:`render_map`), drawn in small steps.
route_card
    The route card of a wijksafari (:func:`route_card`).
worksheet
    The worksheet to write on: a map with a lettered grid (:mod:`assetmap.paper_grid`) and an
    empty numbered table (:func:`worksheet`).
matchlist
    The matchlijst: wishes and who could help, for the next evening (:func:`matchlist`).

Adding a sheet
--------------
A new kind of sheet (e.g. a worksheet with a labelled grid) is one new module next to
``map_sheet.py`` and ``route_card.py``, with one public function that follows their shape::

    def worksheet(store, out, *, paper="A4", orientation="portrait", fmt=None, dpi=300, ...):
        fmt = check_out(out, fmt)                      # output.py: .pdf / .png
        page = Page.create(paper, orientation)         # layout.py: size, style, content area
        return write_pages(lambda: [_draw(page, ...)], out, fmt=fmt, dpi=dpi, title=...)

    def _draw(page, ...):
        fig = start_page(page, title, subtitle, date_nl(when))   # parts.py: figure + header
        mf = MapFrame(page.content, fit_extent(bounds, page.content.w, page.content.h))
        ax = map_axes(fig, page, mf)                   # mf.to_mm / mf.to_data convert
        ...                                            # map_parts.py, placement.py, symbols.py
        draw_footer(fig, page, project, qr_url)
        return fig

Then export its function here and call it from the CLI and the Afdrukken page.
"""

from __future__ import annotations

from .data import check_layers, public_layers
from .index import IndexEntry, index_entries
from .layout import Page, PrintStyle, page_size_mm
from .map_sheet import DEFAULT_TITLE, check_print_args, print_project, render_map
from .matchlist import matchlist, store_matchlist
from .output import FORMATS, pdf_page_count, render_bytes
from .parts import ATTRIBUTION, PRIVACY_NOTE
from .route_card import route_card
from .symbols import SYMBOLS, Symbol
from .text import date_nl
from .worksheet import worksheet

__all__ = ["ATTRIBUTION", "DEFAULT_TITLE", "FORMATS", "PRIVACY_NOTE", "SYMBOLS", "IndexEntry",
           "Page", "PrintStyle", "Symbol", "check_layers", "check_print_args", "date_nl",
           "index_entries", "page_size_mm", "pdf_page_count", "print_project", "public_layers",
           "render_bytes", "render_map", "route_card", "worksheet"]
__all__ += ["matchlist", "store_matchlist"]
