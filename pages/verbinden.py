"""Verbinden: the wishes of the buurt, who could help, and the connections made so far.

Everyone sees the approved wishes and the public suggestions (each with one sentence why). A
facilitator (logged in) also sees talents that are not public, never with contact details,
makes a connection with one click ("maak verbinding"), approves the links residents made, and
prints the matchlijst for the next evening. A resident can link their own entries (the link
waits for approval). The tab "Bonding, bridging, linking" shows the Putnam lens per buurt.
"""

from __future__ import annotations

import streamlit as st

from assetmap import connect, schema
from assetmap.analysis import ties
from assetmap.links import project_links
from assetmap.store import Actor
from ui import auth, cache
from ui import connect as vb
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.state import contributor_token, page_guard

page_guard()

st.title(t("vb_title"))
st.write(t("vb_intro"))
vb.show_flash()

store = cache.store_or_stop()
facilitator = auth.is_facilitator()
actor = auth.actor() if facilitator else None
with st.expander(t("vb_login") if not facilitator else t("logged_in"), expanded=False):
    auth.login_box()

buurten = store.buurten()
names = dict(zip(buurten["code"], buurten["name"], strict=True)) if len(buurten) else {}
codes = list(names)

c1, c2 = st.columns(2)
buurt = c1.selectbox(t("filter_buurt"), [""] + codes, key="vb_buurt",
                     format_func=lambda c: names.get(c) or c if c else t("all_buurten"))
theme = c2.selectbox(t("vb_theme"), ["", *schema.THEMES], key="vb_theme",
                     format_func=lambda th: schema.theme_label(th, lang()) if th
                     else t("vb_all_themes"))

with user_errors(stop=True):
    sugg = connect.suggest_store(store, include_private=facilitator, lang=lang())
    view = project_links(store, audience="facilitator" if facilitator else "public")
    wishes = store.read(schema.WISHES, status="approved")
records = {r["id"]: r for r in wishes.drop(columns=wishes.geometry.name).to_dict("records")}

tab_wishes, tab_reverse, tab_ties, tab_links = st.tabs(
    [t("vb_tab_wishes"), t("vb_tab_reverse"), t("vb_tab_ties"), t("vb_tab_links")])

# ---------------------------------------------------------------- wishes and suggestions
with tab_wishes:
    st.caption(t("vb_method_network") if sugg.method == "network" else t("vb_method_straight"))
    if facilitator:
        st.caption(t("vb_private_note"))
    shown = [w for w in sugg.wishes if (not buurt or w.buurt_code == buurt)
             and (not theme or w.theme == theme)]
    if not shown:
        st.info(t("vb_no_wishes"))
    for w in shown:
        vb.wish_card(store, w, records.get(w.id, {}), buurt_names=names, link_view=view,
                     actor=actor)
    st.subheader(t("vb_matchlist"))
    st.caption(t("vb_matchlist_help"))
    vb.matchlist_download(store, include_private=facilitator)

# ---------------------------------------------------------------- the reverse
with tab_reverse:
    st.write(t("vb_reverse_intro"))
    entries = vb.candidate_entries(store, audience="facilitator" if facilitator else "public")
    vb.reverse_section(sugg, entries[entries["layer"] != schema.WISHES])

# ---------------------------------------------------------------- the Putnam lens
with tab_ties:
    st.write(t("vb_ties_intro"))
    vb.ties_section(ties.ties_of_store(store))

# ---------------------------------------------------------------- links: list, approve, make
with tab_links:
    vb.links_list(view)
    st.divider()
    if facilitator:
        vb.pending_links(store, actor, view)
        st.subheader(t("vb_form_title"))
        vb.link_form(store, actor, vb.candidate_entries(store, audience="facilitator"),
                     sources=vb.candidate_entries(store, audience="facilitator"))
    else:
        token = contributor_token()
        st.subheader(t("vb_form_title_resident"))
        st.caption(t("vb_form_resident_help"))
        everyone = vb.candidate_entries(store, audience="public")
        own = vb.candidate_entries(store, audience="facilitator")
        vb.link_form(store, Actor.resident(token), everyone,
                     sources=own[own["created_by"] == token])
