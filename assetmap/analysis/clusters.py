"""Where assets bunch together: DBSCAN clusters in metres, and Gi* hot and cold spots.

:func:`find_clusters` runs DBSCAN (scikit-learn) on the points of all or chosen layers in the
working CRS: a cluster is at least ``min_samples`` entries that each have another within
``eps_m`` metres. :func:`hotspots` runs Getis-Ord Gi* (esda and libpysal, main dependencies)
on a measure per buurt, with seeded permutations.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from .. import crs as crsmod
from ..config import DEFAULT_EPS_M, DEFAULT_MIN_SAMPLES
from ..errors import AssetMapError, ValidationError
from .gaps import approved, check_buurten

MIN_BUURTEN_GI = 8
NOISE = -1


class MissingExtraError(AssetMapError):
    """An optional dependency is not installed; the message names the extra."""


@dataclass(frozen=True)
class ClusterResult:
    """DBSCAN clusters of assets.

    Attributes
    ----------
    assets
        Every point used: ``layer``, ``id`` (when given), ``cluster`` (1, 2, … by size, largest
        first; -1 = noise, in no cluster), geometry in EPSG:4326.
    clusters
        One row per cluster: ``id``, ``size``, one count column per layer, ``buurten`` (codes of
        the buurten the hull touches, a list), geometry = the hull (EPSG:4326). A hull of points
        on one line or one spot is widened by ``eps_m / 10`` so that it is an area.
    eps_m, min_samples, layers
        The settings used.
    crs
        The working CRS DBSCAN ran in.
    """

    assets: gpd.GeoDataFrame
    clusters: gpd.GeoDataFrame
    eps_m: float
    min_samples: int
    layers: tuple[str, ...]
    crs: CRS

    @property
    def n_clusters(self) -> int:
        return len(self.clusters)

    @property
    def noise(self) -> int:
        return int((self.assets["cluster"] == NOISE).sum())


def _check_settings(eps_m: float, min_samples: int) -> tuple[float, int]:
    try:
        eps = float(eps_m)
    except (TypeError, ValueError):
        raise ValidationError(key="an_eps_number", field="eps") from None
    if not np.isfinite(eps) or eps <= 0:
        raise ValidationError(key="an_eps_positive", field="eps")
    if isinstance(min_samples, bool) or int(min_samples) != min_samples or min_samples < 1:
        raise ValidationError(key="an_min_samples", field="min_samples")
    return eps, int(min_samples)


def _points(layers: Mapping[str, gpd.GeoDataFrame], include: Iterable[str] | None
            ) -> gpd.GeoDataFrame:
    names = list(layers) if include is None else [n for n in include if n in layers]
    frames = []
    for name in names:
        g = approved(layers[name])
        if not len(g):
            continue
        g = g.to_crs(4326) if g.crs is not None else g.set_crs(4326)
        g = g[g.geom_type == "Point"]
        ids = g["id"].astype(object).to_numpy() if "id" in g.columns else \
            np.full(len(g), None, dtype=object)
        frames.append(gpd.GeoDataFrame({"layer": name, "id": ids},
                                        geometry=g.geometry.to_numpy(), crs=4326))
    if not frames:
        return gpd.GeoDataFrame({"layer": pd.Series([], dtype=object),
                                 "id": pd.Series([], dtype=object)}, geometry=[], crs=4326)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)


def find_clusters(layers: Mapping[str, gpd.GeoDataFrame], *,
                  buurten: gpd.GeoDataFrame | None = None, eps_m: float = DEFAULT_EPS_M,
                  min_samples: int = DEFAULT_MIN_SAMPLES, include: Iterable[str] | None = None,
                  crs: CRS | None = None) -> ClusterResult:
    """DBSCAN clusters over the approved points of ``layers`` (or those named in ``include``).

    Parameters
    ----------
    layers
        Asset layer name -> points (any CRS).
    buurten
        Optional polygons with ``code``: each cluster lists the buurten its hull touches.
    eps_m, min_samples
        DBSCAN settings: distance in metres and the least number of entries (the entry itself
        included) within that distance to start a cluster.
    include
        Layer names to use (default: all in ``layers``).
    crs
        Working CRS; default :func:`assetmap.crs.working_crs` of the points (or buurten).

    Returns
    -------
    ClusterResult
    """
    from sklearn.cluster import DBSCAN

    eps, ms = _check_settings(eps_m, min_samples)
    names = tuple(layers) if include is None else tuple(include)
    pts = _points(layers, names)
    if buurten is not None:
        check_buurten(buurten)
    ref = buurten if buurten is not None and len(buurten) else pts
    wcrs = crs or crsmod.working_crs(ref)
    labels = np.full(len(pts), NOISE, dtype=int)
    if len(pts):
        xy = shapely.get_coordinates(pts.to_crs(wcrs).geometry.values)
        raw = DBSCAN(eps=eps, min_samples=ms, metric="euclidean").fit_predict(xy)
        labels = _renumber(raw, xy)
    assets = pts.copy()
    assets["cluster"] = labels
    rows = []
    if len(pts):
        pw = pts.to_crs(wcrs)
        bw = buurten.to_crs(wcrs) if buurten is not None and len(buurten) else None
        for cid in sorted(set(labels.tolist()) - {NOISE}):
            mask = labels == cid
            members = pw[mask]
            hull = shapely.convex_hull(shapely.union_all(members.geometry.values))
            if hull.geom_type != "Polygon":
                hull = hull.buffer(eps / 10, quad_segs=8)
            row: dict[str, Any] = {"id": cid, "size": int(mask.sum())}
            per = members["layer"].value_counts()
            for name in names:
                row[name] = int(per.get(name, 0))
            touched: list[str] = []
            if bw is not None:
                hit = bw[bw.geometry.intersects(hull)]
                touched = sorted(hit["code"].astype(str))
            row["buurten"] = touched
            row["geometry"] = hull
            rows.append(row)
    cols = ["id", "size", *names, "buurten"]
    if rows:
        cl = gpd.GeoDataFrame(rows, geometry="geometry", crs=wcrs).to_crs(4326)
    else:
        cl = gpd.GeoDataFrame({c: [] for c in cols}, geometry=[], crs=4326)
    return ClusterResult(assets=assets, clusters=cl, eps_m=eps, min_samples=ms, layers=names,
                         crs=wcrs)


def _renumber(raw: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Cluster ids 1, 2, … largest first (ties: west to east, then south to north)."""
    out = np.full(len(raw), NOISE, dtype=int)
    ids = [c for c in np.unique(raw) if c != NOISE]
    keyed = sorted(ids, key=lambda c: (-int((raw == c).sum()), float(xy[raw == c, 0].min()),
                                       float(xy[raw == c, 1].min())))
    for new, old in enumerate(keyed, start=1):
        out[raw == old] = new
    return out


# --------------------------------------------------------------------------- Gi*


@dataclass(frozen=True)
class HotspotResult:
    """Getis-Ord Gi* per buurt.

    Attributes
    ----------
    table
        Indexed by ``code``: ``value`` (the measure), ``z`` (Gi* z-score), ``p`` (pseudo p-value
        from permutations), ``spot`` (``"hot"``, ``"cold"`` or ``""``).
    column
        The measure used.
    k
        Neighbours per buurt (k nearest centroids).
    """

    table: pd.DataFrame
    column: str
    k: int
    alpha: float


def hotspots(table: pd.DataFrame, buurten: gpd.GeoDataFrame, *, column: str,
             min_buurten: int = MIN_BUURTEN_GI, k: int = 4, permutations: int = 999,
             alpha: float = 0.05, seed: int = 12345) -> HotspotResult | None:
    """Gi* hot and cold spots of ``table[column]`` across buurten, or ``None`` when fewer than
    ``min_buurten`` buurten have a value (e.g. inhabitants unknown).

    ``table`` is indexed by buurt code (as :attr:`GapsResult.table`). Neighbours are the ``k``
    nearest buurt centres in the working CRS; randomness is seeded. Uses esda and libpysal
    (main dependencies since the Analyse map draws hot spots).
    """
    try:
        import esda
        from libpysal.weights import KNN
    except ImportError:
        raise MissingExtraError(key="an_missing_esda") from None
    check_buurten(buurten)
    if column not in table.columns:
        raise ValidationError(key="an_unknown_measure", params={"column": column},
                              field="column")
    values = pd.to_numeric(table[column].astype("Float64"), errors="coerce")
    values = values.astype(float)
    codes = buurten["code"].astype(str)
    vals = values.reindex(codes.to_numpy()).to_numpy(dtype=float)
    ok = np.isfinite(vals)
    if ok.sum() < min_buurten:
        return None
    sub = buurten[ok.tolist()]
    wcrs = crsmod.working_crs(sub)
    cent = sub.to_crs(wcrs).geometry.representative_point()
    kk = int(min(k, ok.sum() - 1))
    w = KNN.from_array(shapely.get_coordinates(cent.values), k=kk)
    w.transform = "B"
    y = vals[ok]
    with warnings.catch_warnings():
        # esda announces a change of its default test; the one-sided pseudo p-value it still
        # computes is what we document. Only esda's own deprecation notes are silenced here.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"esda\.")
        g = esda.G_Local(y, w, star=True, permutations=permutations, seed=seed, transform="B",
                         n_jobs=1)
    z = np.asarray(g.Zs, dtype=float)
    p = np.asarray(g.p_sim, dtype=float)
    spot = np.where(p < alpha, np.where(z > 0, "hot", "cold"), "")
    out = pd.DataFrame({"value": y, "z": z, "p": p, "spot": spot},
                       index=pd.Index(codes.to_numpy()[ok], name="code"))
    return HotspotResult(table=out, column=column, k=kk, alpha=alpha)
