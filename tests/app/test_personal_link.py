"""Issue 12, items 2 and 6: the join link and the personal link are different things.

A join link (``?avond=CODE``) never adopts a token from its address; the personal link
(``/toevoegen?mijn=TOKEN``) works without an evening code, also after the evening closed, and
says it is personal; a saved contact is write-only; "Ik ben iemand anders" starts afresh.
"""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from assetmap import evening, schema
from assetmap.store import Actor, GpkgStore, new_token
from tests.app.conftest import open_page

SPOT = Point(5.3370, 51.9498)
PHONE = "0612345678"


@pytest.fixture
def resident(demo_env):
    """A resident who gave a talent with a phone number at an evening (since closed)."""
    token = new_token()
    with GpkgStore(demo_env) as s:
        ev = s.create_evening("Avond", "2026-12-03", actor=Actor.system())
        evening.submit(s, "talents", {
            "name": "Soep koken", "display_name": "Fatima", "gifts_hand": "koken",
            "contact": PHONE, "consent_at": schema.now_iso(),
            "consent_version": schema.CONSENT_VERSION, "location_precision": "buurt",
            "geometry": SPOT}, token=token, evening_code=ev["join_code"], limiter=None)
        rid = s.read("talents").set_index("name").loc["Soep koken", "id"]
    return {"path": demo_env, "token": token, "code": ev["join_code"], "ev": ev, "id": rid}


def _mine(at) -> list[str]:
    return [e.label for e in at.expander if "Soep koken" in e.label]


def _everything(at) -> str:
    """Every value and text the page holds (widgets, markdown, code)."""
    parts = [str(getattr(el, "value", "")) for kind in (
        "text_input", "text_area", "markdown", "caption", "code", "warning", "info")
        for el in getattr(at, kind)]
    return "\n".join(parts)


def test_join_link_never_adopts_a_token_from_its_address(resident):
    """A crafted QR code ``?avond=CODE&mijn=T`` (or a forwarded link) shows nothing of T."""
    at = open_page(query={"avond": resident["code"], "mijn": resident["token"]})
    assert not _mine(at)
    assert "mijn" not in at.query_params
    assert at.session_state["contributor_token"] != resident["token"]
    assert PHONE not in _everything(at)


def test_personal_link_works_without_the_code_and_after_the_evening_closed(resident):
    with GpkgStore(resident["path"]) as s:
        evening.close(s, resident["ev"]["id"], actor=Actor.system())
    at = open_page("toevoegen", query={"mijn": resident["token"]})
    assert _mine(at), [e.label for e in at.expander]
    assert any("persoonlijk" in w.value for w in at.warning)
    # and the old join link of the closed evening still shows them (no adding)
    at.query_params["avond"] = resident["code"]
    at.run()
    assert any("gesloten" in e.value for e in at.error)
    assert _mine(at)
    assert not [b for b in at.button if b.label == "Opslaan"]


def test_contact_is_write_only_once_saved(resident):
    at = open_page("toevoegen", query={"mijn": resident["token"]})
    rid = resident["id"]
    at.toggle(key=f"edit_{rid}").set_value(True).run()
    box = at.text_input(key=f"edit_form_{rid}_contact")
    assert box.value in ("", None)  # never pre-filled
    assert PHONE not in _everything(at)
    assert any("06••••••78" in c.value for c in at.caption)
    # saving the form with the contact left empty keeps it
    next(b for b in at.button if b.label == "Wijzigingen opslaan").click().run()
    assert not at.exception, at.exception
    with GpkgStore(resident["path"]) as s:
        assert s.get("talents", rid)["contact"] == PHONE
    # typing a new one replaces it
    at.toggle(key=f"edit_{rid}").set_value(True).run()
    at.text_input(key=f"edit_form_{rid}_contact").input("0687654321")
    next(b for b in at.button if b.label == "Wijzigingen opslaan").click().run()
    with GpkgStore(resident["path"]) as s:
        assert s.get("talents", rid)["contact"] == "0687654321"


def test_someone_else_on_a_shared_tablet_starts_afresh(resident):
    at = open_page("toevoegen", query={"mijn": resident["token"]})
    assert _mine(at)
    next(b for b in at.button if b.label.startswith("Ik ben iemand anders")).click().run()
    assert not at.exception, at.exception
    assert not _mine(at)
    assert "mijn" not in at.query_params
    assert at.session_state["contributor_token"] != resident["token"]
