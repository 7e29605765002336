"""The ``Store`` protocol and the logic every store shares.

A store keeps one project: the four asset layers and the wishes, the buurten, the theme
evenings, the links between entries and the audit log. Backends (:mod:`.gpkg`,
:mod:`.postgis`) implement a handful of primitives; validation, ownership checks and audit
rows live here once, so that every backend behaves the same.

Every capability a caller may use is declared on :class:`BaseStore`, with a default or a clear
error, so that no caller has to probe a store with ``hasattr``:

- identity: ``location`` (what :func:`assetmap.store.open_store` took), ``path`` (the project
  file, ``None`` for a database) and ``name`` (short, for file names);
- extra layers outside the schema (``streets``, the cached walking network): ``streets()``,
  ``read_extra_layer(name)``, ``write_extra_layer(name, gdf)``;
- caches: ``area()`` (the project area, cached until the buurten change) and
  ``invalidate_caches()``;
- backups: ``backup(reason)``, ``backups()``, ``restore(backup_id)``, ``prune_backups(keep)``
  and ``open_backup(backup_id)``, each backup described by a :class:`BackupInfo`;
- history: ``history()``, ``derive_history()``, ``buurten_archive()`` and ``forget(entries)``;
  every change to an entry writes a history row in :meth:`BaseStore._audit` (what is kept and
  why: :mod:`assetmap.store.history`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, Self, runtime_checkable

import geopandas as gpd
import numpy as np
import pandas as pd

from .. import schema
from ..errors import (
    ChangedMeanwhileError,
    NotFoundError,
    PermissionDeniedError,
    ProjectError,
    StorageError,
    ValidationError,
)
from . import history

JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud
JOIN_LENGTH = 6
KEEP_BACKUPS = 20  # backups kept per project; older ones are pruned after each new backup
STREETS = "streets"  # the extra layer with the project's street lines
THROTTLE = "throttle"  # recent events per scope and key (login failures, submissions)


@dataclass(frozen=True)
class BackupInfo:
    """One backup of a project.

    Attributes
    ----------
    id
        What :meth:`BaseStore.restore` and :meth:`BaseStore.open_backup` take: the file name in
        the ``backups/`` folder (GeoPackage) or the backup's schema (PostGIS).
    created
        When it was made (UTC).
    reason
        A short word: ``import``, ``handmatig``, ``avond_gesloten``, ``voor_herstel`` …
    size
        Bytes on disk.
    path
        The backup file (GeoPackage), else ``None``.
    """

    id: str
    created: datetime
    reason: str
    size: int
    path: Path | None = None

    @property
    def name(self) -> str:
        """A short name to show: the same as :attr:`id`."""
        return self.id

    @property
    def label(self) -> str:
        """``2026-11-21 20:15:03 UTC (import)``."""
        return f"{self.created:%Y-%m-%d %H:%M:%S} UTC ({self.reason})"

    def local_label(self, lang: str = "nl") -> str:
        """When, in Dutch time, and why in words: ``21 november 2026, 21:15 · voor een
        import`` (the Beheer page; :attr:`label` stays the exact UTC form for logs)."""
        from zoneinfo import ZoneInfo

        when = self.created
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        local = when.astimezone(ZoneInfo("Europe/Amsterdam"))
        if lang == "en":
            day = f"{local.day} {local:%B} {local.year}"
        else:
            day = f"{local.day} {_MONTHS_NL[local.month - 1]} {local.year}"
        return f"{day}, {local:%H:%M} · {backup_reason_words(self.reason, lang)}"

    def __str__(self) -> str:
        """Where the backup is: the file path, or the schema name."""
        return str(self.path) if self.path is not None else self.id


@dataclass(frozen=True)
class Actor:
    """Who does something: a contributor token and whether they are a facilitator.

    Residents are recognised only by a random token kept in their browser session or personal
    link; facilitators are authenticated by the UI. ``Actor.system()`` is used by imports and
    the demo writer.
    """

    token: str | None = None
    facilitator: bool = False

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(token=name, facilitator=True)

    @classmethod
    def resident(cls, token: str | None = None) -> Actor:
        return cls(token=token or new_token(), facilitator=False)


_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
BACKUP_REASONS: dict[str, tuple[str, str]] = {
    "handmatig": ("met de hand gemaakt", "made by hand"),
    "import": ("voor een import", "before an import"),
    "import_papier": ("voor een import van werkbladen", "before importing worksheets"),
    "avond_gesloten": ("na het sluiten van een themaavond", "after closing a theme evening"),
    "voor_herstel": ("voor het terugzetten van een backup", "before restoring a backup"),
    "verwijderen_op_verzoek": ("voor verwijderen op verzoek (AVG)",
                               "before erasure on request (GDPR)"),
}


def backup_reason_words(reason: str, lang: str = "nl") -> str:
    """A backup's reason in words (``import`` -> "voor een import")."""
    pair = BACKUP_REASONS.get(reason)
    if pair is None:
        return reason.replace("_", " ")
    return pair[1] if lang == "en" else pair[0]


def reason_slug(reason: str) -> str:
    """A backup reason as a short word of ``a-z0-9_`` (``"avond gesloten"`` →
    ``avond_gesloten``)."""
    return re.sub(r"[^a-z0-9_]+", "_", reason.lower()).strip("_") or "backup"


def new_token() -> str:
    """A random contributor token (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


# a resident's token (``new_token``: 22 URL-safe signs); the system tokens (``osm``,
# ``import``, ``demo``, ``opbouwwerker``…) are short words and never match
_RESIDENT_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def is_resident_token(token: object) -> bool:
    """Whether ``token`` has the form of a resident's contributor token (not a system word)."""
    return isinstance(token, str) and bool(_RESIDENT_TOKEN.match(token))


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))


@dataclass(frozen=True)
class ThrottleState:
    """What :meth:`BaseStore.throttle_take` knows when it asks whether an event may happen."""

    times: list[float]
    """When ``key`` had its recent events of the scope (UNIX seconds, oldest first)."""
    total: int
    """How many recent events the whole scope has (all keys; 0 unless ``scope_wide``)."""
    last: float | None
    """The newest event of the whole scope (``None`` without one, or unless ``scope_wide``)."""
    now: float


def throttle_key(key: str) -> str:
    """What the store keeps of a throttle key (an address, a token): a hash, not the key."""
    return hashlib.sha256(f"assetmap-throttle:{key}".encode()).hexdigest()[:32]


@runtime_checkable
class Store(Protocol):
    """What every backend offers. Geometry is EPSG:4326 in and out."""

    location: str
    path: Path | None

    @property
    def name(self) -> str: ...

    def add(self, layer: str, record: Mapping[str, Any], *, actor: Actor | None = None,
            status: str | None = None) -> str: ...

    def add_many(self, layer: str, records: Sequence[Mapping[str, Any]], *,
                 actor: Actor | None = None, status: str | None = None,
                 checked: bool = False) -> list[str]: ...

    def update(self, layer: str, record_id: str, changes: Mapping[str, Any], *,
               actor: Actor) -> dict[str, Any]: ...

    def delete(self, layer: str, record_id: str, *, actor: Actor) -> None: ...

    def get(self, layer: str, record_id: str) -> dict[str, Any] | None: ...

    def read(self, layer: str, *, status: str | Sequence[str] | None = None,
             evening_id: str | None = None) -> gpd.GeoDataFrame: ...

    def stamp(self, layer: str, *, status: str | Sequence[str] | None = None) -> str: ...

    def buurten(self) -> gpd.GeoDataFrame: ...

    def set_buurten(self, gdf: gpd.GeoDataFrame, *, actor: Actor | None = None) -> int: ...

    def transaction(self) -> AbstractContextManager[Any]: ...

    def area(self) -> schema.ProjectArea: ...

    def invalidate_caches(self) -> None: ...

    def streets(self) -> gpd.GeoDataFrame | None: ...

    def read_extra_layer(self, name: str) -> gpd.GeoDataFrame | None: ...

    def write_extra_layer(self, name: str, gdf: gpd.GeoDataFrame) -> int: ...

    def backup(self, reason: str = "handmatig") -> BackupInfo: ...

    def backups(self) -> list[BackupInfo]: ...

    def restore(self, backup_id: str) -> BackupInfo: ...

    def prune_backups(self, keep: int = KEEP_BACKUPS) -> int: ...

    def open_backup(self, backup_id: str) -> BaseStore: ...

    def compact(self, *, vacuum: bool = False) -> None: ...

    def history(self) -> pd.DataFrame: ...

    def derive_history(self) -> int: ...

    def buurten_archive(self) -> gpd.GeoDataFrame: ...

    def forget(self, entries: Sequence[tuple[str, str]], *, token: str | None = None) -> None: ...

    def throttle_take(self, scope: str, key: str, *, window_s: float,
                      wait: Callable[[ThrottleState], float], now: float | None = None,
                      scope_wide: bool = False) -> float: ...

    def throttle_clear(self, scope: str, key: str) -> None: ...

    def close(self) -> None: ...


class BaseStore:
    """Shared behaviour over backend primitives (``_tx``, ``_insert``, ``_select`` …).

    Attributes
    ----------
    location
        The project's location as given to :func:`assetmap.store.open_store`.
    path
        The project file (GeoPackage), or ``None`` when the project lives in a database.
    """

    location: str = ""
    path: Path | None = None

    # ---- primitives a backend implements -------------------------------------------------
    def _tx(self) -> AbstractContextManager[Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _insert(self, tx: Any, layer: str, rows: list[dict[str, Any]]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _select_one(self, tx: Any, layer: str, record_id: str) -> dict[str, Any] | None:
        raise NotImplementedError  # pragma: no cover

    def _update_row(self, tx: Any, layer: str, row: dict[str, Any]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _delete_row(self, tx: Any, layer: str, record_id: str) -> int:  # pragma: no cover
        raise NotImplementedError

    def _replace_buurten(self, tx: Any, rows: list[dict[str, Any]]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _buurten_version(self) -> str:  # pragma: no cover
        raise NotImplementedError

    def _update_where(self, tx: Any, table: str, values: Mapping[str, Any],
                      where: Mapping[str, Any]) -> int:  # pragma: no cover
        """``UPDATE table SET values WHERE`` every column of ``where`` equals its value."""
        raise NotImplementedError

    _MARK = "?"  # the SQL parameter marker of the backend's driver

    def _throttle_table(self) -> str:  # pragma: no cover
        """The quoted (qualified) name of the :data:`THROTTLE` table."""
        raise NotImplementedError

    def _throttle_lock(self, tx: Any, scope: str, key: str | None) -> None:
        """Keep other processes out of ``scope`` (``key`` ``None``) or of one key of it until
        ``tx`` ends; the GeoPackage's write lock already does."""

    def _lock_history(self, tx: Any) -> None:
        """Keep other processes from deriving history at the same time (see
        :meth:`derive_history`); the GeoPackage's write lock already does."""

    def read(self, layer: str, *, status=None, evening_id=None) -> gpd.GeoDataFrame:
        raise NotImplementedError  # pragma: no cover

    def read_table(self, name: str) -> pd.DataFrame:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:
        """Release connections; the store cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- identity ----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """A short name of the project, fit for file names (``zaanstad``)."""
        return self.path.stem if self.path is not None else "project"

    # ---- extra layers (outside the schema: streets, the cached walking network …) ------------
    def read_extra_layer(self, name: str) -> gpd.GeoDataFrame | None:
        """The feature table ``name`` kept with the project (EPSG:4326), or ``None``."""
        return None

    def write_extra_layer(self, name: str, gdf: gpd.GeoDataFrame) -> int:
        """Replace (or create) the feature table ``name``; returns the rows written."""
        raise StorageError(key="store_no_extra_layers")

    def streets(self) -> gpd.GeoDataFrame | None:
        """The project's street lines (EPSG:4326) for map backgrounds, or ``None``."""
        return self.read_extra_layer(STREETS)

    # ---- backups -----------------------------------------------------------------------------
    def backup(self, reason: str = "handmatig") -> BackupInfo:
        """Make a consistent backup of the whole project now; keep the newest
        :data:`KEEP_BACKUPS`. ``reason`` is a short word shown in the list."""
        raise StorageError(key="store_no_backup")

    def backups(self) -> list[BackupInfo]:
        """The backups of this project, newest first."""
        return []

    def restore(self, backup_id: str) -> BackupInfo:
        """Put the backup ``backup_id`` back in one atomic step.

        The state just before is backed up first (reason ``voor_herstel``), so a restore can
        be undone; that backup is returned.
        """
        raise StorageError(key="store_no_restore")

    def prune_backups(self, keep: int = KEEP_BACKUPS) -> int:
        """Delete all but the newest ``keep`` backups; returns how many were deleted."""
        return 0

    def open_backup(self, backup_id: str) -> BaseStore:
        """The backup ``backup_id`` as a store of its own (to read, or to erase entries from
        on an AVG request). Close it after use (``with store.open_backup(i) as old: …``)."""
        raise StorageError(key="store_no_backups")

    def compact(self, *, vacuum: bool = False) -> None:
        """After erasing personal data: make sure no copy of it stays in the storage files
        (a GeoPackage checkpoints its write-ahead log; with ``vacuum`` it is rewritten).
        A database server keeps no such files of ours: nothing to do."""

    def _backup_by_id(self, backup_id: str) -> BackupInfo:
        for b in self.backups():
            if b.id == backup_id:
                return b
        raise ProjectError(key="store_backup_not_found", params={"name": backup_id})

    # ---- shared logic ----------------------------------------------------------------------
    _area_cache: tuple[str, schema.ProjectArea] | None = None
    _area_lock = threading.Lock()

    def transaction(self) -> AbstractContextManager[Any]:
        """One transaction on this thread; calls inside it join it (all or nothing)."""
        return self._tx()

    def invalidate_caches(self) -> None:
        """Forget what this store cached (the project area), e.g. after a restore."""
        self._area_cache = None
        self._history_ready = False

    def area(self) -> schema.ProjectArea:
        """The project area (buurten), cached until the buurten change."""
        version = self._buurten_version()
        cached = self._area_cache
        if cached is not None and cached[0] == version:
            return cached[1]
        with self._area_lock:  # build it once, not once per waiting thread
            cached = self._area_cache
            if cached is not None and cached[0] == version:
                return cached[1]
            area = schema.ProjectArea.from_buurten(self.buurten())
            area.buurt_of(area.buurten.geometry.iloc[0].representative_point()) \
                if area.has_buurten else None  # build the spatial index now
            area.contains(area.buurten.geometry.iloc[0].representative_point()) \
                if area.has_buurten else None
            self._area_cache = (version, area)
        return area

    def buurten(self) -> gpd.GeoDataFrame:
        return self.read("buurten")

    def _prepare_new(self, layer: str, record: Mapping[str, Any], actor: Actor,
                     status: str | None, area: schema.ProjectArea, *,
                     checked: bool = False, now: str | None = None,
                     new_id: str | None = None) -> dict[str, Any]:
        rec = dict(record) if checked else schema.validate_record(layer, record, area=area)
        now = now or schema.now_iso()
        rec["id"] = new_id or schema.new_id()
        rec["created_at"] = now
        rec["updated_at"] = now
        rec["created_by"] = actor.token
        if status is not None:
            rec["status"] = _clean_status(layer, status)
        elif not actor.facilitator:
            rec["status"] = "pending"
        if layer == "talents" and rec.get("contact") and not rec.get("consent_at"):
            raise ValidationError(field="contact", key="consent_missing")
        return rec

    def add(self, layer: str, record: Mapping[str, Any], *, actor: Actor | None = None,
            status: str | None = None) -> str:
        """Validate and store one record; returns its new id. One short transaction."""
        return self.add_many(layer, [record], actor=actor, status=status)[0]

    def add_many(self, layer: str, records: Sequence[Mapping[str, Any]], *,
                 actor: Actor | None = None, status: str | None = None,
                 checked: bool = False) -> list[str]:
        """Validate every record first, then store them all in one transaction.

        ``checked=True`` says the records are what :func:`schema.validate_record` returned for
        this project's area (the import's bulk check makes them), so they are not checked a
        second time."""
        actor = actor or Actor.system()
        schema.layer(layer)
        if layer not in schema.LAYERS:
            raise ValidationError(field="layer", key="not_point_layer", params={"layer": layer})
        area = self.area()
        rows = []
        # checked records (an import) share one time stamp and get their ids in one go
        now = schema.now_iso() if checked else None
        ids = schema.new_ids(len(records)) if checked else [None] * len(records)
        for i, rec in enumerate(records, start=1):
            try:
                rows.append(self._prepare_new(layer, rec, actor, status, area, checked=checked,
                                              now=now, new_id=ids[i - 1]))
            except ValidationError as exc:
                if len(records) == 1:
                    raise
                raise exc.at_row(i) from None
        if not rows:
            return []
        with self._tx() as tx:
            self._insert(tx, layer, rows)
            self._audit(tx, actor, layer, [r["id"] for r in rows], "add", records=rows)
        return [r["id"] for r in rows]

    def get(self, layer: str, record_id: str) -> dict[str, Any] | None:
        schema.layer(layer)
        with self._tx() as tx:
            return self._select_one(tx, layer, record_id)

    def _check_owner(self, existing: Mapping[str, Any], actor: Actor, verb: str) -> None:
        if actor.facilitator:
            return
        if not actor.token or existing.get("created_by") != actor.token:
            raise PermissionDeniedError(key=f"not_yours_{verb}")

    def update(self, layer: str, record_id: str, changes: Mapping[str, Any], *,
               actor: Actor) -> dict[str, Any]:
        """Change fields of one record. Residents may change only their own entries and never
        the status; facilitators may change anything."""
        if layer not in schema.LAYERS:
            raise ValidationError(field="layer", key="not_point_layer", params={"layer": layer})
        protected = {"id", "created_at", "created_by", "source", "evening_id"}
        if not actor.facilitator:
            protected |= {"status", "source_ref"}
        bad = protected & set(changes)
        if bad:
            raise PermissionDeniedError(key="field_protected",
                                        params={"fields": ", ".join(sorted(bad))})
        area = self.area()
        with self._tx() as tx:
            existing = self._select_one(tx, layer, record_id)
            if existing is None:
                raise NotFoundError(key="entry_not_found", params={"id": record_id, "layer": layer})
            self._check_owner(existing, actor, "edit")
            new = schema.validate_record(layer, changes, area=area, partial=True,
                                         existing=existing)
            for k in ("id", "created_at", "created_by", "source", "evening_id"):
                new[k] = existing.get(k)
            if layer == "talents" and new.get("contact") and not new.get("consent_at"):
                raise ValidationError(field="contact", key="consent_missing")
            new["updated_at"] = schema.now_iso()
            changed = sorted(k for k in new if k not in ("updated_at",)
                             and _differs(new.get(k), existing.get(k)))
            self._update_row(tx, layer, new)
            self._audit(tx, actor, layer, [record_id], "update", fields=changed, records=[new])
        return new

    def set_status(self, layer: str, record_ids: Sequence[str], status: str, *,
                   actor: Actor, expected: Mapping[str, str] | None = None) -> int:
        """Facilitator: approve or hide entries (one transaction).

        ``expected`` maps record ids to the :func:`schema.record_version` the facilitator
        read; when an entry changed since (a resident edited it in between), nothing is
        changed and :class:`ChangedMeanwhileError` is raised (approve only if unchanged)."""
        if not actor.facilitator:
            raise PermissionDeniedError(key="moderate_facilitator")
        if layer not in schema.LAYERS and layer != "links":
            raise ValidationError(field="layer", key="store_layer_no_status",
                                  params={"layer": layer})
        schema.clean_value(schema.ALL_LAYERS[layer].get("status"), status)
        n = 0
        done = []
        with self._tx() as tx:
            for rid in record_ids:
                existing = self._select_one(tx, layer, rid)
                if existing is None:
                    raise NotFoundError(key="entry_not_found", params={"id": rid, "layer": layer})
                if expected and rid in expected and \
                        schema.record_version(existing) != expected[rid]:
                    raise ChangedMeanwhileError(key="changed_meanwhile",
                                                params={"name": existing.get("name")})
                existing["status"] = status
                existing["updated_at"] = schema.now_iso()
                self._update_row(tx, layer, existing)
                done.append(existing)
                n += 1
            self._audit(tx, actor, layer, list(record_ids), status, fields=["status"],
                        records=done)
        return n

    def delete(self, layer: str, record_id: str, *, actor: Actor) -> None:
        """Hard delete. Residents only their own entries; facilitators any.

        A resident's withdrawal, and any deletion of an entry with personal data (talents),
        also forgets it in the history and audit log (:meth:`forget`)."""
        if layer not in schema.LAYERS:
            raise ValidationError(field="layer", key="not_point_layer", params={"layer": layer})
        with self._tx() as tx:
            existing = self._select_one(tx, layer, record_id)
            if existing is None:
                raise NotFoundError(key="entry_not_found", params={"id": record_id, "layer": layer})
            self._check_owner(existing, actor, "delete")
            self._delete_row(tx, layer, record_id)
            self._audit(tx, actor, layer, [record_id], "delete", records=[existing])
            if not actor.facilitator or history.is_personal(layer):
                self._forget(tx, [(layer, record_id)])
            # a link never outlives one of its ends
            gone = self._links_of(layer, record_id)
            for lid in gone:
                self._delete_row(tx, "links", lid)
            if gone:
                self._audit(tx, actor, "links", gone, "delete")

    def set_buurten(self, gdf: gpd.GeoDataFrame, *, actor: Actor | None = None,
                    year: int | None = None) -> int:
        """Replace the buurten (validated) and re-assign ``buurt_code`` of every asset.

        ``year`` (or a ``year`` column) is the CBS year of the new buurten. When the division
        changes (other codes, shapes or year) the current buurten move to the archive
        (:meth:`buurten_archive`), so that earlier counts keep their buurten."""
        actor = actor or Actor.system()
        if not actor.facilitator:
            raise PermissionDeniedError(key="buurten_facilitator")
        b = schema.validate_buurten(gdf)
        if year is not None:
            b["year"] = schema.clean_value(schema.BUURTEN.get("year"), year)
        rows = gdf_rows(b)
        area = schema.ProjectArea.from_buurten(b)
        old = self.buurten()
        with self._tx() as tx:
            if history.new_division(old, b):
                now = schema.now_iso()
                self._insert(tx, "buurten_archive",
                             [dict(r, archived_at=now) for r in gdf_rows(old)])
            self._replace_buurten(tx, rows)
            for layer in schema.POINT_LAYERS:
                assets = self.read(layer)
                moved = []
                for rec in gdf_rows(assets):
                    code = area.buurt_of(rec["geometry"]) if rec["geometry"] is not None else None
                    if code != rec.get("buurt_code") and not (
                            layer in schema.REDUCED_LOCATION and code is None):
                        rec["buurt_code"] = code
                        self._update_row(tx, layer, rec)
                        moved.append(rec)
                self._history(tx, layer, "buurt", moved)
            self._audit(tx, actor, "buurten", [], "replace")
        self.invalidate_caches()
        return len(rows)

    # ---- evenings ----------------------------------------------------------------------------
    def create_evening(self, title: str, date: Any, *, auto_approve: bool = False,
                       actor: Actor) -> dict[str, Any]:
        if not actor.facilitator:
            raise PermissionDeniedError(key="evening_create_facilitator")
        rec: dict[str, Any] = {}
        for f in schema.EVENINGS.fields:
            rec[f.name] = None
        rec["title"] = schema.clean_value(schema.EVENINGS.get("title"), title)
        rec["date"] = schema.clean_value(schema.EVENINGS.get("date"), date)
        rec["auto_approve"] = bool(auto_approve)
        rec["open"] = True
        rec["id"] = schema.new_id()
        rec["created_at"] = schema.now_iso()
        with self._tx() as tx:
            existing = set(self.read_table("evenings")["join_code"])
            code = new_join_code()
            while code in existing:
                code = new_join_code()
            rec["join_code"] = code
            self._insert(tx, "evenings", [rec])
            self._audit(tx, actor, "evenings", [rec["id"]], "add")
        return rec

    def evenings(self) -> pd.DataFrame:
        return self.read_table("evenings")

    def evening_by_code(self, code: str) -> dict[str, Any] | None:
        code = (code or "").strip().upper()
        ev = self.read_table("evenings")
        hit = ev[ev["join_code"] == code]
        return None if hit.empty else _row_dict(hit.iloc[0])

    def evening(self, evening_id: str) -> dict[str, Any] | None:
        ev = self.read_table("evenings")
        hit = ev[ev["id"] == evening_id]
        return None if hit.empty else _row_dict(hit.iloc[0])

    def update_evening(self, evening_id: str, changes: Mapping[str, Any], *,
                       actor: Actor) -> dict[str, Any]:
        if not actor.facilitator:
            raise PermissionDeniedError(key="evening_edit_facilitator")
        with self._tx() as tx:
            existing = self._select_one(tx, "evenings", evening_id)
            if existing is None:
                raise NotFoundError(key="store_evening_not_found", params={"id": evening_id})
            for k, v in changes.items():
                if k in ("id", "join_code", "created_at"):
                    raise PermissionDeniedError(key="field_protected", params={"fields": k})
                existing[k] = schema.clean_value(schema.EVENINGS.get(k), v)
            if changes.get("open") is False and not existing.get("closed_at"):
                existing["closed_at"] = schema.now_iso()
            self._update_row(tx, "evenings", existing)
            self._audit(tx, actor, "evenings", [evening_id], "update", fields=sorted(changes))
        return existing

    def audit_log(self) -> pd.DataFrame:
        return self.read_table("audit")

    # ---- saved wijksafari routes (table ``routes``; see assetmap.saved_routes) ---------------
    def routes(self, *, status: str | Sequence[str] | None = None) -> pd.DataFrame:
        """The saved routes (all, or those with ``status``), in the order they were made."""
        df = self.read_table("routes")
        if status is not None:
            sts = [status] if isinstance(status, str) else list(status)
            df = df[df["status"].isin(sts)].reset_index(drop=True)
        return df

    def get_route(self, route_id: str) -> dict[str, Any] | None:
        """One saved route by id, or ``None``."""
        with self._tx() as tx:
            return self._select_one(tx, "routes", route_id)

    def route_named(self, name: str) -> dict[str, Any] | None:
        """The saved route called ``name`` (case and spaces do not matter), or ``None``."""
        key = _name_key(name)
        df = self.read_table("routes")
        hit = df[[_name_key(n) == key for n in df["name"]]]
        return None if hit.empty else self.get_route(str(hit.iloc[0]["id"]))

    def _check_route_name(self, name: str, route_id: str | None) -> None:
        other = self.route_named(name)
        if other is not None and other["id"] != route_id:
            raise ValidationError(field="name", key="store_route_name_taken",
                                  params={"name": other["name"]})

    def add_route(self, record: Mapping[str, Any], *, actor: Actor, status: str | None = None,
                  evening_id: str | None = None) -> dict[str, Any]:
        """Save a new route (:func:`assetmap.schema.validate_route`); returns the stored row.

        A resident's route waits for a facilitator (``pending``) whatever ``status`` says; a
        facilitator's is ``approved`` unless ``status`` says otherwise. Names are unique.
        """
        rec = schema.validate_route(record)
        now = schema.now_iso()
        rec.update(id=schema.new_id(), created_at=now, updated_at=now, created_by=actor.token,
                   evening_id=evening_id, total_m=_figure(record, "total_m"),
                   total_min=_figure(record, "total_min"))
        rec["status"] = schema.clean_value(schema.ROUTES.get("status"), status or "approved") \
            if actor.facilitator else "pending"
        with self._tx() as tx:
            self._check_route_name(rec["name"], None)
            self._insert(tx, "routes", [rec])
            self._audit(tx, actor, "routes", [rec["id"]], "add")
        return rec

    def update_route(self, route_id: str, changes: Mapping[str, Any], *,
                     actor: Actor) -> dict[str, Any]:
        """Change a saved route (its stops, options, name, figures). Facilitators any route,
        residents only their own, never its status."""
        bad = {"id", "created_at", "created_by", "evening_id", "status"} & set(changes)
        if bad:
            raise PermissionDeniedError(key="field_protected",
                                        params={"fields": ", ".join(sorted(bad))})
        with self._tx() as tx:
            existing = self._select_one(tx, "routes", route_id)
            if existing is None:
                raise NotFoundError(key="store_route_not_found", params={"id": route_id})
            self._check_owner(existing, actor, "edit")
            new = {**existing, **schema.validate_route(changes, existing=existing)}
            for key in ("total_m", "total_min"):
                if key in changes:
                    new[key] = _figure(changes, key)
            self._check_route_name(new["name"], route_id)
            new["updated_at"] = schema.now_iso()
            changed = sorted(k for k in new if k != "updated_at"
                             and _differs(new.get(k), existing.get(k)))
            self._update_row(tx, "routes", new)
            self._audit(tx, actor, "routes", [route_id], "update", fields=changed)
        return new

    def set_route_status(self, route_id: str, status: str, *, actor: Actor) -> dict[str, Any]:
        """Facilitator: approve a proposed route (or hide one)."""
        if not actor.facilitator:
            raise PermissionDeniedError(key="route_status_facilitator")
        status = schema.clean_value(schema.ROUTES.get("status"), status)
        with self._tx() as tx:
            existing = self._select_one(tx, "routes", route_id)
            if existing is None:
                raise NotFoundError(key="store_route_not_found", params={"id": route_id})
            existing.update(status=status, updated_at=schema.now_iso())
            self._update_row(tx, "routes", existing)
            self._audit(tx, actor, "routes", [route_id], status, fields=["status"])
        return existing

    def delete_route(self, route_id: str, *, actor: Actor) -> None:
        """Delete a saved route: facilitators any, residents their own proposal."""
        with self._tx() as tx:
            existing = self._select_one(tx, "routes", route_id)
            if existing is None:
                raise NotFoundError(key="store_route_not_found", params={"id": route_id})
            self._check_owner(existing, actor, "delete")
            self._delete_row(tx, "routes", route_id)
            self._audit(tx, actor, "routes", [route_id], "delete")

    def _audit(self, tx: Any, actor: Actor, layer: str, ids: Sequence[str], action: str, *,
               fields: Sequence[str] = (),
               records: Sequence[Mapping[str, Any]] | None = None) -> None:
        """One audit row per id, and for a point layer one history row per entry (its state
        after ``action``; ``records`` when the caller has them, else read here)."""
        now = schema.now_iso()
        rows = [
            {"at": now, "token": actor.token, "layer": layer, "record_id": rid,
             "action": action, "fields": ",".join(fields) or None}
            for rid in (ids or [None])
        ]
        self._insert(tx, "audit", rows)
        if layer in schema.LAYERS and ids:
            if records is None:
                records = [r for r in (self._select_one(tx, layer, rid) for rid in ids)
                           if r is not None]
            self._history(tx, layer, action, records, fields=fields, at=now)

    # ---- history (see assetmap.store.history for what is kept and why) ---------------------
    _history_ready = False

    def _history(self, tx: Any, layer: str, action: str, records: Sequence[Mapping[str, Any]],
                 *, fields: Sequence[str] = (), at: str | None = None) -> None:
        if not records:
            return
        shown = [] if action in schema.STATUSES else fields
        self._insert(tx, "history", history.history_rows(
            layer, action, records, at=at or schema.now_iso(), fields=shown))

    def history(self) -> pd.DataFrame:
        """Every history row, oldest first (insertion order). On first use in a process the
        rows of entries made before history existed are derived (:meth:`derive_history`)."""
        if not self._history_ready:
            self.derive_history()
        return self.read_table("history")

    def derive_history(self) -> int:
        """Derive history rows for entries that have none yet, from ``created_at``,
        ``updated_at`` and the audit log (marked ``derived``). Idempotent; returns the rows
        added."""
        with self._tx() as tx:
            self._lock_history(tx)
            live = {layer: self.read(layer) for layer in schema.LAYERS}
            rows = history.derive_rows(live, self.read_table("audit"),
                                       self.read_table("history"))
            for chunk in iter_chunks(rows, 1000):
                self._insert(tx, "history", list(chunk))
        self._history_ready = True
        return len(rows)

    def buurten_archive(self) -> gpd.GeoDataFrame:
        """The buurten of earlier divisions (CBS years), each row with ``archived_at``: the
        moment it stopped being current."""
        return self.read("buurten_archive")

    def forget(self, entries: Sequence[tuple[str, str]], *, token: str | None = None) -> None:
        """Forget who and what: after a withdrawal or an AVG erasure of ``entries`` (layer,
        id), their history keeps only that something of that layer in that buurt was there
        and was removed; with ``token`` every audit row of that contributor loses the token.
        One transaction (joins the caller's)."""
        with self._tx() as tx:
            self._forget(tx, entries, token=token)

    def _forget(self, tx: Any, entries: Sequence[tuple[str, str]], *,
                token: str | None = None) -> None:
        for _layer, rid in entries:
            new = schema.new_id()
            self._update_where(tx, "history", {"record_id": new, **history.FORGET_VALUES},
                               {"record_id": rid})
            self._update_where(tx, "history", {"action": "removed"},
                               {"record_id": new, "action": "delete"})
            self._update_where(tx, "audit", {"record_id": new, "token": None},
                               {"record_id": rid})
        if token:
            self._update_where(tx, "audit", {"token": None}, {"token": token})

    # ---- throttles: shared by every process that opens the project -----------------------------
    def throttle_take(self, scope: str, key: str, *, window_s: float,
                      wait: Callable[[ThrottleState], float], now: float | None = None,
                      scope_wide: bool = False) -> float:
        """Check and count one event (a failed login, a submission) of ``key`` in ``scope``, in
        one transaction: ``wait`` gets the :class:`ThrottleState` of the last ``window_s``
        seconds and says how many seconds the event must still wait; at 0 the event is recorded
        (at ``now``, UNIX seconds), otherwise nothing is. Returns that wait.

        With ``scope_wide`` the whole scope is locked (other keys wait) and ``wait`` also gets
        the scope's count and newest event, for a global cap; otherwise only ``key`` is locked.
        Older events of the scope are deleted on the way. Keys are kept hashed
        (:func:`throttle_key`): no address or token is stored.
        """
        now = time.time() if now is None else float(now)
        k = throttle_key(key)
        t, m = self._throttle_table(), self._MARK
        with self._tx() as tx:
            self._throttle_lock(tx, scope, None if scope_wide else k)
            tx.execute(f"DELETE FROM {t} WHERE scope = {m} AND at <= {m}",
                       (scope, now - window_s))
            times = sorted(float(r[0]) for r in tx.execute(
                f"SELECT at FROM {t} WHERE scope = {m} AND key = {m}", (scope, k)).fetchall())
            total, last = 0, None
            if scope_wide:
                total, last = tx.execute(f"SELECT count(*), max(at) FROM {t} WHERE scope = {m}",
                                         (scope,)).fetchone()
            w = max(0.0, float(wait(ThrottleState(times, int(total),
                                                   None if last is None else float(last), now))))
            if w <= 0:
                tx.execute(f"INSERT INTO {t} (scope, key, at) VALUES ({m}, {m}, {m})",
                           (scope, k, now))
        return w

    def throttle_clear(self, scope: str, key: str) -> None:
        """Forget the events of ``key`` in ``scope`` (a login that succeeded)."""
        t, m = self._throttle_table(), self._MARK
        with self._tx() as tx:
            tx.execute(f"DELETE FROM {t} WHERE scope = {m} AND key = {m}",
                       (scope, throttle_key(key)))

    # ---- change stamps ------------------------------------------------------------------------
    def stamp(self, layer: str, *, status: str | Sequence[str] | None = None) -> str:
        """A short text that changes whenever ``read(layer, status=status)`` would return other
        rows; one cheap query, also right across processes. For caches that must still show new
        entries (the app keeps a map or the buurten per process until the stamp changes).

        ``layer`` is any schema layer or ``"streets"``. For an asset layer the stamp combines the
        buurten version (buurt codes), the last audited change other than an addition and the
        number of rows with ``status``: every change is audited, and an addition adds one row
        with exactly one status. This default never repeats (nothing cached); backends answer
        from the database.
        """
        return f"nocache:{secrets.token_hex(8)}"

    def counts(self) -> pd.DataFrame:
        """Approved and pending entries per buurt (rows) and point layer (columns: the four
        asset layers, then ``wishes``)."""
        b = self.buurten()
        idx = list(b["code"]) if len(b) else []
        data = {}
        for layer in schema.POINT_LAYERS:
            g = self.read(layer, status=("approved", "pending"))
            data[layer] = g["buurt_code"].fillna("(buiten buurten)").value_counts()
        df = pd.DataFrame(data).fillna(0).astype(int)
        order = [c for c in idx if c in df.index] + [c for c in df.index if c not in idx]
        df = df.reindex(order)
        names = dict(zip(b["code"], b["name"], strict=True)) if len(b) else {}
        df.insert(0, "buurt", [names.get(c) or c for c in df.index])
        df.index.name = "code"
        return df


    # ---- links between entries ----------------------------------------------------------------
    def links(self, *, status: str | Sequence[str] | None = None) -> pd.DataFrame:
        """The links (oldest first), optionally only those with ``status``."""
        df = self.read_table("links")
        if status is not None:
            sts = [status] if isinstance(status, str) else list(status)
            df = df[df["status"].isin(sts)].reset_index(drop=True)
        return df

    def _links_of(self, layer: str, record_id: str) -> list[str]:
        """Ids of the links with the entry ``layer``/``record_id`` at either end."""
        df = self.read_table("links")
        hit = ((df["from_layer"] == layer) & (df["from_id"] == record_id)) | \
            ((df["to_layer"] == layer) & (df["to_id"] == record_id))
        return list(df.loc[hit, "id"])

    def add_link(self, record: Mapping[str, Any], *, actor: Actor,
                 status: str | None = None) -> str:
        """Store a link between two entries (or an entry and an institution); returns its id.

        Facilitators may link any two entries (the link is ``approved`` unless ``status`` says
        otherwise); a resident only when one end is their own entry, and the link waits for
        approval (``pending``). Both ends must exist; the same link twice is refused. The
        ``tie`` (bonding, bridging or linking) is derived from the ends
        (:func:`assetmap.analysis.ties.classify`).
        """
        from ..analysis.ties import classify

        rec = schema.validate_link(record)
        if actor.facilitator:
            rec["status"] = schema.clean_value(schema.LINKS.get("status"), status or "approved")
        else:
            rec["status"] = "pending"
        with self._tx() as tx:
            src = self._select_one(tx, rec["from_layer"], rec["from_id"])
            if src is None:
                raise NotFoundError(field="from_id", key="entry_not_found",
                                    params={"id": rec["from_id"], "layer": rec["from_layer"]})
            dst = None
            if rec["to_layer"] != schema.INSTITUTION:
                dst = self._select_one(tx, rec["to_layer"], rec["to_id"])
                if dst is None:
                    raise NotFoundError(field="to_id", key="entry_not_found",
                                        params={"id": rec["to_id"], "layer": rec["to_layer"]})
            if not actor.facilitator:
                mine = actor.token and actor.token in (src.get("created_by"),
                                                       (dst or {}).get("created_by"))
                if not mine:
                    raise PermissionDeniedError(key="store_link_own_only")
            df = self.read_table("links")
            same = df[(df["from_id"] == rec["from_id"]) & (df["to_id"] == rec["to_id"])
                      & (df["kind"] == rec["kind"]) & (df["status"] != "hidden")]
            if len(same):
                raise ValidationError(field="to_id", key="store_link_exists")
            rec["tie"] = classify(rec["kind"], rec["from_layer"], src, rec["to_layer"], dst).tie
            now = schema.now_iso()
            rec.update(id=schema.new_id(), created_at=now, updated_at=now,
                       created_by=actor.token)
            self._insert(tx, "links", [rec])
            self._audit(tx, actor, "links", [rec["id"]], "add")
        return rec["id"]

    def relink(self, layer: str, old_id: str, new_id: str, *, actor: Actor) -> int:
        """Facilitator: move the links of entry ``old_id`` to ``new_id`` (same layer), e.g.
        before merging two entries; a link that would join an entry with itself or repeat
        another link is removed. Returns the links moved."""
        if not actor.facilitator:
            raise PermissionDeniedError(key="links_move_facilitator")
        moved = 0
        with self._tx() as tx:
            df = self.read_table("links")
            keep = {(r["from_layer"], r["from_id"], r["to_layer"], r["to_id"], r["kind"])
                    for r in df.to_dict("records")}
            for rec in df.to_dict("records"):
                new = dict(rec)
                for end in ("from", "to"):
                    if new[f"{end}_layer"] == layer and new[f"{end}_id"] == old_id:
                        new[f"{end}_id"] = new_id
                if new == rec:
                    continue
                key = (new["from_layer"], new["from_id"], new["to_layer"], new["to_id"],
                       new["kind"])
                same_end = new["from_layer"] == new["to_layer"] and \
                    new["from_id"] == new["to_id"]
                if same_end or key in keep:
                    self._delete_row(tx, "links", rec["id"])
                    self._audit(tx, actor, "links", [rec["id"]], "delete")
                    continue
                keep.add(key)
                new["updated_at"] = schema.now_iso()
                self._update_row(tx, "links", new)
                self._audit(tx, actor, "links", [rec["id"]], "update",
                            fields=["from_id", "to_id"])
                moved += 1
        return moved

    def delete_link(self, link_id: str, *, actor: Actor) -> None:
        """Remove a link for good. Residents only links they made; facilitators any."""
        with self._tx() as tx:
            existing = self._select_one(tx, "links", link_id)
            if existing is None:
                raise NotFoundError(key="store_link_not_found", params={"id": link_id})
            self._check_owner(existing, actor, "delete")
            self._delete_row(tx, "links", link_id)
            self._audit(tx, actor, "links", [link_id], "delete")


def _differs(a: Any, b: Any) -> bool:
    if a is None and b is None:
        return False
    if hasattr(a, "equals") and b is not None and hasattr(b, "equals"):
        return not a.equals(b)
    return a != b


def _name_key(name: Any) -> str:
    return " ".join(str(name or "").split()).casefold()


def _figure(record: Mapping[str, Any], key: str) -> float | None:
    """A route's distance or duration at saving (``None`` when not given)."""
    return schema.clean_value(schema.ROUTES.get(key), record.get(key))


def _row_dict(row: pd.Series) -> dict[str, Any]:
    return {k: (None if schema.is_na(v) else v) for k, v in row.items()}


def gdf_rows(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The rows of ``gdf`` as dicts (missing values ``None``, the geometry as ``geometry``)."""
    geom = gdf.geometry.name
    out = []
    for rec in gdf.to_dict("records"):
        g = rec.pop(geom, None)
        d = {k: (None if schema.is_na(v) else v) for k, v in rec.items()}
        d["geometry"] = g
        out.append(d)
    return out


def typed_column(f: schema.Field, values: list[Any]) -> pd.Series:
    """Values of field ``f`` as read from a backend, as the column dtype every store returns
    (``boolean``, ``Int64``, ``float64`` or ``object``)."""
    if f.kind == "bool":
        return pd.Series([None if v is None else bool(v) for v in values], dtype="boolean")
    if f.kind == "int":
        return pd.Series(values, dtype="Int64")
    if f.kind == "float":
        return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    return pd.Series(values, dtype=object)


def iter_chunks(seq: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


@functools.lru_cache(maxsize=64)
def _clean_status(layer: str, status: str) -> Any:
    """The status field's rule for ``status`` (once per value, not once per record)."""
    return schema.clean_value(schema.LAYERS[layer].get("status"), status)
