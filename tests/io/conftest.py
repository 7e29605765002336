"""Helpers for the importer tests: a snapshot of everything in a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from assetmap import schema
from assetmap.store import Actor, GpkgStore
from tests.conftest import two_buurten
from tests.fakes.pdok_server import pdok_server  # noqa: F401 - makes the fixture known


def snapshot(store) -> dict:
    """Everything an import could change: rows of every layer (without geometry objects)."""
    out = {}
    for name in [*schema.ASSET_LAYERS, "buurten"]:
        g = store.read(name)
        out[name] = sorted(map(str, g.drop(columns=g.geometry.name).astype(str).values.tolist()))
    out["audit"] = len(store.audit_log())
    out["evenings"] = len(store.evenings())
    return out


@pytest.fixture
def empty_project(tmp_path) -> GpkgStore:
    store = GpkgStore(tmp_path / "leeg.gpkg", create=True)
    yield store
    store.close()


@pytest.fixture
def testdam(tmp_path) -> GpkgStore:
    """Two buurten around (5.0, 52.0), the same as ``tests.conftest.project``."""
    store = GpkgStore(tmp_path / "testdam.gpkg", create=True)
    store.set_buurten(two_buurten(), actor=Actor.system())
    yield store
    store.close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
