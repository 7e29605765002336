"""Place symbols on paper: the layer's colour and shape from :mod:`assetmap.style`, drawn as
matplotlib markers, plus the black-and-white cue (hatched, crossed, hollow) of each layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..style import STYLES
from .layout import PT_PER_MM

# matplotlib marker per shape, and a size factor so that the shapes look equally large
MARKERS = {"circle": "o", "diamond": "D", "square": "s", "triangle": "^", "star": "*"}
MARKER_SCALE = {"circle": 1.0, "diamond": 0.85, "square": 0.9, "triangle": 1.1, "star": 1.45}


@dataclass(frozen=True)
class Symbol:
    """How one layer is drawn on paper.

    Attributes
    ----------
    color : str
        The layer's colour.
    marker : str
        A matplotlib marker.
    scale : float
        Size factor of the marker.
    face, edge : str
        Fill and edge colour.
    hatch : str or None
        Fill pattern.
    linewidth : float
        Edge width in points.
    """

    color: str
    marker: str
    scale: float
    face: str
    edge: str
    hatch: str | None
    linewidth: float


def _symbols() -> dict[str, Symbol]:
    out = {}
    for layer, st in STYLES.items():
        out[layer] = Symbol(
            color=st.color, marker=MARKERS[st.shape], scale=MARKER_SCALE[st.shape],
            face="#ffffff" if st.hollow else st.color,
            edge=st.color if st.hollow else "#1b1b1b",
            hatch=st.hatch, linewidth=1.6 if st.hollow else 0.6)
    return out


SYMBOLS: dict[str, Symbol] = _symbols()


def scatter_symbols(ax: Any, layer: str, x: np.ndarray, y: np.ndarray, size_mm: float, *,
                    zorder: int = 10) -> Any:
    """Draw the symbols of ``layer`` at ``x``, ``y`` (data coordinates of ``ax``).

    Parameters
    ----------
    ax : matplotlib Axes
        Where to draw.
    layer : str
        A point layer (a key of :data:`SYMBOLS`).
    x, y : array
        Positions.
    size_mm : float
        The symbol's size on paper.
    zorder : int
        Drawing order.

    Returns
    -------
    matplotlib PathCollection
    """
    sym = SYMBOLS[layer]
    s_pt = size_mm * sym.scale * PT_PER_MM
    return ax.scatter(x, y, s=s_pt ** 2, marker=sym.marker, facecolors=sym.face,
                      edgecolors=sym.edge, linewidths=sym.linewidth, hatch=sym.hatch,
                      zorder=zorder)
