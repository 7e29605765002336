"""1,000 submissions from 50 threads into PostGIS, against the GeoPackage store in the same run.

The database is a throwaway cluster started here (``tests/store/pg.py``) with PostgreSQL's
durable defaults (fsync and synchronous_commit on, as the GeoPackage runs with
``synchronous=FULL``), or the one in ``ASSETMAP_BENCH_PG_URL`` (a database with PostGIS; a new
project schema is made and dropped). Both stores get the same records, buurten and threads.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from assetmap.store.postgis import POOL_SIZE, PostgisStore
from benchmarks.bench_store import PER_THREAD, THREADS, _gpkg_run, _records, threaded_submissions
from benchmarks.common import Result, pg_database

REPEAT = 3


def _postgis_run(url: str, recs) -> float:
    store = PostgisStore(url, create=True)
    try:
        return threaded_submissions(store, recs)
    finally:
        store.drop()
        store.close()


def run() -> list[Result]:
    n = THREADS * PER_THREAD
    recs = _records(n)
    base, cluster = pg_database("bench_postgis")
    try:
        gpkg, pg = float("inf"), float("inf")
        for k in range(REPEAT):  # interleaved, best of each: the machine is shared
            with tempfile.TemporaryDirectory() as d:
                gpkg = min(gpkg, _gpkg_run(Path(d) / "bench.gpkg", recs))
            pg = min(pg, _postgis_run(f"{base}?project=bench_{uuid.uuid4().hex[:8]}_{k}", recs))
    finally:
        if cluster is not None:
            cluster.stop()
    ratio = gpkg / pg  # (n / pg) / (n / gpkg)
    return [Result(
        "postgis: 1,000 submissions, 50 threads",
        {"seconds": round(pg, 3), "submissions_per_s": round(n / pg, 1),
         "gpkg_submissions_per_s": round(n / gpkg, 1),
         "ratio_vs_gpkg": round(ratio, 3), "pool_connections": POOL_SIZE},
        goal="ratio_vs_gpkg >= 0.3", met=ratio >= 0.3,
        notes=f"best of {REPEAT} interleaved runs each; same records, buurten and threads "
              "into GpkgStore and PostgisStore in one run; "
              "each submission: validation, point-in-polygon, one transaction with the row and "
              "its audit row. PostgreSQL on 127.0.0.1 with durable defaults (fsync on)"
              + ("" if cluster is not None else ", server from ASSETMAP_BENCH_PG_URL") + ".")]
