"""``GpkgStore``: a project in one GeoPackage file (QGIS opens it).

The file is created by GDAL (through pyogrio), so it is a valid GeoPackage with a spatial index
per layer; rows are then written with Python's ``sqlite3`` so that every submission is one short
``BEGIN IMMEDIATE`` … ``COMMIT`` transaction, with WAL journaling and a busy timeout, safe for many
Streamlit sessions (threads) and several processes. GDAL's R-tree triggers call the GeoPackage
SQL functions ``ST_IsEmpty``/``ST_MinX``/…; they are registered on every connection here.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from .. import schema
from ..errors import ProjectError, StorageError
from .base import KEEP_BACKUPS, THROTTLE, BackupInfo, BaseStore, typed_column

BUSY_TIMEOUT_S = 60.0
GEOM_COL = "geom"
META = "assetmap_meta"
SCHEMA_VERSION = "1"

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


# --------------------------------------------------------------------------- GPKG geometry blobs


def encode_geom(geom: BaseGeometry | None, srs_id: int = 4326) -> bytes | None:
    """A shapely geometry as a GeoPackage binary blob (little endian, xy envelope)."""
    if geom is None:
        return None
    if geom.is_empty:
        flags = 0b00010001  # empty, no envelope, little endian
        return b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id) + shapely.to_wkb(geom)
    if geom.geom_type == "Point":
        flags = 0b00000001  # no envelope for points, as GDAL does
        header = b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id)
    else:
        flags = 0b00000011  # envelope xy
        minx, miny, maxx, maxy = geom.bounds
        header = b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id) + struct.pack(
            "<dddd", minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geom, byte_order=1)


def encode_many(geoms: Sequence[BaseGeometry | None], srs_id: int = 4326) -> list[bytes | None]:
    """:func:`encode_geom` of many geometries; points in one call to shapely."""
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = geoms
    is_point = np.array([g is not None and type(g) is Point for g in geoms], dtype=bool)
    if is_point.any():
        is_point[is_point] &= ~shapely.is_empty(arr[is_point])
    out: list[bytes | None] = [None] * len(geoms)
    if is_point.any():
        header = b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", srs_id)
        idx = np.flatnonzero(is_point)
        for i, wkb in zip(idx.tolist(), shapely.to_wkb(arr[idx], byte_order=1).tolist(),
                          strict=True):
            out[i] = header + wkb
    for i in np.flatnonzero(~is_point).tolist():
        out[i] = encode_geom(geoms[i], srs_id)
    return out


def _wkb_offset(blob: bytes) -> int:
    flags = blob[3]
    return 8 + _ENVELOPE_BYTES.get((flags >> 1) & 0b111, 0)


def decode_geom(blob: bytes | None) -> BaseGeometry | None:
    if blob is None:
        return None
    return shapely.from_wkb(bytes(blob[_wkb_offset(blob):]))


def decode_many(blobs: Sequence[bytes | None]) -> np.ndarray:
    wkbs = [None if b is None else bytes(b[_wkb_offset(b):]) for b in blobs]
    return shapely.from_wkb(np.array(wkbs, dtype=object))


_LAST_BOUNDS: tuple[Any, Any] = (None, None)


def _bounds(blob: bytes | None) -> tuple[float, float, float, float] | None:
    # the R-tree triggers ask ST_IsEmpty, ST_MinX … of the same blob one after the other:
    # remember the last answer (one tuple, read and written whole, so threads are safe)
    global _LAST_BOUNDS
    last = _LAST_BOUNDS
    if blob is not None and last[0] == blob:
        return last[1]
    out = _bounds_of(blob)
    if blob is not None:
        _LAST_BOUNDS = (bytes(blob), out)
    return out


def _bounds_of(blob: bytes | None) -> tuple[float, float, float, float] | None:
    if blob is None:
        return None
    flags = blob[3]
    if flags & 0b00010000:
        return None
    env = (flags >> 1) & 0b111
    if env:
        bo = "<" if flags & 1 else ">"
        minx, maxx, miny, maxy = struct.unpack(bo + "dddd", blob[8:40])
        return minx, miny, maxx, maxy
    off = 8
    wkb = blob[off:]
    bo = "<" if wkb[0] == 1 else ">"
    gtype = struct.unpack(bo + "I", wkb[1:5])[0]
    if gtype == 1:  # 2D point: fast path
        x, y = struct.unpack(bo + "dd", wkb[5:21])
        return x, y, x, y
    g = shapely.from_wkb(bytes(wkb))
    return None if g.is_empty else g.bounds


def _st_isempty(blob):
    if blob is None:
        return None
    return 1 if _bounds(blob) is None else 0


def _st_coord(i):
    def f(blob):
        b = _bounds(blob)
        return None if b is None else b[i]

    return f


# --------------------------------------------------------------------------- creating a project

def _empty_frame(spec: schema.Layer) -> pd.DataFrame:
    dtypes = {"text": object, "enum": object, "url": object, "id": object, "date": object,
              "datetime": object, "bool": bool, "int": "int64", "float": "float64"}
    cols = {f.name: pd.Series([], dtype=dtypes[f.kind]) for f in spec.fields}
    if spec.geometry is None:
        return pd.DataFrame(cols)
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=4326, name=GEOM_COL),
                            crs=4326)


def create_gpkg(path: str | os.PathLike[str]) -> None:
    """Create an empty project GeoPackage with every layer (fails if the file exists)."""
    import pyogrio

    p = Path(path)
    if p.exists():
        raise ProjectError(key="store_file_exists", params={"path": p})
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.stem}.creating.gpkg")
    if tmp.exists():
        tmp.unlink()
    try:
        for spec in schema.ALL_LAYERS.values():
            frame = _empty_frame(spec)
            kw: dict[str, Any] = {"layer": spec.name, "driver": "GPKG"}
            if spec.geometry is not None:
                kw["geometry_type"] = spec.geometry
                kw["layer_options"] = {"GEOMETRY_NAME": GEOM_COL, "SPATIAL_INDEX": "YES"}
            if tmp.exists():
                kw["append"] = False
            pyogrio.write_dataframe(frame, tmp, **kw)
        meta = pd.DataFrame({"key": pd.Series(["schema_version", "buurten_version"],
                                              dtype=object),
                             "value": pd.Series([SCHEMA_VERSION, "0"], dtype=object)})
        pyogrio.write_dataframe(meta, tmp, layer=META, driver="GPKG")
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            for name, spec in schema.ALL_LAYERS.items():
                if spec.has("id"):
                    con.execute(f'CREATE UNIQUE INDEX "idx_{name}_id" ON "{name}"(id)')
                if spec.has("status"):
                    con.execute(f'CREATE INDEX "idx_{name}_status" ON "{name}"(status)')
            con.execute('CREATE UNIQUE INDEX "idx_buurten_code" ON buurten(code)')
            if "history" in schema.ALL_LAYERS:
                con.execute('CREATE INDEX "idx_history_record_id" ON "history"(record_id)')
            con.execute('CREATE UNIQUE INDEX "idx_evenings_code" ON evenings(join_code)')
            con.execute(f'CREATE UNIQUE INDEX "idx_meta_key" ON "{META}"(key)')
            con.commit()
        finally:
            con.close()
        os.replace(tmp, p)
    finally:
        for suffix in ("", "-wal", "-shm"):
            q = Path(str(tmp) + suffix)
            if q.exists():
                q.unlink()


# --------------------------------------------------------------------------- upgrading a project

_SQLITE_TYPES = {"text": "TEXT", "enum": "TEXT", "url": "TEXT", "id": "TEXT", "date": "TEXT",
                 "datetime": "TEXT", "bool": "BOOLEAN", "int": "INTEGER", "float": "REAL"}


def upgrade_gpkg(con: sqlite3.Connection) -> list[str]:
    """Add the schema layers and columns that a project file of an older version lacks.

    New layers (e.g. ``wishes`` and ``links``) are created as GDAL creates them: the table,
    its rows in ``gpkg_contents`` and ``gpkg_geometry_columns``, the R-tree spatial index and
    the feature-count triggers (both copied from a layer GDAL made in the same file), and the
    unique ``id`` and ``status`` indexes. New columns are added with ``ALTER TABLE``. One
    ``BEGIN IMMEDIATE`` transaction, so two processes opening the same old file at once do
    it once. Returns what was added (``"wishes"``, ``"talents.tags"``), empty when nothing.
    """
    con.execute("BEGIN IMMEDIATE")
    try:
        done = _upgrade(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return done


def _lacks_columns(con: sqlite3.Connection) -> bool:
    """Whether a schema layer of the file misses a column of :mod:`assetmap.schema`."""
    for name, spec in schema.ALL_LAYERS.items():
        have = {r[1] for r in con.execute(f'PRAGMA table_info("{name}")')}
        if have and not set(spec.field_names) <= have:
            return True
    return False


def _upgrade(con: sqlite3.Connection) -> list[str]:
    tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    done: list[str] = []
    for name, spec in schema.ALL_LAYERS.items():
        if name in tables:
            have = {r[1] for r in con.execute(f'PRAGMA table_info("{name}")')}
            for f in spec.fields:
                if f.name not in have:
                    con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{f.name}" '
                                f"{_SQLITE_TYPES[f.kind]}")
                    done.append(f"{name}.{f.name}")
            continue
        geom = spec.geometry.upper() if spec.geometry else None
        cols = "".join(f', "{f.name}" {_SQLITE_TYPES[f.kind]}' for f in spec.fields)
        con.execute(f'CREATE TABLE "{name}" ( "fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL'
                    + (f', "{GEOM_COL}" {geom}' if geom else "") + cols + ")")
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
                    "last_change, srs_id) VALUES (?, ?, ?, '', "
                    "strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?)",
                    (name, "features" if geom else "attributes", name, 4326 if geom else 0))
        if geom:
            con.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)",
                        (name, GEOM_COL, geom))
            _copy_triggers(con, name, rtree=True)
        _copy_triggers(con, name, rtree=False)
        if spec.has("id"):
            con.execute(f'CREATE UNIQUE INDEX "idx_{name}_id" ON "{name}"(id)')
        if spec.has("status"):
            con.execute(f'CREATE INDEX "idx_{name}_status" ON "{name}"(status)')
        done.append(name)
    con.execute('CREATE INDEX IF NOT EXISTS "idx_history_record_id" ON "history"(record_id)')
    if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                       (THROTTLE,)).fetchone():
        # recent events per scope and hashed key (login failures, submissions): state that
        # several app processes share; not a layer (not in gpkg_contents, QGIS does not list it)
        con.execute(f'CREATE TABLE "{THROTTLE}" (scope TEXT NOT NULL, key TEXT NOT NULL, '
                    "at REAL NOT NULL)")
        con.execute(f'CREATE INDEX "idx_{THROTTLE}_key" ON "{THROTTLE}"(scope, key)')
        con.execute(f'CREATE INDEX "idx_{THROTTLE}_at" ON "{THROTTLE}"(scope, at)')
        done.append(THROTTLE)
    return done


def _copy_triggers(con: sqlite3.Connection, name: str, *, rtree: bool) -> None:
    """Give the new table ``name`` the triggers GDAL made for another table of its kind: the
    R-tree spatial index of a point layer (``rtree=True``) or the feature count of any layer.
    Without such a table in the file the new layer simply has none (it works all the same)."""
    like = "rtree_%_geom_%" if rtree else "trigger_%_feature_count_%"
    row = con.execute(
        "SELECT c.table_name FROM gpkg_contents c "
        + ("JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
           "WHERE g.geometry_type_name = 'POINT' AND " if rtree else "WHERE ")
        + "c.table_name != ? AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name = c.table_name AND name LIKE ?) LIMIT 1", (name, like)).fetchone()
    if row is None:
        return
    tpl = row[0]
    sqls = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                      "AND tbl_name = ? AND name LIKE ?", (tpl, like))]
    if rtree:
        con.execute(f'CREATE VIRTUAL TABLE "rtree_{name}_geom" USING rtree(id, minx, maxx, '
                    "miny, maxy)")
        con.execute("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                    "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                    (name, GEOM_COL))
    else:
        con.execute("INSERT OR REPLACE INTO gpkg_ogr_contents (table_name, feature_count) "
                    "VALUES (?, 0)", (name,))
    for sql in sqls:
        con.execute(sql.replace(f'"{tpl}"', f'"{name}"').replace(f"'{tpl}'", f"'{name}'")
                    .replace(f"rtree_{tpl}_geom", f"rtree_{name}_geom")
                    .replace(f"feature_count_{tpl}", f"feature_count_{name}"))


# --------------------------------------------------------------------------- the store


class GpkgStore(BaseStore):
    """A project stored in one GeoPackage file.

    Backups are consistent copies of the file in a ``backups/`` folder next to it (see
    :mod:`assetmap.backup`).
    """

    path: Path  # always a file

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        if not self.path.exists():
            if not create:
                raise ProjectError(key="store_project_not_found", params={"path": self.path})
            create_gpkg(self.path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._owners: dict[int, threading.Thread] = {}  # id(connection) -> its thread
        self._lock = threading.Lock()
        # Writers in this process queue on a lock instead of SQLite's busy handler, which
        # sleeps in steps of up to 100 ms; other processes still meet the busy timeout.
        self._write_lock = threading.Lock()
        self._check()

    # ---- connections -----------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                      check_same_thread=False)
                con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=FULL")
                con.execute("PRAGMA secure_delete=ON")  # erased personal data leaves no trace
            except sqlite3.DatabaseError as exc:
                raise ProjectError(key="store_open_failed",
                                   params={"path": self.path, "detail": exc}) from None
            con.create_function("ST_IsEmpty", 1, _st_isempty, deterministic=True)
            con.create_function("ST_MinX", 1, _st_coord(0), deterministic=True)
            con.create_function("ST_MinY", 1, _st_coord(1), deterministic=True)
            con.create_function("ST_MaxX", 1, _st_coord(2), deterministic=True)
            con.create_function("ST_MaxY", 1, _st_coord(3), deterministic=True)
            self._local.con = con
            self._local.depth = 0
            with self._lock:
                self._all.append(con)
                self._close_orphans(con)
        return con

    def _close_orphans(self, new: sqlite3.Connection) -> None:
        """Close the connections of threads that have ended (caller holds ``_lock``).

        Streamlit runs every script run in a new thread; without this each run would leave one
        open connection (three file handles) behind until the store closes.
        """
        owners = self._owners
        owners[id(new)] = threading.current_thread()
        keep = []
        for con in self._all:
            owner = owners.get(id(con))
            if owner is not None and not owner.is_alive():
                owners.pop(id(con), None)
                try:
                    con.close()
                except sqlite3.Error:
                    pass
            else:
                keep.append(con)
        self._all[:] = keep

    def _check(self) -> None:
        try:
            con = self._conn()
            (app_id,) = con.execute("PRAGMA application_id").fetchone()
            tables = {r[0] for r in con.execute(
                "SELECT table_name FROM gpkg_contents")}
        except sqlite3.DatabaseError:
            raise ProjectError(key="store_not_gpkg_project", params={"path": self.path}) from None
        missing = set(schema.ALL_LAYERS) - tables
        if app_id == 0x47504B47 and META in tables and (missing or _lacks_columns(con)):
            # an assetmap project made by an older version: add what it lacks
            upgrade_gpkg(con)
            missing = set()
        if app_id != 0x47504B47 or missing:
            raise ProjectError(key="store_missing_layers", params={
                "path": self.path, "missing": ", ".join(sorted(missing)) or "-"})
        self._upgrade()

    def _upgrade(self) -> None:
        """Add the history index and the throttle table to a project made before they
        existed (idempotent)."""
        con = self._conn()
        (have,) = con.execute("SELECT count(*) FROM sqlite_master WHERE (type = 'index' AND "
                              "name = 'idx_history_record_id') OR (type = 'table' AND "
                              "name = ?)", (THROTTLE,)).fetchone()
        if have < 2:
            upgrade_gpkg(con)

    def close(self) -> None:
        with self._lock:
            for con in self._all:
                try:
                    con.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
            self._owners.clear()
        self._local = threading.local()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        con = self._conn()
        depth = self._local.depth
        if depth == 0:
            if not self._write_lock.acquire(timeout=BUSY_TIMEOUT_S):
                raise StorageError(key="store_busy")
            try:
                con.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                self._write_lock.release()
                raise StorageError(key="store_busy_detail", params={"detail": exc}) from None
        self._local.depth = depth + 1
        try:
            yield con
        except BaseException:
            self._local.depth = depth
            if depth == 0:
                try:
                    con.execute("ROLLBACK")
                finally:
                    self._write_lock.release()
            raise
        else:
            self._local.depth = depth
            if depth == 0:
                try:
                    con.execute("COMMIT")
                except sqlite3.Error as exc:
                    con.execute("ROLLBACK")
                    raise StorageError(key="store_save_failed", params={"detail": exc}) from None
                finally:
                    self._write_lock.release()

    def _throttle_table(self) -> str:
        return f'"{THROTTLE}"'

    # ---- primitives --------------------------------------------------------------------------
    @staticmethod
    def _cols(spec: schema.Layer) -> list[str]:
        return spec.field_names

    def _insert(self, tx: sqlite3.Connection, layer: str, rows: list[dict[str, Any]]) -> None:
        spec = schema.ALL_LAYERS[layer]
        cols = self._cols(spec)
        names = [*cols] + ([GEOM_COL] if spec.geometry else [])
        sql = (f'INSERT INTO "{layer}" ({", ".join(chr(34) + c + chr(34) for c in names)}) '
               f'VALUES ({", ".join("?" for _ in names)})')
        plain = _PLAIN_SQL
        data = [[v if type(v) in plain else _to_sql(v) for v in map(r.get, cols)]
                for r in rows]
        if spec.geometry:
            for vals, blob in zip(data, encode_many([r.get("geometry") for r in rows]),
                                  strict=True):
                vals.append(blob)
        if len(data) < BULK_ROWS:
            tx.executemany(sql, data)
        else:
            _insert_bulk(tx, layer, sql, data)

    def _select_one(self, tx: sqlite3.Connection, layer: str,
                    record_id: str) -> dict[str, Any] | None:
        spec = schema.ALL_LAYERS[layer]
        cols = self._cols(spec)
        sel = ", ".join(f'"{c}"' for c in cols) + (f', "{GEOM_COL}"' if spec.geometry else "")
        row = tx.execute(f'SELECT {sel} FROM "{layer}" WHERE id = ?', (record_id,)).fetchone()
        if row is None:
            return None
        out = {c: _from_sql(spec.get(c), v) for c, v in zip(cols, row, strict=False)}
        if spec.geometry:
            out["geometry"] = decode_geom(row[-1])
        return out

    def _update_row(self, tx: sqlite3.Connection, layer: str, row: dict[str, Any]) -> None:
        spec = schema.ALL_LAYERS[layer]
        cols = [c for c in self._cols(spec) if c != "id"]
        sets = ", ".join(f'"{c}" = ?' for c in cols)
        vals = [_to_sql(row.get(c)) for c in cols]
        if spec.geometry:
            sets += f', "{GEOM_COL}" = ?'
            vals.append(encode_geom(row.get("geometry")))
        tx.execute(f'UPDATE "{layer}" SET {sets} WHERE id = ?', (*vals, row["id"]))

    def _delete_row(self, tx: sqlite3.Connection, layer: str, record_id: str) -> int:
        return tx.execute(f'DELETE FROM "{layer}" WHERE id = ?', (record_id,)).rowcount

    def _update_where(self, tx: sqlite3.Connection, table: str, values: Any,
                      where: Any) -> int:
        sets = ", ".join(f'"{k}" = ?' for k in values)
        cond = " AND ".join(f'"{k}" = ?' for k in where)
        args = [_to_sql(v) for v in values.values()] + [_to_sql(v) for v in where.values()]
        return tx.execute(f'UPDATE "{table}" SET {sets} WHERE {cond}', args).rowcount

    def _replace_buurten(self, tx: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
        tx.execute('DELETE FROM "buurten"')
        self._insert(tx, "buurten", rows)
        tx.execute(f"UPDATE \"{META}\" SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) "
                   "WHERE key = 'buurten_version'")
        self._touch(tx, "buurten", rows)

    def _touch(self, tx: sqlite3.Connection, layer: str, rows: list[dict[str, Any]]) -> None:
        """Keep gpkg_contents' extent and last_change up to date (QGIS zooms to it)."""
        geoms = [r["geometry"] for r in rows if r.get("geometry") is not None]
        if geoms:
            minx, miny, maxx, maxy = shapely.total_bounds(np.array(geoms, dtype=object))
            tx.execute("UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=?, "
                       "last_change=strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name=?",
                       (minx, miny, maxx, maxy, layer))

    def _buurten_version(self) -> str:
        row = self._conn().execute(
            f"SELECT value FROM \"{META}\" WHERE key='buurten_version'").fetchone()
        return row[0] if row else "0"

    # ---- reading -----------------------------------------------------------------------------
    def read(self, layer: str, *, status: str | Sequence[str] | None = None,
             evening_id: str | None = None) -> gpd.GeoDataFrame:
        """All rows of ``layer`` (optionally filtered) as a GeoDataFrame in EPSG:4326."""
        spec = schema.layer(layer)
        if spec.geometry is None:
            return self.read_table(layer)
        cols = self._cols(spec)
        where, args = [], []
        if status is not None:
            sts = [status] if isinstance(status, str) else list(status)
            where.append(f"status IN ({', '.join('?' for _ in sts)})")
            args += sts
        if evening_id is not None:
            where.append("evening_id = ?")
            args.append(evening_id)
        sql = (f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)}, "{GEOM_COL}" '
               f'FROM "{layer}"' + (f" WHERE {' AND '.join(where)}" if where else "")
               + " ORDER BY fid")
        rows = self._conn().execute(sql, args).fetchall()
        return _frame(spec, cols, rows)

    # Extra layers (streets, cached networks …) are read and written with our own sqlite3
    # connection, never with GDAL/pyogrio while the store is open: pyogrio links its own copy of
    # SQLite, and two SQLite libraries on one file in one process break each other's POSIX locks
    # ("disk I/O error", https://www.sqlite.org/howtocorrupt.html §2.2).
    def read_extra_layer(self, name: str) -> gpd.GeoDataFrame | None:
        """A feature table that is not one of the schema layers, or ``None`` when absent."""
        con = self._conn()
        row = con.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns "
                          "WHERE table_name = ?", (name,)).fetchone()
        if row is None:
            return None
        geom_col, srs_id = row
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')
                if r[1] not in (geom_col, "fid") and not r[5]]
        sel = ", ".join(f'"{c}"' for c in [*cols, geom_col])
        data = con.execute(f'SELECT {sel} FROM "{name}" ORDER BY rowid').fetchall()
        frame = {c: pd.Series([r[i] for r in data], dtype=object) for i, c in enumerate(cols)}
        geoms = decode_many([r[-1] for r in data]) if data else np.array([], dtype=object)
        crs = srs_id if srs_id and srs_id > 0 else 4326
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=crs), crs=crs)

    def write_extra_layer(self, name: str, gdf: gpd.GeoDataFrame) -> int:
        """Replace (or create) the feature table ``name`` with ``gdf`` (stored in EPSG:4326).

        For layers outside the schema, such as ``streets``. One transaction; columns are stored
        as TEXT, INTEGER or REAL. Returns the number of rows written.
        """
        if name in schema.ALL_LAYERS or name == META or not name.replace("_", "").isalnum():
            raise ValueError(f"not an extra layer name: {name!r}")
        g = gdf.to_crs(4326) if gdf.crs is not None else gdf.set_crs(4326)
        gtype = "GEOMETRY"
        kinds = set(g.geom_type.dropna())
        if len(kinds) == 1:
            gtype = kinds.pop().upper()
        attrs = [c for c in g.columns if c != g.geometry.name]
        decl = []
        for c in attrs:
            if pd.api.types.is_bool_dtype(g[c]) or pd.api.types.is_integer_dtype(g[c]):
                decl.append(f'"{c}" INTEGER')
            elif pd.api.types.is_float_dtype(g[c]):
                decl.append(f'"{c}" REAL')
            else:
                decl.append(f'"{c}" TEXT')
        rows = []
        for vals, geom in zip(g[attrs].itertuples(index=False, name=None), g.geometry,
                              strict=True):
            rows.append([_to_sql(None if schema.is_na(v) else v) for v in vals]
                        + [encode_geom(geom)])
        with self._tx() as tx:
            tx.execute(f'DROP TABLE IF EXISTS "{name}"')
            tx.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = ?", (name,))
            tx.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (name,))
            tx.execute("DELETE FROM gpkg_ogr_contents WHERE table_name = ?", (name,))
            for suffix in ("insert", "update1", "update2", "update3", "update4", "update5",
                           "update6", "update7", "delete"):
                tx.execute(f'DROP TRIGGER IF EXISTS "rtree_{name}_geom_{suffix}"')
            tx.execute(f'DROP TABLE IF EXISTS "rtree_{name}_geom"')
            tx.execute("DELETE FROM gpkg_extensions WHERE table_name = ?", (name,))
            tx.execute(f'CREATE TABLE "{name}" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
                       f'"{GEOM_COL}" {gtype}' + "".join(f", {d}" for d in decl) + ")")
            tx.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                       "VALUES (?, 'features', ?, 4326)", (name, name))
            tx.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)",
                       (name, GEOM_COL, gtype))
            names = ", ".join([*(f'"{c}"' for c in attrs), f'"{GEOM_COL}"'])
            tx.executemany(f'INSERT INTO "{name}" ({names}) VALUES '
                           f'({", ".join("?" for _ in range(len(attrs) + 1))})', rows)
            self._touch(tx, name, [{"geometry": geom} for geom in g.geometry])
        return len(rows)

    # ---- change stamps (see BaseStore.stamp) ---------------------------------------------------
    def stamp(self, layer: str, *, status: str | Sequence[str] | None = None) -> str:
        con = self._conn()
        if layer == "streets":
            row = con.execute("SELECT rowid, last_change FROM gpkg_contents "
                              "WHERE table_name = 'streets'").fetchone()
            return "s:-" if row is None else f"s:{row[0]}:{row[1]}"
        if layer == "buurten":
            return f"b:{self._buurten_version()}"
        spec = schema.layer(layer)
        if layer not in schema.LAYERS:
            (last,) = con.execute('SELECT max(fid) FROM "audit" WHERE layer = ?',
                                  (layer,)).fetchone()
            return f"a:{last}"
        sts = None if status is None else [status] if isinstance(status, str) else list(status)
        where = "" if sts is None else f" WHERE status IN ({', '.join('?' for _ in sts)})"
        row = con.execute(
            f"SELECT (SELECT value FROM \"{META}\" WHERE key = 'buurten_version'), "
            "(SELECT max(fid) FROM \"audit\" WHERE layer = ? AND action <> 'add'), "
            f'(SELECT count(*) FROM "{spec.name}"{where})', (layer, *(sts or []))).fetchone()
        return f"{row[0]}:{row[1]}:{row[2]}"

    def read_table(self, name: str) -> pd.DataFrame:
        spec = schema.layer(name)
        cols = self._cols(spec)
        rows = self._conn().execute(
            f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{name}" '
            "ORDER BY fid").fetchall()
        data = {c: typed_column(spec.get(c), [r[i] for r in rows]) for i, c in enumerate(cols)}
        return pd.DataFrame(data, columns=cols)

    # ---- backups: copies of the file in backups/ next to it ----------------------------------
    def backup(self, reason: str = "handmatig") -> BackupInfo:
        from .. import backup as files

        return files.make_backup(self.path, reason=reason)

    def backups(self) -> list[BackupInfo]:
        from .. import backup as files

        return files.list_backups(self.path)

    def restore(self, backup_id: str) -> BackupInfo:
        from .. import backup as files

        chosen = self._backup_by_id(backup_id)
        assert chosen.path is not None
        # failed logins and recent submissions are not part of the project's content: a
        # restore must neither bring old ones back nor forget the current ones
        throttle = self._conn().execute(
            f'SELECT scope, key, at FROM "{THROTTLE}"').fetchall()
        try:
            return files.restore(self.path, chosen.path)
        finally:
            # the buurten may differ while their version number does not
            self.invalidate_caches()
            # a backup made by an older version lacks the newer layers (wishes, links …)
            con = self._conn()
            tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
            if set(schema.ALL_LAYERS) - tables or _lacks_columns(con):
                upgrade_gpkg(con)
            self._upgrade()  # and the throttle table
            with self._tx() as tx:
                tx.execute(f'DELETE FROM "{THROTTLE}"')
                tx.executemany(f'INSERT INTO "{THROTTLE}" (scope, key, at) VALUES (?, ?, ?)',
                               throttle)

    def prune_backups(self, keep: int = KEEP_BACKUPS) -> int:
        from .. import backup as files

        return files.prune(self.path, keep=keep)

    def compact(self, *, vacuum: bool = False) -> None:
        """Checkpoint the write-ahead log into the file and empty it (erased values would
        otherwise stay in the ``-wal`` file); with ``vacuum`` rewrite the file too (used on
        backups after an erasure; ``secure_delete`` already zeroes freed pages). Inside a
        transaction of this thread it does nothing: the log cannot be emptied before that
        transaction ends (the next call outside one does it)."""
        con = self._conn()
        if getattr(self._local, "depth", 0):
            return
        if not self._write_lock.acquire(timeout=BUSY_TIMEOUT_S):
            raise StorageError(key="store_busy")
        try:
            try:
                if vacuum:
                    con.execute("VACUUM")
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                raise StorageError(key="store_compact_failed", params={"detail": exc}) from None
        finally:
            self._write_lock.release()

    def open_backup(self, backup_id: str) -> GpkgStore:
        chosen = self._backup_by_id(backup_id)
        assert chosen.path is not None
        return GpkgStore(chosen.path)


_PLAIN_SQL = frozenset({str, int, float, type(None), bytes})

BULK_ROWS = 1000
"""From this many rows on, an insert fills the R-tree and the feature count once at the end."""


def _insert_bulk(tx: sqlite3.Connection, table: str, sql: str, data: list[list[Any]]) -> None:
    """``executemany`` without the per-row triggers, as GDAL writes many features: the R-tree
    insert and feature count triggers are set aside, the rows inserted, the R-tree rows and the
    count added in one go, and the triggers put back, all inside the caller's transaction (an
    error rolls it all back, triggers included)."""
    names = (f"rtree_{table}_{GEOM_COL}_insert", f"trigger_insert_feature_count_{table}")
    saved = tx.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                       "tbl_name = ? AND name IN (?, ?)", (table, *names)).fetchall()
    if not saved or not all(s for _, s in saved):  # no such triggers: the plain way
        tx.executemany(sql, data)
        return
    (before,) = tx.execute(f'SELECT COALESCE(MAX(fid), 0) FROM "{table}"').fetchone()
    for name, _ in saved:
        tx.execute(f'DROP TRIGGER "{name}"')
    tx.executemany(sql, data)
    if any(n == names[0] for n, _ in saved):
        boxes = []
        for fid, blob in tx.execute(f'SELECT fid, "{GEOM_COL}" FROM "{table}" WHERE fid > ?',
                                    (before,)):
            b = _bounds_of(blob)
            if b is not None:
                boxes.append((fid, b[0], b[2], b[1], b[3]))
        tx.executemany(f'INSERT OR REPLACE INTO "rtree_{table}_{GEOM_COL}" VALUES (?, ?, ?, ?, ?)',
                       boxes)
    if any(n == names[1] for n, _ in saved):
        tx.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                   "WHERE lower(table_name) = lower(?)", (len(data), table))
    for _, trigger_sql in saved:
        tx.execute(trigger_sql)


def _to_sql(v: Any) -> Any:
    if isinstance(v, (bool, np.bool_)):
        return int(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


def _from_sql(f: schema.Field, v: Any) -> Any:
    if v is None:
        return None
    if f.kind == "bool":
        return bool(v)
    if f.kind == "int":
        return int(v)
    if f.kind == "float":
        return float(v)
    return v


def _frame(spec: schema.Layer, cols: list[str], rows: list[tuple]) -> gpd.GeoDataFrame:
    data = {c: typed_column(spec.get(c), [r[i] for r in rows]) for i, c in enumerate(cols)}
    geoms = decode_many([r[-1] for r in rows]) if rows else np.array([], dtype=object)
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)
