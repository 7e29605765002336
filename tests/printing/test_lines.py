"""Text drawn in one go (issue #18 item 12): the index, the numbers on the map and the buurt
names are a few :class:`TextLines` artists, written straight into the PDF, and still read
the same as matplotlib's own text: searchable, same places, Turkish and Arabic names too."""

from __future__ import annotations

import io

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from pypdf import PdfReader

from assetmap import printing
from assetmap.printing import lines as lines_mod
from assetmap.printing.layout import Page
from assetmap.printing.lines import HaloLines, TextLines
from assetmap.printing.map_sheet import _map_pages
from assetmap.printing.parts import print_rc
from benchmarks.bench_printing import _layers
from benchmarks.common import grid_buurten

NAMES = ["Şükrü Ağaçlı", "Ayşe Yılmaz 🌱", "مريم الحسن", "AVAWAY Toekomst"]


@pytest.fixture(scope="module")
def bench():
    b = grid_buurten(6)
    layers = _layers(b)
    t = layers["talents"]
    t.loc[t.index[:4], "name"] = NAMES
    return layers, b


def test_index_pages_are_a_few_text_objects(bench):
    """The old index was two Text objects per five places (~200 for 500 places)."""
    layers, b = bench
    with matplotlib.rc_context(print_rc()):
        figs = _map_pages(layers, b, page=Page.create("A3", "landscape"), buurt=None,
                          title="T", subtitle=None, qr_url=None, audience="public",
                          tiles=False, streets=None, project="p", when=None)
    assert len(figs) == 3

    def artists(fig, cls):  # every artist of ``cls`` once; texts only when not empty
        return [a for a in fig.findobj(cls) if not isinstance(a, Text) or a.get_text()]

    for fig in figs[1:]:
        assert len(artists(fig, Text)) < 25  # header, footer, one heading per layer
        assert 1 <= len(artists(fig, TextLines)) <= 10  # one per run of entries
    entries = sum(len(t.lines) for fig in figs[1:] for t in artists(fig, TextLines))
    assert entries == 500
    # the map page: all numbers in one artist, the buurt names in a few
    numbers = [t for t in artists(figs[0], TextLines) if not isinstance(t, HaloLines)]
    assert len(numbers) == 1 and sorted(map(int, numbers[0].texts())) == list(range(1, 501))
    assert 1 <= len([t for t in artists(figs[0], HaloLines)]) <= 3


def test_pdf_text_is_searchable_in_every_script(bench, tmp_path):
    layers, b = bench
    out = printing.render_map(layers, b, tmp_path / "k.pdf", paper="A3",
                              orientation="landscape")
    pages = [p.extract_text() for p in PdfReader(out).pages]
    index = " ".join(" ".join(p.split()) for p in pages[1:])
    assert "Şükrü Ağaçlı — Een plek waar buren" in index  # number, name, description
    assert "Ayşe Yılmaz — Een plek" in index and "🌱" not in index  # emoji left out
    assert "AVAWAY Toekomst" in index
    # the numbers on the map are text too, each once, as in the index
    words = pages[0].split()
    for n in (1, 17, 250, 500):
        assert str(n) in words
        assert f"{n} " in index
    # the Arabic name is drawn (by matplotlib's own shaping), not dropped
    assert b"/Type0" in out.read_bytes() or b"/CIDFontType2" in out.read_bytes()


def _positions(pdf: bytes) -> list[tuple[str, float, float]]:
    """Per line (baseline): its text without spaces, where it starts and ends (pt)."""
    runs: dict[float, list[tuple[float, str]]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.setdefault(round(cm[5] + tm[5], 1), []).append((cm[4] + tm[4], text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return [("".join(t for _, t in sorted(r)).replace(" ", ""), min(r)[0], y)
            for y, r in sorted(runs.items())]


def _one_pdf(monkeypatch=None) -> bytes:
    fig = Figure(figsize=(4, 3))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 75)
    lines = [(70 - 6 * k, [(20, str(n), True, "right"), (22, s, False, "left")])
             for k, (n, s) in enumerate([(7, "AVAWAY Toekomst fi"), (128, "Şükrü Ağaçlı"),
                                         (3, "Wijkpark De Zoom — Park met vijver"),
                                         (44, "Tè Yo, “quotes” & (brackets) \\ done")])]
    t = TextLines(lines, size_pt=8)
    t.set_transform(ax.transData)
    ax.add_artist(t)
    buf = io.BytesIO()
    with matplotlib.rc_context(print_rc()):
        fig.savefig(buf, format="pdf")
    return buf.getvalue()


def test_fast_pdf_text_sits_where_matplotlib_puts_it(monkeypatch):
    """The PDF written directly and matplotlib's own ``draw_text`` give the same text at
    the same places (kerning, right alignment, escaping of ``( ) \\``)."""
    calls = []
    real = lines_mod._draw_pdf
    monkeypatch.setattr(lines_mod, "_draw_pdf", lambda *a: calls.append(1) or real(*a))
    fast = _positions(_one_pdf())
    assert calls  # the text went the fast way
    monkeypatch.setattr(lines_mod, "_pdf_ready", lambda renderer: False)
    slow = _positions(_one_pdf())
    assert [w for w, _, _ in fast] == [w for w, _, _ in slow]
    for (w, x1, y1), (_, x2, y2) in zip(fast, slow, strict=True):
        assert x1 == pytest.approx(x2, abs=0.15) and y1 == pytest.approx(y2, abs=0.15), w


def test_png_preview_draws_the_same_lines(tmp_path):
    """Any other renderer (the page's preview) draws every line with ``draw_text``."""
    fig = Figure(figsize=(2, 1), dpi=70)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    t = TextLines([(0.5, [(0.1, "Şükrü Ağaçlı", False, "left")])], size_pt=9)
    t.set_transform(ax.transAxes)
    ax.add_artist(t)
    from PIL import Image

    fig.savefig(tmp_path / "p.png")
    import numpy as np

    with Image.open(tmp_path / "p.png") as im:
        assert (np.asarray(im.convert("L")) < 128).sum() > 50


def test_embedded_fonts_have_no_layout_tables(tmp_path):
    """Font subsets without GSUB/GPOS/kern (no PDF viewer reads them; subsetting them was
    most of the font time), and the text still extracts."""
    from fontTools.ttLib import TTFont

    out = tmp_path / "k.pdf"
    printing.render_map({}, grid_buurten(2), out, title="Şükrü")
    reader = PdfReader(out)
    assert "Şükrü" in reader.pages[0].extract_text()
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    files = [d["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"]
             for d in fonts if "/DescendantFonts" in d]
    assert files
    for ff in files:
        tables = set(TTFont(io.BytesIO(ff.get_object().get_data())).keys())
        assert "glyf" in tables and not tables & {"GSUB", "GPOS", "GDEF", "kern"}
