"""Spreadsheets: encodings, separators, column names, locations, the per-row report."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from assetmap.errors import ImportFormatError
from assetmap.io import cbs, pdok
from assetmap.io import tabular as tb
from tests.conftest import shared
from tests.io.conftest import snapshot, write

STEM = ("enschede-buurten-stembureaus-2009", "Stemdistrict-stembureau_getall.json")


def test_semicolon_cp1252_decimal_comma(tmp_path, testdam):
    p = write(tmp_path / "plekken.csv",
              "Naam;Breedtegraad;Lengtegraad;Omschrijving\n"
              "Café 't Hoekje;52,005;5,005;Koffie één euro\n"
              "Buurthuis Zuid;52,006;5,015;\n", encoding="cp1252")
    rep = tb.import_table(testdam, p, "meeting_places")
    assert rep.imported == 2, rep.lines()
    g = testdam.read("meeting_places")
    assert set(g["name"]) == {"Café 't Hoekje", "Buurthuis Zuid"}
    assert set(g["status"]) == {"pending"} and set(g["source"]) == {"import"}
    assert set(g["buurt_code"]) == {"BU0001", "BU0002"}
    assert "Koffie één euro" in set(g["description"])


def test_utf8_bom_comma_and_odd_headers(tmp_path):
    p = write(tmp_path / "x.csv", "\ufeff  NAAM\u00a0 , Lat ,LON,Adres\n\"A, b\",52.0,5.0,x\n")
    df = tb.read_table(p)
    assert list(df.columns) == ["NAAM", "Lat", "LON", "Adres"]
    m = tb.guess_mapping(list(df.columns), "meeting_places")
    assert m == {"name": "NAAM", "lat": "Lat", "lon": "LON", "address": "Adres"}
    assert df.loc[0, "NAAM"] == "A, b"


def test_rd_coordinates_and_xlsx(tmp_path, testdam):
    # RD New of a point in buurt Noord (5.005, 52.005)
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 28992, always_xy=True).transform(5.005, 52.005)
    p = tmp_path / "lijst.xlsx"
    pd.DataFrame({"Naam organisatie": ["Bakker Bol", "Kapper Kim"], "X": [x, x + 700],
                  "Y": [y, y], "Branche": ["bakker", "kapper"]}).to_excel(p, index=False)
    rep = tb.import_table(testdam, p, "entrepreneurs")
    assert rep.imported == 2, rep.lines()
    g = testdam.read("entrepreneurs").sort_values("name")
    assert list(g["sector"]) == ["bakker", "kapper"]
    assert abs(g.geometry.iloc[0].x - 5.005) < 1e-5 and list(g["buurt_code"]) == ["BU0001",
                                                                                  "BU0002"]


def test_explicit_mapping_and_unknown_column(tmp_path, testdam):
    p = write(tmp_path / "c.csv", "wat,b,l\nVolleybal,52.005,5.005\n")
    rep = tb.import_table(testdam, p, "associations",
                          mapping=json.dumps({"name": "wat", "lat": "b", "lon": "l"}))
    assert rep.imported == 1
    with pytest.raises(ImportFormatError, match="'nope' staat niet"):
        tb.import_table(testdam, p, "associations", mapping={"name": "nope"})
    with pytest.raises(ImportFormatError, match="geen veld"):
        tb.import_table(testdam, p, "associations", mapping={"kleur": "wat"})


def test_second_import_adds_no_duplicates(tmp_path, testdam):
    p = write(tmp_path / "c.csv", "naam,lat,lon\nA,52.005,5.005\nB,52.006,5.006\nA,52.005,5.005\n")
    rep = tb.import_table(testdam, p, "meeting_places")
    assert rep.imported == 2 and rep.duplicates == 1  # the repeated row inside the file
    before = snapshot(testdam)
    rep2 = tb.import_table(testdam, p, "meeting_places")
    assert rep2.imported == 0 and rep2.duplicates == 3
    assert rep2.backup is None  # nothing written, no backup needed
    assert snapshot(testdam) == before


def test_per_row_report_and_all_or_nothing(tmp_path, testdam, monkeypatch):
    p = write(tmp_path / "c.csv",
              "naam,lat,lon,soort\nGoed,52.005,5.005,Buurthuis\n,52.005,5.005,\n"
              "Ver weg,53.5,6.5,\nNul,0,0,\nRaar,52.005,5.005,kasteel\n")
    prep = tb.prepare(tb.read_table(p), "meeting_places", {"name": "naam", "lat": "lat",
                                                           "lon": "lon", "kind": "soort"},
                      area=testdam.area())
    reasons = {r.row: r.reason for r in prep.report.rejected}
    assert [r for r, _ in prep.records] == [2]
    assert prep.records[0][1]["kind"] == "buurthuis"
    assert "Naam" in reasons[3] and "verplicht" in reasons[3]
    assert "buiten het projectgebied" in reasons[4]
    assert "0,0" in reasons[5]
    assert "kasteel" in reasons[6]

    # a failure while writing rolls everything back
    before = snapshot(testdam)

    def boom(*a, **k):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(testdam, "_audit", boom)
    with pytest.raises(RuntimeError):
        tb.import_table(testdam, p, "meeting_places", backup=False)
    monkeypatch.undo()
    assert snapshot(testdam) == before


@pytest.mark.parametrize(("text", "words"), [
    ("", "leeg"),
    ("naam,lat,lon\n=HYPERLINK(\"http://x\";\"klik\"),52.005,5.005\n"
     "@SUM(A1),52.006,5.006\n+cmd|' /C calc'!A0(),52.006,5.007\n", "spreadsheetformule"),
    ("naam,lat,lon\nA,0,0\nB,0.0,0.0\n", "0,0"),
    ("naam,kleur\nA,rood\n", "Geen kolommen voor de plek"),
])
def test_bad_spreadsheets_change_nothing(tmp_path, testdam, text, words):
    from assetmap import cli

    p = write(tmp_path / "slecht.csv", text)
    before = snapshot(testdam)
    code = cli.main(["import", str(testdam.path), str(p), "--layer", "meeting_places",
                     "--offline"])
    assert code == 2
    assert snapshot(testdam) == before
    if text:
        try:
            rep = tb.import_table(testdam, p, "meeting_places")
            assert rep.imported == 0 and any(words in line for line in rep.lines()), rep.lines()
        except ImportFormatError as exc:
            assert words in str(exc)
    else:
        with pytest.raises(ImportFormatError, match=words):
            tb.import_table(testdam, p, "meeting_places")


def test_upload_over_50_mb_refused(tmp_path, testdam):
    big = tmp_path / "groot.csv"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(ImportFormatError, match="te groot"):
        tb.import_table(testdam, big, "meeting_places")
    with pytest.raises(ImportFormatError, match="te groot"):
        tb.read_table(b"x" * (50 * 1024 * 1024 + 1), filename="upload.csv")


def test_enschede_stembureaus_offline(tmp_path):
    store = _enschede(tmp_path)
    rep = tb.import_table(store, shared(*STEM), "meeting_places")
    assert (rep.total, rep.imported, len(rep.rejected), rep.needs_location) == (77, 74, 3, 3)
    assert {r.row for r in rep.rejected} == {12, 24, 36}
    assert all("0,0" in r.reason for r in rep.rejected)
    names = set(store.read("meeting_places")["name"])
    assert "LANGESTRAAT 24, 7511HC" in names  # no locatienaam: the address is the name
    assert "NULL" not in " ".join(names)


def test_enschede_stembureaus_geocoded_by_pdok(tmp_path, pdok_server):
    store = _enschede(tmp_path)
    rep = tb.import_table(store, shared(*STEM), "meeting_places",
                          geocoder=pdok.geocoder(base_url=pdok_server.locatieserver_url))
    assert rep.imported == 77 and not rep.rejected, rep.lines()
    assert sum("/free" in r for r in pdok_server.requests) == 3
    g = store.read("meeting_places")
    row = g[g["name"].str.startswith("M H TROMPLAAN 28")]
    assert abs(row.geometry.iloc[0].x - 6.8931) < 1e-6


def test_geocoder_offline_reports_needing_location(tmp_path, testdam, pdok_server):
    pdok_server.fail = True
    p = write(tmp_path / "a.csv", "naam;straat;huisnummer;plaats\nKerk;Kerkplein;3;Testdam\n")
    rep = tb.import_table(testdam, p, "meeting_places",
                          geocoder=pdok.geocoder(base_url=pdok_server.locatieserver_url))
    assert rep.imported == 0 and rep.needs_location == 1
    assert "PDOK" in rep.rejected[0].reason
    pdok_server.fail = False
    rep = tb.import_table(testdam, p, "meeting_places",
                          geocoder=pdok.geocoder(base_url=pdok_server.locatieserver_url))
    assert rep.imported == 1


def test_enschede_buurtcijfers_csv_is_read_cleanly(testdam):
    df = tb.read_table(shared("enschede-buurten-stembureaus-2009", "buurtcijfers_enschede.csv"))
    assert df.shape == (70, 33)
    assert "Aantal inkomensontvangers" in df.columns  # NBSP and trailing spaces gone
    assert df.loc[df["Regio's"] == "Lasonder, Zeggelt", "Aantal inwoners"].item() == "1240"
    assert (df["Industrie"] == "x").sum() == 22  # CBS 'x' stays text, not NaN
    with pytest.raises(ImportFormatError, match="Geen kolommen voor de plek"):
        tb.import_table(testdam, shared("enschede-buurten-stembureaus-2009",
                                        "buurtcijfers_enschede.csv"), "meeting_places")


def test_ermelo_street_furniture_points_clipped_to_project(tmp_path):
    from assetmap.store import GpkgStore

    store = GpkgStore(tmp_path / "ermelo.gpkg", create=True)
    cbs.import_buurten(store, shared("cbs-buurten-ermelo-2021-bgt-straatmeubilair",
                                     "CBS_buurten.gpkg"), backup=False)
    rep = tb.import_table(store, shared("cbs-buurten-ermelo-2021-bgt-straatmeubilair",
                                        "Straatmeubilair.gpkg"), "meeting_places",
                          mapping={"name": "bgtplustype", "lat": "lat", "lon": "lon"},
                          backup=False)
    assert rep.total == 7063
    assert rep.imported + len(rep.rejected) == 7063
    outside = [r for r in rep.rejected if "buiten het projectgebied" in r.reason]
    assert len(outside) == len(rep.rejected)
    # independently: the points within the buurten's RD bounds plus 2 km
    import geopandas as gpd

    pts = gpd.read_file(shared("cbs-buurten-ermelo-2021-bgt-straatmeubilair",
                               "Straatmeubilair.gpkg")).to_crs(28992)
    minx, miny, maxx, maxy = store.buurten().to_crs(28992).total_bounds
    inside = pts.cx[minx - 2000:maxx + 2000, miny - 2000:maxy + 2000]
    assert rep.imported == len(inside) == 4332
    assert (inside["bronhouder"] == "G0233").sum() == 1538  # all of Ermelo's own furniture
    store.close()


def _enschede(tmp_path):
    from assetmap.store import GpkgStore

    store = GpkgStore(tmp_path / "enschede.gpkg", create=True)
    cbs.import_buurten(store, shared("enschede-buurten-stembureaus-2009", "cbs.json"),
                       backup=False)
    return store


def test_polygon_file_is_not_a_list_of_places(tmp_path, testdam):
    from tests.conftest import two_buurten

    p = tmp_path / "vlakken.gpkg"
    two_buurten().to_file(p)
    before = snapshot(testdam)
    with pytest.raises(ImportFormatError, match="geen punten"):
        tb.import_table(testdam, p, "meeting_places")
    assert snapshot(testdam) == before


def test_import_errors_and_report_in_english(tmp_path, testdam):
    """Issue 18 item 1 for the import path: errors, reasons and notes have English words."""
    p = write(tmp_path / "c.csv", "naam,kleur\nA,rood\n")
    with pytest.raises(ImportFormatError) as exc:
        tb.import_table(testdam, p, "meeting_places")
    assert "Geen kolommen voor de plek" in str(exc.value)
    assert exc.value.text("en").startswith("No columns for the location found.")
    with pytest.raises(ImportFormatError) as exc:
        tb.import_table(testdam, p, "meeting_places", mapping={"name": "nope"})
    assert exc.value.text("en") == "Column mapping: the column 'nope' is not in the file."

    p = write(tmp_path / "d.csv", "naam;lat;lon\nGoed;52,005;5,005\n=SOM(A1);52,005;5,005\n"
                                  "Om;5,005;52,005\nNul;0;0\nVer;53,5;6,5\n")
    rep = tb.import_table(testdam, p, "meeting_places")
    assert rep.imported == 2, rep.lines()
    nl, en = rep.lines("nl"), rep.lines("en")
    assert "Bij 1 rij(en) waren lengte- en breedtegraad omgewisseld" in " ".join(nl)
    assert en[0].startswith("2 imported"), en
    assert "In 1 row(s) longitude and latitude were swapped; this has been fixed." in en
    text = "\n".join(en)
    assert "Name: '=SOM(A1)' looks like a spreadsheet formula and was not imported." in text
    assert "outside" in text.lower() and "0,0" in text
    for dutch in ("lijkt op", "omgewisseld", "buiten", "Locatie"):
        assert dutch not in text, (dutch, en)


def test_csv_cells_that_look_missing_stay_text(tmp_path):
    df = tb.read_table(write(tmp_path / "na.csv", "naam;a;b\nNA;nan;\nN/A;1\n"))
    assert df.values.tolist() == [["NA", "nan", ""], ["N/A", "1", ""]]
