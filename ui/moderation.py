"""The facilitator's approval queue as cards in words: what, where (buurt name and a small map
with the nearby entries), when and at which evening, with the actions on the card.

Approving acts on the version the facilitator read: each card remembers the
:func:`assetmap.schema.record_version` it showed, and the store refuses when the entry changed
in between (:class:`assetmap.errors.ChangedMeanwhileError`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from assetmap import evening, schema, webmap
from assetmap.store.base import Actor
from assetmap.webmap.mini import mini_map_svg
from ui import cache, forms
from ui.errors import form_errors, user_errors
from ui.i18n import lang, t
from ui.text import md

_SEEN = "mod_seen"  # record id -> the version its card showed on the last run
_TZ = ZoneInfo("Europe/Amsterdam")
_NOT_SHOWN = {"name", "location_precision"}


def when_words(iso: Any) -> str:
    """``2026-12-02T18:42:00Z`` as people say it here: ``2 dec 19:42``."""
    if not iso or schema.is_na(iso):
        return ""
    try:
        d = datetime.fromisoformat(str(iso).replace("Z", "+00:00")).astimezone(_TZ)
    except ValueError:
        return str(iso)
    months = t("months_short").split()
    return f"{d.day} {months[d.month - 1]} {d:%H:%M}"


def value_words(layer: str, f: schema.Field, v: Any) -> str:
    """One stored value in words (labels instead of codes), escaped for Markdown."""
    if f.name == "kind":
        return md(schema.kind_label(v, lang()))
    if f.name == "theme":
        return md(schema.theme_label(v, lang()))
    if f.name == "visibility":
        return t("vis_public") if v == "public" else t("vis_facilitators")
    if f.kind == "bool":
        return t("yes") if bool(v) else t("no")
    if f.personal and f.name != "display_name":
        return t("mod_filled_in")  # a contact is not read out on a (maybe projected) laptop
    return md(v)


def field_lines(layer: str, rec: Mapping[str, Any]) -> str:
    """The filled-in fields of an entry as a Markdown list in words."""
    lines = []
    for f in schema.LAYERS[layer].form_fields:
        v = rec.get(f.name)
        if f.name in _NOT_SHOWN or v is None or schema.is_na(v) or v == "":
            continue
        lines.append(f"- {md(f.label(lang()))}: {value_words(layer, f, v)}")
    return "\n".join(lines) or t("mod_no_details")


def _nearby(rec: Mapping[str, Any]) -> list[tuple[str, Any]]:
    out = []
    p = rec.get("geometry")
    if p is None:
        return out
    for layer in schema.POINT_LAYERS:
        g = cache.approved(layer)
        if layer == "talents" or not len(g):
            continue  # talents sit on a shared buurt point: not useful, not for a screen
        close = g[(abs(g.geometry.x - p.x) < 0.004) & (abs(g.geometry.y - p.y) < 0.003)]
        out += [(layer, q) for q in close.geometry if q is not None]
    return out


def _changed(layer: str, rev: Mapping[str, Any], target: str) -> str:
    """The labels of the fields a pending change alters (and 'plek' when it moves)."""
    orig = cache.store().get(layer, target) or {}
    names = []
    for f in schema.LAYERS[layer].form_fields:
        a, b = rev.get(f.name), orig.get(f.name)
        if (None if schema.is_na(a) else a) != (None if schema.is_na(b) else b):
            names.append(md(f.label(lang())))
    ga, gb = rev.get("geometry"), orig.get("geometry")
    if ga is not None and gb is not None and not ga.equals_exact(gb, 1e-7):
        names.append(t("mod_revision_place"))
    return ", ".join(names) or "-"


def card(row: pd.Series, rec: dict[str, Any], *, buurt_names: Mapping[str, str],
         evening_titles: Mapping[str, str], actor: Actor) -> None:
    """One entry waiting for approval."""
    rid, layer = row["id"], row["layer"]
    seen = st.session_state.setdefault(_SEEN, {})
    shown_before = seen.get(rid)
    version = schema.record_version(rec)
    with st.container(border=True, key=f"card_{rid}"):
        words, pic = st.columns([3, 2])
        with words:
            st.checkbox(t("mod_select"), key=f"sel_{rid}")
            st.markdown(f"{webmap.icon_svg(layer, 18)} **{html.escape(str(rec.get('name')))}**"
                        f" · {webmap.layer_label(layer, lang())}", unsafe_allow_html=True)
            st.markdown(field_lines(layer, rec))
            target = evening.revision_of(rec)
            if target:
                st.info(t("mod_revision", fields=_changed(layer, rec, target)),
                        icon=":material/difference:")
            bits = [t("mod_in_buurt", buurt=md(buurt_names.get(rec.get("buurt_code") or "",
                                                               t("mod_no_buurt"))))]
            bits.append(t("mod_added", when=when_words(rec.get("created_at"))))
            if rec.get("evening_id"):
                bits.append(t("mod_at_evening",
                              title=md(evening_titles.get(rec["evening_id"], "?"))))
            st.caption(" · ".join(bits))
        with pic:
            if rec.get("geometry") is not None:
                st.markdown(mini_map_svg(rec["geometry"], _nearby(rec), streets=cache.streets()),
                            unsafe_allow_html=True)
        c1, c2, c3 = st.columns(3)
        expected = {rid: shown_before or version}
        if c1.button(t("mod_approve"), key=f"ap_{rid}", type="primary",
                     use_container_width=True):
            act(evening.moderate, cache.store(), layer, [rid], "approve", actor=actor,
                expected=expected)
        if c2.button(t("mod_hide"), key=f"hi_{rid}", use_container_width=True):
            act(evening.moderate, cache.store(), layer, [rid], "hide", actor=actor,
                expected=expected)
        editing = c3.toggle(t("mod_edit"), key=f"ed_{rid}")
        seen[rid] = version
        if editing:
            sub, vals, sp = forms.entry_form(f"mod_form_{rid}", layer=layer, values=rec,
                                             submit_label=t("save_changes"))
            if sub:
                changes = {k: v for k, v in vals.items() if not k.startswith("_")}
                with form_errors(sp):
                    cache.store().update(layer, rid, changes, actor=actor)
                    st.rerun()


def act(fn, *args, **kwargs) -> None:
    """Run a facilitator action; a Dutch message instead of a traceback when it cannot be done
    (another facilitator handled the entry, or the resident changed it meanwhile)."""
    with user_errors():
        fn(*args, **kwargs)
        st.rerun()


def approve_selected(q: pd.DataFrame, actor: Actor) -> None:
    """'Alles goedkeuren' for the cards ticked: one transaction, each at the version read."""
    chosen = q[[bool(st.session_state.get(f"sel_{rid}")) for rid in q["id"]]] if len(q) else q
    c1, c2 = st.columns([1, 2])
    if c1.button(t("mod_select_all"), key="mod_select_all", disabled=q.empty):
        for rid in q["id"]:
            st.session_state[f"sel_{rid}"] = True
        st.rerun()
    if c2.button(t("mod_approve_selected", n=len(chosen)), key="mod_approve_selected",
                 type="primary", disabled=chosen.empty):
        seen = st.session_state.get(_SEEN, {})
        store = cache.store()
        with user_errors():
            with store.transaction():
                for layer, part in chosen.groupby("layer"):
                    ids = list(part["id"])
                    evening.moderate(store, layer, ids, "approve", actor=actor,
                                     expected={i: seen[i] for i in ids if i in seen})
            for rid in chosen["id"]:
                st.session_state.pop(f"sel_{rid}", None)
            st.rerun()


def _dup_side(store, layer: str, rid: str, letter: str, buurt_names: Mapping[str, str]) -> None:
    rec = store.get(layer, rid) or {}
    with st.container(border=True):
        st.markdown(f"**{letter}: {md(rec.get('name'))}**")
        st.markdown(field_lines(layer, rec))
        st.caption(" · ".join([
            t("mod_in_buurt", buurt=md(buurt_names.get(rec.get("buurt_code") or "",
                                                       t("mod_no_buurt")))),
            t("mod_added", when=when_words(rec.get("created_at"))),
            t(f"status_{rec.get('status', 'pending')}")]))


def duplicates(store, actor: Actor, buurt_names: Mapping[str, str]) -> None:
    """Suggested duplicates side by side, with 'houd A' and 'houd B'."""
    dups = evening.likely_duplicates(store)
    st.subheader(t("mod_dups").format(n=len(dups)))
    if dups.empty:
        st.caption(t("mod_dups_none"))
    for i, d in dups.iterrows():
        st.caption(f"{webmap.layer_label(d['layer'], lang())} · {d['distance_m']:.0f} m · "
                   f"{t('mod_similar')} {d['similarity']:.0%}")
        a, b = st.columns(2)
        with a:
            _dup_side(store, d["layer"], d["a_id"], "A", buurt_names)
            if st.button(t("mod_keep_a"), key=f"mk_a_{i}_{d['a_id']}",
                         use_container_width=True):
                act(evening.merge, store, d["layer"], d["a_id"], d["b_id"], actor=actor)
        with b:
            _dup_side(store, d["layer"], d["b_id"], "B", buurt_names)
            if st.button(t("mod_keep_b"), key=f"mk_b_{i}_{d['b_id']}",
                         use_container_width=True):
                act(evening.merge, store, d["layer"], d["b_id"], d["a_id"], actor=actor)


def queue_view(store, evening_id: str | None, actor: Actor) -> None:
    """The whole Goedkeuren screen: the cards, 'alles goedkeuren', the duplicates."""
    all_evenings = st.toggle(t("mod_all"), key="mod_all", value=evening_id is None)
    q = evening.queue(store, evening_id=None if all_evenings else evening_id)
    st.subheader(t("mod_queue").format(n=len(q)))
    b = cache.buurten()
    buurt_names = dict(zip(b["code"], b["name"], strict=True)) if len(b) else {}
    evs = store.evenings()
    titles = dict(zip(evs["id"], evs["title"], strict=True)) if len(evs) else {}
    if q.empty:
        st.caption(t("mod_empty"))
    else:
        approve_selected(q, actor)
    for _, row in q.iterrows():
        rec = store.get(row["layer"], row["id"])
        if rec is not None:
            card(row, rec, buurt_names=buurt_names, evening_titles=titles, actor=actor)
    duplicates(store, actor, buurt_names)
