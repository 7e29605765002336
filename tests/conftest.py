"""Shared fixtures.

Under ``ASSETMAP_REQUIRE_ALL=1`` (set by ``.ci/run``) a skipped test counts as a failure: CI must
run everything, while a developer without Chromium or PostgreSQL still gets a green local run with
clear skip reasons.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from assetmap.store import Actor, GpkgStore

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data next to the checkout; ASSETMAP_SHARED_DATA points elsewhere (a git worktree)
SHARED_DATA = Path(os.environ.get("ASSETMAP_SHARED_DATA") or ROOT.parent / "shared" / "data")
REQUIRE_ALL = os.environ.get("ASSETMAP_REQUIRE_ALL") == "1"
CHROMIUM = os.environ.get("ASSETMAP_CHROMIUM", "/usr/bin/chromium")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if REQUIRE_ALL and rep.skipped and not hasattr(rep, "wasxfail"):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        rep.outcome = "failed"
        rep.longrepr = f"skipped under ASSETMAP_REQUIRE_ALL=1: {reason}"


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (its hook adds '@group')
def pytest_collection_modifyitems(config, items):
    """With ``-n 2`` (pytest-xdist, ``--dist loadgroup``, as ``make test`` runs): the browser
    tests stay together on one worker, one after the other (each starts servers and
    Chromium), while the other worker runs the rest."""
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.xdist_group("browser"))


def shared(*parts: str) -> Path:
    """A path in ../shared/data; skips (fails in CI) when it is not there."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared data not found: {p} (the tests read ../shared/data)")
    return p


def require_chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"system Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


# a small square project: two buurten of about 700 x 1100 m in the Netherlands
BUURT_A = box(5.00, 52.00, 5.01, 52.01)
BUURT_B = box(5.01, 52.00, 5.02, 52.01)


def two_buurten() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["BU0001", "BU0002"], "name": ["Noord", "Zuid"], "inwoners": [1200, -99999999],
         "gemeente": ["Testdam", "Testdam"]},
        geometry=[BUURT_A, BUURT_B], crs=4326)


@pytest.fixture
def project(tmp_path) -> GpkgStore:
    """A new project with two buurten (in a tmp dir)."""
    store = GpkgStore(tmp_path / "project.gpkg", create=True)
    store.set_buurten(two_buurten(), actor=Actor.system())
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    from assetmap.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("demo") / "demo.gpkg")


@pytest.fixture
def demo_path(demo_master, tmp_path) -> Path:
    """A fresh copy of the demo project for one test."""
    p = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_master, p)
    return p


@pytest.fixture
def chromium_args() -> list[str]:
    return ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage"]
