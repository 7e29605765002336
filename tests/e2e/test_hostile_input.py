"""Hostile text in every form, checked in a real browser: no script runs (no dialog), and the
text shows exactly as typed in 'Mijn bijdragen', on the projector and in the map popups."""

from __future__ import annotations

import shutil
import time

import pytest

from assetmap.store import Actor, GpkgStore
from tests.e2e.conftest import (
    folium_frame,
    offline_context,
    screenshot_on_failure,
    start_app,
    stop_app,
    tap_map,
)

pytestmark = pytest.mark.e2e

HOSTILE = {
    "meeting_places": "<script>alert(1)</script>",
    "talents": "<img src=x onerror=alert(2)>",
    "associations": "Club \"De 'Quote'\" 🎉 & co",
    "entrepreneurs": "مرحبا بالجيران – winkel 12",
}
LABELS = {"meeting_places": "Ontmoetingsplekken", "talents": "Talenten",
          "associations": "Verenigingen", "entrepreneurs": "Lokale ondernemers"}


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, demo_master):
    tmp = tmp_path_factory.mktemp("hostile")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    with GpkgStore(project) as s:
        ev = s.create_evening("Open avond", "2026-12-03", auto_approve=True,
                              actor=Actor.system())
    app = start_app(project, tmp, {"ASSETMAP_REFRESH_S": "2"})
    app.code = ev["join_code"]
    yield app
    stop_app(app)


def _add(page, layer: str, name: str) -> None:
    more = page.get_by_role("button", name="Nog iets toevoegen")
    if more.count():  # after a save the thank-you stands where the form was
        more.click()
    page.locator('[data-testid="stRadio"]', has_text="Wat wil je toevoegen").get_by_text(
        LABELS[layer], exact=True).click()
    name_box = page.get_by_role("textbox", name="Wat is je talent? *" if layer == "talents"
                                else "Naam *")
    name_box.wait_for(timeout=20_000)
    time.sleep(0.5)
    if layer == "talents":  # a talent starts at the buurt; tapping the map is a choice
        page.get_by_text("Tik op de kaart", exact=True).click()
    tap_map(page, offsets=((10, 10), (45, 30), (-40, -35), (60, -50), (-65, 45), (25, 75)))
    name_box.fill(name)
    if layer != "talents":
        page.get_by_role("textbox", name="Omschrijving").fill("<b onmouseover=alert(3)>vet</b>")
    if layer == "meeting_places":
        box = page.get_by_role("combobox", name="Soort plek *")
        box.click()
        box.press("ArrowDown")
        page.get_by_role("option", name="Anders").click()
    if layer == "talents":
        page.get_by_role("textbox", name="Vertel er iets meer over (niet verplicht)").fill(
            "<svg onload=alert(4)>")
        page.get_by_text("Openbaar: iedereen mag mijn talent zien").click()
    page.get_by_role("button", name="Opslaan").click()
    # saved: it shows up under 'Mijn bijdragen', as typed
    page.get_by_text(f"{name} · {LABELS[layer]}").wait_for(timeout=30_000)


def test_hostile_text_stays_text(hostile_app, browser):
    app = hostile_app
    dialogs: list[str] = []
    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    ctx.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message),
                                                       d.dismiss())))
    page = ctx.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(f"{app.url}/?avond={app.code}", wait_until="domcontentloaded")
        page.get_by_text("Je doet mee aan de themaavond").wait_for(timeout=45_000)
        for layer, name in HOSTILE.items():
            _add(page, layer, name)
        with GpkgStore(app.project) as s:  # stored exactly as typed
            for layer, name in HOSTILE.items():
                assert name in set(s.read(layer)["name"]), (layer, name)
        # 'Mijn bijdragen' shows the names as typed
        for name in HOSTILE.values():
            assert page.get_by_text(name, exact=False).count() >= 1, name

        # the projector lists them as text
        page.goto(f"{app.url}/themaavond?avond={app.code}", wait_until="domcontentloaded")
        page.get_by_text(app.code, exact=True).first.wait_for(timeout=45_000)
        for name in HOSTILE.values():
            page.get_by_text(name, exact=True).first.wait_for(timeout=15_000)

        # the public map: marker titles and popups show the text, nothing runs
        page.goto(f"{app.url}/", wait_until="domcontentloaded")
        frame = folium_frame(page, "path.leaflet-interactive", at_least=5)
        assert frame is not None, "map did not draw"
        titles = frame.evaluate(
            "Array.from(document.querySelectorAll('.leaflet-marker-icon')).map(e => e.title)")
        for name in HOSTILE.values():
            assert name in titles, name
        for name in HOSTILE.values():
            frame.evaluate("(n) => { const m = Array.from(document.querySelectorAll("
                           "'.leaflet-marker-icon')).find(e => e.title === n); "
                           "m.dispatchEvent(new MouseEvent('click', {bubbles: true})); }", name)
            title = frame.locator(".am-pop-title").filter(has_text=name[:6]).last
            title.wait_for(timeout=10_000)
            assert title.inner_text() == name
        assert frame.locator(".am-pop b").count() == 0  # the description stayed text
        time.sleep(1)
        assert dialogs == [], dialogs
    except Exception:
        screenshot_on_failure(page, "hostile-input")
        raise
    finally:
        ctx.close()
