"""Lijst: everything the public map shows, as a list (issue 18 item 4).

For a screen reader, the keyboard or a slow phone: one table per layer with name, kind and
buurt (the details of each entry's popup one click away), a search by name, buurt and layer,
and the counts per buurt (small talent counts hidden, as on the map). The same privacy rule
as the Kaart page: only approved entries, talents only when the resident made them public.
"""

from __future__ import annotations

import streamlit as st

from assetmap.links import link_view
from ui import cache, entry_list
from ui.i18n import t
from ui.state import page_guard

page_guard()

st.title(t("list_title"))
st.write(t("list_intro"))

store, buurten, layers, _streets = cache.public_view_or_stop()
if len(buurten) == 0:
    st.info(t("no_buurten"))
# the connections the public map draws (both ends visible to the public), as words
links = link_view(store.links(status="approved"), layers, audience="public")
entry_list.show(layers, buurten, links=links)
