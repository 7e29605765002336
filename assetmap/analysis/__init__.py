"""Gaps and clusters per buurt: pure functions over GeoDataFrames, results as dataclasses.

- :mod:`.gaps`: counts per buurt and layer, per 1,000 inhabitants, per km², coverage.
- :mod:`.clusters`: DBSCAN clusters in metres; Gi* hot and cold spots (optional extra).
- :mod:`.report`: plain-Dutch sentences, JSON and CSV rows.

:func:`analyse_store` runs all of it on a project.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import privacy, schema
from .clusters import (
    DEFAULT_EPS_M,
    DEFAULT_MIN_SAMPLES,
    ClusterResult,
    HotspotResult,
    MissingExtraError,
    find_clusters,
    hotspots,
)
from .gaps import (
    DEFAULT_THRESHOLD_M,
    CoverageResult,
    GapsResult,
    asset_layers,
    counts_per_buurt,
    coverage,
    gaps,
)

__all__ = [
    "DEFAULT_EPS_M", "DEFAULT_MIN_SAMPLES", "DEFAULT_THRESHOLD_M", "ClusterResult",
    "CoverageResult", "GapsResult", "HotspotResult", "MissingExtraError", "ProjectAnalysis",
    "analyse_layers", "analyse_store", "asset_layers", "counts_per_buurt", "coverage",
    "find_clusters", "gaps", "hotspots", "public_table",
]


@dataclass(frozen=True)
class ProjectAnalysis:
    """Everything the Analyse page, the CLI and the report need.

    Attributes
    ----------
    gaps
        Counts, rates and coverage per buurt (exact counts; see :func:`public_table`).
    clusters
        DBSCAN clusters. Talents take part only when the resident chose ``public``.
    buurten
        The buurten analysed (EPSG:4326).
    """

    gaps: GapsResult
    clusters: ClusterResult
    buurten: gpd.GeoDataFrame


def analyse_layers(buurten: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame], *,
                   threshold_m: float = DEFAULT_THRESHOLD_M, eps_m: float = DEFAULT_EPS_M,
                   min_samples: int = DEFAULT_MIN_SAMPLES,
                   cluster_layers: Iterable[str] | None = None, graph: Any = None
                   ) -> ProjectAnalysis:
    """Gaps and clusters of ``layers`` over ``buurten``.

    Counts include every approved talent; clusters use only talents shown on the public map
    (:func:`assetmap.privacy.public_view`), so a hull never outlines a private talent.
    """
    g = gaps(buurten, layers, threshold_m=threshold_m, graph=graph)
    for_clusters = {name: (privacy.public_view(name, gdf) if name == "talents" else gdf)
                    for name, gdf in layers.items()}
    include = asset_layers(cluster_layers) if cluster_layers is not None else tuple(layers)
    c = find_clusters(for_clusters, buurten=buurten, eps_m=eps_m, min_samples=min_samples,
                      include=include)
    return ProjectAnalysis(gaps=g, clusters=c, buurten=buurten.to_crs(4326))


def analyse_store(store: Any, *, threshold_m: float = DEFAULT_THRESHOLD_M,
                  eps_m: float = DEFAULT_EPS_M, min_samples: int = DEFAULT_MIN_SAMPLES,
                  cluster_layers: Iterable[str] | None = None, graph: Any = None
                  ) -> ProjectAnalysis:
    """:func:`analyse_layers` on the approved entries of a project store."""
    layers = {name: store.read(name, status="approved") for name in schema.ASSET_LAYERS}
    return analyse_layers(store.buurten(), layers, threshold_m=threshold_m, eps_m=eps_m,
                          min_samples=min_samples, cluster_layers=cluster_layers, graph=graph)


def public_table(table: pd.DataFrame, *, hide_below: int = privacy.MIN_COUNT) -> pd.DataFrame:
    """A copy of a gaps table fit for the public: talent counts from 1 to ``hide_below - 1``
    per buurt (and their rates) become null, as on the map. Zero stays zero."""
    out = table.copy()
    if "talents" not in out.columns:
        return out
    small = (out["talents"] > 0) & (out["talents"] < hide_below)
    out["talents"] = out["talents"].astype("Int64").mask(small)
    for col in ("talents_per_1000", "talents_per_km2"):
        if col in out.columns:
            out[col] = out[col].astype("Float64").mask(small)
    return out
