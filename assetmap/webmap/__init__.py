"""Folium web maps of a project, drawn offline.

Modules
-------
map
    :func:`build_map` and :func:`project_map`: buurten, one layer per asset layer, legend,
    fullscreen button, tiles or a plain background.
elements
    The folium elements those maps are made of (point layer, buurt layer, lines, controls).
data
    What the map shows of each row: popup fields, buurt tooltips, the legend's HTML.
analysis
    The Analyse map: a choropleth of a measure, uncovered areas, cluster hulls
    (``from assetmap.webmap import analysis``; not imported here, it pulls in the analysis).
route
    A wijksafari route drawn on a map (:func:`add_route_to_map`).
route_page
    A route as one offline HTML file with its list of stops
    (``from assetmap.webmap.route_page import route_html``; ``assetmap route … --map``).
static
    Leaflet's files for offline use: copied into ``static/`` or inlined in the HTML.
text
    Every word the maps show, per language.

Colours, shapes, icons and layer labels come from :mod:`assetmap.style`, shared with the prints.
"""

from __future__ import annotations

from ..style import STYLES, LayerStyle, icon_svg, layer_label
from ._json import geojson_geom, script_json
from .data import buurt_data, layer_data, legend_html
from .elements import BuurtLayer, LinesLayer, PointLayer
from .map import CLUSTER_THRESHOLD, TILES, build_map, project_map, to_html
from .route import ROUTE_COLOR, add_route_to_map
from .text import TEXT

__all__ = ["CLUSTER_THRESHOLD", "ROUTE_COLOR", "STYLES", "TEXT", "TILES", "BuurtLayer",
           "LayerStyle", "LinesLayer", "PointLayer", "add_route_to_map", "build_map",
           "buurt_data", "geojson_geom", "icon_svg", "layer_data", "layer_label", "legend_html",
           "project_map", "script_json", "to_html"]
