"""How each point layer looks, on screen and on paper: colour, shape, fill pattern, icon, label;
and how a link line looks per kind of tie.

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
        ``circle``, ``diamond``, ``square``, ``triangle`` or ``star`` (a key of
        :data:`SHAPE_SVG`).
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
    # wishes are not assets: the one star among the shapes, in the last free Okabe-Ito yellow
    # (with the dark edge every marker has; dotted on paper for a grey photocopy)
    "wishes": LayerStyle("#F0E442", "star", hatch="...."),
}


@dataclass(frozen=True)
class TieStyle:
    """The look of a link line of one kind of tie (bonding, bridging, linking).

    Attributes
    ----------
    color : str
        Line colour (hex).
    dash : str or None
        An SVG/Leaflet dash pattern (``"8 6"``); ``None`` for a solid line.
    mpl_dash : tuple or None
        The same pattern for matplotlib (``(0, (4, 3))``).
    """

    color: str
    dash: str | None
    mpl_dash: tuple | None


# colour and dash pattern both differ, so a tie never depends on colour alone
TIE_STYLES: dict[str, TieStyle] = {
    "bonding": TieStyle("#009E73", None, None),
    "bridging": TieStyle("#0072B2", "10 6", (0, (5, 3))),
    "linking": TieStyle("#D55E00", "2 6", (0, (1, 2.5))),
}

# each shape in a 24 x 24 SVG view box
SHAPE_SVG: dict[str, str] = {
    "circle": '<circle cx="12" cy="12" r="9"/>',
    "square": '<rect x="3.5" y="3.5" width="17" height="17" rx="2"/>',
    "triangle": '<polygon points="12,2.5 22,20.5 2,20.5"/>',
    "diamond": '<polygon points="12,1.5 22.5,12 12,22.5 1.5,12"/>',
    "star": '<polygon points="12,1 14.9,8.6 23,9 16.7,14.1 18.8,22 12,17.6 5.2,22 7.3,14.1 '
            '1,9 9.1,8.6"/>',
}


def icon_svg(layer: str, size: int = 22) -> str:
    """The layer's marker as an inline SVG element of ``size`` pixels.

    Parameters
    ----------
    layer : str
        A point layer (a key of :data:`STYLES`).
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


def tie_line_svg(tie: str, width: int = 28) -> str:
    """A short line in the style of ``tie`` as an inline SVG element (for legends)."""
    st = TIE_STYLES[tie]
    dash = f' stroke-dasharray="{st.dash}"' if st.dash else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="10" '
            f'viewBox="0 0 {width} 10"><line x1="1" y1="5" x2="{width - 1}" y2="5" '
            f'stroke="{st.color}" stroke-width="3.5" stroke-linecap="round"{dash}/></svg>')
