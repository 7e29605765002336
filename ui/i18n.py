"""The UI's words: ``t(key)`` in the language of this browser session.

The words live in the gettext catalogues under ``locale/`` (see :mod:`assetmap.i18n`): add a
new message to ``locale/nl/LC_MESSAGES/assetmap.po`` and ``locale/en/…`` (Dutch first, B1
level), never as a string in a page.
"""

from __future__ import annotations

import streamlit as st

from assetmap import i18n


def lang() -> str:
    return st.session_state.get("lang", "nl")


def t(key: str, **params: object) -> str:
    """The message ``key`` in the session's language (Dutch when it has none)."""
    return i18n.text(key, lang(), **params)
