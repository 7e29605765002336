"""Errors of the store speak the session's language (issue 18 item 1): ``text("en")`` is
English, ``str()`` and ``text("nl")`` keep the Dutch, over GeoPackage and PostGIS alike."""

from __future__ import annotations

import sqlite3

import pytest
from shapely.geometry import Point

from assetmap.errors import (
    AssetMapError,
    NotFoundError,
    PermissionDeniedError,
    ProjectError,
    ValidationError,
)
from assetmap.store import Actor, GpkgStore, open_store
from assetmap.store.postgis import parse_url
from assetmap.store.transfer import copy_project

FAC = Actor.system("opbouwwerker")
RESIDENT = Actor.resident("tok-alice-0000000001")


def both(exc: AssetMapError, nl: str, en: str) -> None:
    assert str(exc) == exc.text("nl") == nl
    assert exc.text("en") == en


def test_opening_what_is_not_a_project_is_said_in_english(tmp_path):
    """store/__init__ and gpkg: a wrong suffix, a text file, another SQLite file, no file."""
    with pytest.raises(ProjectError) as e:
        open_store(str(tmp_path / "buurten.csv"))
    both(e.value, "Een project is een .gpkg-bestand of een postgresql://-adres, niet "
         "'buurten.csv'.", "A project is a .gpkg file or a postgresql:// address, not "
         "'buurten.csv'.")
    notes = tmp_path / "notes.gpkg"
    notes.write_text("boodschappen: melk, brood\n" * 20)
    with pytest.raises(ProjectError) as e:
        open_store(str(notes))
    assert e.value.text("nl").startswith(f"Kan het project niet openen ({notes}): ")
    assert e.value.text("en").startswith(f"Cannot open the project ({notes}): ")
    other = tmp_path / "other.gpkg"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE x (a)")
    with pytest.raises(ProjectError) as e:
        GpkgStore(other)
    both(e.value, f"{other} is geen GeoPackage-project van assetmap.",
         f"{other} is not an assetmap GeoPackage project.")
    with pytest.raises(ProjectError) as e:
        GpkgStore(tmp_path / "nergens.gpkg")
    both(e.value, f"Project niet gevonden: {tmp_path / 'nergens.gpkg'}",
         f"Project not found: {tmp_path / 'nergens.gpkg'}")


def test_copying_a_project_onto_itself_is_said_in_english(project):
    """store/transfer."""
    with pytest.raises(ProjectError) as e:
        copy_project(project.location, project.location)
    both(e.value, "Bron en bestemming zijn hetzelfde project.",
         "Source and destination are the same project.")


def test_a_bad_postgis_address_is_said_in_english():
    """store/postgis, without a database."""
    with pytest.raises(ProjectError) as e:
        parse_url("postgresql://localhost/wijken?project=1abc")
    exc = e.value
    assert exc.text("nl").startswith("Projectnaam '1abc' in het adres is ongeldig.")
    assert exc.text("en").startswith("Project name '1abc' in the address is not valid.")
    with pytest.raises(ProjectError) as e:
        parse_url("mysql://localhost/wijken")
    both(e.value, "Geen PostgreSQL-adres: 'mysql://localhost/wijken'.",
         "Not a PostgreSQL address: 'mysql://localhost/wijken'.")


def test_a_missing_postgis_project_is_said_in_english(pg_url):
    with pytest.raises(ProjectError) as e:
        open_store(pg_url)
    assert e.value.text("en").startswith("Project '") and "not found in database" in \
        e.value.text("en")
    assert "niet gevonden in database" in str(e.value)


def test_the_store_rules_are_said_in_english(store):
    """store/base over both backends: a facilitator-only action, an unknown id, a backup
    that is not there, a link that exists already."""
    with pytest.raises(PermissionDeniedError) as e:
        store.create_evening("Wat heeft Noord?", "2026-12-03", actor=RESIDENT)
    both(e.value, "Alleen een opbouwwerker kan een themaavond aanmaken.",
         "Only a community worker can create a theme evening.")
    with pytest.raises(NotFoundError) as e:
        store.update_evening("zzz", {"title": "x"}, actor=FAC)
    both(e.value, "Geen themaavond met id zzz.", "No theme evening with id zzz.")
    with pytest.raises(ProjectError) as e:
        store.restore("bestaat-niet")
    both(e.value, "Reservekopie niet gevonden: bestaat-niet", "Backup not found: bestaat-niet")
    with pytest.raises(PermissionDeniedError) as e:
        store.set_status("meeting_places", ["x"], "approved", actor=RESIDENT)
    both(e.value, "Alleen een opbouwwerker kan bijdragen goedkeuren of verbergen.",
         "Only a community worker can approve or hide entries.")
    a = store.add("meeting_places", {"name": "De Linde", "kind": "buurthuis",
                                     "geometry": Point(5.005, 52.005)}, actor=FAC)
    b = store.add("meeting_places", {"name": "De Eik", "kind": "buurthuis",
                                     "geometry": Point(5.015, 52.005)}, actor=FAC)
    link = {"from_layer": "meeting_places", "from_id": a, "to_layer": "meeting_places",
            "to_id": b, "kind": "works_with"}
    store.add_link(link, actor=FAC)
    with pytest.raises(ValidationError) as e:
        store.add_link(link, actor=FAC)
    both(e.value, "Deze verbinding bestaat al.", "This connection already exists.")
    gone = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(NotFoundError) as e:
        store.add_link({**link, "to_id": gone}, actor=FAC)
    both(e.value, f"Geen bijdrage met id {gone} in meeting_places.",
         f"No entry with id {gone} in meeting_places.")
