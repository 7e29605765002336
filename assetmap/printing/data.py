"""What may be printed: the layers asked for, the rows and columns each audience may see.

Prints are public by default: :mod:`assetmap.privacy` decides what shows (talents as markers
only when the resident chose so, otherwise only as a count per buurt), and no contact field is
ever printed, whoever the print is for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd

from .. import privacy, schema
from ..errors import ValidationError


def check_layers(layers: Sequence[str] | None) -> list[str]:
    """The point layers to print, in the usual order (the four asset layers when none are
    given; ``wishes`` only when asked for).

    Raises
    ------
    ValidationError
        An unknown layer name (the message lists the known ones).
    """
    if not layers:
        return list(schema.ASSET_LAYERS)
    bad = [lay for lay in layers if lay not in schema.POINT_LAYERS]
    if bad:
        raise ValidationError(field="layers", key="print_unknown_layer",
                              params={"bad": ", ".join(bad),
                                      "known": ", ".join(schema.POINT_LAYERS)})
    return [lay for lay in schema.POINT_LAYERS if lay in layers]


def public_layers(layers: Mapping[str, gpd.GeoDataFrame], *, audience: str
                  ) -> tuple[dict[str, gpd.GeoDataFrame], pd.Series | None]:
    """The rows and columns that may be printed, and the talent count per buurt.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        Asset layer -> its rows (as read from the store).
    audience : str
        ``public`` (the privacy rules) or ``facilitator`` (all but hidden rows).

    Returns
    -------
    layers : dict of str to GeoDataFrame
        In the usual layer order, without contact and consent columns and empty geometries.
    talent_counts : Series or None
        Talents per buurt code (<NA> below :data:`assetmap.privacy.MIN_COUNT`), counted
        before the privacy filter; ``None`` when talents are not printed.

    Raises
    ------
    ValidationError
        An unknown audience.
    """
    out: dict[str, gpd.GeoDataFrame] = {}
    counts = None
    for layer in schema.POINT_LAYERS:
        if layer not in layers:
            continue
        g = layers[layer]
        if layer == "talents":
            counts = privacy.talent_counts(g)
        if audience == "public":
            g = privacy.public_view(layer, g)
        elif audience == "facilitator":
            g = g[g["status"] != "hidden"] if "status" in g.columns else g
        else:
            raise ValidationError(key="pr_audience", params={"audience": audience},
                                  field="audience")
        # no contact field on any print, whoever it is for
        g = g.drop(columns=[c for c in ("contact", "consent_at", "consent_version")
                            if c in g.columns])
        out[layer] = g[~(g.geometry.isna() | g.geometry.is_empty)]
    return out, counts
