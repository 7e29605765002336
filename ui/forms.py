"""Entry forms built from ``assetmap.schema``: one ``st.form`` per point layer.

Each field gets a placeholder right below it, so a ``ValidationError`` is shown next to the
field it names.
"""

from __future__ import annotations

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
                            format_func=lambda v: _choice_label(f, v))
    if f.kind == "bool":
        if f.default is not None:  # a yes/no with a default (wants_to_share, wants_to_help)
            return st.checkbox(label, value=f.default if value is None else bool(value),
                               key=key, help=help_)
        options = [None, True, False]
        idx = options.index(value) if value in options else 0
        return st.selectbox(label, options, index=idx, key=key, help=help_,
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
            st.markdown(f"**{t('contact_title')}**")
            cf = spec.get("contact")
            saved = values.get("contact")
            saved = None if saved is None or schema.is_na(saved) or not str(saved) else saved
            if saved:  # write-only: shown masked, never pre-filled; empty keeps it
                st.caption(t("contact_saved", masked=md(privacy.mask_contact(saved))))
            out["contact"] = field_widget(cf, key=f"{key}_contact")
            spots["contact"] = st.empty()
            if saved:
                remove = st.checkbox(t("contact_remove"), value=False, key=f"{key}_contact_rm")
                if remove:
                    out["contact"] = None
                elif not out["contact"]:
                    del out["contact"]  # nothing typed: the saved contact stays
            out["_consent"] = st.checkbox(t("consent_text"), value=False, key=f"{key}_consent")
        submitted = st.form_submit_button(submit_label or t("save"), type="primary",
                                          use_container_width=True)
        spots["_form"] = st.empty()
    return submitted, out, spots


def show_error(spots: Mapping[str, Any], field: str | None, message: str) -> None:
    """Show ``message`` next to ``field`` (or at the bottom of the form)."""
    target = spots.get(field or "") or spots.get("_form")
    target.error(message, icon=":material/error:")
