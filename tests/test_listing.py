"""The map as a list (issue 18 item 4): what the public list shows, and places to choose from a
list instead of the map."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from assetmap import listing, privacy, schema
from assetmap.store import GpkgStore

SPOT = Point(5.3370, 51.9498)  # in the Spoorkwartier of the demo
SPOOR = "BU99990104"


@pytest.fixture
def project(demo_path):
    """The demo with a public and a private talent in the Spoorkwartier, a pending place and a
    place with a hostile name."""
    with GpkgStore(demo_path) as s:
        s.add("talents", {"name": "Fietsen maken", "display_name": "Ans",
                          "gifts_hand": "fietsen", "visibility": "public", "geometry": SPOT},
              status="approved")
        s.add("talents", {"name": "Geheim talent", "display_name": "Verborgen Persoon",
                          "gifts_hand": "x", "contact": "0612345678",
                          "consent_at": schema.now_iso(),
                          "consent_version": schema.CONSENT_VERSION,
                          "visibility": "facilitators", "geometry": SPOT}, status="approved")
        s.add("meeting_places", {"name": "Nog niet goedgekeurd", "kind": "buurthuis",
                                 "geometry": SPOT})
        s.add("meeting_places", {"name": "<script>alert(1)</script> **vet**",
                                 "kind": "park_plein", "geometry": SPOT}, status="approved")
        layers = {layer: s.read(layer) for layer in schema.POINT_LAYERS}
        return layers, s.buurten(), s.streets()


def test_the_list_has_every_public_entry_and_nothing_private(project):
    layers, buurten, _ = project
    e = listing.public_entries(layers, buurten)
    # every layer, exactly the entries of the public map
    for layer in schema.POINT_LAYERS:
        assert set(e.loc[e["layer"] == layer, "id"]) == \
            set(privacy.public_view(layer, layers[layer])["id"])
    names = set(e["name"])
    assert "Fietsen maken" in names and "<script>alert(1)</script> **vet**" in names
    assert "Geheim talent" not in names and "Nog niet goedgekeurd" not in names
    text = e.astype(str).to_string()
    assert "Verborgen Persoon" not in text and "0612345678" not in text
    row = e.set_index("name").loc["Fietsen maken"]
    assert row["buurt"] == "Spoorkwartier" and row["buurt_code"] == SPOOR
    assert ("Voornaam of initialen", "Ans") in row["details"]  # as its popup on the map
    park = e.set_index("name").loc["<script>alert(1)</script> **vet**"]
    assert park["kind"] == "Park of plein"
    assert listing.public_entries(layers, buurten, lang="en").set_index("name").loc[
        "<script>alert(1)</script> **vet**", "kind"] == "Park or square"


def test_filter_by_name_buurt_and_layer(project):
    layers, buurten, _ = project
    e = listing.public_entries(layers, buurten)
    assert set(listing.filter_entries(e, query="  FIETSEN  MAKEN ")["name"]) == {"Fietsen maken"}
    assert set(listing.filter_entries(e, query="bibliotheek")["kind"]) == {"Bibliotheek"}
    spoor = listing.filter_entries(e, buurt=SPOOR)
    assert len(spoor) and set(spoor["buurt"]) == {"Spoorkwartier"}
    only = listing.filter_entries(e, layers=["wishes"])
    assert len(only) and set(only["layer"]) == {"wishes"}
    assert listing.filter_entries(e, query="niets-dat-bestaat").empty


def test_counts_per_buurt_hide_small_talent_counts_as_the_map_does(project):
    layers, buurten, _ = project
    c = listing.buurt_counts(layers, buurten).set_index("buurt_code")
    expected = privacy.talent_counts(layers["talents"])
    for code in c.index:
        want = privacy.public_count_text(expected[code]) if code in expected.index else "0"
        assert c.loc[code, "talents"] == want
    assert "<3" in set(c["talents"])  # the demo has buurten with 1 or 2 talents
    mp = privacy.public_view("meeting_places", layers["meeting_places"])
    assert c.loc[SPOOR, "meeting_places"] == str((mp["buurt_code"] == SPOOR).sum())


def test_a_street_from_the_list_lies_on_that_street_inside_that_buurt(project):
    _, buurten, streets = project
    spots = listing.street_spots(streets, buurten)
    assert len(spots) > 20 and spots["key"].is_unique
    assert list(spots["street"].str.casefold()) == sorted(spots["street"].str.casefold())
    work = buurten.estimate_utm_crs()
    b = buurten.set_index("code")
    for r in spots.itertuples():
        assert b.loc[r.buurt_code, "geometry"].contains(r.geometry), r.key
        assert r.buurt == b.loc[r.buurt_code, "name"]
        line = streets[streets["name"] == r.street].to_crs(work)
        pt = gpd.GeoSeries([r.geometry], crs=4326).to_crs(work).iloc[0]
        assert line.distance(pt).min() < 1.0, r.key


def test_without_streets_the_list_offers_the_middle_of_each_buurt():
    buurten = gpd.GeoDataFrame({"code": ["BU2", "BU1"], "name": ["Zuid", "Noord"]},
                               geometry=[box(5.0, 52.0, 5.01, 52.01),
                                         box(5.0, 52.01, 5.01, 52.02)], crs=4326)
    choices = listing.place_choices(None, buurten)
    assert list(choices["buurt"]) == ["Noord", "Zuid"]
    assert choices["street"].isna().all()
    for r in choices.itertuples():
        assert buurten.set_index("code").loc[r.buurt_code, "geometry"].contains(r.geometry)
    # a street that goes 4 m into a buurt is not offered there
    streets = gpd.GeoDataFrame({"name": ["Grensweg", "Korte Steeg"]},
                               geometry=[LineString([(5.0, 52.0099), (5.01, 52.0101)]),
                                         LineString([(5.005, 52.0104), (5.005, 52.00996)])],
                               crs=4326)
    spots = listing.street_spots(streets, buurten)
    assert set(zip(spots["street"], spots["buurt"], strict=True)) == {
        ("Grensweg", "Noord"), ("Grensweg", "Zuid"), ("Korte Steeg", "Noord")}
    assert listing.street_spots(streets.iloc[:0], buurten).empty
