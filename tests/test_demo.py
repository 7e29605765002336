"""The demo project: enough of every layer, deliberate gaps, and deterministic."""

from __future__ import annotations

import pyogrio

from assetmap import demo, schema
from assetmap.store import GpkgStore


def test_demo_has_enough_of_everything(demo_path):
    with GpkgStore(demo_path) as s:
        b = s.buurten()
        assert 8 <= len(b) <= 10  # Gi* hot spots need 8 buurten with inhabitants
        assert b["wijk_name"].nunique() == 1
        n = {layer: len(s.read(layer)) for layer in schema.ASSET_LAYERS}
        assert n["meeting_places"] >= 15 and n["talents"] >= 25
        assert n["associations"] >= 12 and n["entrepreneurs"] >= 12
        assert all(s.read(layer)["buurt_code"].notna().all() for layer in schema.ASSET_LAYERS)


def test_demo_has_deliberate_gaps(demo_path):
    with GpkgStore(demo_path) as s:
        counts = s.counts()
    names = counts.set_index("buurt")
    assert names.loc["De Akkers", "meeting_places"] == 0
    assert names.loc["Spoorkwartier", "associations"] == 0
    assert names.loc["Parkzoom", "entrepreneurs"] == 0
    assert names.loc["Spoorkwartier", "talents"] >= 5  # rich in people, poor in places


def test_demo_talents_respect_privacy(demo_path):
    with GpkgStore(demo_path) as s:
        t = s.read("talents")
        area = s.area()
    with_contact = t[t["contact"].notna()]
    assert with_contact["consent_at"].notna().all()
    buurt_prec = t[t["location_precision"] == "buurt"]
    for _, row in buurt_prec.iterrows():
        assert row.geometry.equals(area.representative_point(row["buurt_code"]))


def test_demo_has_streets_and_inhabitants_with_secrecy(demo_path):
    assert "streets" in dict(pyogrio.list_layers(demo_path))
    with GpkgStore(demo_path) as s:
        inw = s.buurten()["inwoners"]
        assert inw.isna().sum() == 1 and inw.dropna().gt(1000).all()
        assert len(s.streets()) > 100


def test_demo_is_deterministic():
    a = demo.demo_records()
    b = demo.demo_records()
    for layer in schema.ASSET_LAYERS:
        assert [r["geometry"].wkt for r in a[layer]] == [r["geometry"].wkt for r in b[layer]]


def test_data_readme_says_fictional():
    from tests.conftest import ROOT

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8").lower()
    assert "fictie" in text or "verzonnen" in text or "fictional" in text
