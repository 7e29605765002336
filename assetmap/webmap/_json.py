"""Data for the map's JavaScript: JSON that cannot end a ``<script>`` element, and GeoJSON."""

from __future__ import annotations

import json
from typing import Any


def script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes (so ``</script>`` in user text cannot close the
    element), as do the line separators U+2028/U+2029 that end a JavaScript string, and the
    backtick and ``$`` (so user text never reads as a template literal or ``${…}``, even if a
    template put the JSON inside one by mistake).
    """
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") \
        .replace("`", "\\u0060").replace("$", "\\u0024")


def geojson_geom(geom: Any) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry dict, rounded to 1e-6 degrees (~10 cm)."""
    import shapely

    return json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-6)))
