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


def page_guard() -> None:
    """Call first in every file in pages/.

    Streamlit has a legacy mode for apps with a ``pages/`` folder: when a fresh server's first
    visitor opens a deep link such as ``/kaart``, it runs ``pages/kaart.py`` on its own, without
    ``streamlit_app.py`` (no ``st.navigation``, no sidebar, no set-up). We keep the ``pages/``
    layout of DESIGN.md, so we detect that case (the entrypoint marks every run it makes) and
    switch the server to ``st.navigation`` mode before running again.
    """
    if st.session_state.get(_ENTRY_MARK):
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
    except ImportError:  # pragma: no cover - a Streamlit without the legacy flag
        return
    st.rerun()


_ENTRY_MARK = "_assetmap_entrypoint_ran"


def mark_entrypoint() -> None:
    st.session_state[_ENTRY_MARK] = True
