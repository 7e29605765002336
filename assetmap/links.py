"""The links of a project as an audience may see them: both ends named, the tie, and a line.

For the web map (a layer "Verbindingen"), the lists per entry, exports and prints. The rules:

- ``public``: approved links whose two ends are on the public map (approved, and a talent only
  when the resident chose public, :func:`assetmap.privacy.public_view`); a link to an
  institution needs only its entry. A link to a private talent is never shown: its line would
  point at the talent.
- ``facilitator``: every link that is not hidden, between entries that are approved or waiting.

The tie is derived again from the ends as they are now (:mod:`assetmap.analysis.ties`). A link
to an institution has no line (an institution is not on the map).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString

from . import privacy, schema
from .analysis.ties import classify_links

COLUMNS = ["id", "kind", "tie", "why", "from_layer", "from_id", "from_name", "from_buurt",
           "to_layer", "to_id", "to_name", "to_buurt", "note", "status", "created_at"]
"""The columns of :func:`link_view` (plus ``geometry``)."""


def visible_entries(layers: Mapping[str, gpd.GeoDataFrame], *, audience: str
                    ) -> dict[str, gpd.GeoDataFrame]:
    """The entries of each point layer that ``audience`` may see as link ends."""
    out = {}
    for layer, g in layers.items():
        if audience == "public":
            g = privacy.public_view(layer, g)
        else:
            g = g[g["status"].isin(["approved", "pending"])]
        out[layer] = g
    return out


def link_view(links: pd.DataFrame, layers: Mapping[str, gpd.GeoDataFrame], *,
              audience: str = "public") -> gpd.GeoDataFrame:
    """The links ``audience`` may see, with named ends, the tie, and a line (EPSG:4326).

    Parameters
    ----------
    links
        The links table (:meth:`assetmap.store.base.BaseStore.links`).
    layers
        Point layer -> its entries, as read from the store (any status).
    audience
        ``public`` or ``facilitator`` (see the module docstring).
    """
    if audience not in ("public", "facilitator"):
        raise ValueError(f"unknown audience {audience!r}")
    keep = ["approved"] if audience == "public" else ["approved", "pending"]
    chosen = links[links["status"].isin(keep)]
    ends = visible_entries(layers, audience=audience)
    classified = classify_links(chosen, ends)
    points = {(layer, rid): geom for layer, g in ends.items()
              for rid, geom in zip(g["id"], g.geometry, strict=True)}
    geoms = []
    for rec in classified.to_dict("records"):
        a = points.get((rec["from_layer"], rec["from_id"]))
        b = points.get((rec["to_layer"], rec["to_id"]))
        geoms.append(LineString([a, b]) if a is not None and b is not None else None)
    frame = classified.reindex(columns=COLUMNS)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=4326,
                                                          index=frame.index), crs=4326)


def project_links(store: Any, *, audience: str = "public") -> gpd.GeoDataFrame:
    """:func:`link_view` of a project's links."""
    layers = {layer: store.read(layer) for layer in schema.POINT_LAYERS}
    return link_view(store.links(), layers, audience=audience)


def links_of(view: pd.DataFrame, layer: str, entry_id: str) -> pd.DataFrame:
    """The rows of a :func:`link_view` with the entry ``layer``/``entry_id`` at either end."""
    hit = ((view["from_layer"] == layer) & (view["from_id"] == entry_id)) | \
        ((view["to_layer"] == layer) & (view["to_id"] == entry_id))
    return view[hit]


def describe(row: Mapping[str, Any], layer: str, entry_id: str, lang: str = "nl") -> str:
    """One line about a link seen from one of its ends: ``helpt met: Moestuin (bonding)``.

    Seen from the ``to`` end the kind reads backwards (``krijgt hulp van``)."""
    from .analysis.ties import tie_label

    outgoing = row["from_layer"] == layer and row["from_id"] == entry_id
    other = row["to_name"] if outgoing else row["from_name"]
    verb = schema.link_kind_label(row["kind"], lang) if outgoing else \
        _reverse(row["kind"], lang)
    return f"{verb}: {other} ({tie_label(row['tie'], lang).split(' ')[0]})"


_REVERSE = {"meets_at": ("plek van", "place of"),
            "helps_with": ("krijgt hulp van", "gets help from"),
            "works_with": ("werkt samen met", "works with"),
            "supported_by": ("steunt", "supports")}


def _reverse(kind: str, lang: str) -> str:
    pair = _REVERSE.get(kind, (kind, kind))
    return pair[1] if lang == "en" else pair[0]
