"""Session state set once per browser session, and the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import cache
from ui.i18n import t


def init() -> None:
    cfg = cache.config()
    if "lang" not in st.session_state:
        q = st.query_params.get("lang")
        st.session_state["lang"] = q if q in ("nl", "en") else cfg.lang
    cache.static_assets()


def sidebar() -> None:
    cfg = cache.config()
    with st.sidebar:
        st.radio(t("language"), ["nl", "en"], key="lang", horizontal=True,
                 format_func=lambda v: {"nl": "Nederlands", "en": "English"}[v])
        st.caption(f"**{t('project')}:** `{Path(cfg.project).name}`")
        if cfg.is_demo:
            st.caption(t("demo_note"))
