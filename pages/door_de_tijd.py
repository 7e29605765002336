"""Door de tijd: what changed between two moments, on a map and per buurt, and who has been
heard so far."""

from __future__ import annotations

import json

import streamlit as st

from assetmap.analysis import history, voices
from assetmap.analysis.history import COMPARE_HEADERS, COMPARE_VALUES
from assetmap.io.csvdialect import csv_bytes
from assetmap.webmap.history import change_map
from ui import auth, cache
from ui import history as view
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import page_guard
from ui.tables import csv_dialect_choice

page_guard()

st.title(t("dt_title"))
st.write(t("dt_intro"))

store = cache.store_or_stop()
with cache.project_errors():
    buurten = store.buurten()
if len(buurten) == 0:
    st.info(t("no_buurten"))
    st.stop()

private = auth.is_facilitator() and st.toggle(t("dt_private"), key="dt_private",
                                               help=t("dt_private_help"))

# ---------------------------------------------------------------- two moments
with st.container(border=True):
    before, after = view.pick_moments(store)
with user_errors(stop=True):
    comp = history.compare(store.history(), before, after, buurten=buurten,
                           archive=store.buurten_archive(), include_private=private)

# ---------------------------------------------------------------- in words
st.subheader(t("dt_sentences"))
view.sentences(history.sentences(comp, lang=lang()))

# ---------------------------------------------------------------- the map
st.subheader(t("dt_map"))
cfg = cache.config()
show_map(change_map(comp, lang=lang(), static_url=cfg.static_url, streets=store.streets()),
         key="door_de_tijd_map", height=520)
st.caption(t("dt_map_note"))

# ---------------------------------------------------------------- per buurt
st.subheader(t("dt_per_buurt"))
view.small_multiples(comp)
with st.expander(t("dt_table")):
    table = view.counts_table(comp)
    st.dataframe(table, hide_index=True, width="stretch")
    dialect = csv_dialect_choice("dt_csv_dialect")
    d1, d2, _ = st.columns([1, 1, 3])
    d1.download_button(t("dt_csv"), csv_bytes(comp.to_frame(), dialect=dialect,
                                              headers=COMPARE_HEADERS, values=COMPARE_VALUES),
                       file_name="vergelijking.csv", mime="text/csv", key="dt_csv")
    d2.download_button(t("dt_json"), json.dumps(comp.to_dict(), ensure_ascii=False, indent=2),
                       file_name="vergelijking.json", mime="application/json", key="dt_json")
    st.caption(t("dt_cli"))

# ---------------------------------------------------------------- who has been heard
st.divider()
st.header(t("dt_voices_title"))
st.write(t("dt_voices_intro"))
with user_errors():
    view.voices_section(voices.voices_store(store), include_private=private)
