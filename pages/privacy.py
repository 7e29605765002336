"""Privacy: a short statement in plain Dutch, and the facilitator's AVG tools
(inzageverzoek, verwijderen op verzoek, talenten opnieuw bevestigen)."""

from __future__ import annotations

import json

import streamlit as st

from assetmap import avg
from ui import auth, cache
from ui.errors import user_errors
from ui.i18n import t
from ui.state import page_guard
from ui.text import md

page_guard()
store = cache.store_or_stop()

st.title(t("priv_title"))
st.markdown(t("priv_statement"))

st.divider()
st.subheader(t("priv_tools"))
if auth.login_box():
    actor = auth.actor()
    st.markdown(f"**{t('priv_access')}**")
    token = avg.token_from(st.text_input(t("priv_token"), key="priv_token",
                                         help=t("priv_token_help")))
    data = None
    if token:
        with user_errors():
            data = avg.subject_access(store, token, actor=actor)
    if data is not None:
        n = sum(len(v) for v in data["entries"].values())
        st.write(t("priv_found").format(n=n))
        st.download_button(t("priv_download"), json.dumps(data, ensure_ascii=False, indent=2),
                           file_name="inzageverzoek.json", mime="application/json",
                           key="priv_dl")
        ok = st.checkbox(t("priv_erase_confirm").format(n=n), key="priv_erase_ok")
        if st.button(t("priv_erase"), key="priv_erase", disabled=not ok or n == 0):
            with user_errors():
                gone = avg.erase_contributor(store, token, actor=actor)
                st.success(t("priv_erased").format(n=gone))

    st.markdown(f"**{t('priv_stale')}**")
    stale = avg.stale_talents(store)
    if stale.empty:
        st.caption(t("priv_stale_none"))
    for _, row in stale.iterrows():
        c1, c2, c3 = st.columns([3, 1, 1])
        c1.write(f"{md(row['name'])} · {row['updated_at'][:10]}")
        if c2.button(t("priv_reconfirm"), key=f"priv_reconfirm_{row['id']}"):
            with user_errors():
                avg.reconfirm(store, row["id"], actor=actor)
                st.rerun()
        if c3.button(t("priv_delete"), key=f"priv_delete_{row['id']}"):
            with user_errors():
                store.delete("talents", row["id"], actor=actor)
                st.rerun()
