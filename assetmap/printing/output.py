"""Writing sheets: PDF (every page) or PNG (one file per page), to a path or a file object.

A path is written through a temporary file next to it and renamed at the end, so a failed
print never leaves half a file behind.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ValidationError
from ..gcpause import gc_paused
from .parts import print_rc

FORMATS = ("pdf", "png")
_PNG = {"compress_level": 1}
"""PNG pages compress fast: a mostly white A3 page at 300 dpi is hardly bigger than at the
default level 6 (an index page even smaller) and is written in ~2/3 of the time."""

Out = str | os.PathLike[str] | BinaryIO
"""Where a sheet goes: a path (``.pdf``/``.png``) or a binary file object (give ``fmt``)."""


def check_out(out: Out, fmt: str | None) -> str:
    """The format to write: ``fmt``, else the path's extension, else ``pdf``.

    Raises
    ------
    ValidationError
        Neither ``pdf`` nor ``png``.
    """
    if fmt is None:
        if isinstance(out, (str, os.PathLike)):
            fmt = Path(out).suffix.lower().lstrip(".")
        else:
            fmt = "pdf"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        name = Path(out).name if isinstance(out, (str, os.PathLike)) else fmt
        raise ValidationError(key="pr_format", params={"name": name}, field="out")
    return fmt


def write_pages(draw: Callable[[], list[Any]], out: Out, *, fmt: str, dpi: int,
                title: str) -> Path | None:
    """Draw a sheet's pages with the print settings (:func:`~.parts.print_rc`) and save them.

    Parameters
    ----------
    draw : callable
        Returns the pages (matplotlib Figures); called inside the print settings.
    out : path or binary file
        Where to write.
    fmt : str
        ``pdf`` or ``png`` (from :func:`check_out`).
    dpi : int
        Resolution of a PNG.
    title : str
        The PDF's title (metadata).

    Returns
    -------
    Path or None
        The path written (the first page for PNG); ``None`` for a file object.
    """
    import matplotlib

    # one print at a time: matplotlib's settings are global, and a print in another thread
    # (two people pressing Afdrukken, or a click during a print) that ends restores them
    # under this one (the PDF fonts then change type halfway through a page)
    with _PRINTING, gc_paused(), matplotlib.rc_context(print_rc()):  # type: ignore[arg-type]
        return save(draw(), out, fmt=fmt, dpi=dpi, title=title)


_PRINTING = threading.Lock()


def save(figs: list[Any], out: Out, *, fmt: str, dpi: int, title: str) -> Path | None:
    """Save pages: a PDF gets all of them; a PNG gets page 1 in ``out`` and any further page
    next to it as ``<name>-2.png`` (a file object gets page 1 only)."""
    if not isinstance(out, (str, os.PathLike)):
        if fmt == "pdf":
            _write_pdf(figs, out, title=title)
        else:
            figs[0].savefig(out, format="png", dpi=dpi, pil_kwargs=_PNG)
        return None
    target = Path(out)
    if fmt == "pdf":
        _replace_atomically(target, lambda tmp: _write_pdf(figs, tmp, title=title))
        return target
    for k, f in enumerate(figs, start=1):
        p = target if k == 1 else target.with_name(f"{target.stem}-{k}{target.suffix}")
        tmp = p.with_name(f".{p.name}.tmp")
        f.savefig(tmp, format="png", dpi=dpi, pil_kwargs=_PNG)
        os.replace(tmp, p)
    return target


def _write_pdf(figs: list[Any], out: Path | BinaryIO, *, title: str) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    lean_font_subsets()
    with PdfPages(out, metadata={"Creator": "assetmap", "Title": title}) as pdf:
        for f in figs:
            pdf.savefig(f)


_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "kern", "morx", "kerx", "JSTF", "BASE")


def lean_font_subsets() -> None:
    """Embed fonts in a PDF without their OpenType layout tables (GSUB, GPOS, kern, ...).

    A PDF places every glyph itself; no viewer reads these tables, and subsetting them was
    most of the time spent on the fonts of a print (~0.15 s per font, per PDF). matplotlib
    subsets the fonts it embeds with ``fontTools.subset``; its PDF/PS helper gets options that
    also drop these tables. Only that helper is changed (not fontTools for others); once set,
    it stays (safe with prints in several threads).
    """
    try:
        from matplotlib.backends import _backend_pdf_ps as helper
    except ImportError:  # pragma: no cover - a matplotlib without the helper
        return
    sub = getattr(helper, "subset", None)
    if sub is None or getattr(sub, "_assetmap_lean", False) or not hasattr(sub, "Options"):
        return
    import types

    base = sub.Options

    class LeanOptions(base):  # type: ignore[misc, valid-type]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.drop_tables = [*self.drop_tables,
                                *(t for t in _LAYOUT_TABLES if t not in self.drop_tables)]

    lean = types.ModuleType(sub.__name__)
    lean.__dict__.update(sub.__dict__)
    lean.Options = LeanOptions  # type: ignore[attr-defined]
    lean._assetmap_lean = True  # type: ignore[attr-defined]
    helper.subset = lean  # type: ignore[attr-defined]


def _replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """``write`` a temporary file next to ``target``, then rename it; no rest on failure."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def pdf_page_count(pdf: bytes) -> int:
    """Number of pages in a PDF written by matplotlib (no PDF library needed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def render_bytes(fn: Callable[..., Any], *args: Any, fmt: str = "pdf", **kwargs: Any) -> bytes:
    """Run a printing function (:func:`~.map_sheet.print_project`,
    :func:`~.route_card.route_card`) into bytes.

    Parameters
    ----------
    fn : callable
        Called as ``fn(*args, buffer, fmt=fmt, **kwargs)``.
    fmt : str
        ``pdf`` or ``png`` (the first page).
    """
    buf = io.BytesIO()
    fn(*args, buf, fmt=fmt, **kwargs)
    return buf.getvalue()
