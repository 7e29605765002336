"""One app process, two projects (a folder of GeoPackages, ``ASSETMAP_PROJECTS_DIR``): a join
link names its project, each project has its own evenings, and a link of project A never shows
or writes project B's data; a project name from the URL is only looked up in the list."""

from __future__ import annotations

import shutil

import pytest
from shapely.geometry import Point

from assetmap import projects
from assetmap.errors import NotFoundError
from assetmap.store import Actor, GpkgStore
from tests.app.conftest import PASSWORD, login, open_page
from tests.app.test_toevoegen_page import choose, fill, submit

FAC = Actor.system("opbouwwerker")
SPOT = Point(5.3370, 51.9498)


@pytest.fixture
def two(tmp_path, demo_master, monkeypatch):
    folder = tmp_path / "wijken"
    folder.mkdir()
    codes = {}
    for name, title in (("noord", "Avond in Noord"), ("zuid", "Avond in Zuid")):
        shutil.copyfile(demo_master, folder / f"{name}.gpkg")
        with GpkgStore(folder / f"{name}.gpkg") as s:
            codes[name] = s.create_evening(title, "2026-12-03", actor=FAC)["join_code"]
            s.add("meeting_places", {"name": f"Alleen in {name}", "kind": "buurthuis",
                                     "geometry": SPOT}, actor=FAC, status="approved")
    (folder / "Niet Geldig.gpkg").write_bytes(b"")
    (folder / "sub").mkdir()
    shutil.copyfile(demo_master, folder / "sub" / "diep.gpkg")
    shutil.copyfile(demo_master, tmp_path / "buiten.gpkg")
    monkeypatch.setenv("ASSETMAP_PROJECTS_DIR", str(folder))
    monkeypatch.delenv("ASSETMAP_PROJECT", raising=False)
    monkeypatch.setenv("ASSETMAP_FACILITATOR_PASSWORD", PASSWORD)
    monkeypatch.setenv("ASSETMAP_PUBLIC_URL", "http://buurt.example/")
    return folder, codes


def names(path):
    with GpkgStore(path) as s:
        return set(s.read("meeting_places")["name"])


def page_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "success", "error", "warning", "title",
                 "subheader"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    return "\n".join(parts)


def test_listing_takes_plain_names_only(two):
    folder, _ = two
    found = projects.in_folder(folder)
    assert list(found) == ["noord", "zuid"]
    for bad in ("../buiten", str(folder / "noord.gpkg"), "sub/diep", "Niet Geldig", "", "NOORD"):
        with pytest.raises(NotFoundError):
            projects.location(bad, found)


def test_join_link_of_a_writes_to_a_only(two):
    folder, codes = two
    before_z = names(folder / "zuid.gpkg")
    at = open_page(query={"project": "noord", "avond": codes["noord"]})
    text = page_text(at)
    assert "Avond in Noord" in text and "Avond in Zuid" not in text
    choose(at, "meeting_places", SPOT)
    fill(at, "meeting_places", name="Buurtkamer uit de link", kind="buurthuis")
    submit(at, "meeting_places")
    assert at.success and "Dank je wel" in at.success[0].value
    assert "Buurtkamer uit de link" in names(folder / "noord.gpkg")
    assert names(folder / "zuid.gpkg") == before_z
    with GpkgStore(folder / "noord.gpkg") as s:
        ev = s.evening_by_code(codes["noord"])
        new = s.read("meeting_places").set_index("name").loc["Buurtkamer uit de link"]
    assert new["evening_id"] == ev["id"]


def test_code_of_a_in_project_b_is_unknown(two):
    folder, codes = two
    before = {p: names(folder / f"{p}.gpkg") for p in ("noord", "zuid")}
    at = open_page(query={"project": "zuid", "avond": codes["noord"]})
    assert "kennen we niet" in page_text(at)
    assert "Avond in Noord" not in page_text(at)
    assert {p: names(folder / f"{p}.gpkg") for p in ("noord", "zuid")} == before


@pytest.mark.parametrize("bad", ["../buiten", "sub/diep", "/etc/passwd", "NOORD", "buiten"])
def test_a_name_not_in_the_list_opens_nothing(two, bad):
    at = open_page("kaart", query={"project": bad})
    assert at.error and "bestaat hier niet" in at.error[0].value
    assert "Alleen in" not in page_text(at)


def test_projector_qr_link_names_the_project(two):
    _, codes = two
    at = open_page("themaavond", query={"project": "zuid", "avond": codes["zuid"]})
    caps = [c.value for c in at.caption]
    assert f"http://buurt.example/?project=zuid&avond={codes['zuid']}" in caps
    assert "Avond in Zuid" in page_text(at) and "Avond in Noord" not in page_text(at)


def test_facilitator_switches_project_in_the_sidebar(two):
    _, codes = two
    at = open_page("themaavond", query={"project": "noord", "avond": codes["noord"]})
    assert "Avond in Noord" in page_text(at)
    at.selectbox(key="_project_pick").set_value("zuid").run()
    assert not at.exception, at.exception
    assert at.query_params["project"] == ["zuid"] or at.query_params["project"] == "zuid"
    assert "avond" not in at.query_params  # an evening code belongs to the other project
    assert "Avond in Noord" not in page_text(at)


def test_switching_project_gives_no_new_login_attempts(two, monkeypatch):
    """One login for all projects of the app, so one count of failures: wrong passwords in
    project zuid delay a login in project noord."""
    monkeypatch.setenv("ASSETMAP_LOGIN_DELAY_S", "60")
    at = open_page("themaavond", query={"project": "zuid"})
    at.radio(key="ev_mode").set_value("moderate").run()
    for _ in range(3):
        login(at, "fout")
    at = open_page("themaavond", query={"project": "noord"})
    at.radio(key="ev_mode").set_value("moderate").run()
    login(at, PASSWORD)
    assert any("Te vaak" in e.value for e in at.error), [e.value for e in at.error]


def test_an_unknown_project_is_said_in_the_links_language(two):
    """Issue 18 item 1: the error of a wrong project name follows ``?taal=``."""
    at = open_page("kaart", query={"project": "buiten", "taal": "en"})
    assert at.error and at.error[0].value.startswith("The project 'buiten' does not exist here.")
    at = open_page("kaart", query={"project": "buiten", "taal": "tr"})
    assert at.error and at.error[0].value.startswith("'buiten' projesi burada yok.")


def test_the_login_delay_is_said_in_english(two, monkeypatch):
    monkeypatch.setenv("ASSETMAP_LOGIN_DELAY_S", "60")
    at = open_page("beheer", query={"project": "zuid", "taal": "en"})
    for pw in ("fout", "fout", "fout", PASSWORD):
        at.text_input(key="login_pw").input(pw)
        next(b for b in at.button if b.label == "Log in").click().run()
        assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("Too many wrong passwords. Try again in") for e in errors), errors
    assert not any("Te vaak" in e for e in errors)


def test_an_unknown_project_in_arabic_reads_right_to_left(two):
    at = open_page("kaart", query={"project": "buiten", "taal": "ar"})
    assert at.error and "'buiten'" in at.error[0].value
    assert at.error[0].value != at.error[0].value.encode("ascii", "ignore").decode()
    assert any('"dir": "rtl"' in h.proto.body for h in at.get("html")), "no <html dir=rtl>"
