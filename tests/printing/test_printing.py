"""Printed maps: exact page sizes, searchable text, privacy, the index, PNG resolution."""

from __future__ import annotations

import io
import sys

import geopandas as gpd
import pytest
from PIL import Image
from pypdf import PdfReader
from shapely.geometry import LineString

from assetmap import printing, schema
from assetmap.errors import AssetMapError, NotFoundError, ValidationError
from benchmarks.common import grid_buurten, random_points
from tests.printing.conftest import PRIVATE_NAME, PUBLIC_TALENT, SECRET_CONTACT

SIZES_PT = {("A4", "portrait"): (595.28, 841.89), ("A4", "landscape"): (841.89, 595.28),
            ("A3", "portrait"): (841.89, 1190.55), ("A3", "landscape"): (1190.55, 841.89)}


def _text(pdf) -> str:
    reader = PdfReader(pdf)
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.mark.parametrize(("paper", "orientation"), list(SIZES_PT))
def test_pdf_page_size_and_text(printable, tmp_path, paper, orientation):
    out = printing.print_project(printable, tmp_path / "kaart.pdf", paper=paper,
                                 orientation=orientation, title="Samen sterk in Testdam",
                                 qr_url="https://example.org/kaart")
    reader = PdfReader(out)
    w, h = SIZES_PT[(paper, orientation)]
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(w, abs=0.5)
        assert float(box.height) == pytest.approx(h, abs=0.5)
    text = _text(out)
    assert "Samen sterk in Testdam" in text
    for layer in schema.ASSET_LAYERS:  # legend labels
        assert schema.LAYERS[layer].label_nl in text
    assert "Buurtgrens en buurtnaam" in text
    for name in ("Buurthuis De Kom", "Bibliotheek Noord", "Schaakclub Zuid", "Bakkerij Brood",
                 PUBLIC_TALENT):
        assert name in text
    assert "Noord" in text and "Zuid" in text  # buurt names
    assert "CBS / Kadaster" in text and "OpenStreetMap contributors" in text
    assert "project" in text
    assert "Nog niet goedgekeurd" not in text  # pending entries are not printed


def test_privacy_no_contact_no_private_talent(printable, tmp_path):
    for paper, orientation in (("A4", "portrait"), ("A3", "landscape")):
        out = printing.print_project(printable, tmp_path / f"{paper}.pdf", paper=paper,
                                     orientation=orientation)
        text = _text(out)
        raw = out.read_bytes()
        assert PRIVATE_NAME not in text and b"Xylofoon" not in raw
        assert SECRET_CONTACT not in text and b"geheim-0612345678" not in raw
        assert "club@example.org" not in text and "bakker@example.org" not in text
        assert "Anna" not in text


def test_facilitator_print_still_has_no_contact(printable, tmp_path):
    out = printing.print_project(printable, tmp_path / "f.pdf", audience="facilitator")
    text = _text(out)
    assert PRIVATE_NAME in text and "Nog niet goedgekeurd" in text
    assert SECRET_CONTACT not in text and "club@example.org" not in text


def test_talent_count_per_buurt(demo_path, tmp_path):
    from assetmap.store import open_store

    with open_store(demo_path) as store:
        out = printing.print_project(store, tmp_path / "demo.pdf", paper="A3",
                                     orientation="landscape")
    text = _text(out)
    assert "talenten: 9" in text  # Spoorkwartier: all 9 approved talents counted
    assert "talenten: minder dan 3" in text  # De Akkers: one talent, hidden
    assert "Aylin" not in text and "Turks en Nederlands" not in text  # not public


def test_png_is_300_dpi(printable, tmp_path):
    out = printing.print_project(printable, tmp_path / "kaart.png", paper="A4",
                                 orientation="portrait")
    with Image.open(out) as im:
        w, h = im.size
        assert abs(w - 210 / 25.4 * 300) <= 1 and abs(h - 297 / 25.4 * 300) <= 1
        dpi = im.info.get("dpi")
    assert dpi is not None and round(dpi[0]) == 300


def test_one_buurt_and_layers(printable, tmp_path):
    out = printing.print_project(printable, tmp_path / "noord.pdf", buurt="BU0001",
                                 layers=["meeting_places", "talents"])
    text = _text(out)
    assert "Buurthuis De Kom" in text and PUBLIC_TALENT in text
    assert "Schaakclub Zuid" not in text and "Bakkerij Brood" not in text
    assert "Verenigingen" not in text
    assert "Buurt Noord (BU0001)" in text


def test_bad_arguments(printable, tmp_path):
    with pytest.raises(NotFoundError, match="BU9999"):
        printing.print_project(printable, tmp_path / "x.pdf", buurt="BU9999")
    with pytest.raises(ValidationError, match="pdf"):
        printing.print_project(printable, tmp_path / "x.jpg")
    with pytest.raises(ValidationError, match="A4 of A3"):
        printing.print_project(printable, tmp_path / "x.pdf", paper="Letter")
    with pytest.raises(ValidationError, match="laag"):
        printing.print_project(printable, tmp_path / "x.pdf", layers=["kroegen"])
    assert not list(tmp_path.glob("x.*"))


def test_long_index_continues_on_page_two(tmp_path):
    buurten = grid_buurten(4)
    pts = random_points(160, tuple(buurten.total_bounds), seed=5)
    layers = {}
    for k, layer in enumerate(schema.ASSET_LAYERS):
        chunk = pts[k * 40:(k + 1) * 40]
        g = gpd.GeoDataFrame({"name": [f"Plek {layer[:4]} {i}" for i in range(40)],
                              "status": "approved", "visibility": "public",
                              "wants_to_share": True, "buurt_code": None},
                             geometry=chunk, crs=4326)
        layers[layer] = g
    streets = gpd.GeoDataFrame(geometry=[LineString([(5.0, 52.0), (5.04, 52.024)])], crs=4326)
    out = printing.render_map(layers, buurten, tmp_path / "lang.pdf", paper="A4",
                              orientation="landscape", streets=streets)
    reader = PdfReader(out)
    assert len(reader.pages) >= 2
    text = _text(out)
    for layer in schema.ASSET_LAYERS:
        for i in range(40):
            assert f"Plek {layer[:4]} {i} " in text + " " or f"Plek {layer[:4]} {i}" in text
    assert "volgende bladzijde" in text
    # PNG: the second page next to the first
    printing.render_map(layers, buurten, tmp_path / "lang.png", paper="A4",
                        orientation="landscape", dpi=40)
    assert (tmp_path / "lang-2.png").exists()


def test_to_bytes_and_no_places(project):
    pdf = printing.render_bytes(printing.print_project, project, fmt="pdf")
    assert pdf.startswith(b"%PDF") and printing.pdf_page_count(pdf) == 1
    assert "Geen plekken om te tonen" in _text(io.BytesIO(pdf))
    png = printing.render_bytes(printing.print_project, project, fmt="png", dpi=30)
    assert png.startswith(b"\x89PNG")


def test_tiles_need_contextily(printable, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "contextily", None)  # as if not installed
    with pytest.raises(AssetMapError, match="contextily") as e:
        printing.print_project(printable, tmp_path / "t.pdf", tiles=True)
    assert "druk af zonder tegels" in e.value.text("nl")
    assert "print without tiles" in e.value.text("en")


def test_symbols_differ_in_colour_shape_and_pattern():
    syms = printing.SYMBOLS
    assert set(syms) == set(schema.POINT_LAYERS)  # the four asset layers and the wishes
    n = len(schema.POINT_LAYERS)
    assert len({s.color for s in syms.values()}) == n
    assert len({s.marker for s in syms.values()}) == n
    assert len({(s.hatch, s.face == "#ffffff") for s in syms.values()}) == n
    from assetmap.style import STYLES

    for layer, s in syms.items():
        assert s.color == STYLES[layer].color


def test_index_numbers_follow_layer_order_then_name(printable):
    from assetmap.crs import RD_NEW

    layers, _ = printing.public_layers(
        {layer: printable.read(layer, status="approved") for layer in schema.ASSET_LAYERS},
        audience="public")
    entries = printing.index_entries(layers, RD_NEW)
    assert [e.number for e in entries] == list(range(1, len(entries) + 1))
    assert [(e.layer, e.name) for e in entries] == [
        ("meeting_places", "Bibliotheek Noord"), ("meeting_places", "Buurthuis De Kom"),
        ("talents", PUBLIC_TALENT), ("associations", "Schaakclub Zuid"),
        ("entrepreneurs", "Bakkerij Brood")]
    lines = {e.name: e.line for e in entries}
    assert lines["Buurthuis De Kom"] == "Koffie op dinsdag"
    assert lines["Bibliotheek Noord"] == "Bibliotheek"  # no description: its kind
    assert lines[PUBLIC_TALENT] == "Fietsen repareren"
    assert lines["Bakkerij Brood"] == "Brood voor feesten"
