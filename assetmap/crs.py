"""Working CRS: every distance and area is computed in metres.

Inside the Netherlands this is EPSG:28992 (RD New, Amersfoort / RD New); elsewhere the UTM zone that
GeoPandas estimates for the data. Storage is always EPSG:4326.
"""

from __future__ import annotations

import geopandas as gpd
from pyproj import CRS
from shapely.geometry import box

STORAGE_CRS = CRS.from_epsg(4326)
RD_NEW = CRS.from_epsg(28992)

# Bounds of the RD New area of use (lon/lat), from EPSG: the Netherlands onshore and offshore.
_NL_BOUNDS = (3.2, 50.75, 7.22, 53.7)
_NL_BOX = box(*_NL_BOUNDS)


def working_crs(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> CRS:
    """The metric CRS for ``gdf``: RD New inside the Netherlands, else the estimated UTM zone."""
    if len(gdf) == 0 or gdf.crs is None:
        return RD_NEW
    g = gdf.to_crs(STORAGE_CRS) if not gdf.crs.equals(STORAGE_CRS) else gdf
    geoms = g.geometry if isinstance(g, gpd.GeoDataFrame) else g
    geoms = geoms[~(geoms.is_empty | geoms.isna())]
    if len(geoms) == 0:
        return RD_NEW
    minx, miny, maxx, maxy = geoms.total_bounds
    if _NL_BOX.contains(box(minx, miny, maxx, maxy).centroid):
        return RD_NEW
    return geoms.estimate_utm_crs()


def to_working(gdf: gpd.GeoDataFrame, crs: CRS | None = None) -> gpd.GeoDataFrame:
    """Project ``gdf`` (any CRS) to the working CRS (or ``crs``)."""
    return gdf.to_crs(crs or working_crs(gdf))
