"""Every word the web maps show, per language: one table per map module, all in this file.

These tables are what a translation catalogue (gettext) will replace; keep new strings here,
never inline in the modules that draw.
"""

from __future__ import annotations

# the base map (:mod:`assetmap.webmap.map`, :mod:`assetmap.webmap.data`)
TEXT = {
    "nl": {"plain": "Geen achtergrond", "fullscreen": "Volledig scherm", "buurten": "Buurten",
           "yes": "Ja", "no": "Nee", "talents_few": "minder dan 3", "inhabitants": "Inwoners",
           "unknown": "onbekend", "legend": "Legenda", "streets": "Straten"},
    "en": {"plain": "No background", "fullscreen": "Full screen", "buurten": "Neighbourhoods",
           "yes": "Yes", "no": "No", "talents_few": "fewer than 3", "inhabitants": "Inhabitants",
           "unknown": "unknown", "legend": "Legend", "streets": "Streets"},
}

# the Analyse map (:mod:`assetmap.webmap.analysis`)
ANALYSIS_TEXT = {
    "nl": {"count": "aantal", "per_1000": "per 1.000 inwoners", "per_km2": "per km²",
           "uncovered": "Verder dan {d} m van een ontmoetingsplek",
           "uncovered_walk": "Verder dan {d} m lopen van een ontmoetingsplek",
           "uncovered_share": "Deel van het gebied verder dan {d} m van een ontmoetingsplek",
           "unit_share": "% van de oppervlakte", "unknown": "onbekend",
           "clusters": "Clusters (DBSCAN, {e} m)", "cluster": "Cluster {i}",
           "places": "plekken", "buurten_measure": "Buurten: {m}", "of_area": "van de buurt"},
    "en": {"count": "count", "per_1000": "per 1,000 inhabitants", "per_km2": "per km²",
           "uncovered": "Farther than {d} m from a meeting place",
           "uncovered_walk": "Farther than {d} m walking from a meeting place",
           "uncovered_share": "Share of the area farther than {d} m from a meeting place",
           "unit_share": "% of the area", "unknown": "unknown",
           "clusters": "Clusters (DBSCAN, {e} m)", "cluster": "Cluster {i}",
           "places": "places", "buurten_measure": "Neighbourhoods: {m}", "of_area": "of the area"},
}

# the wijksafari route on a map (:mod:`assetmap.webmap.route`)
ROUTE_TEXT = {
    "nl": {"layer": "Wijksafari"},
    "en": {"layer": "Walking tour"},
}
