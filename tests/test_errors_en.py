"""Errors and import notes in English (#18 item 1): one typical error per module, raised the
way a user meets it, says itself in English with ``err.text("en")`` and stays Dutch by default.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from assetmap import i18n, paper_grid
from assetmap.errors import AssetMapError, GeocodeError, ImportFormatError, ValidationError


def _both(exc: AssetMapError) -> tuple[str, str]:
    return str(exc), exc.text("en")


# ------------------------------------------------------------------------------ io


def test_common_missing_file_and_too_big(tmp_path):
    from assetmap.io import _common

    with pytest.raises(ImportFormatError) as info:
        _common.check_file(tmp_path / "lijst.csv")
    assert _both(info.value) == ("Bestand niet gevonden: lijst.csv", "File not found: lijst.csv")
    with pytest.raises(ImportFormatError) as info:
        _common.check_size(80 * 1024 * 1024, "groot.csv")
    assert info.value.text("en").startswith("The file groot.csv is too large (80 MB). The "
                                            "limit is 50 MB")
    assert str(info.value).startswith("Het bestand groot.csv is te groot (80 MB).")


def test_http_unreachable_service_with_advice_in_english():
    from assetmap.io import _http

    with pytest.raises(GeocodeError) as info:  # port 9 (discard): nobody listens
        _http.request("http://127.0.0.1:9/", service="PDOK", timeout=0.5, retries=0,
                      advice=i18n.Msg("adv_pick_on_map"))
    nl, en = _both(info.value)
    assert nl == ("PDOK is niet bereikbaar (geen internet?). Kies de plek op de kaart of "
                  "probeer het later opnieuw.")
    assert en == ("PDOK cannot be reached (no internet?). Pick the place on the map or try "
                  "again later.")


def test_pdok_needs_a_gemeente():
    from assetmap.io import pdok

    with pytest.raises(GeocodeError) as info:
        pdok.download_buurten("  ")
    assert _both(info.value) == ("Vul de naam of code van een gemeente in.",
                                 "Enter the name or code of a municipality.")


def test_csv_dialect():
    from assetmap.io import csvdialect

    with pytest.raises(ValidationError) as info:
        csvdialect.check_dialect("excel-de")
    assert info.value.text("en") == ("Unknown CSV dialect 'excel-de'. Choose from: excel-nl, "
                                     "machine.")
    assert str(info.value).startswith("Onbekend CSV-dialect 'excel-de'.")


def test_osm_files(tmp_path):
    from assetmap.io import osm, osm_assets

    doc = tmp_path / "plekken.txt"
    doc.write_text("hallo", encoding="utf-8")
    with pytest.raises(ImportFormatError) as info:
        osm_assets.read_osm(doc)
    assert info.value.text("en").startswith("plekken.txt: unknown file type. Use an "
                                            "OpenStreetMap file")
    bad = tmp_path / "overpass.json"
    bad.write_text('{"version": 0.6}', encoding="utf-8")
    with pytest.raises(ImportFormatError) as info:
        osm_assets.read_osm(bad)
    assert _both(info.value) == ("overpass.json is geen Overpass-JSON (geen 'elements').",
                                 "overpass.json is not Overpass JSON (no 'elements').")
    with pytest.raises(ImportFormatError) as info:
        osm.read_walk_lines(tmp_path / "netwerk.osm")
    assert info.value.text("en").startswith("Network file not found: ")
    lines = gpd.GeoDataFrame(geometry=[Point(5, 52)])  # no CRS
    with pytest.raises(ImportFormatError) as info:
        osm.lines_from_frame(lines)
    assert _both(info.value) == ("de lagen heeft geen coördinatenstelsel (CRS).",
                                 "the layers has no coordinate reference system (CRS).")


def test_export_refuses_an_unknown_format_and_layer(project, tmp_path):
    from assetmap.io.export import export

    with pytest.raises(ValidationError) as info:
        export(project, "docx", tmp_path / "uit.docx")
    assert info.value.text("en").startswith("Unknown format 'docx'. Choose from: ")
    with pytest.raises(ValidationError) as info:
        export(project, "csv", tmp_path / "uit.csv", layers=["boten"])
    assert info.value.text("en").startswith("Unknown layer 'boten'. Choose from: ")
    assert str(info.value).startswith("Onbekende laag 'boten'. Kies uit: ")


def _one_buurt() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["BU1"], "name": ["Een"]},
                            geometry=[box(5.0, 52.0, 5.01, 52.01)], crs=4326)


def test_paper_rows_are_reported_in_english(project):
    from assetmap.io import paper

    grid = paper_grid.choose_grid(_one_buurt())
    df = pd.DataFrame({"cel": ["Z99", ""], "soort": ["kroeg", ""], "naam": ["Café", ""],
                       "omschrijving": ["", "iets"]})
    rep = paper.import_rows(project, df, grid.cells(), first_row=2, backup=False)
    en, nl = rep.lines("en"), rep.lines("nl")
    assert en[1] == ("row 2: Cell: 'Z99' is not on the grid (a letter and a number, for "
                     "example C4). Kind: we do not know 'kroeg'. Choose from: "
                     + ", ".join(paper.kinds()) + ".")
    assert en[2].startswith("row 3: Cell: blank. Write the cell of the grid") and \
        "Name: blank. Every row needs a name." in en[2]
    assert nl[1].startswith("rij 2: Cel: 'Z99' staat niet op het raster")
    with pytest.raises(ValidationError) as info:
        paper.import_rows(project, df, grid.cells(), status="klaar")
    assert info.value.text("en").startswith("Status 'klaar' is not possible")


def test_cbs_errors_and_notes(tmp_path):
    from assetmap.io import cbs

    points = gpd.GeoDataFrame({"buurtcode": ["BU1"]}, geometry=[Point(5, 52)], crs=4326)
    with pytest.raises(ImportFormatError) as info:
        cbs.normalise(points, name="punten.gpkg")
    assert info.value.text("en").startswith("punten.gpkg contains no polygons but Point. "
                                            "Neighbourhoods need a map")
    wijken = gpd.GeoDataFrame({"wijkcode": ["WK1"], "water": ["NEE"]},
                              geometry=[box(5, 52, 5.01, 52.01)], crs=4326)
    notes: list[str] = []
    cbs.normalise(wijken, notes=notes)
    assert notes[0] == "Geen buurtcodes gevonden: de wijken worden gebruikt als buurten."
    assert i18n.say(notes[0], "en") == ("No neighbourhood codes found: the districts are used "
                                        "as neighbourhoods.")
    with pytest.raises(ImportFormatError) as info:
        cbs.normalise(wijken, wijk="WK9")
    assert _both(info.value) == ("Wijk 'WK9' komt niet voor in bestand.",
                                 "District 'WK9' does not occur in file.")
    empty = tmp_path / "buurten.geojson"
    empty.write_text("  ", encoding="utf-8")
    with pytest.raises(ImportFormatError) as info:
        cbs.read_buurten(empty)
    assert info.value.text("en") == "The file buurten.geojson is empty."


# ------------------------------------------------------------------------------ analysis


def test_analysis_settings_and_buurten():
    from assetmap.analysis.clusters import find_clusters
    from assetmap.analysis.gaps import check_buurten, coverage

    with pytest.raises(ValidationError) as info:
        coverage(_one_buurt(), gpd.GeoDataFrame(geometry=[], crs=4326), threshold_m=-5)
    assert _both(info.value) == ("Afstand: kies een afstand groter dan 0 meter.",
                                 "Distance: choose a distance greater than 0 metres.")
    with pytest.raises(ValidationError) as info:
        find_clusters({}, eps_m="ver")
    assert info.value.text("en") == "Cluster distance: expected a number in metres."
    twice = pd.concat([_one_buurt(), _one_buurt()], ignore_index=True)
    with pytest.raises(ValidationError) as info:
        check_buurten(twice)
    assert info.value.text("en") == "Neighbourhoods: the code BU1 occurs twice."


def test_moments():
    from assetmap.analysis import moments

    with pytest.raises(ValidationError) as info:
        moments.parse_when("2026-02-30", what="--from")
    assert _both(info.value) == ("--from: '2026-02-30' is geen bestaande datum.",
                                 "--from: '2026-02-30' is not an existing date.")
    with pytest.raises(ValidationError) as info:
        moments.parse_when("gisteren", what="--to")
    assert info.value.text("en").startswith("--to: 'gisteren' is not a date (yyyy-mm-dd)")


# ------------------------------------------------------------------------------ paper grid


def test_paper_grid(tmp_path):
    grid = dataclasses.replace(paper_grid.choose_grid(_one_buurt()), cell_m=2500.0)
    assert grid.size_text == grid.size_label("nl") == "2,5 km"
    assert grid.size_label("en") == "2.5 km"
    with pytest.raises(ValidationError) as info:
        paper_grid.choose_grid(_one_buurt().iloc[:0])
    assert info.value.text("en").startswith("This project has no neighbourhoods yet.")
    with pytest.raises(ImportFormatError) as info:
        paper_grid.read_cells(tmp_path / "raster.geojson")
    assert _both(info.value) == ("Rasterbestand niet gevonden: raster.geojson",
                                 "Grid file not found: raster.geojson")
    with pytest.raises(ImportFormatError) as info:
        paper_grid.check_cells(gpd.GeoDataFrame({"x": [1]}, geometry=[Point(5, 52)], crs=4326))
    assert info.value.text("en").startswith("the grid is not a grid: every cell needs")


def test_a_line_made_of_lines_says_each_part_in_the_language():
    exc = ValidationError(key="required")
    line = i18n.Msg("osm_ref_reason", ref="node/1", reason=i18n.Msg.of_error(exc))
    assert line == "node/1: dit veld is verplicht."
    assert line.text("en") == "node/1: this field is required."
    both = i18n.Msg.join([i18n.Msg("paper_name_blank"), line])
    assert both == "Naam: leeg. Elke rij heeft een naam nodig. node/1: dit veld is verplicht."
    assert both.text("en") == "Name: blank. Every row needs a name. node/1: this field is required."
    # a Msg as a parameter of an error says itself in the reader's language too
    err = ImportFormatError(key="cbs_invalid", params={"reason": i18n.Msg.of_error(exc)})
    assert err.text("en") == "The neighbourhoods are not right: this field is required."


# ------------------------------------------------------------------------------ catalogue
_KEY = re.compile(r"""\bkey=(f?)"([a-z0-9_]+)(\{?)""")
# schema's ``_fail(field, "key", ...)``: the second argument is an error key too
_FAIL = re.compile(r"""\b_fail\((?:[^,()]|\([^()]*\))*,\s*(f?)"([a-z0-9_]+)(\{?)""")
_MSG = re.compile(r"""\b(?:Msg|_say)\((?:\s*args,)?\s*(f?)"([a-z0-9_]+)(\{?)""")


def test_every_error_and_line_key_of_the_package_is_in_dutch_and_english():
    """``key="…"`` of an error, ``Msg("…")`` and the CLI's ``_say(args, "…")`` anywhere in
    ``assetmap/``: each in both catalogues (a key made with an f-string: some key starts so)."""
    nl, en = i18n.catalogue("nl"), i18n.catalogue("en")
    found, missing = 0, []
    for path in sorted((Path(__file__).resolve().parent.parent / "assetmap").rglob("*.py")):
        if path.name == "i18n.py":  # its docstring shows an example key
            continue
        src = path.read_text(encoding="utf-8")
        hits = ([("err_", *m) for m in _KEY.findall(src) + _FAIL.findall(src)]
                + [("", *m) for m in _MSG.findall(src)])
        for prefix, f, key, brace in hits:
            found += 1
            full = prefix + key
            if f and brace:
                ok = any(k.startswith(full) for k in nl) and any(k.startswith(full) for k in en)
            else:
                ok = full in nl and full in en
            if not ok:
                missing.append(f"{path.name}: {full}")
    assert found > 200  # the patterns still find the calls
    assert not missing, missing


def test_saved_route_errors_in_dutch_and_english():
    from assetmap import schema

    with pytest.raises(ValidationError) as e:
        schema.validate_route({"name": "Rondje", "stops": "[]", "start_time": "14:00"})
    assert "kies" in e.value.text("nl") and "choose" in e.value.text("en")
    assert "err_" not in e.value.text("nl") + e.value.text("en")
    stops = [{"layer": "meeting_places", "id": str(uuid.UUID(int=i))} for i in range(1, 4)]
    with pytest.raises(ValidationError) as e:
        schema.validate_route({"name": "Rondje", "stops": stops, "start_time": "2 uur"})
    assert e.value.text("en").endswith("write the time as hh:mm, for example 14:00.")
    assert "uu:mm" in str(e.value)


def test_link_rules_name_the_layers_in_the_readers_language():
    from assetmap import schema

    ids = [str(uuid.UUID(int=i)) for i in (1, 2)]
    with pytest.raises(ValidationError) as e:
        schema.validate_link({"kind": "meets_at", "from_layer": "talents", "from_id": ids[0],
                              "to_layer": "meeting_places", "to_id": ids[1]})
    assert "verenigingen" in str(e.value) and "komt samen in" in str(e.value)
    en = e.value.text("en")
    assert "associations" in en and "meets at" in en and "verenigingen" not in en
