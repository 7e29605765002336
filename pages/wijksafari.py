"""Wijksafari: choose places, see the walk along the streets, download it (GPX, JSON, card)."""

from __future__ import annotations

import io
import json
from datetime import datetime, time

import geopandas as gpd
import pandas as pd
import streamlit as st

from assetmap import routing, schema, webmap
from assetmap.crs import working_crs
from assetmap.io import osm
from assetmap.store import BaseStore
from ui import cache
from ui.errors import Outcome, user_errors
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import page_guard

page_guard()

MAP_KEY = "safari_map"
STOPS_KEY = "safari_stops"


@st.cache_resource(show_spinner=False, max_entries=4)
def _network(location: str, stamp: float):
    """The project's walking graph, built once per project file version."""
    store = cache.store()
    lines = osm.project_network_lines(store)
    return None if lines is None else routing.load_network(lines)


def _stamp(store: BaseStore) -> float:
    """When the project file last changed (0 for a database): a new walking graph after it."""
    path = store.path
    return path.stat().st_mtime if path is not None and path.exists() else 0.0


def _take_map_click(candidates: gpd.GeoDataFrame) -> None:
    """A marker clicked on the map joins the stops (before the list widget is drawn)."""
    state = st.session_state.get(MAP_KEY) or {}
    clicked = state.get("last_object_clicked") if isinstance(state, dict) else None
    if not clicked or clicked == st.session_state.get("_safari_last_click"):
        return
    st.session_state["_safari_last_click"] = clicked
    pt = gpd.GeoSeries.from_xy([clicked["lng"]], [clicked["lat"]], crs=4326)
    work = working_crs(candidates)
    d = candidates.to_crs(work).distance(pt.to_crs(work).iloc[0])
    if len(d) == 0 or d.min() > 80:
        return
    sid = str(candidates.iloc[int(d.to_numpy().argmin())]["id"])
    chosen = list(st.session_state.get(STOPS_KEY, []))
    if sid not in chosen:
        st.session_state[STOPS_KEY] = [*chosen, sid]


def _short(minutes: float) -> str:
    """A duration that fits a metric: ``45 min`` or ``1:05 u``."""
    m = int(round(minutes))
    return f"{m} min" if m < 60 else f"{m // 60}:{m % 60:02d} u"


st.title(t("safari_title"))
st.write(t("safari_intro"))

with cache.project_errors():
    store = cache.store()
    candidates = routing.stop_candidates(store, audience="public")
    buurten = store.buurten()
    streets = store.streets()
    network = _network(store.location, _stamp(store))

_take_map_click(candidates)
names = dict(zip(candidates["id"], candidates["name"], strict=True))
default = [i for i, k in zip(candidates["id"], candidates["layer"], strict=True)
           if k == "meeting_places"][:4]
st.session_state.setdefault(STOPS_KEY, default)
st.session_state[STOPS_KEY] = [s for s in st.session_state[STOPS_KEY] if s in names]

left, right = st.columns([2, 3])
with left:
    chosen = st.multiselect(t("safari_stops"), list(candidates["id"]), key=STOPS_KEY,
                            format_func=lambda s: names.get(s, s), help=t("safari_stops_help"),
                            placeholder=t("choose"))
    c1, c2 = st.columns(2)
    with c1:
        start = st.selectbox(t("safari_start"), chosen, key="safari_start",
                             format_func=lambda s: names.get(s, s)) if chosen else None
    with c2:
        round_trip = st.checkbox(t("safari_round_trip"), value=True, key="safari_round")
        end = start if round_trip or not chosen else st.selectbox(
            t("safari_end"), chosen, index=len(chosen) - 1, key="safari_end",
            format_func=lambda s: names.get(s, s))
    pace = st.radio(t("safari_pace"), ["normal", "easy"], key="safari_pace", horizontal=True,
                    format_func=lambda p: t(f"safari_pace_{p}"))
    step_free = st.checkbox(t("safari_step_free"), key="safari_step_free",
                            help=t("safari_step_free_help"))
    c4, c5 = st.columns(2)
    with c4:
        dwell = st.number_input(t("safari_dwell"), min_value=0, max_value=120, value=10,
                                step=5, key="safari_dwell")
    with c5:
        start_at = st.time_input(t("safari_time"), value=time(14, 0), key="safari_time",
                                 step=300)
    order_mode = st.radio(t("safari_order"), ["best", "manual"], key="safari_order",
                          horizontal=True, format_func=lambda m: t(f"safari_order_{m}"))
    manual: list[str] = []
    if order_mode == "manual" and chosen:
        st.caption(t("safari_order_table"))
        table = pd.DataFrame({t("safari_nr"): range(1, len(chosen) + 1),
                              t("safari_name"): [names[s] for s in chosen]}, index=chosen)
        edited = st.data_editor(table, key=f"safari_manual_{'|'.join(chosen)}",
                                hide_index=True, width="stretch",
                                disabled=[t("safari_name")])
        nr = pd.to_numeric(edited[t("safari_nr")], errors="coerce").fillna(999)
        manual = [s for _, s in sorted(zip(nr.tolist(), chosen, strict=True),
                                       key=lambda p: p[0])]

route = None
planned = Outcome()
if len(chosen) >= 2 and start is not None:
    ids = manual or list(chosen)
    stops = routing.stops_from_ids(candidates, ids)
    with user_errors(show=False) as planned:
        route = routing.plan_route(
            network, stops, start=start, end=end,
            method="manual" if order_mode == "manual" else "optimal",
            speed_kmh=routing.SPEED_ACCESSIBLE_KMH if pace == "easy" else routing.SPEED_KMH,
            dwell_min=float(dwell),
            start_time=datetime.combine(datetime.now().date(), start_at),
            step_free=step_free)

with right:
    if not planned.ok:
        st.error(f"{t('safari_error')}: {planned.message}")
    elif route is None:
        st.info(t("safari_pick_more"))
    else:
        if route.straight_lines:
            st.warning(t("safari_straight"))
        m1, m2, m3 = st.columns(3)
        km = f"{route.total_m / 1000:.2f} km"
        m1.metric(t("safari_distance"), km.replace(".", ",") if lang() == "nl" else km)
        m2.metric(t("safari_walk"), _short(route.walk_min))
        m3.metric(t("safari_total"), _short(route.total_min))
        if route.step_free:
            st.caption(route.accessibility_note())
    public = {layer: store.read(layer, status="approved") for layer in schema.ASSET_LAYERS}
    m = webmap.build_map(public, buurten, audience="public", lang=lang(),
                         static_url=cache.config().static_url, streets=streets,
                         show={"buurten": True})
    if route is not None:
        webmap.add_route_to_map(m, route, lang=lang())
    show_map(m, key=MAP_KEY, height=520, returned_objects=["last_object_clicked"])

if route is not None:
    st.subheader(t("safari_schedule"))
    rows = []
    for k, s in enumerate(route.stops):
        leg = route.legs[k - 1] if k else None
        rows.append({t("safari_nr"): k + 1, t("safari_name"): s.name,
                     t("safari_leg"): "" if leg is None else
                     f"{leg.metres:,.0f} m · {routing.format_duration(leg.minutes)}"
                     .replace(",", "."),
                     t("safari_arrive"): f"{s.arrive:%H:%M}" if s.arrive else "",
                     t("safari_depart"): f"{s.depart:%H:%M}" if s.depart else ""})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    d1, d2, d3 = st.columns(3)
    d1.download_button(t("safari_gpx"), route.to_gpx(), file_name="wijksafari.gpx",
                       mime="application/gpx+xml", key="safari_dl_gpx")
    d2.download_button(t("safari_json"),
                       json.dumps(route.to_json(), ensure_ascii=False, indent=2),
                       file_name="wijksafari.json", mime="application/json",
                       key="safari_dl_json")
    try:
        from assetmap.printing import route_card
    except ImportError:
        route_card = None
    if route_card is not None and d3.button(t("safari_card"), key="safari_card"):
        buf = io.BytesIO()
        route_card(route, buf, title=t("safari_title"), streets=streets, buurten=buurten,
                   fmt="pdf")
        d3.download_button(t("safari_card_download"), buf.getvalue(),
                           file_name="wijksafari.pdf", mime="application/pdf",
                           key="safari_dl_card")
