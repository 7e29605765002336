"""All UI strings in one place: Dutch first, English second (B1 language level)."""

from __future__ import annotations

import streamlit as st

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Buurtkrachtkaart", "en": "Neighbourhood asset map"},
    "page_kaart": {"nl": "Kaart", "en": "Map"},
    "project": {"nl": "Project", "en": "Project"},
    "demo_note": {"nl": "Dit is het demoproject met verzonnen gegevens.",
                  "en": "This is the demo project with made-up data."},
    "language": {"nl": "Taal / Language", "en": "Taal / Language"},
    "kaart_title": {"nl": "Wat heeft de buurt?", "en": "What does the neighbourhood have?"},
    "kaart_intro": {
        "nl": "Op deze kaart staat wat bewoners en opbouwwerkers samen hebben gevonden: "
              "ontmoetingsplekken, talenten, verenigingen en ondernemers. Zet lagen aan en uit "
              "met het knopje rechtsboven in de kaart. Klik op een teken voor meer uitleg.",
        "en": "This map shows what residents and community workers found together: meeting "
              "places, talents, associations and entrepreneurs. Switch layers on and off with "
              "the button at the top right of the map. Click a symbol to learn more."},
    "filter_buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "all_buurten": {"nl": "Alle buurten", "en": "All neighbourhoods"},
    "filter_kind": {"nl": "Soort ontmoetingsplek", "en": "Kind of meeting place"},
    "search": {"nl": "Zoek op naam", "en": "Search by name"},
    "search_help": {"nl": "Typ een deel van de naam.", "en": "Type part of the name."},
    "counts_title": {"nl": "Aantallen per buurt", "en": "Counts per neighbourhood"},
    "talents_note": {
        "nl": "Talenten staan alleen op de kaart als de bewoner dat wilde. De andere talenten "
              "tellen mee in het aantal per buurt (minder dan 3 tonen we niet).",
        "en": "Talents appear on the map only when the resident chose so. The others count "
              "in the number per neighbourhood (fewer than 3 is not shown)."},
    "no_buurten": {"nl": "Dit project heeft nog geen buurten.",
                   "en": "This project has no neighbourhoods yet."},
    "project_error": {"nl": "Het project kan niet worden geopend", "en": "Cannot open the project"},
    "total": {"nl": "Totaal", "en": "Total"},
    "buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "shown": {"nl": "Op de kaart", "en": "On the map"},
    "choose": {"nl": "Kies…", "en": "Choose…"},
    # --- toevoegen / themaavond (issue 3) ---
    # --- analyse (issue 4) ---
    # --- wijksafari (issue 5) ---
    # --- afdrukken (issue 6) ---
    # --- beheer (issue 7) ---
}


def lang() -> str:
    return st.session_state.get("lang", "nl")


def t(key: str) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang()) or entry["nl"]
