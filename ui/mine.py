"""'Mijn bijdragen' on Toevoegen: the entries of this contributor token, to edit or withdraw.

The token comes from this session or from a personal link (``?mijn=TOKEN``, see
:mod:`ui.state`). The personal link is shown here, never put next to the join code in the
address bar; a contact, once saved, is write-only (:func:`ui.forms.entry_form`); and
"Ik ben iemand anders" starts a fresh token on a shared device (issue 12).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import streamlit as st

from assetmap import evening, webmap
from assetmap.store import BaseStore
from ui import add_flow, cache, state
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.text import md


def flash(message: str) -> None:
    st.session_state["add_flash"] = (message, time.monotonic())


def personal_banner() -> None:
    """On a personal link: a short warning that the link is personal, and the way out."""
    if state.opened_personal_link():
        st.warning(t("mine_personal_warning"), icon=":material/lock:")


def other_person_button() -> None:
    """"Ik ben iemand anders / nieuwe persoon": a fresh token, nothing of the one before."""
    if st.button(t("mine_new_person"), key="mine_new_person", icon=":material/person_add:",
                 help=t("mine_new_person_help")):
        state.new_person()
        st.session_state.pop("add_flash", None)
        st.rerun()


def section(store: BaseStore, token: str, meeting_places: Mapping[str, str]) -> None:
    """The list of this token's entries; each can be changed or withdrawn."""
    st.subheader(t("mine_title"))
    # a token made in this session has no entries until it saves: nothing to read then
    mine = evening.my_entries(store, token) if state.may_have_entries() else None
    if mine is None or mine.empty:
        st.caption(t("mine_none"))
        if state.opened_personal_link():
            other_person_button()
        return
    st.caption(t("mine_link_help"))
    st.code(state.personal_link(token), language=None, wrap_lines=True)
    other_person_button()
    status_label = {"pending": t("status_pending"), "approved": t("status_approved"),
                    "hidden": t("status_hidden")}
    b = cache.buurten()  # the buurt by name: an entry can be checked without the map
    buurt_names = dict(zip(b["code"], b["name"], strict=True)) if len(b) else {}
    for _, row in mine.iterrows():
        rid, rlayer = row["id"], row["layer"]
        note = st.session_state.pop(f"mine_note_{rid}", None)
        waits = f" · {t('mine_change_waits_short')}" if row.get("change_pending") else ""
        code = row.get("buurt_code")
        where = f" · {md(buurt_names.get(code) or code)}" if isinstance(code, str) and code \
            else ""
        with st.expander(f"{md(row['name'])} · {webmap.layer_label(rlayer, lang())}{where} · "
                         f"{status_label.get(row['status'], row['status'])}{waits}",
                         expanded=bool(note)):
            if note:
                st.success(note, icon=":material/check_circle:")
            if st.toggle(t("mine_edit"), key=f"edit_{rid}"):
                add_flow.edit_entry(store, rlayer, rid, token=token,
                                    meeting_places=meeting_places)
            confirm = st.checkbox(t("mine_withdraw_confirm"), key=f"wd_ok_{rid}")
            if st.button(t("mine_withdraw"), key=f"wd_{rid}", disabled=not confirm):
                with user_errors():
                    evening.withdraw(store, rlayer, rid, token=token)
                    flash(t("mine_withdrawn"))
                    st.rerun()
