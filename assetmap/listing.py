"""The map as a list: every entry the public map shows, in words, for people who do not use
the map (a screen reader, a keyboard, a slow phone) — and places to choose without the map.

- :func:`public_entries`: one row per entry of the public map (the same privacy rule,
  :func:`assetmap.privacy.public_view`), with its name, its kind in words, its buurt by name
  and the fields its popup on the map shows.
- :func:`filter_entries`: search by name, buurt and layer.
- :func:`buurt_counts`: per buurt the number of entries of each layer, talents as the public
  map counts them (:func:`assetmap.privacy.talent_counts`: small counts hidden).
- :func:`street_spots`: per street and buurt one point in the middle of that street inside
  that buurt, so a place can be given by choosing a street from a list
  (:func:`place_choices`: the buurt centres when the project has no streets).

Pure functions (no Streamlit); every user text is returned as it was typed, the caller
escapes it for its output.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from . import privacy, schema

#: The field of each layer that says what kind of entry it is (in words: :func:`kind_words`).
KIND_FIELD = {"meeting_places": "kind", "talents": "tags", "associations": "activities",
              "entrepreneurs": "sector", "wishes": "kind"}
KIND_MAX = 80
ENTRY_COLUMNS = ["layer", "id", "name", "kind", "buurt_code", "buurt", "details"]


def _empty(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == ""


def _short(text: str, limit: int = KIND_MAX) -> str:
    s = " ".join(text.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def kind_words(layer: str, row: Mapping[str, Any], lang: str = "nl") -> str:
    """What kind of entry ``row`` of ``layer`` is, in words (``Bibliotheek``, ``Wens: … ·
    Groen en natuur``, a sector or the activities); ``""`` when it does not say."""
    field = KIND_FIELD.get(layer)
    v = row.get(field) if field else None
    if layer in ("meeting_places", "wishes"):
        words = "" if _empty(v) else schema.kind_label(str(v), lang)
        theme = row.get("theme") if layer == "wishes" else None
        if not _empty(theme):
            words = f"{words} · {schema.theme_label(str(theme), lang)}" if words else \
                schema.theme_label(str(theme), lang)
        return words
    return "" if _empty(v) else _short(str(v))


def public_entries(layers: Mapping[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame, *,
                   lang: str = "nl", links: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per entry the public map shows, layers in the map's order, by name.

    Columns: ``layer``, ``id``, ``name``, ``kind`` (:func:`kind_words`), ``buurt_code``,
    ``buurt`` (the buurt's name; ``None`` outside every buurt) and ``details``: the
    ``(label, value)`` pairs the entry's popup on the map shows. Only approved entries, and
    of talents only those the resident made public (:func:`assetmap.privacy.public_view`):
    contacts and private talents never reach this table. With ``links``
    (:func:`assetmap.links.link_view` for the public) an entry's connections are among its
    details, as in its popup (``helpt met: Moestuin (bonding)``).
    """
    from .webmap.data import layer_data

    names = dict(zip(buurten["code"], buurten["name"], strict=True)) if len(buurten) else {}
    rows: list[dict[str, Any]] = []
    for layer in schema.POINT_LAYERS:
        if layer not in layers:
            continue
        view = privacy.public_view(layer, layers[layer])
        if view.empty:
            continue
        data = layer_data(layer, view, lang=lang, links=links)
        labels = [label for label, _ in data["fields"]]
        popup = {r[-1]: [(lab, v) for lab, v in zip(labels, r[3:-1], strict=True)
                         if not _empty(v)] for r in data["rows"]}
        for rid, lines in data.get("links", {}).items():
            if rid in popup:
                popup[rid].append((data["links_label"], "; ".join(lines)))
        for rec in view.drop(columns=view.geometry.name).to_dict("records"):
            code = rec.get("buurt_code")
            code = None if _empty(code) else str(code)
            rows.append({"layer": layer, "id": rec.get("id"),
                         "name": "" if _empty(rec.get("name")) else str(rec["name"]),
                         "kind": kind_words(layer, rec, lang), "buurt_code": code,
                         "buurt": names.get(code) if code else None,
                         "details": popup.get(rec.get("id"), [])})
    out = pd.DataFrame(rows, columns=ENTRY_COLUMNS)
    order = {layer: i for i, layer in enumerate(schema.POINT_LAYERS)}
    out = out.assign(_o=out["layer"].map(order), _n=out["name"].str.casefold())
    return out.sort_values(["_o", "_n"], kind="stable").drop(columns=["_o", "_n"]) \
        .reset_index(drop=True)


def filter_entries(entries: pd.DataFrame, *, query: str = "", buurt: str | None = None,
                   layers: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of :func:`public_entries` whose name or kind contains ``query`` (any case),
    in buurt code ``buurt`` and in one of ``layers`` (``None``: every one)."""
    out = entries
    if layers is not None:
        out = out[out["layer"].isin(list(layers))]
    if buurt:
        out = out[out["buurt_code"] == buurt]
    q = " ".join(query.split()).casefold()
    if q:
        hay = (out["name"].fillna("") + " " + out["kind"].fillna("")).str.casefold()
        out = out[hay.str.contains(q, regex=False)]
    return out


def buurt_counts(layers: Mapping[str, gpd.GeoDataFrame],
                 buurten: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per buurt (rows, by name) its ``inwoners`` (when the buurten have them) and the entries
    per layer as the public map's buurt tooltips count them: text cells, talents by
    :func:`assetmap.privacy.talent_counts` and shown with
    :func:`assetmap.privacy.public_count_text` (``"<3"`` for a hidden count)."""
    codes = list(buurten["code"]) if len(buurten) else []
    table = pd.DataFrame({"buurt_code": codes,
                          "buurt": list(buurten["name"]) if codes else []})
    if "inwoners" in buurten.columns:  # as the buurt's tooltip on the map; null: unknown
        table["inwoners"] = list(buurten["inwoners"]) if codes else []
    for layer in schema.POINT_LAYERS:
        if layer not in layers:
            continue
        g = layers[layer]
        if layer == "talents":
            counts = privacy.talent_counts(g)  # buurten without any talent: not in it
            table[layer] = [privacy.public_count_text(counts[c]) if c in counts.index else "0"
                            for c in codes]
        else:
            view = privacy.public_view(layer, g)
            n = view["buurt_code"].value_counts().reindex(codes).fillna(0).astype(int)
            table[layer] = [str(v) for v in n]
    return table.sort_values("buurt", key=lambda s: s.fillna("").str.casefold(),
                             kind="stable").reset_index(drop=True)


def street_spots(streets: gpd.GeoDataFrame | None,
                 buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Per named street and buurt it runs through: one point on the street, halfway along
    its longest stretch inside that buurt (EPSG:4326).

    Columns ``key`` (``"<street>|<buurt code>"``), ``street``, ``buurt_code``, ``buurt``;
    sorted by street, then buurt. A street that only touches a buurt (less than 10 m inside)
    is left out there. Without streets or buurten: an empty frame.
    """
    cols = ["key", "street", "buurt_code", "buurt"]
    empty = gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in cols},
                             geometry=gpd.GeoSeries([], crs=4326))
    if streets is None or not len(streets) or "name" not in streets.columns or not len(buurten):
        return empty
    from shapely.geometry import LineString, MultiLineString
    from shapely.ops import linemerge

    from . import crs as crsmod

    named = streets[streets["name"].notna() & (streets["name"].astype(str).str.strip() != "")]
    named = named[named.geometry.notna() & ~named.geometry.is_empty]
    if not len(named):
        return empty
    work = crsmod.working_crs(named)
    lines = named[["name", named.geometry.name]].to_crs(work)
    lines = lines.assign(name=lines["name"].astype(str).str.strip())
    polys = buurten[["code", "name", buurten.geometry.name]].rename(
        columns={"name": "buurt", "code": "buurt_code"}).to_crs(work)
    parts = gpd.overlay(lines, polys, how="intersection", keep_geom_type=True)
    groups: dict[tuple[str, str], list[Any]] = {}
    buurt_of: dict[str, Any] = {}
    for street, code, bname, geom in zip(parts["name"], parts["buurt_code"], parts["buurt"],
                                         parts.geometry, strict=True):
        ls = list(geom.geoms) if isinstance(geom, MultiLineString) else [geom]
        groups.setdefault((street, code), []).extend(ls)
        buurt_of[code] = bname
    rows = []
    for (street, code), lines_in in groups.items():  # plain shapely: fast on big projects
        merged = linemerge(lines_in)
        pieces = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
        pieces = [p for p in pieces if isinstance(p, LineString)]
        if not pieces:
            continue
        longest = max(pieces, key=lambda p: p.length)
        if longest.length < 10:
            continue
        rows.append({"key": f"{street}|{code}", "street": street, "buurt_code": code,
                     "buurt": buurt_of[code],
                     "geometry": longest.interpolate(0.5, normalized=True)})
    if not rows:
        return empty
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=work).to_crs(4326)
    out["geometry"] = out.geometry.apply(
        lambda p: type(p)(round(p.x, 7), round(p.y, 7)))
    return out.assign(_s=out["street"].str.casefold(),
                      _b=out["buurt"].fillna("").astype(str).str.casefold()) \
        .sort_values(["_s", "_b"], kind="stable").drop(columns=["_s", "_b"]) \
        .reset_index(drop=True)


def place_choices(streets: gpd.GeoDataFrame | None,
                  buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Places to choose from a list instead of the map: :func:`street_spots`, or when the
    project has no named streets one point per buurt (its representative point, always
    inside it; ``street`` is ``None``, ``key`` is ``"|<buurt code>"``), by buurt name."""
    spots = street_spots(streets, buurten)
    if len(spots) or not len(buurten):
        return spots
    b = buurten.to_crs(4326)
    out = gpd.GeoDataFrame({"key": ["|" + str(c) for c in b["code"]], "street": None,
                            "buurt_code": list(b["code"]), "buurt": list(b["name"])},
                           geometry=list(b.geometry.representative_point()), crs=4326)
    return out.sort_values("buurt", key=lambda s: s.fillna("").astype(str).str.casefold(),
                           kind="stable").reset_index(drop=True)
