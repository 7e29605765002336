"""CBS buurten: every shared file with its expected counts, filters, and bad files."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point, box

from assetmap.errors import ImportFormatError
from assetmap.io import cbs
from tests.conftest import shared
from tests.io.conftest import snapshot

ZAANSTAD = ("cbs-buurten-zaanstad-2017", "buurt_zaanstad.geojson")
ZAANSTAD_WIJK = ("cbs-buurten-zaanstad-2017", "wijk_zaanstad.geojson")
ERMELO = ("cbs-buurten-ermelo-2021-bgt-straatmeubilair", "CBS_buurten.gpkg")
WIJKEN = ("cbs-wijken-2024-nijmegen-deventer-utrecht",
          "wijken_2024_nijmegen_deventer_utrecht.geojson")
ENSCHEDE = ("enschede-buurten-stembureaus-2009", "cbs.json")


def test_zaanstad_legacy_crs_and_counts(empty_project):
    notes = []
    g = cbs.read_buurten(shared(*ZAANSTAD), notes=notes)
    assert len(g) == 50 and g.crs.to_epsg() == 28992
    assert int(g["inwoners"].sum()) == 153580
    assert g["code"].str.startswith("BU0479").all() and set(g["gemeente"]) == {"Zaanstad"}
    rep = cbs.import_buurten(empty_project, shared(*ZAANSTAD))
    b = empty_project.buurten()
    assert rep.imported == 50 and len(b) == 50
    # stored in lon/lat around Zaandam, not at RD metres read as degrees
    minx, miny, maxx, maxy = b.total_bounds
    assert 4.6 < minx < maxx < 4.95 and 52.38 < miny < maxy < 52.55


def test_legacy_crs_member_is_found_even_when_gdal_ignores_it(tmp_path):
    # the same file without GDAL's help: we read the member from the end of the file ourselves
    raw = shared(*ZAANSTAD).read_bytes()
    assert cbs._legacy_crs(raw).to_epsg() == 28992
    gdf = gpd.read_file(shared(*ZAANSTAD)).set_crs(4326, allow_override=True)  # RFC 7946 reader
    fixed = cbs._fix_crs(gdf, cbs._legacy_crs(raw), [], "x")
    assert fixed.crs.to_epsg() == 28992


def test_zaanstad_wijken_as_unit():
    notes = []
    g = cbs.read_buurten(shared(*ZAANSTAD_WIJK), notes=notes)
    assert len(g) == 19 and g["code"].str.startswith("WK").all()
    assert int(g["inwoners"].sum()) == 153640
    assert any("wijken" in n for n in notes)


def test_ermelo_men_plus_women_and_water(empty_project):
    notes = []
    g = cbs.read_buurten(shared(*ERMELO), notes=notes)
    assert len(g) == 16  # 17 minus the water-only buurt BU02339997
    assert "BU02339997" not in set(g["code"])
    assert g["inwoners"].notna().all() and int(g["inwoners"].sum()) == 26980
    assert any("mannen + vrouwen" in n for n in notes)
    rep = cbs.import_buurten(empty_project, shared(*ERMELO), gemeente="GM0233")
    assert rep.imported == 16
    assert len(empty_project.buurten()) == 16


@pytest.mark.parametrize(("gemeente", "n", "inw"), [("Nijmegen", 9, 187040),
                                                    ("gm0150", 15, 103390),
                                                    ("344", 10, 374215), (None, 34, None)])
def test_wijken_2024_filter_by_gemeente(gemeente, n, inw):
    g = cbs.read_buurten(shared(*WIJKEN), gemeente=gemeente)
    assert len(g) == n
    if inw is not None:
        assert int(g["inwoners"].sum()) == inw


def test_filter_by_wijk():
    g = cbs.read_buurten(shared(*ZAANSTAD), wijk="WK047981")
    assert len(g) >= 1 and set(g["wijk_code"]) == {"WK047981"}


def test_unknown_gemeente_names_the_known_ones():
    with pytest.raises(ImportFormatError, match="Zaanstad"):
        cbs.read_buurten(shared(*ZAANSTAD), gemeente="Atlantis")


def test_enschede_json_lat_lon_pairs():
    g = cbs.read_buurten(shared(*ENSCHEDE))
    assert len(g) == 65 and g["code"].is_unique
    assert int(g["inwoners"].sum()) == 142460
    minx, miny, maxx, maxy = g.total_bounds  # lon ~6.8-7.0, lat ~52.1-52.3 (not swapped)
    assert 6.7 < minx < maxx < 7.1 and 52.1 < miny < maxy < 52.4


def test_column_names_of_every_year(tmp_path):
    base = {"geometry": [box(5.0, 52.0, 5.01, 52.01), box(5.01, 52.0, 5.02, 52.01)]}
    variants = [
        {"BU_CODE": ["BU1", "BU2"], "BU_NAAM": ["A", "B"], "GM_NAAM": ["X", "X"],
         "AANT_INW": [10, -99999999]},
        {"buurtCode": ["BU1", "BU2"], "buurtNaam": ["A", "B"], "gemeenteNaam": ["X", "X"],
         "aantalInwoners": [10, None]},
        {"buurtcode": ["BU1", "BU2"], "buurtnaam": ["A", "B"], "gemeentenaam": ["X", "X"],
         "aantal_inwoners": ["10", ""]},
    ]
    for i, cols in enumerate(variants):
        p = tmp_path / f"v{i}.gpkg"
        gpd.GeoDataFrame(cols | {}, geometry=base["geometry"], crs=4326).to_file(p)
        g = cbs.read_buurten(p)
        assert list(g["code"]) == ["BU1", "BU2"] and list(g["name"]) == ["A", "B"]
        assert g["inwoners"].tolist() == [10, None], cols


def test_zipped_shapefile_in_rd(tmp_path):
    g = cbs.read_buurten(shared(*ZAANSTAD)).rename(columns={"code": "BU_CODE", "name": "BU_NAAM",
                                                            "inwoners": "AANT_INW"})
    shp = tmp_path / "shp" / "buurt_2017.shp"
    shp.parent.mkdir()
    pyogrio.write_dataframe(g[["BU_CODE", "BU_NAAM", "AANT_INW", "geometry"]], shp)
    z = tmp_path / "buurten.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in shp.parent.iterdir():
            zf.write(f, f"buurt_2017/{f.name}")
    out = cbs.read_buurten(z)
    assert len(out) == 50 and out.crs.to_epsg() == 28992


# --------------------------------------------------------------------------- bad files


def _bad_files(tmp_path):
    empty = tmp_path / "leeg.geojson"
    empty.write_bytes(b"")
    points = tmp_path / "punten.geojson"
    gpd.GeoDataFrame({"buurtcode": ["BU1"]}, geometry=[Point(5, 52)], crs=4326).to_file(points)
    corrupt = tmp_path / "kapot.zip"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    # no CRS (.prj removed) and coordinates in metres
    shp = tmp_path / "noprj" / "b.shp"
    shp.parent.mkdir()
    gpd.GeoDataFrame({"buurtcode": ["BU1"]}, geometry=[box(110000, 495000, 111000, 496000)],
                     crs=28992).to_file(shp)
    shp.with_suffix(".prj").unlink()
    noprj = tmp_path / "zonder_crs.zip"
    with zipfile.ZipFile(noprj, "w") as zf:
        for f in shp.parent.iterdir():
            zf.write(f, f.name)
    metres = tmp_path / "meters.geojson"
    metres.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                      '{"buurtcode":"BU1"},"geometry":{"type":"Polygon","coordinates":[[[110000,'
                      '495000],[111000,495000],[111000,496000],[110000,495000]]]}}]}')
    big = tmp_path / "groot.gpkg"
    with big.open("wb") as f:  # sparse: costs no disk space
        f.truncate(51 * 1024 * 1024)
    return {"leeg": (empty, "leeg"), "punten": (points, "geen vlakken"),
            "kapot": (corrupt, "zip"), "zonder_crs": (noprj, "coördinatenstelsel"),
            "meters": (metres, "meters"), "groot": (big, "te groot")}


def test_bad_files_one_clear_message_and_no_change(tmp_path, testdam):
    before = snapshot(testdam)
    for name, (path, words) in _bad_files(tmp_path).items():
        with pytest.raises(ImportFormatError) as exc:
            cbs.import_buurten(testdam, path)
        msg = str(exc.value)
        assert words in msg, (name, msg)
        assert "\n" not in msg and "Traceback" not in msg
        assert snapshot(testdam) == before, name
