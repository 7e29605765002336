"""A 10,000-row CSV import vs ``pandas.read_csv`` + ``geopandas.points_from_xy`` of the file.

Both read the same semicolon-separated file with decimal commas (as Dutch Excel writes it).
The import does everything a user gets: encoding and separator detection, column recognition,
number parsing, per-row validation and report, de-duplication keys, a backup, and one
transaction. The ratio is measured against the baseline in the same run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from assetmap.io import tabular
from assetmap.store import Actor, GpkgStore
from benchmarks.common import Result, grid_buurten, timed

N = 10_000
GOAL = 5.0


def _write_csv(path: Path, n: int = N) -> Path:
    rng = np.random.default_rng(7)
    lon = rng.uniform(5.0, 5.1, n)
    lat = rng.uniform(52.0, 52.06, n)
    kinds = np.array(["buurthuis", "Bibliotheek", "sport", "Park of plein", ""])
    df = pd.DataFrame({
        "Naam": [f"Plek {i}" for i in range(n)],
        "Omschrijving": [f"Een plek om elkaar te ontmoeten, nummer {i}." for i in range(n)],
        "Soort": kinds[rng.integers(0, len(kinds), n)],
        "Breedtegraad": [f"{v:.6f}".replace(".", ",") for v in lat],
        "Lengtegraad": [f"{v:.6f}".replace(".", ",") for v in lon],
    })
    df.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return path


def _baseline(path: Path) -> gpd.GeoSeries:
    df = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    return gpd.GeoSeries(gpd.points_from_xy(df["Lengtegraad"], df["Breedtegraad"]), crs=4326)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        csv = _write_csv(tmpd / "plekken.csv")
        t_base, pts = timed(lambda: _baseline(csv), repeat=5)
        assert len(pts) == N

        buurten = grid_buurten(10)

        def parse_only():
            df = tabular.read_table(csv)
            m = tabular.guess_mapping(list(df.columns), "meeting_places")
            return tabular.prepare(df, "meeting_places", m)

        t_parse, prep = timed(parse_only, repeat=3)
        assert len(prep.records) == N, prep.report.lines()[:3]

        def full(i=[0]):  # noqa: B006 - a counter for fresh project files
            i[0] += 1
            store = GpkgStore(tmpd / f"p{i[0]}.gpkg", create=True)
            store.set_buurten(buurten, actor=Actor.system())
            import time

            t0 = time.perf_counter()
            rep = tabular.import_table(store, csv, "meeting_places")
            dt = time.perf_counter() - t0
            store.close()
            return dt, rep

        runs = [full() for _ in range(2)]
        t_full, rep = min(runs, key=lambda r: r[0])
        assert rep.imported == N, rep.lines()[:3]
    ratio = t_full / t_base
    return [
        Result("import: 10,000-row CSV into a project", {
            "import_s": round(t_full, 3), "baseline_s": round(t_base, 4),
            "ratio": round(ratio, 1), "parse_validate_s": round(t_parse, 3),
            "parse_ratio": round(t_parse / t_base, 1)},
            goal=f"ratio <= {GOAL:g}", met=ratio <= GOAL,
            notes="baseline: pandas.read_csv + geopandas.points_from_xy of the same file; "
                  "the import also validates every row, writes a backup and stores in one "
                  "transaction"),
    ]
