"""The import subcommands: a new project from its buurten, per-row report, exit codes."""

from __future__ import annotations

import subprocess
import sys

from assetmap import cli
from assetmap.store import GpkgStore
from tests.conftest import shared
from tests.io.conftest import write


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assetmap.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_new_project_from_buurten_osm_and_sheet(tmp_path, capsys):
    proj = tmp_path / "ermelo.gpkg"
    assert cli.main(["import-buurten", str(proj), str(shared(
        "cbs-buurten-ermelo-2021-bgt-straatmeubilair", "CBS_buurten.gpkg")),
        "--gemeente", "Ermelo"]) == 0
    out = capsys.readouterr().out
    assert "16 geïmporteerd" in out and "mannen + vrouwen" in out
    sheet = write(tmp_path / "plekken.csv", "naam;lat;lon;soort\n"
                  "Buurthuis De Dialoog;52,3005;5,6200;buurthuis\nNul;0;0;\n")
    assert cli.main(["import", str(proj), str(sheet), "--layer", "meeting_places",
                     "--offline"]) == 0
    out = capsys.readouterr().out
    assert "1 geïmporteerd, 1 afgewezen" in out and "rij 3: Locatie: 0,0" in out
    with GpkgStore(proj) as s:
        assert len(s.buurten()) == 16 and len(s.read("meeting_places")) == 1


def test_failed_buurten_import_makes_no_project(tmp_path):
    proj = tmp_path / "nieuw.gpkg"
    bad = write(tmp_path / "leeg.geojson", "")
    r = run("import-buurten", str(proj), str(bad))
    assert r.returncode == 2 and "leeg" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not proj.exists()


def test_import_osm_cli_and_nothing_imported_exit_2(tmp_path, project):
    r = run("import-osm", str(project.path), str(shared("osm-amsterdam-watergraafsmeer-2016",
                                                        "amsterdam.osm.pbf")))
    assert r.returncode == 0 and "0 geïmporteerd" in r.stdout  # Amsterdam lies outside
    sheet = write(tmp_path / "x.csv", "naam,lat,lon\nA,0,0\n")
    r = run("import", str(project.path), str(sheet), "--layer", "talents", "--offline")
    assert r.returncode == 2 and "niets geïmporteerd" in r.stderr
    assert "rij 2" in r.stdout
    r = run("import", str(project.path), str(sheet), "--layer", "castles")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
