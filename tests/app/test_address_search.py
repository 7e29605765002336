"""Toevoegen: a location by address search (PDOK Locatieserver, a stand-in on 127.0.0.1)."""

from __future__ import annotations

import pytest

from tests.app.conftest import open_page
from tests.conftest import ROOT
from tests.fakes.pdok_server import pdok_server  # noqa: F401 - fixture


@pytest.fixture
def env(project, monkeypatch, pdok_server):  # noqa: F811
    monkeypatch.setenv("ASSETMAP_PROJECT", str(project.path))
    for k, v in pdok_server.env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(ROOT)
    return project


def test_address_search_places_the_point(env):
    at = open_page("toevoegen")
    at.radio(key="loc_meeting_places_mode").set_value("address").run()
    at.text_input(key="loc_meeting_places_q").input("Dorpsstraat 1").run()
    assert not at.exception, at.exception
    assert any("Dorpsstraat 1" in str(o) for o in at.radio(key="loc_meeting_places_hit").options)
    assert any(c.value.startswith("Gekozen plek: ") and "52.005" not in c.value
               for c in at.caption)  # in words (a street or the buurt), not coordinates
    at.text_input(key="form_meeting_places_name").input("Buurtkamer")
    at.selectbox(key="form_meeting_places_kind").set_value("buurthuis")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    g = env.read("meeting_places")
    assert list(g["name"]) == ["Buurtkamer"] and g["buurt_code"].iloc[0] == "BU0001"


def test_address_search_offline_says_so(env, pdok_server):  # noqa: F811
    pdok_server.fail = True
    at = open_page("toevoegen")
    at.radio(key="loc_meeting_places_mode").set_value("address").run()
    at.text_input(key="loc_meeting_places_q").input("Dorpsstraat 1").run()
    assert not at.exception, at.exception
    assert any("lukt nu niet" in w.value for w in at.warning)
    said = " ".join(w.value for w in at.warning)
    assert said.count("geen internet") == 1, said  # one message, not two saying the same
