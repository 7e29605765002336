"""assetmap: the Streamlit entrypoint. Pages live in pages/, helpers in ui/."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import t

st.set_page_config(page_title="assetmap", page_icon="🗺️", layout="wide",
                   initial_sidebar_state="auto")
state.init()
state.mark_entrypoint()

pages = [
    st.Page("pages/kaart.py", title=t("page_kaart"), icon="🗺️", url_path="kaart", default=True),
    # [page:toevoegen]
    # [page:themaavond]
    # [page:analyse]
    # [page:wijksafari]
    # [page:afdrukken]
    # [page:beheer]
]
nav = st.navigation(pages)
state.sidebar()
nav.run()
