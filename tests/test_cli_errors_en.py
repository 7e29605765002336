"""The CLI's errors and own lines in the command's language (#18 item 1): ``--lang en`` (or
``ASSETMAP_LANG=en`` for a command without ``--lang``) prints one English line and exits
non-zero; without it the line stays Dutch.
"""

from __future__ import annotations

import io
import json

import pytest

from assetmap import cli
from tests.test_cli_lang import dutch_words


@pytest.fixture(autouse=True)
def _no_env_lang(monkeypatch):
    monkeypatch.delenv("ASSETMAP_LANG", raising=False)


def _one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    return err.strip()


def test_import_buurten_bad_file_in_english_and_dutch(tmp_path, capsys):
    bad = tmp_path / "buurten.txt"
    bad.write_text("geen kaart", encoding="utf-8")
    args = ["import-buurten", str(tmp_path / "p.gpkg"), str(bad)]
    assert cli.main([*args, "--lang", "en"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        "error: buurten.txt: unknown file type. Use a GeoPackage (.gpkg), GeoJSON (.geojson) "
        "or a zipped Shapefile (.zip).")
    assert cli.main(args) == 2
    assert _one_line(capsys.readouterr().err).startswith(
        "fout: buurten.txt: onbekend bestandstype.")
    assert not (tmp_path / "p.gpkg").exists()


def test_import_buurten_report_notes_in_english(tmp_path, capsys):
    src = tmp_path / "wijken.geojson"
    ring = [[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.01], [5.0, 52.0]]
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"wijkcode": "WK000101", "wijknaam": "Oost",
                                           "aantal_mannen": 10, "aantal_vrouwen": 12},
         "geometry": {"type": "Polygon", "coordinates": [ring]}}]}), encoding="utf-8")
    project = tmp_path / "p.gpkg"
    assert cli.main(["import-buurten", str(project), str(src), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "No neighbourhood codes found: the districts are used as neighbourhoods." in out
    assert "Inhabitants of 1 neighbourhood(s) computed as men + women." in out
    assert dutch_words(out) == [], out
    assert cli.main(["import-buurten", str(project), str(src)]) == 0
    assert "Geen buurtcodes gevonden" in capsys.readouterr().out


def test_argparse_words_follow_the_language(demo_path, tmp_path, capsys):
    args = ["analyse", str(demo_path), "--out", str(tmp_path / "a.json"), "--threshold", "ver"]
    assert cli.main([*args, "--lang", "en"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        "error: assetmap analyse: argument --threshold: not a valid number: 'ver'")
    assert cli.main(args) == 2
    assert _one_line(capsys.readouterr().err) == (
        "fout: assetmap analyse: optie --threshold: geen geldig getal: 'ver'")


def test_compare_bad_moment_in_english(demo_path, tmp_path, capsys):
    args = ["compare", str(demo_path), "--from", "gisteren", "--to", "2026-03-12",
            "--out", str(tmp_path / "d.json")]
    assert cli.main([*args, "--lang", "en"]) == 2
    assert _one_line(capsys.readouterr().err).startswith(
        "error: --from: 'gisteren' is not a date (yyyy-mm-dd)")
    assert cli.main(args) == 2
    assert "is geen datum" in capsys.readouterr().err


def test_a_command_without_lang_follows_assetmap_lang(demo_path, tmp_path, capsys,
                                                      monkeypatch):
    args = ["export", str(demo_path), "--format", "csv", "--out", str(tmp_path / "x.csv"),
            "--layer", "boten"]
    assert cli.main(args) == 2
    assert _one_line(capsys.readouterr().err).startswith("fout: Onbekende laag 'boten'.")
    monkeypatch.setenv("ASSETMAP_LANG", "en")
    assert cli.main(args) == 2
    assert _one_line(capsys.readouterr().err).startswith(
        "error: Unknown layer 'boten'. Choose from: meeting_places")
    assert cli.main(["info", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "Neighbourhoods: 9 · theme evenings:" in out and "Total" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert cli.main(["hash-password"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        "error: Choose a password of at least 8 characters.")


def test_import_paper_without_grid_in_english(demo_path, tmp_path, capsys):
    rows = tmp_path / "rijen.csv"
    rows.write_text("cel;soort;naam;omschrijving\nC4;talent;Piet;fietsen\n", encoding="utf-8")
    args = ["import-paper", str(demo_path), str(rows)]
    assert cli.main([*args, "--lang", "en"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        "error: This project has no grid yet. Print a worksheet first (assetmap print "
        "--worksheet) or give --grid.")
    assert cli.main(args) == 2
    assert capsys.readouterr().err.startswith("fout: Dit project heeft nog geen raster.")


def test_map_names_its_background_in_the_language(demo_path, tmp_path, capsys):
    out = tmp_path / "kaart.html"
    assert cli.main(["map", str(demo_path), "--out", str(out), "--lang", "en"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Map of the Netherlands (PDOK)" in html and "Kaart van Nederland" not in html
    assert cli.main(["map", str(demo_path), "--out", str(out)]) == 0
    assert "Kaart van Nederland (PDOK)" in out.read_text(encoding="utf-8")


def test_worksheet_lines_in_english(demo_path, tmp_path, capsys):
    grid = tmp_path / "grid.geojson"
    assert cli.main(["print", str(demo_path), "--worksheet", "--out", str(tmp_path / "w.pdf"),
                     "--grid", str(grid), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Worksheet written:" in out and "squares of 250 m" in out
    assert f"Grid written: {grid}" in out
    assert dutch_words(out) == [], out
