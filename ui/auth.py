"""Facilitator login in the sidebar (password hash from the environment or secrets)."""

from __future__ import annotations

import secrets as pysecrets

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from assetmap.auth import LoginThrottle, configured_hash
from assetmap.errors import PermissionDeniedError
from assetmap.store import Actor
from ui.i18n import t

_KEY = "facilitator"


@st.cache_resource(show_spinner=False)
def _throttle() -> LoginThrottle:
    return LoginThrottle()


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except (FileNotFoundError, KeyError, StreamlitSecretNotFoundError):
        return {}


def _session_key() -> str:
    """Who is trying: the client's address when Streamlit knows it (a new browser session does
    not reset the delay), else this session."""
    ip = getattr(st.context, "ip_address", None)
    if ip:
        return f"ip:{ip}"
    if "_login_key" not in st.session_state:
        st.session_state["_login_key"] = pysecrets.token_hex(8)
    return st.session_state["_login_key"]


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
            good = _throttle().check(_session_key(), pw, stored)
        except PermissionDeniedError as exc:
            st.error(str(exc))
            return False
        if good:
            st.session_state[_KEY] = True
            st.rerun()
        st.error(t("wrong_password"))
    return False
