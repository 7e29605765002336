"""Every schema rule with good and bad input."""

from __future__ import annotations

import geopandas as gpd
import pytest
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon

from assetmap import schema
from assetmap.errors import ValidationError
from tests.conftest import two_buurten

AREA = schema.ProjectArea.from_buurten(two_buurten())
IN_A = Point(5.005, 52.005)
IN_B = Point(5.015, 52.005)


def mp(**kw):
    rec = {"name": "Buurthuis", "kind": "buurthuis", "geometry": IN_A}
    rec.update(kw)
    return rec


def talent(**kw):
    rec = {"name": "Fietsen maken", "gifts_hand": "fietsen repareren", "geometry": IN_B}
    rec.update(kw)
    return rec


def bad(layer, rec, field):
    with pytest.raises(ValidationError) as ei:
        schema.validate_record(layer, rec, area=AREA)
    assert ei.value.field == field
    label = schema.ALL_LAYERS[layer].get(field).label_nl if schema.ALL_LAYERS[layer].has(field) \
        else "Locatie"
    assert str(ei.value).startswith(label.split(" ")[0]), str(ei.value)
    return ei.value


def test_valid_meeting_place_is_normalised():
    out = schema.validate_record("meeting_places", mp(name="  De Linde  ", accessible="ja"),
                                 area=AREA)
    assert out["name"] == "De Linde"
    assert out["accessible"] is True
    assert out["status"] == "pending" and out["source"] == "form"
    assert out["buurt_code"] == "BU0001"
    assert set(schema.LAYERS["meeting_places"].field_names) <= set(out)


@pytest.mark.parametrize("name", [None, "", "   "])
def test_name_is_required(name):
    e = bad("meeting_places", mp(name=name), "name")
    assert "verplicht" in str(e)


def test_name_length_limit():
    schema.validate_record("meeting_places", mp(name="x" * 120), area=AREA)
    e = bad("meeting_places", mp(name="x" * 121), "name")
    assert "120" in str(e)


def test_text_length_limit():
    schema.validate_record("meeting_places", mp(description="y" * 2000), area=AREA)
    bad("meeting_places", mp(description="y" * 2001), "description")
    bad("meeting_places", mp(story="y" * 2001), "story")


def test_enum():
    for kind in schema.MEETING_KINDS:
        schema.validate_record("meeting_places", mp(kind=kind), area=AREA)
    bad("meeting_places", mp(kind="kasteel"), "kind")
    bad("meeting_places", mp(kind=None), "kind")
    bad("meeting_places", mp(status="deleted"), "status")
    bad("meeting_places", mp(source="twitter"), "source")


@pytest.mark.parametrize("value,expected", [("ja", True), ("nee", False), (True, True),
                                            (0, False), ("", None), (None, None)])
def test_bool_good(value, expected):
    out = schema.validate_record("meeting_places", mp(free_to_use=value), area=AREA)
    assert out["free_to_use"] is expected


def test_bool_bad():
    bad("meeting_places", mp(free_to_use="misschien"), "free_to_use")


def test_int_rules():
    rec = {"name": "Koor", "geometry": IN_A}
    assert schema.validate_record("associations", {**rec, "size": "12"}, area=AREA)["size"] == 12
    bad("associations", {**rec, "size": "-1"}, "size")
    bad("associations", {**rec, "size": "1,5"}, "size")
    bad("associations", {**rec, "size": "veel"}, "size")


def test_url_rules():
    rec = {"name": "Koor", "geometry": IN_A}
    out = schema.validate_record("associations", {**rec, "website": "koor.example.org"},
                                 area=AREA)
    assert out["website"] == "https://koor.example.org"
    bad("associations", {**rec, "website": "javascript:alert(1)"}, "website")


def test_id_rule():
    rec = {"name": "Koor", "geometry": IN_A}
    bad("associations", {**rec, "meets_at": "niet-een-id"}, "meets_at")
    good = schema.new_id()
    assert schema.validate_record("associations", {**rec, "meets_at": good},
                                  area=AREA)["meets_at"] == good


def test_html_is_kept_as_text_and_control_chars_dropped():
    out = schema.validate_record("meeting_places",
                                 mp(name="<script>alert(1)</script>\x00", description="a\tb\nc"),
                                 area=AREA)
    assert out["name"] == "<script>alert(1)</script>"
    assert out["description"] == "a\tb\nc"


def test_location_required_and_point_only():
    bad("meeting_places", {"name": "x", "kind": "overig"}, "geometry")
    bad("meeting_places", mp(geometry=LineString([(5.0, 52.0), (5.01, 52.01)])), "geometry")
    bad("meeting_places", mp(geometry=Polygon([(5, 52), (5.01, 52), (5.01, 52.01)])), "geometry")
    bad("meeting_places", mp(geometry=Point()), "geometry")


@pytest.mark.parametrize("lon,lat", [(200, 52), (5, 95), (float("nan"), 52), (0, 0)])
def test_invalid_coordinates(lon, lat):
    bad("meeting_places", {"name": "x", "kind": "overig", "lon": lon, "lat": lat}, "geometry")


def test_lon_lat_keys_work():
    out = schema.validate_record("meeting_places",
                                 {"name": "x", "kind": "overig", "lon": "5.005", "lat": 52.005},
                                 area=AREA)
    assert out["geometry"].equals(IN_A)


def test_project_area_is_buurten_plus_2km():
    # about 1.4 km east of the buurten: inside the area, in no buurt
    near = Point(5.04, 52.005)
    out = schema.validate_record("meeting_places", mp(geometry=near), area=AREA)
    assert out["buurt_code"] is None
    # about 5 km east: outside
    e = bad("meeting_places", mp(geometry=Point(5.09, 52.005)), "geometry")
    assert "projectgebied" in str(e)


def test_no_area_accepts_any_valid_point():
    out = schema.validate_record("meeting_places", mp(geometry=Point(-73.98, 40.75)))
    assert out["buurt_code"] is None


def test_talent_needs_a_gift():
    bad("talents", talent(gifts_hand=None), "gifts_hand")


def test_talent_contact_needs_consent():
    e = bad("talents", talent(contact="06 1234"), "contact")
    assert "toestemming" in str(e)
    out = schema.validate_record("talents", talent(contact="06 1234",
                                                   consent_at="2026-11-21T20:00:00Z"), area=AREA)
    assert out["consent_version"] == schema.CONSENT_VERSION


def test_talent_default_visibility_is_facilitators_only():
    out = schema.validate_record("talents", talent(), area=AREA)
    assert out["visibility"] == "facilitators"


def test_talent_home_location_is_never_stored_buurt_precision():
    home = Point(5.0137, 52.0021)
    out = schema.validate_record("talents", talent(geometry=home), area=AREA)
    assert out["location_precision"] == "buurt"
    assert out["buurt_code"] == "BU0002"
    assert out["geometry"].equals(AREA.representative_point("BU0002"))
    assert not out["geometry"].equals(home)


def test_talent_grid100_is_a_cell_centre_in_rd():
    home = Point(5.0137, 52.0021)
    out = schema.validate_record("talents", talent(geometry=home, location_precision="grid100"),
                                 area=AREA)
    to_rd = Transformer.from_crs(4326, 28992, always_xy=True)
    x, y = to_rd.transform(out["geometry"].x, out["geometry"].y)
    assert abs((x % 100) - 50) < 0.01 and abs((y % 100) - 50) < 0.01
    hx, hy = to_rd.transform(home.x, home.y)
    assert abs(x - hx) <= 50.01 and abs(y - hy) <= 50.01
    again = schema.validate_record("talents", talent(geometry=out["geometry"],
                                                     location_precision="grid100"), area=AREA)
    assert again["geometry"].distance(out["geometry"]) < 1e-9


def test_talent_by_buurt_only():
    out = schema.validate_record("talents", talent(geometry=None, buurt_code="BU0001"),
                                 area=AREA)
    assert out["geometry"].equals(AREA.representative_point("BU0001"))
    bad("talents", talent(geometry=None, buurt_code="BU9999"), "buurt_code")


def test_talent_outside_buurten_with_buurt_precision_is_refused():
    bad("talents", talent(geometry=Point(5.04, 52.005)), "geometry")


def test_unknown_layer():
    with pytest.raises(ValidationError) as ei:
        schema.validate_record("castles", {"name": "x"})
    assert ei.value.field == "layer"


def test_validate_layer_reprojects_and_names_the_row():
    rd = gpd.GeoDataFrame({"name": ["A", "B"], "kind": ["school", "sport"]},
                          geometry=[IN_A, IN_B], crs=4326).to_crs(28992)
    before = rd.copy()
    out = schema.validate_layer("meeting_places", rd, area=AREA)
    assert out.crs.to_epsg() == 4326
    assert list(out["buurt_code"]) == ["BU0001", "BU0002"]
    assert out.geometry.iloc[0].distance(IN_A) < 1e-7
    rd.loc[1, "kind"] = "kasteel"
    with pytest.raises(ValidationError) as ei:
        schema.validate_layer("meeting_places", rd, area=AREA)
    assert str(ei.value).startswith("Rij 2:") and ei.value.field == "kind" and ei.value.row == 2
    assert before.drop(columns="kind").equals(rd.drop(columns="kind"))


def test_validate_layer_needs_crs():
    g = gpd.GeoDataFrame({"name": ["A"], "kind": ["school"]}, geometry=[IN_A])
    with pytest.raises(ValidationError):
        schema.validate_layer("meeting_places", g, area=AREA)


@pytest.mark.parametrize("raw,expected", [(-99999999, None), (-99995, None), (-99994, None),
                                          ("", None), (None, None), ("1200", 1200), (1200.0, 1200),
                                          ("x", None)])
def test_inwoners_secrecy_codes(raw, expected):
    assert schema.normalise_inwoners(raw) == expected


def test_validate_buurten():
    out = schema.validate_buurten(two_buurten())
    assert list(out.geom_type) == ["MultiPolygon", "MultiPolygon"]
    assert out["inwoners"].tolist() == [1200, None]
    assert 700_000 < out["area_m2"].iloc[0] < 800_000
    dup = two_buurten()
    dup.loc[1, "code"] = "BU0001"
    with pytest.raises(ValidationError) as ei:
        schema.validate_buurten(dup)
    assert ei.value.field == "code"
    pts = gpd.GeoDataFrame({"code": ["BU1"]}, geometry=[IN_A], crs=4326)
    with pytest.raises(ValidationError) as ei:
        schema.validate_buurten(pts)
    assert ei.value.field == "geometry"
    nocode = two_buurten()
    nocode.loc[0, "code"] = None
    with pytest.raises(ValidationError) as ei:
        schema.validate_buurten(nocode)
    assert ei.value.field == "code"


def test_every_error_message_is_dutch_and_names_a_field():
    cases = [("meeting_places", mp(name="")), ("meeting_places", mp(kind="x")),
             ("talents", talent(gifts_hand="")), ("associations", {"name": "a", "size": "x",
                                                                   "geometry": IN_A})]
    for layer, rec in cases:
        with pytest.raises(ValidationError) as ei:
            schema.validate_record(layer, rec, area=AREA)
        assert ei.value.field
        assert any(w in str(ei.value) for w in ("verplicht", "geldige", "getal", "gave", "Kies"))


def test_bidi_override_marks_are_removed_rtl_text_kept():
    out = schema.validate_record("meeting_places", mp(name="مرحبا\u202egnp.exe\u2066x\u2069"),
                                 area=AREA)
    assert out["name"] == "مرحباgnp.exex"


def test_layer_and_buurten_errors_in_english():
    dup = two_buurten()
    dup.loc[1, "code"] = "BU0001"
    with pytest.raises(ValidationError) as ei:
        schema.validate_buurten(dup)
    assert "Buurtcode: 'BU0001' komt twee keer voor." in str(ei.value)
    assert ei.value.text("en") == "Row 2: Neighbourhood code: 'BU0001' occurs twice."
    g = gpd.GeoDataFrame({"name": ["A"], "kind": ["school"]}, geometry=[IN_A])
    with pytest.raises(ValidationError) as ei:
        schema.validate_layer("meeting_places", g, area=AREA)
    assert ei.value.text("en") == ("Location: the layer has no coordinate reference system "
                                   "(CRS).")
