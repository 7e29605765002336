"""Themaavond: the projector screen, the facilitator's moderation queue and managing evenings.

The screen refreshes itself (``st.fragment(run_every=…)``) and shows only what is safe on a
wall: approved entries of the evening, counts, the QR code to join, the newest entries (no
contact data, a talent's name only when the resident chose public).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from assetmap import evening, privacy, schema, webmap
from assetmap.config import is_loopback_url
from ui import auth, cache, moderation, style
from ui.errors import user_errors
from ui.i18n import lang, t
from ui.map_widget import show_map
from ui.state import app_url, evening_code, evening_query, page_guard
from ui.text import html_text, md

page_guard()
style.projector()

store = cache.store_or_stop()
cfg = cache.config()

evs = store.evenings()
evs = evs.sort_values(["open", "date", "created_at"], ascending=[False, False, False])
ids = list(evs["id"])
labels = {r["id"]: f"{r['title']} · {r['date']} · {r['join_code']}"
          + ("" if r["open"] else f" ({t('ev_closed')})") for _, r in evs.iterrows()}
by_code = {r["join_code"]: r["id"] for _, r in evs.iterrows()}
wanted = by_code.get(evening_code() or "")
# the projector link (themaavond?avond=CODE): a clean full-screen view, no sidebar, no switch
clean = bool(st.query_params.get("avond")) and wanted is not None
if clean:
    style.projector_clean()
    mode = "screen"
else:
    mode = st.radio(t("ev_mode"), ["screen", "moderate", "manage"], horizontal=True,
                    key="ev_mode", format_func=lambda m: t(f"ev_mode_{m}"))


def _pick_evening() -> str | None:
    """Facilitators choose among all evenings; everyone else sees only the evening whose code
    is in the link (the list would give away the join codes of every evening)."""
    if not ids:
        return None
    if not auth.is_facilitator():
        return wanted
    idx = ids.index(wanted) if wanted in ids else 0
    return st.selectbox(t("ev_pick"), ids, index=idx, key="ev_pick", format_func=labels.get)


# ---------------------------------------------------------------- projector screen
@st.fragment(run_every=cfg.refresh_s)
def screen(evening_id: str) -> None:
    ev = store.evening(evening_id)
    if ev is None:
        st.warning(t("ev_gone"))
        return
    s = evening.summary(store, evening_id)
    main, side = st.columns([3, 1], gap="large")
    with side:
        url = evening.join_url(app_url(), ev["join_code"], lang())
        if ev["open"] and is_loopback_url(url):  # a QR code no phone can open: say so instead
            st.error(t("ev_loopback", url=md(url)), icon=":material/wifi_off:")
        elif ev["open"]:
            st.image(evening.qr_png(url, box_size=8), caption=t("ev_scan"),
                     use_container_width=True)
        if ev["open"]:
            st.markdown(f"<div class='am-code'>{ev['join_code']}</div>", unsafe_allow_html=True)
            st.caption(url)
        else:
            st.info(t("ev_closed_screen"))
        st.markdown(f"**{t('ev_newest')}**")
        for item in s.newest:
            st.markdown(f"<div class='am-new'>{webmap.icon_svg(item['layer'], 18)} "
                        f"<span class='am-name'>{html_text(item['name'])}</span> "
                        f"<small>{html_text(item['buurt'])}</small></div>",
                        unsafe_allow_html=True)
        if not s.newest:
            st.caption(t("ev_nothing_yet"))
    with main:
        st.markdown(f"## {md(ev['title'])}")
        cols = st.columns(len(schema.POINT_LAYERS))
        for col, layer in zip(cols, schema.POINT_LAYERS, strict=True):
            col.metric(webmap.layer_label(layer, lang()), s.per_layer[layer],
                       help=t("ev_talents_total_help") if layer == "talents" else None)
        layers = {layer: store.read(layer, status="approved", evening_id=evening_id)
                  for layer in schema.POINT_LAYERS}
        buurten = store.buurten()
        m = webmap.build_map(layers, buurten, audience="public", lang=lang(),
                             static_url=cfg.static_url, streets=store.streets(),
                             talent_counts=privacy.live_counts(layers["talents"],
                                                               buurten["code"]))
        show_map(m, key=f"screen_map_{evening_id}", height=560)
        table = s.per_buurt.rename(columns={k: webmap.layer_label(k, lang())
                                            for k in schema.POINT_LAYERS})
        table = table.rename(columns={"buurt": t("buurt")})
        talents = webmap.layer_label("talents", lang())
        table[talents] = [privacy.public_count_text(v) for v in table[talents]]
        st.dataframe(table, use_container_width=True, hide_index=True)


def _act(fn, *args, **kwargs) -> None:
    """Run a facilitator action; a Dutch message instead of a traceback when it cannot be done
    (e.g. another facilitator already handled the entry)."""
    with user_errors():
        fn(*args, **kwargs)
        st.rerun()




# ---------------------------------------------------------------- managing evenings
def manage() -> None:
    actor = auth.actor()
    if is_loopback_url(app_url()):
        st.error(t("ev_loopback", url=md(app_url())), icon=":material/wifi_off:")
    with st.form("new_evening", clear_on_submit=True):
        st.subheader(t("ev_new"))
        title = st.text_input(t("ev_title"), key="ev_title")
        day = st.date_input(t("ev_date"), value=date.today(), key="ev_date")
        auto = st.checkbox(t("ev_auto"), value=False, key="ev_auto", help=t("ev_auto_help"))
        if st.form_submit_button(t("ev_create"), type="primary"):
            with user_errors():
                ev = store.create_evening(title, day, auto_approve=auto, actor=actor)
                st.success(t("ev_created").format(code=ev["join_code"]))
    st.subheader(t("ev_list"))
    fresh = store.evenings().sort_values(["open", "date", "created_at"],
                                         ascending=[False, False, False])
    for _, r in fresh.iterrows():
        c1, c2, c3 = st.columns([3, 1, 1])
        c1.markdown(f"**{md(r['title'])}** · {r['date']} · `{r['join_code']}` · "
                    f"[{t('ev_screen_link')}](themaavond?{evening_query(r['join_code'])})"
                    + ("" if r["open"] else f" · {t('ev_closed')}"))
        if r["open"] and st.session_state.get(f"closing_{r['id']}"):
            c1.warning(t("ev_close_confirm", title=md(r["title"])))
            if c2.button(t("ev_close_yes"), key=f"close_yes_{r['id']}", type="primary"):
                st.session_state.pop(f"closing_{r['id']}", None)
                _act(evening.close, store, r["id"], actor=actor)
            if c2.button(t("ev_close_no"), key=f"close_no_{r['id']}"):
                st.session_state.pop(f"closing_{r['id']}", None)
                st.rerun()
        elif r["open"]:
            if c2.button(t("ev_close"), key=f"close_{r['id']}"):
                st.session_state[f"closing_{r['id']}"] = True  # ask first: the code stops
                st.rerun()
        elif c2.button(t("ev_reopen"), key=f"open_{r['id']}"):
            _act(store.update_evening, r["id"], {"open": True}, actor=actor)
        auto_now = bool(r["auto_approve"])
        if c3.toggle(t("ev_auto_short"), value=auto_now, key=f"auto_{r['id']}") != auto_now:
            store.update_evening(r["id"], {"auto_approve": not auto_now}, actor=actor)
            st.rerun()


if mode == "screen":
    sel = wanted if clean else _pick_evening()
    if sel is not None:
        screen(sel)
    elif not ids:
        st.info(t("ev_none"))
    else:
        st.info(t("ev_screen_how"))
        if auth.login_box():
            st.rerun()
else:
    if auth.login_box():
        if mode == "moderate":
            moderation.queue_view(store, _pick_evening(), auth.actor())
        else:
            manage()
