"""Van papier: a facilitator types in what residents wrote on worksheets.

One row per entry (cel, soort, naam, omschrijving), keyboard only: type, Tab to the next
column, Enter to confirm. "Toon op de kaart" fills the cells of the rows typed so far on the
map of the worksheet grid and lists the rows that cannot be saved, with the reason; "Sla op"
stores all good rows as one batch (``source=paper``, one contributor ``papier:…`` per sheet)
after a backup. Only for facilitators. Helpers in :mod:`ui.paper`, the rules in
:mod:`assetmap.io.paper`.
"""

from __future__ import annotations

import streamlit as st

from assetmap.printing.worksheet import find_evening
from ui import auth, cache
from ui import paper as paper_ui
from ui.errors import user_errors
from ui.i18n import t
from ui.state import page_guard

page_guard()

st.title(t("paper_title"))

if not auth.is_facilitator():
    st.info(t("paper_need_login"))
    auth.login_box()
    st.stop()

store = cache.store_or_stop()
with user_errors(stop=True):
    grid_cells = paper_ui.cells(store)

st.write(t("paper_intro"))
paper_ui.last_report()

evs = store.evenings()
labels = {r["id"]: f"{r['title']} · {r['date']} · {r['join_code']}" for _, r in evs.iterrows()}
open_ev = find_evening(store, None)
options = ["", *labels]
c1, c2, c3 = st.columns([2, 2, 2])
sheet = c1.text_input(t("paper_sheet"), key="paper_sheet", placeholder=t("paper_sheet_ph"),
                      help=t("paper_sheet_help")).strip()
ev_id = c2.selectbox(t("paper_evening"), options, key="paper_evening",
                     index=options.index(open_ev["id"]) if open_ev else 0,
                     format_func=lambda i: labels.get(i) or t("paper_no_evening"))
status = c3.radio(t("paper_status"), ["pending", "approved"], key="paper_status",
                  horizontal=True, format_func=lambda s: t(f"paper_status_{s}"))

left, right = st.columns([3, 2], gap="medium")
with left:
    rows, action = paper_ui.rows_form()
with right:
    paper_ui.show_grid_map(store, grid_cells, rows)

if action == "save":
    evening = store.evening(ev_id) if ev_id else None
    paper_ui.save(store, grid_cells, rows, status=status, sheet=sheet, evening=evening)
paper_ui.show_problems(paper_ui.check(store, grid_cells, rows).report, rows)
