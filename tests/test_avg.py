"""AVG duties: inzage, erasure with a backup, re-confirmation after 12 months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from shapely.geometry import Point

from assetmap import avg, backup, evening
from assetmap.errors import NotFoundError, PermissionDeniedError, ValidationError
from assetmap.store import Actor

FAC = Actor.system("opbouwwerker")
IN_A = Point(5.005, 52.005)


def _talent(project, token, name="Koken", **kw):
    return evening.submit(project, "talents", {"name": name, "gifts_hand": "koken",
                                               "geometry": IN_A, **kw}, token=token,
                          limiter=None)


def test_subject_access_has_everything_of_one_token(project):
    a = _talent(project, "a" * 20, contact="06 111", consent_at="2026-11-21T20:00:00Z",
                display_name="Fatima")
    _talent(project, "b" * 20, name="Timmeren")
    with pytest.raises(PermissionDeniedError):
        avg.subject_access(project, "a" * 20, actor=Actor.resident("a" * 20))
    with pytest.raises(NotFoundError):
        avg.subject_access(project, " ", actor=FAC)
    data = avg.subject_access(project, "a" * 20, actor=FAC)
    rows = data["entries"]["talents"]
    assert [r["id"] for r in rows] == [a]
    assert rows[0]["contact"] == "06 111" and rows[0]["display_name"] == "Fatima"
    assert rows[0]["location_wkt_epsg4326"].startswith("POINT")
    assert [e["action"] for e in data["audit"]] == ["add"]
    import json

    json.dumps(data)  # JSON-able
    assert "Timmeren" not in json.dumps(data)


def test_erase_contributor_backs_up_and_removes_only_theirs(project):
    _talent(project, "a" * 20)
    evening.submit(project, "meeting_places", {"name": "Plek", "kind": "overig",
                                               "geometry": IN_A}, token="a" * 20, limiter=None)
    keep = _talent(project, "b" * 20, name="Timmeren")
    with pytest.raises(PermissionDeniedError):
        avg.erase_contributor(project, "a" * 20, actor=Actor.resident("a" * 20))
    assert avg.erase_contributor(project, "a" * 20, actor=FAC) == 2
    assert len(project.read("talents")) == 1 and project.get("talents", keep)
    assert len(project.read("meeting_places")) == 0
    backups = backup.list_backups(project.path)
    assert backups and "verwijderen" in backups[0].path.name
    from assetmap.store import GpkgStore

    for b in backups:  # no copy of the erased entries stays behind in a backup
        with GpkgStore(b.path) as old:
            assert not (old.read("talents")["created_by"] == "a" * 20).any()
            assert not (old.read("meeting_places")["created_by"] == "a" * 20).any()
    assert avg.erase_contributor(project, "nobody-token-000000", actor=FAC) == 0
    log = project.audit_log()
    assert (log["action"] == "delete").sum() == 2


def test_stale_talents_and_reconfirm(project):
    rid = _talent(project, "a" * 20)
    later = datetime.now(UTC) + timedelta(days=400)
    assert list(avg.stale_talents(project, now=later)["id"]) == [rid]
    assert avg.stale_talents(project).empty
    with project.transaction() as tx:  # pretend it was last confirmed long ago
        tx.execute("UPDATE talents SET updated_at = '2024-01-01T00:00:00Z' WHERE id = ?", (rid,))
    assert list(avg.stale_talents(project)["id"]) == [rid]
    avg.reconfirm(project, rid, actor=FAC)
    assert avg.stale_talents(project).empty


def test_closing_an_evening_makes_a_backup_and_stops_the_code(project):
    ev = project.create_evening("Avond", "2026-12-03", actor=FAC)
    evening.close(project, ev["id"], actor=FAC)
    assert any("avond" in b.path.name for b in backup.list_backups(project.path))
    with pytest.raises(PermissionDeniedError):
        evening.submit(project, "meeting_places", {"name": "x", "kind": "overig",
                                                   "geometry": IN_A}, token="a" * 20,
                       evening_code=ev["join_code"], limiter=None)


def test_wishes_and_links_are_part_of_inzage_and_erasure(project):
    token = "w" * 20
    wish = evening.submit(project, "wishes", {"name": "Moestuin", "theme": "groen",
                                              "geometry": IN_A}, token=token, limiter=None)
    other = _talent(project, "b" * 20, name="Tuinieren")
    project.set_status("talents", [other], "approved", actor=FAC)
    mine = _talent(project, token, name="Compost")
    link = project.add_link({"from_layer": "talents", "from_id": mine, "kind": "works_with",
                             "to_layer": "talents", "to_id": other}, actor=Actor.resident(token))
    data = avg.subject_access(project, token, actor=FAC)
    assert [r["id"] for r in data["entries"]["wishes"]] == [wish]
    assert [r["id"] for r in data["entries"]["links"]] == [link]
    assert avg.erase_contributor(project, token, actor=FAC) == 3
    assert project.read("wishes").empty and project.links().empty
    assert project.get("talents", other) is not None


@pytest.mark.parametrize("pasted", [
    "Ab_c-1234567890abcd",
    "  Ab_c-1234567890abcd\n",
    "https://buurt.example.org/toevoegen?avond=K7M2QX&mijn=Ab_c-1234567890abcd",
    "http://192.168.1.20:8501/toevoegen?mijn=Ab_c-1234567890abcd&avond=K7M2QX",
    "buurt.example.org/toevoegen?mijn=Ab_c-1234567890abcd",
    "https://buurt.example.org/toe\nvoegen?mijn=Ab_c-12345\n67890abcd",  # broken in a mail
    "mijn=Ab_c-1234567890abcd",
])
def test_the_code_is_found_in_a_pasted_personal_link(pasted):
    assert avg.token_from(pasted) == "Ab_c-1234567890abcd"


def test_no_code_stays_empty():
    assert avg.token_from("") == "" and avg.token_from("   ") == ""


@pytest.mark.parametrize("word", ["osm", "import", "demo", "opbouwwerker", "form", "x" * 15])
def test_only_resident_tokens_can_be_looked_up_or_erased(project, word):
    """Issue 12, item 8: system words are not a resident's code."""
    project.add("meeting_places", {"name": "Uit OSM", "kind": "overig", "geometry": IN_A},
                actor=Actor.system(word), status="approved")
    with pytest.raises(ValidationError):
        avg.subject_access(project, word, actor=FAC)
    with pytest.raises(ValidationError):
        avg.erase_contributor(project, word, actor=FAC)
    assert len(project.read("meeting_places")) == 1
