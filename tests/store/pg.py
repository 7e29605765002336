"""A throwaway PostgreSQL + PostGIS cluster for tests and benchmarks.

:func:`start_cluster` runs ``initdb`` and ``pg_ctl`` in a new temporary directory, on a free port
on 127.0.0.1 with trust authentication, creates one database with ``CREATE EXTENSION postgis``
and returns a :class:`Cluster` whose ``url`` points at it. :meth:`Cluster.stop` stops the server
and removes the directory. ``initdb`` refuses to run as root, so under root the server runs as
the ``postgres`` system user (created by the Debian ``postgresql`` package; else ``nobody``)
through ``runuser``.

The binaries are looked up in ``PATH`` and in ``/usr/lib/postgresql/*/bin`` (Debian's place);
:func:`find_bindir` returns ``None`` with a reason when they or PostGIS are missing, so that a
test can skip with a clear message (which fails under ``ASSETMAP_REQUIRE_ALL=1``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DBNAME = "assetmap"


def find_bindir() -> tuple[Path | None, str]:
    """The directory with ``initdb``/``pg_ctl`` (and PostGIS installed), or ``None`` and why."""
    candidates: list[Path] = []
    hit = shutil.which("initdb")
    if hit:
        candidates.append(Path(hit).resolve().parent)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                      key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
                      reverse=True)
    candidates += [Path(p) for p in versions]
    for d in candidates:
        if not ((d / "initdb").exists() and (d / "pg_ctl").exists()):
            continue
        if _has_postgis(d):
            return d, ""
        return None, (f"PostgreSQL found in {d} but not PostGIS "
                      "(apt-get install postgresql-15-postgis-3)")
    return None, ("PostgreSQL binaries (initdb, pg_ctl) not found in PATH or "
                  "/usr/lib/postgresql/*/bin (apt-get install postgresql postgresql-15-postgis-3)")


def _has_postgis(bindir: Path) -> bool:
    pg_config = bindir / "pg_config"
    sharedirs = []
    if pg_config.exists():
        out = subprocess.run([str(pg_config), "--sharedir"], capture_output=True, text=True,
                             check=False)
        if out.returncode == 0:
            sharedirs.append(Path(out.stdout.strip()))
    version = bindir.parent.name
    sharedirs.append(Path(f"/usr/share/postgresql/{version}"))
    return any((s / "extension" / "postgis.control").exists() for s in sharedirs)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> tuple[list[str], int | None, int | None]:
    """The command prefix, uid and gid to run the server with (root cannot run initdb)."""
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], pw.pw_uid, pw.pw_gid
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL")


@dataclass
class Cluster:
    """A running throwaway server; ``url`` is the database with PostGIS."""

    bindir: Path
    base: Path
    port: int
    prefix: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{DBNAME}"

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"),
                        "-m", "fast", "-w", "stop"], capture_output=True, check=False,
                       timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)

    def log(self) -> str:
        p = self.base / "server.log"
        return p.read_text(errors="replace") if p.exists() else ""


def start_cluster(bindir: Path, *, durable: bool = False) -> Cluster:
    """Start a new cluster; ``durable=False`` turns off fsync (fast tests, never for figures)."""
    prefix, uid, gid = _run_as()
    base = Path(tempfile.mkdtemp(prefix="assetmap-pg-"))
    os.chmod(base, 0o755)
    if uid is not None:
        os.chown(base, uid, gid)
    data = base / "data"
    init = subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--locale=C", "--no-sync"],
        capture_output=True, text=True, check=False, timeout=120)
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    opts = ["-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={base}",
            "-c max_connections=300", "-c shared_buffers=64MB"]
    if not durable:
        opts += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    last = ""
    for _ in range(5):  # the port may be taken between free_port() and the server's bind
        port = free_port()
        started = subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"),
             "-w", "-t", "60", "-o", " ".join([f"-p {port}", *opts]), "start"],
            capture_output=True, text=True, check=False, timeout=120)
        if started.returncode == 0:
            cluster = Cluster(bindir, base, port, prefix)
            try:
                _create_database(cluster)
            except BaseException:
                cluster.stop()
                raise
            return cluster
        last = started.stderr.strip() or started.stdout.strip()
        time.sleep(0.2)
    log = (base / "server.log").read_text(errors="replace") if (base / "server.log").exists() \
        else ""
    shutil.rmtree(base, ignore_errors=True)
    raise RuntimeError(f"pg_ctl start failed: {last}\n{log[-2000:]}")


def _create_database(cluster: Cluster) -> None:
    import psycopg

    admin = f"postgresql://postgres@127.0.0.1:{cluster.port}/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {DBNAME}")
    with psycopg.connect(cluster.url, autocommit=True) as con:
        con.execute("CREATE EXTENSION postgis")
