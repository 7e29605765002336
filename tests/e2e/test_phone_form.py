"""The phone form at 390 px as residents use it (issue 14 items 2, 3, 4): an empty save shows
every problem at once, a double tap on 'Opslaan' stores one entry, the thank-you is in view and
the form is empty again, and the talent form is short and warns about a full name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assetmap.store import GpkgStore
from tests.e2e.conftest import (
    evening_server,
    offline_context,
    screenshot_on_failure,
    stop_app,
    tap_map,
)

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("ASSETMAP_SHOTS", "/tmp/evening-ux-shots"))


@pytest.fixture(scope="module")
def phone_app(tmp_path_factory, demo_master):
    app = evening_server(tmp_path_factory.mktemp("phone"), demo_master)
    yield app
    stop_app(app)


@pytest.fixture
def phone(browser):
    ctx = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True)
    yield ctx.new_page()
    ctx.close()


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_empty_save_then_double_tap_stores_one_entry(phone_app, phone):
    app, p = phone_app, phone
    try:
        p.goto(f"{app.url}/?avond={app.code}", wait_until="domcontentloaded")
        p.get_by_text("Je doet mee aan de themaavond").wait_for(timeout=45_000)
        p.get_by_role("button", name="Opslaan").click()
        # every problem in one go: the place, the name and the kind
        p.get_by_text("wijs eerst de plek aan").wait_for(timeout=20_000)
        assert p.get_by_text("Naam: dit veld is verplicht").count() == 1
        assert p.get_by_text("Soort plek: dit veld is verplicht").count() == 1
        tap_map(p)
        p.get_by_role("textbox", name="Naam *").fill("Bankje bij de vijver")
        box = p.get_by_role("combobox", name="Soort plek *")
        box.click()
        box.press("ArrowDown")
        p.get_by_role("option", name="Park of plein").click()
        p.get_by_role("button", name="Opslaan").scroll_into_view_if_needed()
        shot(p, "phone-form-before-save")
        p.get_by_role("button", name="Opslaan").dblclick()
        thanks = p.get_by_text("Dank je wel").first
        thanks.wait_for(timeout=30_000)
        p.wait_for_timeout(1500)  # a second stored copy would be in by now
        assert in_view(p, thanks), "the thank-you is out of view"
        more = p.get_by_role("button", name="Nog iets toevoegen")
        assert in_view(p, more)
        shot(p, "phone-form-after-save")
        with GpkgStore(app.project) as s:
            g = s.read("meeting_places")
        assert (g["name"] == "Bankje bij de vijver").sum() == 1
        assert p.evaluate("document.documentElement.scrollWidth") <= 391
        more.click()
        name = p.get_by_role("textbox", name="Naam *")
        name.wait_for(timeout=20_000)
        assert name.input_value() == ""
    except Exception:
        screenshot_on_failure(p, "phone-form")
        raise


def test_talent_form_is_short_and_warns_about_a_full_name(phone_app, phone):
    app, p = phone_app, phone
    try:
        p.goto(f"{app.url}/?avond={app.code}", wait_until="domcontentloaded")
        p.get_by_text("Je doet mee aan de themaavond").wait_for(timeout=45_000)
        p.get_by_text("Talenten", exact=True).first.click()
        p.get_by_role("textbox", name="Wat is je talent? *").wait_for(timeout=20_000)
        assert p.get_by_role("textbox", name="Naam *").count() == 0
        assert p.get_by_text("Ik wil dit delen").count() == 0
        box = p.get_by_role("combobox", name="In welke buurt?")
        box.click()
        box.press("ArrowDown")
        p.get_by_role("option").nth(1).click()
        p.get_by_role("textbox", name="Wat is je talent? *").fill("Banden plakken")
        p.get_by_role("textbox", name="Voornaam of initialen").fill("Jan de Vries")
        shot(p, "phone-talent-form")
        p.get_by_role("button", name="Opslaan").click()
        p.get_by_text("Dit lijkt op een volledige naam").wait_for(timeout=20_000)
        with GpkgStore(app.project) as s:
            assert "Banden plakken" not in set(s.read("talents")["name"])
        p.get_by_role("textbox", name="Voornaam of initialen").fill("Jan")
        p.get_by_role("button", name="Opslaan").click()
        p.get_by_text("Dank je wel").first.wait_for(timeout=30_000)
        with GpkgStore(app.project) as s:
            t = s.read("talents")
        row = t[t["name"] == "Banden plakken"].iloc[0]
        assert row["display_name"] == "Jan" and row["location_precision"] == "buurt"
    except Exception:
        screenshot_on_failure(p, "phone-talent")
        raise
