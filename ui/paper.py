"""Helpers of the paper loop: the Van papier page (typing in worksheets) and the worksheet
button on the Afdrukken page."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from assetmap import i18n, printing
from assetmap.io import paper
from assetmap.io._common import ImportReport
from assetmap.paper_grid import CellPlacer, parse_cell, project_grid
from assetmap.printing.worksheet import find_evening
from assetmap.store import BaseStore
from assetmap.webmap.grid import grid_map
from ui import cache
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import app_url
from ui.text import md

EMPTY_ROWS = 12
_GEN = "paper_gen"  # bumped after a save: a new, empty editor
_DONE = "paper_done"  # the report of the last save, shown once
_SHEET = "ws_result"


# ---------------------------------------------------------------- Van papier
def cells(store: BaseStore) -> gpd.GeoDataFrame:
    """The cells of the project's worksheets (the grid kept with the project; when no sheet
    was printed yet the same grid a print would make, not stored)."""
    grid, _ = project_grid(store, save=False)
    return grid.cells()


def editor_key() -> str:
    """The key of the current rows editor (a new one after every save)."""
    return f"paper_rows_{st.session_state.get(_GEN, 0)}"


def rows_form() -> tuple[pd.DataFrame, str | None]:
    """The table to type in (cel, soort, naam, omschrijving; empty rows ready, more can be
    added) in a form with two buttons: show the cells on the map, or save.

    A form, because Streamlit's data editor can drop a cell typed while the page reruns, and
    without a form every cell typed reruns the page (with the map): the rows stay in the
    browser until a button is pressed.

    Returns
    -------
    rows : DataFrame
        The rows as typed (sent with the last button press).
    action : str or None
        ``"check"``, ``"save"`` or ``None`` (no button pressed in this run).
    """
    empty = pd.DataFrame({c: [""] * EMPTY_ROWS for c in paper.COLUMNS})
    config = {c: st.column_config.TextColumn(t(f"paper_col_{c}"), help=t(f"paper_help_{c}"),
                                             max_chars=120 if c != "omschrijving" else 2000)
              for c in paper.COLUMNS}
    with st.form(f"paper_form_{st.session_state.get(_GEN, 0)}", border=False):
        edited = st.data_editor(empty, key=editor_key(), num_rows="dynamic",
                                column_config=config, use_container_width=True, height=460,
                                hide_index=True)
        st.caption(t("paper_keys"))
        c1, c2 = st.columns(2)
        check = c1.form_submit_button(t("paper_check"), key="paper_check",
                                      icon=":material/map:")
        save = c2.form_submit_button(t("paper_save"), key="paper_save", type="primary",
                                     icon=":material/save:")
    rows = edited.reset_index(drop=True).fillna("")
    return rows, "save" if save else ("check" if check else None)


def highlight(rows: pd.DataFrame, known: set[str]) -> dict[str, list[str]]:
    """``{cell: ["rij 1", "rij 3"]}`` of the rows whose cell is on the grid (row numbers only:
    the map changes only when a cell changes, not with every name typed)."""
    out: dict[str, list[str]] = {}
    for i, row in enumerate(rows.to_dict("records"), start=1):
        cell = parse_cell(row.get("cel"))
        if cell in known:
            out.setdefault(cell, []).append(t("paper_row_tip", n=i))
    return out


def show_grid_map(store: BaseStore, grid_cells: gpd.GeoDataFrame, rows: pd.DataFrame) -> None:
    """The map with the grid, the cells of the typed rows filled."""
    hl = highlight(rows, set(grid_cells["cell"]))
    m = grid_map(grid_cells, store.buurten(), highlight=hl, streets=store.streets(),
                 lang=lang(), static_url=cache.config().static_url)
    show_map(m, key="paper_map", height=460)
    st.caption(t("paper_cells_shown", n=len(hl)) if hl else t("paper_no_cells"))


def check(store: BaseStore, grid_cells: gpd.GeoDataFrame, rows: pd.DataFrame
          ) -> paper.PaperBatch:
    """The rows checked as they would be saved (without storing anything)."""
    placer = CellPlacer(grid_cells, store.buurten())
    return paper.prepare(rows, placer, area=store.area(), first_row=1)


def show_problems(rep: ImportReport, rows: pd.DataFrame | None = None, *,
                  key: str = "paper_problems") -> None:
    """The rows that cannot be saved, with the cell and name typed and the reason."""
    if not rep.rejected:
        st.caption(t("paper_all_good") if rep.total else t("paper_nothing_yet"))
        return
    st.warning(t("paper_problems", n=len(rep.rejected)))
    typed = rows.to_dict("records") if rows is not None else []

    def typed_at(row: int, col: str) -> str:
        return str(typed[row - 1].get(col) or "") if 0 < row <= len(typed) else ""

    st.dataframe(pd.DataFrame({
        t("beheer_row"): [p.row for p in rep.rejected],
        t("paper_col_cel"): [typed_at(p.row, "cel") for p in rep.rejected],
        t("paper_col_naam"): [typed_at(p.row, "naam") for p in rep.rejected],
        t("beheer_reason"): [i18n.say(p.reason, lang()) for p in rep.rejected]}),
        hide_index=True, use_container_width=True, key=key)


def save(store: BaseStore, grid_cells: gpd.GeoDataFrame, rows: pd.DataFrame, *, status: str,
         sheet: str, evening: dict[str, Any] | None) -> None:
    """Store the good rows as one batch (after a backup); then an empty editor and the report."""
    with user_errors() as done:
        rep = paper.import_rows(store, rows, grid_cells, status=status,
                                sheet=sheet or None, evening=evening, first_row=1)
    if done.ok:
        st.session_state[_DONE] = rep
        if rep.imported:
            st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1
        st.rerun()


def last_report() -> None:
    """The report of the batch just saved (once)."""
    rep = st.session_state.pop(_DONE, None)
    if rep is None:
        return
    (st.success if rep.imported else st.warning)(rep.summary(lang()))
    if rep.rejected:
        show_problems(rep, key="paper_saved_problems")
    if rep.backup is not None:
        st.caption(t("beheer_backup_made").format(name=rep.backup.name))


# ---------------------------------------------------------------- Afdrukken: worksheet
def worksheet_section(store: BaseStore) -> None:
    """The worksheet button: paper, then a PDF to download and a preview."""
    st.subheader(t("ws_title"))
    st.write(t("ws_intro"))
    ev = None
    with user_errors():
        ev = find_evening(store, None)
    st.caption(t("ws_evening", title=md(ev["title"]), code=ev["join_code"]) if ev
               else t("ws_no_evening"))
    c1, c2 = st.columns([1, 3])
    size = c1.radio(t("print_paper"), ["A4", "A3"], key="ws_paper", horizontal=True)
    if c2.button(t("ws_make"), key="ws_make"):
        opts: dict[str, Any] = {"paper": size, "evening_code": ev["join_code"] if ev else None,
                                "base_url": app_url(), "lang": "en" if lang() == "en" else "nl"}
        with user_errors(t("print_error")), st.spinner("…"):
            pdf = printing.render_bytes(printing.worksheet, store, fmt="pdf", **opts)
            png = printing.render_bytes(printing.worksheet, store, fmt="png", dpi=70, **opts)
            st.session_state[_SHEET] = {"pdf": pdf, "preview": png, "paper": size}
    done = st.session_state.get(_SHEET)
    if done:
        st.download_button(t("ws_download"), done["pdf"],
                           file_name=f"werkblad-{done['paper']}.pdf", mime="application/pdf",
                           key="ws_download")
        st.image(done["preview"], width=500)
