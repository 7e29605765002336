"""Buurt divisions through time: which buurten were current at a moment, whether they changed
between two moments, and counting earlier entries in the newer buurten.

A new CBS year moves the current buurten to ``buurten_archive`` with ``archived_at`` (see
:meth:`assetmap.store.base.BaseStore.set_buurten`). Across such a change everything is counted
in the buurten of the later moment: an entry in the buurt where its point lies, an entry
without a stored point (a talent) in the buurt that holds the centre of its earlier buurt.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from .. import i18n, schema
from .moments import TIMEZONE, date_text


@dataclass(frozen=True)
class BoundaryChange:
    """The buurten were replaced between two moments.

    Attributes
    ----------
    at
        When (the last replacement between the moments).
    year_before, year_after
        The CBS years of the two divisions (``None`` when unknown).
    """

    at: pd.Timestamp
    year_before: int | None
    year_after: int | None

    def sentence(self, lang: str = "nl") -> str:
        """One sentence: the boundaries changed, and how we count."""
        unknown = i18n.text("hist_year_unknown", lang)
        return i18n.text("hist_boundaries", lang,
                         date=date_text(self.at.tz_convert(TIMEZONE).date(), lang),
                         before=self.year_before or unknown, after=self.year_after or unknown)


def _archive_times(archive: gpd.GeoDataFrame | None) -> list[pd.Timestamp]:
    if archive is None or len(archive) == 0:
        return []
    t = pd.to_datetime(archive["archived_at"], utc=True, format="ISO8601")
    return sorted(set(t))


def buurten_at(buurten: gpd.GeoDataFrame, archive: gpd.GeoDataFrame | None,
               at: pd.Timestamp) -> gpd.GeoDataFrame:
    """The buurt division that was current at ``at``: an archived one, or the current one."""
    for t in _archive_times(archive):
        if t > at:
            assert archive is not None
            stamp = pd.to_datetime(archive["archived_at"], utc=True, format="ISO8601")
            return archive[stamp == t].reset_index(drop=True)
    return buurten


def _year(b: gpd.GeoDataFrame) -> int | None:
    if "year" not in b.columns:
        return None
    years = pd.to_numeric(b["year"], errors="coerce").dropna()
    return int(years.mode().iloc[0]) if len(years) else None


def boundary_change(buurten: gpd.GeoDataFrame, archive: gpd.GeoDataFrame | None,
                    before: pd.Timestamp, after: pd.Timestamp) -> BoundaryChange | None:
    """The replacement of the buurten between ``before`` and ``after``, if any."""
    between = [t for t in _archive_times(archive) if before < t <= after]
    if not between:
        return None
    old = buurten_at(buurten, archive, before)
    new = buurten_at(buurten, archive, after)
    return BoundaryChange(at=between[-1], year_before=_year(old), year_after=_year(new))


def reassign(state: pd.DataFrame, old: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> pd.DataFrame:
    """``state`` with ``buurt_code`` of the buurten ``new``: by an entry's point, or for an
    entry without one by the centre (representative point) of its buurt in ``old``."""
    out = state.copy()
    if len(out) == 0 or len(new) == 0:
        return out
    reps = {str(c): g.representative_point() for c, g in zip(old["code"], old.geometry,
                                                            strict=True) if g is not None}
    xs, ys = [], []
    for lon, lat, code in zip(out["lon"], out["lat"], out["buurt_code"], strict=True):
        if not schema.is_na(lon) and not schema.is_na(lat):
            xs.append(float(lon))
            ys.append(float(lat))
        elif not schema.is_na(code) and str(code) in reps:
            p = reps[str(code)]
            xs.append(p.x)
            ys.append(p.y)
        else:
            xs.append(np.nan)
            ys.append(np.nan)
    pts = gpd.GeoDataFrame({"_i": np.arange(len(out))},
                           geometry=gpd.points_from_xy(xs, ys), crs=4326)
    nb = new[["code", new.geometry.name]].to_crs(4326)
    hit = gpd.sjoin(pts[pts.geometry.is_valid & ~pts.geometry.is_empty], nb, how="left",
                    predicate="intersects")
    hit = hit.sort_values("code").drop_duplicates("_i")  # overlaps: the lowest code wins
    codes = pd.Series([None] * len(out), dtype=object)
    codes.iloc[hit["_i"].to_numpy()] = [None if schema.is_na(c) else str(c) for c in hit["code"]]
    out["buurt_code"] = codes.to_numpy()
    return out
