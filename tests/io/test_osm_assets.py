"""OpenStreetMap assets: the mapping table, files, Overpass (stand-in), no duplicates."""

from __future__ import annotations

import json

import pytest

from assetmap import schema
from assetmap.errors import GeocodeError, ImportFormatError
from assetmap.io import osm_assets as oa
from tests.conftest import shared
from tests.io.conftest import snapshot

PBF = ("osm-amsterdam-watergraafsmeer-2016", "amsterdam.osm.pbf")


@pytest.mark.parametrize(("tags", "layer", "kind"), [
    ({"amenity": "community_centre"}, "meeting_places", "buurthuis"),
    ({"amenity": "library"}, "meeting_places", "bibliotheek"),
    ({"amenity": "place_of_worship"}, "meeting_places", "gebedshuis"),
    ({"amenity": "social_facility"}, "meeting_places", "overig"),
    ({"leisure": "park"}, "meeting_places", "park_plein"),
    ({"leisure": "playground"}, "meeting_places", "park_plein"),
    ({"leisure": "sports_centre"}, "meeting_places", "sport"),
    ({"leisure": "pitch"}, "meeting_places", "sport"),
    ({"amenity": "cafe"}, "meeting_places", "horeca"),
    ({"amenity": "restaurant"}, "meeting_places", "horeca"),
    ({"shop": "bakery"}, "entrepreneurs", None),
    ({"craft": "carpenter"}, "entrepreneurs", None),
    ({"club": "sport"}, "associations", None),
    ({"amenity": "bench"}, None, None),
    ({"shop": "no"}, None, None),
])
def test_mapping_table(tags, layer, kind):
    rule = oa.match(tags)
    assert (rule.layer if rule else None) == layer
    if kind:
        assert dict(rule.fixed)["kind"] == kind
        assert kind in schema.MEETING_KINDS


def test_amsterdam_pbf_twice(empty_project):
    rep = oa.import_osm(empty_project, shared(*PBF))
    assert rep.imported == 7, rep.lines()  # 6 pitches (1 node, 5 ways) + sports centre Drieburg
    g = empty_project.read("meeting_places")
    assert set(g["kind"]) == {"sport"} and set(g["status"]) == {"pending"}
    assert set(g["source"]) == {"osm"}
    assert {"node/34048072", "way/364958257"} <= set(g["source_ref"])
    assert "Drieburg" in set(g["name"]) and "Sportveld" in set(g["name"])
    before = snapshot(empty_project)
    rep2 = oa.import_osm(empty_project, shared(*PBF))
    assert rep2.imported == 0 and rep2.duplicates == 7
    assert snapshot(empty_project) == before


def test_overpass_json_file_and_project_area(tmp_path, testdam, pdok_server):
    p = tmp_path / "export.json"
    from tests.fakes.pdok_server import OVERPASS_ELEMENTS

    far = {"type": "node", "id": 999, "lat": 53.2, "lon": 6.5, "tags": {"shop": "bakery"}}
    p.write_text(json.dumps({"elements": [*OVERPASS_ELEMENTS, far]}))
    rep = oa.import_osm(testdam, p)
    assert rep.imported == 4
    assert any("buiten het projectgebied" in n for n in rep.notes)
    e = testdam.read("entrepreneurs")
    assert e["sector"].tolist() == ["bakery"] and e["website"].tolist() == [
        "https://bakkerijbol.nl"]
    assert testdam.read("associations")["name"].tolist() == ["Volleybalclub Testdam"]
    mp = testdam.read("meeting_places")
    assert set(mp["name"]) == {"Buurthuis De Kroon", "Speeltuin"}
    assert bool(mp.loc[mp["name"] == "Buurthuis De Kroon", "accessible"].item())


def test_fetch_overpass_from_stand_in(testdam, pdok_server):
    b = tuple(testdam.buurten().total_bounds)
    feats = oa.fetch_overpass(b, url=pdok_server.overpass_url)
    assert len(feats) == 4
    assert "nwr[\"leisure\"=\"playground\"]" in oa.overpass_query(b)
    rep = oa.import_osm(testdam, features=feats)
    assert rep.imported == 4
    pdok_server.fail = True
    with pytest.raises(GeocodeError, match="Overpass"):
        oa.fetch_overpass(b, url=pdok_server.overpass_url)


def test_bad_osm_files(tmp_path, testdam):
    before = snapshot(testdam)
    bad = tmp_path / "kapot.osm.pbf"
    bad.write_bytes(b"\x00\x01 dit is geen pbf" * 20)
    with pytest.raises(ImportFormatError, match="OpenStreetMap"):
        oa.import_osm(testdam, bad)
    j = tmp_path / "x.json"
    j.write_text('{"a": 1}')
    with pytest.raises(ImportFormatError, match="elements"):
        oa.import_osm(testdam, j)
    empty = tmp_path / "leeg.osm"
    empty.write_bytes(b"")
    with pytest.raises(ImportFormatError, match="leeg"):
        oa.import_osm(testdam, empty)
    assert snapshot(testdam) == before
