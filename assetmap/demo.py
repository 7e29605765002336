"""The demo project: one fictional wijk of nine buurten with assets we made up.

"Lindenhoven-Oost" does not exist. Its buurten, streets, places, talents, associations and
entrepreneurs were written by the assetmap team so that every page has something to show. Some
buurten are deliberately poor in some layers so that gaps show on the Analyse page:

- Spoorkwartier: many talents, but only one meeting place and no associations.
- De Akkers (a business park): no meeting places, no associations; inhabitants secret (null).
- Parkzoom: no local entrepreneurs, and no connections across its border (bridging).
- The northern row (Watertoren, Bleekveld, Nieuw Noord, Singelrand) was added so that Gi*
  hot and cold spots have enough buurten: Nieuw Noord and Singelrand are new-build and have
  many inhabitants and few places (a cold spot), Watertoren is small and lively.

Six wishes and signals (one waiting for approval) and seven connections show every kind of tie
on the Verbinden and Analyse pages; the wish "Moestuin op het braakliggende veld" has none yet,
so that its suggestions (the park with the pluktuin, the gardening talent) can be accepted.

Geometry is drawn in RD New (EPSG:28992) around a fictional origin and stored in EPSG:4326.
Everything is deterministic (a seeded generator), so two runs write the same project.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point, Polygon

from . import demo_timeline, schema
from .store import Actor, GpkgStore

X0, Y0 = 150_000.0, 440_000.0  # RD New origin of the fictional wijk
SEED = 20261121
DEMO_TOKEN = "demo"
GEMEENTE = "Lindenhoven (fictief)"
WIJK_CODE, WIJK_NAME = "WK999901", "Lindenhoven-Oost"

# code, name, inhabitants (None = CBS secrecy), polygon in metres from the origin
BUURTEN: list[tuple[str, str, int | None, list[tuple[float, float]]]] = [
    ("BU99990101", "Oude Kern", 3180, [(0, 900), (1100, 950), (1050, 1800), (0, 1800)]),
    ("BU99990102", "Molenbuurt", 2740, [(1100, 950), (2400, 1000), (2400, 1800), (1050, 1800)]),
    ("BU99990103", "Parkzoom", 1960, [(0, 0), (900, 0), (950, 500), (1100, 950), (0, 900)]),
    ("BU99990104", "Spoorkwartier", 2410,
     [(900, 0), (1700, 0), (1750, 550), (1100, 950), (950, 500)]),
    ("BU99990105", "De Akkers", None,
     [(1700, 0), (2400, 0), (2400, 1000), (1100, 950), (1750, 550)]),
    # the northern row (Lindenhoven-Noord, built in the 1970s-2010s): enough buurten for
    # hot and cold spots (Gi* needs at least 8 with inhabitants)
    ("BU99990106", "Watertoren", 1870, [(0, 1800), (600, 1800), (600, 2700), (0, 2700)]),
    ("BU99990107", "Bleekveld", 2290, [(600, 1800), (1200, 1800), (1200, 2700), (600, 2700)]),
    ("BU99990108", "Nieuw Noord", 4120,
     [(1200, 1800), (1800, 1800), (1800, 2700), (1200, 2700)]),
    ("BU99990109", "Singelrand", 3560, [(1800, 1800), (2400, 1800), (2400, 2700), (1800, 2700)]),
]
NORTH = ("Watertoren", "Bleekveld", "Nieuw Noord", "Singelrand")
_B = {name: code for code, name, _, _ in BUURTEN}

# name, kind, buurt, description, when_open, accessible, free, story, status
MEETING_PLACES = [
    ("Buurthuis De Linde", "buurthuis", "Oude Kern",
     "Buurthuis met grote zaal, keuken en koffiehoek.", "ma-vr 9-22 uur, za 10-17 uur",
     True, True, "Hier begint bijna elk buurtinitiatief.", "approved"),
    ("Bibliotheek Lindenhoven", "bibliotheek", "Oude Kern",
     "Bibliotheek met leestafel, computers en taalcafé.", "di-za 10-18 uur", True, True,
     "Het taalcafé op dinsdag brengt nieuwe buren samen.", "approved"),
    ("Dorpskerk", "gebedshuis", "Oude Kern", "Oude kerk, zaal te huur voor buurtactiviteiten.",
     "zondag en op afspraak", False, False, None, "approved"),
    ("Marktplein", "park_plein", "Oude Kern", "Plein met bankjes, markt op zaterdag.",
     "altijd", True, True, "Op marktdag kent iedereen elkaar.", "approved"),
    ("Basisschool De Regenboog (schoolplein)", "school", "Oude Kern",
     "Schoolplein open na schooltijd.", "na 15 uur en in het weekend", True, True, None,
     "approved"),
    ("Café De Zwaan (terras)", "horeca", "Oude Kern", "Bruin café met terras aan het plein.",
     "elke dag vanaf 11 uur", False, False, None, "approved"),
    ("Molenzaal", "buurthuis", "Molenbuurt", "Kleine zaal onder de oude molen.",
     "op afspraak", True, True, "Ouderen uit de buurt drinken hier elke woensdag koffie.",
     "approved"),
    ("Moskee Al-Amal", "gebedshuis", "Molenbuurt", "Moskee met open dag en huiswerkklas.",
     "dagelijks", True, True, None, "approved"),
    ("Speeltuin De Wiek", "park_plein", "Molenbuurt", "Speeltuin met vrijwilligers.",
     "april-oktober, middagen", True, True, None, "approved"),
    ("Pop-up terras Molenplein", "horeca", "Molenbuurt",
     "Zomerterras dat bewoners zelf opbouwen.", "juni-augustus, vrijdagavond", True, True,
     "Bewoners zetten zelf de tafels neer.", "pending"),
    ("Wijkpark De Zoom", "park_plein", "Parkzoom", "Park met vijver en pluktuin.", "altijd",
     True, True, "De pluktuin wordt door twintig buren onderhouden.", "approved"),
    ("Sporthal Parkzoom", "sport", "Parkzoom", "Sporthal met zaal voor buurtsport.",
     "ma-za 8-23 uur", True, False, None, "approved"),
    ("Weggeefwinkel Tweede Kans", "weggeefwinkel", "Parkzoom",
     "Spullen brengen en halen, zonder geld.", "wo en za 10-16 uur", True, True,
     "Alles wat hier staat kreeg een tweede leven.", "approved"),
    ("Trapveldje Zoomlaan", "sport", "Parkzoom", "Klein trapveld met doeltjes.", "altijd",
     True, True, None, "approved"),
    ("IKC De Vlonder", "school", "Parkzoom", "Kindcentrum met ouderkamer.",
     "schooldagen 8-18 uur", True, True, None, "approved"),
    ("Snackbar Het Spoor (bankjes)", "horeca", "Spoorkwartier",
     "Snackbar met twee bankjes; de enige plek om even te zitten.", "elke dag 12-21 uur",
     False, False, "Jongeren hangen hier; er is verder niets.", "approved"),
    ("Bankje bij de watertoren", "overig", "Molenbuurt", "Bankje met uitzicht.", "altijd",
     True, True, None, "approved"),
    ("Torenzaal", "buurthuis", "Watertoren", "Zaal onderin de oude watertoren.",
     "di-za 10-22 uur", True, True, "Van pompstation tot huiskamer van de buurt.", "approved"),
    ("Theetuin De Toren", "horeca", "Watertoren", "Theetuin met lange tafels.",
     "april-oktober", True, False, None, "approved"),
    ("Speelveld Torenlaan", "park_plein", "Watertoren", "Grasveld met klimrek.", "altijd",
     True, True, None, "approved"),
    ("Buurtbieb in de kast", "overig", "Watertoren", "Ruilkast met boeken.", "altijd", True,
     True, None, "approved"),
    ("Basisschool Het Bleekveld", "school", "Bleekveld", "School met open schoolplein.",
     "na 15 uur", True, True, None, "approved"),
    ("Sportpark Bleekveld", "sport", "Bleekveld", "Velden van de voetbalclub.",
     "elke dag 9-22 uur", True, False, None, "approved"),
    ("Gezondheidscentrum Noord (wachtkamer)", "overig", "Nieuw Noord",
     "Wachtkamer met folders; verder is er weinig.", "ma-vr 8-17 uur", True, True, None,
     "approved"),
    ("Pleintje Singelrand", "park_plein", "Singelrand", "Klein plein met twee bankjes.",
     "altijd", True, True, None, "approved"),
]

# display_name, name (talent), buurt, head, hand, heart, tags, visibility, precision, contact
TALENTS = [
    ("Fatima", "Naaien en kleding herstellen", "Spoorkwartier", None,
     "Naaien, kleding vermaken", "Jonge moeders", "naaien,kleding", "public", "buurt", None),
    ("Henk", "Fietsen repareren", "Spoorkwartier", None, "Fietsen en brommers repareren",
     "Jongeren", "fietsen,techniek", "public", "grid100", "henk@example.org"),
    ("Aylin", "Turks en Nederlands", "Spoorkwartier", "Tolken Turks-Nederlands", None,
     "Ouderen die de weg zoeken", "taal,tolken", "facilitators", "buurt", None),
    ("J.", "Administratie", "Spoorkwartier", "Belastingformulieren en toeslagen", None,
     "Mensen met geldzorgen", "geld,formulieren", "facilitators", "buurt", None),
    ("Samir", "Voetbaltraining", "Spoorkwartier", None, "Voetbaltraining geven",
     "Kinderen van het Spoorkwartier", "sport,jeugd", "public", "buurt", None),
    ("Greet", "Koken voor grote groepen", "Spoorkwartier", None, "Koken voor 40 mensen",
     "Samen eten", "koken,eten", "public", "buurt", None),
    ("Kees", "Timmeren", "Spoorkwartier", None, "Meubels maken en repareren", None,
     "hout,klussen", "facilitators", "grid100", None),
    ("Noor", "Verhalen vertellen", "Spoorkwartier", "Verhalen en geschiedenis van het spoor",
     None, "Buurtgeschiedenis", "verhalen,geschiedenis", "public", "buurt", None),
    ("Priya", "Computerles", "Spoorkwartier", "Computer en smartphone uitleggen", None,
     "Ouderen", "digitaal,les", "facilitators", "buurt", None),
    ("Anouk", "Tuinieren", "Oude Kern", None, "Moestuin en plantjes", "Natuur in de buurt",
     "groen,tuin", "public", "buurt", None),
    ("Marco", "Muziek maken", "Oude Kern", None, "Gitaar spelen en les geven", "Jongeren",
     "muziek", "public", "buurt", None),
    ("Els", "Luisteren", "Oude Kern", None, None, "Eenzame buren bezoeken",
     "zorg,aandacht", "facilitators", "buurt", None),
    ("Youssef", "Arabisch", "Oude Kern", "Arabisch en Nederlands", None, "Nieuwkomers",
     "taal", "public", "buurt", None),
    ("Ria", "Breien", "Oude Kern", None, "Breien en haken", "Breicafé",
     "handwerk", "public", "grid100", None),
    ("Tom", "Fotografie", "Oude Kern", None, "Foto's maken van buurtfeesten", None,
     "foto", "public", "buurt", None),
    ("Ilse", "Yoga", "Molenbuurt", None, "Yogales voor beginners", "Rust in de buurt",
     "sport,gezondheid", "public", "buurt", None),
    ("Bram", "Klussen", "Molenbuurt", None, "Kleine klussen in huis", "Ouderen",
     "klussen", "facilitators", "buurt", None),
    ("Hanna", "Bakken", "Molenbuurt", None, "Taarten en brood bakken", "Buurtfeesten",
     "koken,bakken", "public", "buurt", None),
    ("Mo", "Rap en tekst", "Molenbuurt", "Teksten schrijven", None, "Jongeren",
     "muziek,taal", "public", "buurt", None),
    ("Wim", "Schaken", "Molenbuurt", "Schaken leren", None, None, "spel",
     "public", "buurt", None),
    ("Lotte", "Voorlezen", "Parkzoom", None, None, "Voorlezen aan kinderen",
     "kinderen,lezen", "public", "buurt", None),
    ("Daan", "Website maken", "Parkzoom", "Websites en sociale media", None,
     "Clubs in de buurt", "digitaal", "facilitators", "buurt", None),
    ("Sevda", "Kinderopvang", "Parkzoom", None, "Op kinderen passen", "Alleenstaande ouders",
     "kinderen,zorg", "facilitators", "buurt", None),
    ("Piet", "Imker", "Parkzoom", "Bijen houden", None, "Natuur", "groen,bijen", "public",
     "buurt", None),
    ("Karin", "EHBO", "Parkzoom", "Eerste hulp", None, "Veiligheid", "zorg",
     "public", "buurt", None),
    ("Ahmed", "Elektra", "De Akkers", None, "Elektrische klussen", None, "techniek",
     "facilitators", "buurt", None),
    ("Joke", "Bloemschikken", "Molenbuurt", None, "Bloemschikken", "Feestjes versieren",
     "bloemen", "public", "buurt", None),
    ("Gerda", "Buurtkrant", "Watertoren", "Schrijven en opmaken", None, "Buurtnieuws",
     "taal,schrijven", "public", "buurt", None),
    ("Ruud", "Oude foto's", "Watertoren", "Geschiedenis van de toren", None, None,
     "verhalen,foto", "public", "buurt", None),
    ("Leyla", "Dans", "Watertoren", None, "Dansles voor kinderen", "Kinderen",
     "dans,jeugd", "public", "buurt", None),
    ("Sander", "Voetbaltrainer", "Bleekveld", None, "Trainen van de F-jes", "Kinderen",
     "sport,jeugd", "public", "buurt", None),
    ("Mila", "Naailes", "Bleekveld", None, "Naaimachine uitleggen", None, "naaien",
     "facilitators", "buurt", None),
    ("Omar", "Fietsles", "Nieuw Noord", None, "Fietsles voor volwassenen", "Nieuwkomers",
     "fietsen", "public", "buurt", None),
]

# name, buurt, activities, size, meets_at (meeting place name or None), contact, website
ASSOCIATIONS = [
    ("Bewonersvereniging Oude Kern", "Oude Kern", "Buurtfeest, schoonmaakdag, overleg",
     80, "Buurthuis De Linde", "info@bv-oudekern.example.org", None),
    ("Koor Lindenstem", "Oude Kern", "Zingen, concerten", 35, "Dorpskerk", None, None),
    ("Taalmaatjes", "Oude Kern", "Nederlands oefenen in tweetallen", 40,
     "Bibliotheek Lindenhoven", None, None),
    ("Historische kring", "Oude Kern", "Verhalen en foto's verzamelen", 25,
     "Bibliotheek Lindenhoven", None, "https://historie.example.org"),
    ("Repair Café", "Oude Kern", "Samen spullen repareren", 15, "Buurthuis De Linde",
     None, None),
    ("Molenvrienden", "Molenbuurt", "Rondleidingen bij de molen", 20, "Molenzaal", None,
     None),
    ("Vrouwengroep Al-Amal", "Molenbuurt", "Koken, wandelen, praten", 30, "Moskee Al-Amal",
     None, None),
    ("Speeltuinvereniging De Wiek", "Molenbuurt", "Speeltuin open houden", 18,
     "Speeltuin De Wiek", None, None),
    ("Seniorensoos", "Molenbuurt", "Koffie, kaarten, bingo", 45, "Molenzaal", None, None),
    ("Volleybalclub Zoomers", "Parkzoom", "Volleybal voor jong en oud", 60,
     "Sporthal Parkzoom", None, "https://zoomers.example.org"),
    ("Pluktuin De Zoom", "Parkzoom", "Samen tuinieren", 20, "Wijkpark De Zoom", None, None),
    ("Ouders van De Vlonder", "Parkzoom", "Activiteiten voor kinderen", 25, "IKC De Vlonder",
     None, None),
    ("Buurtpreventie Parkzoom", "Parkzoom", "Samen een oogje in het zeil", 12, None, None,
     None),
    ("Vrienden van de Watertoren", "Watertoren", "Open dagen, rondleidingen", 40,
     "Torenzaal", None, None),
    ("Toneelgroep Op de Toren", "Watertoren", "Toneel voor de buurt", 15, "Torenzaal", None,
     None),
    ("Voetbalclub Bleekveld", "Bleekveld", "Voetbal voor kinderen en senioren", 220,
     "Sportpark Bleekveld", None, "https://vvbleekveld.example.org"),
]

# name, buurt, sector, offers, contact, website
ENTREPRENEURS = [
    ("Bakkerij Van Dam", "Oude Kern", "bakker", "Brood voor buurtfeesten, stageplek",
     "Marktplein 3", None),
    ("Kapsalon Knip", "Oude Kern", "kapper", "Gratis knipbeurt bij sollicitaties", None, None),
    ("Boekhandel Het Blad", "Oude Kern", "boekhandel", "Ruimte voor leesclub", None,
     "https://hetblad.example.org"),
    ("Fietsenmaker Spaak", "Oude Kern", "fietsenmaker", "Reparatieles voor jongeren", None,
     None),
    ("Toko Sari", "Molenbuurt", "supermarkt", "Sponsoring buurtfeest", None, None),
    ("Molen De Hoop (winkel)", "Molenbuurt", "molenwinkel", "Meel voor bakworkshops", None,
     None),
    ("Snackbar Het Spoor", "Spoorkwartier", "horeca", "Eten voor vrijwilligers", None, None),
    ("Autogarage Rails", "Spoorkwartier", "garage", "Stageplekken techniek", None, None),
    ("Nagelstudio Glans", "Spoorkwartier", "schoonheid", "Ruimte voor vrouwenochtend", None,
     None),
    ("Drukkerij Akkerpers", "De Akkers", "drukkerij", "Posters en flyers voor de buurt",
     None, "https://akkerpers.example.org"),
    ("Bouwbedrijf Stevig", "De Akkers", "bouw", "Materiaal en handen bij klussen", None, None),
    ("Groothandel Vers", "De Akkers", "groothandel", "Fruit voor schoolontbijt", None, None),
    ("Coworking De Loods", "De Akkers", "werkplekken", "Gratis vergaderruimte op vrijdag",
     None, None),
    ("Koffiebar Het Reservoir", "Watertoren", "horeca", "Koffie voor vrijwilligers", None,
     None),
    ("Fysiotherapie Bleek", "Bleekveld", "zorg", "Gratis beweegles in het park", None, None),
    ("Supermarkt Noord", "Singelrand", "supermarkt", "Boodschappen voor de voedselbank",
     None, None),
]

# name, buurt, kind, theme, description, wants_to_help, precision, status
WISHES = [
    ("Moestuin op het braakliggende veld", "Parkzoom", "wens", "groen",
     "Samen groenten kweken op het lege veld achter de sporthal.", True, "grid100",
     "approved"),
    ("Taalles voor moeders", "Spoorkwartier", "wens", "taal",
     "Nederlands oefenen terwijl de kinderen spelen.", True, "buurt", "approved"),
    ("De bankjes bij de vijver zijn weg", "Parkzoom", "signaal", "ontmoeting",
     "Ouderen kunnen nergens meer zitten in het park.", False, "grid100", "approved"),
    ("Een plek voor jongeren", "Spoorkwartier", "wens", "jeugd",
     "Jongeren hangen bij de snackbar. Een trapveld of een ruimte voor muziek zou helpen.",
     False, "buurt", "approved"),
    ("Samen eten met ouderen", "Molenbuurt", "wens", "ouderen",
     "Eén keer per maand samen koken en eten met buren die alleen wonen.", True, "buurt",
     "approved"),
    ("Donkere steeg bij het spoor", "Spoorkwartier", "signaal", "veiligheid",
     "'s Avonds is het er donker. Er moet verlichting komen.", False, "grid100", "pending"),
]

# (from layer, from name, kind, to layer, to name or institution): the demo's connections,
# chosen so that every kind of tie shows and Parkzoom has none across its border
LINKS = [
    ("associations", "Pluktuin De Zoom", "meets_at", "meeting_places", "Wijkpark De Zoom"),
    ("associations", "Seniorensoos", "meets_at", "meeting_places", "Molenzaal"),
    ("talents", "Voetbaltraining", "helps_with", "wishes", "Een plek voor jongeren"),
    ("talents", "Koken voor grote groepen", "helps_with", "wishes", "Samen eten met ouderen"),
    ("entrepreneurs", "Toko Sari", "helps_with", "wishes", "Samen eten met ouderen"),
    ("associations", "Taalmaatjes", "helps_with", "wishes", "Taalles voor moeders"),
    ("wishes", "De bankjes bij de vijver zijn weg", "supported_by", "institution", "gemeente"),
]

_STREET_NAMES_H = ["Zoomlaan", "Parkweg", "Spoorlaan", "Akkerweg", "Middenweg", "Lindestraat",
                   "Kerkstraat", "Molenweg", "Noordsingel"]
_STREET_NAMES_NORTH = ["Bleekweg", "Torenlaan", "Nieuwe Dreef", "Noorderrand"]
_STREET_NAMES_V = ["Westsingel", "Vijverlaan", "Schoolstraat", "Marktstraat", "Stationsweg",
                   "Wiekstraat", "Stellingweg", "Akkerlaan", "Industrieweg", "Oostsingel"]


def _to_lonlat(geoms: list[Any]) -> gpd.GeoSeries:
    return gpd.GeoSeries(geoms, crs=28992).to_crs(4326)


def _rd(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(X0 + x, Y0 + y) for x, y in points]


def buurten_frame() -> gpd.GeoDataFrame:
    polys = [Polygon(_rd(pts)) for _, _, _, pts in BUURTEN]
    return gpd.GeoDataFrame(
        {
            "code": [c for c, _, _, _ in BUURTEN],
            "name": [n for _, n, _, _ in BUURTEN],
            "wijk_code": WIJK_CODE,
            "wijk_name": WIJK_NAME,
            "gemeente": GEMEENTE,
            "inwoners": pd.array([i for _, _, i, _ in BUURTEN], dtype="Int64"),
        },
        geometry=gpd.GeoSeries(polys, crs=28992),
    )


def streets_frame(rng: np.random.Generator | None = None) -> gpd.GeoDataFrame:
    """A fictional street grid (RD New), every 200-250 m, with jittered crossings."""
    rng = rng or np.random.default_rng(SEED)
    ys = [60, 260, 470, 680, 900, 1110, 1320, 1530, 1740]
    xs = [60, 310, 560, 810, 1060, 1310, 1560, 1810, 2060, 2340]
    jit = {(i, j): (xs[j] + rng.uniform(-30, 30), ys[i] + rng.uniform(-30, 30))
           for i in range(len(ys)) for j in range(len(xs))}
    lines, names, kinds = [], [], []
    for i in range(len(ys)):
        for j in range(len(xs) - 1):
            if rng.random() < 0.08 and 0 < i < len(ys) - 1:
                continue  # a missing block: streets are never a perfect grid
            lines.append(LineString(_rd([jit[(i, j)], jit[(i, j + 1)]])))
            names.append(_STREET_NAMES_H[i])
            kinds.append("residential")
    for j in range(len(xs)):
        for i in range(len(ys) - 1):
            if rng.random() < 0.08 and 0 < j < len(xs) - 1:
                continue
            lines.append(LineString(_rd([jit[(i, j)], jit[(i + 1, j)]])))
            names.append(_STREET_NAMES_V[j])
            kinds.append("residential")
    # a footpath through the park, diagonally
    lines.append(LineString(_rd([jit[(0, 0)], jit[(1, 1)], jit[(2, 2)]])))
    names.append("Parkpad")
    kinds.append("footway")
    _north_streets(jit, xs, lines, names, kinds)
    return gpd.GeoDataFrame({"name": names, "highway": kinds},
                            geometry=gpd.GeoSeries(lines, crs=28992))


def _north_streets(jit: dict[tuple[int, int], tuple[float, float]], xs: list[int],
                   lines: list[LineString], names: list[str], kinds: list[str]) -> None:
    """The streets of the northern row, joined to the top street of the old grid. A generator
    of its own keeps every street and place of the five older buurten where it was."""
    rng = np.random.default_rng(SEED + 1)
    ys = [1950, 2160, 2370, 2600]
    north = {(i, j): (xs[j] + rng.uniform(-30, 30), ys[i] + rng.uniform(-30, 30))
             for i in range(len(ys)) for j in range(len(xs))}
    for i in range(len(ys)):
        for j in range(len(xs) - 1):
            lines.append(LineString(_rd([north[(i, j)], north[(i, j + 1)]])))
            names.append(_STREET_NAMES_NORTH[i])
            kinds.append("residential")
    base_top = max(i for i, _ in jit)
    for j in range(len(xs)):
        chain = [jit[(base_top, j)]] + [north[(i, j)] for i in range(len(ys))]
        for a, b in zip(chain[:-1], chain[1:]):
            if rng.random() < 0.06 and 0 < j < len(xs) - 1 and a is not chain[0]:
                continue
            lines.append(LineString(_rd([a, b])))
            names.append(_STREET_NAMES_V[j])
            kinds.append("residential")


def _placer(streets_rd: gpd.GeoDataFrame, rng: np.random.Generator):
    polys = {n: Polygon(_rd(pts)) for _, n, _, pts in BUURTEN}
    # the older buurten draw from the old grid with ``rng`` as they always did; the northern
    # row from its own streets with a generator of its own (so the old places stay put)
    north_y = Y0 + 1800
    old = [g for g in streets_rd.geometry if max(y for _, y in g.coords) <= north_y]
    new = [g for g in streets_rd.geometry if max(y for _, y in g.coords) > north_y]
    north_rng = np.random.default_rng(SEED + 2)
    used: list[Point] = []

    def place(buurt: str) -> Point:
        poly = polys[buurt]
        segs, r = (new, north_rng) if buurt in NORTH else (old, rng)
        for _ in range(2000):
            seg = segs[r.integers(len(segs))]
            t = r.uniform(0.15, 0.85)
            p = seg.interpolate(t, normalized=True)
            (x1, y1), (x2, y2) = seg.coords[0], seg.coords[-1]
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            side = 1 if r.random() < 0.5 else -1
            q = Point(p.x - side * 14 * (y2 - y1) / length, p.y + side * 14 * (x2 - x1) / length)
            if poly.buffer(-20).contains(q) and all(q.distance(u) > 35 for u in used):
                used.append(q)
                return q
        raise AssertionError(f"no spot in {buurt}")  # pragma: no cover - data bug

    return place


def demo_records(rng: np.random.Generator | None = None) -> dict[str, list[dict[str, Any]]]:
    """The demo's records per point layer (assets and wishes), geometry in EPSG:4326."""
    rng = rng or np.random.default_rng(SEED)
    streets = streets_frame(np.random.default_rng(SEED))
    place = _placer(streets, rng)
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in schema.POINT_LAYERS}
    for name, kind, buurt, desc, when, acc, free, story, status in MEETING_PLACES:
        out["meeting_places"].append(dict(
            name=name, kind=kind, description=desc, when_open=when, accessible=acc,
            free_to_use=free, story=story, status=status, _at=place(buurt)))
    for dn, name, buurt, head, hand, heart, tags, vis, prec, contact in TALENTS:
        rec = dict(name=name, display_name=dn, gifts_head=head, gifts_hand=hand,
                   gifts_heart=heart, tags=tags, visibility=vis, location_precision=prec,
                   wants_to_share=True, status="approved", _at=place(buurt))
        if contact:
            rec.update(contact=contact, consent_at="2026-10-01T19:30:00Z",
                       consent_version=schema.CONSENT_VERSION)
        out["talents"].append(rec)
    for name, buurt, acts, size, meets, contact, web in ASSOCIATIONS:
        out["associations"].append(dict(
            name=name, activities=acts, size=size, contact=contact, website=web,
            status="approved", _meets=meets, _at=place(buurt)))
    for name, buurt, sector, offers, contact, web in ENTREPRENEURS:
        out["entrepreneurs"].append(dict(
            name=name, sector=sector, offers=offers, contact=contact, website=web,
            status="approved", _at=place(buurt)))
    out["wishes"] = []
    for name, buurt, kind, theme, desc, helps, prec, status in WISHES:
        out["wishes"].append(dict(
            name=name, kind=kind, theme=theme, description=desc, wants_to_help=helps,
            location_precision=prec, status=status, _at=place(buurt)))
    # project the RD points to lon/lat in one go per layer
    for recs in out.values():
        pts = _to_lonlat([r.pop("_at") for r in recs])
        for r, p in zip(recs, pts, strict=True):
            r["geometry"] = Point(round(p.x, 7), round(p.y, 7))
            r["source"] = "demo"
    return out


def _add_links(store: GpkgStore, actor: Actor) -> None:
    """The demo's links (:data:`LINKS`), between entries found by layer and name."""
    ids_of = {layer: dict(zip(g["name"], g["id"], strict=True))
              for layer in schema.POINT_LAYERS for g in [store.read(layer)]}
    with store.transaction():
        for src, src_name, kind, dst, dst_name in LINKS:
            store.add_link({"from_layer": src, "from_id": ids_of[src][src_name],
                            "kind": kind, "to_layer": dst,
                            "to_id": dst_name if dst == schema.INSTITUTION
                            else ids_of[dst][dst_name]}, actor=actor)


def write_demo(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the demo project to ``path`` (a new .gpkg). Returns the path."""
    p = Path(path)
    if p.exists():
        if not overwrite:
            from .errors import ProjectError

            raise ProjectError(key="demo_file_exists", params={"path": p})
        for suffix in ("", "-wal", "-shm"):
            q = Path(str(p) + suffix)
            if q.exists():
                q.unlink()
    tmp = p.with_name(f".{p.stem}.demo-tmp.gpkg")
    for suffix in ("", "-wal", "-shm"):
        q = Path(str(tmp) + suffix)
        if q.exists():
            q.unlink()
    actor = Actor.system(DEMO_TOKEN)
    store = GpkgStore(tmp, create=True)
    try:
        store.set_buurten(buurten_frame(), actor=actor)
        recs, later = demo_timeline.split(demo_records())  # some came at an evening
        with store.transaction(), schema.clock(demo_timeline.START):  # the first inventory
            ids = store.add_many("meeting_places", recs["meeting_places"], actor=actor)
            by_name = {r["name"]: i for r, i in zip(recs["meeting_places"], ids, strict=True)}
            for r in recs["associations"]:
                meets = r.pop("_meets")
                r["meets_at"] = by_name.get(meets) if meets else None
            for layer in ("talents", "associations", "entrepreneurs", "wishes"):
                store.add_many(layer, recs[layer], actor=actor)
            store.create_evening("Themaavond: wat heeft het Spoorkwartier?", "2026-12-03",
                                 actor=actor)
        demo_timeline.add_evenings(store, later)  # two theme evenings since (Door de tijd)
        _add_links(store, actor)
        store.write_extra_layer("streets", streets_frame())
    finally:
        store.close()
    os.replace(tmp, p)
    for suffix in ("-wal", "-shm"):
        q = Path(str(tmp) + suffix)
        if q.exists():
            q.unlink()
    return p
