"""The analysis in words and rows: plain-Dutch sentences, JSON and CSV for the CLI and page.

Sentences are short (B1) and stand on their own, so that a worker can paste one into a report:
"In Spoorkwartier ligt 36% van het gebied verder dan 400 m van een ontmoetingsplek."
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .. import i18n, schema
from . import ProjectAnalysis, public_table
from .clusters import ClusterResult, HotspotResult
from .gaps import GapsResult

# plural and singular nouns per layer, lower case, for sentences
NOUNS: dict[str, tuple[str, str]] = {
    "meeting_places": ("ontmoetingsplekken", "ontmoetingsplek"),
    "talents": ("talenten", "talent"),
    "associations": ("verenigingen", "vereniging"),
    "entrepreneurs": ("lokale ondernemers", "lokale ondernemer"),
}

#: measures of the table per layer: (key, Dutch label, unit)
MEASURES: dict[str, tuple[str, str]] = {
    "count": ("aantal", "aantal"),
    "per_1000": ("per 1.000 inwoners", "per 1.000 inwoners"),
    "per_km2": ("per km²", "per km²"),
}


def number_nl(value: float, decimals: int = 1, lang: str = "nl") -> str:
    """``1234.5`` -> ``"1.234,5"`` (``"1,234.5"`` in English); whole numbers without
    decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return i18n.text("ans_unknown", lang)
    if decimals == 0 or float(value).is_integer():
        s = f"{round(value):,}"
    else:
        s = f"{value:,.{decimals}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else s


def percent_nl(share: float, lang: str = "nl") -> str:
    """``0.3589`` -> ``"36%"``; below 1 % but above 0 -> ``"minder dan 1%"``."""
    p = share * 100
    if 0 < p < 1:
        return i18n.text("ans_less_than_1pct", lang)
    if 99 < p < 100:
        return i18n.text("ans_more_than_99pct", lang)
    return f"{round(p)}%"


def noun(layer: str, n: int, lang: str = "nl") -> str:
    """The lower-case noun of ``layer`` for ``n`` things (``ontmoetingsplek(ken)``)."""
    if lang == "nl":
        return NOUNS[layer][1 if n == 1 else 0]
    return i18n.text(f"ans_noun_{layer}{'_1' if n == 1 else ''}", lang)


def _name(row: pd.Series, code: str) -> str:
    name = row.get("name")
    return str(name) if name is not None and not pd.isna(name) and str(name).strip() else code


def _join_nl(items: list[str], lang: str = "nl") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {i18n.text('hist_and', lang)} " + items[-1]



# --------------------------------------------------------------------------- sentences


def coverage_sentences(result: GapsResult, lang: str = "nl") -> list[str]:
    """One sentence per buurt about the area far from a meeting place (largest share first)."""
    t = result.table
    if "uncovered_share" not in t.columns:
        return []
    how = i18n.text("ans_by_street", lang) if result.method == "network" else ""
    dist = f"{number_nl(result.threshold_m, 0, lang)} m"
    out = []
    for code, row in t.sort_values("uncovered_share", ascending=False).iterrows():
        share = row["uncovered_share"]
        if schema.is_na(share):
            continue
        name = _name(row, str(code))
        if share <= 0.005:
            out.append(i18n.text("ans_cover_all", lang, name=name, dist=dist, how=how))
        elif share >= 0.995:
            out.append(i18n.text("ans_cover_none", lang, name=name, dist=dist, how=how))
        else:
            out.append(i18n.text("ans_cover_share", lang, name=name, dist=dist, how=how,
                                 share=percent_nl(share, lang)))
    return out


def missing_sentences(result: GapsResult, *, layers: Iterable[str] | None = None,
                      lang: str = "nl") -> list[str]:
    """"De Akkers heeft geen ontmoetingsplekken en geen verenigingen." per buurt that lacks a
    layer; "Spoorkwartier heeft maar één ontmoetingsplek." for a single meeting place."""
    t = result.table
    names = [n for n in (layers or result.layers) if n in t.columns]
    out = []
    for code, row in t.iterrows():
        name = _name(row, str(code))
        none = [noun(n, 2, lang) for n in names if row.get(f"{n}_none") is True or
                (not schema.is_na(row.get(n)) and row.get(n) == 0)]
        if none:
            what = _join_nl([i18n.text("ans_no", lang, noun=n) for n in none], lang)
            out.append(i18n.text("ans_has_none", lang, name=name, what=what))
        if "meeting_places" in names and row.get("meeting_places") == 1:
            out.append(i18n.text("ans_only_one_place", lang, name=name))
    return out


def inhabitants_sentences(result: GapsResult, lang: str = "nl") -> list[str]:
    """A sentence per buurt whose inhabitants are unknown (no rates per 1,000 there)."""
    t = result.table
    out = []
    if "inwoners" not in t.columns:
        return out
    for code, row in t.iterrows():
        if schema.is_na(row["inwoners"]):
            out.append(i18n.text("ans_inhabitants_unknown", lang, name=_name(row, str(code))))
    return out


def rate_sentences(result: GapsResult, layer: str = "meeting_places",
                   lang: str = "nl") -> list[str]:
    """The buurt with the fewest and the most ``layer`` per 1,000 inhabitants, with the
    average over buurten with known inhabitants."""
    col = f"{layer}_per_1000"
    t = result.table
    if col not in t.columns:
        return []
    known = t[t[col].notna()]
    if len(known) < 2:
        return []
    vals = known[col].astype(float)
    lo, hi = vals.idxmin(), vals.idxmax()
    total = known[layer].sum() / known["inwoners"].astype(float).sum() * 1000
    return [i18n.text("ans_rate", lang, low=_name(known.loc[lo], lo),
                      noun=noun(layer, 2, lang), low_rate=number_nl(vals[lo], lang=lang),
                      high=_name(known.loc[hi], hi), high_rate=number_nl(vals[hi], lang=lang),
                      mean=number_nl(total, lang=lang))]


def cluster_sentences(result: ClusterResult, names: dict[str, str] | None = None,
                      lang: str = "nl") -> list[str]:
    """How many clusters, and where the largest is."""
    names = names or {}
    eps = f"{number_nl(result.eps_m, 0, lang)} m"
    n = result.n_clusters
    if n == 0:
        return [i18n.text("ans_no_clusters", lang, k=result.min_samples, eps=eps)]
    c = result.clusters.iloc[0]
    where = _join_nl([names.get(code, code) for code in c["buurten"]], lang)
    parts = [f"{int(c[layer])} {noun(layer, int(c[layer]), lang)}"
             for layer in result.layers if layer in c and int(c[layer]) > 0]
    s = i18n.text("ans_clusters_1" if n == 1 else "ans_clusters", lang, n=n,
                  k=result.min_samples, eps=eps, size=int(c["size"]),
                  parts=_join_nl(parts, lang))
    s += i18n.text("ans_clusters_where", lang, where=where) if where else "."
    return [s]


def hotspot_sentences(result: HotspotResult | None, names: dict[str, str] | None = None,
                      *, label: str | None = None, lang: str = "nl") -> list[str]:
    if result is None:
        return []
    label = label or i18n.text("ans_places_per_1000", lang)
    names = names or {}
    hot = [names.get(c, c) for c in result.table.index[result.table["spot"] == "hot"]]
    cold = [names.get(c, c) for c in result.table.index[result.table["spot"] == "cold"]]
    out = []
    if hot:
        out.append(i18n.text("ans_hot", lang, label=label, where=_join_nl(hot, lang)))
    if cold:
        out.append(i18n.text("ans_cold", lang, label=label, where=_join_nl(cold, lang)))
    if not out:
        out.append(i18n.text("ans_no_spots", lang, label=label))
    return out


def sentences(analysis: ProjectAnalysis, *, hot: HotspotResult | None = None,
              lang: str = "nl") -> list[str]:
    """All sentences of the analysis, most telling first (Dutch unless ``lang``)."""
    g = analysis.gaps
    names = {str(c): _name(r, str(c)) for c, r in g.table.iterrows()}
    out = coverage_sentences(g, lang) + missing_sentences(g, lang=lang) + \
        inhabitants_sentences(g, lang)
    if "meeting_places" in g.layers:
        out += rate_sentences(g, "meeting_places", lang)
    out += cluster_sentences(analysis.clusters, names, lang)
    out += hotspot_sentences(hot, names, lang=lang)
    return out


# --------------------------------------------------------------------------- JSON and CSV


def _num(v: Any, digits: int = 4) -> float | int | None:
    if schema.is_na(v):
        return None
    f = float(v)
    return int(f) if f.is_integer() and digits == 0 else round(f, digits)


def report_dict(analysis: ProjectAnalysis, *, include_private: bool = False) -> dict[str, Any]:
    """The JSON report: ``buurten`` rows (``code``, ``name``, ``inwoners``, ``count``,
    ``per_1000``, ``per_km2`` (each {layer: value}), ``uncovered_share``) and ``clusters``
    (``id``, ``size``, ``count`` {layer: n}, ``hull`` as WKT in EPSG:4326).

    Without ``include_private`` talent counts below :data:`~assetmap.privacy.MIN_COUNT` per
    buurt are null (as on the map).
    """
    g = analysis.gaps
    t = g.table if include_private else public_table(g.table, shown=g.public_talents)
    rows = []
    for code, r in t.iterrows():
        rows.append({
            "code": str(code),
            "name": None if schema.is_na(r.get("name")) else str(r.get("name")),
            "inwoners": _num(r.get("inwoners"), 0),
            "count": {layer: _num(r[layer], 0) for layer in g.layers},
            "per_1000": {layer: _num(r[f"{layer}_per_1000"]) for layer in g.layers},
            "per_km2": {layer: _num(r[f"{layer}_per_km2"]) for layer in g.layers},
            "uncovered_share": _num(r.get("uncovered_share")),
        })
    clusters = []
    c = analysis.clusters
    for _, r in c.clusters.iterrows():
        clusters.append({
            "id": int(r["id"]),
            "size": int(r["size"]),
            "count": {layer: int(r[layer]) for layer in c.layers},
            "hull": r.geometry.wkt,
        })
    return {"buurten": rows, "clusters": clusters}


def report_frame(analysis: ProjectAnalysis, *, include_private: bool = False,
                 lang: str = "en") -> pd.DataFrame:
    """One flat row per buurt (for CSV/XLSX): ``code``, ``name``, ``inwoners``,
    ``{layer}_count``, ``{layer}_per_1000``, ``{layer}_per_km2`` per layer, ``uncovered_share``.

    ``lang="nl"`` gives Dutch column headers (for the page's downloads).
    """
    g = analysis.gaps
    t = g.table if include_private else public_table(g.table, shown=g.public_talents)
    df = pd.DataFrame({"code": t.index.astype(str), "name": t["name"].to_numpy(),
                       "inwoners": t["inwoners"].array})
    for layer in g.layers:
        df[f"{layer}_count"] = t[layer].astype("Int64").array
        df[f"{layer}_per_1000"] = t[f"{layer}_per_1000"].astype("Float64").round(3).array
        df[f"{layer}_per_km2"] = t[f"{layer}_per_km2"].astype("Float64").round(3).array
    if "uncovered_share" in t.columns:
        df["uncovered_share"] = t["uncovered_share"].astype(float).round(4).to_numpy()
    if lang == "nl":
        df = df.rename(columns=dutch_headers(g.layers))
    return df


#: Dutch headers of the voices and ties columns of the analysis CSV
VOICE_HEADERS = {
    "voices": "Stemmen", "voices_residents": "Stemmen van bewoners",
    "voices_paper": "Stemmen van papier", "voices_per_1000": "Stemmen per 1.000 inwoners",
    "voices_sources": "Bronnen (geen stemmen)", "bonding": "Banden binnen de groep",
    "bridging": "Banden over grenzen heen", "linking": "Banden met instellingen",
}


def dutch_headers(layers: Iterable[str]) -> dict[str, str]:
    """Column name -> Dutch header for :func:`report_frame`."""
    heads = {"code": "Buurtcode", "name": "Buurt", "inwoners": "Inwoners",
             "uncovered_share": "Deel verder dan drempel (0-1)"}
    for layer in layers:
        label = schema.LAYERS[layer].label_nl
        heads[f"{layer}_count"] = label
        heads[f"{layer}_per_1000"] = f"{label} per 1.000 inwoners"
        heads[f"{layer}_per_km2"] = f"{label} per km²"
    return heads


# --------------------------------------------------------------------------- downloads


def csv_bytes(df: pd.DataFrame, *, dialect: str = "excel-nl") -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads the accents) with formula cells made inert, in
    ``dialect``: ``excel-nl`` (``;`` and a decimal comma, for Dutch Excel) or ``machine``
    (``,`` and a decimal point); see :mod:`assetmap.io.csvdialect`."""
    from ..io.csvdialect import csv_bytes as _csv

    return _csv(df, dialect=dialect)


def xlsx_bytes(df: pd.DataFrame, *, sheet: str = "Analyse") -> bytes:
    """An Excel workbook of ``df`` with formula cells made inert (openpyxl)."""
    import io

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        _neutral(df).to_excel(xw, index=False, sheet_name=sheet[:31])
    return buf.getvalue()


def _neutral(df: pd.DataFrame) -> pd.DataFrame:
    from ..io.export import neutralise_frame

    return neutralise_frame(df)
