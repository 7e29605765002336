"""Toevoegen: residents add a meeting place, talent, association, entrepreneur or wish.

Step 1: what; step 2: where (tap the map, search an address, or for a talent only the buurt);
step 3: the form. At a theme evening (``?avond=CODE``) entries belong to that evening.
Below: 'Mijn bijdragen' (:mod:`ui.mine`), the entries of this contributor token, to edit or
withdraw; it works on a personal link (``?mijn=TOKEN``) also after the evening closed.
"""

from __future__ import annotations

import time

import streamlit as st

from assetmap import evening, schema, webmap
from ui import cache, forms, location, mine, state, style
from ui.errors import form_errors, user_errors
from ui.i18n import lang, t
from ui.state import contributor_token, evening_code, page_guard

page_guard()
style.touch_friendly()
FLASH_S = 20.0

store = cache.store_or_stop()
token = contributor_token()
code = evening_code()

st.title(t("add_title"))
mine.personal_banner()
ev = None
joined = True
if code:
    # a closed or unknown evening: no adding, but 'Mijn bijdragen' below still works
    with user_errors(icon=":material/block:") as outcome:
        ev = cache.evening(code)
    joined = outcome.ok
    if joined:
        st.info(t("add_at_evening").format(title=ev["title"]), icon=":material/celebration:")
else:
    st.write(t("add_intro"))

# the thank-you stays a little while: the map widget may rerun the page right after saving
flash = st.session_state.get("add_flash")
if flash and time.monotonic() - flash[1] < FLASH_S:
    st.success(flash[0], icon=":material/check_circle:")

mp = cache.approved("meeting_places")
meeting_places = dict(zip(mp["id"], mp["name"], strict=True))
if joined:
    layer = st.radio(t("add_what"), list(schema.POINT_LAYERS), key="add_layer", horizontal=True,
                     format_func=lambda k: webmap.layer_label(k, lang()))
    st.caption(t(f"add_explain_{layer}"))

    map_data = cache.location_map_data(layer)  # read once per process until the data change
    area = store.area()
    st.subheader(t("add_where"))
    loc_key = f"loc_{layer}"
    loc = location.picker(loc_key, layer=layer, area=area, buurten=map_data.buurten,
                          existing=map_data.existing, streets=map_data.streets,
                          static_url=cache.config().static_url, version=map_data.version)
    precision = None
    if layer in schema.REDUCED_LOCATION:
        precision = st.radio(t("precision_q") if layer == "talents" else t("precision_q_wish"),
                             list(schema.PRECISIONS), key="add_precision",
                             format_func=lambda p: t(f"precision_{p}"), horizontal=False)

    st.subheader(t("add_tell"))
    form_key = f"form_{layer}"
    submitted, values, spots = forms.entry_form(form_key, layer=layer,
                                                meeting_places=meeting_places)

    if submitted:
        record = {k: v for k, v in values.items() if not k.startswith("_")}
        ok = True
        if layer in schema.REDUCED_LOCATION:
            record["location_precision"] = precision
        if layer == "talents":
            if record.get("contact"):
                if not values.get("_consent"):
                    forms.show_error(spots, "contact", t("consent_needed"))
                    ok = False
                else:
                    record["consent_at"] = schema.now_iso()
                    record["consent_version"] = schema.CONSENT_VERSION
        if ok and not loc:
            forms.show_error(spots, "_form", t("loc_missing"))
            ok = False
        if ok:
            record.update(loc)
            with form_errors(spots) as saved:
                evening.submit(store, layer, record, token=token, evening_code=code)
            if saved.ok:
                for f in schema.LAYERS[layer].fields:  # an empty form for the next entry
                    st.session_state.pop(f"{form_key}_{f.name}", None)
                st.session_state.pop(f"{form_key}_consent", None)
                location.clear(loc_key)
                state.saved_with_token()
                st.session_state["add_flash"] = (t("add_thanks_pending") if not (
                    ev and ev.get("auto_approve")) else t("add_thanks_live"), time.monotonic())
                st.rerun()

# ---------------------------------------------------------------- my entries
st.divider()
mine.section(store, token, meeting_places)
