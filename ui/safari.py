"""Helpers of the Wijksafari page: the walking graph, map clicks, figures and downloads."""

from __future__ import annotations

import io
import json
import re
from datetime import time

import geopandas as gpd
import streamlit as st

from assetmap import routing
from assetmap.crs import working_crs
from assetmap.io import osm
from assetmap.store import BaseStore
from ui import cache
from ui.i18n import lang, t
from ui.text import md

MAP_KEY = "safari_map"
STOPS_KEY = "safari_stops"


@st.cache_resource(show_spinner=False, max_entries=4)
def _network(location: str, stamp: str):
    """The project's walking graph, built once per process and version of the streets."""
    store = cache.store()
    lines = osm.project_network_lines(store)
    return None if lines is None else routing.load_network(lines)


def network(store: BaseStore):
    """The walking graph of the project (``None``: no streets; straight lines). A new graph
    after the project file changed, or for a database when its streets changed (also by
    another app process: the store's stamp)."""
    path = store.path
    if path is not None and path.exists():
        return _network(store.location, f"mtime:{path.stat().st_mtime}")
    return _network(store.location, store.stamp("streets"))


def default_options() -> None:
    """First values of the planner's options (kept in the session, so that opening a saved
    route can set them before the widgets are drawn)."""
    st.session_state.setdefault("safari_round", True)
    st.session_state.setdefault("safari_dwell", int(routing.DWELL_MIN))
    st.session_state.setdefault("safari_time", time(14, 0))


def default_end(chosen: list[str]) -> None:
    """The end of a one-way walk: the last stop, unless one of the stops was chosen."""
    if chosen and st.session_state.get("safari_end") not in chosen:
        st.session_state["safari_end"] = chosen[-1]


def take_map_click(candidates: gpd.GeoDataFrame) -> None:
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


def short(minutes: float) -> str:
    """A duration as the route card and the schedule give it (``45 min``, ``1 u 05 min``;
    rounded up, see :func:`routing.format_duration`), so that screen and paper agree."""
    return routing.format_duration(minutes, lang())


def title(route: routing.Route, name: str | None) -> str:
    """The route's own title: its saved name, else "Wijksafari vanaf <start>"."""
    if name:
        return name
    return t("safari_default_title", start=route.stops[0].name) if route.stops else \
        t("safari_title")


def chosen_list(chosen: list[str], names: dict[str, str]) -> None:
    """The chosen stops as a numbered line under the list box (which hides most of them)."""
    if chosen:
        st.caption(t("safari_chosen", n=len(chosen), names=" · ".join(
            f"{k}. {md(names.get(s, s))}" for k, s in enumerate(chosen, start=1))))


def km(metres: float) -> str:
    """``2,35 km`` (a decimal comma in Dutch)."""
    text = f"{metres / 1000:.2f} km"
    return text.replace(".", ",") if lang() == "nl" else text


def figures(route: routing.Route) -> None:
    """Distance, walking time and total time as three metrics."""
    m1, m2, m3 = st.columns(3)
    m1.metric(t("safari_distance"), km(route.total_m))
    m2.metric(t("safari_walk"), short(route.walk_min))
    m3.metric(t("safari_total"), short(route.total_min))
    if route.step_free:
        st.caption(route.accessibility_note(lang()))


def file_stem(name: str | None) -> str:
    """A file name for downloads: the route's name in plain letters, else ``wijksafari``."""
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:60]
    return slug or "wijksafari"


def downloads(route: routing.Route, *, name: str | None, buurten, streets) -> None:
    """GPX, JSON, the route card (PDF) and the route as one offline HTML file."""
    from assetmap.printing import route_card
    from assetmap.webmap.route_page import route_html

    own = title(route, name)
    stem = file_stem(name or own)
    d1, d2, d3, d4 = st.columns(4)
    d1.download_button(t("safari_gpx"), route.to_gpx(name=own, lang=lang()),
                       file_name=f"{stem}.gpx",
                       mime="application/gpx+xml", key="safari_dl_gpx")
    d2.download_button(t("safari_json"),
                       json.dumps(route.to_json(), ensure_ascii=False, indent=2),
                       file_name=f"{stem}.json", mime="application/json",
                       key="safari_dl_json")
    if d3.button(t("safari_card"), key="safari_card"):
        buf = io.BytesIO()
        route_card(route, buf, title=own, streets=streets, buurten=buurten, fmt="pdf")
        d3.download_button(t("safari_card_download"), buf.getvalue(),
                           file_name=f"{stem}.pdf", mime="application/pdf",
                           key="safari_dl_card")
    if d4.button(t("safari_html"), key="safari_html", help=t("safari_html_help")):
        html = route_html(route, title=own, buurten=buurten, streets=streets, lang=lang())
        d4.download_button(t("safari_html_download"), html, file_name=f"{stem}.html",
                           mime="text/html", key="safari_dl_html")
