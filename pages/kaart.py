"""Kaart: the live map of the project, with layer toggles, filters and counts per buurt."""

from __future__ import annotations

import streamlit as st

from assetmap import privacy, schema, webmap
from assetmap.links import link_view
from ui import cache, entry_list
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import page_guard

page_guard()

st.title(t("kaart_title"))
st.write(t("kaart_intro"))
entry_list.link()  # before the map: the same entries as a list (screen reader, keyboard)

store, buurten, layers, streets = cache.public_view_or_stop()

if len(buurten) == 0:
    st.info(t("no_buurten"))

c1, c2, c3 = st.columns([1, 1, 1])
codes = list(buurten["code"]) if len(buurten) else []
names = dict(zip(buurten["code"], buurten["name"], strict=True)) if len(buurten) else {}
with c1:
    buurt = st.selectbox(t("filter_buurt"), [""] + codes, key="kaart_buurt",
                         format_func=lambda c: names.get(c) or c if c else t("all_buurten"))
with c2:
    kinds = st.multiselect(t("filter_kind"), list(schema.MEETING_KINDS), key="kaart_kinds",
                           placeholder=t("choose"),
                           format_func=lambda k: schema.kind_label(k, lang()))
with c3:
    query = st.text_input(t("search"), key="kaart_search", help=t("search_help")).strip()

shown_buurten = buurten[buurten["code"] == buurt] if buurt else buurten
# privacy first: searching must never touch what the public may not see; the talent counts per
# buurt come from all approved talents, not from the search result
talent_counts = privacy.talent_counts(layers["talents"])
filtered = {}
for layer, g in layers.items():
    if layer == "talents":
        g = privacy.public_view(layer, g)
    if buurt:
        g = g[g["buurt_code"] == buurt]
    if layer == "meeting_places" and kinds:
        g = g[g["kind"].isin(kinds)]
    if query:
        g = g[g["name"].fillna("").str.contains(query, case=False, regex=False)]
    filtered[layer] = g

# connections between the entries shown (both ends visible to the public)
links = link_view(store.links(status="approved"), filtered, audience="public")
m = webmap.build_map(filtered, shown_buurten, audience="public", lang=lang(),
                     static_url=cache.config().static_url, streets=streets,
                     talent_counts=talent_counts, links=links)
show_map(m, key="kaart_map", height=560)
st.caption(t("talents_note"))

with st.expander(t("counts_title"), expanded=False):
    # talents as the map counts them (privacy.talent_counts): a count of every approved
    # talent next to the public points would tell how many private talents a buurt has
    entry_list.counts_table(layers, buurten)
