"""Gaps and clusters per buurt: pure functions over GeoDataFrames, results as dataclasses.

- :mod:`.gaps`: counts per buurt and layer, per 1,000 inhabitants, per km², coverage.
- :mod:`.clusters`: DBSCAN clusters in metres; Gi* hot and cold spots (optional extra).
- :mod:`.report`: plain-Dutch sentences, JSON and CSV rows.
- :mod:`.history`: the map through time (state at a moment, comparing two moments), with
  :mod:`.moments` (dates, evenings, now) and :mod:`.divisions` (buurten of earlier CBS years);
  :mod:`.voices`: who has been heard, per buurt, evening and over time.

:func:`analyse_store` runs all of it on a project. The defaults (400 m, 150 m, 3 places) live
in :mod:`assetmap.config`, shared with the CLI and the Analyse page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import privacy, schema
from ..config import DEFAULT_EPS_M, DEFAULT_MIN_SAMPLES, DEFAULT_THRESHOLD_M
from ..store.base import BaseStore
from .clusters import (
    MIN_BUURTEN_GI,
    ClusterResult,
    HotspotResult,
    MissingExtraError,
    find_clusters,
    hotspots,
)
from .gaps import (
    CoverageResult,
    GapsResult,
    asset_layers,
    counts_per_buurt,
    coverage,
    gaps,
)

__all__ = [
    "DEFAULT_EPS_M", "DEFAULT_MIN_SAMPLES", "DEFAULT_THRESHOLD_M", "ClusterResult",
    "CoverageResult", "GapsResult", "HotspotResult", "MissingExtraError", "PlacesHotspots",
    "ProjectAnalysis", "analyse_layers", "analyse_store", "asset_layers", "counts_per_buurt",
    "coverage", "find_clusters", "gaps", "hotspots", "places_hotspots", "public_table",
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
    if "talents" in layers:
        shown = privacy.countable_talents(layers["talents"])["buurt_code"].value_counts()
        g = dataclasses.replace(g, public_talents=shown)
    for_clusters = {name: (privacy.public_view(name, gdf) if name == "talents" else gdf)
                    for name, gdf in layers.items()}
    include = asset_layers(cluster_layers) if cluster_layers is not None else tuple(layers)
    c = find_clusters(for_clusters, buurten=buurten, eps_m=eps_m, min_samples=min_samples,
                      include=include)
    return ProjectAnalysis(gaps=g, clusters=c, buurten=buurten.to_crs(4326))


def analyse_store(store: BaseStore, *, threshold_m: float = DEFAULT_THRESHOLD_M,
                  eps_m: float = DEFAULT_EPS_M, min_samples: int = DEFAULT_MIN_SAMPLES,
                  cluster_layers: Iterable[str] | None = None, graph: Any = None
                  ) -> ProjectAnalysis:
    """:func:`analyse_layers` on the approved entries of a project store."""
    layers = {name: store.read(name, status="approved") for name in schema.ASSET_LAYERS}
    return analyse_layers(store.buurten(), layers, threshold_m=threshold_m, eps_m=eps_m,
                          min_samples=min_samples, cluster_layers=cluster_layers, graph=graph)


def public_table(table: pd.DataFrame, *, hide_below: int = privacy.MIN_COUNT,
                 shown: pd.Series | None = None) -> pd.DataFrame:
    """A copy of a gaps table fit for the public: talent counts from 1 to ``hide_below - 1``
    per buurt (and their rates) become null, as on the map. Zero stays zero.

    ``shown`` (:attr:`GapsResult.public_talents`) replaces the exact talent counts by the ones
    a public figure may include first (1 or 2 private talents in a buurt are left out, see
    :func:`assetmap.privacy.countable_talents`); the rates follow."""
    out = table.copy()
    if "talents" not in out.columns:
        return out
    if shown is not None:
        exact = out["talents"].astype("float64")
        new = shown.reindex(out.index).fillna(0).astype("float64")
        factor = (new / exact).where(exact > 0, 0.0)
        for col in ("talents_per_1000", "talents_per_km2"):
            if col in out.columns:
                out[col] = out[col].astype("float64") * factor
        small = (exact > 0) & (new < hide_below)
        out["talents"] = new.astype("int64")
    else:
        small = (out["talents"] > 0) & (out["talents"] < hide_below)
    out["talents"] = out["talents"].astype("Int64").mask(small)
    for col in ("talents_per_1000", "talents_per_km2"):
        if col in out.columns:
            out[col] = out[col].astype("Float64").mask(small)
    return out


@dataclass(frozen=True)
class PlacesHotspots:
    """Gi* hot and cold spots of all chosen places per 1,000 inhabitants.

    Attributes
    ----------
    rate
        Per buurt code: the chosen places per 1,000 inhabitants (``all_per_1000``); null where
        the number of inhabitants is unknown or zero.
    known
        How many buurten have a rate.
    hot
        The Gi* result, or ``None`` when fewer than :data:`MIN_BUURTEN_GI` buurten have a rate.
    """

    rate: pd.Series
    known: int
    hot: HotspotResult | None


def places_hotspots(table: pd.DataFrame, buurten: gpd.GeoDataFrame,
                    layers: Iterable[str]) -> PlacesHotspots:
    """Hot and cold spots of all places of ``layers`` per 1,000 inhabitants.

    ``table`` is a :func:`public_table`: talent counts of 1 or 2 stay hidden here too (they
    count as 0), so the result can be shown to anyone.
    """
    inw = table["inwoners"]
    total = table[list(layers)].fillna(0).sum(axis=1)
    rate = (total / inw.astype("Float64").where(inw > 0) * 1000).rename("all_per_1000")
    known = int(rate.notna().sum())
    hot = None
    if known >= MIN_BUURTEN_GI:
        hot = hotspots(rate.to_frame(), buurten, column="all_per_1000")
    return PlacesHotspots(rate=rate, known=known, hot=hot)
