"""Wijksafari: choose places (or open a saved route), see the walk along the streets, download
it (GPX, JSON, card, offline HTML), save it or propose it."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from assetmap import routing, schema, webmap
from ui import cache, safari, saved_routes
from ui.errors import Outcome, user_errors
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.safari import MAP_KEY, STOPS_KEY
from ui.state import page_guard

page_guard()

st.title(t("safari_title"))
st.write(t("safari_intro"))
saved_routes.banner()

with cache.project_errors():
    store = cache.store()
    candidates = routing.stop_candidates(store, audience="public")
    buurten = store.buurten()
    streets = store.streets()
    network = safari.network(store)

safari.take_map_click(candidates)
names = dict(zip(candidates["id"], candidates["name"], strict=True))
default = [i for i, k in zip(candidates["id"], candidates["layer"], strict=True)
           if k == "meeting_places"][:4]
st.session_state.setdefault(STOPS_KEY, default)
safari.default_options()  # set here, not as widget values: opening a saved route sets them
st.session_state[STOPS_KEY] = [s for s in st.session_state[STOPS_KEY] if s in names]

left, right = st.columns([2, 3])
with left:
    saved_routes.listing(store)
    chosen = st.multiselect(t("safari_stops"), list(candidates["id"]), key=STOPS_KEY,
                            format_func=lambda s: names.get(s, s), help=t("safari_stops_help"),
                            placeholder=t("choose"))
    safari.chosen_list(chosen, names)
    c1, c2 = st.columns(2)
    with c1:
        start = st.selectbox(t("safari_start"), chosen, key="safari_start",
                             format_func=lambda s: names.get(s, s)) if chosen else None
    with c2:
        round_trip = st.checkbox(t("safari_round_trip"), key="safari_round")
        safari.default_end(chosen)
        end = start if round_trip or not chosen else st.selectbox(
            t("safari_end"), chosen, key="safari_end", format_func=lambda s: names.get(s, s))
    pace = st.radio(t("safari_pace"), ["normal", "easy"], key="safari_pace", horizontal=True,
                    format_func=lambda p: t(f"safari_pace_{p}"))
    step_free = st.checkbox(t("safari_step_free"), key="safari_step_free",
                            help=t("safari_step_free_help"))
    c4, c5 = st.columns(2)
    with c4:
        dwell = st.number_input(t("safari_dwell"), min_value=0, max_value=120, step=5,
                                key="safari_dwell")
    with c5:
        start_at = st.time_input(t("safari_time"), key="safari_time", step=300)
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
        safari.figures(route)
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
                     f"{leg.metres:,.0f} m · {routing.format_duration(leg.minutes, lang())}"
                     .replace(",", "."),
                     t("safari_arrive"): f"{s.arrive:%H:%M}" if s.arrive else "",
                     t("safari_depart"): f"{s.depart:%H:%M}" if s.depart else ""})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    now = saved_routes.opened()
    safari.downloads(route, name=now["name"] if now else None, buurten=buurten,
                     streets=streets)
saved_routes.save_panel(store, route)
