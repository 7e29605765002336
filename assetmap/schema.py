"""The data model: four asset layers, the wishes, plus buurten, evenings, links and audit.

Every asset layer is a table of Points stored in EPSG:4326. Common columns on all four layers:

``id``           UUID text, made by the app
``name``         required, at most 120 characters
``description``  optional, at most 2,000 characters
``buurt_code``   filled on save by point-in-polygon (or the chosen buurt for a talent)
``status``       ``pending`` | ``approved`` | ``hidden``
``source``       ``form`` | ``import`` | ``osm`` | ``demo`` | ``paper``
``evening_id``   the theme evening it was added at (nullable)
``created_at``, ``updated_at``  UTC ISO 8601 text (``2026-11-21T20:15:03Z``)
``created_by``   a random contributor token, never a name
``story``        "why this matters", optional, at most 2,000 characters
``source_ref``   a stable key of the source row (e.g. ``node/123`` for OSM), for de-duplication

Per layer:

- ``meeting_places``: ``kind`` (enum ``MEETING_KINDS``), ``when_open``, ``accessible``
  (wheelchair, yes/no/unknown), ``free_to_use``.
- ``talents``: ``display_name`` (optional, first name or initials), ``gifts_head``, ``gifts_hand``,
  ``gifts_heart``, ``tags``, ``wants_to_share``, ``contact`` (only with consent: then
  ``consent_at`` and ``consent_version`` are required), ``visibility`` (``public`` |
  ``facilitators``, default ``facilitators``), ``location_precision`` (``buurt`` = the buurt's
  representative point, ``grid100`` = the centre of a 100 m cell in the working CRS). A talent's
  exact home location is never stored: :func:`validate_record` replaces the point before it
  reaches a store. At least one gift (head, hand or heart) is required.
- ``associations``: ``activities``, ``meets_at`` (id of a meeting place), ``size`` (approx.
  members), ``contact`` (organisation contact, public), ``website``.
- ``entrepreneurs``: ``sector``, ``offers`` (what they give to the buurt), ``contact``,
  ``website``.
- ``wishes`` (wensen en signalen; a fifth point layer, *not* an asset layer: a wish is what
  residents want, not what the buurt has): ``kind`` (``wens`` | ``signaal``), ``theme`` (one
  of :data:`THEMES`), ``wants_to_help``, ``location_precision``. Located like a talent: the
  buurt's representative point or a 100 m cell, never a home (:data:`REDUCED_LOCATION`).
  :data:`ASSET_LAYERS` stays the four asset layers (counts, analysis, route stops);
  :data:`POINT_LAYERS` is those four plus ``wishes`` (forms, moderation, maps, exports).
- ``buurten`` (Polygon/MultiPolygon): ``code``, ``name``, ``wijk_code``, ``wijk_name``,
  ``gemeente``, ``inwoners`` (nullable; CBS secrecy/missing codes <= -99995 become null),
  ``area_m2`` (computed in the working CRS).
- ``evenings`` (no geometry): ``id``, ``title``, ``date``, ``join_code``, ``open``,
  ``auto_approve``, ``created_at``, ``closed_at``.
- ``links`` (no geometry): a typed connection between two entries, or from an entry to an
  institution (``to_layer = "institution"``, ``to_id`` one of :data:`INSTITUTIONS`):
  ``from_layer``, ``from_id``, ``to_layer``, ``to_id``, ``kind`` (:data:`LINK_KINDS`), ``tie``
  (bonding | bridging | linking, derived by :mod:`assetmap.analysis.ties` when stored),
  ``note``, ``status``, ``created_by``, ``created_at``, ``updated_at``. :func:`validate_link`
  checks which kinds join which layers.
- ``audit`` (no geometry): ``at``, ``token``, ``layer``, ``record_id``, ``action``,
  ``fields`` (the *names* of changed fields, never their values).
- ``history`` (no geometry): one row per change of an entry, its state after it; what is kept
  for which layer is written in :mod:`assetmap.store.history`.
- ``buurten_archive``: the buurten of earlier divisions (CBS years), ``archived_at`` = when they
  were replaced; ``buurten.year`` is the CBS year of the current ones.

Improvements over DESIGN.md §3, on purpose: ``source_ref`` (de-duplicating re-imports),
``auto_approve``/``closed_at`` on evenings, ``fields`` on audit, and a tri-state ``accessible``.
"""

from __future__ import annotations

import math
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from . import crs as crsmod
from .errors import ValidationError

NAME_MAX = 120
TEXT_MAX = 2000
SHORT_MAX = 200
AREA_MARGIN_M = 2000.0
GRID_M = 100.0
CBS_SECRECY_MAX = -99995

STATUSES = ("pending", "approved", "hidden")
SOURCES = ("form", "import", "osm", "demo", "paper")  # paper: typed in from a worksheet
VISIBILITIES = ("public", "facilitators")
PRECISIONS = ("buurt", "grid100")
MEETING_KINDS = (
    "buurthuis",
    "bibliotheek",
    "school",
    "gebedshuis",
    "sport",
    "park_plein",
    "horeca",
    "weggeefwinkel",
    "overig",
)
MEETING_KIND_LABELS = {
    "buurthuis": ("Buurthuis", "Community centre"),
    "bibliotheek": ("Bibliotheek", "Library"),
    "school": ("School of schoolplein", "School or schoolyard"),
    "gebedshuis": ("Gebedshuis", "Place of worship"),
    "sport": ("Sportplek", "Sports venue"),
    "park_plein": ("Park of plein", "Park or square"),
    "horeca": ("Café of terras", "Café or terrace"),
    "weggeefwinkel": ("Weggeefwinkel", "Give-away shop"),
    "overig": ("Anders", "Other"),
}


WISH_KINDS = ("wens", "signaal")
WISH_KIND_LABELS = {
    "wens": ("Wens: iets wat we willen beginnen", "Wish: something we want to start"),
    "signaal": ("Signaal: iets wat mis is of ontbreekt", "Signal: something wrong or missing"),
}
THEMES = ("groen", "ontmoeting", "jeugd", "ouderen", "taal", "gezondheid", "veiligheid",
          "cultuur", "werk", "overig")
THEME_LABELS = {
    "groen": ("Groen en natuur", "Green and nature"),
    "ontmoeting": ("Elkaar ontmoeten", "Meeting each other"),
    "jeugd": ("Kinderen en jongeren", "Children and young people"),
    "ouderen": ("Ouderen", "Older people"),
    "taal": ("Taal en leren", "Language and learning"),
    "gezondheid": ("Gezondheid en sport", "Health and sport"),
    "veiligheid": ("Veiligheid", "Safety"),
    "cultuur": ("Cultuur en muziek", "Culture and music"),
    "werk": ("Werk en geld", "Work and money"),
    "overig": ("Iets anders", "Something else"),
}
LINK_KINDS = ("meets_at", "helps_with", "works_with", "supported_by")
LINK_KIND_LABELS = {
    "meets_at": ("komt samen in", "meets at"),
    "helps_with": ("helpt met", "helps with"),
    "works_with": ("werkt samen met", "works with"),
    "supported_by": ("wordt gesteund door", "is supported by"),
}
INSTITUTION = "institution"
"""The ``to_layer`` of a link to an institution (which is not an entry of the map)."""
INSTITUTIONS = ("gemeente", "woningcorporatie", "welzijn", "school", "zorg")
INSTITUTION_LABELS = {
    "gemeente": ("De gemeente", "The municipality"),
    "woningcorporatie": ("De woningcorporatie", "The housing association"),
    "welzijn": ("De welzijnsorganisatie", "The welfare organisation"),
    "school": ("De school", "The school"),
    "zorg": ("De zorg (huisarts, wijkteam)", "Care (GP, district team)"),
}
TIES = ("bonding", "bridging", "linking")


def _other(key: str, lang: str, nl: str, en: str) -> str:
    """Dutch or English from the schema; any other language (``tr``, ``ar``) from its
    catalogue (key ``key``), Dutch when the catalogue has none."""
    if lang == "en":
        return en
    if lang != "nl":
        from . import i18n

        if i18n.has(key, lang):
            return i18n.text(key, lang)
    return nl


def _pick(labels: dict[str, tuple[str, str]], key: str, lang: str, prefix: str = "label_") -> str:
    pair = labels.get(key)
    if pair is None:
        return key
    return _other(f"{prefix}{key}", lang, *pair)


def theme_label(theme: str, lang: str = "nl") -> str:
    """The label of a wish theme in ``lang`` (``Groen en natuur``); the key when unknown."""
    return _pick(THEME_LABELS, theme, lang, "theme_")


def wish_kind_label(kind: str, lang: str = "nl") -> str:
    """The label of a wish kind (``wens`` / ``signaal``) in ``lang``."""
    return _pick(WISH_KIND_LABELS, kind, lang, "kind_")


def _layer_words(layers: Iterable[str]) -> Any:
    """``ontmoetingsplekken, talenten`` (``een instelling`` for institutions) in any language."""
    from .i18n import Msg

    names = list(layers)

    def words(lang: str) -> str:
        return ", ".join((_other("link_any_institution", lang, "een instelling", "an institution")
                          if x == INSTITUTION else LAYERS[x].label(lang).lower()) for x in names)
    return Msg.words(words)


def link_kind_label(kind: str, lang: str = "nl") -> str:
    """The words of a link kind in ``lang`` (``helpt met``)."""
    return _pick(LINK_KIND_LABELS, kind, lang)


def institution_label(key: str, lang: str = "nl") -> str:
    """The name of an institution in ``lang`` (``De gemeente``)."""
    return _pick(INSTITUTION_LABELS, key, lang)


def kind_label(kind: str, lang: str = "nl") -> str:
    """The label of a meeting-place kind (or a wish kind: ``wens``/``signaal``) in ``lang``
    (Dutch unless ``"en"``); the kind itself when it is unknown."""
    labels = MEETING_KIND_LABELS.get(kind) or WISH_KIND_LABELS.get(kind)
    if labels is None:
        return kind
    return _other(f"kind_{kind}", lang, *labels)


CONSENT_VERSION = "2026-11"


@dataclass(frozen=True)
class Field:
    """One column of a layer."""

    name: str
    kind: str  # text | enum | bool | int | float | date | datetime | id | url
    label_nl: str
    label_en: str
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    personal: bool = False  # AVG personal data: never in the audit log, never on a public view
    public: bool = True  # False: facilitator-only, left out of public maps and exports
    system: bool = False  # filled by the app, not shown in forms
    help_nl: str = ""
    help_en: str = ""

    def label(self, lang: str = "nl") -> str:
        """The field's label in ``lang`` (``tr``/``ar`` from the catalogue, key
        ``field_<text_key>``; Dutch when it has none)."""
        return _other(f"field_{self.text_key}", lang, self.label_nl, self.label_en)

    def help(self, lang: str = "nl") -> str:
        """The field's help text in ``lang`` (may be empty; key ``fieldhelp_<text_key>``)."""
        if not self.help_nl:
            return self.help_en if lang == "en" else ""
        return _other(f"fieldhelp_{self.text_key}", lang, self.help_nl, self.help_en)

    @property
    def text_key(self) -> str:
        """The catalogue key of the label and help in other languages: the Dutch label as a
        slug (``soort_plek``), since one field name has different labels in different layers."""
        return re.sub(r"[^a-z0-9]+", "_", self.label_nl.lower()).strip("_")[:40]


@dataclass(frozen=True)
class Layer:
    """A table: its fields and geometry type (``None`` for attribute tables)."""

    name: str
    label_nl: str
    label_en: str
    fields: tuple[Field, ...]
    geometry: str | None = "Point"
    is_asset: bool = True
    _by_name: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.fields})

    def label(self, lang: str = "nl") -> str:
        """The layer's label in ``lang`` (``tr``/``ar``: key ``layer_<name>``)."""
        return _other(f"layer_{self.name}", lang, self.label_nl, self.label_en)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def get(self, name: str) -> Field:
        return self._by_name[name]

    def has(self, name: str) -> bool:
        return name in self._by_name

    @property
    def form_fields(self) -> list[Field]:
        return [f for f in self.fields if not f.system]

    @property
    def public_fields(self) -> list[Field]:
        return [f for f in self.fields if f.public]


def _text(name, nl, en, *, required=False, max_length=TEXT_MAX, **kw) -> Field:
    return Field(name, "text", nl, en, required=required, max_length=max_length, **kw)


COMMON_FIELDS: tuple[Field, ...] = (
    Field("id", "id", "Id", "Id", system=True),
    _text(
        "name",
        "Naam",
        "Name",
        required=True,
        max_length=NAME_MAX,
        help_nl="Hoe heet het? Kort en duidelijk.",
        help_en="What is it called? Short and clear.",
    ),
    _text(
        "description",
        "Omschrijving",
        "Description",
        help_nl="Wat is het, wat gebeurt er?",
        help_en="What is it, what happens there?",
    ),
    Field("buurt_code", "text", "Buurtcode", "Neighbourhood code", max_length=20, system=True),
    Field(
        "status", "enum", "Status", "Status", choices=STATUSES, default="pending", system=True,
        public=False,
    ),
    Field("source", "enum", "Bron", "Source", choices=SOURCES, default="form", system=True),
    Field("evening_id", "id", "Themaavond", "Theme evening", system=True, public=False),
    Field("created_at", "datetime", "Toegevoegd op", "Added at", system=True),
    Field("updated_at", "datetime", "Gewijzigd op", "Changed at", system=True),
    Field("created_by", "text", "Toegevoegd door (token)", "Added by (token)", max_length=100,
          system=True, public=False),
    _text(
        "story",
        "Waarom is dit belangrijk?",
        "Why does this matter?",
        help_nl="Vertel in je eigen woorden waarom dit de buurt sterker maakt.",
        help_en="Tell in your own words why this makes the neighbourhood stronger.",
    ),
    Field("source_ref", "text", "Bronsleutel", "Source key", max_length=200, system=True,
          public=False),
)

_MEETING = (
    Field("kind", "enum", "Soort plek", "Kind of place", required=True, choices=MEETING_KINDS,
          help_nl="Wat voor plek is het?", help_en="What kind of place is it?"),
    _text("when_open", "Wanneer open", "When open", max_length=500,
          help_nl="Bijvoorbeeld: ma-vr 9-17 uur, of: elke woensdagmiddag.",
          help_en="For example: Mon-Fri 9-17, or: every Wednesday afternoon."),
    Field("accessible", "bool", "Rolstoeltoegankelijk", "Wheelchair accessible",
          help_nl="Kun je er met een rolstoel in?", help_en="Can you get in with a wheelchair?"),
    Field("free_to_use", "bool", "Gratis te gebruiken", "Free to use",
          help_nl="Mogen bewoners er gratis gebruik van maken?",
          help_en="Can residents use it for free?"),
)

_TALENT = (
    Field("display_name", "text", "Voornaam of initialen", "First name or initials",
          max_length=60, personal=True,
          help_nl="Niet verplicht. Alleen je voornaam of initialen.",
          help_en="Optional. Only your first name or initials."),
    _text("gifts_head", "Gaven van het hoofd", "Gifts of the head", max_length=TEXT_MAX,
          help_nl="Wat weet je, wat kun je goed uitleggen? Zoals de belasting, of Arabisch.",
          help_en="What do you know, what can you explain? For example: tax forms, Arabic."),
    _text("gifts_hand", "Gaven van de handen", "Gifts of the hands", max_length=TEXT_MAX,
          help_nl="Wat kun je maken of doen? Bijvoorbeeld: fietsen repareren, koken.",
          help_en="What can you make or do? For example: fixing bikes, cooking."),
    _text("gifts_heart", "Gaven van het hart", "Gifts of the heart", max_length=TEXT_MAX,
          help_nl="Waar zet je je graag voor in? Bijvoorbeeld: ouderen, natuur.",
          help_en="What do you care about? For example: elderly people, nature."),
    Field("tags", "text", "Trefwoorden", "Tags", max_length=500,
          help_nl="Losse woorden, gescheiden door komma's.",
          help_en="Single words, separated by commas."),
    Field("wants_to_share", "bool", "Ik wil dit delen met de buurt", "I want to share this",
          default=True),
    Field("contact", "text", "Contact (telefoon of e-mail)", "Contact (phone or e-mail)",
          max_length=SHORT_MAX, personal=True, public=False,
          help_nl="Alleen als je toestemming geeft. Niet zichtbaar op de openbare kaart.",
          help_en="Only with your consent. Never shown on the public map."),
    Field("consent_at", "datetime", "Toestemming gegeven op", "Consent given at", system=True,
          public=False),
    Field("consent_version", "text", "Versie toestemmingstekst", "Consent text version",
          max_length=20, system=True, public=False),
    Field("visibility", "enum", "Wie mag dit zien?", "Who may see this?", choices=VISIBILITIES,
          default="facilitators",
          help_nl="Openbaar: iedereen ziet je talent. Alleen opbouwwerkers: de kaart toont alleen "
          "een aantal per buurt.",
          help_en="Public: everyone sees your talent. Facilitators only: the map shows only a "
          "count per neighbourhood."),
    Field("location_precision", "enum", "Hoe precies op de kaart", "Location precision",
          choices=PRECISIONS, default="buurt",
          help_nl="We slaan nooit je huisadres op. Alleen de buurt, of een vak van 100 bij 100 m.",
          help_en="We never store your home address: only the neighbourhood or a 100 m square."),
)

_ASSOCIATION = (
    _text("activities", "Activiteiten", "Activities",
          help_nl="Wat doet de club of groep?", help_en="What does the club or group do?"),
    Field("meets_at", "id", "Komt samen in (plek)", "Meets at (place)",
          help_nl="Kies de ontmoetingsplek waar de groep samenkomt.",
          help_en="Pick the meeting place where the group meets."),
    Field("size", "int", "Aantal leden (ongeveer)", "Members (approx.)", minimum=0,
          maximum=1_000_000),
    Field("contact", "text", "Contact van de organisatie", "Organisation contact",
          max_length=SHORT_MAX),
    Field("website", "url", "Website", "Website", max_length=500),
)

_ENTREPRENEUR = (
    Field("sector", "text", "Branche", "Sector", max_length=NAME_MAX,
          help_nl="Bijvoorbeeld: bakker, kapper, fietsenmaker.",
          help_en="For example: baker, hairdresser, bike repair."),
    _text("offers", "Wat biedt de ondernemer de buurt?", "What do they offer the buurt?",
          help_nl="Bijvoorbeeld: ruimte, sponsoring, producten, kennis.",
          help_en="For example: space, sponsoring, products, knowledge."),
    Field("contact", "text", "Contact", "Contact", max_length=SHORT_MAX),
    Field("website", "url", "Website", "Website", max_length=500),
)

_WISH = (
    Field("kind", "enum", "Wens of signaal", "Wish or signal", choices=WISH_KINDS,
          default="wens",
          help_nl="Een wens: iets wat je samen wilt beginnen. Een signaal: iets wat mis is of "
          "ontbreekt.",
          help_en="A wish: something you want to start together. A signal: something that is "
          "wrong or missing."),
    Field("theme", "enum", "Thema", "Theme", choices=THEMES, default="overig",
          help_nl="Waar gaat het over?", help_en="What is it about?"),
    Field("wants_to_help", "bool", "Ik wil hieraan meedoen", "I want to take part in this",
          default=False,
          help_nl="Vink aan als je zelf mee wilt helpen.",
          help_en="Tick this if you want to help yourself."),
    Field("location_precision", "enum", "Hoe precies op de kaart", "Location precision",
          choices=PRECISIONS, default="buurt",
          help_nl="Alleen de buurt, of een vak van 100 bij 100 m. Nooit een huisadres.",
          help_en="Only the neighbourhood or a 100 m square. Never a home address."),
)

LAYERS: dict[str, Layer] = {
    "meeting_places": Layer("meeting_places", "Ontmoetingsplekken", "Meeting places",
                            COMMON_FIELDS + _MEETING),
    "talents": Layer("talents", "Talenten", "Talents", COMMON_FIELDS + _TALENT),
    "associations": Layer("associations", "Verenigingen", "Associations",
                          COMMON_FIELDS + _ASSOCIATION),
    "entrepreneurs": Layer("entrepreneurs", "Lokale ondernemers", "Local entrepreneurs",
                           COMMON_FIELDS + _ENTREPRENEUR),
    "wishes": Layer("wishes", "Wensen en signalen", "Wishes and signals",
                    COMMON_FIELDS + _WISH, is_asset=False),
}
"""Every point layer people add entries to (the four asset layers and the wishes)."""
ASSET_LAYERS: tuple[str, ...] = ("meeting_places", "talents", "associations", "entrepreneurs")
"""The four asset layers (ABCD): what the buurt *has*. Counts, analysis and route stops."""
WISHES = "wishes"
POINT_LAYERS: tuple[str, ...] = (*ASSET_LAYERS, WISHES)
"""The asset layers and the wishes: forms, moderation, maps, prints, exports, ``info``."""
REDUCED_LOCATION: tuple[str, ...] = ("talents", "wishes")
"""Layers whose point is never stored as given: the buurt's representative point or the
centre of a 100 m cell (``location_precision``), so a home is never on the map."""

BUURTEN = Layer(
    "buurten",
    "Buurten",
    "Neighbourhoods",
    (
        Field("code", "text", "Buurtcode", "Code", required=True, max_length=20),
        Field("name", "text", "Buurtnaam", "Name", max_length=NAME_MAX),
        Field("wijk_code", "text", "Wijkcode", "District code", max_length=20),
        Field("wijk_name", "text", "Wijknaam", "District name", max_length=NAME_MAX),
        Field("gemeente", "text", "Gemeente", "Municipality", max_length=NAME_MAX),
        Field("inwoners", "int", "Inwoners", "Inhabitants", minimum=0, maximum=10_000_000),
        Field("area_m2", "float", "Oppervlakte (m²)", "Area (m²)", minimum=0, system=True),
        Field("year", "int", "Jaar (CBS)", "Year (CBS)", minimum=1900, maximum=2100),
    ),
    geometry="MultiPolygon",
    is_asset=False,
)

EVENINGS = Layer(
    "evenings",
    "Themaavonden",
    "Theme evenings",
    (
        Field("id", "id", "Id", "Id", system=True),
        _text("title", "Titel", "Title", required=True, max_length=NAME_MAX),
        Field("date", "date", "Datum", "Date", required=True),
        Field("join_code", "text", "Deelnamecode", "Join code", max_length=12, system=True),
        Field("open", "bool", "Open", "Open", default=True),
        Field("auto_approve", "bool", "Automatisch goedkeuren", "Auto-approve", default=False),
        Field("created_at", "datetime", "Aangemaakt op", "Created at", system=True),
        Field("closed_at", "datetime", "Gesloten op", "Closed at", system=True),
    ),
    geometry=None,
    is_asset=False,
)

AUDIT = Layer(
    "audit",
    "Logboek",
    "Audit log",
    (
        Field("at", "datetime", "Tijdstip", "Time"),
        Field("token", "text", "Token", "Token", max_length=100),
        Field("layer", "text", "Laag", "Layer", max_length=40),
        Field("record_id", "text", "Id", "Id", max_length=40),
        Field("action", "text", "Actie", "Action", max_length=40),
        Field("fields", "text", "Velden", "Fields", max_length=2000),
    ),
    geometry=None,
    is_asset=False,
)

LINKS = Layer(
    "links",
    "Verbindingen",
    "Connections",
    (
        Field("id", "id", "Id", "Id", system=True),
        Field("from_layer", "enum", "Van (laag)", "From (layer)", required=True,
              choices=tuple(LAYERS)),
        Field("from_id", "id", "Van (id)", "From (id)", required=True),
        Field("to_layer", "enum", "Naar (laag)", "To (layer)", required=True,
              choices=(*LAYERS, INSTITUTION)),
        Field("to_id", "text", "Naar (id of instelling)", "To (id or institution)",
              required=True, max_length=40),
        Field("kind", "enum", "Soort verbinding", "Kind of connection", required=True,
              choices=LINK_KINDS),
        Field("tie", "enum", "Soort band (Putnam)", "Kind of tie (Putnam)", choices=TIES,
              system=True),
        _text("note", "Notitie", "Note", max_length=500),
        Field("status", "enum", "Status", "Status", choices=STATUSES, default="pending",
              system=True, public=False),
        Field("created_by", "text", "Gemaakt door (token)", "Made by (token)", max_length=100,
              system=True, public=False),
        Field("created_at", "datetime", "Gemaakt op", "Made at", system=True),
        Field("updated_at", "datetime", "Gewijzigd op", "Changed at", system=True),
    ),
    geometry=None,
    is_asset=False,
)

ALL_LAYERS: dict[str, Layer] = {**LAYERS, "buurten": BUURTEN, "evenings": EVENINGS,
                                "links": LINKS, "audit": AUDIT}

# The map through time: what happened to each entry, and the buurten of earlier CBS
# years. What is kept for which layer, and why, is written in :mod:`assetmap.store.history`.
HISTORY = Layer(
    "history",
    "Geschiedenis",
    "History",
    (
        Field("at", "datetime", "Tijdstip", "Time"),
        Field("layer", "text", "Laag", "Layer", max_length=40),
        Field("record_id", "text", "Id", "Id", max_length=40),
        Field("action", "text", "Actie", "Action", max_length=40),
        Field("status", "text", "Status daarna", "Status after", max_length=20),
        Field("public", "bool", "Openbaar daarna", "Public after"),
        Field("buurt_code", "text", "Buurtcode", "Neighbourhood code", max_length=20),
        Field("fields", "text", "Velden", "Fields", max_length=2000),
        Field("evening_id", "text", "Themaavond", "Theme evening", max_length=40),
        Field("source", "text", "Bron", "Source", max_length=20),
        Field("name", "text", "Naam", "Name", max_length=NAME_MAX),
        Field("kind", "text", "Soort", "Kind", max_length=60),
        Field("lon", "float", "Lengtegraad", "Longitude"),
        Field("lat", "float", "Breedtegraad", "Latitude"),
        Field("derived", "bool", "Afgeleid", "Derived"),
    ),
    geometry=None,
    is_asset=False,
)

BUURTEN_ARCHIVE = Layer(
    "buurten_archive",
    "Buurten van eerdere jaren",
    "Neighbourhoods of earlier years",
    (*BUURTEN.fields,
     Field("archived_at", "datetime", "Vervangen op", "Replaced at", system=True)),
    geometry="MultiPolygon",
    is_asset=False,
)
ALL_LAYERS.update({"history": HISTORY, "buurten_archive": BUURTEN_ARCHIVE})


def layer(name: str) -> Layer:
    """The layer called ``name``; ``ValidationError`` for an unknown one."""
    try:
        return ALL_LAYERS[name]
    except KeyError:
        known = ", ".join(POINT_LAYERS)
        raise ValidationError(field="layer", key="unknown_layer",
                              params={"name": name, "known": known}) from None


def record_version(record: Mapping[str, Any]) -> str:
    """A short fingerprint of what a person reads of an entry: every non-system field, the
    buurt and the location (not its status or times). Two reads with the same fingerprint
    showed the same content; used to approve only the version a facilitator read."""
    import hashlib
    import json

    names = sorted(k for k in record if k not in _VERSION_SKIP and not k.startswith("_"))
    parts: dict[str, Any] = {}
    for k in names:
        v = record.get(k)
        parts[k] = None if is_na(v) else str(v)
    geom = record.get("geometry")
    if geom is not None and not getattr(geom, "is_empty", True):
        parts["geometry"] = f"{geom.x:.7f},{geom.y:.7f}"
    raw = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


_VERSION_SKIP = frozenset({"status", "updated_at", "created_at", "id", "geometry"})


def now_iso() -> str:
    """Current UTC time as ISO 8601 text with a Z, to the second (see :func:`clock`)."""
    fixed = getattr(_CLOCK, "now", None)
    if fixed is not None:
        return fixed()
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_CLOCK = threading.local()


@contextmanager
def clock(now: str | Callable[[], str]) -> Iterator[None]:
    """``with clock("2026-03-12T20:15:00Z"): …``: :func:`now_iso` returns ``now`` (or calls it)
    on this thread only, e.g. to write the demo's earlier evenings or to test history."""
    before = getattr(_CLOCK, "now", None)
    _CLOCK.now = now if callable(now) else (lambda: now)
    try:
        yield
    finally:
        _CLOCK.now = before


def new_id() -> str:
    return str(uuid.uuid4())


def new_ids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as :func:`new_id` makes them, from one read of
    ``os.urandom`` (an import of 10,000 rows)."""
    raw = bytearray(os.urandom(16 * n))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])
    h = raw.hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-"
            f"{h[i + 20:i + 32]}" for i in range(0, 32 * n, 32)]


# --------------------------------------------------------------------------- project area


@dataclass
class ProjectArea:
    """The buurten of a project and what validation needs from them.

    ``buurten`` is in EPSG:4326; the envelope (buurten bounds plus 2 km) is kept in the working CRS.
    """

    buurten: gpd.GeoDataFrame
    crs: CRS
    envelope: BaseGeometry | None
    _working: gpd.GeoDataFrame | None = None
    _rep_points: dict[str, Point] = field(default_factory=dict)
    _tree: Any = None

    @classmethod
    def from_buurten(cls, buurten: gpd.GeoDataFrame | None) -> ProjectArea:
        if buurten is None or len(buurten) == 0:
            return cls(buurten=_empty_buurten(), crs=crsmod.RD_NEW, envelope=None)
        b = buurten.to_crs(crsmod.STORAGE_CRS) if buurten.crs else buurten.set_crs(4326)
        wcrs = crsmod.working_crs(b)
        w = b.to_crs(wcrs)
        minx, miny, maxx, maxy = w.total_bounds
        env = box(minx - AREA_MARGIN_M, miny - AREA_MARGIN_M, maxx + AREA_MARGIN_M,
                  maxy + AREA_MARGIN_M)
        reps = {}
        for code, geom in zip(b["code"], b.geometry, strict=True):
            if geom is not None and not geom.is_empty:
                reps[str(code)] = geom.representative_point()
        return cls(buurten=b.reset_index(drop=True), crs=wcrs, envelope=env, _working=w,
                   _rep_points=reps)

    @property
    def has_buurten(self) -> bool:
        return len(self.buurten) > 0

    def _tf(self, crs: CRS | None, inverse: bool) -> Transformer:
        key = (crs.srs if crs is not None else None, inverse)
        cache = self.__dict__.setdefault("_tf_cache", {})
        if key not in cache:
            a, b = crsmod.STORAGE_CRS, crs or self.crs
            cache[key] = Transformer.from_crs(b, a, always_xy=True) if inverse else \
                Transformer.from_crs(a, b, always_xy=True)
        return cache[key]

    def to_working(self, geom: BaseGeometry, crs: CRS | None = None) -> BaseGeometry:
        return _apply(self._tf(crs, False), geom)

    def from_working(self, geom: BaseGeometry, crs: CRS | None = None) -> BaseGeometry:
        return _apply(self._tf(crs, True), geom)

    def contains(self, point: Point) -> bool:
        """True when ``point`` (lon/lat) lies within the buurten bounds plus 2 km."""
        if self.envelope is None:
            return True
        # the envelope in lon/lat, computed once: no coordinate transformation per point
        env = self.__dict__.get("_env_lonlat")
        if env is None:
            env = self.from_working(self.envelope.segmentize(100.0))
            shapely.prepare(env)
            self.__dict__["_env_lonlat"] = env
        return env.contains(point)

    def buurt_of(self, point: Point) -> str | None:
        """Code of the buurt containing ``point`` (lon/lat), or ``None``.

        Where buurten overlap (simplified CBS files), the lowest code wins.
        """
        if not self.has_buurten or point is None:
            return None
        if self._tree is None:
            self._tree = shapely.STRtree(np.asarray(self.buurten.geometry.values, dtype=object))
            self.__dict__["_codes"] = np.asarray([str(c) for c in self.buurten["code"]],
                                                 dtype=object)
        idx = self._tree.query(point, predicate="intersects")
        if len(idx) == 0:
            return None
        codes = self.__dict__["_codes"]
        return min(codes[i] for i in idx)

    def representative_point(self, code: str) -> Point | None:
        return self._rep_points.get(str(code))

    def snap_grid(self, point: Point) -> Point:
        """Centre of the 100 m cell (working CRS) that holds ``point``; returns lon/lat."""
        wcrs = self.crs if self.has_buurten else crsmod.working_crs(
            gpd.GeoSeries([point], crs=4326))
        p = self.to_working(point, wcrs)
        cx = math.floor(p.x / GRID_M) * GRID_M + GRID_M / 2
        cy = math.floor(p.y / GRID_M) * GRID_M + GRID_M / 2
        return self.from_working(Point(cx, cy), wcrs)


def _apply(t: Transformer, geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def _empty_buurten() -> gpd.GeoDataFrame:
    cols = {f.name: pd.Series([], dtype=object) for f in BUURTEN.fields}
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=4326))


# --------------------------------------------------------------------------- field rules

# control characters, and the bidi override/isolate marks that can make text display as something
# else than it is ("Trojan Source"); right-to-left text itself is kept as typed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TRUE = {"true", "1", "ja", "yes", "j", "y", "waar", "x"}
_FALSE = {"false", "0", "nee", "no", "n", "onwaar"}


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str) and value.strip() == "":
        return True
    return False


def is_na(value: Any) -> bool:
    """``pd.isna`` for one value (None, NaN, NA, NaT); False for what it cannot judge."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _fail(f: Field, key: str, **params: Any) -> ValidationError:
    return ValidationError(field=f.name, key=key, params=params, subject=f)


def clean_value(f: Field, value: Any) -> Any:
    """Check and normalise one value for field ``f``. ``None`` means empty."""
    if _is_missing(value):
        if f.required:
            raise _fail(f, "required")
        return None
    kind = f.kind
    if kind in ("text", "url", "id", "enum"):
        if not isinstance(value, str):
            if isinstance(value, (int, float, np.integer, np.floating)) and kind == "text":
                value = str(value)
            else:
                raise _fail(f, "expect_text")
        value = _CONTROL.sub("", value)
        if f.max_length is not None and f.max_length <= SHORT_MAX:
            value = " ".join(value.split())  # one-line fields (names, codes): no line breaks
        value = value.strip()
        if value == "":
            if f.required:
                raise _fail(f, "required")
            return None
        if f.max_length is not None and len(value) > f.max_length:
            raise _fail(f, "max_length", max=f.max_length, n=len(value))
        if kind == "url":
            if not _URL.match(value):
                if "://" not in value and "." in value and " " not in value:
                    value = "https://" + value
                if not _URL.match(value):
                    raise _fail(f, "bad_url")
        elif kind == "id":
            if not _UUID.match(value.lower()):
                raise _fail(f, "bad_id")
            value = value.lower()
        elif kind == "enum":
            if value not in f.choices:
                raise _fail(f, "bad_choice", value=value, choices=", ".join(f.choices))
        return value
    if kind == "bool":
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, (int, np.integer)) and int(value) in (0, 1):
            return bool(value)
        if isinstance(value, str):
            v = value.strip().lower()
            if v in _TRUE:
                return True
            if v in _FALSE:
                return False
        raise _fail(f, "yes_no")
    if kind in ("int", "float"):
        if isinstance(value, bool):
            raise _fail(f, "expect_number")
        try:
            if isinstance(value, str):
                value = value.strip().replace(" ", "")
                if "," in value and "." not in value:
                    value = value.replace(",", ".")
            num = float(value)
        except (TypeError, ValueError):
            raise _fail(f, "expect_number") from None
        if not math.isfinite(num):
            raise _fail(f, "expect_number")
        if kind == "int":
            if num != int(num):
                raise _fail(f, "expect_integer")
            num = int(num)
        if f.minimum is not None and num < f.minimum:
            raise _fail(f, "too_small", minimum=f"{f.minimum:g}")
        if f.maximum is not None and num > f.maximum:
            raise _fail(f, "too_large", maximum=f"{f.maximum:g}")
        return num
    if kind == "date":
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise _fail(f, "bad_date") from None
    if kind == "datetime":
        if isinstance(value, datetime):
            dt = value
        else:
            try:
                dt = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
            except ValueError:
                raise _fail(f, "bad_datetime") from None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise AssertionError(f"unknown kind {kind}")  # pragma: no cover - programming error


def _point_from(record: Mapping[str, Any]) -> Point | None:
    geom = record.get("geometry")
    if geom is None and ("lon" in record or "lat" in record):
        lon, lat = record.get("lon"), record.get("lat")
        if _is_missing(lon) or _is_missing(lat):
            raise ValidationError(field="geometry", key="loc_lonlat_both")
        try:
            geom = Point(float(lon), float(lat))
        except (TypeError, ValueError):
            raise ValidationError(field="geometry", key="loc_not_numbers") from None
    if geom is None:
        return None
    if not isinstance(geom, BaseGeometry):
        raise ValidationError(field="geometry", key="loc_bad_geometry")
    if geom.geom_type != "Point":
        raise ValidationError(field="geometry", key="loc_point_only",
                              params={"kind": geom.geom_type})
    if geom.is_empty or geom.has_z and not math.isfinite(geom.z):
        raise ValidationError(field="geometry", key="loc_empty")
    x, y = geom.x, geom.y
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValidationError(field="geometry", key="loc_not_numbers")
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        raise ValidationError(field="geometry", key="loc_bad_degrees")
    if x == 0 and y == 0:
        raise ValidationError(field="geometry", key="loc_zero")
    return Point(x, y)


def validate_record(
    layer_name: str,
    record: Mapping[str, Any],
    *,
    area: ProjectArea | None = None,
    partial: bool = False,
    existing: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Validate and normalise one record of an asset layer.

    Parameters
    ----------
    layer_name
        One of :data:`LAYERS` (the asset layers and ``wishes``).
    record
        Field values plus ``geometry`` (a shapely Point in EPSG:4326) or ``lon``/``lat``.
        A talent or wish may give ``buurt_code`` instead of a location.
    area
        The project area; points outside the buurten bounds plus 2 km are refused, and
        ``buurt_code`` is filled by point-in-polygon.
    partial
        Validate an update: only the given fields, merged over ``existing``.
    existing
        The stored record an update applies to.

    Returns
    -------
    dict
        All fields of the layer plus ``geometry``. Unknown keys are dropped.

    Raises
    ------
    ValidationError
        With a Dutch message that names the field.
    """
    spec = layer(layer_name)
    if layer_name not in LAYERS:
        raise ValidationError(field="layer", key="not_point_layer",
                              params={"layer": layer_name})
    area = area or ProjectArea.from_buurten(None)
    if not isinstance(record, Mapping):
        raise ValidationError(key="expect_record")
    merged: dict[str, Any] = dict(existing or {})
    if partial and existing is not None:
        merged.update(record)
        if "lon" in record or "lat" in record:
            merged.pop("geometry", None)
    else:
        merged = dict(record)

    out: dict[str, Any] = {}
    for f in spec.fields:
        value = merged.get(f.name)
        if _is_missing(value) and f.default is not None:
            value = f.default
        out[f.name] = clean_value(f, value)

    # per-layer rules
    if layer_name == "talents":
        _talent_rules(out)

    geom = _point_from(merged)
    chosen_buurt = out.get("buurt_code")
    if geom is None:
        if layer_name in REDUCED_LOCATION and chosen_buurt:
            pass  # the buurt's representative point is used below
        else:
            raise ValidationError(field="geometry", key="loc_missing")
    elif not area.contains(geom):
        raise ValidationError(field="geometry", key="loc_outside")

    if layer_name in REDUCED_LOCATION:  # talents and wishes: never a home location
        geom, out["buurt_code"] = _talent_location(out, geom, chosen_buurt, area)
    else:
        out["buurt_code"] = area.buurt_of(geom) if area.has_buurten else chosen_buurt
    out["geometry"] = geom
    return out


def form_problems(layer_name: str, record: Mapping[str, Any]) -> dict[str, str]:
    """Every problem of a form's fields at once, as ``{field: Dutch message}`` (empty: none).

    Checks what :func:`validate_record` checks per field and the talent rules, but does not
    stop at the first problem, so a form can show all of them next to their fields in one go.
    The location is checked by the caller (it is chosen outside the form).
    """
    spec = layer(layer_name)
    problems: dict[str, str] = {}
    out: dict[str, Any] = {}
    for f in spec.form_fields:
        value = record.get(f.name)
        if _is_missing(value) and f.default is not None:
            value = f.default
        try:
            out[f.name] = clean_value(f, value)
        except ValidationError as exc:
            problems[f.name] = exc.message
    if layer_name == "talents":
        out["consent_at"] = record.get("consent_at")
        out["contact"] = None if "contact" in problems else out.get("contact")
        for rule in (_gifts_rule, _consent_rule):
            try:
                rule(out)
            except ValidationError as exc:
                problems.setdefault(exc.field or "_form", exc.message)
    return problems


def _talent_rules(out: dict[str, Any]) -> None:
    _gifts_rule(out)
    _consent_rule(out)


def _gifts_rule(out: Mapping[str, Any]) -> None:
    if not any(out.get(k) for k in ("gifts_head", "gifts_hand", "gifts_heart")):
        raise ValidationError(field="gifts_hand", key="gifts_one")


def _consent_rule(out: dict[str, Any]) -> None:
    if out.get("contact"):
        if not out.get("consent_at"):
            raise ValidationError(field="contact", key="contact_consent")
        if not out.get("consent_version"):
            out["consent_version"] = CONSENT_VERSION


def _talent_location(out, geom, chosen_buurt, area: ProjectArea):
    """Replace a talent's (or wish's) point by its buurt's representative point or a 100 m
    cell centre."""
    precision = out.get("location_precision") or "buurt"
    if precision == "buurt":
        code = area.buurt_of(geom) if geom is not None else chosen_buurt
        if geom is None and chosen_buurt and area.representative_point(chosen_buurt) is None:
            raise ValidationError(field="buurt_code", key="unknown_buurt",
                                  params={"code": chosen_buurt})
        if code is None:
            raise ValidationError(field="geometry", key="loc_no_buurt")
        return area.representative_point(code), code
    if geom is None:
        rep = area.representative_point(chosen_buurt)
        if rep is None:
            raise ValidationError(field="buurt_code", key="unknown_buurt",
                                  params={"code": chosen_buurt})
        geom = rep
    snapped = area.snap_grid(geom)
    return snapped, area.buurt_of(snapped) if area.has_buurten else chosen_buurt


def validate_layer(
    layer_name: str, gdf: gpd.GeoDataFrame, *, area: ProjectArea | None = None
) -> gpd.GeoDataFrame:
    """Validate every row of ``gdf`` (any CRS) as ``layer_name``.

    Returns a new GeoDataFrame in EPSG:4326 with all fields. The first violation raises a
    ``ValidationError`` that names the row (1-based) and the field; the input is not changed.
    """
    spec = layer(layer_name)
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise ValidationError(key="expect_gdf")
    if gdf.crs is None and len(gdf):
        raise ValidationError(field="geometry", key="layer_no_crs")
    g = gdf.to_crs(4326) if len(gdf) else gdf
    rows = []
    for i, rec in enumerate(_records(g), start=1):
        try:
            rows.append(validate_record(layer_name, rec, area=area))
        except ValidationError as exc:
            raise exc.at_row(i) from None
    return records_to_gdf(spec, rows)


def _records(gdf: gpd.GeoDataFrame) -> Iterable[dict[str, Any]]:
    geom_col = gdf.geometry.name
    for rec in gdf.to_dict("records"):
        rec["geometry"] = rec.pop(geom_col, None)
        yield rec


def records_to_gdf(spec: Layer, rows: list[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """Rows (dicts) to a GeoDataFrame with the layer's columns in order, EPSG:4326."""
    cols = spec.field_names
    data = {c: pd.Series([r.get(c) for r in rows], dtype=object) for c in cols}
    geoms = gpd.GeoSeries([r.get("geometry") for r in rows], crs=4326)
    return gpd.GeoDataFrame(data, geometry=geoms)


def normalise_inwoners(value: Any) -> int | None:
    """CBS inhabitants: secrecy and missing codes (<= -99995, empty) become ``None``."""
    if _is_missing(value):
        return None
    try:
        num = float(str(value).replace(" ", "").replace(",", ".")) if isinstance(value, str) \
            else float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(num) or num <= CBS_SECRECY_MAX or num < 0:
        return None
    return int(round(num))


def validate_buurten(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Validate buurten: unique non-empty codes, polygon geometry, inwoners normalised.

    Returns a GeoDataFrame in EPSG:4326 with the ``buurten`` columns and ``area_m2`` computed in
    the working CRS; Polygons become MultiPolygons so the layer has one geometry type.
    """
    from shapely.geometry import MultiPolygon

    if not isinstance(gdf, gpd.GeoDataFrame) or len(gdf) == 0:
        raise ValidationError(field="geometry", key="buurten_no_rows")
    if gdf.crs is None:
        raise ValidationError(field="geometry", key="buurten_no_crs")
    g = gdf.to_crs(4326)
    rows = []
    seen: set[str] = set()
    for i, rec in enumerate(_records(g), start=1):
        out = {}
        try:
            for f in BUURTEN.fields:
                if f.name == "inwoners":
                    out[f.name] = normalise_inwoners(rec.get(f.name))
                elif f.name == "area_m2":
                    continue
                else:
                    out[f.name] = clean_value(f, rec.get(f.name))
            geom = rec.get("geometry")
            if geom is None or geom.is_empty:
                raise ValidationError(field="geometry", key="buurt_no_area")
            if geom.geom_type == "Polygon":
                geom = MultiPolygon([geom])
            if geom.geom_type != "MultiPolygon":
                raise ValidationError(field="geometry", key="buurt_not_polygon",
                                      params={"kind": geom.geom_type})
            if not geom.is_valid:
                geom = geom.buffer(0)
                if geom.geom_type == "Polygon":
                    geom = MultiPolygon([geom])
        except ValidationError as exc:
            raise exc.at_row(i) from None
        if out["code"] in seen:
            raise ValidationError(field="code", row=i, key="buurt_code_twice",
                                  params={"code": out["code"]})
        seen.add(out["code"])
        out["geometry"] = geom
        rows.append(out)
    res = records_to_gdf(BUURTEN, rows)
    wcrs = crsmod.working_crs(res)
    res["area_m2"] = pd.Series(res.to_crs(wcrs).area.round(1).tolist(), dtype=object)
    return res


# --------------------------------------------------------------------------- links

LINK_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "meets_at": (("associations", "wishes"), ("meeting_places",)),
    "helps_with": (("talents", "associations", "entrepreneurs"), ("wishes",)),
    "works_with": (POINT_LAYERS, POINT_LAYERS),
    "supported_by": (POINT_LAYERS, (INSTITUTION,)),
}
"""Which layers each link kind joins: (from layers, to layers).

``meets_at``: an association (or the group around a wish) meets at a meeting place;
``helps_with``: a talent, association or entrepreneur helps with a wish; ``works_with``: any
entry with any other; ``supported_by``: any entry is supported by an institution."""


def validate_link(record: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise a link (without its system fields); returns every field.

    The kind must fit the layers (:data:`LINK_RULES`), an institution must be one of
    :data:`INSTITUTIONS`, an entry id a UUID, and an entry cannot link to itself. Whether both
    ends exist is the store's job.

    Raises
    ------
    ValidationError
        With a Dutch message that names the field.
    """
    if not isinstance(record, Mapping):
        raise ValidationError(key="expect_link")
    out: dict[str, Any] = {}
    for f in LINKS.fields:
        value = record.get(f.name)
        if f.system and f.name != "tie":
            out[f.name] = None
            continue
        if _is_missing(value) and f.default is not None:
            value = f.default
        out[f.name] = clean_value(f, value)
    kind, src, dst = out["kind"], out["from_layer"], out["to_layer"]
    froms, tos = LINK_RULES[kind]
    from .i18n import Msg

    label = Msg.words(lambda lang: link_kind_label(kind, lang))
    if src not in froms:
        raise ValidationError(field="from_layer", key="link_from_only",
                              params={"label": label, "allowed": _layer_words(froms)})
    if dst not in tos:
        raise ValidationError(field="to_layer", key="link_to_only",
                              params={"label": label, "allowed": _layer_words(tos)})
    if dst == INSTITUTION:
        if out["to_id"] not in INSTITUTIONS:
            raise ValidationError(field="to_id", key="link_institution",
                                  params={"choices": ", ".join(INSTITUTIONS)})
    else:
        out["to_id"] = clean_value(Field("to_id", "id", "Naar", "To", required=True),
                                   out["to_id"])
        if src == dst and out["from_id"] == out["to_id"]:
            raise ValidationError(field="to_id", key="link_self")
    return out


# --------------------------------------------------------------------------- saved routes
# A wijksafari route kept with the project: what was planned, not what it came to.
# The figures ``total_m``/``total_min`` are those at saving; reopening recomputes the route on
# the network of that day. Stops are kept as ``[{"layer": …, "id": …}, …]`` in visiting order:
# ids only, never a copy of a name, so an erased entry leaves nothing behind here.

ROUTE_ORDERS = ("optimal", "manual")
ROUTE_STOPS_MIN = 2
ROUTE_STOPS_MAX = 42  # 40 free stops plus start and end (routing.HEURISTIC_MAX)
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

ROUTES = Layer(
    "routes",
    "Wijksafari-routes",
    "Walking tours",
    (
        Field("id", "id", "Id", "Id", system=True),
        _text("name", "Naam van de route", "Name of the route", required=True,
              max_length=NAME_MAX),
        Field("stops", "text", "Stops", "Stops", required=True, max_length=20_000),
        Field("order_mode", "enum", "Volgorde", "Order", choices=ROUTE_ORDERS,
              default="optimal"),
        Field("start_id", "id", "Start", "Start"),
        Field("end_id", "id", "Einde", "End"),
        Field("round_trip", "bool", "Terug naar de start", "Back to the start", default=True),
        Field("speed_kmh", "float", "Tempo (km/u)", "Pace (km/h)", minimum=0.5, maximum=15.0,
              default=4.5),
        Field("step_free", "bool", "Zonder trappen", "Step-free", default=False),
        Field("dwell_min", "float", "Minuten per stop", "Minutes per stop", minimum=0,
              maximum=240, default=10.0),
        Field("start_time", "text", "Starttijd (uu:mm)", "Start time (hh:mm)", max_length=5),
        Field("total_m", "float", "Afstand bij bewaren (m)", "Distance when saved (m)",
              minimum=0, system=True),
        Field("total_min", "float", "Duur bij bewaren (min)", "Duration when saved (min)",
              minimum=0, system=True),
        Field("status", "enum", "Status", "Status", choices=STATUSES, default="pending",
              system=True, public=False),
        Field("evening_id", "id", "Themaavond", "Theme evening", system=True, public=False),
        Field("created_by", "text", "Gemaakt door (token)", "Made by (token)", max_length=100,
              system=True, public=False),
        Field("created_at", "datetime", "Gemaakt op", "Made at", system=True),
        Field("updated_at", "datetime", "Gewijzigd op", "Changed at", system=True),
    ),
    geometry=None,
    is_asset=False,
)
ALL_LAYERS["routes"] = ROUTES


def route_stops(value: Any) -> list[dict[str, str]]:
    """The stops of a saved route as ``[{"layer": …, "id": …}, …]`` (from the stored JSON text,
    a list of such dicts, or a list of ``(layer, id)`` pairs); checked: known layers, valid and
    distinct ids, between :data:`ROUTE_STOPS_MIN` and :data:`ROUTE_STOPS_MAX` stops."""
    import json

    f = ROUTES.get("stops")
    items = value
    if isinstance(value, str):
        try:
            items = json.loads(value)
        except ValueError:
            raise _fail(f, "route_stops_bad") from None
    if not isinstance(items, (list, tuple)):
        raise _fail(f, "route_stops_bad")
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Mapping):
            lay, rid = item.get("layer"), item.get("id")
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            lay, rid = item
        else:
            raise _fail(f, "route_stops_bad")
        if lay not in LAYERS:
            raise _fail(f, "route_stops_layer", layer=lay)
        rid = clean_value(ROUTES.get("id"), rid)
        if rid is None or rid in seen:
            raise _fail(f, "route_stops_twice")
        seen.add(rid)
        out.append({"layer": lay, "id": rid})
    if not ROUTE_STOPS_MIN <= len(out) <= ROUTE_STOPS_MAX:
        raise _fail(f, "route_stops_count", low=ROUTE_STOPS_MIN, high=ROUTE_STOPS_MAX,
                    n=len(out))
    return out


def validate_route(record: Mapping[str, Any], *,
                   existing: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Check and normalise a saved route's fields (``existing``: the stored route that
    ``record`` changes). Returns every non-system field; ``stops`` as compact JSON text.

    ``start_id`` defaults to the first stop; ``end_id`` is empty for a round trip and
    defaults to the last stop otherwise; both must be stops of the route.

    Raises
    ------
    ValidationError
        With a Dutch message that names the field.
    """
    import json

    if not isinstance(record, Mapping):
        raise ValidationError(key="expect_route")
    merged = {**(existing or {}), **record}
    out: dict[str, Any] = {}
    for f in ROUTES.fields:
        if f.system:
            continue
        value = merged.get(f.name)
        if f.name == "stops":
            continue
        if _is_missing(value) and f.default is not None:
            value = f.default
        out[f.name] = clean_value(f, value)
    stops = route_stops(merged.get("stops"))
    ids = [s["id"] for s in stops]
    out["stops"] = json.dumps(stops, separators=(",", ":"))
    if out["start_time"] is not None:
        m = _HHMM.match(out["start_time"])
        if not m:
            raise _fail(ROUTES.get("start_time"), "route_time_format")
        out["start_time"] = f"{int(m.group(1)):02d}:{m.group(2)}"
    out["start_id"] = out["start_id"] or ids[0]
    out["end_id"] = None if out["round_trip"] else (out["end_id"] or ids[-1])
    for key in ("start_id", "end_id"):
        if out[key] is not None and out[key] not in ids:
            raise _fail(ROUTES.get(key), "route_not_a_stop")
    if not out["round_trip"] and out["start_id"] == out["end_id"]:
        out["round_trip"], out["end_id"] = True, None
    return out
