"""Copy a whole project between stores (GeoPackage ⇄ PostGIS), losslessly.

Everything is copied as stored, without validating again: ids, timestamps, statuses, geometry,
buurt codes, evenings, the audit log, the street lines and the grid of the paper worksheets.
The destination is created when it is missing; a destination that already holds data is
refused unless ``overwrite=True``.
A GeoPackage destination is written to a temporary file next to it and moved into place at the
end; a PostGIS destination is filled in one transaction. Either way a failed copy leaves the
destination as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd

from .. import schema
from ..errors import ProjectError
from ..paper_grid import PAPER_GRID
from . import is_database_url, open_store
from .base import STREETS, BaseStore, gdf_rows, iter_chunks
from .gpkg import GpkgStore

CHUNK = 1000


@dataclass
class CopyReport:
    """Rows copied per layer (and ``streets``)."""

    source: str
    destination: str
    counts: dict[str, int] = field(default_factory=dict)
    backup: Any = None  # the backup of the overwritten destination (BackupInfo), if any

    def summary(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in self.counts.items())


def copy_project(src: str | os.PathLike[str], dst: str | os.PathLike[str], *,
                 overwrite: bool = False) -> CopyReport:
    """Copy the project at ``src`` to ``dst`` (each a ``.gpkg`` path or a PostgreSQL URL).

    Raises
    ------
    ProjectError
        ``src`` cannot be opened, ``src`` and ``dst`` are the same, or ``dst`` holds data and
        ``overwrite`` is false.
    """
    s_loc, d_loc = str(src), str(dst)
    if _same(s_loc, d_loc):
        raise ProjectError(key="copy_same_project")
    with open_store(s_loc) as source:
        report = CopyReport(_shown(s_loc), _shown(d_loc))
        if overwrite:
            report.backup = backup_before_overwrite(d_loc)
        if is_database_url(d_loc):
            _to_postgis(source, d_loc, overwrite=overwrite, report=report)
        else:
            _to_gpkg(source, Path(d_loc), overwrite=overwrite, report=report)
    return report


def backup_before_overwrite(location: str | os.PathLike[str]) -> Any:
    """Back up the project at ``location`` before ``--overwrite`` replaces it (issue 12);
    ``None`` when there is nothing there. The backup lands where the project's own backups
    are (``backups/`` next to a GeoPackage, a backup schema in the database), so Beheer can
    put it back. A file that cannot be backed up is not overwritten (``StorageError``)."""
    loc = str(location)
    if not is_database_url(loc):
        p = Path(loc)
        if not p.exists():
            return None
        from .. import backup as files

        return files.make_backup(p, reason="voor_overschrijven")
    try:
        store = open_store(loc)
    except ProjectError:
        return None  # no such project in the database yet
    with store:
        return store.backup(reason="voor_overschrijven")


def _same(a: str, b: str) -> bool:
    if is_database_url(a) or is_database_url(b):
        return a == b
    return Path(a).resolve() == Path(b).resolve()


def _shown(loc: str) -> str:
    if is_database_url(loc):
        from .postgis import redact

        return redact(loc)
    return loc


def has_data(store: BaseStore) -> bool:
    """Whether any table of ``store`` holds a row (or it keeps street lines)."""
    for name, spec in schema.ALL_LAYERS.items():
        frame = store.read(name) if spec.geometry else store.read_table(name)
        if len(frame):
            return True
    streets = store.streets()
    return streets is not None and len(streets) > 0


def _refuse(dst: str) -> ProjectError:
    return ProjectError(key="copy_target_has_data", params={"dst": dst})


def _to_postgis(source: BaseStore, url: str, *, overwrite: bool, report: CopyReport) -> None:
    from .postgis import PostgisStore

    with PostgisStore(url, create=True) as dest:
        with dest.transaction() as tx:
            if has_data(dest):
                if not overwrite:
                    raise _refuse(report.destination)
                dest._clear(tx)
            _transfer(source, dest, tx, report)
            streets = _streets(source)
            if streets is not None:
                dest._write_extra(tx, STREETS, streets)
                report.counts["streets"] = len(streets)
            grid = source.read_extra_layer(PAPER_GRID)
            if grid is not None and len(grid):
                dest._write_extra(tx, PAPER_GRID, grid)
        dest.invalidate_caches()


def _to_gpkg(source: BaseStore, path: Path, *, overwrite: bool, report: CopyReport) -> None:
    import pyogrio

    if path.suffix.lower() != ".gpkg":
        raise ProjectError(key="store_not_gpkg", params={"name": path.name})
    if path.exists() and not overwrite:
        with GpkgStore(path) as existing:
            if has_data(existing):
                raise _refuse(report.destination)
    tmp = path.with_name(f".{path.stem}.copy-tmp.gpkg")
    _unlink_db(tmp)
    try:
        dest = GpkgStore(tmp, create=True)
        try:
            with dest.transaction() as tx:
                _transfer(source, dest, tx, report)
            grid = source.read_extra_layer(PAPER_GRID)
            if grid is not None and len(grid):
                dest.write_extra_layer(PAPER_GRID, grid)
        finally:
            dest.close()
        streets = _streets(source)
        if streets is not None:
            pyogrio.write_dataframe(streets, tmp, layer=STREETS, driver="GPKG")
            report.counts["streets"] = len(streets)
        # a stale -wal of the old file must never be applied to the new one
        for suffix in ("-wal", "-shm"):
            q = Path(str(path) + suffix)
            if q.exists():
                q.unlink()
        os.replace(tmp, path)
    finally:
        _unlink_db(tmp)


def _unlink_db(p: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        q = Path(str(p) + suffix)
        if q.exists():
            q.unlink()


def _streets(source: BaseStore) -> gpd.GeoDataFrame | None:
    streets = source.streets()
    if streets is None:
        return None
    return streets.to_crs(4326) if streets.crs is not None else streets.set_crs(4326)


def _table_rows(frame: Any) -> list[dict[str, Any]]:
    return [{k: (None if schema.is_na(v) else v) for k, v in rec.items()}
            for rec in frame.to_dict("records")]


def _transfer(source: BaseStore, dest: BaseStore, tx: Any, report: CopyReport) -> None:
    buurten = gdf_rows(source.read("buurten"))
    if buurten:
        dest._replace_buurten(tx, buurten)
    report.counts["buurten"] = len(buurten)
    for name, spec in schema.ALL_LAYERS.items():
        if name == "buurten":
            continue
        if spec.geometry:
            rows = gdf_rows(source.read(name))
        else:
            rows = _table_rows(source.read_table(name))
        for chunk in iter_chunks(rows, CHUNK):
            dest._insert(tx, name, list(chunk))
        report.counts[name] = len(rows)
