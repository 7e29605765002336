"""The import forms of the Beheer page: buurten (file or PDOK), OpenStreetMap, spreadsheets.

Each form shows a preview first and the report of the import after (once, next to the button
that started it); the project is backed up by the importer before anything is written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from assetmap import i18n, schema
from assetmap.errors import AssetMapError
from assetmap.io import cbs, osm_assets, pdok, tabular
from assetmap.io._common import MAX_UPLOAD_BYTES, ImportReport
from assetmap.store import Actor, BaseStore, GpkgStore
from ui import cache
from ui.errors import user_errors
from ui.i18n import lang, t

_REPORT_KEY = "beheer_last_report"
_BUURTEN_KEY = "beheer_buurten_gdf"
_MAIN_TARGETS = ("name", "description", "lat", "lon", "x", "y", "address", "street",
                 "housenumber", "postcode", "city")


# ---------------------------------------------------------------- uploads and reports
def checked_upload(upload: Any) -> Any:
    """``upload`` (a Streamlit file upload) when it is at most 50 MB, else ``AssetMapError``."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise AssetMapError(t("beheer_too_big").format(name=upload.name,
                                                       mb=upload.size // (1024 * 1024)))
    return upload


@contextmanager
def _saved_upload(upload: Any) -> Iterator[Path]:
    """An upload written to a private temp folder under its own name, for the length of the
    ``with`` block only: the folder goes away afterwards, also on an error or a rerun (an
    upload may hold personal data). Refuses > 50 MB."""
    checked_upload(upload)
    with tempfile.TemporaryDirectory(prefix="assetmap-upload-") as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        yield path


def _done(section: str, rep: ImportReport) -> None:
    """Keep the report for the next run (shown once) and run the page again."""
    st.session_state[_REPORT_KEY] = (section, rep)
    st.rerun()


def _report_here(section: str) -> None:
    """Show the report of the import just done, next to the button that started it."""
    done = st.session_state.get(_REPORT_KEY)
    if done is None or done[0] != section:
        return
    rep = done[1]
    (st.success if rep.imported else st.warning)(rep.summary(lang()))
    for note in rep.notes:
        st.caption(i18n.say(note, lang()))
    if rep.rejected:
        reasons = [i18n.say(p.reason, lang()) for p in rep.rejected]
        st.dataframe(pd.DataFrame({t("beheer_row"): [p.row for p in rep.rejected],
                                   t("beheer_reason"): reasons}),
                     hide_index=True, use_container_width=True, key="beheer_rejected")
    if rep.backup is not None:
        st.caption(t("beheer_backup_made").format(name=rep.backup.name))


# ---------------------------------------------------------------- buurten
def _forget_preview() -> None:
    st.session_state.pop(_BUURTEN_KEY, None)


def section_buurten(store: BaseStore | None, *, actor: Actor) -> None:
    """Buurten from a CBS file or from PDOK: preview, then replace the project's buurten."""
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
            with user_errors(on_error=_forget_preview), _saved_upload(upload) as path:
                gdf = cbs.read_buurten(path, gemeente=gemeente, wijk=wijk, notes=notes)
                st.session_state[_BUURTEN_KEY] = (gdf, notes, upload.name)
    else:
        level = c2.radio(t("beheer_level"), ["buurten", "wijken"], horizontal=True,
                         key="beheer_level")
        if st.button(t("beheer_download"), key="beheer_pdok_download", disabled=not gemeente):
            with user_errors(on_error=_forget_preview), st.spinner(t("beheer_downloading")):
                gdf = pdok.download_buurten(gemeente or "", level=level)
                st.session_state[_BUURTEN_KEY] = (gdf, [], f"PDOK {gemeente}")
    pending = st.session_state.get(_BUURTEN_KEY)
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
        with user_errors():
            if store is None:  # the first import makes the project file
                schema.validate_buurten(gdf)
                GpkgStore(Path(cache.config().project), create=True).close()
                cache.store_for.clear()
                store = cache.store()
            rep = cbs.set_buurten(store, gdf, report=ImportReport(notes=list(notes)),
                                  actor=actor)
            _forget_preview()
            _done("buurten", rep)


# ---------------------------------------------------------------- OpenStreetMap
def section_osm(store: BaseStore, *, actor: Actor) -> None:
    """Places from an OpenStreetMap file or from Overpass (the project's area)."""
    st.write(t("beheer_osm_intro"))
    rules = osm_assets.OSM_MAPPING
    st.dataframe(pd.DataFrame({
        "OpenStreetMap": [f"{r.tag}={r.value or '*'}" for r in rules],
        t("beheer_layer"): [schema.LAYERS[r.layer].label(lang()) for r in rules],
        t("beheer_kind"): [dict(r.fixed).get("kind", "") for r in rules]}),
        hide_index=True, use_container_width=True, height=180, key="beheer_osm_table")
    upload = st.file_uploader(t("beheer_osm_file"), key="beheer_osm_file",
                              type=["osm", "pbf", "json", "xml", "bz2"])
    c1, c2 = st.columns(2)
    with user_errors():
        if c1.button(t("beheer_import_osm"), key="beheer_osm_go", type="primary",
                     disabled=upload is None):
            with _saved_upload(upload) as path:
                rep = osm_assets.import_osm(store, path, actor=actor)
            _done("osm", rep)
        if c2.button(t("beheer_overpass"), key="beheer_overpass_go"):
            bounds = tuple(store.buurten().total_bounds)
            with st.spinner(t("beheer_downloading")):
                feats = osm_assets.fetch_overpass(bounds)
            _done("osm", osm_assets.import_osm(store, features=feats, actor=actor))
    _report_here("osm")


# ---------------------------------------------------------------- spreadsheets
def _target_label(layer: str, target: str) -> str:
    spec = schema.LAYERS[layer]
    return spec.get(target).label(lang()) if spec.has(target) else t(f"beheer_t_{target}")


def columns_top_to_bottom(items: Sequence[str], k: int) -> list[list[str]]:
    """``items`` in ``k`` columns filled top to bottom (not row by row): on a phone Streamlit
    stacks the columns, and the fields must then still come in their own order."""
    per_col = max(1, -(-len(items) // k))
    return [list(items[i:i + per_col]) for i in range(0, len(items), per_col)]


def _mapping_widgets(df: pd.DataFrame, layer: str) -> dict[str, str]:
    """A column of the sheet for each field (the best guess preselected); empty = unused."""
    st.subheader(t("beheer_mapping"))
    st.caption(t("beheer_mapping_help"))
    guess = tabular.guess_mapping(list(df.columns), layer)
    options = ["", *df.columns]
    extra = [x for x in tabular.targets(layer) if x not in _MAIN_TARGETS and x != "suffix"]
    mapping: dict[str, str] = {}

    def pick(targets: list[str] | tuple[str, ...]) -> None:
        cols = st.columns(4)
        groups = columns_top_to_bottom(targets, 4)
        for col, target in [(c, x) for c, g in zip(cols, groups, strict=False) for x in g]:
            mapping[target] = col.selectbox(
                _target_label(layer, target), options, key=f"beheer_map_{layer}_{target}",
                index=options.index(guess[target]) if target in guess else 0,
                format_func=lambda v: v or t("beheer_unused"))

    pick(_MAIN_TARGETS)
    with st.expander(t("beheer_more_fields"), expanded=False):
        pick(extra)
    if "suffix" in guess:
        mapping["suffix"] = guess["suffix"]
    return {k: v for k, v in mapping.items() if v}


def section_sheet(store: BaseStore, *, actor: Actor) -> None:
    """Places of one layer from a spreadsheet: preview, column mapping, import."""
    st.write(t("beheer_sheet_intro"))
    layer = st.selectbox(t("beheer_layer"), list(schema.ASSET_LAYERS), key="beheer_sheet_layer",
                         format_func=lambda n: schema.LAYERS[n].label(lang()))
    upload = st.file_uploader(t("beheer_sheet_file"), key="beheer_sheet_file",
                              type=["csv", "txt", "xlsx", "json", "geojson", "gpkg"])
    if upload is None:
        return
    df = None
    with user_errors():
        df = _read_sheet(checked_upload(upload).getvalue(), upload.name)
    if df is None:
        return
    st.subheader(t("beheer_preview_of").format(n=len(df), source=upload.name))
    preview = df.head(20).copy()
    preview.index = range(2, len(preview) + 2)  # the spreadsheet's own row numbers
    st.dataframe(preview, use_container_width=True, height=220, key="beheer_sheet_preview")
    mapping = _mapping_widgets(df, layer)
    use_pdok = st.checkbox(t("beheer_use_pdok"), value=True, key="beheer_use_pdok")
    if st.button(t("beheer_import_sheet"), type="primary", key="beheer_sheet_go"):
        with user_errors():
            _done("sheet", tabular.import_frame(store, df, layer, mapping,
                                                geocoder=pdok.geocoder() if use_pdok else None,
                                                actor=actor))
    _report_here("sheet")


@st.cache_data(show_spinner=False, max_entries=4)
def _read_sheet(data: bytes, name: str) -> pd.DataFrame:
    return tabular.read_table(data, filename=name)
