"""Who has been heard: how many different people added something, per buurt, per theme
evening and over time ("de verschillende stemmen in de wijk laten horen").

A *voice* is one contributor:

- a resident, known only by the random token of their phone or personal link (``created_by``
  of an entry added through a form);
- a paper sheet: entries typed in from a worksheet carry ``created_by = "papier:<sheet>"``.

Entries from imports, OpenStreetMap and the demo, and entries a worker added under the
worker's own name, are *bronnen* (sources): counted apart, never as voices. A voice counts in
every buurt where it added something that is approved or waiting for approval (hidden entries
do not count). Entries that were withdrawn, erased or deleted are not counted: a contributor
who asked to be forgotten is not counted either.

Only counts leave this module, never a token. In public output a count of voices from 1 to
``privacy.MIN_COUNT - 1`` is hidden (with its rate per 1,000 inhabitants), and when the split
into residents and paper sheets would show such a small number, that split is hidden too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import i18n, privacy, schema
from .moments import evening_moments, now_moment

RESIDENT_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PAPER_PREFIX = "papier:"
SOURCE_KINDS = ("import", "osm", "demo")


def contributor_kind(created_by: Any, source: Any) -> str:
    """``papier`` (a worksheet), ``bewoner`` (a resident's token) or ``bron`` (an import,
    OpenStreetMap, the demo, a worker)."""
    who = "" if schema.is_na(created_by) else str(created_by)
    if who.startswith(PAPER_PREFIX):
        return "papier"
    src = "" if schema.is_na(source) else str(source)
    if src not in SOURCE_KINDS and RESIDENT_TOKEN.match(who):
        return "bewoner"
    return "bron"


def entries_frame(layers: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The entries of every layer that count (approved or pending), with the columns this
    module needs: ``layer``, ``buurt_code``, ``created_by``, ``source``, ``evening_id``,
    ``created_at`` and ``kind`` (:func:`contributor_kind`)."""
    cols = ["buurt_code", "created_by", "source", "evening_id", "created_at"]
    parts = []
    for layer, g in layers.items():
        if len(g) == 0:
            continue
        keep = g[g["status"].isin(["approved", "pending"])]
        parts.append(pd.DataFrame({c: keep[c].to_numpy() for c in cols}).assign(layer=layer))
    if not parts:
        return pd.DataFrame(columns=[*cols, "layer", "kind"])
    out = pd.concat(parts, ignore_index=True)
    out["kind"] = [contributor_kind(w, s) for w, s in zip(out["created_by"], out["source"],
                                                           strict=True)]
    return out


@dataclass(frozen=True)
class Voices:
    """Voices per buurt, per evening and over time (exact; see :meth:`public_table`).

    Attributes
    ----------
    table
        Index buurt code; ``name``, ``inwoners``, ``voices`` (different contributors),
        ``residents`` (tokens), ``paper`` (sheets), ``per_1000`` (voices per 1,000
        inhabitants) and ``sources`` (entries from imports, OSM, the demo, workers).
    per_evening
        ``evening_id``, ``title``, ``date``, ``buurt_code`` (``None`` = all buurten together)
        and ``voices`` heard at that evening.
    over_time
        ``at`` (the moment each evening closed, and now), ``label``, ``buurt_code`` (``None`` =
        all buurten) and ``voices`` heard up to then.
    """

    table: pd.DataFrame
    per_evening: pd.DataFrame
    over_time: pd.DataFrame

    def public_table(self) -> pd.DataFrame:
        """:attr:`table` as the public may see it: small counts null (``Int64``/``Float64``)."""
        t = self.table.copy()
        for c in ("voices", "residents", "paper", "sources"):
            t[c] = t[c].astype("Int64")
        t["per_1000"] = t["per_1000"].astype("Float64")
        small = t["voices"].map(privacy.is_small).astype(bool)
        split = small | t["residents"].map(privacy.is_small).astype(bool) | \
            t["paper"].map(privacy.is_small).astype(bool)
        t.loc[small, ["voices", "per_1000"]] = pd.NA
        t.loc[split, ["residents", "paper"]] = pd.NA
        return t

    def public_per_evening(self) -> pd.DataFrame:
        """:attr:`per_evening` with small counts null."""
        return _hide(self.per_evening)

    def public_over_time(self) -> pd.DataFrame:
        """:attr:`over_time` with small counts null."""
        return _hide(self.over_time)


def _hide(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["voices"] = out["voices"].astype("Int64")
    out.loc[out["voices"].map(privacy.is_small).astype(bool), "voices"] = pd.NA
    return out


def _distinct(entries: pd.DataFrame) -> pd.Series:
    """Different voices per buurt code (entries of voices only)."""
    v = entries[entries["kind"] != "bron"]
    return v.groupby("buurt_code")["created_by"].nunique()


def voices(entries: pd.DataFrame, buurten: gpd.GeoDataFrame,
           evenings: pd.DataFrame | None = None, *, now: datetime | None = None) -> Voices:
    """Count the voices of ``entries`` (:func:`entries_frame`) per buurt of ``buurten``, per
    evening of ``evenings`` and at the moment each evening closed."""
    codes = [str(c) for c in buurten["code"]] if len(buurten) else []
    names = dict(zip(codes, buurten["name"], strict=True)) if codes else {}
    inw = dict(zip(codes, buurten["inwoners"], strict=True)) if codes else {}
    e = entries.copy()
    e["buurt_code"] = e["buurt_code"].astype(object).where(e["buurt_code"].notna(), None)
    total = _distinct(e)
    res = _distinct(e[e["kind"] == "bewoner"])
    pap = _distinct(e[e["kind"] == "papier"])
    src = e[e["kind"] == "bron"].groupby("buurt_code").size()
    rows = []
    for code in codes:
        n = int(total.get(code, 0))
        people = inw.get(code)
        rate = None if schema.is_na(people) or people <= 0 else n / float(people) * 1000
        rows.append({"code": code, "name": names.get(code), "inwoners": people, "voices": n,
                     "residents": int(res.get(code, 0)), "paper": int(pap.get(code, 0)),
                     "per_1000": rate, "sources": int(src.get(code, 0))})
    table = pd.DataFrame(rows, columns=["code", "name", "inwoners", "voices", "residents",
                                        "paper", "per_1000", "sources"]).set_index("code")
    table["inwoners"] = table["inwoners"].astype("Int64")
    table["per_1000"] = table["per_1000"].astype(float)
    voiced = e[e["kind"] != "bron"]
    per_evening = _per_evening(voiced, evenings, codes)
    over_time = _over_time(voiced, evenings, codes, now=now)
    return Voices(table=table, per_evening=per_evening, over_time=over_time)


def _per_evening(voiced: pd.DataFrame, evenings: pd.DataFrame | None,
                 codes: list[str]) -> pd.DataFrame:
    rows = []
    if evenings is not None:
        for _, ev in evenings.sort_values("date", kind="stable").iterrows():
            mine = voiced[voiced["evening_id"] == ev["id"]]
            by = mine.groupby("buurt_code")["created_by"].nunique()
            base = {"evening_id": ev["id"], "title": ev["title"], "date": ev["date"]}
            rows.append({**base, "buurt_code": None, "voices": int(mine["created_by"].nunique())})
            rows += [{**base, "buurt_code": c, "voices": int(by.get(c, 0))} for c in codes]
    return pd.DataFrame(rows, columns=["evening_id", "title", "date", "buurt_code", "voices"])


def _over_time(voiced: pd.DataFrame, evenings: pd.DataFrame | None, codes: list[str], *,
               now: datetime | None) -> pd.DataFrame:
    last = now_moment(now)
    moments = [m for m in (evening_moments(evenings, now=last.at)
                           if evenings is not None and len(evenings) else [])
               if m.at < last.at]  # an open evening is now
    moments.append(last)
    t = pd.to_datetime(voiced["created_at"], utc=True, format="ISO8601") if len(voiced) \
        else pd.Series([], dtype="datetime64[ns, UTC]")
    rows = []
    for m in moments:
        upto = voiced[(t <= m.at).to_numpy()] if len(voiced) else voiced
        by = upto.groupby("buurt_code")["created_by"].nunique()
        label = m.title or m.label("nl")
        rows.append({"at": m.at, "label": label, "buurt_code": None,
                     "voices": int(upto["created_by"].nunique())})
        rows += [{"at": m.at, "label": label, "buurt_code": c, "voices": int(by.get(c, 0))}
                 for c in codes]
    return pd.DataFrame(rows, columns=["at", "label", "buurt_code", "voices"])


# --------------------------------------------------------------------------- words and rows


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {i18n.text('hist_and', lang)} " + items[-1]


def _num(v: float, lang: str) -> str:
    s = f"{v:,.1f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else s


def sentences(v: Voices, *, lang: str = "nl") -> list[str]:
    """Sentences for the worker: which buurten have hardly been heard yet ("In De Akkers is
    nog bijna niemand gehoord: ga daar eens langs met de buurtbus."), the buurten heard least
    and most per 1,000 inhabitants, and how many voices in all (small counts hidden)."""
    t = v.public_table()
    name = {c: (r["name"] if isinstance(r["name"], str) and r["name"] else c)
            for c, r in t.iterrows()}
    out = []
    few = [name[c] for c, r in t.iterrows() if schema.is_na(r["voices"])
           or int(r["voices"]) < privacy.MIN_COUNT]
    if few:
        out.append(i18n.text("voices_few", lang, buurten=_join(few, lang)))
    elif len(t):
        out.append(i18n.text("voices_all", lang, n=privacy.MIN_COUNT))
    known = t[t["per_1000"].notna()]
    if len(known) >= 2:
        lo = known["per_1000"].astype(float).idxmin()
        hi = known["per_1000"].astype(float).idxmax()
        if lo != hi:
            out.append(i18n.text("voices_rate", lang, low=name[lo],
                                 low_rate=_num(float(known.at[lo, "per_1000"]), lang),
                                 high=name[hi],
                                 high_rate=_num(float(known.at[hi, "per_1000"]), lang)))
    everyone = v.public_over_time()
    everyone = everyone[everyone["buurt_code"].isna()]
    if len(everyone):
        n = everyone["voices"].iloc[-1]
        if not schema.is_na(n) and int(n) > 0:
            out.append(i18n.text("voices_total", lang, n=int(n)))
    n_src = int(v.table["sources"].sum()) if len(v.table) else 0
    if n_src:
        out.append(i18n.text("voices_sources", lang, n=n_src))
    return out


def report_rows(v: Voices, *, include_private: bool = False) -> list[dict[str, Any]]:
    """Per buurt for ``assetmap analyse``: ``code``, ``name``, ``voices``, ``residents``,
    ``paper``, ``per_1000`` and ``sources`` (small counts null unless ``include_private``)."""
    t = v.table if include_private else v.public_table()
    rows = []
    for code, r in t.iterrows():
        rows.append({"code": str(code),
                     "name": None if schema.is_na(r["name"]) else str(r["name"]),
                     **{k: None if schema.is_na(r[k]) else int(r[k])
                        for k in ("voices", "residents", "paper", "sources")},
                     "per_1000": None if schema.is_na(r["per_1000"])
                     else round(float(r["per_1000"]), 3)})
    return rows


def voices_store(store: Any, *, now: datetime | None = None) -> Voices:
    """:func:`voices` of a project's current entries, buurten and evenings."""
    layers = {layer: store.read(layer) for layer in schema.LAYERS}
    return voices(entries_frame(layers), store.buurten(), store.evenings(), now=now)


def with_report_columns(frame: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The analysis CSV (one row per buurt, column ``code``) with the voices of
    :func:`report_rows` added at the end: ``voices``, ``voices_residents``, ``voices_paper``,
    ``voices_per_1000`` and ``voices_sources``."""
    by = {r["code"]: r for r in rows}
    out = frame.copy()
    for key, col in (("voices", "voices"), ("residents", "voices_residents"),
                     ("paper", "voices_paper"), ("sources", "voices_sources")):
        out[col] = pd.array([by.get(str(c), {}).get(key) for c in out["code"]], dtype="Int64")
    out["voices_per_1000"] = pd.array([by.get(str(c), {}).get("per_1000") for c in out["code"]],
                                      dtype="Float64")
    return out
