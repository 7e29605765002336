"""The command line: each subcommand, and user errors as one line with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from assetmap import cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assetmap.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("assetmap")
    assert exe.exists(), "pip install -e . installs the assetmap command"
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "assetmap" in r.stdout


def test_demo_and_info(tmp_path):
    out = tmp_path / "demo.gpkg"
    r = run("demo", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.exists()
    r = run("info", str(out))
    assert r.returncode == 0, r.stderr
    for word in ("Spoorkwartier", "De Akkers", "Ontmoetingsplekken", "Talenten", "Totaal"):
        assert word in r.stdout
    # an existing file is not overwritten without --overwrite
    r = run("demo", "--out", str(out))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_info_table_counts(demo_path, capsys):
    assert cli.main(["info", str(demo_path)]) == 0
    text = capsys.readouterr().out
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("Totaal"))
    assert line.split()[-5:] == ["25", "33", "16", "16", "6"]  # the last: wishes


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
def test_export_formats(demo_path, tmp_path, fmt):
    out = tmp_path / ("all.gpkg" if fmt == "gpkg" else "export")
    assert cli.main(["export", str(demo_path), "--format", fmt, "--out", str(out)]) == 0
    if fmt == "gpkg":
        layers = dict(pyogrio.list_layers(out))
        assert {"meeting_places", "talents", "associations", "entrepreneurs",
                "buurten"} <= set(layers)
        mp = pyogrio.read_dataframe(out, layer="meeting_places")
        assert len(mp) == 24  # approved only: the pending pop-up terrace is left out
    elif fmt == "geojson":
        data = json.loads((out / "meeting_places.geojson").read_text(encoding="utf-8"))
        assert len(data["features"]) == 24
        assert "created_by" not in data["features"][0]["properties"]
    else:
        # for Dutch Excel by default: ';', decimal comma, Dutch headers
        df = pd.read_csv(out / "talents.csv", sep=";", decimal=",", encoding="utf-8-sig")
        assert {"Lengtegraad", "Breedtegraad", "Naam"} <= set(df.columns)
        assert df["Lengtegraad"].between(5, 6).all()  # read back as numbers
        assert "Contact" not in df.columns and "contact" not in df.columns
        assert len(df) == 23  # only talents whose residents chose public


def test_export_single_layer_and_private(demo_path, tmp_path):
    out = tmp_path / "t.csv"
    assert cli.main(["export", str(demo_path), "--format", "csv", "--layer", "talents",
                     "--out", str(out), "--include-private", "--csv-dialect", "machine"]) == 0
    df = pd.read_csv(out)
    assert "contact" in df.columns and len(df) == 33


def test_export_neutralises_formulas(project, tmp_path):
    from shapely.geometry import Point

    from assetmap.store import Actor

    project.add("meeting_places", {"name": "=HYPERLINK(\"http://x\")", "kind": "overig",
                                   "description": "@SUM(1)", "geometry": Point(5.005, 52.005)},
                status="approved", actor=Actor.system())
    out = tmp_path / "mp.csv"
    assert cli.main(["export", str(project.path), "--format", "csv", "--layer",
                     "meeting_places", "--out", str(out)]) == 0
    df = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert df["Naam"].iloc[0].startswith("'=") and df["Omschrijving"].iloc[0] == "'@SUM(1)"
    assert df["Soort plek"].iloc[0] == "Anders"  # the kind's label, not its key


def test_map_html_is_self_contained(demo_path, tmp_path):
    out = tmp_path / "kaart.html"
    assert cli.main(["map", str(demo_path), "--out", str(out), "--no-tiles"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script src=" not in html and "<link rel=\"stylesheet\" href=" not in html
    assert "tile.openstreetmap.org" not in html
    assert "Spoorkwartier" in html and "markerClusterGroup" not in html


@pytest.mark.parametrize("args", [
    ["info", "/nonexistent/project.gpkg"],
    ["info", "project.txt"],
    ["export", "{demo}", "--format", "xls", "--out", "x"],
    ["export", "{demo}", "--format", "csv", "--layer", "castles", "--out", "{tmp}/x.csv"],
    ["export", "{demo}", "--format", "gpkg", "--out", "{tmp}/x.csv"],
    ["map", "{demo}"],
    ["frobnicate"],
    [],
])
def test_user_errors_one_line_exit_2(args, demo_path, tmp_path):
    args = [a.format(demo=demo_path, tmp=tmp_path) for a in args]
    r = run(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr


def test_not_a_geopackage_is_a_user_error(tmp_path):
    bad = tmp_path / "kapot.gpkg"
    bad.write_bytes(b"\x00" * 2048)
    r = run("info", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_unexpected_failure_exits_1(monkeypatch, capsys, demo_path):
    def boom(args):
        raise RuntimeError("kapot\nmeer regels")

    monkeypatch.setattr(cli, "cmd_info", boom)
    parser_main = cli.main
    # rebuild the parser so it picks up the patched function
    assert parser_main(["info", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "RuntimeError" in err


def test_overwrite_makes_a_backup_first(demo_path, tmp_path, capsys):
    """Issue 12: ``copy --overwrite`` and ``demo --overwrite`` replaced a project without a
    backup; now the old project can be put back."""
    from assetmap import backup
    from assetmap.store import Actor, GpkgStore

    with GpkgStore(demo_path) as s:
        s.add("meeting_places", {"name": "Alleen hier", "kind": "overig",
                                 "buurt_code": None, "geometry": s.read(
                                     "meeting_places").geometry.iloc[0]},
              actor=Actor.system())
    dst = tmp_path / "doel.gpkg"
    assert cli.main(["copy", str(demo_path), str(dst)]) == 0
    assert cli.main(["demo", "--out", str(demo_path), "--overwrite"]) == 0
    assert cli.main(["copy", str(demo_path), str(dst), "--overwrite"]) == 0
    out = capsys.readouterr().out
    assert out.count("Reservekopie van") == 2
    for project in (demo_path, dst):
        kept = [b for b in backup.list_backups(project) if b.reason == "voor_overschrijven"]
        assert len(kept) == 1
        with GpkgStore(kept[0].path) as old:
            assert "Alleen hier" in set(old.read("meeting_places")["name"])
