"""Every word the web maps show, per language: ``TEXT[lang][name]``.

The words live in the gettext catalogues (``locale/<lang>/LC_MESSAGES/assetmap.po``) under a
prefix per map module; these tables only look them up, so new words go into the catalogue.
"""

from __future__ import annotations

from ..i18n import Table

# the base map (:mod:`assetmap.webmap.map`, :mod:`assetmap.webmap.data`): keys ``map_…``
TEXT = Table("map_")

# the Analyse map (:mod:`assetmap.webmap.analysis`): keys ``anmap_…``
ANALYSIS_TEXT = Table("anmap_")

# the wijksafari route on a map (:mod:`assetmap.webmap.route`): keys ``routemap_…``
ROUTE_TEXT = Table("routemap_")

# the Door de tijd map (:mod:`assetmap.webmap.history`): keys ``histmap_…``
HISTORY_TEXT = Table("histmap_")
