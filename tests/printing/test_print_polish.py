"""Afdrukken, the finishing touches: the preview's index, long titles, the QR address, emoji,
and an attribution that names the real sources."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

from assetmap import printing
from assetmap.errors import ValidationError
from assetmap.printing.layout import Page
from assetmap.printing.parts import attribution_for, check_qr_url, title_lines
from assetmap.printing.text import printable, text_width_mm
from assetmap.store import Actor, GpkgStore
from tests.conftest import two_buurten


def _rows_overlap(png: bytes, box: tuple[float, float, float, float]) -> int:
    """How many pixel rows inside ``box`` (fractions of the page) have ink touching ink of the
    row above with no blank row between two lines of the index: a crude measure of lines
    running into each other."""
    from PIL import Image

    im = Image.open(io.BytesIO(png)).convert("L")
    w, h = im.size
    a = np.asarray(im.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w),
                            int(box[3] * h)))) < 160
    inked = a.any(axis=1)
    # lines of text are separated by blank pixel rows; count the runs of ink
    runs = int(np.sum(inked[1:] & ~inked[:-1]))
    return runs


def test_preview_index_lines_do_not_run_into_each_other(demo_path):
    with GpkgStore(demo_path) as s:
        png = printing.render_bytes(printing.print_project, s, fmt="png", dpi=70,
                                    paper="A3", orientation="landscape")
    # the first index column: 24 meeting places, a heading and the talents' first lines
    runs = _rows_overlap(png, (0.61, 0.12, 0.79, 0.44))
    assert runs >= 24, f"only {runs} separate lines of text: index lines overlap"


def test_long_titles_wrap_instead_of_being_cut(tmp_path):
    page = Page.create("A4", "portrait")
    title = ("Wat heeft de buurt? Alle ontmoetingsplekken, talenten, verenigingen en "
             "ondernemers van Lindenhoven-Oost op één kaart")
    lines, size = title_lines(page, title)
    assert len(lines) == 2 and " ".join(lines) == title  # every word, on two lines
    room = page.w - 2 * page.style.margin
    assert all(text_width_mm(ln, size, bold=True) <= room for ln in lines)
    assert title_lines(page, "Wat heeft de buurt?") == (["Wat heeft de buurt?"],
                                                        page.style.title_pt)
    out = printing.render_map({}, two_buurten(), tmp_path / "t.pdf", title=title)
    text = PdfReader(out).pages[0].extract_text()
    assert "op één kaart" in text


@pytest.mark.parametrize("bad", ["geen adres", "ftp://buurt.nl/kaart", "javascript:alert(1)",
                                 "https://", "http://localhost met spatie", "https://buurt"])
def test_a_wrong_qr_address_is_refused(bad, tmp_path):
    with pytest.raises(ValidationError, match="geen webadres"):
        check_qr_url(bad)
    with pytest.raises(ValidationError, match="QR-code"):
        printing.render_map({}, two_buurten(), tmp_path / "q.pdf", qr_url=bad)
    assert not (tmp_path / "q.pdf").exists()


def test_good_qr_addresses_pass():
    assert check_qr_url("buurt.example.org/kaart") == "https://buurt.example.org/kaart"
    assert check_qr_url("http://192.168.1.20:8501/?avond=K7M2QX") == \
        "http://192.168.1.20:8501/?avond=K7M2QX"
    assert check_qr_url("  ") is None and check_qr_url(None) is None


def test_emoji_are_left_out_instead_of_printing_boxes(project, tmp_path):
    assert printable("Moestuin 🌱 De Zoom") == "Moestuin De Zoom"
    assert printable("👩🏽‍🍳 Koken") == "Koken"
    assert printable("Çay evi · مقهى") == "Çay evi · مقهى"  # Turkish and Arabic letters stay
    from shapely.geometry import Point

    project.add("meeting_places", {"name": "Moestuin 🌱 De Zoom", "kind": "park_plein",
                                   "geometry": Point(5.005, 52.005)},
                status="approved", actor=Actor.system())
    out = tmp_path / "e.pdf"
    printing.print_project(project, out)
    text = PdfReader(out).pages[0].extract_text()
    assert "Moestuin De Zoom" in text and "🌱" not in text


def test_the_demo_print_does_not_credit_cbs_and_osm(demo_path, tmp_path):
    with GpkgStore(demo_path) as s:
        out = printing.print_project(s, tmp_path / "demo.pdf")
        assert attribution_for(s.buurten()).startswith("Buurten, straten en plekken: verzonnen")
    text = PdfReader(out).pages[0].extract_text()
    assert "verzonnen voorbeeld" in text and "CBS" not in text
    assert attribution_for(two_buurten()) == printing.ATTRIBUTION  # a real project: CBS, OSM
