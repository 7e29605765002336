"""Many lines of text as one matplotlib artist (the index of a map sheet).

matplotlib measures, lays out and writes every ``Text`` glyph by glyph in Python; for the
~20,000 characters of an A3 index that was most of the print's time (issue #18, item 12).
:class:`TextLines` draws all lines of a column in one go:

- into a PDF (TrueType fonts, ``pdf.fonttype`` 42) it writes the text operators itself: the
  same glyphs, font subsets and ToUnicode map as matplotlib's own text (so the PDF stays
  searchable and can be read aloud), placed with the font's advances and kerning pairs,
  which are measured once per character (pair) and kept;
- into any other renderer (PNG, the page's preview) it calls the renderer's ``draw_text`` per
  line, without the measuring pass of a ``Text``.

A line that the fast PDF path cannot write (right-to-left or combining scripts, a character
the font lacks, a matplotlib without the internals it uses) goes through ``draw_text``:
matplotlib shapes it as usual.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from matplotlib.artist import Artist
from matplotlib.font_manager import FontProperties

Run = tuple[float, str, bool, str]
"""One piece of a line: ``(x, text, bold, ha)``; ``ha`` is ``left`` or ``right`` of ``x``."""

_REF = 1000.0  # size (px at 72 dpi) at which advances and kerning are measured, in 1/1000 em


def _prop(size_pt: float, bold: bool) -> FontProperties:
    return FontProperties(family="DejaVu Sans", size=size_pt,
                          weight="bold" if bold else "normal")


class _Metrics:
    """Advances and kerning pairs of one font file in 1/1000 em, measured on demand."""

    def __init__(self, fname: str, face_index: int) -> None:
        from matplotlib.ft2font import FT2Font

        try:
            self.font = FT2Font(fname, face_index=face_index)
        except TypeError:  # matplotlib before 3.10: one face per file
            self.font = FT2Font(fname)
        self.font.set_size(_REF, 72)
        self.adv: dict[str, float] = {}
        self.kern: dict[str, float] = {}
        self.glyph: dict[str, int] = {}

    def simple(self, ch: str) -> bool:
        """``ch`` is a left-to-right, non-combining character of this font."""
        g = self.glyph.get(ch)
        if g is None:
            cp = ord(ch)
            ok = (cp < 0x0590 or 0x1E00 <= cp < 0x2C00) and not unicodedata.combining(ch) \
                and unicodedata.category(ch) not in ("Mn", "Me", "Cf", "Cc")
            g = self.glyph[ch] = self.font.get_char_index(cp) if ok else 0
        return g != 0

    def advance(self, ch: str) -> float:
        a = self.adv.get(ch)
        if a is None:
            from .text import no_hinting

            glyph = self.font.load_glyph(self.glyph[ch], flags=no_hinting())
            a = self.adv[ch] = glyph.linearHoriAdvance / 65536
        return a

    def pair(self, pair: str) -> float:
        """The kerning between two characters (as matplotlib's shaper applies it)."""
        k = self.kern.get(pair)
        if k is None:
            k = 0.0
            layout = getattr(self.font, "_layout", None)
            if layout is not None:
                from .text import no_hinting

                items = list(layout(pair, no_hinting()))
                if len(items) == 2:
                    k = items[1].x - items[0].x - self.advance(pair[0])
                    k = 0.0 if abs(k) < 0.5 else k  # 26.6 rounding of the shaper
            self.kern[pair] = k
        return k

    def width(self, s: str) -> float:
        """Width of a simple line in 1/1000 em."""
        w = sum(self.advance(c) for c in s)
        return w + sum(self.pair(s[i:i + 2]) for i in range(len(s) - 1))


@lru_cache(maxsize=8)
def metrics(fname: str, face_index: int = 0) -> _Metrics:
    """The (kept) measurements of a font file."""
    return _Metrics(fname, face_index)


@lru_cache(maxsize=2)
def _font_file(bold: bool) -> tuple[str, int]:
    from matplotlib import font_manager

    path = font_manager.findfont(_prop(10, bold))
    return str(path), 0


def line_simple(s: str, bold: bool = False) -> bool:
    """``s`` can be placed with :class:`_Metrics` (left to right, one glyph per character)."""
    m = metrics(*_font_file(bold))
    return all(m.simple(c) for c in s)


def pen_x_pt(s: str, size_pt: float, bold: bool = False) -> list[float] | None:
    """Where each character of ``s`` starts (points from the start of the line, with the
    font's kerning), or ``None`` for a line these measurements cannot place."""
    if not line_simple(s, bold):
        return None
    m = metrics(*_font_file(bold))
    xs, x = [0.0], 0.0
    for i in range(1, len(s)):
        x += m.advance(s[i - 1]) + m.pair(s[i - 1:i + 1])
        xs.append(x * size_pt / _REF)
    return xs


@lru_cache(maxsize=4096)
def _ink(s: str, bold: bool) -> tuple[float, float, float, float]:
    from matplotlib.textpath import TextPath

    v = TextPath((0, 0), s, prop=_prop(100.0, bold)).vertices
    if len(v) == 0:
        return (0.0, 0.0, 0.0, 0.0)
    (x0, y0), (x1, y1) = v.min(axis=0), v.max(axis=0)
    return (x0 / 100, y0 / 100, x1 / 100, y1 / 100)


def ink_box_mm(s: str, size_pt: float, bold: bool = False) -> tuple[float, float, float, float]:
    """The box of the glyph outlines of one line (control points, mm), from the start of its
    baseline: ``(x0, y0, x1, y1)``; a number's box is made of its digits' boxes (kept)."""
    from .layout import PT_PER_MM

    k = size_pt / PT_PER_MM
    pen = pen_x_pt(s, 1.0, bold) if len(s) > 1 else None
    if pen is None:
        x0, y0, x1, y1 = _ink(s, bold)
        return (x0 * k, y0 * k, x1 * k, y1 * k)
    boxes = [_ink(c, bold) for c in s]
    return (min(b[0] + p for b, p in zip(boxes, pen, strict=True)) * k,
            min(b[1] for b in boxes) * k,
            max(b[2] + p for b, p in zip(boxes, pen, strict=True)) * k,
            max(b[3] for b in boxes) * k)


def width_pt(s: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line in points (kept measurements; matplotlib's own for other scripts)."""
    if not s:
        return 0.0
    if line_simple(s, bold):
        return metrics(*_font_file(bold)).width(s) * size_pt / _REF
    from .layout import PT_PER_MM
    from .text import text_width_mm

    return text_width_mm(s, size_pt, bold=bold) * PT_PER_MM


@lru_cache(maxsize=8192)
def _box_pt(s: str, size_pt: float, bold: bool) -> tuple[float, float, float]:
    """Width, height and descent of one line as matplotlib's text layout measures it
    (points; the same FreeType calls as its PDF and Agg renderers), kept."""
    from .text import _font, no_hinting

    font = _font(bold)
    font.set_size(size_pt, 72)
    font.set_text(s, 0.0, flags=no_hinting())
    w, h = font.get_width_height()
    return w / 64, h / 64, font.get_descent() / 64


def pen_mm(s: str, size_pt: float, bold: bool, x: float, y: float, *, ha: str = "left",
           va: str = "baseline") -> tuple[float, float]:
    """Where a one-line text aligned like ``Axes.text(x, y, s, ha=ha, va=va)`` starts its
    baseline (mm, as matplotlib's layout puts it: the line is at least as high as "lp")."""
    from .layout import PT_PER_MM

    w, h, d = _box_pt(s, size_pt, bold)
    _, lp_h, lp_d = _box_pt("lp", size_pt, bold)
    h, d = max(h, lp_h) / PT_PER_MM, max(d, lp_d) / PT_PER_MM
    w /= PT_PER_MM
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
    y0 = {"top": y - (h - d), "center": y - h / 2 + d, "bottom": y + d, "baseline": y}[va]
    return x0, y0


@lru_cache(maxsize=4096)
def outline(s: str, size_pt: float, bold: bool = False) -> Any:
    """The glyph outlines of one line from the start of its baseline (points), kept."""
    from matplotlib.textpath import TextPath

    return TextPath((0, 0), s, prop=_prop(size_pt, bold))


# per PDF file and font file: the characters registered with its font tracker (True: written
# as their UTF-16BE code)
_CODES: weakref.WeakKeyDictionary[Any, dict[str, dict[str, bool]]] = weakref.WeakKeyDictionary()


class TextLines(Artist):
    """Lines of text at given baselines, drawn as one artist.

    Parameters
    ----------
    lines : sequence of (y, runs)
        A baseline ``y`` and the :data:`Run` pieces of that line, in data coordinates of the
        axes the artist is added to.
    size_pt : float
        Type size (DejaVu Sans).
    color : str
        Text colour.
    """

    def __init__(self, lines: Sequence[tuple[float, Sequence[Run]]], *, size_pt: float,
                 color: str = "#1b1b1b") -> None:
        super().__init__()
        self.set_zorder(3)  # as a Text: drawn in the order added among the texts
        self.lines = [(y, list(runs)) for y, runs in lines]
        self.size_pt = size_pt
        self.color = color

    def texts(self) -> list[str]:
        """Every run's text, in drawing order (for tests and the preview)."""
        return [r[1] for _, runs in self.lines for r in runs if r[1]]

    def draw(self, renderer: Any) -> None:
        if not self.get_visible() or not self.lines:
            return
        import matplotlib as mpl
        import numpy as np
        from matplotlib.colors import to_rgba

        trans = self.get_transform()
        runs = [(y, r) for y, rs in self.lines for r in rs if r[1]]
        xy = trans.transform(np.array([(r[0], y) for y, r in runs], dtype=float))
        gc = renderer.new_gc()
        gc.set_foreground(to_rgba(self.color), isRGBA=True)
        gc.set_antialiased(mpl.rcParams["text.antialiased"])
        renderer.open_group("textlines", self.get_gid())
        rest = list(zip(xy, (r for _, r in runs), strict=True))
        pdf = getattr(renderer, "_renderer", renderer)  # inside matplotlib's MixedModeRenderer
        if _pdf_ready(pdf):
            rest = _draw_pdf(pdf, gc, rest, self.size_pt)
        for (x, y), (_, s, bold, ha) in rest:
            prop = _prop(self.size_pt, bold)
            if ha == "right":
                x -= renderer.points_to_pixels(width_pt(s, self.size_pt, bold))
            if renderer.flipy():
                y = renderer.get_canvas_width_height()[1] - y
            renderer.draw_text(gc, x, y, s, prop, 0.0, ismath=False)
        renderer.close_group("textlines")
        gc.restore()
        self.stale = False


class HaloLines(TextLines):
    """:class:`TextLines` (left-aligned runs) with a white outline around every run: the
    glyph outlines of all runs stroked in white underneath, in one path (the text itself
    stays text)."""

    def __init__(self, lines: Sequence[tuple[float, Sequence[Run]]], *, size_pt: float,
                 color: str = "#1b1b1b", halo: float = 2.2) -> None:
        super().__init__(lines, size_pt=size_pt, color=color)
        self.halo = halo

    def draw(self, renderer: Any) -> None:
        if not self.get_visible() or not self.lines:
            return
        import numpy as np
        from matplotlib.path import Path
        from matplotlib.transforms import IdentityTransform

        runs = [(y, r) for y, rs in self.lines for r in rs if r[1]]
        xy = self.get_transform().transform(np.array([(r[0], y) for y, r in runs], dtype=float))
        k = renderer.points_to_pixels(1.0)
        verts, codes = [], []
        for (x, y), (_, s, bold, _ha) in zip(xy, (r for _, r in runs), strict=True):
            p = outline(s, self.size_pt, bold)
            if len(p.vertices):
                verts.append(np.asarray(p.vertices) * k + (x, y))
                codes.append(np.asarray(p.codes))
        if verts:
            gc = renderer.new_gc()
            gc.set_foreground("white")
            gc.set_linewidth(self.halo)
            gc.set_joinstyle("round")
            renderer.draw_path(gc, Path(np.concatenate(verts), np.concatenate(codes)),
                               IdentityTransform())
            gc.restore()
        super().draw(renderer)


def _pdf_ready(renderer: Any) -> bool:
    """``renderer`` is matplotlib's PDF renderer with TrueType text and the font tracker
    this module writes into (matplotlib >= 3.11)."""
    import matplotlib as mpl

    try:
        from matplotlib.backends.backend_pdf import RendererPdf
        from matplotlib.font_manager import FontPath  # noqa: F401  (matplotlib >= 3.11)
    except ImportError:
        return False
    if not isinstance(renderer, RendererPdf) or mpl.rcParams["pdf.fonttype"] != 42 \
            or mpl.rcParams["pdf.use14corefonts"]:
        return False
    f = getattr(renderer, "file", None)
    tracker = getattr(f, "_character_tracker", None)
    return all(hasattr(o, a) for o, a in ((tracker, "track_glyph"), (f, "fontName"),
                                         (f, "output"), (renderer, "_encode_glyphs"),
                                         (renderer, "check_gc"), (renderer, "_get_font_ttf")))


def _pdf_string(b: bytes) -> bytes:
    """A PDF literal string of ``b`` (as matplotlib escapes it: ``\\ ( ) \\n \\r``)."""
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") \
        .replace(b"\n", b"\\n").replace(b"\r", b"\\r") + b")"


def _draw_pdf(renderer: Any, gc: Any, items: list[tuple[Any, Run]],
              size_pt: float) -> list[tuple[Any, Run]]:
    """Write the simple lines as PDF text operators; return the others.

    A character is registered once per PDF with matplotlib's font tracker (so the font
    subset and the ToUnicode map hold it); with TrueType (type 42) text a glyph is written
    as its character code in UTF-16BE, which is what matplotlib writes for it too.
    """
    from matplotlib.backends.backend_pdf import pdfRepr
    from matplotlib.font_manager import FontPath

    f = renderer.file
    tracker = f._character_tracker
    done = _CODES.setdefault(f, {})
    fonts: dict[bool, tuple[Any, bytes, _Metrics, dict[str, bool]]] = {}
    out: list[tuple[bytes, bytes]] = []  # (font name, one line of operators)
    rest = []
    for (x, y), run in items:
        _, s, bold, ha = run
        if bold not in fonts:
            font = renderer._get_font_ttf(_prop(size_pt, bold))
            m = metrics(font.fname, font.face_index)
            name = f.fontName(FontPath(font.fname, font.face_index), 0)
            fonts[bold] = (font, b"%s %s Tf" % (pdfRepr(name), _num(size_pt)), m,
                           done.setdefault(font.fname, {}))
        font, select, m, ok = fonts[bold]
        for c in set(s).difference(ok):
            if m.simple(c):
                subset, code = tracker.track_glyph(font, c, m.glyph[c])
                ok[c] = subset == 0 and code == ord(c) and ord(c) < 0x10000
            else:
                ok[c] = False
        if not all(ok[c] for c in set(s)):
            rest.append(((x, y), run))
            continue
        enc = s.encode("utf-16-be")
        kd, pieces, start = m.kern, [], 0
        for i, pair in enumerate(map(str.__add__, s, s[1:]), start=1):
            k = kd.get(pair)
            if k is None:
                k = m.pair(pair)
            if k:
                pieces += [_pdf_string(enc[2 * start:2 * i]), _num(-k)]
                start = i
        pieces.append(_pdf_string(enc[2 * start:]))
        if ha == "right":
            x -= m.width(s) * size_pt / _REF
        out.append((select, b"1 0 0 1 %s %s Tm [%s] TJ" % (_num(x), _num(y),
                                                           b" ".join(pieces))))
    if out:
        renderer.check_gc(gc, gc.get_rgb())
        ops, current = [b"BT"], None
        for select, line in out:
            if select != current:
                ops.append(select)
                current = select
            ops.append(line)
        ops.append(b"ET")
        f.write(b"\n".join(ops) + b"\n")
    return rest


def _num(v: float) -> bytes:
    """A number as PDF writes it (at most 3 decimals, no exponent)."""
    return (b"%.3f" % v).rstrip(b"0").rstrip(b".") or b"0"
