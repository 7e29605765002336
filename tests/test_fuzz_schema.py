"""Fuzzing record validation and the store with hypothesis (at least 2,000 examples in CI
together with the importer fuzz tests): only our own errors, and a rejected input changes
nothing."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

from assetmap import schema
from assetmap.errors import AssetMapError, ValidationError
from assetmap.store import Actor
from tests.conftest import two_buurten

AREA = schema.ProjectArea.from_buurten(two_buurten())

text = st.one_of(st.none(), st.text(max_size=300), st.just("<script>alert(1)</script>"),
                 st.just("x" * 2001), st.integers(), st.floats(allow_nan=True),
                 st.booleans(), st.binary(max_size=20))
coord = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=32),
                  st.floats(4.99, 5.03), st.floats(51.99, 52.02))
geometry = st.one_of(
    st.none(), st.builds(lambda x, y: Point(x, y), coord, coord),
    st.just(LineString([(5, 52), (5.01, 52.01)])), st.just(Point()), st.text(max_size=5))
fields = sorted({f.name for layer in schema.LAYERS.values() for f in layer.fields}
                | {"lon", "lat", "geometry", "onbekend"})
record = st.dictionaries(st.sampled_from(fields), st.one_of(text, geometry), max_size=12)


@settings(max_examples=1500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(layer=st.sampled_from(schema.ASSET_LAYERS), rec=record)
def test_validate_record_raises_only_validation_error(layer, rec):
    try:
        out = schema.validate_record(layer, rec, area=AREA)
    except ValidationError as exc:
        assert exc.field is not None or exc.message
        return
    # what passes is complete and safe
    assert out["geometry"].geom_type == "Point"
    assert AREA.contains(out["geometry"])
    assert out["name"] and len(out["name"]) <= schema.NAME_MAX


def _fingerprint(store) -> str:
    h = hashlib.sha256()
    for layer in [*schema.ASSET_LAYERS, "evenings", "audit"]:
        h.update(store.read(layer).drop(columns="geometry", errors="ignore")
                 .to_csv().encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    from assetmap.store import GpkgStore

    s = GpkgStore(tmp_path_factory.mktemp("fuzz") / "p.gpkg", create=True)
    s.set_buurten(two_buurten(), actor=Actor.system())
    yield s
    s.close()


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(layer=st.sampled_from(schema.ASSET_LAYERS), rec=record)
def test_store_unchanged_after_rejected_input(fuzz_store, layer, rec):
    before = _fingerprint(fuzz_store)
    try:
        rid = fuzz_store.add(layer, rec, actor=Actor.resident("f" * 20))
    except AssetMapError:
        assert _fingerprint(fuzz_store) == before
    else:
        fuzz_store.delete(layer, rid, actor=Actor.system())  # keep the store small
