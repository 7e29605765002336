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

# Okabe-Ito: colour-blind safe; lines differ in point shape too
_OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
              "#000000"]


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
    """A count of a table that already hid what must be hidden: null reads ``<3``.
    ``exact`` (workers) is kept for callers that pass exact tables."""
    if schema.is_na(v):
        return privacy.HIDDEN_COUNT_TEXT
    return str(int(v))


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


def _layer_name(layer: str) -> str:
    return schema.LAYERS[layer].label(lang()) if layer in schema.LAYERS else layer


def small_multiples(comp: history.Comparison, *, per_row: int = 3) -> None:
    """A small bar chart per buurt, all on one scale: each layer then and now (hidden counts
    drawn as 0, said below the charts)."""
    import altair as alt

    tab = comp.public_table()
    then, now = t("dt_then"), t("dt_now_col")
    names = {str(c): n for c, n in zip(comp.buurten["code"], comp.buurten["name"], strict=True)}
    order = [_layer_name(x) for x in comp.layers]
    top = max(1, int(tab[["before", "after"]].fillna(0).to_numpy().max(initial=0)))
    codes = list(tab["buurt_code"].dropna().unique())
    hidden = bool(tab[["before", "after"]].isna().any().any())
    for start in range(0, len(codes), per_row):
        cols = st.columns(per_row)
        for col, code in zip(cols, codes[start:start + per_row], strict=False):
            rows = tab[tab["buurt_code"] == code]
            data = pd.DataFrame({
                "laag": [_layer_name(x) for x in rows["layer"]] * 2,
                "moment": [then] * len(rows) + [now] * len(rows),
                "aantal": [0 if schema.is_na(v) else int(v)
                           for v in [*rows["before"], *rows["after"]]]})
            chart = alt.Chart(data).mark_bar().encode(
                y=alt.Y("laag:N", sort=order, title=None, axis=alt.Axis(labelLimit=160)),
                yOffset=alt.YOffset("moment:N", sort=[then, now]),
                x=alt.X("aantal:Q", title=None, scale=alt.Scale(domain=[0, top]),
                        axis=alt.Axis(tickMinStep=1, format="d")),
                color=alt.Color("moment:N", sort=[then, now], title=None,
                                scale=alt.Scale(domain=[then, now],
                                                range=["#B0B0B0", "#0072B2"]),
                                legend=alt.Legend(orient="bottom")),
                tooltip=["laag", "moment", "aantal"],
            ).properties(height=alt.Step(11), title=str(names.get(code, code)))
            with col:
                st.altair_chart(chart, width="stretch")
    if hidden:
        st.caption(t("dt_hidden_note", n=privacy.MIN_COUNT))


def _rate(v: object) -> str:
    if schema.is_na(v):
        return ""
    text = f"{float(v):.1f}"
    return text.replace(".", ",") if lang() == "nl" else text


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
        t("dt_per_1000"): [_rate(x) for x in tab["per_1000"]],
        t("dt_sources"): tab["sources"].astype("Int64"),
    })
    st.dataframe(view, hide_index=True, width="stretch")
    st.caption(t("dt_voices_note", n=privacy.MIN_COUNT))
    per_ev = v.per_evening if include_private else v.public_per_evening()
    if len(per_ev):
        names = dict(zip(v.table.index, v.table["name"], strict=True))
        rows = []
        for _, g in per_ev.groupby("evening_id", sort=False):
            row = {t("dt_date_col"): g["date"].iloc[0], t("dt_evening_col"): g["title"].iloc[0]}
            for code, x in zip(g["buurt_code"], g["voices"], strict=True):
                key = names.get(code, code) if isinstance(code, str) else t("dt_all_buurten")
                row[key] = _shown(x, include_private)
            rows.append(row)
        wide = pd.DataFrame(rows)
        st.markdown(f"**{t('dt_voices_per_evening')}**")
        st.dataframe(wide, hide_index=True, width="stretch")
    over = v.over_time if include_private else v.public_over_time()
    over = over[over["buurt_code"].notna()]
    if over["at"].nunique() > 1:
        import altair as alt

        names = dict(zip(v.table.index, v.table["name"], strict=True))
        labels = [history.date_text(pd.Timestamp(x).tz_convert(history.TIMEZONE).date(),
                                    lang(), year=False) for x in over["at"]]
        data = pd.DataFrame({"moment": labels, "buurt": [names.get(c, c) for c in
                                                           over["buurt_code"]],
                             "stemmen": over["voices"].astype("Float64").to_numpy(
                                 dtype=float, na_value=float("nan"))})
        data["moment"] = [t("dt_now_col") if i == len(labels) - 1 or lab == labels[-1]
                          else lab for i, lab in enumerate(labels)]
        order = list(dict.fromkeys(data["moment"]))
        chart = alt.Chart(data.dropna()).mark_line(point=True).encode(
            x=alt.X("moment:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("stemmen:Q", title=t("dt_voices"), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("buurt:N", title=None, scale=alt.Scale(range=_OKABE_ITO),
                            legend=alt.Legend(orient="bottom", columns=3)),
            shape=alt.Shape("buurt:N", title=None, legend=None),
            tooltip=["buurt", "moment", "stemmen"]).properties(height=240)
        st.markdown(f"**{t('dt_voices_over_time')}**")
        st.altair_chart(chart, width="stretch")
