"""The Putnam lens: is a link *bonding*, *bridging* or *linking* social capital?

Robert Putnam calls ties within a group of similar people *bonding*, ties across groups
*bridging*; Woolcock and Szreter added *linking*: ties to people or bodies with power over
resources. Opbouwwerkers use the three words to see where a buurt is strong inward but closed,
or open but without a line to the gemeente. Each link of a project gets one of the three by a
rule a worker can check by hand (first rule that fits wins):

1. **linking**: the link goes to an institution (``supported_by``: gemeente, woningcorporatie,
   welzijn, school, zorg), or one end is a local entrepreneur who gives money or space
   (its ``offers`` names one of :data:`RESOURCE_WORDS`: sponsoring, geld, ruimte …). They
   decide over resources the buurt itself does not have.
2. **bridging**: the two ends lie in different buurten, or belong to different kinds of group
   (:data:`GROUPS`: residents, associations, entrepreneurs). A meeting place is not a group:
   a link to a place counts with the group of the other end.
3. **bonding**: everything else: both ends in one buurt and of one kind of group (a resident
   helping a neighbour's wish, an association meeting in its own buurthuis).

:data:`RULES` holds these rules in B1 Dutch (and English) for the Analyse page, the Verbinden
page and reports. Per buurt a link counts in the buurten of both its ends (once when both are
in the same buurt); a link to an institution counts in the buurt of its entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import schema

TIES = schema.TIES

GROUPS: dict[str, str] = {
    "talents": "bewoners",
    "wishes": "bewoners",
    "associations": "verenigingen",
    "entrepreneurs": "ondernemers",
    "meeting_places": "plek",
}
"""The kind of group of each layer. ``plek`` (a meeting place) is not a group of people."""

GROUP_LABELS = {"bewoners": ("bewoners", "residents"),
                "verenigingen": ("verenigingen", "associations"),
                "ondernemers": ("ondernemers", "entrepreneurs")}

RESOURCE_WORDS: tuple[str, ...] = ("sponsor", "geld", "subsidie", "fonds", "ruimte", "zaal",
                                   "materiaal")
"""Words in an entrepreneur's ``offers`` that mean it decides over money or space (matched as
a word or as the start or end of one, so ``sponsoring`` and ``vergaderruimte`` count too)."""

RULES: dict[str, dict[str, str]] = {
    "nl": {
        "bonding": "Bonding: binnen één buurt en tussen dezelfde soort mensen of groepen. "
                   "Bijvoorbeeld een buurvrouw die helpt met de wens van een buurman.",
        "bridging": "Bridging: over de grens van de buurt, of tussen verschillende groepen "
                    "(bewoners, verenigingen, ondernemers).",
        "linking": "Linking: naar een instelling (gemeente, woningcorporatie, welzijn, school, "
                   "zorg) of naar iemand die over geld of ruimte beslist, zoals een ondernemer "
                   "die sponsort of ruimte geeft.",
    },
    "en": {
        "bonding": "Bonding: within one neighbourhood and between the same kind of people or "
                   "groups. For example a neighbour who helps with another neighbour's wish.",
        "bridging": "Bridging: across the neighbourhood's border, or between different groups "
                    "(residents, associations, entrepreneurs).",
        "linking": "Linking: to an institution (municipality, housing association, welfare, "
                   "school, care) or to someone who decides over money or space, such as an "
                   "entrepreneur who sponsors or offers space.",
    },
}
"""Each rule in B1 Dutch (and English): shown next to the counts."""

NAMES = {"bonding": ("bonding (binnen)", "bonding (within)"),
         "bridging": ("bridging (over grenzen)", "bridging (across)"),
         "linking": ("linking (naar macht en middelen)", "linking (to power and means)")}

_RESOURCE = re.compile(r"\b(" + "|".join(RESOURCE_WORDS) + r")|(" +
                       "|".join(RESOURCE_WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Tie:
    """The class of one link and why.

    Attributes
    ----------
    tie
        ``bonding``, ``bridging`` or ``linking``.
    why
        One short Dutch sentence: the rule that fitted, with the facts of this link.
    """

    tie: str
    why: str


def _text(v: Any) -> str:
    return "" if v is None or schema.is_na(v) else str(v)


def has_resources(entry: Mapping[str, Any] | None) -> bool:
    """Whether an entrepreneur's ``offers`` names money or space (:data:`RESOURCE_WORDS`)."""
    if not entry:
        return False
    return bool(_RESOURCE.search(_text(entry.get("offers"))))


def classify(kind: str, from_layer: str, from_entry: Mapping[str, Any] | None, to_layer: str,
             to_entry: Mapping[str, Any] | None) -> Tie:
    """Bonding, bridging or linking for one link (see the module docstring for the rules).

    Parameters
    ----------
    kind
        The link's kind (``helps_with`` …).
    from_layer, to_layer
        The layers of the ends (``to_layer`` may be ``"institution"``).
    from_entry, to_entry
        The ends as records (``buurt_code``, and ``offers`` for an entrepreneur); ``None`` for
        an institution.
    """
    if to_layer == schema.INSTITUTION or kind == "supported_by":
        return Tie("linking", "Verbinding met een instelling.")
    for layer, entry in ((from_layer, from_entry), (to_layer, to_entry)):
        if layer == "entrepreneurs" and has_resources(entry):
            name = _text((entry or {}).get("name")) or "Een ondernemer"
            return Tie("linking", f"{name} geeft geld of ruimte.")
    b1 = _text((from_entry or {}).get("buurt_code")) or None
    b2 = _text((to_entry or {}).get("buurt_code")) or None
    if b1 and b2 and b1 != b2:
        return Tie("bridging", "De twee liggen in verschillende buurten.")
    g1, g2 = GROUPS.get(from_layer, from_layer), GROUPS.get(to_layer, to_layer)
    if "plek" not in (g1, g2) and g1 != g2:
        return Tie("bridging", f"Tussen {GROUP_LABELS[g1][0]} en {GROUP_LABELS[g2][0]}.")
    return Tie("bonding", "Binnen één buurt en dezelfde soort groep.")


# --------------------------------------------------------------------------- a project's links


def entry_index(layers: Mapping[str, pd.DataFrame]) -> dict[tuple[str, str], dict[str, Any]]:
    """``(layer, id) -> {name, buurt_code, offers, status}`` of every entry in ``layers``."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for layer, g in layers.items():
        offers = g["offers"] if "offers" in g.columns else pd.Series(None, index=g.index)
        for rid, name, buurt, off, st in zip(g["id"], g["name"], g["buurt_code"], offers,
                                             g["status"] if "status" in g.columns
                                             else [None] * len(g), strict=True):
            out[(layer, rid)] = {"name": name, "buurt_code": None if schema.is_na(buurt)
                                 else buurt, "offers": off, "status": st}
    return out


def classify_links(links: pd.DataFrame, layers: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Each link whose ends are both in ``layers`` (or an institution), classified again from
    the ends as they are now.

    Returns
    -------
    DataFrame
        The link columns plus ``from_buurt``, ``to_buurt``, ``from_name``, ``to_name`` and a
        fresh ``tie`` and ``why``. Links with an end not in ``layers`` (not approved, not
        visible to this audience, deleted) are left out.
    """
    index = entry_index(layers)
    rows = []
    for rec in links.to_dict("records"):
        src = index.get((rec["from_layer"], rec["from_id"]))
        inst = rec["to_layer"] == schema.INSTITUTION
        dst = None if inst else index.get((rec["to_layer"], rec["to_id"]))
        if src is None or (dst is None and not inst):
            continue
        t = classify(rec["kind"], rec["from_layer"], src, rec["to_layer"], dst)
        end = dst or {"buurt_code": None, "name": schema.institution_label(rec["to_id"])}
        rec.update(tie=t.tie, why=t.why, from_buurt=src["buurt_code"], from_name=src["name"],
                   to_buurt=end["buurt_code"], to_name=end["name"])
        rows.append(rec)
    cols = [*links.columns, "why", "from_buurt", "to_buurt", "from_name", "to_name"]
    return pd.DataFrame(rows, columns=list(dict.fromkeys(cols)))


def per_buurt(classified: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Bonding, bridging and linking ties per buurt code (index ``codes``, in that order).

    A link counts in the buurten of both ends, once when both lie in the same buurt; a link
    to an institution counts in the buurt of its entry.
    """
    table = pd.DataFrame(0, index=pd.Index(codes, name="buurt_code"), columns=list(TIES))
    for tie, b1, b2 in zip(classified.get("tie", []), classified.get("from_buurt", []),
                           classified.get("to_buurt", []), strict=True):
        for code in {b for b in (b1, b2) if b is not None and not schema.is_na(b)}:
            if code in table.index:
                table.loc[code, tie] += 1
    return table


@dataclass(frozen=True)
class TiesResult:
    """The links of a project through the Putnam lens.

    Attributes
    ----------
    links
        The approved links between approved entries, classified (:func:`classify_links`).
    table
        Per buurt code: ``bonding``, ``bridging``, ``linking`` counts (:func:`per_buurt`).
    names
        Buurt code -> name.
    """

    links: pd.DataFrame
    table: pd.DataFrame
    names: dict[str, str]

    def rows(self) -> list[dict[str, Any]]:
        """``[{"buurt_code", "bonding", "bridging", "linking"}]``: one row per buurt."""
        return [{"buurt_code": str(code), **{t: int(r[t]) for t in TIES}}
                for code, r in self.table.iterrows()]


def analyse_ties(links: pd.DataFrame, layers: Mapping[str, pd.DataFrame],
                 buurten: pd.DataFrame) -> TiesResult:
    """Ties per buurt of the approved ``links`` whose ends are in ``layers`` (give approved
    entries only). ``buurten`` gives the order and the names."""
    approved = links[links["status"] == "approved"] if "status" in links.columns else links
    classified = classify_links(approved, layers)
    codes = [str(c) for c in buurten["code"]] if len(buurten) else []
    names = {str(c): (str(n) if isinstance(n, str) and n.strip() else str(c))
             for c, n in zip(buurten["code"], buurten["name"], strict=True)} if codes else {}
    return TiesResult(links=classified, table=per_buurt(classified, codes), names=names)


def ties_of_store(store: Any) -> TiesResult:
    """:func:`analyse_ties` on a project: approved links between approved entries."""
    layers = {layer: store.read(layer, status="approved") for layer in schema.POINT_LAYERS}
    return analyse_ties(store.links(status="approved"), layers, store.buurten())


def sentences(result: TiesResult, lang: str = "nl") -> list[str]:
    """Plain sentences (Dutch unless ``lang``): per buurt the kinds of tie it has none of.

    "Parkzoom heeft geen verbindingen naar buiten de buurt of met andere groepen (bridging)."
    A buurt without any link gets one sentence.
    """
    from .. import i18n

    out = []
    for code, row in result.table.iterrows():
        name = result.names.get(str(code), str(code))
        if int(row.sum()) == 0:
            out.append(i18n.text("ties_none_at_all", lang, name=name))
            continue
        for tie in TIES:
            if row[tie] == 0:
                out.append(i18n.text(f"ties_no_{tie}", lang, name=name))
    return out


def tie_label(tie: str, lang: str = "nl") -> str:
    """The short name of a tie kind (``bonding (binnen)``)."""
    pair = NAMES.get(tie)
    return tie if pair is None else pair[1 if lang == "en" else 0]


def rule(tie: str, lang: str = "nl") -> str:
    """The rule of a tie kind in B1 Dutch (or English)."""
    return RULES.get(lang, RULES["nl"]).get(tie, tie)
