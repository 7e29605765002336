"""Shared helpers: timing, synthetic projects, the results table."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box


@dataclass
class Result:
    name: str
    figures: dict[str, Any]
    goal: str = ""
    met: bool | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs (seconds) and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def grid_buurten(n_side: int = 10, size_deg: float = 0.01, x0: float = 5.0,
                 y0: float = 52.0) -> gpd.GeoDataFrame:
    polys, codes = [], []
    for i in range(n_side):
        for j in range(n_side):
            polys.append(box(x0 + i * size_deg, y0 + j * size_deg * 0.6,
                             x0 + (i + 1) * size_deg, y0 + (j + 1) * size_deg * 0.6))
            codes.append(f"BU{i:03d}{j:03d}")
    rng = np.random.default_rng(1)
    return gpd.GeoDataFrame({"code": codes, "name": [f"Buurt {c[-4:]}" for c in codes],
                             "inwoners": rng.integers(500, 5000, len(codes))},
                            geometry=polys, crs=4326)


def random_points(n: int, bounds: tuple[float, float, float, float], seed: int = 2) -> list[Point]:
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = bounds
    xs = rng.uniform(minx, maxx, n)
    ys = rng.uniform(miny, maxy, n)
    return [Point(round(x, 7), round(y, 7)) for x, y in zip(xs, ys, strict=True)]


def pg_database(who: str) -> tuple[str, Any]:
    """A PostgreSQL server for a benchmark: ``ASSETMAP_BENCH_PG_URL`` (without its
    ``?project=``), or a throwaway cluster started like the tests do; ``(url, cluster or
    None)``. ``who`` names the benchmark in the error when neither is there."""
    import os

    url = os.environ.get("ASSETMAP_BENCH_PG_URL", "").strip()
    if url:
        return url.split("?", 1)[0], None
    from tests.store.pg import find_bindir, start_cluster

    bindir, why = find_bindir()
    if bindir is None:
        raise RuntimeError(f"{who}: {why}; or set ASSETMAP_BENCH_PG_URL")
    cluster = start_cluster(bindir, durable=True)
    return cluster.url, cluster
