"""Saved routes on the Wijksafari page: the list, opening one, saving, and residents' proposals.

Opening a route fills the planner's widgets (stops, start, end, tempo, step-free, minutes per
stop, start time, order) in a button callback, before they are drawn; the page then plans it
again on today's network. Facilitators save changes, save under a new name, approve proposals
and delete; a resident who came in with an evening link (``?avond=CODE``) can propose the route
on screen ("Stel deze route voor"): it waits for a facilitator.
"""

from __future__ import annotations

from datetime import time
from typing import Any

import streamlit as st

from assetmap import routing, saved_routes
from assetmap.store import BaseStore
from ui import auth, cache
from ui.errors import form_errors, user_errors
from ui.i18n import lang, t
from ui.safari import STOPS_KEY, km, short
from ui.state import contributor_token, evening_code
from ui.text import md

OPEN_KEY = "safari_open"  # the saved route on screen: {"id", "name", "note"}
NAME_KEY = "safari_save_name"
FLASH_KEY = "safari_flash"


def opened() -> dict[str, Any] | None:
    """The saved route that is open on the page, or ``None``."""
    return st.session_state.get(OPEN_KEY)


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH_KEY] = (kind, text)


def _open(route_id: str) -> None:
    """Button callback: put a saved route's stops and options into the planner's widgets."""
    store = cache.store()
    rec = store.get_route(route_id)
    if rec is None:
        _flash("warning", t("saved_gone"))
        return
    found = saved_routes.resolve(store, rec, audience="public")
    ss = st.session_state
    ss[STOPS_KEY] = [s.id for s in found.stops]
    if found.start is not None:
        ss["safari_start"] = found.start
    ss["safari_round"] = found.end == found.start
    if found.end is not None and found.end != found.start:
        ss["safari_end"] = found.end
    speed = rec.get("speed_kmh") or routing.SPEED_KMH
    ss["safari_pace"] = "easy" if speed <= routing.SPEED_ACCESSIBLE_KMH + 1e-9 else "normal"
    ss["safari_step_free"] = bool(rec.get("step_free"))
    dwell = rec.get("dwell_min")
    ss["safari_dwell"] = int(min(120, max(0, round(10 if dwell is None else dwell))))
    if rec.get("start_time"):
        hh, mm = rec["start_time"].split(":")
        ss["safari_time"] = time(int(hh), int(mm))
    ss["safari_order"] = "manual" if rec.get("order_mode") == "manual" else "best"
    ss[OPEN_KEY] = {"id": rec["id"], "name": rec["name"], "note": found.note(lang())}
    ss[NAME_KEY] = rec["name"]


def _close() -> None:
    st.session_state.pop(OPEN_KEY, None)
    st.session_state[NAME_KEY] = ""


def _approve(route_id: str) -> None:
    with user_errors():
        rec = cache.store().set_route_status(route_id, "approved", actor=auth.actor())
        _flash("success", t("saved_approved", name=md(rec["name"])))


def _delete(route_id: str, name: str) -> None:
    with user_errors():
        cache.store().delete_route(route_id, actor=auth.actor())
        if (opened() or {}).get("id") == route_id:
            _close()
        _flash("success", t("saved_deleted", name=md(name)))


def banner() -> None:
    """Which saved route is open, and which of its stops were left out."""
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        (st.success if flash[0] == "success" else st.warning)(flash[1])
    now = opened()
    if now is None:
        return
    c1, c2 = st.columns([5, 1])
    c1.info(t("saved_opened", name=md(now["name"])), icon=":material/route:")
    c2.button(t("saved_close"), key="saved_close", on_click=_close)
    if now.get("note"):
        st.warning(now["note"])


def listing(store: BaseStore) -> None:
    """The saved routes: open (everyone), approve and delete (facilitators)."""
    fac = auth.is_facilitator()
    rows = saved_routes.listing(store, audience="facilitator" if fac else "public",
                                token=None if fac else contributor_token())
    with st.expander(t("saved_title", n=len(rows)), expanded=len(rows) > 0 and not opened(),
                     icon=":material/bookmarks:"):
        if rows.empty:
            st.caption(t("saved_none"))
        for row in rows.to_dict("records"):
            _row(row, fac=fac)


def _row(row: dict[str, Any], *, fac: bool) -> None:
    rid = row["id"]
    extra = [t(f"saved_status_{row['status']}")] if row["status"] != "approved" else []
    if row["by_residents"]:
        extra.insert(0, t("saved_by_residents"))
    facts = [t("saved_n_stops", n=row["n_stops"])]
    if row["km"] is not None:
        facts += [km(row["km"] * 1000), short(row["minutes"])]
    c1, c2 = st.columns([5, 2], vertical_alignment="center")
    c1.markdown(f"**{md(row['name'])}**" + "".join(f" · _{e}_" for e in extra)
                + f"  \n:gray[{md(' · '.join([*facts, _date(row['date'])]))}]")
    c2.button(t("saved_open"), key=f"saved_open_{rid}", on_click=_open, args=(rid,))
    if not fac:
        return
    b1, b2 = st.columns(2)
    if row["status"] != "approved":
        b1.button(t("saved_approve"), key=f"saved_approve_{rid}", on_click=_approve,
                  args=(rid,), icon=":material/check:")
    if b2.button(t("saved_delete"), key=f"saved_delete_{rid}", icon=":material/delete:"):
        st.session_state["_saved_confirm"] = rid
    if st.session_state.get("_saved_confirm") == rid:
        st.button(t("saved_delete_confirm", name=md(row["name"])), key=f"saved_del_ok_{rid}",
                  type="primary", on_click=_delete, args=(rid, row["name"]))


_MONTHS = {"nl": "jan feb mrt apr mei jun jul aug sep okt nov dec".split(),
           "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()}


def _date(iso: str) -> str:
    """``2026-12-02`` as ``2 dec 2026`` (no line break inside)."""
    try:
        y, m, d = (int(x) for x in iso.split("-"))
        return f"{d}\u00a0{_MONTHS.get(lang(), _MONTHS['nl'])[m - 1]}\u00a0{y}"
    except (ValueError, IndexError):
        return iso


def save_panel(store: BaseStore, route: routing.Route | None) -> None:
    """Facilitators: save the route on screen (changes, or as a new route). Residents who came
    in with an evening link: propose it. Others: where to log in."""
    if route is not None and auth.is_facilitator():
        _save_form(store, route)
    elif route is not None and evening_code():
        _propose_form(store, route)
    if not auth.is_facilitator():
        with st.expander(t("saved_login"), icon=":material/lock:"):
            st.caption(t("saved_login_hint"))
            auth.login_box()


def _save_form(store: BaseStore, route: routing.Route) -> None:
    st.subheader(t("saved_save_title"))
    now = opened()
    st.session_state.setdefault(NAME_KEY, "")
    name = st.text_input(t("saved_name"), key=NAME_KEY, max_chars=120)
    spots = {"name": st.empty(), "_form": st.empty()}
    c1, c2 = st.columns(2)
    save = now is not None and c1.button(t("saved_save"), key="saved_save", type="primary")
    save_as = c2.button(t("saved_save_as"), key="saved_save_as")
    if save or save_as:
        with form_errors(spots) as done:
            rec = saved_routes.save(store, name, route, actor=auth.actor(),
                                    replace=now if save else None)
        if done.ok:
            st.session_state[OPEN_KEY] = {"id": rec["id"], "name": rec["name"], "note": None}
            _flash("success", t("saved_saved", name=md(rec["name"])))
            st.rerun()


def _propose_form(store: BaseStore, route: routing.Route) -> None:
    st.subheader(t("saved_propose_title"))
    st.caption(t("saved_propose_help"))
    with st.form("saved_propose_form", border=False):
        name = st.text_input(t("saved_name"), key="saved_propose_name", max_chars=120)
        sent = st.form_submit_button(t("saved_propose"), type="primary")
    spots = {"name": st.empty(), "_form": st.empty()}
    if sent:
        with form_errors(spots) as done:
            rec = saved_routes.propose(store, name, route, token=contributor_token(),
                                       evening_code=evening_code() or "")
        if done.ok:
            _flash("success", t("saved_proposed", name=md(rec["name"])))
            st.rerun()
