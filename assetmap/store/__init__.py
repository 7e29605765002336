"""Storage backends behind one ``Store`` protocol; :func:`open_store` picks one by location.

A location is either a GeoPackage file (``project.gpkg``) or a PostgreSQL + PostGIS URL with
the project's name as a query parameter; each project is one schema of the database::

    postgresql://user:password@host:5432/database?project=zaanstad

(``?project=`` may be left out: the project is then ``assetmap``). See :mod:`.postgis`.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ProjectError
from .base import Actor, BaseStore, Store, is_resident_token, new_token
from .gpkg import GpkgStore

__all__ = ["Actor", "BaseStore", "GpkgStore", "Store", "is_resident_token", "new_token",
           "open_store"]


def is_database_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a file."""
    return str(location).startswith(("postgresql://", "postgres://", "postgresql+"))


def open_store(location: str | os.PathLike[str], *, create: bool = False) -> BaseStore:
    """Open the project at ``location``: a ``.gpkg`` path or a ``postgresql://`` URL.

    With ``create=True`` a missing project is created (a new file, or a new schema).
    """
    loc = str(location)
    if is_database_url(loc):
        from .postgis import PostgisStore

        return PostgisStore(loc, create=create)
    p = Path(loc)
    if p.suffix.lower() != ".gpkg":
        raise ProjectError(key="store_not_gpkg_or_url", params={"name": p.name})
    return GpkgStore(p, create=create)
