"""Errors of printing in the user's language (issue #18 item 1): every raise in
assetmap/printing has a catalogue key, so English mode shows English."""

from __future__ import annotations

import geopandas as gpd
import pytest

from assetmap import printing
from assetmap.errors import AssetMapError, NotFoundError, ValidationError
from assetmap.printing.data import public_layers
from assetmap.printing.output import check_out
from assetmap.printing.parts import check_qr_url
from benchmarks.common import grid_buurten


def _raised(fn, *args, **kwargs) -> AssetMapError:
    with pytest.raises(AssetMapError) as e:
        fn(*args, **kwargs)
    return e.value


def test_print_errors_in_english(tmp_path):
    e = _raised(check_out, tmp_path / "kaart.docx", None)
    assert isinstance(e, ValidationError) and e.field == "out"
    assert e.text("nl") == "Een afdruk wordt een .pdf- of .png-bestand, niet 'kaart.docx'."
    assert e.text("en") == "A print is a .pdf or .png file, not 'kaart.docx'."
    e = _raised(check_qr_url, "geen adres")
    assert "geen webadres" in e.text("nl") and "is not a web address" in e.text("en")
    empty = gpd.GeoDataFrame({"status": []}, geometry=[], crs=4326)
    e = _raised(public_layers, {"meeting_places": empty}, audience="iedereen")
    assert e.text("en") == "Unknown audience 'iedereen'."
    e = _raised(printing.render_map, {}, grid_buurten(2), tmp_path / "k.pdf", buurt="BU9")
    assert isinstance(e, NotFoundError)
    assert e.text("en") == "No neighbourhood with code 'BU9' in this project."


def test_route_card_and_worksheet_errors_in_english(tmp_path):
    from types import SimpleNamespace

    from assetmap.paper_grid import PaperGrid
    from assetmap.printing.worksheet import render_worksheet

    e = _raised(printing.route_card, SimpleNamespace(stops=[]), tmp_path / "r.pdf")
    assert e.text("nl") == "De route heeft geen stops." and e.text("en") == \
        "The route has no stops."
    grid = PaperGrid.__new__(PaperGrid)  # never drawn: the empty project is refused first
    e = _raised(render_worksheet, grid, grid_buurten(2).iloc[:0], tmp_path / "w.pdf")
    assert e.text("en") == "This project has no neighbourhoods yet: there is nothing to print."
