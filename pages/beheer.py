"""Beheer: load your own buurt (CBS buurten, OpenStreetMap, spreadsheets), export, backups.

Only for facilitators. Every import shows a preview first and a per-row report after; the
project is backed up before anything is written. A project that does not exist yet is made by
its first buurten import. The import forms live in :mod:`ui.imports`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from assetmap import schema, webmap
from assetmap.io import export
from assetmap.store import BaseStore, is_database_url
from ui import auth, cache, imports
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import page_guard
from ui.tables import csv_dialect_choice

page_guard()

st.title(t("beheer_title"))
cfg = cache.config()

if not auth.is_facilitator():
    st.info(t("beheer_need_login"))
    auth.login_box()
    st.stop()
actor = auth.actor()


def _store() -> BaseStore | None:
    """The project store, or ``None`` when the project file does not exist yet."""
    if not is_database_url(cfg.project) and not Path(cfg.project).exists() and not cfg.is_demo:
        return None
    return cache.store()


def _project_map(store: BaseStore, key: str) -> None:
    b = store.buurten()
    if len(b) == 0:
        return
    layers = {layer: store.read(layer, status=("approved", "pending"))
              for layer in schema.POINT_LAYERS}
    m = webmap.build_map(layers, b, audience="facilitator", lang=lang(),
                         static_url=cfg.static_url)
    show_map(m, key=key, height=420)


# ---------------------------------------------------------------- export
def section_export(store: BaseStore) -> None:
    st.write(t("beheer_export_intro"))
    c1, c2 = st.columns(2)
    fmt = c1.selectbox(t("beheer_format"), list(export.FORMATS), key="beheer_export_fmt",
                       format_func=lambda f: t(f"beheer_fmt_{f}"))
    names = list(export.DEFAULT_LAYERS)
    layers = c2.multiselect(t("beheer_layers"), names, default=names, key="beheer_export_layers",
                            format_func=lambda n: schema.ALL_LAYERS[n].label(lang()))
    private = st.checkbox(t("beheer_private"), key="beheer_export_private",
                          help=t("beheer_private_help"))
    dialect = csv_dialect_choice("beheer_csv_dialect") if fmt == "csv" else "excel-nl"
    if not layers:
        return
    if st.button(t("beheer_make_export"), key="beheer_export_go"):
        with user_errors():
            st.session_state["beheer_export"] = export.export_bytes(
                store, fmt, layers=layers, include_private=private, csv_dialect=dialect)
    done = st.session_state.get("beheer_export")
    if done:
        st.download_button(t("beheer_download_file").format(name=done[1]), done[0],
                           file_name=done[1], key="beheer_export_dl")


# ---------------------------------------------------------------- backups
def section_backups(store: BaseStore) -> None:
    st.write(t("beheer_backups_intro"))
    if st.button(t("beheer_backup_now"), key="beheer_backup_now"):
        with user_errors():
            made = store.backup(reason="handmatig")
            st.success(t("beheer_backup_made").format(name=made.name))
    items = store.backups()
    if not items:
        st.info(t("beheer_no_backups"))
        return
    st.dataframe(pd.DataFrame({"nr": range(1, len(items) + 1),
                               t("beheer_when"): [b.local_label(lang()) for b in items],
                               "kB": [b.size // 1024 for b in items]}),
                 hide_index=True, use_container_width=True, height=200, key="beheer_backup_list")
    by_id = {b.id: (nr, b) for nr, b in enumerate(items, start=1)}
    chosen = st.selectbox(t("beheer_restore_pick"), list(by_id), key="beheer_restore_pick",
                          format_func=lambda i: f"{by_id[i][0]}. {by_id[i][1].local_label(lang())}")
    sure = st.checkbox(t("beheer_restore_sure"), key="beheer_restore_sure")
    if st.button(t("beheer_restore"), key="beheer_restore_go", disabled=not sure):
        with user_errors():
            undo = store.restore(chosen)
            st.success(t("beheer_restored").format(name=undo.name))


# ---------------------------------------------------------------- the page
store = _store()
if store is None:
    st.info(t("beheer_new_project").format(name=Path(cfg.project).name))
    imports.section_buurten(None, actor=actor)
    st.stop()

sections = ["buurten", "osm", "sheet", "export", "backups"]
section = st.radio(t("beheer_section"), sections, horizontal=True, key="beheer_section",
                   format_func=lambda s: t(f"beheer_sec_{s}"))
if section != "buurten" and len(store.buurten()) == 0:
    st.warning(t("beheer_buurten_first"))
if section == "export":
    section_export(store)
elif section == "backups":
    section_backups(store)
else:
    {"buurten": imports.section_buurten, "osm": imports.section_osm,
     "sheet": imports.section_sheet}[section](store, actor=actor)
st.session_state.pop("beheer_last_report", None)  # a report is shown once

with st.expander(t("beheer_project_map"), expanded=section in ("buurten", "osm", "sheet")):
    _project_map(store, key="beheer_map")
