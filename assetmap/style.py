"""How each asset layer looks, on screen and on paper: colour, shape, fill pattern, icon, label.

One owner for the look of a layer, imported by both renderers (:mod:`assetmap.webmap` and
:mod:`assetmap.printing`), so a marker on the web map and a symbol on a print always match.

Colours are Okabe-Ito (colour-blind safe) and every layer has its own shape as well, so colour
is never the only cue. Prints add a black-and-white cue per layer (solid, hatched, crossed,
hollow) so that a grey photocopy stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import schema


@dataclass(frozen=True)
class LayerStyle:
    """The look of one layer.

    Attributes
    ----------
    color : str
        Fill colour (hex).
    shape : str
        ``circle``, ``diamond``, ``square`` or ``triangle`` (a key of :data:`SHAPE_SVG`).
    hatch : str or None
        Fill pattern on paper (a matplotlib hatch), ``None`` for a plain fill.
    hollow : bool
        On paper: a white symbol with a thick coloured edge instead of a filled one.
    """

    color: str
    shape: str
    hatch: str | None = None
    hollow: bool = False


STYLES: dict[str, LayerStyle] = {
    "meeting_places": LayerStyle("#E69F00", "circle"),
    "talents": LayerStyle("#009E73", "diamond", hatch="/////"),
    "associations": LayerStyle("#0072B2", "square", hatch="xxx"),
    "entrepreneurs": LayerStyle("#CC79A7", "triangle", hollow=True),
}

# each shape in a 24 x 24 SVG view box
SHAPE_SVG: dict[str, str] = {
    "circle": '<circle cx="12" cy="12" r="9"/>',
    "square": '<rect x="3.5" y="3.5" width="17" height="17" rx="2"/>',
    "triangle": '<polygon points="12,2.5 22,20.5 2,20.5"/>',
    "diamond": '<polygon points="12,1.5 22.5,12 12,22.5 1.5,12"/>',
}


def icon_svg(layer: str, size: int = 22) -> str:
    """The layer's marker as an inline SVG element of ``size`` pixels.

    Parameters
    ----------
    layer : str
        An asset layer (a key of :data:`STYLES`).
    size : int
        Width and height in pixels.

    Returns
    -------
    str
        An ``<svg>`` element (no user text in it).
    """
    st = STYLES[layer]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
            f'viewBox="0 0 24 24" fill="{st.color}" stroke="#1b1b1b" stroke-width="1.6">'
            f"{SHAPE_SVG[st.shape]}</svg>")


def layer_label(layer: str, lang: str = "nl") -> str:
    """The name of a layer as people read it (``Ontmoetingsplekken``, ``Talents`` …).

    Parameters
    ----------
    layer : str
        A layer of :data:`assetmap.schema.LAYERS`.
    lang : str
        ``"nl"`` or ``"en"``.
    """
    return schema.LAYERS[layer].label(lang)
