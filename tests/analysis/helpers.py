"""Small frames with answers known by hand, in RD New (EPSG:28992) metres."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point, box

RD = 28992
X0, Y0 = 150_000.0, 440_000.0  # somewhere in the middle of the Netherlands


def square_buurt(side: float = 1000.0, *, inwoners: object = 1000) -> gpd.GeoDataFrame:
    """One square buurt with its south-west corner at (X0, Y0)."""
    return gpd.GeoDataFrame({"code": ["BU0001"], "name": ["Vierkant"], "inwoners": [inwoners]},
                            geometry=[box(X0, Y0, X0 + side, Y0 + side)], crs=RD)


def points(xy: list[tuple[float, float]], *, status: str | list[str] = "approved",
           **cols: object) -> gpd.GeoDataFrame:
    """Points at offsets (metres) from (X0, Y0)."""
    return gpd.GeoDataFrame({"status": status, **cols}, index=range(len(xy)),
                            geometry=[Point(X0 + x, Y0 + y) for x, y in xy], crs=RD)
