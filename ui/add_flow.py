"""Saving a new entry on Toevoegen: every problem at once, one entry per form, an empty form
and a confirmation in view afterwards.

The page renders the steps; :func:`save` checks and stores one filled-in form, :func:`done`
shows the thank-you with "nog iets toevoegen" in place of the form until the resident asks for
a new, empty one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from assetmap import evening, privacy, schema, webmap
from ui import cache, forms, location
from ui.errors import form_errors
from ui.i18n import lang, t
from ui.state import saved_with_token
from ui.text import md

_DONE = "add_done"
_GEN = "add_generation"


def form_key(layer: str) -> str:
    """The key of the current (empty after each save) form of ``layer``."""
    gen = st.session_state.get(_GEN, 0)
    return f"form_{layer}" + (f"_{gen}" if gen else "")


def _record(layer: str, values: Mapping[str, Any], precision: str | None) -> dict[str, Any]:
    record = {k: v for k, v in values.items() if not k.startswith("_")}
    if layer in schema.REDUCED_LOCATION:
        record["location_precision"] = precision or "buurt"
    if layer == "talents" and record.get("contact") and values.get("_consent"):
        record["consent_at"] = schema.now_iso()
        record["consent_version"] = schema.CONSENT_VERSION
    return record


def _warnings(layer: str, key: str, record: Mapping[str, Any]) -> dict[str, str]:
    """A talent's name fields that look like a full name, address or contact: warn once (the
    same text saved again is accepted: people decide)."""
    if layer != "talents":
        return {}
    out = {}
    for field in ("display_name", "name"):
        kind = privacy.looks_identifying(record.get(field))
        seen_key = f"{key}_warned_{field}"
        if kind and st.session_state.get(seen_key) != record.get(field):
            st.session_state[seen_key] = record.get(field)
            out[field] = t(f"tal_warn_{kind}")
    return out


def save(store, layer: str, values: Mapping[str, Any], spots: Mapping[str, Any], *,
         loc: Mapping[str, Any], loc_spot: Any, loc_key: str, precision: str | None,
         token: str, code: str | None, ev: Mapping[str, Any] | None) -> None:
    """Check the whole form (all problems shown at once, next to their fields), then store it
    once; on success remember the thank-you, empty the form and rerun."""
    key = form_key(layer)
    record = _record(layer, values, precision)
    problems = schema.form_problems(layer, record)
    if layer == "talents" and record.get("contact") and not values.get("_consent"):
        problems["contact"] = t("consent_needed")
    if not loc:
        loc_spot.error(t("loc_missing"), icon=":material/wrong_location:")
        problems.setdefault("_form", t("add_fix_above"))
    warnings = {} if problems else _warnings(layer, key, record)
    if problems:
        forms.show_problems(spots, problems)
        return
    if warnings:
        for field, message in warnings.items():
            (spots.get(field) or spots["_form"]).warning(message, icon=":material/person:")
        return
    record.update(loc)
    with form_errors(spots) as saved:
        evening.submit(store, layer, record, token=token, evening_code=code,
                       form_id=forms.form_id(key))
    if not saved.ok:
        return
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1  # new keys: an empty form
    for k in [k for k in st.session_state if str(k).startswith(key + "_")]:
        del st.session_state[k]
    location.clear(loc_key)
    saved_with_token()
    live = bool(ev and ev.get("auto_approve"))
    st.session_state[_DONE] = {"layer": layer, "name": record.get("name") or "",
                               "message": t("add_thanks_live") if live
                               else t("add_thanks_pending")}
    st.rerun()


def done() -> bool:
    """The thank-you in place of the form (where the resident looks), with "nog iets
    toevoegen"; ``True`` while it is shown."""
    info = st.session_state.get(_DONE)
    if not info:
        return False
    with st.container(border=True):
        st.success(info["message"], icon=":material/check_circle:")
        st.markdown(t("add_done_what", name=md(info["name"]),
                      layer=webmap.layer_label(info["layer"], lang())))
        if st.button(t("add_more"), type="primary", use_container_width=True,
                     key="add_more", icon=":material/add:"):
            st.session_state.pop(_DONE, None)
            st.rerun()
        st.caption(t("add_done_mine"))
    if not info.get("shown"):  # once: bring the thank-you where the resident looks
        info["shown"] = True
        st.html(_SCROLL_TO_THANKS, unsafe_allow_javascript=True)
    return True


# The form the resident just sent was long; after saving the page is short and the browser
# keeps its scroll position, which can leave the thank-you above the screen of a phone.
_SCROLL_TO_THANKS = """<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  let tries = 0;
  (function go() {
    const el = doc.querySelector("[data-testid='stAlertContentSuccess']");
    if (el) { el.scrollIntoView({block: "center"}); return; }
    if (++tries < 20) setTimeout(go, 100);
  })();
})();
</script>"""


def edit_entry(store, layer: str, rid: str, *, token: str,
               meeting_places: Mapping[str, str]) -> None:
    """A resident's edit of their own entry: the same form (consent shown as stored), the
    place can be corrected, and the message says what happens next (an approved entry keeps
    its approved version on the map until the change is approved)."""
    current = evening.editable(store, layer, rid) or {}
    key = f"edit_form_{rid}"
    if layer == "talents":
        sub, vals, sp = forms.talent_form(key, values=current, submit_label=t("save_changes"))
    else:
        sub, vals, sp = forms.entry_form(key, layer=layer, meeting_places=meeting_places,
                                         values=current, submit_label=t("save_changes"))
    with st.expander(t("mine_move"), icon=":material/edit_location_alt:"):
        area = store.area()
        data = cache.location_map_data(layer)
        loc = location.picker(f"edit_loc_{rid}", layer=layer, area=area, buurten=data.buurten,
                              existing=data.existing, streets=data.streets,
                              static_url=cache.config().static_url, version=data.version)
    if not sub:
        return
    changes = {k: v for k, v in vals.items() if not k.startswith("_")}
    if layer == "talents":
        if changes.get("contact") and not current.get("consent_at") and not vals.get("_consent"):
            forms.show_error(sp, "contact", t("consent_needed"))
            return
        if changes.get("contact") and vals.get("_consent") and not current.get("consent_at"):
            changes["consent_at"] = schema.now_iso()
            changes["consent_version"] = schema.CONSENT_VERSION
    if loc.get("geometry") is not None:
        changes["geometry"] = loc["geometry"]
    elif loc.get("buurt_code"):
        changes.update(geometry=None, buurt_code=loc["buurt_code"])
    problems = schema.form_problems(layer, {**current, **changes})
    if problems:
        forms.show_problems(sp, problems)
        return
    with form_errors(sp) as saved:
        new = evening.edit_own(store, layer, rid, changes, token=token)
    if saved.ok:
        location.clear(f"edit_loc_{rid}")
        st.session_state[f"mine_note_{rid}"] = t("mine_saved_waits") if new.get("waits") \
            else t("mine_saved")
        st.session_state.pop(f"edit_{rid}", None)
        st.rerun()
