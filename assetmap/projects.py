"""Several projects in one app process: a folder of GeoPackages or a PostGIS database with one
schema per wijk (``ASSETMAP_PROJECTS_DIR`` / ``ASSETMAP_PROJECTS_DB``, see :mod:`.config`).

A project is chosen by its *name* (``?project=noord`` in a join link, or the facilitator's
choice): the name is looked up in :func:`available`, never used as a path or a schema name of
its own, so a link cannot open anything outside the list.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import NotFoundError

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def in_folder(folder: str | Path) -> dict[str, str]:
    """``{name: path}`` of the ``.gpkg`` files directly in ``folder`` whose name (the file name
    without ``.gpkg``) is a plain lower-case name (letters, digits, ``-``, ``_``)."""
    p = Path(folder)
    if not p.is_dir():
        return {}
    out = {}
    for f in sorted(p.iterdir()):
        if f.suffix == ".gpkg" and f.is_file() and NAME_RE.match(f.stem):
            out[f.stem] = str(f)
    return out


def in_database(url: str) -> dict[str, str]:
    """``{name: project URL}`` of the assetmap projects (schemas with a ``meta`` table, not
    backups) in the PostGIS database at ``url``."""
    from .store.postgis import BACKUP_MARK, _psycopg, parse_url, with_project

    conninfo, _ = parse_url(url)
    psycopg = _psycopg()
    try:
        with psycopg.connect(conninfo, connect_timeout=10) as con:
            rows = con.execute("SELECT table_schema FROM information_schema.tables "
                               "WHERE table_name = 'meta' ORDER BY table_schema").fetchall()
    except psycopg.Error as exc:
        raise NotFoundError(key="projects_db_unreadable", params={"detail": exc}) from None
    return {s: with_project(url, s) for (s,) in rows
            if BACKUP_MARK not in s and NAME_RE.match(s)}


def available(folder: str | None, database: str | None) -> dict[str, str]:
    """Every project to choose from: ``{name: location}`` (a name in both: the folder's)."""
    out: dict[str, str] = {}
    if database:
        out.update(in_database(database))
    if folder:
        out.update(in_folder(folder))
    return dict(sorted(out.items()))


def location(name: str, projects: dict[str, str]) -> str:
    """The location of project ``name``; ``NotFoundError`` (Dutch) for any other text."""
    if not isinstance(name, str) or name not in projects:
        shown = name if isinstance(name, str) and NAME_RE.match(name) else "?"
        raise NotFoundError(field="project", key="project_unknown", params={"name": shown})
    return projects[name]
