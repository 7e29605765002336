"""AppTest of the privacy page: the statement for everyone, the AVG tools for facilitators."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from assetmap import evening
from assetmap.store import GpkgStore
from tests.app.conftest import login, open_page


@pytest.fixture
def env(demo_env):
    return demo_env


def page():
    return open_page("privacy")


def test_statement_in_plain_dutch(env):
    at = page()
    text = " ".join(m.value for m in at.markdown)
    for phrase in ("huisadres", "toestemming", "onder de 3", "Inzage en verwijderen"):
        assert phrase in text
    assert "priv_erase" not in [b.key for b in at.button]  # tools only after login


def test_facilitator_finds_exports_and_erases(env):
    token = "r" * 22
    with GpkgStore(env) as s:
        evening.submit(s, "talents", {"name": "Zingen", "gifts_heart": "koor",
                                      "geometry": Point(5.3337, 51.9507)}, token=token,
                       limiter=None)
    at = login(page())
    at.text_input(key="priv_token").input(token).run()
    assert any("1 bijdragen gevonden" in m.value for m in at.markdown)
    assert len(at.get("download_button")) == 1  # the inzage JSON
    at.checkbox(key="priv_erase_ok").check().run()
    at.button(key="priv_erase").click().run()
    assert any("1 bijdragen verwijderd" in s.value for s in at.success)
    with GpkgStore(env) as s:
        assert "Zingen" not in set(s.read("talents")["name"])


def test_a_pasted_personal_link_finds_the_code(env):
    token = "p" * 22
    with GpkgStore(env) as s:
        evening.submit(s, "talents", {"name": "Fietsles", "gifts_hand": "fietsen",
                                      "geometry": Point(5.3337, 51.9507)}, token=token,
                       limiter=None)
    at = login(page())
    at.text_input(key="priv_token").input(
        f"https://buurt.example.org/toevoegen?avond=K7M2QX&mijn={token}").run()
    assert any("1 bijdragen gevonden" in m.value for m in at.markdown)


@pytest.mark.parametrize("word", ["demo", "osm", "import", "opbouwwerker"])
def test_erasure_refuses_system_tokens(env, word):
    """Issue 12, item 8: typing ``demo`` (or ``osm``, ``import``, ``opbouwwerker``) found and
    could erase every imported or facilitator entry, from every backup too."""
    with GpkgStore(env) as s:
        before = {layer: len(s.read(layer)) for layer in ("meeting_places", "talents")}
    at = login(page())
    at.text_input(key="priv_token").input(word).run()
    assert not at.exception, at.exception
    assert any("geen code van een bewoner" in e.value for e in at.error)
    assert not [k for k in at.get("download_button")]
    assert "priv_erase" not in [b.key for b in at.button]
    with GpkgStore(env) as s:
        assert {layer: len(s.read(layer)) for layer in before} == before
