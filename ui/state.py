"""Session state set once per browser session, and the shared sidebar."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

from assetmap import i18n
from assetmap.config import Config, is_loopback_url, lan_address
from assetmap.store import is_resident_token, new_token
from ui import cache, style
from ui.i18n import t


def init() -> None:
    cache.process_setup()
    # the join link may carry the language: ?taal=tr (or ?lang=en); set it before the project
    # is looked up (cache.config), so that a wrong project name is said in that language too
    q = (st.query_params.get("taal") or st.query_params.get("lang") or "").lower()
    if q in i18n.available() and q != st.session_state.get("_lang_from_link"):
        st.session_state["lang"] = st.session_state["_lang_from_link"] = q
    if st.session_state.get("lang") not in i18n.available():
        st.session_state["lang"] = Config.from_env().lang
    cache.config()
    cache.static_assets()


def sidebar() -> None:
    cfg = cache.config()
    with st.sidebar:
        st.radio(t("language"), list(i18n.available()), key="lang", horizontal=True,
                 format_func=lambda v: i18n.LANG_NAMES.get(v, v))
        if cfg.multi:
            from ui import projects

            projects.chooser(cfg)
        else:
            st.caption(f"**{t('project')}:** `{Path(cfg.project).name}`")
        if cfg.is_demo:
            st.caption(t("demo_note"))
        style.page_language(st.session_state.get("lang", "nl"))


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


def contributor_token() -> str:
    """The resident's random token: from their personal link (``?mijn=…``) or this session.

    A join link (``?avond=CODE``) never adopts a token from its address, even when one was
    added to it (a crafted QR code ``?avond=CODE&mijn=T``, a forwarded link): the token is
    dropped from the address and this session keeps its own (issue 12).
    """
    q = st.query_params.get("mijn")
    if q and st.query_params.get("avond"):
        del st.query_params["mijn"]
        q = None
    if q and is_resident_token(q) and q != st.session_state.get("contributor_token"):
        st.session_state["contributor_token"] = q
        st.session_state.pop(_NEW_TOKEN, None)
        st.session_state[_FROM_LINK] = True
    if "contributor_token" not in st.session_state:
        new_person()
    return st.session_state["contributor_token"]


_NEW_TOKEN = "_assetmap_token_made_here"
_FROM_LINK = "_assetmap_token_from_link"


def new_person() -> str:
    """Start a fresh token in this session ("Ik ben iemand anders"): on a shared tablet the
    next person sees none of the entries of the one before. The personal link leaves the
    address bar."""
    st.session_state["contributor_token"] = new_token()
    st.session_state[_NEW_TOKEN] = True
    st.session_state.pop(_FROM_LINK, None)
    if st.query_params.get("mijn"):
        del st.query_params["mijn"]
    return st.session_state["contributor_token"]


def opened_personal_link() -> bool:
    """Whether this session's token came from a personal link (``?mijn=…``)."""
    return bool(st.session_state.get(_FROM_LINK))


def may_have_entries() -> bool:
    """False while the token was made in this session and nothing was saved with it yet (a
    phone that just scanned the QR code): then 'my entries' need no reading."""
    return not st.session_state.get(_NEW_TOKEN)


def evening_code() -> str | None:
    """The join code of the evening this browser came in with (``?avond=CODE``); only the
    letters and digits of a code are kept (the value comes from a link anyone can make)."""
    q = st.query_params.get("avond")
    if q:
        st.session_state["evening_code"] = re.sub(r"[^A-Z0-9]", "", q.upper())[:12] or None
    return st.session_state.get("evening_code")


def evening_query(code: str) -> str:
    """``avond=CODE`` for a link to an evening (with ``project=NAME`` when the app serves
    several projects)."""
    name = cache.config().project_name
    return urlencode({**({"project": name} if name else {}), "avond": code})


def saved_with_token() -> None:
    """Called after every save: from now on the token may have entries. The address bar is
    left alone: the join link stays the join link (the personal link is shown on the page,
    see :func:`personal_link`)."""
    st.session_state.pop(_NEW_TOKEN, None)


def personal_link(token: str) -> str:
    """This resident's personal link (``…/toevoegen?mijn=TOKEN``)."""
    from assetmap.evening import personal_url

    return personal_url(app_url(), token)


def app_url() -> str:
    """Where phones reach this app: ``ASSETMAP_PUBLIC_URL``, else the host the browser used;
    when that is ``localhost`` and the server listens on every interface, this machine's LAN
    address (with ``?project=NAME`` when the app serves several projects). Check the result
    with :func:`assetmap.config.is_loopback_url`."""
    cfg = cache.config()
    if cfg.public_url:
        base = cfg.public_url
    else:
        try:
            host = st.context.headers.get("Host") or "localhost:8501"
        except (AttributeError, RuntimeError):
            host = "localhost:8501"
        base = f"http://{host}/"
        if is_loopback_url(base) and _listens_everywhere():
            lan = _lan()
            if lan:
                port = urlsplit(base).port or st.get_option("server.port")
                base = f"http://{lan}:{port}/"
    if cfg.project_name:  # the app serves several projects: links name this one
        return f"{base.rstrip('/')}/?{urlencode({'project': cfg.project_name})}"
    return base


def _listens_everywhere() -> bool:
    addr = st.get_option("server.address")
    return not addr or addr in ("0.0.0.0", "::")


@st.cache_data(ttl=60, show_spinner=False)
def _lan() -> str | None:
    return lan_address()
