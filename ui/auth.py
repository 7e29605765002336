"""Facilitator login in the sidebar (password hash from the environment or secrets)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from assetmap.auth import LoginThrottle, MemoryThrottles, client_key, configured_hash
from assetmap.errors import AssetMapError, PermissionDeniedError
from assetmap.store import Actor, BaseStore, is_database_url
from ui import cache
from ui.i18n import lang, t

_KEY = "facilitator"


@st.cache_resource(show_spinner=False)
def _memory_throttles() -> MemoryThrottles:
    return MemoryThrottles()


def _throttles() -> BaseStore | MemoryThrottles:
    """Where failed logins are counted: the project store (shared by every app process), or
    this process's memory while the project file does not exist yet (Beheer makes it); when
    the app serves several projects, the first of them."""
    cfg = cache.config()
    if cfg.multi:
        # one login for every project of this app, so one place for its failures: the first
        # project (else switching projects would give a new set of attempts)
        from ui import projects

        with cache.project_errors():
            return cache.store_for(next(iter(projects.listing(cfg).values())), False)
    if not cfg.is_demo and not is_database_url(cfg.project) and not Path(cfg.project).exists():
        return _memory_throttles()
    return cache.store_or_stop()


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except (FileNotFoundError, KeyError, StreamlitSecretNotFoundError):
        return {}


def _client_key() -> str:
    """Who is trying: the client's address (from the forwarded header of a trusted proxy, see
    ``ASSETMAP_TRUSTED_PROXY``), else one key for all: never something the browser can reset."""
    cfg = cache.config()
    try:
        peer = st.context.ip_address
        headers = dict(st.context.headers)
    except (AttributeError, RuntimeError):  # pragma: no cover - outside a session
        peer, headers = None, {}
    return client_key(peer, headers, trusted_proxies=cfg.trusted_proxies,
                      header=cfg.forwarded_header)


def is_facilitator() -> bool:
    return bool(st.session_state.get(_KEY))


def actor() -> Actor:
    """The facilitator actor; call only after ``is_facilitator()``."""
    if not is_facilitator():
        raise PermissionDeniedError(t("need_login"))
    return Actor(token="opbouwwerker", facilitator=True)


def login_box() -> bool:
    """Password form for facilitators; returns True when logged in."""
    if is_facilitator():
        st.success(t("logged_in"))
        if st.button(t("logout"), key="logout"):
            st.session_state[_KEY] = False
            st.rerun()
        return True
    stored = configured_hash(secrets_map=_secrets())
    if not stored:
        st.info(t("no_password_configured"))
        return False
    with st.form("login"):
        pw = st.text_input(t("password"), type="password", key="login_pw")
        ok = st.form_submit_button(t("login"))
    if ok:
        try:
            throttle = LoginThrottle(base_delay_s=cache.config().login_delay_s)
            good = throttle.check(_throttles(), _client_key(), pw, stored)
        except AssetMapError as exc:  # throttled, or the project could not count the attempt
            st.error(exc.text(lang()))
            return False
        if good:
            st.session_state[_KEY] = True
            st.rerun()
        st.error(t("wrong_password"))
    return False
