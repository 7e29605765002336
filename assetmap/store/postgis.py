"""``PostgisStore``: a project in a schema of a PostgreSQL + PostGIS database.

A welfare organisation with several wijken and workers keeps its projects in one database, the
kind municipalities and QGIS users already run. Each project lives in its own schema, named in
the URL::

    postgresql://user:password@host:5432/database?project=zaanstad

``project`` is a lower-case name (letters, digits, ``_``; default ``assetmap``); every other part
of the URL goes to libpq unchanged (``sslmode=…`` and so on). The database needs the PostGIS
extension (``CREATE EXTENSION postgis``, once, by its owner); the schema and tables are made
by ``open_store(url, create=True)`` or ``assetmap copy project.gpkg URL``.

Tables mirror the GeoPackage layers one to one (same names, same columns) with native types
(``boolean``, ``bigint``, ``double precision``, ``date``, ``timestamptz``), a ``fid`` identity
column that keeps insertion order, geometry in ``geom`` as ``geometry(Point,4326)`` or
``geometry(MultiPolygon,4326)`` with a GiST index, a unique index on ``id`` and an index on
``status``. ``meta`` holds ``schema_version`` and ``buurten_version``. Opening a project whose
tables miss a column of the current :mod:`assetmap.schema` adds it (``ALTER TABLE … ADD COLUMN``)
under an advisory lock, so several processes can open the same project at once.

Every submission is one transaction on one connection from a small pool per store (threads
wait for a free connection); PostgreSQL's MVCC keeps concurrent writers from several app
processes apart, and ``SELECT … FOR UPDATE`` serialises the read-modify-write of an update.
``read`` returns the same columns, dtypes and values as ``GpkgStore.read``.

Extra layers (``streets``, the cached walking network ``network_walk``) are tables of their own
in the project's schema, next to the schema layers.

Backups stay inside the same database, one schema per backup, named after the project and the
UTC time: ``<project>__b<YYYYMMDDhhmmssffffff>`` (the project part cut to 40 characters, so the
name fits PostgreSQL's 63). A backup schema holds a copy of every table of the project, made in
one ``REPEATABLE READ`` transaction (one consistent snapshot, writers are not blocked), and a
comment (JSON) that says whose backup it is, when and why. It is a project of its own: open it
with ``?project=<backup schema>`` to look at it, or ``assetmap copy`` it to a GeoPackage. The
newest :data:`~assetmap.store.base.KEEP_BACKUPS` are kept. A restore locks the project's tables
against writers, backs up the current state first (``voor_herstel``), then replaces the rows of
every table with those of the backup, all in one transaction.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from .. import schema
from ..errors import ProjectError, StorageError
from .base import (
    KEEP_BACKUPS,
    STREETS,
    THROTTLE,
    BackupInfo,
    BaseStore,
    reason_slug,
    typed_column,
)

SCHEMA_VERSION = 1
DEFAULT_PROJECT = "assetmap"
POOL_SIZE = 8
POOL_TIMEOUT_S = 60.0
GEOM_COL = "geom"
META = "meta"
BACKUP_MARK = "__b"  # <project>__b<UTC time>: the schema of one backup
_BACKUP_OF = "assetmap_backup_of"  # key in a backup schema's comment

_PROJECT_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_SQL_TYPES = {"text": "text", "enum": "text", "url": "text", "id": "text", "bool": "boolean",
              "int": "bigint", "float": "double precision", "date": "date",
              "datetime": "timestamptz"}


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise ProjectError(key="pg_no_psycopg") from None
    return psycopg


# --------------------------------------------------------------------------- URLs


def parse_url(url: str) -> tuple[str, str]:
    """Split a project URL into a libpq connection URL and the project (schema) name.

    ``postgresql+psycopg://`` (SQLAlchemy style) is accepted as ``postgresql://``.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise ProjectError(key="pg_not_url", params={"url": redact(url)})
    query = parse_qsl(parts.query, keep_blank_values=True)
    project = DEFAULT_PROJECT
    rest = []
    for k, v in query:
        if k == "project":
            project = v
        else:
            rest.append((k, v))
    if not _PROJECT_RE.match(project):
        raise ProjectError(key="pg_bad_project_name", params={"project": project})
    if not parts.path.strip("/"):
        raise ProjectError(key="pg_no_database", params={"url": redact(url)})
    conninfo = urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(rest), ""))
    return conninfo, project


def with_project(url: str, project: str) -> str:
    """``url`` with its ``?project=`` set to ``project`` (other parameters kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "project"]
    query.append(("project", project))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def redact(url: str) -> str:
    """``url`` without its password (for messages and screens)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --------------------------------------------------------------------------- connection pool


class _Pool:
    """At most ``size`` connections; a thread waits up to ``timeout`` seconds for one."""

    def __init__(self, conninfo: str, schema_name: str, *, size: int, timeout: float,
                 label: str) -> None:
        self._conninfo = conninfo
        self._schema = schema_name
        self._size = size
        self._timeout = timeout
        self._label = label
        self._idle: list[Any] = []
        self._count = 0
        self._closed = False
        self._cond = threading.Condition()

    def get(self) -> Any:
        with self._cond:
            ok = self._cond.wait_for(
                lambda: self._closed or self._idle or self._count < self._size,
                timeout=self._timeout)
            if self._closed:
                raise StorageError(key="store_closed")
            if not ok:
                raise StorageError(key="pg_busy")
            if self._idle:
                return self._idle.pop()
            self._count += 1
        try:
            return self._connect()
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise

    def _connect(self) -> Any:
        psycopg = _psycopg()
        try:
            con = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=15,
                                  application_name="assetmap")
        except psycopg.OperationalError as exc:
            msg = " ".join(str(exc).split())
            raise ProjectError(key="pg_unreachable",
                               params={"label": self._label, "detail": msg}) from None
        con.execute("SELECT set_config('search_path', %s || ', ' || "
                    "current_setting('search_path'), false)", (_q(self._schema),))
        return con

    def put(self, con: Any) -> None:
        psycopg = _psycopg()
        healthy = (not con.closed
                   and con.info.transaction_status == psycopg.pq.TransactionStatus.IDLE)
        with self._cond:
            keep = healthy and not self._closed
            if keep:
                self._idle.append(con)
            else:
                self._count -= 1
            self._cond.notify()
        if not keep:
            con.close()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._cond.notify_all()
        for con in idle:
            con.close()


# --------------------------------------------------------------------------- the store


class PostgisStore(BaseStore):
    """A project stored in one schema of a PostGIS database.

    Parameters
    ----------
    url
        ``postgresql://user@host:port/database?project=name``.
    create
        Create the schema and tables when the project does not exist yet.
    pool_size
        Connections this store keeps at most (threads share them).
    """

    def __init__(self, url: str, *, create: bool = False, pool_size: int = POOL_SIZE) -> None:
        self.location = url
        self.url = url
        conninfo, self.project = parse_url(url)
        self.schema = self.project
        parts = urlsplit(conninfo)
        self.database = parts.path.strip("/")
        self._label = f"{parts.hostname or 'localhost'}:{parts.port or 5432}/{self.database}"
        self._local = threading.local()
        self._pool = _Pool(conninfo, self.schema, size=max(1, pool_size),
                           timeout=POOL_TIMEOUT_S, label=self._label)
        try:
            self._prepare(create)
        except BaseException:
            self._pool.close()
            raise

    def __repr__(self) -> str:
        return f"PostgisStore({redact(self.url)!r})"

    @property
    def name(self) -> str:
        return self.project

    # ---- connections and transactions --------------------------------------------------------
    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _borrow(self) -> Iterator[Any]:
        """The thread's transaction connection, or a pooled one for a single statement."""
        con = getattr(self._local, "con", None)
        if con is not None:
            yield con
            return
        psycopg = _psycopg()
        con = self._pool.get()
        try:
            yield con
        except psycopg.Error as exc:
            raise StorageError(key="pg_error", params={"detail": _one_line(exc)}) from exc
        finally:
            self._pool.put(con)

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        depth = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            try:
                yield self._local.con
            finally:
                self._local.depth = depth
            return
        psycopg = _psycopg()
        con = self._pool.get()
        try:
            con.execute("BEGIN")
        except psycopg.Error as exc:
            self._pool.put(con)
            raise StorageError(key="pg_error", params={"detail": _one_line(exc)}) from exc
        self._local.con, self._local.depth = con, 1
        try:
            yield con
        except BaseException as exc:
            self._local.con, self._local.depth = None, 0
            _rollback(con)
            self._pool.put(con)
            if isinstance(exc, psycopg.Error):
                raise StorageError(key="store_save_failed",
                                   params={"detail": _one_line(exc)}) from exc
            raise
        self._local.con, self._local.depth = None, 0
        try:
            if con.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
                raise StorageError(key="store_save_aborted")
            con.execute("COMMIT")
        except psycopg.Error as exc:
            _rollback(con)
            raise StorageError(key="store_save_failed", params={"detail": _one_line(exc)}) from exc
        except StorageError:
            _rollback(con)
            raise
        finally:
            self._pool.put(con)

    # ---- schema creation and upgrades --------------------------------------------------------
    def _prepare(self, create: bool) -> None:
        with self._borrow() as con:
            if con.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone() \
                    is None:
                raise ProjectError(key="pg_no_postgis", params={"label": self._label})
            exists = con.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                                 (self.schema,)).fetchone() is not None
        if not exists and not create:
            raise ProjectError(key="pg_project_not_found",
                               params={"project": self.project, "label": self._label})
        if exists and not self._needs_upgrade():
            return
        with self._tx() as tx:
            # one process at a time creates or upgrades a project
            tx.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"assetmap:{self.schema}",))
            self._create_or_upgrade(tx)

    def _columns(self) -> dict[str, set[str]]:
        with self._borrow() as con:
            rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                               "WHERE table_schema = %s", (self.schema,)).fetchall()
        out: dict[str, set[str]] = {}
        for t, c in rows:
            out.setdefault(t, set()).add(c)
        return out

    def _needs_upgrade(self) -> bool:
        have = self._columns()
        if META not in have or THROTTLE not in have:
            return True
        with self._borrow() as con:
            row = con.execute(f"SELECT value FROM {_q(self.schema)}.{META} "
                              "WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise ProjectError(key="store_project_newer",
                               params={"project": self.project, "version": version})
        if version < SCHEMA_VERSION:
            return True
        for name, spec in schema.ALL_LAYERS.items():
            want = set(spec.field_names) | ({GEOM_COL} if spec.geometry else set())
            if not want <= have.get(name, set()):
                return True
        return False

    def _create_or_upgrade(self, tx: Any) -> None:
        s = _q(self.schema)
        tx.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
        tx.execute(f"CREATE TABLE IF NOT EXISTS {s}.{META} (key text PRIMARY KEY, "
                   "value text NOT NULL)")
        row = tx.execute(f"SELECT value FROM {s}.{META} WHERE key = 'schema_version'").fetchone()
        if row is not None and int(row[0]) > SCHEMA_VERSION:
            raise ProjectError(key="store_project_newer",
                               params={"project": self.project, "version": row[0]})
        for name, spec in schema.ALL_LAYERS.items():
            t = f"{s}.{_q(name)}"
            cols = [f"{_q(f.name)} {_SQL_TYPES[f.kind]}" for f in spec.fields]
            if spec.geometry:
                cols.append(f"{GEOM_COL} geometry({spec.geometry},4326)")
            tx.execute(f"CREATE TABLE IF NOT EXISTS {t} (fid bigint GENERATED ALWAYS AS "
                       f"IDENTITY PRIMARY KEY, {', '.join(cols)})")
            for f in spec.fields:  # upgrades: fields added to schema.py since
                tx.execute(f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {_q(f.name)} "
                           f"{_SQL_TYPES[f.kind]}")
            if spec.geometry:
                tx.execute(f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {GEOM_COL} "
                           f"geometry({spec.geometry},4326)")
                tx.execute(f"CREATE INDEX IF NOT EXISTS {_q(name + '_geom_idx')} ON {t} "
                           f"USING gist ({GEOM_COL})")
            if spec.has("id"):
                tx.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {_q(name + '_id_idx')} "
                           f"ON {t} (id)")
            if spec.has("status"):
                tx.execute(f"CREATE INDEX IF NOT EXISTS {_q(name + '_status_idx')} "
                           f"ON {t} (status)")
        tx.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS buurten_code_idx ON {s}.buurten (code)")
        tx.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS evenings_join_code_idx "
                   f"ON {s}.evenings (join_code)")
        tx.execute(f"CREATE INDEX IF NOT EXISTS audit_record_id_idx ON {s}.audit (record_id)")
        tx.execute(f"CREATE INDEX IF NOT EXISTS history_record_id_idx ON {s}.history (record_id)")
        # recent events per scope and hashed key (login failures, submissions), shared by every
        # app process; not backed up or restored (see _tables)
        tx.execute(f"CREATE TABLE IF NOT EXISTS {s}.{THROTTLE} (scope text NOT NULL, "
                   "key text NOT NULL, at double precision NOT NULL)")
        tx.execute(f"CREATE INDEX IF NOT EXISTS {THROTTLE}_key_idx ON {s}.{THROTTLE} (scope, key)")
        tx.execute(f"CREATE INDEX IF NOT EXISTS {THROTTLE}_at_idx ON {s}.{THROTTLE} (scope, at)")
        tx.execute(f"INSERT INTO {s}.{META} (key, value) VALUES ('schema_version', %s) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   (str(SCHEMA_VERSION),))
        tx.execute(f"INSERT INTO {s}.{META} (key, value) VALUES ('buurten_version', '0') "
                   "ON CONFLICT (key) DO NOTHING")

    def drop(self) -> None:
        """Remove this project (its schema and everything in it) and its backups from the
        database."""
        backups = self.backups()
        with self._tx() as tx:
            for b in backups:
                tx.execute(f"DROP SCHEMA IF EXISTS {_q(b.id)} CASCADE")
            tx.execute(f"DROP SCHEMA IF EXISTS {_q(self.schema)} CASCADE")

    # ---- primitives --------------------------------------------------------------------------
    _MARK = "%s"

    def _throttle_table(self) -> str:
        return self._t(THROTTLE)

    def _throttle_lock(self, tx: Any, scope: str, key: str | None) -> None:
        name = f"assetmap:{self.schema}:{THROTTLE}:{scope}" + ("" if key is None else f":{key}")
        if key is not None:  # a key waits while its whole scope is locked, too
            tx.execute("SELECT pg_advisory_xact_lock_shared(hashtext(%s))",
                       (f"assetmap:{self.schema}:{THROTTLE}:{scope}",))
        tx.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))

    def _t(self, layer: str) -> str:
        return f"{_q(self.schema)}.{_q(layer)}"

    def _insert(self, tx: Any, layer: str, rows: list[dict[str, Any]]) -> None:
        spec = schema.ALL_LAYERS[layer]
        cols = spec.field_names
        names = [_q(c) for c in cols]
        marks = ["%s"] * len(cols)
        if spec.geometry:
            names.append(GEOM_COL)
            marks.append("ST_GeomFromWKB(%s, 4326)")
        sql = f"INSERT INTO {self._t(layer)} ({', '.join(names)}) VALUES ({', '.join(marks)})"
        data = []
        for r in rows:
            vals = [_to_pg(spec.get(c), r.get(c)) for c in cols]
            if spec.geometry:
                vals.append(_wkb(r.get("geometry")))
            data.append(vals)
        with tx.cursor() as cur:
            cur.executemany(sql, data)

    def _select_sql(self, spec: schema.Layer) -> str:
        sel = ", ".join(_q(c) for c in spec.field_names)
        if spec.geometry:
            sel += f", ST_AsBinary({GEOM_COL})"
        return sel

    def _select_one(self, tx: Any, layer: str, record_id: str) -> dict[str, Any] | None:
        spec = schema.ALL_LAYERS[layer]
        row = tx.execute(f"SELECT {self._select_sql(spec)} FROM {self._t(layer)} "
                         "WHERE id = %s FOR UPDATE", (record_id,)).fetchone()
        if row is None:
            return None
        out = {c: _from_pg(spec.get(c), v)
               for c, v in zip(spec.field_names, row, strict=False)}
        if spec.geometry:
            out["geometry"] = None if row[-1] is None else shapely.from_wkb(bytes(row[-1]))
        return out

    def _update_row(self, tx: Any, layer: str, row: dict[str, Any]) -> None:
        spec = schema.ALL_LAYERS[layer]
        cols = [c for c in spec.field_names if c != "id"]
        sets = ", ".join(f"{_q(c)} = %s" for c in cols)
        vals = [_to_pg(spec.get(c), row.get(c)) for c in cols]
        if spec.geometry:
            sets += f", {GEOM_COL} = ST_GeomFromWKB(%s, 4326)"
            vals.append(_wkb(row.get("geometry")))
        tx.execute(f"UPDATE {self._t(layer)} SET {sets} WHERE id = %s", (*vals, row["id"]))

    def _delete_row(self, tx: Any, layer: str, record_id: str) -> int:
        return tx.execute(f"DELETE FROM {self._t(layer)} WHERE id = %s",
                          (record_id,)).rowcount

    def _update_where(self, tx: Any, table: str, values: Any, where: Any) -> int:
        spec = schema.ALL_LAYERS[table]
        sets = ", ".join(f"{_q(k)} = %s" for k in values)
        cond = " AND ".join(f"{_q(k)} = %s" for k in where)
        args = [_to_pg(spec.get(k), v) for k, v in values.items()] + \
            [_to_pg(spec.get(k), v) for k, v in where.items()]
        return tx.execute(f"UPDATE {self._t(table)} SET {sets} WHERE {cond}", args).rowcount

    def _lock_history(self, tx: Any) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                   (f"assetmap-history:{self.schema}",))

    def _replace_buurten(self, tx: Any, rows: list[dict[str, Any]]) -> None:
        tx.execute(f"DELETE FROM {self._t('buurten')}")
        self._insert(tx, "buurten", rows)
        tx.execute(f"UPDATE {self._t(META)} SET value = (value::bigint + 1)::text "
                   "WHERE key = 'buurten_version'")

    def _buurten_version(self) -> str:
        with self._borrow() as con:
            row = con.execute(f"SELECT value FROM {self._t(META)} "
                              "WHERE key = 'buurten_version'").fetchone()
        return row[0] if row else "0"

    def _clear(self, tx: Any) -> None:
        """Empty every table of the project (``assetmap copy --overwrite``)."""
        for name in schema.ALL_LAYERS:
            tx.execute(f"DELETE FROM {self._t(name)}")
        tx.execute(f"DROP TABLE IF EXISTS {self._t(STREETS)}")
        tx.execute(f"UPDATE {self._t(META)} SET value = (value::bigint + 1)::text "
                   "WHERE key = 'buurten_version'")
        self.invalidate_caches()

    # ---- reading -----------------------------------------------------------------------------
    def read(self, layer: str, *, status: str | Sequence[str] | None = None,
             evening_id: str | None = None) -> gpd.GeoDataFrame:
        """All rows of ``layer`` (optionally filtered) as a GeoDataFrame in EPSG:4326."""
        spec = schema.layer(layer)
        if spec.geometry is None:
            return self.read_table(layer)
        where, args = [], []
        if status is not None:
            where.append("status = ANY(%s)")
            args.append([status] if isinstance(status, str) else list(status))
        if evening_id is not None:
            where.append("evening_id = %s")
            args.append(evening_id)
        sql = (f"SELECT {self._select_sql(spec)} FROM {self._t(layer)}"
               + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY fid")
        with self._borrow() as con:
            rows = con.execute(sql, args).fetchall()
        cols = spec.field_names
        data = {c: typed_column(spec.get(c), [_from_pg(spec.get(c), r[i]) for r in rows])
                for i, c in enumerate(cols)}
        wkbs = np.array([None if r[-1] is None else bytes(r[-1]) for r in rows], dtype=object)
        geoms = shapely.from_wkb(wkbs) if rows else np.array([], dtype=object)
        return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)

    def read_table(self, name: str) -> pd.DataFrame:
        spec = schema.layer(name)
        cols = spec.field_names
        with self._borrow() as con:
            rows = con.execute(f"SELECT {', '.join(_q(c) for c in cols)} FROM {self._t(name)} "
                               "ORDER BY fid").fetchall()
        data = {c: typed_column(spec.get(c), [_from_pg(spec.get(c), r[i]) for r in rows])
                for i, c in enumerate(cols)}
        return pd.DataFrame(data, columns=cols)

    # ---- change stamps (see BaseStore.stamp) ---------------------------------------------------
    def stamp(self, layer: str, *, status: str | Sequence[str] | None = None) -> str:
        with self._borrow() as con:
            if layer == "streets":  # replaced by DROP + CREATE: a new table, a new oid
                row = con.execute("SELECT to_regclass(%s)::oid", (self._t(STREETS),)).fetchone()
                return f"s:{row[0]}"
            if layer == "buurten":
                row = con.execute(f"SELECT value FROM {self._t(META)} "
                                  "WHERE key = 'buurten_version'").fetchone()
                return f"b:{row[0] if row else 0}"
            spec = schema.layer(layer)
            if layer not in schema.LAYERS:
                row = con.execute(f"SELECT max(fid) FROM {self._t('audit')} WHERE layer = %s",
                                  (layer,)).fetchone()
                return f"a:{row[0]}"
            sts = None if status is None else [status] if isinstance(status, str) \
                else list(status)
            where = "" if sts is None else " WHERE status = ANY(%s)"
            row = con.execute(
                f"SELECT (SELECT value FROM {self._t(META)} WHERE key = 'buurten_version'), "
                f"(SELECT max(fid) FROM {self._t('audit')} WHERE layer = %s "
                "AND action <> 'add'), "
                f"(SELECT count(*) FROM {self._t(spec.name)}{where})",
                (layer, *([sts] if sts is not None else []))).fetchone()
        return f"{row[0]}:{row[1]}:{row[2]}"

    # ---- extra layers (streets, the cached walking network …) -------------------------------
    def read_extra_layer(self, name: str) -> gpd.GeoDataFrame | None:
        """The table ``name`` kept with the project (EPSG:4326), or ``None`` when absent."""
        _check_extra_name(name)
        with self._borrow() as con:
            if con.execute("SELECT to_regclass(%s)", (self._t(name),)).fetchone()[0] is None:
                return None
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = %s AND column_name NOT IN ('fid', %s) ORDER BY ordinal_position",
                (self.schema, name, GEOM_COL)).fetchall()]
            sel = "".join(f"{_q(c)}, " for c in cols)
            rows = con.execute(f"SELECT {sel}ST_AsBinary({GEOM_COL}) FROM {self._t(name)} "
                               "ORDER BY fid").fetchall()
        data = {c: pd.Series([r[i] for r in rows], dtype=object) for i, c in enumerate(cols)}
        wkbs = np.array([None if r[-1] is None else bytes(r[-1]) for r in rows], dtype=object)
        geoms = shapely.from_wkb(wkbs) if rows else np.array([], dtype=object)
        return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)

    def write_extra_layer(self, name: str, gdf: gpd.GeoDataFrame) -> int:
        """Replace (or create) the table ``name`` with ``gdf`` (stored in EPSG:4326).

        For layers outside the schema, such as ``streets``. One transaction; attribute columns
        become ``boolean``, ``bigint``, ``double precision`` or ``text``. Returns the rows.
        """
        _check_extra_name(name)
        with self._tx() as tx:
            self._write_extra(tx, name, gdf)
        return len(gdf)

    def _write_extra(self, tx: Any, name: str, gdf: gpd.GeoDataFrame) -> None:
        t = self._t(name)
        tx.execute(f"DROP TABLE IF EXISTS {t}")
        g = gdf.to_crs(4326) if gdf.crs is not None and len(gdf) else gdf
        geom = g.geometry.name
        cols = [c for c in g.columns if c != geom]
        types = {c: _extra_type(g[c]) for c in cols}
        defs = "".join(f"{_q(c)} {types[c]}, " for c in cols)
        tx.execute(f"CREATE TABLE {t} (fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                   f"{defs}{GEOM_COL} geometry(Geometry,4326))")
        tx.execute(f"CREATE INDEX {_q(name + '_geom_idx')} ON {t} USING gist ({GEOM_COL})")
        names = "".join(f"{_q(c)}, " for c in cols)
        marks = "".join("%s, " for _ in cols)
        data = [[_plain(v) for v in rec[:-1]] + [_wkb(rec[-1])]
                for rec in g[[*cols, geom]].itertuples(index=False, name=None)]
        with tx.cursor() as cur:
            cur.executemany(f"INSERT INTO {t} ({names}{GEOM_COL}) VALUES ({marks}"
                            "ST_GeomFromWKB(%s, 4326))", data)

    # ---- backups: one schema per backup in the same database ---------------------------------
    def backup(self, reason: str = "handmatig") -> BackupInfo:
        outermost = not getattr(self._local, "depth", 0)
        with self._tx() as tx:
            if outermost:  # one consistent snapshot of all tables, without blocking writers
                tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            made = self._snapshot(tx, reason)
        self.prune_backups()
        return self._backup_by_id(made)

    def backups(self) -> list[BackupInfo]:
        with self._borrow() as con:
            rows = con.execute(
                "SELECT n.nspname, obj_description(n.oid, 'pg_namespace'), "
                "(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                " WHERE c.relnamespace = n.oid AND c.relkind = 'r') "
                "FROM pg_namespace n WHERE starts_with(n.nspname, %s)",
                (self._backup_prefix(),)).fetchall()
        out = []
        for schema_name, comment, size in rows:
            try:
                about = json.loads(comment or "")
            except ValueError:
                continue
            if not isinstance(about, dict) or about.get(_BACKUP_OF) != self.project:
                continue
            created = datetime.fromisoformat(about["created"]).astimezone(UTC)
            out.append(BackupInfo(schema_name, created, str(about.get("reason", "")),
                                  int(size)))
        return sorted(out, key=lambda b: b.created, reverse=True)

    def restore(self, backup_id: str) -> BackupInfo:
        source = self._backup_by_id(backup_id).id
        with self._tx() as tx:
            tables = self._tables(tx, self.schema)
            # no writer may slip in between the backup of the current state and the restore
            tx.execute(f"LOCK TABLE {', '.join(self._t(t) for t in tables)} "
                       "IN SHARE ROW EXCLUSIVE MODE")
            undo = self._snapshot(tx, "voor_herstel")
            self._copy_rows(tx, source, tables)
        self.invalidate_caches()
        self.prune_backups()
        return self._backup_by_id(undo)

    def prune_backups(self, keep: int = KEEP_BACKUPS) -> int:
        old = self.backups()[keep:]
        if old:
            with self._tx() as tx:
                for b in old:
                    tx.execute(f"DROP SCHEMA IF EXISTS {_q(b.id)} CASCADE")
        return len(old)

    def open_backup(self, backup_id: str) -> PostgisStore:
        return PostgisStore(with_project(self.url, self._backup_by_id(backup_id).id))

    def _backup_prefix(self) -> str:
        return self.project[:40] + BACKUP_MARK

    def _tables(self, tx: Any, schema_name: str) -> list[str]:
        """The project's tables that backups copy and restores replace (not the throttle: a
        restore must not bring back or forget failed logins)."""
        return [r[0] for r in tx.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> %s "
            "ORDER BY tablename", (schema_name, THROTTLE)).fetchall()]

    def _columns_of(self, tx: Any, schema_name: str, table: str) -> list[str]:
        return [r[0] for r in tx.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = %s ORDER BY ordinal_position", (schema_name, table)).fetchall()]

    def _snapshot(self, tx: Any, reason: str) -> str:
        """Copy every table of the project into a new backup schema; returns its name."""
        now = datetime.now(UTC)
        name = f"{self._backup_prefix()}{now:%Y%m%d%H%M%S%f}"
        src, dst = _q(self.schema), _q(name)
        tx.execute(f"CREATE SCHEMA {dst}")
        for t in self._tables(tx, self.schema):
            self._copy_table(tx, f"{src}.{_q(t)}", f"{dst}.{_q(t)}")
        about = {_BACKUP_OF: self.project, "created": now.isoformat(),
                 "reason": reason_slug(reason)}
        sql = _psycopg().sql
        tx.execute(sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
            sql.Identifier(name), sql.Literal(json.dumps(about))))
        return name

    @staticmethod
    def _copy_table(tx: Any, src: str, dst: str) -> None:
        """A new table ``dst`` (qualified, quoted) like ``src``, with the same rows and ``fid``s;
        its ``fid`` counter continues after the highest copied."""
        tx.execute(f"CREATE TABLE {dst} (LIKE {src} INCLUDING ALL)")
        tx.execute(f"INSERT INTO {dst} OVERRIDING SYSTEM VALUE SELECT * FROM {src}")
        if tx.execute("SELECT 1 FROM pg_attribute WHERE attrelid = %s::regclass "
                      "AND attname = 'fid' AND NOT attisdropped", (dst,)).fetchone():
            tx.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'fid'), max(fid)) FROM {dst}",
                       (dst,))

    def _copy_rows(self, tx: Any, source: str, tables: list[str]) -> None:
        """Make every table of the project hold what the backup schema ``source`` holds."""
        version = int(self._buurten_version())
        kept = set(self._tables(tx, source))
        for t in tables:
            if t not in kept and t not in schema.ALL_LAYERS and t != META:
                tx.execute(f"DROP TABLE {self._t(t)}")  # an extra layer made since
        for t in [*schema.ALL_LAYERS]:
            tx.execute(f"DELETE FROM {self._t(t)}")
            if t not in kept:
                continue
            have = set(self._columns_of(tx, self.schema, t))
            cols = ", ".join(_q(c) for c in self._columns_of(tx, source, t)
                             if c in have and c != "fid")
            tx.execute(f"INSERT INTO {self._t(t)} ({cols}) SELECT {cols} "
                       f"FROM {_q(source)}.{_q(t)} ORDER BY fid")
        for t in sorted(kept - set(schema.ALL_LAYERS) - {META}):
            tx.execute(f"DROP TABLE IF EXISTS {self._t(t)}")
            self._copy_table(tx, f"{_q(source)}.{_q(t)}", self._t(t))
        # a new buurten version: every process rebuilds its cached project area
        old = tx.execute(f"SELECT value FROM {_q(source)}.{META} "
                         "WHERE key = 'buurten_version'").fetchone()
        new = max(version, int(old[0]) if old else 0) + 1
        tx.execute(f"UPDATE {self._t(META)} SET value = %s WHERE key = 'buurten_version'",
                   (str(new),))


# --------------------------------------------------------------------------- values


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _rollback(con: Any) -> None:
    psycopg = _psycopg()
    try:
        con.execute("ROLLBACK")
    except psycopg.Error:
        con.close()  # the pool drops a closed connection


def _wkb(geom: BaseGeometry | None) -> bytes | None:
    if geom is None:
        return None
    return shapely.to_wkb(geom, byte_order=1)


def _plain(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def _check_extra_name(name: str) -> None:
    if name in schema.ALL_LAYERS or name == META or not re.fullmatch(r"[a-z][a-z0-9_]{0,50}",
                                                                     name):
        raise ValueError(f"not an extra layer name: {name!r}")


def _extra_type(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "bigint"
    if pd.api.types.is_float_dtype(s):
        return "double precision"
    return "text"


def _to_pg(f: schema.Field, v: Any) -> Any:
    """A store value (as ``GpkgStore`` keeps it) as a value for the PostgreSQL column."""
    v = _plain(v)
    if v is None:
        return None
    kind = f.kind
    if kind == "bool":
        return bool(v)
    if kind == "int":
        return int(v)
    if kind == "float":
        return float(v)
    if kind == "date":
        if isinstance(v, datetime):
            return v.date()
        if isinstance(v, date):
            return v
        return _parse(f, str(v), date.fromisoformat)
    if kind == "datetime":
        if isinstance(v, datetime):
            dt = v
        else:
            dt = _parse(f, str(v).replace("Z", "+00:00"), datetime.fromisoformat)
        return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)
    return v if isinstance(v, str) else str(v)


def _parse(f: schema.Field, text: str, fn: Any) -> Any:
    try:
        return fn(text.strip())
    except ValueError:
        raise StorageError(key="store_bad_datetime", params={"text": text}, subject=f) from None


def _from_pg(f: schema.Field, v: Any) -> Any:
    """A PostgreSQL value back as ``GpkgStore`` returns it (ISO text for dates and times)."""
    if v is None:
        return None
    if f.kind == "datetime":
        dt = v.astimezone(UTC)
        if dt.microsecond:
            return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    if f.kind == "date":
        return v.isoformat()
    return v
