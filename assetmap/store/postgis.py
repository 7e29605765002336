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
"""

from __future__ import annotations

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
from .base import BaseStore
from .gpkg import _column

SCHEMA_VERSION = 1
DEFAULT_PROJECT = "assetmap"
POOL_SIZE = 8
POOL_TIMEOUT_S = 60.0
GEOM_COL = "geom"
META = "meta"
STREETS = "streets"

_PROJECT_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_SQL_TYPES = {"text": "text", "enum": "text", "url": "text", "id": "text", "bool": "boolean",
              "int": "bigint", "float": "double precision", "date": "date",
              "datetime": "timestamptz"}


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise ProjectError("Voor een PostGIS-project is psycopg nodig: "
                           "pip install 'assetmap[postgis]'.") from None
    return psycopg


# --------------------------------------------------------------------------- URLs


def is_postgres_url(location: str) -> bool:
    """Whether ``location`` is a PostgreSQL URL (``postgresql://``, ``postgres://``)."""
    return location.startswith(("postgresql://", "postgres://", "postgresql+"))


def parse_url(url: str) -> tuple[str, str]:
    """Split a project URL into a libpq connection URL and the project (schema) name.

    ``postgresql+psycopg://`` (SQLAlchemy style) is accepted as ``postgresql://``.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise ProjectError(f"Geen PostgreSQL-adres: '{redact(url)}'.")
    query = parse_qsl(parts.query, keep_blank_values=True)
    project = DEFAULT_PROJECT
    rest = []
    for k, v in query:
        if k == "project":
            project = v
        else:
            rest.append((k, v))
    if not _PROJECT_RE.match(project):
        raise ProjectError(
            f"Projectnaam '{project}' in het adres is ongeldig: gebruik kleine letters, cijfers "
            "en _ (begin met een letter), bijvoorbeeld ?project=zaanstad.")
    if not parts.path.strip("/"):
        raise ProjectError(f"Het adres noemt geen database: '{redact(url)}' "
                           "(bijvoorbeeld postgresql://host/assetmap?project=zaanstad).")
    conninfo = urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(rest), ""))
    return conninfo, project


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
                raise StorageError("Het project is al gesloten.")
            if not ok:
                raise StorageError("De database is bezet (geen vrije verbinding), probeer het "
                                   "opnieuw.")
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
            raise ProjectError(f"Kan de database niet bereiken ({self._label}): {msg}") from None
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

    # ---- connections and transactions --------------------------------------------------------
    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> PostgisStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            raise StorageError(f"Databasefout: {_one_line(exc)}") from exc
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
            raise StorageError(f"Databasefout: {_one_line(exc)}") from exc
        self._local.con, self._local.depth = con, 1
        try:
            yield con
        except BaseException as exc:
            self._local.con, self._local.depth = None, 0
            _rollback(con)
            self._pool.put(con)
            if isinstance(exc, psycopg.Error):
                raise StorageError(f"Opslaan mislukt: {_one_line(exc)}") from exc
            raise
        self._local.con, self._local.depth = None, 0
        try:
            if con.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
                raise StorageError("Opslaan mislukt: een databasefout brak de transactie af.")
            con.execute("COMMIT")
        except psycopg.Error as exc:
            _rollback(con)
            raise StorageError(f"Opslaan mislukt: {_one_line(exc)}") from exc
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
                raise ProjectError(
                    f"De database {self._label} heeft geen PostGIS. Laat de beheerder eenmalig "
                    "'CREATE EXTENSION postgis;' uitvoeren.")
            exists = con.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                                 (self.schema,)).fetchone() is not None
        if not exists and not create:
            raise ProjectError(f"Project '{self.project}' niet gevonden in database "
                               f"{self._label}.")
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
        if META not in have:
            return True
        with self._borrow() as con:
            row = con.execute(f"SELECT value FROM {_q(self.schema)}.{META} "
                              "WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"Project '{self.project}' is gemaakt met een nieuwere versie van assetmap "
                f"(schema {version}); werk assetmap bij.")
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
            raise ProjectError(
                f"Project '{self.project}' is gemaakt met een nieuwere versie van assetmap "
                f"(schema {row[0]}); werk assetmap bij.")
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
        tx.execute(f"INSERT INTO {s}.{META} (key, value) VALUES ('schema_version', %s) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   (str(SCHEMA_VERSION),))
        tx.execute(f"INSERT INTO {s}.{META} (key, value) VALUES ('buurten_version', '0') "
                   "ON CONFLICT (key) DO NOTHING")

    def drop(self) -> None:
        """Remove this project (its schema and everything in it) from the database."""
        with self._tx() as tx:
            tx.execute(f"DROP SCHEMA IF EXISTS {_q(self.schema)} CASCADE")

    # ---- primitives --------------------------------------------------------------------------
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
        self._area_cache = None

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
        data = {c: _column(spec.get(c), [_from_pg(spec.get(c), r[i]) for r in rows])
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
        data = {c: _column(spec.get(c), [_from_pg(spec.get(c), r[i]) for r in rows])
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

    # ---- streets (context lines for maps and routes) ----------------------------------------
    def streets(self) -> gpd.GeoDataFrame | None:
        """The street lines kept with the project (table ``streets``), or ``None``."""
        with self._borrow() as con:
            if con.execute("SELECT to_regclass(%s)", (self._t(STREETS),)).fetchone()[0] is None:
                return None
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = %s AND column_name NOT IN ('fid', %s) ORDER BY ordinal_position",
                (self.schema, STREETS, GEOM_COL)).fetchall()]
            sel = "".join(f"{_q(c)}, " for c in cols)
            rows = con.execute(f"SELECT {sel}ST_AsBinary({GEOM_COL}) FROM {self._t(STREETS)} "
                               "ORDER BY fid").fetchall()
        data = {c: pd.Series([r[i] for r in rows], dtype=object) for i, c in enumerate(cols)}
        wkbs = np.array([None if r[-1] is None else bytes(r[-1]) for r in rows], dtype=object)
        geoms = shapely.from_wkb(wkbs) if rows else np.array([], dtype=object)
        return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)

    def write_streets(self, gdf: gpd.GeoDataFrame | None) -> None:
        """Replace the street lines (any line geometry, reprojected to EPSG:4326)."""
        with self._tx() as tx:
            self._write_streets(tx, gdf)

    def _write_streets(self, tx: Any, gdf: gpd.GeoDataFrame | None) -> None:
        t = self._t(STREETS)
        tx.execute(f"DROP TABLE IF EXISTS {t}")
        if gdf is None:
            return
        g = gdf.to_crs(4326) if gdf.crs is not None and len(gdf) else gdf
        geom = g.geometry.name
        cols = [c for c in g.columns if c != geom]
        types = {c: _streets_type(g[c]) for c in cols}
        defs = "".join(f"{_q(c)} {types[c]}, " for c in cols)
        tx.execute(f"CREATE TABLE {t} (fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                   f"{defs}{GEOM_COL} geometry(Geometry,4326))")
        tx.execute(f"CREATE INDEX {_q('streets_geom_idx')} ON {t} USING gist ({GEOM_COL})")
        names = "".join(f"{_q(c)}, " for c in cols)
        marks = "".join("%s, " for _ in cols)
        data = [[_plain(v) for v in rec[:-1]] + [_wkb(rec[-1])]
                for rec in g[[*cols, geom]].itertuples(index=False, name=None)]
        with tx.cursor() as cur:
            cur.executemany(f"INSERT INTO {t} ({names}{GEOM_COL}) VALUES ({marks}"
                            "ST_GeomFromWKB(%s, 4326))", data)


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


def _streets_type(s: pd.Series) -> str:
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
        raise StorageError(f"{f.label_nl}: '{text}' is geen geldige datum of tijd.") from None


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
