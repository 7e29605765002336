"""Choosing a location: tap the map, search an address (PDOK), choose a street from a list
(no map, no internet: for the keyboard and a screen reader), or (talents, wishes) choose the
buurt."""

from __future__ import annotations

import importlib.util
from typing import Any

import folium
import geopandas as gpd
import streamlit as st
from shapely.geometry import Point

from assetmap import listing, schema, webmap
from assetmap.errors import AssetMapError
from ui import map_widget
from ui.cache import BUILDS
from ui.i18n import lang, t

PIN = ('<svg xmlns="http://www.w3.org/2000/svg" width="34" height="44" viewBox="0 0 34 44">'
       '<path d="M17 1C8 1 1 8 1 17c0 12 16 26 16 26s16-14 16-26C33 8 26 1 17 1z" '
       'fill="#D55E00" stroke="#1b1b1b" stroke-width="2"/><circle cx="17" cy="17" r="6" '
       'fill="#fff"/></svg>')


def _state(key: str) -> dict[str, Any]:
    return st.session_state.setdefault(key, {"point": None, "buurt": None, "last": None,
                                             "error": None})


def clear(key: str) -> None:
    """Forget the chosen place and the picker's choices (mode, buurt, address search): the
    next person on a shared tablet starts empty."""
    for k in [k for k in st.session_state if k == key or str(k).startswith(key + "_")]:
        del st.session_state[k]


def picker(key: str, *, layer: str, area: schema.ProjectArea, buurten: gpd.GeoDataFrame,
           existing: gpd.GeoDataFrame | None = None,
           streets: gpd.GeoDataFrame | None = None, static_url: str = "/app/static",
           version: str | None = None) -> dict[str, Any]:
    """Render the location step; returns ``{"geometry": Point}``, ``{"buurt_code": ...}`` or {}.

    ``version`` changes whenever ``buurten``, ``existing`` or ``streets`` change (e.g.
    ``cache.location_map_data(layer).version``); with it the map is rendered once per process
    and version and
    shared by every session, else on every run.
    """
    s = _state(key)
    # a talent or wish starts at the buurt: tapping the map invites tapping one's own house
    # 'list' (a street from a list) gives a place without the map: keyboard, screen reader
    modes = ["buurt", "map", "address"] if layer in schema.REDUCED_LOCATION else \
        ["map", "address", "list"]
    labels = {"map": t("loc_map"), "address": t("loc_address"), "buurt": t("loc_buurt"),
              "list": t("loc_list")}
    mode = st.radio(t("loc_how"), modes, horizontal=True, key=f"{key}_mode",
                    format_func=labels.get)
    if mode == "buurt":
        codes = list(buurten["code"]) if len(buurten) else []
        names = dict(zip(buurten["code"], buurten["name"], strict=True)) if codes else {}
        code = st.selectbox(t("loc_buurt_pick"), [None, *codes], key=f"{key}_buurt",
                            placeholder=t("choose"),
                            format_func=lambda c: t("choose") if c is None else names.get(c, c))
        s["buurt"] = code
        return {"buurt_code": code} if code else {}
    if mode == "address":
        _address(key, s, area)
    elif mode == "list":
        _list(key, s, area=area, buurten=buurten, streets=streets, version=version)
    else:
        _map(key, s, layer=layer, area=area, buurten=buurten, existing=existing,
             streets=streets, static_url=static_url, version=version)
    if s["error"]:
        st.error(s["error"], icon=":material/wrong_location:")
    if s["point"] is not None:
        p = s["point"]
        if s.get("words_for") != (p.x, p.y):  # once per chosen point, not on every rerun
            s["words"], s["words_for"] = place_words(p, buurten, streets), (p.x, p.y)
        st.caption(t("loc_chosen", place=s["words"]))
        return {"geometry": p}
    return {}


def place_words(p: Point, buurten: gpd.GeoDataFrame,
                streets: gpd.GeoDataFrame | None = None) -> str:
    """A chosen point in words: "bij de Stationsweg, Spoorkwartier" (the nearest named street
    within 60 m and the buurt), else the buurt, else "een plek op de kaart"."""
    parts = []
    if streets is not None and len(streets) and "name" in streets.columns:
        named = streets[streets["name"].notna() & (streets["name"].astype(str) != "")]
        if len(named):
            from assetmap import crs as crsmod

            w = crsmod.working_crs(named)
            pt = gpd.GeoSeries([p], crs=4326).to_crs(w).iloc[0]
            d = named.geometry.to_crs(w).distance(pt)
            if d.min() <= 60:
                parts.append(t("loc_near_street", street=str(named["name"].loc[d.idxmin()])))
    if len(buurten):
        hit = buurten[buurten.geometry.contains(p)]
        if len(hit):
            parts.append(str(hit["name"].iloc[0]))
    return ", ".join(parts) or t("loc_somewhere")


def _accept(s: dict[str, Any], point: Point, area: schema.ProjectArea) -> None:
    if not area.contains(point):
        s["error"] = t("loc_outside")
        return
    s["point"], s["error"] = point, None


def _build(layer: str, buurten: gpd.GeoDataFrame, existing: gpd.GeoDataFrame | None,
           streets: gpd.GeoDataFrame | None, lang_: str, static_url: str) -> folium.Map:
    layers = {layer: existing} if existing is not None and layer != "talents" else {}
    return webmap.build_map(layers, buurten, lang=lang_, static_url=static_url, streets=streets,
                            legend=False, layer_control=False)


@st.cache_resource(show_spinner=False, max_entries=16)
def _frozen(version: str, key: str, layer: str, lang_: str, static_url: str,
            _buurten: gpd.GeoDataFrame, _existing: gpd.GeoDataFrame | None,
            _streets: gpd.GeoDataFrame | None) -> map_widget.FrozenMap | None:
    """The location map rendered once per process and data version (``None``: this
    streamlit-folium cannot show a frozen map)."""
    BUILDS["location_map"] += 1
    return map_widget.freeze(_build(layer, _buurten, _existing, _streets, lang_, static_url),
                             key=key)


def _pin_js(point: Point | None) -> str:
    markers = [] if point is None else [
        f"L.marker([{map_widget.js_number(point.y)}, {map_widget.js_number(point.x)}], "
        f"{{icon: L.divIcon({{html: {webmap.script_json(PIN)}, iconSize: [34, 44], "
        'iconAnchor: [17, 43], className: "am-icon"})})']
    return map_widget.feature_group_js(markers)


def _map(key: str, s: dict[str, Any], *, layer: str, area: schema.ProjectArea,
         buurten: gpd.GeoDataFrame, existing: gpd.GeoDataFrame | None,
         streets: gpd.GeoDataFrame | None, static_url: str, version: str | None) -> None:
    st.caption(t("loc_map_help") + " " + t("loc_map_no_mouse"))
    frozen = None if version is None else _frozen(
        version, f"{key}_map", layer, lang(), static_url, buurten, existing, streets)
    if frozen is not None:
        out = map_widget.show_frozen(frozen, height=380, returned_objects=["last_clicked"],
                                     feature_group=_pin_js(s["point"]))
    else:
        from streamlit_folium import st_folium

        m = _build(layer, buurten, existing, streets, lang(), static_url)
        fg = folium.FeatureGroup(name="keuze")
        if s["point"] is not None:
            folium.Marker([s["point"].y, s["point"].x],
                          icon=folium.DivIcon(html=PIN, icon_size=(34, 44),
                                              icon_anchor=(17, 43),
                                              class_name="am-icon")).add_to(fg)
        out = st_folium(m, key=f"{key}_map", height=380, use_container_width=True,
                        returned_objects=["last_clicked"], feature_group_to_add=fg) or {}
    click = out.get("last_clicked")
    if click and click != s["last"]:
        s["last"] = click
        _accept(s, Point(round(click["lng"], 7), round(click["lat"], 7)), area)
        st.rerun()


@st.cache_resource(show_spinner=False, max_entries=8)
def _choices(version: str, _buurten: gpd.GeoDataFrame,
             _streets: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """The places of the list (:func:`assetmap.listing.place_choices`), once per process and
    data version."""
    BUILDS["place_choices"] += 1
    return listing.place_choices(_streets, _buurten)


def _list(key: str, s: dict[str, Any], *, area: schema.ProjectArea, buurten: gpd.GeoDataFrame,
          streets: gpd.GeoDataFrame | None, version: str | None) -> None:
    """A street (in a buurt) from a list; the place goes halfway along that street in that
    buurt (or in the middle of the buurt when the project has no streets)."""
    spots = listing.place_choices(streets, buurten) if version is None else \
        _choices(version, buurten, streets)
    points = dict(zip(spots["key"], spots.geometry, strict=True))
    words = {k: t("loc_list_option", street=street, buurt=b) if street
             else t("loc_list_centre", buurt=b)
             for k, street, b in zip(spots["key"], spots["street"], spots["buurt"],
                                     strict=True)}
    has_streets = bool(len(spots)) and spots["street"].notna().any()
    pick = st.selectbox(t("loc_list_pick") if has_streets else t("loc_buurt_pick"),
                        [None, *points], key=f"{key}_spot", placeholder=t("choose"),
                        format_func=lambda k: t("choose") if k is None else words.get(k, k))
    st.caption(t("loc_list_help") if has_streets else t("loc_list_help_buurt"))
    if pick and (s.get("spot") != pick or s["point"] != points[pick]):
        s["spot"] = pick
        _accept(s, points[pick], area)


def _address(key: str, s: dict[str, Any], area: schema.ProjectArea) -> None:
    if importlib.util.find_spec("assetmap.io.pdok") is None:
        st.info(t("loc_address_unavailable"))
        return
    from assetmap.io import pdok

    q = st.text_input(t("loc_address_q"), key=f"{key}_q", placeholder=t("loc_address_ph"))
    if not q or len(q.strip()) < 3:
        return
    try:
        hits = pdok.suggest(q.strip())
    except AssetMapError:  # one message, not ours plus the service's (it says the same)
        st.warning(t("loc_address_offline"), icon=":material/wifi_off:")
        return
    if not hits:
        st.info(t("loc_address_none"))
        return
    labels = {h["id"]: h["label"] for h in hits}
    pick = st.radio(t("loc_address_pick"), list(labels), key=f"{key}_hit",
                    format_func=labels.get)
    if pick and st.session_state.get(f"{key}_picked") != pick:
        try:
            found = pdok.lookup(pick)
        except AssetMapError:
            st.warning(t("loc_address_offline"), icon=":material/wifi_off:")
            return
        st.session_state[f"{key}_picked"] = pick
        _accept(s, Point(float(found["lon"]), float(found["lat"])), area)
