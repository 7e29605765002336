"""Errors of backup, AVG, login, projects, evenings, saved routes and the demo speak the
session's language (issue 18 item 1): ``text("en")`` is English, ``text("nl")`` and ``str()``
keep the Dutch; what a resident can meet is in Turkish and Arabic too."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from assetmap import auth, avg, backup, demo, evening, projects, saved_routes
from assetmap.errors import (
    AssetMapError,
    NotFoundError,
    PermissionDeniedError,
    ProjectError,
    RoutingError,
    ValidationError,
)
from assetmap.store import Actor

FAC = Actor.system("opbouwwerker")
ALICE, BOB = "tok-alice-0000000001", "tok-bob-00000000000001"


def both(exc: AssetMapError, nl: str, en: str) -> None:
    assert str(exc) == exc.text("nl") == nl
    assert exc.text("en") == en


def test_restoring_an_unknown_backup(project, tmp_path):
    with pytest.raises(ProjectError) as e:
        backup.restore(project.path, tmp_path / "weg.gpkg")
    both(e.value, "Reservekopie niet gevonden: weg.gpkg", "Backup not found: weg.gpkg")
    notes = tmp_path / "notes.gpkg"
    notes.write_text("geen database")
    with pytest.raises(ProjectError) as e:
        backup.restore(project.path, notes)
    both(e.value, "notes.gpkg is geen geldig project.", "notes.gpkg is not a valid project.")


def test_a_code_that_is_not_a_residents(project):
    with pytest.raises(ValidationError) as e:
        avg.subject_access(project, "opbouwwerker", actor=FAC)
    exc = e.value
    assert exc.field == "token" and str(exc).startswith("Dit is geen code van een bewoner.")
    assert exc.text("en").startswith("This is not a resident's code.")
    for lang in ("tr", "ar"):  # the Privacy page is in the residents' languages
        assert exc.text(lang) not in (exc.text("nl"), exc.text("en"))
        assert "?mijn=CODE" in exc.text(lang)


def test_too_many_wrong_passwords():
    mem, h = auth.MemoryThrottles(), auth.hash_password("geheim")
    th = auth.LoginThrottle(free=1, base_delay_s=10)
    assert not th.check(mem, "a", "fout", h, now=0)
    with pytest.raises(PermissionDeniedError) as e:
        th.check(mem, "a", "geheim", h, now=1)
    both(e.value, "Te vaak een verkeerd wachtwoord. Probeer het over 10 seconden opnieuw.",
         "Too many wrong passwords. Try again in 10 seconds.")
    with pytest.raises(PermissionDeniedError) as e:
        th.check(mem, "a", "geheim", h, now=9.5)
    assert e.value.text("en") == "Too many wrong passwords. Try again in 1 second."
    assert str(e.value).endswith("over 1 seconde opnieuw.")


def test_an_unknown_project_name():
    with pytest.raises(NotFoundError) as e:
        projects.location("zuid", {"noord": "/p/noord.gpkg"})
    exc = e.value
    assert exc.field == "project"
    both(exc, "Het project 'zuid' bestaat hier niet. Kies een project uit de lijst of vraag "
         "de opbouwwerker om de juiste link.", "The project 'zuid' does not exist here. Choose "
         "a project from the list or ask the community worker for the right link.")
    assert exc.text("tr").startswith("'zuid' projesi") and "'zuid'" in exc.text("ar")


def test_editing_an_entry_that_is_gone_or_not_yours(project):
    ev = project.create_evening("Wat heeft Noord?", "2026-12-03", auto_approve=True, actor=FAC)
    rid = evening.submit(project, "meeting_places",
                         {"name": "De Linde", "kind": "buurthuis",
                          "geometry": Point(5.005, 52.005)},
                         token=ALICE, evening_code=ev["join_code"], limiter=None)
    with pytest.raises(PermissionDeniedError) as e:
        evening.edit_own(project, "meeting_places", rid, {"name": "Mijn huis"}, token=BOB)
    both(e.value, "Je kunt alleen je eigen bijdragen wijzigen. Deze is van iemand anders.",
         "You can only change your own entries. This one is someone else's.")
    gone = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(NotFoundError) as e:
        evening.edit_own(project, "meeting_places", gone, {"name": "x"}, token=ALICE)
    both(e.value, "Deze bijdrage bestaat niet meer.", "This entry no longer exists.")
    assert e.value.text("tr") == "Bu katkı artık mevcut değil."
    with pytest.raises(PermissionDeniedError) as e:
        evening.moderate(project, "meeting_places", [rid], "hide", actor=Actor.resident(ALICE))
    both(e.value, "Alleen een opbouwwerker kan bijdragen goedkeuren of verbergen.",
         "Only a community worker can approve or hide entries.")


def test_a_saved_route_that_is_not_there(project):
    with pytest.raises(RoutingError) as e:
        saved_routes.find(project, "Langs de parken")
    both(e.value, "Geen bewaarde route 'Langs de parken'. Er zijn nog geen bewaarde routes.",
         "No saved route 'Langs de parken'. There are no saved routes yet.")


def test_the_demo_does_not_overwrite_a_file(tmp_path):
    p = tmp_path / "demo.gpkg"
    p.write_bytes(b"")
    with pytest.raises(ProjectError) as e:
        demo.write_demo(p)
    both(e.value, f"Het bestand bestaat al: {p} (gebruik --overwrite).",
         f"The file already exists: {p} (use --overwrite).")


# what a resident can meet on Toevoegen, Mijn bijdragen and Privacy, or by a join link
RESIDENT_KEYS = ["avg_not_resident_token", "evening_entry_gone", "project_unknown", "store_busy",
                 "store_busy_detail", "store_save_failed", "store_save_aborted", "pg_busy",
                 "pg_error"]


@pytest.mark.parametrize("lang", ["tr", "ar"])
def test_errors_a_resident_can_meet_are_in_turkish_and_arabic(lang):
    from assetmap import i18n

    missing = [k for k in RESIDENT_KEYS if not i18n.has(f"err_{k}", lang)]
    assert not missing, f"missing from locale/{lang}: {missing}"
    exc = PermissionDeniedError(key="store_busy")
    assert str(exc) == "Het project is bezet, probeer het opnieuw."
    assert exc.text(lang) != str(exc)
