"""What the public may see: one place for the AVG rules of every map, print and export.

- Fields marked ``public=False`` or ``personal=True`` in :mod:`assetmap.schema` never leave through
  a public view, except a talent's ``display_name`` when the resident chose ``public``.
- Talents show as markers only when the resident chose ``visibility = public`` and wants to
  share; all other talents appear only as a count per buurt, and a buurt count below
  :data:`MIN_COUNT` is hidden: it shows as :data:`HIDDEN_COUNT_TEXT` (:func:`public_count_text`).

The module imports only the standard library at load time (the CLI reads :data:`MIN_COUNT` for
its help text without loading geopandas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

MIN_COUNT = 3
"""The small-count rule: a public count of talents per buurt from 1 to ``MIN_COUNT - 1`` is
hidden (someone in a small street could be recognised)."""

HIDDEN_COUNT_TEXT = f"<{MIN_COUNT}"
"""How a hidden count shows on public screens, prints and tables."""


def is_small(count: int) -> bool:
    """Whether the small-count rule hides ``count`` (1 or 2; zero is not hidden)."""
    return 0 < count < MIN_COUNT


def public_count_text(count: Any) -> str:
    """A count of talents as the public sees it.

    Parameters
    ----------
    count
        The exact count, or a null (``None``, ``<NA>``, NaN) where :func:`talent_counts` or
        :func:`assetmap.analysis.public_table` already hid it.

    Returns
    -------
    str
        ``"<3"`` for a hidden count, else the number (``"0"``, ``"7"``).
    """
    import pandas as pd

    if count is None or pd.isna(count):
        return HIDDEN_COUNT_TEXT
    n = int(count)
    return HIDDEN_COUNT_TEXT if is_small(n) else str(n)


def public_fields(layer: str) -> list[str]:
    """The columns of ``layer`` that a public map, print or export may show."""
    from . import schema

    spec = schema.LAYERS[layer]
    keep = [f.name for f in spec.fields if f.public and not f.personal]
    if layer == "talents":
        keep.append("display_name")
    return keep


def public_view(layer: str, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows and columns of ``gdf`` that the public may see (a new frame)."""
    g = gdf
    if "status" in g.columns:
        g = g[g["status"] == "approved"]
    if layer == "talents":
        vis = g["visibility"].fillna("facilitators") == "public"
        share = g["wants_to_share"].fillna(True).astype(bool)
        g = g[vis & share]
    cols = [c for c in public_fields(layer) if c in g.columns]
    return g[[*cols, g.geometry.name]].copy()


def countable_talents(talents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The approved talents a public count may include.

    Public talents show as points next to the per-buurt count, so the count minus the points
    would give the number of private talents in that buurt. Private talents therefore count
    only where a buurt has at least :data:`MIN_COUNT` of them; 1 or 2 are left out of every
    public figure (map, print, projector, Analyse)."""
    t = talents
    if "status" in t.columns:
        t = t[t["status"] == "approved"]
    if "visibility" not in t.columns or "buurt_code" not in t.columns:
        return t
    vis = t["visibility"].fillna("facilitators") == "public"
    share = t["wants_to_share"].fillna(True).astype(bool) if "wants_to_share" in t.columns \
        else True
    private = ~(vis & share)
    per_buurt = t.loc[private, "buurt_code"].value_counts()
    few = set(per_buurt[per_buurt < MIN_COUNT].index)
    return t[~(private & t["buurt_code"].isin(few))]


def talent_counts(talents: gpd.GeoDataFrame, *, hide_below: int = MIN_COUNT) -> pd.Series:
    """Talents per buurt code as the public may see them: the :func:`countable_talents`, and
    ``<NA>`` (shown as "<3") where that number is below ``hide_below`` in a buurt that has
    talents. Buurten without any approved talent are not in the index."""
    import pandas as pd

    t = talents
    if "status" in t.columns:
        t = t[t["status"] == "approved"]
    exact = t["buurt_code"].dropna().value_counts()
    shown = countable_talents(t)["buurt_code"].dropna().value_counts()
    counts = shown.reindex(exact.index).fillna(0).astype("Int64")
    return counts.where(counts >= hide_below, pd.NA)


def live_counts(talents: gpd.GeoDataFrame, codes: Any) -> pd.Series:
    """Talents per buurt for a screen that changes while people watch (the projector): every
    count below :data:`MIN_COUNT` is hidden, *zero included*, over all ``codes``. A buurt
    going from "0" to "<3" while the room watches would tell that someone there just gave a
    talent (issue 12)."""
    import pandas as pd

    t = countable_talents(talents)
    counts = t["buurt_code"].dropna().value_counts().reindex(list(codes)).fillna(0)
    counts = counts.astype("Int64")
    return counts.where(counts >= MIN_COUNT, pd.NA)


def public_total(counts: pd.Series) -> int:
    """A total of per-buurt talent counts that gives no hidden count away.

    Next to counts where small ones are hidden, the exact total would reveal them (total
    minus the counts shown). The public total is the sum of the counts that are shown
    (``>= MIN_COUNT``); hidden (null) and small counts are left out.
    """
    import pandas as pd

    c = pd.to_numeric(pd.Series(counts, dtype="object"), errors="coerce")
    return int(c[c >= MIN_COUNT].sum())


def is_public_record(layer: str, record: Any) -> bool:
    """Whether one entry (a dict or a row) shows on the public map: the rule of
    :func:`public_view` for a single record (approved; a layer with ``visibility`` only when
    the resident chose ``public`` and did not say no to sharing)."""
    from . import schema

    if record.get("status") != "approved":
        return False
    spec = schema.LAYERS.get(layer)
    if spec is not None and spec.has("visibility"):
        vis = record.get("visibility")
        if (vis if isinstance(vis, str) else "facilitators") != "public":
            return False
        share = record.get("wants_to_share")
        if share is not None and not schema.is_na(share) and not bool(share):
            return False
    return True


def mask_contact(contact: Any) -> str:
    """A saved contact as a resident sees it back: enough to recognise, not to use
    (``06••••••78``, ``j•••@•••.nl``). The stored value is never sent back to a form."""
    s = "" if contact is None else str(contact).strip()
    if not s:
        return ""
    if "@" in s:
        user, _, host = s.partition("@")
        tld = host.rsplit(".", 1)[-1] if "." in host else ""
        return f"{user[:1]}•••@•••" + (f".{tld}" if tld else "")
    if len(s) <= 6:
        return "•" * len(s)
    return s[:2] + "•" * (len(s) - 4) + s[-2:]


_STREET_WORDS = ("straat", "laan", "weg", "plein", "singel", "gracht", "kade", "dijk", "steeg",
                 "hof", "pad", "dreef", "erf", "plantsoen", "markt", "park")
_NAME_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "la", "le", "el", "al", "bin",
                   "ben", "da", "do", "dos"}


def looks_identifying(text: Any) -> str | None:
    """Whether a name a resident typed looks like more than a first name or initials.

    Returns ``"address"`` (a house number, a street word, a postcode), ``"contact"`` (an e-mail
    address or a phone number), ``"full_name"`` (a first name plus a surname) or ``None``.
    A hint for a warning next to the field, never a reason to refuse: people decide.
    """
    import re

    s = " ".join(str(text or "").split())
    if not s:
        return None
    low = s.lower()
    if "@" in s or re.search(r"\d[\d \-]{7,}\d", s):
        return "contact"
    postcode = re.search(r"\b\d{4}\s?[a-z]{2}\b", low)
    if postcode or any(re.search(rf"[a-z]{w}\b", low) for w in _STREET_WORDS):
        return "address"
    words = [w for w in re.split(r"[\s,]+", s) if w]
    named = [w for w in words if w.lower() not in _NAME_PARTICLES and len(w.strip(".")) > 1]
    if len(named) >= 2 and any(w.lower() in _NAME_PARTICLES for w in words) or \
            len(named) >= 2 and all(w[:1].isupper() for w in named):
        return "full_name"
    return None
