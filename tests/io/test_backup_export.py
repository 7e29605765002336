"""Backups (consistent copy, keep 20, restore) and exports in every format."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from assetmap import backup, cli
from assetmap.errors import ProjectError
from assetmap.io import export, tabular
from assetmap.store import Actor, GpkgStore
from tests.conftest import ROOT
from tests.io.conftest import snapshot, write


def test_backup_keeps_20_and_restores(testdam, tmp_path):
    testdam.add("meeting_places", {"name": "Eerste", "kind": "overig",
                                   "geometry": Point(5.005, 52.005)}, actor=Actor.system())
    first = backup.make_backup(testdam.path, reason="import")
    state = snapshot(testdam)
    for _ in range(22):
        backup.make_backup(testdam.path, reason="test")
    listed = backup.list_backups(testdam.path)
    assert len(listed) == 20 and all(b.path.parent.name == "backups" for b in listed)
    assert not first.path.exists()  # the oldest went
    keep = listed[-1]
    testdam.add("meeting_places", {"name": "Tweede", "kind": "overig",
                                   "geometry": Point(5.006, 52.005)}, actor=Actor.system())
    assert snapshot(testdam) != state
    undo = testdam.restore(keep.id)
    assert snapshot(testdam) == state  # the open store sees the restored project
    assert "voor_herstel" in undo.name
    with GpkgStore(undo.path) as s:  # the state before the restore is kept
        assert set(s.read("meeting_places")["name"]) == {"Eerste", "Tweede"}
    bogus = tmp_path / "x.gpkg"
    bogus.write_bytes(b"nope" * 100)
    with pytest.raises(ProjectError):
        backup.restore(testdam.path, bogus)


def test_import_makes_backup_first(testdam, tmp_path):
    p = write(tmp_path / "a.csv", "naam,lat,lon\nA,52.005,5.005\n")
    before = snapshot(testdam)
    rep = tabular.import_table(testdam, p, "meeting_places")
    assert rep.backup is not None and rep.backup.path.exists()
    with GpkgStore(rep.backup.path) as b:
        assert snapshot(b) == before


SLOW_IMPORT = r"""
import sys, time
from pathlib import Path
from assetmap.store import GpkgStore
from assetmap.store import gpkg
from assetmap.io import tabular

orig = gpkg.GpkgStore._insert
def slow_insert(self, tx, layer, rows):
    orig(self, tx, layer, rows)
    if layer != "audit":
        Path(sys.argv[3]).write_text("halfway")  # rows written, transaction still open
        time.sleep(60)
gpkg.GpkgStore._insert = slow_insert
store = GpkgStore(sys.argv[1])
tabular.import_table(store, sys.argv[2], "meeting_places")
"""


def test_sigkill_halfway_leaves_project_unchanged(testdam, tmp_path):
    rows = "\n".join(f"Plek {i},52.00{i % 10},5.00{i % 7}" for i in range(500))
    p = write(tmp_path / "veel.csv", "naam,lat,lon\n" + rows + "\n")
    before = snapshot(testdam)
    testdam.close()
    marker = tmp_path / "halfway"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_IMPORT, str(testdam.path), str(p),
                             str(marker)], cwd=ROOT)
    try:
        deadline = time.time() + 60
        while not marker.exists() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "the import did not reach the write"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with GpkgStore(testdam.path) as s:
        assert snapshot(s) == before
        assert len(s.read("meeting_places")) == 0
    assert len(backup.list_backups(testdam.path)) == 1  # made before the write began


@pytest.fixture
def demo_store(demo_path):
    s = GpkgStore(demo_path)
    yield s
    s.close()


def test_export_xlsx_all_public(demo_store, tmp_path):
    demo_store.add("meeting_places", {"name": "=cmd|' /C calc'!A0", "kind": "overig",
                                      "description": "+SUM(1)",
                                      "geometry": Point(*demo_store.buurten().geometry.iloc[0]
                                                        .representative_point().coords[0])},
                   status="approved", actor=Actor.system())
    out = tmp_path / "alles.xlsx"
    assert export.export(demo_store, "xlsx", out) == [out]
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"Ontmoetingsplekken", "Talenten", "Verenigingen",
                           "Lokale ondernemers", "Wensen en signalen", "Verbindingen", "Buurten"}
    assert len(sheets["Wensen en signalen"]) == 5  # approved only
    links = sheets["Verbindingen"]
    assert len(links) == 7 and {"from_name", "to_name", "tie"} <= set(links.columns)
    assert "created_by" not in links.columns
    mp, tal = sheets["Ontmoetingsplekken"], sheets["Talenten"]
    assert len(mp) == 25 and "status" not in mp.columns and "created_by" not in mp.columns
    assert "'=cmd|' /C calc'!A0" in set(mp["name"]) and "'+SUM(1)" in set(mp["description"])
    assert len(tal) == 23 and "contact" not in tal.columns
    assert {"lon", "lat"} <= set(sheets["Buurten"].columns)
    from openpyxl import load_workbook

    ws = load_workbook(out)["Ontmoetingsplekken"]
    assert not any(isinstance(c.value, str) and c.value.startswith("=")
                   for row in ws.iter_rows() for c in row)


def test_export_kml_per_layer_and_all(demo_store, tmp_path):
    out = tmp_path / "kaart.kml"
    export.export(demo_store, "kml", out)
    root = ET.parse(out).getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    folders = root.findall(".//k:Folder", ns)
    assert [f.find("k:name", ns).text for f in folders][0] == "Ontmoetingsplekken"
    assert len(folders[0].findall("k:Placemark", ns)) == 24
    assert root.find(".//k:Polygon", ns) is not None
    talents = folders[1]
    assert talents.find("k:name", ns).text == "Talenten"
    names = {d.get("name") for d in talents.iter("{http://www.opengis.net/kml/2.2}Data")}
    assert "display_name" in names and not names & {"contact", "created_by", "status"}
    paths = export.export(demo_store, "kml", tmp_path / "per_laag", layers=["talents",
                                                                           "buurten"])
    assert [p.name for p in paths] == ["talents.kml", "buurten.kml"]
    assert len(ET.parse(paths[0]).getroot().findall(".//k:Placemark", ns)) == 23


def test_cli_export_new_formats(demo_path, tmp_path):
    assert cli.main(["export", str(demo_path), "--format", "xlsx", "--layer", "talents",
                     "--out", str(tmp_path / "t.xlsx"), "--include-private"]) == 0
    assert "contact" in pd.read_excel(tmp_path / "t.xlsx").columns
    assert cli.main(["export", str(demo_path), "--format", "kml", "--out",
                     str(tmp_path / "k")]) == 0
    assert len(list((tmp_path / "k").glob("*.kml"))) == 7  # 5 point layers, links, buurten


def test_export_roundtrip_geojson_still_public(demo_path, tmp_path):
    assert cli.main(["export", str(demo_path), "--format", "geojson", "--out",
                     str(tmp_path / "g")]) == 0
    data = json.loads((tmp_path / "g" / "talents.geojson").read_text(encoding="utf-8"))
    assert len(data["features"]) == 23
    assert len(pyogrio.read_dataframe(tmp_path / "g" / "buurten.geojson")) == 9


def test_store_backup_is_a_file_next_to_the_project(testdam):
    b = testdam.backup(reason="avond gesloten")
    assert b.path is not None and b.path.parent == testdam.path.parent / "backups"
    assert b.name.endswith("-avond_gesloten.gpkg") and str(b) == str(b.path)
    assert backup.list_backups(testdam.path)[0].reason == "avond_gesloten"
    assert testdam.backups() == backup.list_backups(testdam.path)
