"""'Lijst van alles op de kaart': the public map as tables a screen reader can read.

A real HTML table per layer (``<table>`` with a ``<caption>`` and column headers, headings
above), not ``st.dataframe`` (a canvas that screen readers cannot read). Every user text goes
through :func:`ui.text.html_text`, so a hostile name stays text. The rows come from
:mod:`assetmap.listing` (the public map's own privacy rule); filters by name, buurt and layer.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import streamlit as st

from assetmap import listing, schema, webmap
from assetmap.webmap.text import TEXT
from ui.i18n import lang, t
from ui.tables import fmt_number
from ui.text import html_text

_CSS = """<style>
.am-list h2 { font-size: 1.4rem; margin: 1.2rem 0 .4rem 0; }
.am-list table { border-collapse: collapse; width: 100%; margin-bottom: .6rem; }
.am-list caption { text-align: start; font-weight: 600; padding: .2rem 0; color: #31333f; }
.am-list th, .am-list td { text-align: start; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid #c9cbd1; overflow-wrap: break-word; }
.am-list td.am-name { overflow-wrap: anywhere; width: 45%; }
.am-list .am-n { font-weight: 600; }
.am-list thead th { background: #f0f2f6; }
.am-list details { margin-top: .15rem; }
.am-list details summary { cursor: pointer; color: #1b4f9c; text-decoration: underline;
  font-size: .92rem; }
.am-list details summary:focus-visible { outline: 3px solid #1b4f9c; outline-offset: 2px; }
.am-list dl { margin: .3rem 0 0 0; } .am-list dt { font-weight: 600; }
.am-list dd { margin: 0 0 .3rem 0; }
.am-list .am-scroll { overflow-x: auto; }
.am-list .am-scroll:focus-visible { outline: 3px solid #1b4f9c; }
.am-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
</style>"""


def link() -> None:
    """A link to the list page, first on the Kaart page (before the map)."""
    st.page_link("pages/lijst.py", label=t("list_link"), icon=":material/list:")


def _filters(buurten: gpd.GeoDataFrame, key: str) -> tuple[str, str | None, str | None]:
    codes = list(buurten["code"]) if len(buurten) else []
    names = dict(zip(buurten["code"], buurten["name"], strict=True)) if codes else {}
    c1, c2, c3 = st.columns([1, 1, 1])
    with c1:
        query = st.text_input(t("search"), key=f"{key}_q", help=t("list_search_help"))
    with c2:
        buurt = st.selectbox(t("filter_buurt"), [""] + codes, key=f"{key}_buurt",
                             format_func=lambda c: names.get(c) or c if c else t("all_buurten"))
    with c3:
        layer = st.selectbox(t("list_layer"), ["", *schema.POINT_LAYERS], key=f"{key}_layer",
                             format_func=lambda k: webmap.layer_label(k, lang()) if k
                             else t("list_all_layers"))
    return query or "", buurt or None, layer or None


def _details(name: str, details: list) -> str:
    if not details:
        return ""
    items = "".join(f"<dt>{html_text(label)}</dt><dd>{html_text(value)}</dd>"
                    for label, value in details)
    return (f'<details><summary>{html_text(t("list_more"))}<span class="am-sr"> '
            f'{html_text(t("list_more_about", name=name))}</span></summary>'
            f"<dl>{items}</dl></details>")


MAX_ROWS = 300
"""Rows per layer at most: a table of thousands of rows is slow on a phone and no one reads
it; the search narrows it down (the page says so)."""


def entries_html(entries: pd.DataFrame, layers: list[str], *, max_rows: int = MAX_ROWS) -> str:
    """One heading and table per layer in ``layers`` (name with its popup's details under it,
    kind, buurt by name); a layer without rows says so. Every cell is escaped. Three columns
    fit a phone; the details sit in the name's cell (a column of their own left the text
    of the other columns one word wide at 390 px)."""
    unknown = t("table_unknown")
    head = (f'<thead><tr><th scope="col">{html_text(t("list_col_name"))}</th>'
            f'<th scope="col">{html_text(t("list_col_kind"))}</th>'
            f'<th scope="col">{html_text(t("list_col_buurt"))}</th></tr></thead>')
    parts = []
    for layer in layers:
        rows = entries[entries["layer"] == layer]
        label = webmap.layer_label(layer, lang())
        parts.append(f'<h2 id="am-list-{layer}">{html_text(label)} ({len(rows)})</h2>')
        if rows.empty:
            parts.append(f"<p>{html_text(t('list_layer_none'))}</p>")
            continue
        if len(rows) > max_rows:
            parts.append(f"<p>{html_text(t('list_first', n=max_rows, total=len(rows)))}</p>")
            rows = rows.head(max_rows)
        body = "".join(
            f'<tr><td class="am-name"><span class="am-n">{html_text(r["name"])}</span>'
            f'{_details(r["name"], r["details"])}</td>'
            f'<td>{html_text(r["kind"] or "–")}</td>'
            f'<td>{html_text(r["buurt"] or r["buurt_code"] or unknown)}</td></tr>'
            for r in rows.to_dict("records"))
        parts.append(f'<table class="am-entries"><caption>'
                     f'{html_text(t("list_caption", layer=label))}</caption>'
                     f"{head}<tbody>{body}</tbody></table>")
    return "".join(parts)


def counts_html(counts: pd.DataFrame, layers: list[str], *, heading: bool = True) -> str:
    """The entries per buurt and layer (talents: small counts hidden) as a table that scrolls
    sideways on a phone (the scroll box can take the keyboard focus); ``heading``: with an
    ``<h2>`` and the note on talents above it."""
    title = t("counts_title")
    people = "inwoners" in counts.columns
    head = f'<th scope="col">{html_text(t("list_col_buurt"))}</th>' + (
        f'<th scope="col">{html_text(TEXT[lang()]["inhabitants"])}</th>' if people else "") + \
        "".join(f'<th scope="col">{html_text(webmap.layer_label(layer, lang()))}</th>'
                for layer in layers)
    body = "".join(
        f'<tr><th scope="row">{html_text(r["buurt"] or r["buurt_code"])}</th>'
        + (f"<td>{html_text(fmt_number(r['inwoners'], 0, lang()))}</td>" if people else "")
        + "".join(f"<td>{html_text(r[layer])}</td>" for layer in layers) + "</tr>"
        for r in counts.to_dict("records"))
    top = (f'<h2 id="am-list-counts">{html_text(title)}</h2>'
           f"<p>{html_text(t('talents_note'))}</p>") if heading else ""
    return (f'{top}<div class="am-scroll" role="region" tabindex="0" '
            f'aria-label="{html_text(title)}"><table><caption>{html_text(title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def show(layers: Mapping[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame, *,
         links: pd.DataFrame | None = None, key: str = "list") -> None:
    """Filters, then a table per layer of what the public map shows (with ``links``: the
    public connections of each entry among its details), then counts per buurt."""
    entries = listing.public_entries(layers, buurten, lang=lang(), links=links)
    query, buurt, layer = _filters(buurten, key)
    chosen = [layer] if layer else [x for x in schema.POINT_LAYERS if x in layers]
    shown = listing.filter_entries(entries, query=query, buurt=buurt, layers=chosen)
    found = t("list_found", n=len(shown)) if len(shown) else t("list_none")
    st.html(f'{_CSS}<div class="am-list"><p role="status">{html_text(found)}</p>'
            f"{entries_html(shown, chosen)}</div>")
    counts = listing.buurt_counts(layers, buurten)
    if buurt:
        counts = counts[counts["buurt_code"] == buurt]
    st.html(f'{_CSS}<div class="am-list">'
            f"{counts_html(counts, [x for x in chosen if x in counts.columns])}</div>")


def counts_table(layers: Mapping[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame) -> None:
    """The counts per buurt alone (the Kaart page's "Aantallen per buurt"), talents counted as
    on the map (:func:`assetmap.listing.buurt_counts`)."""
    counts = listing.buurt_counts(layers, buurten)
    shown = [x for x in schema.POINT_LAYERS if x in counts.columns]
    st.html(f'{_CSS}<div class="am-list">{counts_html(counts, shown, heading=False)}</div>')
