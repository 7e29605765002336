"""Keep Streamlit off its legacy ``pages/`` mode; light on purpose (imports only Streamlit).

Streamlit decides once per process, when its first session starts, whether an app with a
``pages/`` folder next to the entrypoint is an old-style ("v1") multipage app. While it thinks
so, every script run goes through ``_mpa_v1``: it lists ``pages/*.py``, builds a navigation of
them and runs our entrypoint inside it (a navigation within a navigation), and a deep link such
as ``/kaart`` runs ``pages/kaart.py`` without the entrypoint at all (``state.page_guard``
repairs that). Only a call of ``st.navigation`` switches the process over, and our entrypoint
used to reach it after seconds of first-load imports: on a fresh server every phone that came
in during those seconds ran in legacy mode. The developers' guide keeps the ``pages/`` folder,
so the entrypoint switches the flag itself, as the very first thing it does; then at most the
first script run of a process (already dispatched before any code of ours runs) takes the
legacy path.
"""

from __future__ import annotations


def stay_off_legacy_pages() -> bool:
    """Put this process in ``st.navigation`` mode; True when it was in legacy mode."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without the legacy mode
        return False
    was = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return was
