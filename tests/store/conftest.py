"""Store fixtures: a throwaway PostgreSQL + PostGIS cluster and ``store`` over both backends.

``pg_cluster`` starts one cluster per test session (see :mod:`tests.store.pg`) and skips with a
clear reason when the PostgreSQL or PostGIS binaries are missing; under
``ASSETMAP_REQUIRE_ALL=1`` (CI) that skip is a failure, as intended. Every test gets its own
project (schema) in the cluster's database.
"""

from __future__ import annotations

import itertools
import re

import pytest

from assetmap.store import Actor, open_store
from tests.conftest import two_buurten
from tests.store.pg import Cluster, find_bindir, start_cluster

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Cluster:
    bindir, why = find_bindir()
    if bindir is None:
        pytest.skip(why)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'assetmap[postgis]')")
    cluster = start_cluster(bindir)
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster, request) -> str:
    """The URL of a new, not yet created project in the throwaway cluster."""
    slug = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40].strip("_")
    return f"{pg_cluster.url}?project=t{next(_names)}_{slug}"


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, tmp_path):
    """A new project with two buurten, in a GeoPackage or in PostGIS."""
    if request.param == "gpkg":
        location = str(tmp_path / "project.gpkg")
    else:
        location = request.getfixturevalue("pg_url")
    s = open_store(location, create=True)
    s.set_buurten(two_buurten(), actor=Actor.system())
    yield s
    s.close()
