"""Session state set once per browser session, and the shared sidebar."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from assetmap.config import is_loopback_url, lan_address
from assetmap.store import new_token
from ui import cache
from ui.i18n import t


def init() -> None:
    cache.process_setup()
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


_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def contributor_token() -> str:
    """The resident's random token: from their personal link (``?mijn=…``) or this session."""
    q = st.query_params.get("mijn")
    if q and _TOKEN_RE.match(q) and q != st.session_state.get("contributor_token"):
        st.session_state["contributor_token"] = q
        st.session_state.pop(_NEW_TOKEN, None)
    if "contributor_token" not in st.session_state:
        st.session_state["contributor_token"] = new_token()
        st.session_state[_NEW_TOKEN] = True
    return st.session_state["contributor_token"]


_NEW_TOKEN = "_assetmap_token_made_here"


def may_have_entries() -> bool:
    """False while the token was made in this session and nothing was saved with it yet (a
    phone that just scanned the QR code): then 'my entries' need no reading."""
    return not st.session_state.get(_NEW_TOKEN)


def evening_code() -> str | None:
    """The join code of the evening this browser came in with (``?avond=CODE``)."""
    q = st.query_params.get("avond")
    if q:
        st.session_state["evening_code"] = q.strip().upper()[:12]
    return st.session_state.get("evening_code")


def keep_personal_link(token: str) -> None:
    """Put the token in the address bar, so a reload on a phone keeps 'my entries'. Called
    after every save: from now on the token may have entries."""
    st.session_state.pop(_NEW_TOKEN, None)
    if st.query_params.get("mijn") != token:
        st.query_params["mijn"] = token


def app_url() -> str:
    """Where phones reach this app: ``ASSETMAP_PUBLIC_URL``, else the host the browser used;
    when that is ``localhost`` and the server listens on every interface, this machine's LAN
    address. Check the result with :func:`assetmap.config.is_loopback_url`."""
    cfg = cache.config()
    if cfg.public_url:
        return cfg.public_url
    try:
        host = st.context.headers.get("Host") or "localhost:8501"
    except (AttributeError, RuntimeError):
        host = "localhost:8501"
    url = f"http://{host}/"
    if is_loopback_url(url) and _listens_everywhere():
        lan = _lan()
        if lan:
            port = urlsplit(url).port or st.get_option("server.port")
            return f"http://{lan}:{port}/"
    return url


def _listens_everywhere() -> bool:
    addr = st.get_option("server.address")
    return not addr or addr in ("0.0.0.0", "::")


@st.cache_data(ttl=60, show_spinner=False)
def _lan() -> str | None:
    return lan_address()
