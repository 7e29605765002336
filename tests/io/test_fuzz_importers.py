"""Hypothesis over the importers: only our own errors, and a rejected input changes nothing."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assetmap.errors import AssetMapError
from assetmap.io import cbs, osm_assets, tabular
from tests.io.conftest import snapshot

SETTINGS = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

cell = st.one_of(st.text(max_size=12), st.sampled_from(
    ["52,005", "5.005", "0", "=1+1", "@x", "-", "NULL", "x", "52.0055", "1.234,5", "\u00a0"]))
header = st.sampled_from(["naam", "Naam ", "lat", "LON", "breedtegraad", "x", "y", "adres",
                          "straat", "huisnummer", "soort", "omschrijving", "website", "?"])


@st.composite
def csv_bytes(draw):
    cols = draw(st.lists(header, min_size=1, max_size=6))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(cell, min_size=len(cols), max_size=len(cols)), max_size=6))
    text = "\n".join(sep.join(r) for r in [cols, *rows])
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(enc, errors="replace")


@SETTINGS
@given(data=csv_bytes())
def test_spreadsheet_import_fuzz(testdam, data):
    before = snapshot(testdam)
    try:
        rep = tabular.import_table(testdam, data, "meeting_places", filename="f.csv",
                                   backup=False)
    except AssetMapError:
        assert snapshot(testdam) == before
        return
    if rep.imported == 0:
        assert snapshot(testdam) == before
    assert rep.imported + len(rep.rejected) + rep.duplicates == rep.total


element = st.fixed_dictionaries(
    {"type": st.sampled_from(["node", "way", "relation", "area", 3])},
    optional={"id": st.integers(-5, 10**6), "lat": st.floats(allow_nan=True),
              "lon": st.floats(allow_nan=True),
              "tags": st.dictionaries(st.sampled_from(["amenity", "shop", "club", "name",
                                                       "leisure", "website", "wheelchair"]),
                                      st.text(max_size=10), max_size=4),
              "center": st.fixed_dictionaries({"lat": st.floats(51, 53),
                                               "lon": st.floats(4, 6)}),
              "nodes": st.lists(st.integers(0, 5), max_size=4)})


@SETTINGS
@given(elements=st.lists(element, max_size=8))
def test_overpass_import_fuzz(testdam, tmp_path, elements):
    p = tmp_path / "o.json"
    p.write_text(json.dumps({"elements": elements}))
    before = snapshot(testdam)
    try:
        rep = osm_assets.import_osm(testdam, p, backup=False)
    except AssetMapError:
        assert snapshot(testdam) == before
        return
    if rep.imported == 0:
        assert snapshot(testdam) == before


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=200), st.builds(
    lambda feats: json.dumps({"type": "FeatureCollection", "features": feats}).encode(),
    st.lists(st.fixed_dictionaries({"type": st.just("Feature"), "properties": st.dictionaries(
        st.sampled_from(["buurtcode", "BU_NAAM", "aant_inw", "water"]),
        st.one_of(st.text(max_size=6), st.integers(-10**8, 10**5)), max_size=4),
        "geometry": st.one_of(st.none(), st.just({"type": "Point", "coordinates": [5, 52]}),
                              st.just({"type": "Polygon", "coordinates": [[[5, 52], [5.01, 52],
                                                                           [5.01, 52.01],
                                                                           [5, 52]]]}))}),
        max_size=3))))
def test_buurten_import_fuzz(testdam, tmp_path, raw):
    p = tmp_path / "b.geojson"
    p.write_bytes(raw)
    before = snapshot(testdam)
    try:
        cbs.import_buurten(testdam, p, backup=False)
    except AssetMapError:
        assert snapshot(testdam) == before
