"""Beheer: load your own buurt (CBS buurten, OpenStreetMap, spreadsheets), export, backups.

Only for facilitators. Every import shows a preview first and a per-row report after; the
project is backed up before anything is written. A project that does not exist yet is made by
its first buurten import.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from assetmap import backup, schema, webmap
from assetmap.errors import AssetMapError
from assetmap.io import cbs, export, osm_assets, pdok, tabular
from assetmap.io._common import MAX_UPLOAD_BYTES, ImportReport
from assetmap.store import GpkgStore
from ui import auth, cache
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import page_guard

page_guard()

st.title(t("beheer_title"))
cfg = cache.config()
project_path = Path(cfg.project)

if not auth.is_facilitator():
    st.info(t("beheer_need_login"))
    auth.login_box()
    st.stop()
actor = auth.actor()


def _store():
    """The project store, or ``None`` when the project file does not exist yet."""
    from assetmap.store import is_database_url

    if not is_database_url(cfg.project) and not project_path.exists() and not cfg.is_demo:
        return None
    return cache.store()


def _save_upload(upload) -> Path:
    """Write an upload to a private temp folder under its own name; refuse > 50 MB."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise AssetMapError(t("beheer_too_big").format(name=upload.name,
                                                       mb=upload.size // (1024 * 1024)))
    folder = Path(st.session_state.setdefault("_beheer_tmp", tempfile.mkdtemp(
        prefix="assetmap-upload-")))
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    return path


def _report_here(section: str) -> None:
    """Show the report of the import just done, next to the button that started it."""
    done = st.session_state.get("beheer_last_report")
    if done is not None and done[0] == section:
        _show_report(done[1])


def _show_report(rep: ImportReport) -> None:
    if rep.imported:
        st.success(rep.summary())
    else:
        st.warning(rep.summary())
    for note in rep.notes:
        st.caption(note)
    if rep.rejected:
        st.dataframe(pd.DataFrame({t("beheer_row"): [p.row for p in rep.rejected],
                                   t("beheer_reason"): [p.reason for p in rep.rejected]}),
                     hide_index=True, use_container_width=True, key="beheer_rejected")
    if rep.backup is not None:
        st.caption(t("beheer_backup_made").format(name=rep.backup.name))


def _project_map(store, key: str) -> None:
    b = store.buurten()
    if len(b) == 0:
        return
    layers = {layer: store.read(layer, status=("approved", "pending"))
              for layer in schema.ASSET_LAYERS}
    m = webmap.build_map(layers, b, audience="facilitator", lang=lang(),
                         static_url=cfg.static_url)
    show_map(m, key=key, height=420)


# ---------------------------------------------------------------- buurten
def section_buurten(store) -> None:
    st.write(t("beheer_buurten_intro"))
    how = st.radio(t("beheer_buurten_how"), ["file", "pdok"], horizontal=True,
                   key="beheer_buurten_how", format_func=lambda v: t(f"beheer_how_{v}"))
    c1, c2 = st.columns(2)
    gemeente = c1.text_input(t("beheer_gemeente"), key="beheer_gemeente",
                             help=t("beheer_gemeente_help")).strip() or None
    if how == "file":
        wijk = c2.text_input(t("beheer_wijk"), key="beheer_wijk").strip() or None
        upload = st.file_uploader(t("beheer_buurten_file"), key="beheer_buurten_file",
                                  type=["gpkg", "geojson", "json", "zip"])
        if upload is not None and st.button(t("beheer_preview"), key="beheer_buurten_preview"):
            notes: list[str] = []
            try:
                gdf = cbs.read_buurten(_save_upload(upload), gemeente=gemeente, wijk=wijk,
                                       notes=notes)
                st.session_state["beheer_buurten_gdf"] = (gdf, notes, upload.name)
            except AssetMapError as exc:
                st.session_state.pop("beheer_buurten_gdf", None)
                st.error(str(exc))
    else:
        level = c2.radio(t("beheer_level"), ["buurten", "wijken"], horizontal=True,
                         key="beheer_level")
        if st.button(t("beheer_download"), key="beheer_pdok_download", disabled=not gemeente):
            try:
                with st.spinner(t("beheer_downloading")):
                    gdf = pdok.download_buurten(gemeente or "", level=level)
                st.session_state["beheer_buurten_gdf"] = (gdf, [], f"PDOK {gemeente}")
            except AssetMapError as exc:
                st.session_state.pop("beheer_buurten_gdf", None)
                st.error(str(exc))
    pending = st.session_state.get("beheer_buurten_gdf")
    if pending is None:
        _report_here("buurten")
        return
    gdf, notes, source = pending
    st.subheader(t("beheer_preview_of").format(n=len(gdf), source=source))
    for note in notes:
        st.caption(note)
    table = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    st.dataframe(table[["code", "name", "wijk_code", "gemeente", "inwoners"]],
                 hide_index=True, use_container_width=True, height=220,
                 key="beheer_buurten_table")
    if store is not None and len(store.buurten()):
        st.warning(t("beheer_replace_warning").format(n=len(store.buurten())))
    if st.button(t("beheer_import_buurten"), type="primary", key="beheer_buurten_go"):
        try:
            if store is None:
                schema.validate_buurten(gdf)
                store = GpkgStore(project_path, create=True)
                store.close()
                cache.store_for.clear()
                store = cache.store()
            rep = cbs.set_buurten(store, gdf, report=ImportReport(notes=list(notes)),
                                  actor=actor)
            st.session_state.pop("beheer_buurten_gdf", None)
            st.session_state["beheer_last_report"] = ("buurten", rep)
            st.rerun()
        except AssetMapError as exc:
            st.error(str(exc))


# ---------------------------------------------------------------- OpenStreetMap
def section_osm(store) -> None:
    st.write(t("beheer_osm_intro"))
    st.dataframe(pd.DataFrame({
        "OpenStreetMap": [f"{r.tag}={r.value or '*'}" for r in osm_assets.OSM_MAPPING],
        t("beheer_layer"): [schema.LAYERS[r.layer].label_nl if lang() == "nl"
                            else schema.LAYERS[r.layer].label_en for r in osm_assets.OSM_MAPPING],
        t("beheer_kind"): [dict(r.fixed).get("kind", "") for r in osm_assets.OSM_MAPPING]}),
        hide_index=True, use_container_width=True, height=180, key="beheer_osm_table")
    upload = st.file_uploader(t("beheer_osm_file"), key="beheer_osm_file",
                              type=["osm", "pbf", "json", "xml", "bz2"])
    c1, c2 = st.columns(2)
    rep = None
    try:
        if c1.button(t("beheer_import_osm"), key="beheer_osm_go", type="primary",
                     disabled=upload is None):
            rep = osm_assets.import_osm(store, _save_upload(upload), actor=actor)
        if c2.button(t("beheer_overpass"), key="beheer_overpass_go"):
            bounds = tuple(store.buurten().total_bounds)
            with st.spinner(t("beheer_downloading")):
                feats = osm_assets.fetch_overpass(bounds)
            rep = osm_assets.import_osm(store, features=feats, actor=actor)
    except AssetMapError as exc:
        st.error(str(exc))
    if rep is not None:
        st.session_state["beheer_last_report"] = ("osm", rep)
        st.rerun()
    _report_here("osm")


# ---------------------------------------------------------------- spreadsheets
_MAIN_TARGETS = ("name", "description", "lat", "lon", "x", "y", "address", "street",
                 "housenumber", "postcode", "city")


def _target_label(layer: str, target: str) -> str:
    spec = schema.LAYERS[layer]
    if spec.has(target):
        f = spec.get(target)
        return f.label_nl if lang() == "nl" else f.label_en
    return t(f"beheer_t_{target}")


def section_sheet(store) -> None:
    st.write(t("beheer_sheet_intro"))
    layer = st.selectbox(t("beheer_layer"), list(schema.ASSET_LAYERS), key="beheer_sheet_layer",
                         format_func=lambda n: schema.LAYERS[n].label_nl if lang() == "nl"
                         else schema.LAYERS[n].label_en)
    upload = st.file_uploader(t("beheer_sheet_file"), key="beheer_sheet_file",
                              type=["csv", "txt", "xlsx", "json", "geojson", "gpkg"])
    if upload is None:
        return
    try:
        if upload.size > MAX_UPLOAD_BYTES:
            raise AssetMapError(t("beheer_too_big").format(name=upload.name,
                                                           mb=upload.size // (1024 * 1024)))
        df = _read_sheet(upload.getvalue(), upload.name)
    except AssetMapError as exc:
        st.error(str(exc))
        return
    st.subheader(t("beheer_preview_of").format(n=len(df), source=upload.name))
    preview = df.head(20).copy()
    preview.index = range(2, len(preview) + 2)  # the spreadsheet's own row numbers
    st.dataframe(preview, use_container_width=True, height=220, key="beheer_sheet_preview")

    st.subheader(t("beheer_mapping"))
    st.caption(t("beheer_mapping_help"))
    guess = tabular.guess_mapping(list(df.columns), layer)
    options = ["", *df.columns]

    def shown(v: str) -> str:
        return v or t("beheer_unused")

    mapping: dict[str, str] = {}
    extra = [x for x in tabular.targets(layer) if x not in _MAIN_TARGETS and x != "suffix"]
    cols = st.columns(4)
    for i, target in enumerate(_MAIN_TARGETS):
        mapping[target] = cols[i % 4].selectbox(
            _target_label(layer, target), options, key=f"beheer_map_{layer}_{target}",
            index=options.index(guess[target]) if target in guess else 0, format_func=shown)
    with st.expander(t("beheer_more_fields"), expanded=False):
        cols = st.columns(4)
        for i, target in enumerate(extra):
            mapping[target] = cols[i % 4].selectbox(
                _target_label(layer, target), options, key=f"beheer_map_{layer}_{target}",
                index=options.index(guess[target]) if target in guess else 0,
                format_func=shown)
    if "suffix" in guess:
        mapping["suffix"] = guess["suffix"]
    mapping = {k: v for k, v in mapping.items() if v}
    use_pdok = st.checkbox(t("beheer_use_pdok"), value=True, key="beheer_use_pdok")
    if st.button(t("beheer_import_sheet"), type="primary", key="beheer_sheet_go"):
        try:
            rep = tabular.import_frame(store, df, layer, mapping,
                                       geocoder=pdok.geocoder() if use_pdok else None,
                                       actor=actor)
            st.session_state["beheer_last_report"] = ("sheet", rep)
            st.rerun()
        except AssetMapError as exc:
            st.error(str(exc))
    _report_here("sheet")


@st.cache_data(show_spinner=False, max_entries=4)
def _read_sheet(data: bytes, name: str) -> pd.DataFrame:
    return tabular.read_table(data, filename=name)


# ---------------------------------------------------------------- export
def section_export(store) -> None:
    st.write(t("beheer_export_intro"))
    c1, c2 = st.columns(2)
    fmt = c1.selectbox(t("beheer_format"), list(export.FORMATS), key="beheer_export_fmt",
                       format_func=lambda f: t(f"beheer_fmt_{f}"))
    names = [*schema.ASSET_LAYERS, "buurten"]
    layers = c2.multiselect(t("beheer_layers"), names, default=names, key="beheer_export_layers",
                            format_func=lambda n: schema.ALL_LAYERS[n].label_nl
                            if lang() == "nl" else schema.ALL_LAYERS[n].label_en)
    private = st.checkbox(t("beheer_private"), key="beheer_export_private",
                          help=t("beheer_private_help"))
    if not layers:
        return
    if st.button(t("beheer_make_export"), key="beheer_export_go"):
        try:
            data, name = _export_bytes(store, fmt, layers, private)
            st.session_state["beheer_export"] = (data, name)
        except AssetMapError as exc:
            st.error(str(exc))
    done = st.session_state.get("beheer_export")
    if done:
        st.download_button(t("beheer_download_file").format(name=done[1]), done[0],
                           file_name=done[1], key="beheer_export_dl")


def _export_bytes(store, fmt: str, layers: list[str], private: bool) -> tuple[bytes, str]:
    stem = Path(cfg.project).stem + ("-alles" if private else "-openbaar")
    with tempfile.TemporaryDirectory() as tmp:
        one = fmt in ("gpkg", "xlsx", "kml") or len(layers) == 1
        suffix = ".geojson" if fmt == "geojson" else f".{fmt}"
        out = Path(tmp) / (f"{stem}{suffix}" if one else stem)
        paths = export.export(store, fmt, out, layers=layers, include_private=private)
        if len(paths) == 1:
            return paths[0].read_bytes(), paths[0].name
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in paths:
                z.write(p, p.name)
        return buf.getvalue(), f"{stem}-{fmt}.zip"


# ---------------------------------------------------------------- backups
def section_backups(store) -> None:
    st.write(t("beheer_backups_intro"))
    if st.button(t("beheer_backup_now"), key="beheer_backup_now"):
        p = backup.make_backup(project_path, reason="handmatig")
        st.success(t("beheer_backup_made").format(name=p.name))
    items = backup.list_backups(project_path)
    if not items:
        st.info(t("beheer_no_backups"))
        return
    st.dataframe(pd.DataFrame({"nr": range(1, len(items) + 1),
                               t("beheer_when"): [b.label for b in items],
                               "kB": [b.size // 1024 for b in items]}),
                 hide_index=True, use_container_width=True, height=200, key="beheer_backup_list")
    by_name = {b.path.name: b for b in items}
    nr = {b.path.name: i for i, b in enumerate(items, start=1)}
    chosen = st.selectbox(t("beheer_restore_pick"), list(by_name), key="beheer_restore_pick",
                          format_func=lambda n: f"{nr[n]}. {by_name[n].label}")
    sure = st.checkbox(t("beheer_restore_sure"), key="beheer_restore_sure")
    if st.button(t("beheer_restore"), key="beheer_restore_go", disabled=not sure):
        try:
            undo = backup.restore(project_path, by_name[chosen].path, store=store)
            st.success(t("beheer_restored").format(name=undo.name))
        except AssetMapError as exc:
            st.error(str(exc))


# ---------------------------------------------------------------- the page
store = _store()
if store is None:
    st.info(t("beheer_new_project").format(name=project_path.name))
    section_buurten(None)
    st.stop()

sections = ["buurten", "osm", "sheet", "export", "backups"]
section = st.radio(t("beheer_section"), sections, horizontal=True, key="beheer_section",
                   format_func=lambda s: t(f"beheer_sec_{s}"))
if section != "buurten" and len(store.buurten()) == 0:
    st.warning(t("beheer_buurten_first"))
{"buurten": section_buurten, "osm": section_osm, "sheet": section_sheet,
 "export": section_export, "backups": section_backups}[section](store)
st.session_state.pop("beheer_last_report", None)  # a report is shown once

with st.expander(t("beheer_project_map"), expanded=section in ("buurten", "osm", "sheet")):
    _project_map(store, key="beheer_map")
