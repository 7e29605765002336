"""Several projects in one app (``ASSETMAP_PROJECTS_DIR`` / ``ASSETMAP_PROJECTS_DB``): which one
this browser session works in.

The choice comes from the link (``?project=NAME``, as in a join link), else the session's
earlier choice, else the first project; the facilitator switches in the sidebar. A name is only
ever looked up in the list (:func:`assetmap.projects.location`); an unknown one stops the page
with a message and opens nothing.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from assetmap import projects
from assetmap.config import Config

_KEY = "_assetmap_project"


@st.cache_data(ttl=15, show_spinner=False)
def _listing(folder: str | None, database: str | None) -> dict[str, str]:
    return projects.available(folder, database)


def listing(cfg: Config) -> dict[str, str]:
    """``{name: location}`` of the projects this app serves (read at most every 15 s)."""
    from ui.errors import user_errors

    with user_errors(stop=True):
        return _listing(cfg.projects_dir, cfg.projects_db)
    raise AssertionError("unreachable: the page stopped")  # pragma: no cover


def _switch(name: str) -> None:
    """Work in project ``name`` from now on; an evening code belongs to the project before."""
    if st.session_state.get(_KEY) != name:
        st.session_state[_KEY] = name
        st.session_state.pop("evening_code", None)


def apply(cfg: Config) -> Config:
    """``cfg`` with ``project`` set to the location of this session's project."""
    from ui.errors import user_errors
    from ui.i18n import t

    found = listing(cfg)
    q = st.query_params.get("project")
    if q is not None:
        with user_errors(stop=True, on_error=_page_language):
            projects.location(q, found)
        _switch(q)
    name = st.session_state.get(_KEY)
    if name not in found:
        name = next(iter(found), None)
        if name is None:
            st.error(t("projects_none"))
            st.stop()
        _switch(name)
    return replace(cfg, project=found[name], is_demo=False, project_name=name)


def _page_language() -> None:
    """The page stops before the sidebar: set ``<html lang dir>`` here (Arabic reads RTL)."""
    from ui import style
    from ui.i18n import lang

    style.page_language(lang())


def _picked() -> None:
    name = st.session_state.get("_project_pick")
    if name:
        _switch(name)
        st.query_params["project"] = name
        st.query_params.pop("avond", None)


def chooser(cfg: Config) -> None:
    """The project list in the sidebar (for a facilitator running several wijken)."""
    from ui.i18n import t

    names = list(listing(cfg))
    current = cfg.project_name
    st.selectbox(t("project"), names, index=names.index(current) if current in names else 0,
                 key="_project_pick", on_change=_picked)
