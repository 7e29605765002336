"""Backups of a GeoPackage project file: the file-level work behind ``GpkgStore.backup()``.

Callers use the store (``store.backup(reason)``, ``store.backups()``, ``store.restore(id)``),
which works for every backend; this module is what :class:`~assetmap.store.GpkgStore` uses.
Backups are made before imports, bulk deletes and when an evening closes.

A backup is a consistent copy made with SQLite's online backup API (safe while the app has the
project open in WAL mode), kept in a ``backups/`` folder next to the project as
``<project>-<UTC time>-<reason>.gpkg``. Only the newest :data:`KEEP` backups are kept.

Restoring copies a backup *into* the project through the same API: SQLite takes the write lock
and replaces every page in one step, so other connections see either the old or the restored
project, never a mix, and no stale ``-wal`` file is left behind (which replacing the file on disk
could cause). The state just before a restore is backed up first, so a restore can be undone.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from .errors import ProjectError, StorageError
from .store.base import KEEP_BACKUPS, BackupInfo, reason_slug

KEEP = KEEP_BACKUPS
FOLDER = "backups"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}T\d{6}\d{6}Z)-(?P<reason>[a-z0-9_]+)\.gpkg$")


def backup_dir(project: str | os.PathLike[str]) -> Path:
    """The folder that holds the backups of ``project``."""
    return Path(project).resolve().parent / FOLDER


def make_backup(project: str | os.PathLike[str], *, reason: str = "handmatig",
                keep: int = KEEP) -> BackupInfo:
    """Copy ``project`` consistently into its backup folder; keep the newest ``keep``.

    Parameters
    ----------
    project
        Path of the project GeoPackage.
    reason
        A short word stored in the file name (``import``, ``verwijderen``, ``avond``…).
    keep
        How many backups of this project to keep.

    Returns
    -------
    BackupInfo
        The new backup (its file in ``path``).
    """
    src_path = Path(project)
    if not src_path.is_file():
        raise ProjectError(key="store_project_not_found", params={"path": src_path})
    folder = backup_dir(src_path)
    folder.mkdir(parents=True, exist_ok=True)
    slug = reason_slug(reason)
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S%f") + "Z"
    target = folder / f"{src_path.stem}-{stamp}-{slug}.gpkg"
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        _copy_db(src_path, tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    info = BackupInfo(target.name, now, slug, target.stat().st_size, path=target)
    prune(src_path, keep=keep)
    return info


def _info(f: Path, stem: str) -> BackupInfo | None:
    m = _NAME.match(f.name)
    if not m or m["stem"] != stem:
        return None
    created = datetime.strptime(m["at"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    return BackupInfo(f.name, created, m["reason"], f.stat().st_size, path=f)


def list_backups(project: str | os.PathLike[str]) -> list[BackupInfo]:
    """The backups of ``project``, newest first."""
    p = Path(project)
    folder = backup_dir(p)
    if not folder.is_dir():
        return []
    out = [b for f in folder.iterdir() if (b := _info(f, p.stem)) is not None]
    return sorted(out, key=lambda b: b.created, reverse=True)


def prune(project: str | os.PathLike[str], *, keep: int = KEEP) -> int:
    """Delete all but the newest ``keep`` backups; returns how many were deleted."""
    old = list_backups(project)[keep:]
    for b in old:
        if b.path is not None:
            b.path.unlink(missing_ok=True)
    return len(old)


def restore(project: str | os.PathLike[str], backup: str | os.PathLike[str]) -> BackupInfo:
    """Put the content of the file ``backup`` back into ``project`` in one atomic step.

    The current state is backed up first (reason ``voor_herstel``); that backup is returned.
    An open store of the project must forget its caches afterwards
    (``GpkgStore.restore`` does).
    """
    b = Path(backup)
    if not b.is_file():
        raise ProjectError(key="store_backup_not_found", params={"name": b.name})
    _check_project_file(b)
    try:
        # read the backup first: making the undo-backup below may prune this very file
        mem = sqlite3.connect(":memory:")
        src = sqlite3.connect(f"file:{b}?mode=ro", uri=True)
        try:
            src.backup(mem)
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise StorageError(key="store_restore_failed", params={"detail": exc}) from None
    try:
        before = make_backup(project, reason="voor_herstel")
        dst = sqlite3.connect(Path(project), timeout=30)
        try:
            mem.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise StorageError(key="store_restore_failed", params={"detail": exc}) from None
    finally:
        mem.close()
    return before


def _check_project_file(path: Path) -> None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
        finally:
            con.close()
    except sqlite3.Error:
        raise ProjectError(key="store_not_valid_project", params={"name": path.name}) from None
    if "buurten" not in tables:
        raise ProjectError(key="store_not_assetmap_project", params={"name": path.name})


def _copy_db(src_path: Path, dst_path: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(dst_path)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            src.close()
            dst.close()
    except sqlite3.Error as exc:
        raise StorageError(key="store_backup_failed", params={"detail": exc}) from None
