"""assetmap: the Streamlit entrypoint. Pages live in pages/, helpers in ui/."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from ui.navigation import stay_off_legacy_pages

stay_off_legacy_pages()  # first of all: before the imports below keep this run busy for seconds

from ui import state, style  # noqa: E402
from ui.i18n import t  # noqa: E402

st.set_page_config(page_title="assetmap", page_icon="🗺️", layout="wide",
                   initial_sidebar_state="auto")
state.init()
state.mark_entrypoint()

APP_DIR = Path(__file__).resolve().parent


def _page(path: str, **kwargs: object) -> st.Page | None:
    """``st.Page`` for a file in pages/; a missing file is left out with a warning in the log
    instead of breaking every page (each page has its own test that would notice)."""
    if not (APP_DIR / path).exists():
        logging.getLogger("assetmap").warning("page file missing: %s", path)
        return None
    return st.Page(path, **kwargs)


# a QR code at a theme evening points at the app with ?avond=CODE: open the add form
joining = bool(st.query_params.get("avond"))
pages = [
    _page("pages/kaart.py", title=t("page_kaart"), icon=":material/map:",
          url_path="kaart", default=not joining),
    _page("pages/lijst.py", title=t("page_lijst"), icon=":material/list:", url_path="lijst"),
    _page("pages/toevoegen.py", title=t("page_toevoegen"), icon=":material/add_location_alt:",
          url_path="toevoegen", default=joining),
    _page("pages/themaavond.py", title=t("page_themaavond"), icon=":material/co_present:",
          url_path="themaavond"),
    _page("pages/analyse.py", title=t("page_analyse"), icon=":material/analytics:",
          url_path="analyse"),
    _page("pages/verbinden.py", title=t("page_verbinden"), icon=":material/diversity_3:",
          url_path="verbinden"),
    _page("pages/door_de_tijd.py", title=t("page_door_de_tijd"), icon=":material/history:",
          url_path="door_de_tijd"),
    _page("pages/wijksafari.py", title=t("page_wijksafari"), icon=":material/directions_walk:",
          url_path="wijksafari"),
    _page("pages/afdrukken.py", title=t("page_afdrukken"), icon=":material/print:",
          url_path="afdrukken"),
    _page("pages/van_papier.py", title=t("page_van_papier"), icon=":material/edit_note:",
          url_path="van_papier"),
    _page("pages/beheer.py", title=t("page_beheer"), icon=":material/settings:",
          url_path="beheer"),
    _page("pages/privacy.py", title=t("page_privacy"), icon=":material/shield_person:",
          url_path="privacy"),
]
nav = st.navigation([p for p in pages if p is not None])
style.base()
state.sidebar()
nav.run()
