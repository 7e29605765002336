"""Helpers of the Door de tijd page: choosing two moments, the charts and tables per buurt,
and who has been heard."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assetmap import privacy, schema
from assetmap.analysis import history
from assetmap.analysis.voices import Voices
from assetmap.store import BaseStore
from ui.i18n import lang, t
from ui.text import md

_NOW, _DATE = "now", "date"


def _options(store: BaseStore) -> list[tuple[str, history.Moment | None]]:
    """(label, moment) per choice: each evening, now, a date of one's own."""
    out: list[tuple[str, history.Moment | None]] = []
    for m in history.evening_moments(store.evenings()):
        when = history.date_text(m.day, lang()) if m.day else ""
        out.append((t("dt_evening_option", title=m.title, date=when), m))
    out.append((t("dt_now"), None))
    out.append((t("dt_pick_date"), None))
    return out


def pick_moments(store: BaseStore) -> tuple[history.Moment, history.Moment]:
    """Two pickers side by side (under each other on a phone): 'from' and 'to'. A choice is
    an evening, now, or a date; 'from' starts at the first evening, 'to' at now."""
    opts = _options(store)
    n_ev = len(opts) - 2
    c1, c2 = st.columns(2)
    with c1:
        frm = _pick(t("dt_from"), opts, key="dt_from", default=0 if n_ev else len(opts) - 1)
    with c2:
        to = _pick(t("dt_to"), opts, key="dt_to", default=n_ev)
    return frm, to


def _pick(label: str, opts: list[tuple[str, history.Moment | None]], *, key: str,
          default: int) -> history.Moment:
    i = st.selectbox(label, range(len(opts)), index=default, key=key,
                     format_func=lambda k: opts[k][0])
    chosen = opts[i][1]
    if chosen is not None:
        return chosen
    if i == len(opts) - 2:
        return history.now_moment()
    day = st.date_input(t("dt_date"), value=date.today(), key=f"{key}_date",
                        format="DD-MM-YYYY")
    return history.date_moment(day)


def sentences(lines: list[str]) -> None:
    """Sentences as a list, shown as typed (buurt names may hold Markdown characters)."""
    st.markdown("\n".join(f"- {md(s)}" for s in lines) or t("dt_nothing"))


def _shown(v: object, exact: bool = False) -> str:
    """A count as text: hidden ones (null) read ``<3``; ``exact`` for workers."""
    if schema.is_na(v):
        return privacy.HIDDEN_COUNT_TEXT
    return str(int(v)) if exact or not int(v) else privacy.public_count_text(v)


def counts_table(comp: history.Comparison) -> pd.DataFrame:
    """Per buurt and layer: then, now, added, removed, as text (hidden counts read ``<3``)."""
    tab = comp.public_table()
    exact = comp.include_private
    names = {str(c): n for c, n in zip(comp.buurten["code"], comp.buurten["name"], strict=True)}
    out = pd.DataFrame({
        t("buurt"): [names.get(c, c) if isinstance(c, str) else t("dt_outside")
                     for c in tab["buurt_code"]],
        t("dt_layer"): [schema.LAYERS[x].label(lang()) if x in schema.LAYERS else x
                        for x in tab["layer"]],
        t("dt_then"): [_shown(v, exact) for v in tab["before"]],
        t("dt_now_col"): [_shown(v, exact) for v in tab["after"]],
        t("dt_added"): [_shown(v, exact) for v in tab["added"]],
        t("dt_removed"): [_shown(v, exact) for v in tab["removed"]],
    })
    return out


def small_multiples(comp: history.Comparison, *, per_row: int = 3) -> None:
    """A small bar chart per buurt: each layer then and now (hidden counts left out, said
    below the charts)."""
    tab = comp.public_table()
    then, now = t("dt_then"), t("dt_now_col")
    names = {str(c): n for c, n in zip(comp.buurten["code"], comp.buurten["name"], strict=True)}
    codes = [c for c in tab["buurt_code"].dropna().unique()]
    hidden = False
    for start in range(0, len(codes), per_row):
        cols = st.columns(per_row)
        for col, code in zip(cols, codes[start:start + per_row], strict=False):
            rows = tab[tab["buurt_code"] == code]
            hidden |= bool(rows[["before", "after"]].isna().any().any())
            data = pd.DataFrame({
                t("dt_layer"): [schema.LAYERS[x].label(lang()) if x in schema.LAYERS else x
                                for x in rows["layer"]],
                then: rows["before"].astype("Float64").to_numpy(dtype=float, na_value=0.0),
                now: rows["after"].astype("Float64").to_numpy(dtype=float, na_value=0.0)})
            with col:
                st.markdown(f"**{md(names.get(code, code))}**")
                st.bar_chart(data, x=t("dt_layer"), y=[then, now], stack=False,
                             horizontal=True, height=190, color=["#B0B0B0", "#0072B2"],
                             x_label="", y_label="")
    if hidden:
        st.caption(t("dt_hidden_note", n=privacy.MIN_COUNT))


def voices_section(v: Voices, *, include_private: bool) -> None:
    """Who has been heard: sentences, a table per buurt, and voices over time."""
    from assetmap.analysis import voices as voices_mod

    sentences(voices_mod.sentences(v, lang=lang()))
    tab = v.table if include_private else v.public_table()
    view = pd.DataFrame({
        t("buurt"): [n if isinstance(n, str) else c for c, n in tab["name"].items()],
        t("dt_voices"): [_shown(x, include_private) for x in tab["voices"]],
        t("dt_residents"): [_shown(x, include_private) for x in tab["residents"]],
        t("dt_paper"): [_shown(x, include_private) for x in tab["paper"]],
        t("dt_per_1000"): tab["per_1000"].astype("Float64").round(1),
        t("dt_sources"): tab["sources"].astype("Int64"),
    })
    st.dataframe(view, hide_index=True, width="stretch")
    st.caption(t("dt_voices_note", n=privacy.MIN_COUNT))
    over = v.over_time if include_private else v.public_over_time()
    over = over[over["buurt_code"].notna()]
    if over["at"].nunique() > 1:
        names = dict(zip(v.table.index, v.table["name"], strict=True))
        wide = over.assign(buurt=[names.get(c, c) for c in over["buurt_code"]]).pivot_table(
            index="at", columns="buurt", values="voices", aggfunc="first", sort=False)
        wide.index = [pd.Timestamp(x).tz_convert(history.TIMEZONE).date() for x in wide.index]
        st.markdown(f"**{t('dt_voices_over_time')}**")
        st.line_chart(wide.astype("Float64"), height=240, x_label="", y_label=t("dt_voices"))
