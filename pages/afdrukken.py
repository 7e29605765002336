"""Afdrukken: choose paper, orientation, layers and buurt; see a preview; download the PDF.
Below it the worksheet (a map with a grid and a table to write on, :mod:`ui.paper`)."""

from __future__ import annotations

import streamlit as st

from assetmap import printing, schema, webmap
from ui import cache
from ui import paper as paper_ui
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.state import page_guard

page_guard()

RESULT_KEY = "print_result"
PREVIEW_DPI = 70

st.title(t("print_title"))
st.write(t("print_intro"))

with cache.project_errors():
    store = cache.store()
    buurten = store.buurten()

codes = list(buurten["code"]) if len(buurten) else []
names = dict(zip(buurten["code"], buurten["name"], strict=True)) if len(buurten) else {}

with st.form("print_form"):
    c1, c2, c3 = st.columns([1, 1, 2])
    with c1:
        paper = st.radio(t("print_paper"), ["A4", "A3"], key="print_paper", horizontal=True)
    with c2:
        orientation = st.radio(t("print_orientation"), ["portrait", "landscape"],
                               key="print_orientation", horizontal=True,
                               format_func=lambda v: t(f"print_{v}"))
    with c3:
        buurt = st.selectbox(t("print_buurt"), [""] + codes, key="print_buurt",
                             format_func=lambda c: f"{names.get(c) or c} ({c})" if c
                             else t("print_all"))
    layers = st.multiselect(t("print_layers"), list(schema.POINT_LAYERS),
                            default=list(schema.ASSET_LAYERS), key="print_layers",
                            format_func=lambda k: webmap.layer_label(k, lang()))
    title = st.text_input(t("print_map_title"), value=t("print_default_title"),
                          key="print_map_title", max_chars=80)
    qr = st.text_input(t("print_qr"), key="print_qr", placeholder="https://…").strip()
    made = st.form_submit_button(t("print_make"), type="primary")
st.caption(t("print_privacy"))

if made:
    if not layers:
        st.warning(t("print_no_layers"))
        st.stop()
    opts = {"paper": paper, "orientation": orientation, "buurt": buurt or None,
            "layers": layers, "title": title.strip() or None, "qr_url": qr or None,
            "lang": "en" if lang() == "en" else "nl"}  # the print in the page's language
    with user_errors(t("print_error"), stop=True), st.spinner("…"):
        pdf = printing.render_bytes(printing.print_project, store, fmt="pdf", **opts)
        preview = printing.render_bytes(printing.print_project, store, fmt="png",
                                        dpi=PREVIEW_DPI, **opts)
    st.session_state[RESULT_KEY] = {"pdf": pdf, "preview": preview, "opts": opts,
                                    "pages": printing.pdf_page_count(pdf)}

result = st.session_state.get(RESULT_KEY)
if result:
    o = result["opts"]
    stem = f"buurtkaart-{o['paper']}-{o['orientation']}" + (f"-{o['buurt']}" if o["buurt"]
                                                             else "")
    st.download_button(t("print_download"), result["pdf"], file_name=f"{stem}.pdf",
                       mime="application/pdf", key="print_download", type="primary")
    if result["pages"] > 1:
        st.info(t("print_more_pages"))
    st.subheader(t("print_preview"))
    st.image(result["preview"], width=700)

st.divider()
paper_ui.worksheet_section(store)
