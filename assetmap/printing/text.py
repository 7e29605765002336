"""Text on paper: measuring it in millimetres, cutting it to fit, Dutch dates, clean values.

Widths come from the font file itself (DejaVu Sans, as matplotlib draws it), so a layout can
be computed before anything is drawn.
"""

from __future__ import annotations

from datetime import date as _date
from datetime import datetime
from functools import lru_cache
from typing import Any

import pandas as pd

from .layout import PT_PER_MM

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")


@lru_cache(maxsize=4)
def _font(bold: bool) -> Any:
    """The FreeType face of DejaVu Sans (bold or regular) that matplotlib uses."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    prop = font_manager.FontProperties(family="DejaVu Sans",
                                       weight="bold" if bold else "normal")
    return FT2Font(font_manager.findfont(prop))


@lru_cache(maxsize=1)
def no_hinting() -> Any:
    """FreeType's "no hinting" load flag (``LoadFlags`` since matplotlib 3.10)."""
    from matplotlib import ft2font

    flags = getattr(ft2font, "LoadFlags", None)
    return flags.NO_HINTING if flags is not None else ft2font.LOAD_NO_HINTING


@lru_cache(maxsize=20_000)
def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of one line of text.

    Parameters
    ----------
    text : str
        One line.
    size_pt : float
        Type size in points (DejaVu Sans).
    bold : bool
        Bold or regular.

    Returns
    -------
    float
        The width in millimetres.
    """
    if not text:
        return 0.0
    font = _font(bold)
    font.set_size(size_pt, 72)  # at 72 dpi one pixel is one point
    font.set_text(text, 0.0, flags=no_hinting())  # as the print renderers place it
    w, _ = font.get_width_height()
    return w / 64 / PT_PER_MM


@lru_cache(maxsize=2)
def _line_em(bold: bool = False) -> float:
    """The font's line height (ascender + descender + gap) in ems."""
    font = _font(bold)
    t = font.get_sfnt_table("OS/2")
    upem = font.get_sfnt_table("head")["unitsPerEm"]
    return (t["sTypoAscender"] - t["sTypoDescender"] + t["sTypoLineGap"]) / upem


def line_step_pt(size_pt: float) -> float:
    """Baseline-to-baseline distance of matplotlib's multi-line text with
    ``linespacing="normal"`` (the font's own line height), in points."""
    return _line_em() * size_pt


# characters that only shape their neighbours (emoji joiners, variation selectors, skin tones)
_SHAPERS = {0x200D, 0xFE0E, 0xFE0F, *range(0x1F3FB, 0x1F400)}


@lru_cache(maxsize=4096)
def _has_glyph(ch: str) -> bool:
    return _font(False).get_char_index(ord(ch)) != 0


def printable(text: str) -> str:
    """``text`` without the characters the print font cannot draw (emoji, most symbols), which
    would print as empty boxes: "Moestuin 🌱 De Zoom" -> "Moestuin De Zoom". Letters of every
    script DejaVu Sans has (Latin, Turkish, Arabic, Greek, Cyrillic) stay."""
    s = str(text)
    if s.isascii():
        return s
    kept = [c for c in s if c.isspace() or (ord(c) not in _SHAPERS and _has_glyph(c))]
    return " ".join("".join(kept).split()) if len(kept) != len(s) else s


def wrap_lines(text: str, width_mm: float, size_pt: float, *, bold: bool = False,
               max_lines: int = 2) -> list[str]:
    """``text`` broken at spaces into at most ``max_lines`` lines that fit ``width_mm``; the
    last line is shortened (with "…") only when the words do not fit otherwise."""
    words = " ".join(printable(text).split()).split(" ")
    lines: list[str] = []
    cur = ""
    for k, word in enumerate(words):
        cand = f"{cur} {word}".strip()
        if not cur or text_width_mm(cand, size_pt, bold=bold) <= width_mm:
            cur = cand
            continue
        lines.append(cur)
        if len(lines) == max_lines - 1:
            cur = " ".join(words[k:])
            break
        cur = word
    lines.append(cur)
    lines[-1] = shorten(lines[-1], width_mm, size_pt, bold=bold)
    return [ln for ln in lines if ln]


def shorten(text: str, width_mm: float, size_pt: float, *, bold: bool = False) -> str:
    """``text`` on one line, cut at a word (with "…") so that it fits.

    Parameters
    ----------
    text : str
        Any text; runs of white space become one space.
    width_mm : float
        The room available.
    size_pt : float
        Type size in points.
    bold : bool
        Bold or regular.

    Returns
    -------
    str
        ``text`` itself when it fits; else its first words and " …" (a single long word is
        cut between characters), or ``""`` when not even "…" fits.
    """
    text = " ".join(printable(text).split())
    if text_width_mm(text, size_pt, bold=bold) <= width_mm:
        return text
    words = text.split(" ")
    out = ""
    for word in words:
        cand = f"{out} {word}".strip()
        if text_width_mm(cand + " …", size_pt, bold=bold) > width_mm:
            break
        out = cand
    if not out:  # one long word: cut characters
        lo = text
        while lo and text_width_mm(lo + "…", size_pt, bold=bold) > width_mm:
            lo = lo[:-1]
        return (lo + "…") if lo else ""
    return out.rstrip(",;:-–—") + " …"




def date_nl(d: _date | datetime | None = None) -> str:
    """A date as Dutch readers write it: ``21 november 2026`` (default today)."""
    d = d or _date.today()
    return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


def text_or_none(v: Any) -> str | None:
    """A value as one line of text (runs of white space become one space), ``None`` if empty."""
    if v is None:
        return None
    if not isinstance(v, str) and pd.isna(v):
        return None
    s = " ".join(printable(str(v)).split())
    return s or None
