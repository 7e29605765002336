"""Entry forms built from ``assetmap.schema``: one ``st.form`` per point layer.

Each field gets a placeholder right below it, so a ``ValidationError`` is shown next to the
field it names. A talent gets a short form of its own (:func:`talent_form`): what is your
talent, first name or initials (optional), one visibility question, contact with consent.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from assetmap import privacy, schema
from ui.i18n import lang, t
from ui.text import md

_LONG = 200  # texts longer than this get a text area
_SKIP = {"location_precision"}  # chosen with the location, not in the form


def _label(f: schema.Field) -> str:
    label = f.label(lang())
    return label + (" *" if f.required else "")


def _help(f: schema.Field) -> str | None:
    return f.help(lang()) or None


def _choice_label(f: schema.Field, v: Any) -> str:
    if v is None:
        return t("choose")
    if f.name == "kind":
        return schema.kind_label(v, lang())
    if f.name == "theme":
        return schema.theme_label(v, lang())
    if f.name == "visibility":
        return t("vis_public") if v == "public" else t("vis_facilitators")
    return str(v)


def field_widget(f: schema.Field, *, key: str, value: Any = None,
                 meeting_places: Mapping[str, str] | None = None) -> Any:
    """One widget for field ``f``; returns its value (``None`` when empty)."""
    label, help_ = _label(f), _help(f)
    if f.name == "meets_at":
        options = [None, *(meeting_places or {})]
        idx = options.index(value) if value in options else 0
        return st.selectbox(label, options, index=idx, key=key, help=help_,
                            placeholder=t("choose"),
                            format_func=lambda v: t("choose") if v is None
                            else (meeting_places or {}).get(v, v))
    if f.kind == "enum":
        if f.name == "visibility":
            opts = list(f.choices)
            return st.radio(label, opts, index=opts.index(value or f.default), key=key,
                            help=help_, format_func=lambda v: _choice_label(f, v))
        options = [None, *f.choices]
        idx = options.index(value) if value in options else 0
        return st.selectbox(label, options, index=idx, key=key, help=help_,
                            placeholder=t("choose"),
                            format_func=lambda v: _choice_label(f, v))
    if f.kind == "bool":
        if f.default is not None:  # a yes/no with a default (wants_to_share, wants_to_help)
            return st.checkbox(label, value=f.default if value is None else bool(value),
                               key=key, help=help_)
        options = [None, True, False]
        idx = options.index(value) if value in options else 0
        return st.selectbox(label, options, index=idx, key=key, help=help_,
                            placeholder=t("dont_know"),  # Streamlit shows None as placeholder
                            format_func=lambda v: t("dont_know") if v is None
                            else (t("yes") if v else t("no")))
    if f.kind == "int":
        v = None if value is None or pd.isna(value) else int(value)
        return st.number_input(label, min_value=int(f.minimum or 0), value=v, step=1, key=key,
                               help=help_)
    text = "" if value is None else str(value)
    if (f.max_length or schema.TEXT_MAX) > _LONG:
        return st.text_area(label, value=text, key=key, help=help_, height=90) or None
    return st.text_input(label, value=text, key=key, help=help_) or None


def entry_form(key: str, *, layer: str, meeting_places: Mapping[str, str] | None = None,
               values: Mapping[str, Any] | None = None, submit_label: str | None = None
               ) -> tuple[bool, dict[str, Any], dict[str, Any]]:
    """Render the form of ``layer``; returns (submitted, values, placeholders per field)."""
    spec = schema.LAYERS[layer]
    values = values or {}
    out: dict[str, Any] = {}
    spots: dict[str, Any] = {}
    with st.form(key, clear_on_submit=False, border=True):
        for f in spec.form_fields:
            if f.name in _SKIP or (layer == "talents" and f.name == "contact"):
                continue
            out[f.name] = field_widget(f, key=f"{key}_{f.name}", value=values.get(f.name),
                                       meeting_places=meeting_places)
            spots[f.name] = st.empty()
        if layer == "talents":
            out.update(_contact_fields(key, spec, values, spots))
        submitted = st.form_submit_button(submit_label or t("save"), type="primary",
                                          use_container_width=True)
        spots["_form"] = st.empty()
    return submitted, out, spots


def _contact_fields(key: str, spec: Any, values: Mapping[str, Any],
                    spots: dict[str, Any]) -> dict[str, Any]:
    """The contact of a talent and the consent for it, inside a form.

    A saved contact is write-only: shown masked, never pre-filled; leaving the field empty
    keeps it (no ``contact`` key in the result), a tick removes it. The consent box shows the
    consent as stored: ticked when this entry was saved with it, never for a new one.
    """
    out: dict[str, Any] = {}
    st.markdown(f"**{t('contact_title')}**")
    saved = values.get("contact")
    saved = None if saved is None or schema.is_na(saved) or not str(saved) else saved
    if saved:
        st.caption(t("contact_saved", masked=md(privacy.mask_contact(saved))))
    out["contact"] = field_widget(spec.get("contact"), key=f"{key}_contact")
    spots["contact"] = st.empty()
    if saved:
        if st.checkbox(t("contact_remove"), value=False, key=f"{key}_contact_rm"):
            out["contact"] = None
        elif not out["contact"]:
            del out["contact"]  # nothing typed: the saved contact stays
    out["_consent"] = st.checkbox(t("consent_text"), value=bool(values.get("consent_at")),
                                  key=f"{key}_consent")
    return out


def show_error(spots: Mapping[str, Any], field: str | None, message: str) -> None:
    """Show ``message`` next to ``field`` (or at the bottom of the form)."""
    target = spots.get(field or "") or spots.get("_form")
    target.error(message, icon=":material/error:")


def show_problems(spots: Mapping[str, Any], problems: Mapping[str, str]) -> None:
    """Every problem at once, each next to its field (several for one spot stack up)."""
    by_spot: dict[int, tuple[Any, list[str]]] = {}
    for field, message in problems.items():
        target = spots.get(field) or spots.get("_form")
        by_spot.setdefault(id(target), (target, []))[1].append(message)
    for target, messages in by_spot.values():
        target.error("  \n".join(messages), icon=":material/error:")


def form_id(key: str) -> str:
    """A random id for this instance of form ``key``: saving it twice stores one entry."""
    return st.session_state.setdefault(f"{key}_fid", uuid.uuid4().hex)


GIFTS = ("hand", "head", "heart")


def talent_form(key: str, *, values: Mapping[str, Any] | None = None,
                submit_label: str | None = None
                ) -> tuple[bool, dict[str, Any], dict[str, Any]]:
    """The short, safe talent form; returns (submitted, record values, placeholders).

    What the resident types as their talent is the entry's name and, unless they tell more,
    its gift (of the hands, head or heart). The location is chosen outside the form (the buurt
    by default)."""
    spec = schema.LAYERS["talents"]
    values = values or {}
    gift0 = next((g for g in GIFTS if values.get(f"gifts_{g}")), "hand")
    more0 = values.get(f"gifts_{gift0}") or ""
    if more0 == values.get("name"):
        more0 = ""
    spots: dict[str, Any] = {}
    with st.form(key, clear_on_submit=False, border=True):
        name = st.text_input(t("tal_what") + " *", value=values.get("name") or "",
                             key=f"{key}_name", placeholder=t("tal_what_ph"))
        spots["name"] = st.empty()
        gift = st.radio(t("tal_gift_q"), list(GIFTS), index=GIFTS.index(gift0),
                        key=f"{key}_gift", horizontal=True,
                        format_func=lambda g: t(f"tal_gift_{g}"))
        more = st.text_area(t("tal_more"), value=more0, key=f"{key}_more", height=80)
        spots["gifts_hand"] = spots["gifts_head"] = spots["gifts_heart"] = st.empty()
        dn = spec.get("display_name")
        display = st.text_input(_label(dn), value=values.get("display_name") or "",
                                key=f"{key}_display_name", help=_help(dn))
        spots["display_name"] = st.empty()
        visibility = field_widget(spec.get("visibility"), key=f"{key}_visibility",
                                  value=values.get("visibility"))
        spots["visibility"] = st.empty()
        contact = _contact_fields(key, spec, values, spots)
        submitted = st.form_submit_button(submit_label or t("save"), type="primary",
                                          use_container_width=True)
        spots["_form"] = st.empty()
    name = " ".join((name or "").split()) or None
    out: dict[str, Any] = {"name": name, "display_name": display or None,
                           "visibility": visibility, **contact, "wants_to_share": True}
    for g in GIFTS:
        out[f"gifts_{g}"] = ((more or "").strip() or name) if g == gift else None
    return submitted, out, spots
