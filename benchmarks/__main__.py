"""Run every benchmark, print a table and write benchmarks/results.json."""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

MODULES = [
    "bench_store",
    "bench_webmap",
    "bench_analysis",
    "bench_routing",
    "bench_printing",
    "bench_import",
    "bench_postgis",
    "bench_evening",
    "bench_connect",
    "bench_history",
    "bench_sessions",
    # [bench:processes]
    "bench_processes",
]


def main(argv: list[str]) -> int:
    only = set(argv)
    results = []
    for name in MODULES:
        if only and name not in only and name.removeprefix("bench_") not in only:
            continue
        mod = importlib.import_module(f"benchmarks.{name}")
        print(f"… {name}", file=sys.stderr, flush=True)
        for r in mod.run():
            r.extra["module"] = name
            results.append(r)
    print()
    print(f"{'benchmark':52} {'goal':32} {'met':5} figures")
    for r in results:
        met = "-" if r.met is None else ("yes" if r.met else "NO")
        figs = ", ".join(f"{k}={v}" for k, v in r.figures.items())
        print(f"{r.name:52} {r.goal:32} {met:5} {figs}")
    out = Path(__file__).parent / "results.json"
    payload = {
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "results": [{"module": r.extra["module"], "name": r.name, "goal": r.goal,
                     "met": r.met, "figures": r.figures, "notes": r.notes} for r in results],
    }
    if only and out.exists():  # a partial run keeps the other modules' last figures
        old = json.loads(out.read_text(encoding="utf-8")).get("results", [])
        ran = {r.extra["module"] for r in results}
        payload["results"] = [r for r in old if r.get("module") not in ran] + payload["results"]
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
