"""Pieces of the Verbinden page (and the ties on Analyse): a wish with its suggestions, the
Putnam lens, links waiting for approval, a form for other links, the matchlijst download.

Every user text that goes into HTML is escaped (``ui.text.html_text``) and into Markdown is escaped
with :func:`ui.text.md`. Suggestions hold no contact details (:mod:`assetmap.connect`).
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from assetmap import connect, schema, webmap
from assetmap.analysis import ties
from assetmap.links import describe, links_of, visible_entries
from assetmap.store import Actor, BaseStore
from assetmap.style import tie_line_svg
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.text import html_text, md

FLASH_KEY = "vb_flash"
FLASH_S = 15.0


def flash(message: str) -> None:
    """Remember a message to show after the rerun."""
    st.session_state[FLASH_KEY] = (message, time.monotonic())


def show_flash() -> None:
    """Show the last message for a short while (the page reruns after every action)."""
    got = st.session_state.get(FLASH_KEY)
    if got and time.monotonic() - got[1] < FLASH_S:
        st.success(got[0], icon=":material/check_circle:")


def _icon(layer: str, size: int = 16) -> str:
    return webmap.icon_svg(layer, size)


def wish_card(store: BaseStore, wish: connect.WishSuggestions, record: Mapping[str, Any], *,
              buurt_names: Mapping[str, str], link_view: pd.DataFrame,
              actor: Actor | None) -> None:
    """One wish: what it is, its links so far, and its suggestions with "maak verbinding"
    (only for a facilitator: ``actor`` given)."""
    with st.container(border=True):
        st.markdown(f"{_icon('wishes', 22)} <b style='font-size:1.15rem'>"
                    f"{html_text(wish.name)}</b>", unsafe_allow_html=True)
        bits = [schema.wish_kind_label(wish.kind or "wens", lang()).split(":")[0],
                schema.theme_label(wish.theme or "overig", lang()),
                buurt_names.get(wish.buurt_code or "", wish.buurt_code or "")]
        if record.get("wants_to_help"):
            bits.append(t("vb_wants_to_help"))
        st.caption(" · ".join(md(b) for b in bits if b))
        if record.get("description"):
            st.write(md(record["description"]))
        mine = links_of(link_view, schema.WISHES, wish.id)
        for row in mine.to_dict("records"):
            state = "" if row["status"] == "approved" else f" ({t('status_pending')})"
            st.markdown(f":material/link: {md(describe(row, schema.WISHES, wish.id, lang()))}"
                        f"{state}")
        if not wish.suggestions:
            st.caption(t("vb_no_suggestions"))
        for s in wish.suggestions:
            _suggestion(store, wish, s, actor=actor)


def _suggestion(store: BaseStore, wish: connect.WishSuggestions, s: connect.Suggestion, *,
                actor: Actor | None) -> None:
    left, right = st.columns([5, 1.4], vertical_alignment="center")
    dist = f" · {connect.format_distance(s.distance_m, lang())}" if s.distance_m is not None \
        else ""
    left.markdown(f"{_icon(s.layer)} <b>{html_text(s.name)}</b> "
                  f"<small>· {html_text(webmap.layer_label(s.layer, lang()))}{dist}</small>",
                  unsafe_allow_html=True)
    left.caption(md(s.why))
    key = f"vb_make_{wish.id}_{s.layer}_{s.id}"
    if right.button(t("vb_make"), key=key, disabled=actor is None,
                    help=None if actor else t("vb_make_login")):
        with user_errors():
            store.add_link(connect.link_for(wish.id, s.layer, s.id), actor=actor)
            flash(t("vb_made", a=s.name, b=wish.name))
            st.rerun()


def reverse_section(sugg: connect.Suggestions, entries: pd.DataFrame) -> None:
    """Pick a talent, place, association or entrepreneur: the wishes it could serve."""
    if entries.empty:
        st.caption(t("vb_reverse_none"))
        return
    options = [f"{r.layer}|{r.id}" for r in entries.itertuples()]
    labels = {f"{r.layer}|{r.id}": f"{r.name} ({webmap.layer_label(r.layer, lang())})"
              for r in entries.itertuples()}
    pick = st.selectbox(t("vb_reverse_pick"), [None, *options], key="vb_reverse",
                        format_func=lambda o: t("choose") if o is None else labels[o])
    if pick is None:
        return
    layer, rid = pick.split("|", 1)
    hits = sugg.for_entry(layer, rid)
    if not hits:
        st.info(t("vb_reverse_nothing"))
    for w, s in hits[:8]:
        st.markdown(f"{_icon('wishes')} <b>{html_text(w.name)}</b> <small>· {s.score:g}"
                    "</small>", unsafe_allow_html=True)
        st.caption(md(s.why))


def candidate_entries(store: BaseStore, *, audience: str) -> pd.DataFrame:
    """``layer``, ``id``, ``name``, ``created_by`` of the entries ``audience`` may see."""
    layers = {layer: store.read(layer) for layer in schema.POINT_LAYERS}
    if audience == "public":
        layers = {k: g[g["status"] == "approved"] for k, g in layers.items()}
    ends = visible_entries(layers, audience=audience)
    parts = [pd.DataFrame({"layer": layer, "id": g["id"], "name": g["name"],
                           "created_by": layers[layer].loc[g.index, "created_by"]})
             for layer, g in ends.items() if len(g)]
    if not parts:
        return pd.DataFrame(columns=["layer", "id", "name", "created_by"])
    return pd.concat(parts, ignore_index=True)


def link_form(store: BaseStore, actor: Actor, entries: pd.DataFrame, *,
              sources: pd.DataFrame) -> None:
    """Make any link: from one of ``sources``, a kind that fits, to an entry or an
    institution. A resident's link waits for approval."""
    if sources.empty:
        st.caption(t("vb_form_no_sources"))
        return
    src_opts = [f"{r.layer}|{r.id}" for r in sources.itertuples()]
    names = {f"{r.layer}|{r.id}": f"{r.name} ({webmap.layer_label(r.layer, lang())})"
             for r in entries.itertuples()}
    names.update({f"{r.layer}|{r.id}": f"{r.name} ({webmap.layer_label(r.layer, lang())})"
                  for r in sources.itertuples()})
    src = st.selectbox(t("vb_form_from"), src_opts, key="vb_form_from", format_func=names.get)
    src_layer, src_id = src.split("|", 1)
    kinds = [k for k, (froms, _) in schema.LINK_RULES.items() if src_layer in froms]
    kind = st.selectbox(t("vb_form_kind"), kinds, key="vb_form_kind",
                        format_func=lambda k: schema.link_kind_label(k, lang()))
    tos = schema.LINK_RULES[kind][1]
    if tos == (schema.INSTITUTION,):
        dst = st.selectbox(t("vb_form_to"), [f"{schema.INSTITUTION}|{i}"
                                              for i in schema.INSTITUTIONS],
                           key="vb_form_to_inst",
                           format_func=lambda o: schema.institution_label(o.split("|")[1],
                                                                          lang()))
    else:
        targets = [f"{r.layer}|{r.id}" for r in entries.itertuples()
                   if r.layer in tos and r.id != src_id]
        dst = st.selectbox(t("vb_form_to"), [None, *targets], key="vb_form_to",
                           format_func=lambda o: t("choose") if o is None else names[o])
    note = st.text_input(t("vb_form_note"), key="vb_form_note", max_chars=500)
    if st.button(t("vb_form_make"), key="vb_form_make", disabled=dst is None, type="primary"):
        dst_layer, dst_id = dst.split("|", 1)
        with user_errors():
            store.add_link({"from_layer": src_layer, "from_id": src_id, "kind": kind,
                            "to_layer": dst_layer, "to_id": dst_id, "note": note or None},
                           actor=actor)
            flash(t("vb_form_made") if actor.facilitator else t("vb_form_made_pending"))
            st.rerun()


def links_list(view: pd.DataFrame) -> None:
    """Every link the viewer may see: a line in the style of its tie, who, how, which tie."""
    if view.empty:
        st.caption(t("vb_links_none"))
    for row in view.to_dict("records"):
        state = "" if row["status"] == "approved" else f" ({t('status_pending')})"
        text = (f"{row['from_name']} {schema.link_kind_label(row['kind'], lang())} "
                f"{row['to_name']} · {ties.tie_label(row['tie'], lang())}{state}")
        st.markdown(f"{tie_line_svg(row['tie'], 22)} {html_text(text)}",
                    unsafe_allow_html=True)


def pending_links(store: BaseStore, actor: Actor, view: pd.DataFrame) -> None:
    """Facilitator: links that wait for approval, with approve and hide buttons."""
    waiting = view[view["status"] == "pending"]
    st.markdown(f"**{t('vb_pending', n=len(waiting))}**")
    for row in waiting.to_dict("records"):
        c1, c2, c3 = st.columns([4, 1, 1], vertical_alignment="center")
        c1.markdown(md(f"{row['from_name']} {schema.link_kind_label(row['kind'], lang())} "
                       f"{row['to_name']}"))
        for col, status, label in ((c2, "approved", "mod_approve"), (c3, "hidden", "mod_hide")):
            if col.button(t(label), key=f"vb_{status}_{row['id']}"):
                with user_errors():
                    store.set_status("links", [row["id"]], status, actor=actor)
                    st.rerun()


def ties_section(result: ties.TiesResult) -> None:
    """The Putnam lens: the three rules, a count per buurt, and the buurten without a kind."""
    for tie in ties.TIES:
        st.markdown(f"{tie_line_svg(tie)} {html.escape(ties.rule(tie, lang()))}",
                    unsafe_allow_html=True)
    table = pd.DataFrame({t("buurt"): [result.names.get(c, c) for c in result.table.index]},
                         index=pd.Index(result.table.index, name="code"))
    for tie in ties.TIES:
        table[ties.tie_label(tie, lang())] = result.table[tie].astype(int)
    st.dataframe(table, width="stretch", key="ties_table")
    lines = ties.sentences(result, lang())
    if lines:
        st.markdown("\n".join(f"- {md(s)}" for s in lines))


def matchlist_download(store: BaseStore, *, include_private: bool) -> None:
    """A button that makes the matchlijst (PDF) and offers it for download."""
    from assetmap import printing

    if st.button(t("vb_matchlist_make"), key="vb_matchlist_make"):
        with user_errors(), st.spinner("…"):
            st.session_state["vb_matchlist"] = printing.render_bytes(
                printing.store_matchlist, store, fmt="pdf", include_private=include_private,
                lang="en" if lang() == "en" else "nl")
    pdf = st.session_state.get("vb_matchlist")
    if pdf:
        st.download_button(t("vb_matchlist_download"), pdf, file_name="matchlijst.pdf",
                           mime="application/pdf", key="vb_matchlist_dl", type="primary")
