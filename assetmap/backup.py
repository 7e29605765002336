"""Automatic backups of a project file: before imports, bulk deletes and when an evening closes.

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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import ProjectError, StorageError

KEEP = 20
FOLDER = "backups"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}T\d{6}\d{6}Z)-(?P<reason>[a-z0-9_]+)\.gpkg$")


@dataclass(frozen=True)
class Backup:
    """One backup file."""

    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        """``2026-11-21 20:15 (import)`` in UTC."""
        return f"{self.created:%Y-%m-%d %H:%M:%S} UTC ({self.reason})"


def backup_dir(project: str | os.PathLike[str]) -> Path:
    """The folder that holds the backups of ``project``."""
    return Path(project).resolve().parent / FOLDER


def make_backup(project: str | os.PathLike[str], *, reason: str = "handmatig",
                keep: int = KEEP) -> Path:
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
    Path
        The new backup file.
    """
    src_path = Path(project)
    if not src_path.is_file():
        raise ProjectError(f"Project niet gevonden: {src_path}")
    folder = backup_dir(src_path)
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9_]+", "_", reason.lower()).strip("_") or "backup"
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
    prune(src_path, keep=keep)
    return target


def backup_store(store: Any, *, reason: str = "handmatig", keep: int = KEEP) -> Path | None:
    """Back up the project file behind ``store``; ``None`` for stores without a file
    (a PostGIS database has its own backups)."""
    path = getattr(store, "path", None)
    if path is None or not Path(path).is_file():
        return None
    return make_backup(path, reason=reason, keep=keep)


def list_backups(project: str | os.PathLike[str]) -> list[Backup]:
    """The backups of ``project``, newest first."""
    p = Path(project)
    folder = backup_dir(p)
    if not folder.is_dir():
        return []
    out = []
    for f in folder.iterdir():
        m = _NAME.match(f.name)
        if not m or m["stem"] != p.stem:
            continue
        created = datetime.strptime(m["at"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        out.append(Backup(f, created, m["reason"], f.stat().st_size))
    return sorted(out, key=lambda b: b.created, reverse=True)


def prune(project: str | os.PathLike[str], *, keep: int = KEEP) -> int:
    """Delete all but the newest ``keep`` backups; returns how many were deleted."""
    old = list_backups(project)[keep:]
    for b in old:
        b.path.unlink(missing_ok=True)
    return len(old)


def restore(project: str | os.PathLike[str], backup: str | os.PathLike[str], *,
            store: Any = None) -> Path:
    """Put the content of ``backup`` back into ``project`` in one atomic step.

    The current state is backed up first (reason ``voor_herstel``); its path is returned.
    Pass the open ``store`` of the project so that its cached project area is refreshed.
    """
    b = Path(backup)
    if not b.is_file():
        raise ProjectError(f"Reservekopie niet gevonden: {b.name}")
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
        raise StorageError(f"Herstellen mislukt: {exc}") from None
    try:
        before = make_backup(project, reason="voor_herstel")
        dst = sqlite3.connect(Path(project), timeout=30)
        try:
            mem.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise StorageError(f"Herstellen mislukt: {exc}") from None
    finally:
        mem.close()
    if store is not None and hasattr(store, "_area_cache"):
        store._area_cache = None  # the buurten may differ while their version number does not
    return before


def _check_project_file(path: Path) -> None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
        finally:
            con.close()
    except sqlite3.Error:
        raise ProjectError(f"{path.name} is geen geldig project.") from None
    if "buurten" not in tables:
        raise ProjectError(f"{path.name} is geen assetmap-project.")


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
        raise StorageError(f"Reservekopie maken mislukt: {exc}") from None
