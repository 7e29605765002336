"""``ASSETMAP_PROJECTS_DB``: the projects of one PostGIS database, one schema per wijk, listed
by name without their backups."""

from __future__ import annotations

import pytest

from assetmap import projects
from assetmap.errors import NotFoundError
from assetmap.store import open_store


def test_projects_in_a_database(pg_cluster):
    url = f"{pg_cluster.url}?project=ignored"
    for name in ("wijk_noord", "wijk_zuid"):
        with open_store(f"{pg_cluster.url}?project={name}", create=True) as s:
            if name == "wijk_noord":
                s.backup(reason="test")
    found = projects.available(None, url)
    assert {"wijk_noord", "wijk_zuid"} <= set(found)
    assert not [n for n in found if "__b" in n]
    loc = projects.location("wijk_zuid", found)
    with open_store(loc) as s:
        assert s.name == "wijk_zuid"
    with pytest.raises(NotFoundError):
        projects.location("wijk_noord__b1", found)
