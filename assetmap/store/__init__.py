"""Storage backends behind one ``Store`` protocol; :func:`open_store` picks one by location."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ProjectError
from .base import Actor, BaseStore, Store, new_token
from .gpkg import GpkgStore

__all__ = ["Actor", "BaseStore", "GpkgStore", "Store", "new_token", "open_store"]


def open_store(location: str | os.PathLike[str], *, create: bool = False) -> BaseStore:
    """Open the project at ``location``: a ``.gpkg`` path (a ``postgresql://`` URL later)."""
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://", "postgresql+")):
        raise ProjectError("PostGIS-projecten worden nog niet ondersteund in deze versie.")
    p = Path(loc)
    if p.suffix.lower() != ".gpkg":
        raise ProjectError(f"Een project is een .gpkg-bestand, niet '{p.name}'.")
    return GpkgStore(p, create=create)
