"""Analyse: per buurt what there is and what is missing, in sentences, a table and a map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assetmap import schema, webmap
from assetmap.analysis import (
    DEFAULT_EPS_M,
    DEFAULT_MIN_SAMPLES,
    DEFAULT_THRESHOLD_M,
    analyse_layers,
    clusters,
    places_hotspots,
    public_table,
    report,
    ties,
)
from assetmap.webmap import analysis as webmap_analysis
from ui import cache
from ui import connect as vb_ties
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import page_guard
from ui.tables import csv_dialect_choice, styled

page_guard()

st.title(t("an_title"))
st.write(t("an_intro"))

store, buurten, layers, streets = cache.public_view_or_stop()

if len(buurten) == 0:
    st.info(t("no_buurten"))
    st.stop()

cfg = cache.config()
has_streets = streets is not None and len(streets) > 0

# ---------------------------------------------------------------- controls
with st.container(border=True):
    c1, c2, c3, c4 = st.columns([1.2, 1, 1, 1.6])
    with c1:
        threshold = st.slider(t("an_threshold"), 100, 1500, int(DEFAULT_THRESHOLD_M), 50,
                              key="an_threshold", help=t("an_threshold_help"))
        walk = st.checkbox(t("an_walk"), key="an_walk", disabled=not has_streets,
                           help=t("an_walk_help") if has_streets else t("an_walk_none"))
    with c2:
        eps = st.slider(t("an_eps"), 25, 500, int(DEFAULT_EPS_M), 25, key="an_eps",
                        help=t("an_eps_help"))
    with c3:
        min_samples = st.number_input(t("an_min_samples"), 2, 20, DEFAULT_MIN_SAMPLES, 1,
                                      key="an_min_samples")
    with c4:
        chosen = st.multiselect(t("an_layers"), list(schema.ASSET_LAYERS),
                                default=list(schema.ASSET_LAYERS), key="an_layers",
                                format_func=lambda n: webmap.layer_label(n, lang()))
        if not chosen:
            st.warning(t("an_no_layers"))
            st.stop()
        options = webmap_analysis.measure_columns(chosen)
        measure = st.selectbox(
            t("an_measure"), options, key="an_measure",
            format_func=lambda c: webmap_analysis.measure_info(
                c, threshold_m=threshold, lang=lang()).label)

graph = None
if walk and has_streets:
    from assetmap import routing

    with user_errors(warn=True):
        graph = routing.load_network(store)

with user_errors(stop=True):
    analysis = analyse_layers(buurten, {n: layers[n] for n in chosen}, threshold_m=threshold,
                              eps_m=eps, min_samples=int(min_samples), graph=graph)

table = public_table(analysis.gaps.table, shown=analysis.gaps.public_talents)
names = {str(c): (n if isinstance(n, str) and n else str(c)) for c, n in table["name"].items()}

# Gi* of all chosen places per 1,000 inhabitants, when there are enough buurten
spots = None
with user_errors(show=False) as spotted:
    spots = places_hotspots(table, buurten, chosen)
hot = spots.hot if spots else None

# ---------------------------------------------------------------- map
st.subheader(t("an_map"))
m = webmap_analysis.analysis_map(analysis, {n: layers[n] for n in chosen}, measure=measure,
                                 lang=lang(), static_url=cfg.static_url, streets=streets,
                                 hotspots=hot)
show_map(m, key="analyse_map", height=560)
st.caption(t("an_map_note"))

# ---------------------------------------------------------------- sentences
st.subheader(t("an_sentences"))
lines = report.sentences(analysis, hot=hot, lang=lang())
st.markdown("\n".join(f"- {s}" for s in lines))
with st.expander(t("an_copy")):
    st.code("\n".join(lines), language=None, wrap_lines=True)
    st.caption(t("an_sentences_help"))

# ---------------------------------------------------------------- table
st.subheader(t("an_table"))
view = pd.DataFrame(index=table.index)
view[t("buurt")] = [names[str(c)] for c in table.index]
view[t("an_inhabitants")] = table["inwoners"]
digits = {}
for layer in chosen:
    label = webmap.layer_label(layer, lang())
    view[label] = table[layer]
    for unit, key, d in (("per_1000", "an_per_1000", 2), ("per_km2", "an_per_km2", 1)):
        col = f"{label} {t(key)}"
        view[col] = table[f"{layer}_{unit}"].astype("Float64").round(d)
        digits[col] = d
unc_col = t("an_uncovered").format(d=threshold)
view[unc_col] = (table["uncovered_share"] * 100).round(0)
st.dataframe(styled(view, decimals={**digits, unc_col: 0}, percent=[unc_col]), width="stretch")
st.caption(t("an_table_note"))
download = view.reset_index()
dialect = csv_dialect_choice("an_csv_dialect")
csv_table = download if dialect == "excel-nl" else report.report_frame(analysis)
d1, d2, _ = st.columns([1, 1, 3])
d1.download_button(t("an_csv"), report.csv_bytes(csv_table, dialect=dialect),
                   file_name="analyse.csv", mime="text/csv", key="an_csv")
d2.download_button(t("an_xlsx"), report.xlsx_bytes(download), file_name="analyse.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="an_xlsx")

# ---------------------------------------------------------------- clusters and hot spots
st.subheader(t("an_clusters"))
cl = analysis.clusters.clusters
if len(cl):
    ct = pd.DataFrame({t("an_cluster_id"): cl["id"].astype(int),
                       t("an_cluster_size"): cl["size"].astype(int)})
    for layer in analysis.clusters.layers:
        ct[webmap.layer_label(layer, lang())] = cl[layer].astype(int)
    ct[t("an_cluster_buurten")] = [", ".join(names.get(c, c) for c in codes)
                                   for codes in cl["buurten"]]
    st.dataframe(ct, hide_index=True, width="stretch")
else:
    st.info(t("an_no_clusters"))

st.subheader(t("an_hotspots"))
if not spotted.ok:
    st.warning(spotted.message)
elif hot is None:
    st.info(t("an_hotspots_few").format(n=clusters.MIN_BUURTEN_GI, k=spots.known))
else:
    ht = pd.DataFrame({t("buurt"): [names.get(c, c) for c in hot.table.index],
                       t("an_spot_value"): hot.table["value"], "z": hot.table["z"],
                       "p": hot.table["p"],
                       t("an_spot_kind"): [t(f"an_spot_{s}") if s else "" for s in
                                           hot.table["spot"]]}, index=hot.table.index)
    st.caption(t("an_hotspots_measure"))
    st.dataframe(styled(ht, decimals={t("an_spot_value"): 2, "z": 2, "p": 3}), width="stretch")

# ---------------------------------------------------------------- ties (Putnam)
st.subheader(t("an_ties"))
st.caption(t("an_ties_help"))
with user_errors():
    vb_ties.ties_section(ties.ties_of_store(store))
