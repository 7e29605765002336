"""Toevoegen: residents add a meeting place, talent, association, entrepreneur or wish.

Step 1: what; step 2: where (tap the map, search an address, or for a talent only the buurt);
step 3: the form. At a theme evening (``?avond=CODE``) entries belong to that evening.
Below: 'Mijn bijdragen', the entries of this contributor token, to edit or withdraw.
"""

from __future__ import annotations

import time

import streamlit as st

from assetmap import evening, schema, webmap
from ui import add_flow, cache, forms, location, state, style
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.state import contributor_token, evening_code, page_guard
from ui.text import md

page_guard()
style.touch_friendly()
FLASH_S = 20.0

store = cache.store_or_stop()
token = contributor_token()
code = evening_code()

st.title(t("add_title"))
if code:
    with user_errors(stop=True, icon=":material/block:"):
        ev = cache.evening(code)
    st.info(t("add_at_evening").format(title=ev["title"]), icon=":material/celebration:")
else:
    ev = None
    st.write(t("add_intro"))

# the thank-you stays a little while: the map widget may rerun the page right after saving
flash = st.session_state.get("add_flash")
if flash and time.monotonic() - flash[1] < FLASH_S:
    st.success(flash[0], icon=":material/check_circle:")

if not add_flow.done():  # after a save: the thank-you and "nog iets toevoegen" instead
    layer = st.radio(t("add_what"), list(schema.POINT_LAYERS), key="add_layer", horizontal=True,
                     format_func=lambda k: webmap.layer_label(k, lang()))
    st.caption(t(f"add_explain_{layer}"))

    map_data = cache.location_map_data(layer)  # read once per process until the data change
    st.subheader(t("add_where"))
    loc_key = f"loc_{layer}"
    loc = location.picker(loc_key, layer=layer, area=store.area(), buurten=map_data.buurten,
                          existing=map_data.existing, streets=map_data.streets,
                          static_url=cache.config().static_url, version=map_data.version)
    loc_spot = st.empty()
    precision = None
    if layer in schema.REDUCED_LOCATION and "buurt_code" not in loc and \
            st.session_state.get(f"{loc_key}_mode") != "buurt":
        precision = st.radio(t("precision_q") if layer == "talents" else t("precision_q_wish"),
                             list(schema.PRECISIONS), key="add_precision",
                             format_func=lambda p: t(f"precision_{p}"), horizontal=False)

    st.subheader(t("add_tell"))
    mp = cache.approved("meeting_places")
    meeting_places = dict(zip(mp["id"], mp["name"], strict=True))
    form_key = add_flow.form_key(layer)
    if layer == "talents":
        submitted, values, spots = forms.talent_form(form_key)
    else:
        submitted, values, spots = forms.entry_form(form_key, layer=layer,
                                                    meeting_places=meeting_places)
    if submitted:
        add_flow.save(store, layer, values, spots, loc=loc, loc_spot=loc_spot, loc_key=loc_key,
                      precision=precision, token=token, code=code, ev=ev)
else:
    mp = cache.approved("meeting_places")
    meeting_places = dict(zip(mp["id"], mp["name"], strict=True))

# ---------------------------------------------------------------- my entries
st.divider()
st.subheader(t("mine_title"))
# a token made in this session has no entries until it saves: nothing to read then
mine = evening.my_entries(store, token) if state.may_have_entries() else None
if mine is None or mine.empty:
    st.caption(t("mine_none"))
else:
    st.caption(t("mine_link_help"))
    status_label = {"pending": t("status_pending"), "approved": t("status_approved"),
                    "hidden": t("status_hidden")}
    for _, row in mine.iterrows():
        rid, rlayer = row["id"], row["layer"]
        note = st.session_state.pop(f"mine_note_{rid}", None)
        waits = f" · {t('mine_change_waits_short')}" if row.get("change_pending") else ""
        with st.expander(f"{md(row['name'])} · {webmap.layer_label(rlayer, lang())} · "
                         f"{status_label.get(row['status'], row['status'])}{waits}",
                         expanded=bool(note)):
            if note:
                st.success(note, icon=":material/check_circle:")
            if st.toggle(t("mine_edit"), key=f"edit_{rid}"):
                add_flow.edit_entry(store, rlayer, rid, token=token,
                                    meeting_places=meeting_places)
            confirm = st.checkbox(t("mine_withdraw_confirm"), key=f"wd_ok_{rid}")
            if st.button(t("mine_withdraw"), key=f"wd_{rid}", disabled=not confirm):
                with user_errors():
                    evening.withdraw(store, rlayer, rid, token=token)
                    st.session_state["add_flash"] = (t("mine_withdrawn"), time.monotonic())
                    st.rerun()
