"""More than one app process: N ``streamlit run`` processes on one PostGIS project, phones spread
over them as a proxy with sticky sessions would (phone i stays on process i mod N).

For N = 1 and 2 (env ``ASSETMAP_BENCH_PROCESSES``, e.g. ``1,2,3``): a throwaway PostGIS
cluster (``tests/store/pg.py``) or ``ASSETMAP_BENCH_PG_URL`` holds a copy of the demo project
with one open evening; every process first serves one warm-up flow; then ``FLOWS`` phones
(env ``ASSETMAP_BENCH_FLOWS``, default 20; at most ``ASSETMAP_BENCH_MAX_OPEN``, default 10,
in flight) run the real flow of :mod:`benchmarks.bench_sessions` (open ``/?avond=CODE``, tap
the map, name, kind, save, thank-you). Figures: completed flows per minute of wall time, the
server CPU per flow (all processes together, from ``/proc``), entries lost, errors.

The phones are headless Chromium on the same 2-core machine as the servers (``nice 19``): on
this machine they, not the servers, set the pace, so the flows per minute say what one small
machine does with browsers and servers together; the CPU per flow says what each added phone
costs the servers. On a real server the phones bring their own CPUs.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.bench_sessions import CHROMIUM, _phones, wait_idle
from benchmarks.common import Result, pg_database

PROCESSES = (1, 2)
FLOWS = int(os.environ.get("ASSETMAP_BENCH_FLOWS", "20"))
MAX_OPEN = int(os.environ.get("ASSETMAP_BENCH_MAX_OPEN", "10"))


def measure(n_proc: int, base: str, master: Path, *, flows: int = FLOWS,
            max_open: int = MAX_OPEN) -> dict[str, Any]:
    """``flows`` phone flows over ``n_proc`` app processes on a fresh PostGIS copy of
    ``master``."""
    from assetmap.store import Actor, open_store
    from assetmap.store.postgis import PostgisStore
    from assetmap.store.transfer import copy_project
    from tests.e2e.conftest import start_app, stop_app

    url = f"{base}?project=bench_proc_{uuid.uuid4().hex[:8]}"
    copy_project(master, url)
    with open_store(url) as s:
        code = s.create_evening("Bench", "2026-12-03", actor=Actor.system())["join_code"]
        before = set(s.read("meeting_places")["name"])
    apps = []
    with tempfile.TemporaryDirectory(prefix="bench-proc-") as d:
        try:
            for k in range(n_proc):
                tmp = Path(d) / f"p{k}"
                tmp.mkdir()
                apps.append(start_app(tmp / "unused.gpkg", tmp, {"ASSETMAP_PROJECT": url}))
            urls = [f"{a.url}/?avond={code}" for a in apps]
            warm = asyncio.run(_phones(urls, [f"Opwarmen {k}" for k in range(n_proc)],
                                       max_open=n_proc, count_bytes=False))
            c1 = sum(wait_idle(a.proc.pid) for a in apps)
            names = [f"Proces {n_proc}-{i}" for i in range(flows)]
            t0 = time.perf_counter()
            phones = asyncio.run(_phones(urls, names, max_open=max_open, count_bytes=False))
            wall = time.perf_counter() - t0
            c2 = sum(wait_idle(a.proc.pid) for a in apps)
        finally:
            for a in apps:
                stop_app(a)
        logs = [a.log.read_text(encoding="utf-8", errors="replace") for a in apps]
    with open_store(url) as s:
        stored = set(s.read("meeting_places")["name"]) - before
    store = PostgisStore(url)
    store.drop()
    store.close()
    done = [p for p in phones if p["ok"]]
    errors = [p["error"] for p in phones if not p["ok"]] + \
        [w["error"] for w in warm if not w["ok"]]
    return {
        "processes": n_proc, "flows": flows, "completed": len(done),
        "lost": sum(1 for p in done if p["name"] not in stored),
        "errors": len(errors) + sum(x.count("Traceback (most recent call last)") for x in logs),
        "error_samples": errors[:3],
        "wall_s": round(wall, 1),
        "flows_per_min": round(len(done) / wall * 60, 1),
        "cpu_s_per_flow": round((c2 - c1) / max(1, len(done)), 3),
    }


def _processes() -> tuple[int, ...]:
    raw = os.environ.get("ASSETMAP_BENCH_PROCESSES", "").strip()
    return tuple(int(x) for x in raw.split(",") if x.strip()) if raw else PROCESSES


def run() -> list[Result]:
    if not CHROMIUM.exists():
        return [Result("processes: N app processes on one PostGIS project", {},
                       notes="skipped: no /usr/bin/chromium")]
    from assetmap.demo import write_demo

    base, cluster = pg_database("bench_processes")
    out: list[Result] = []
    try:
        with tempfile.TemporaryDirectory() as d:
            master = write_demo(Path(d) / "demo.gpkg")
            for n in _processes():
                m = measure(n, base, master)
                figures = {k: m[k] for k in ("processes", "flows", "completed", "lost",
                                             "errors", "wall_s", "flows_per_min",
                                             "cpu_s_per_flow")}
                out.append(Result(
                    f"processes: {n} app process{'es' if n > 1 else ''} on one PostGIS project",
                    figures, goal="0 lost, 0 errors",
                    met=m["lost"] == 0 and m["errors"] == 0 and m["completed"] == m["flows"],
                    notes=(f"{m['flows']} phone flows spread over {n} streamlit process(es) "
                           f"(phone i on process i mod {n}), at most {MAX_OPEN} in flight, "
                           f"headless Chromium at nice 19 on the same {os.cpu_count()}-core "
                           "machine (the browsers set the pace here); server CPU of all "
                           "processes from /proc"
                           + (f". errors: {m['error_samples']}" if m["error_samples"] else ""))))
    finally:
        if cluster is not None:
            cluster.stop()
    return out
