"""Hostile text in every form, checked in a real browser: no script runs (no dialog), and the
text shows exactly as typed in 'Mijn bijdragen', on the projector and in the map popups.

``test_payloads_in_every_field_on_every_page`` (issue 12): the payloads of :data:`PAYLOADS` in
every text field of every layer (approved, at an evening), every page opened, every popup and
tooltip of every map opened (Kaart, projector, Analyse, Door de tijd, a wijksafari whose stops
carry the payloads, the route as a file)."""

from __future__ import annotations

import shutil
import time

import pytest
from shapely.geometry import Point

from assetmap import evening, routing, schema
from assetmap.store import Actor, GpkgStore
from assetmap.webmap.route_page import route_html
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


PAYLOADS = ["${alert(1)}", "`;alert(2)//", "</script><script>alert(3)</script>",
            "<img src=x onerror=alert(4)>"]
EVIL = " ".join(PAYLOADS) + " \u202e"  # the bidi override is removed on saving


def _evil(i: int, f: schema.Field) -> str:
    text = f"H{i} {EVIL}"
    return text if f.max_length is None or len(text) <= f.max_length else \
        f"H{i} {PAYLOADS[i % len(PAYLOADS)]}"


def _seed(s: GpkgStore, evening_id: str) -> None:
    """Payloads in every text field of every layer, approved, at the evening; the demo's
    meeting places hidden, so the wijksafari's default stops are the hostile ones."""
    fac = Actor.system()
    demo_places = list(s.read("meeting_places")["id"])
    evening.moderate(s, "meeting_places", demo_places, "hide", actor=fac)
    b = s.buurten().iloc[0]
    c = b.geometry.representative_point()
    ids = {}
    n = 0
    for layer in schema.POINT_LAYERS:
        for k in range(4 if layer == "meeting_places" else 1):
            rec = {f.name: _evil(n, f) for f in schema.LAYERS[layer].fields
                   if f.kind == "text" and not f.system}
            n += 1
            rec |= {"evening_id": evening_id,
                    "geometry": Point(c.x + 0.0015 * k, c.y + 0.0008 * (k % 2))}
            if layer == "meeting_places":
                rec["kind"] = "overig"
            if layer == "wishes":
                rec["kind"] = "wens"
            if layer in schema.REDUCED_LOCATION:
                rec |= {"visibility": "public", "location_precision": "grid100",
                        "consent_at": schema.now_iso(),
                        "consent_version": schema.CONSENT_VERSION}
            ids[layer] = s.add(layer, rec, actor=fac, status="approved")
    s.add_link({"from_layer": "talents", "from_id": ids["talents"], "kind": "helps_with",
                "to_layer": "wishes", "to_id": ids["wishes"], "note": f"H99 {EVIL}"},
               actor=fac, status="approved")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, demo_master):
    tmp = tmp_path_factory.mktemp("hostile")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    with GpkgStore(project) as s:
        ev = s.create_evening("Open avond", "2026-12-03", auto_approve=True,
                              actor=Actor.system())
        _seed(s, ev["id"])
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
    # saved: it shows up under 'Mijn bijdragen', as typed, and the way to the next entry
    page.get_by_text(f"{name} · {LABELS[layer]}").wait_for(timeout=30_000)
    page.get_by_role("button", name="Nog iets toevoegen").wait_for(timeout=30_000)


def _watched(browser):
    """A laptop-sized browser context whose pages record (and dismiss) every dialog: a
    script that ran would show up in ``dialogs``."""
    dialogs: list[str] = []
    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    ctx.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message),
                                                       d.dismiss())))
    return ctx, ctx.new_page(), dialogs


def test_hostile_text_stays_text(hostile_app, browser):
    app = hostile_app
    ctx, page, dialogs = _watched(browser)
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


# open every popup and tooltip of every Leaflet map in a frame; returns their texts
OPEN_ALL = """() => {
  const out = [];
  const maps = Object.keys(window).map(k => { try { return window[k]; } catch (e) {
    return null; } }).filter(v => v && window.L && v instanceof L.Map);
  for (const map of new Set(maps)) {
    const layers = [];
    map.eachLayer(l => layers.push(l));
    for (const l of layers) {
      const at = l.getLatLng ? l.getLatLng() : (l.getBounds ? l.getBounds().getCenter() : null);
      if (l.getPopup && l.getPopup()) {
        l.openPopup(at);
        const c = document.querySelector(".leaflet-popup-content");
        if (c) { out.push(c.innerText); }
        l.closePopup();
      }
      if (l.getTooltip && l.getTooltip()) {
        l.openTooltip(at);
        const t = l.getTooltip().getElement();
        if (t) { out.push(t.innerText); }
        l.closeTooltip();
      }
    }
  }
  return out;
}"""


def _open_all(frame) -> str:
    texts = frame.evaluate(OPEN_ALL)
    assert texts, "no popup or tooltip opened"
    assert frame.locator('img[src="x"]').count() == 0
    return "\n".join(texts)


def _frame(page, selector: str = ".leaflet-marker-icon, path.leaflet-interactive"):
    frame = folium_frame(page, selector, timeout_s=30)
    assert frame is not None, "map did not draw"
    return frame


def test_payloads_in_every_field_on_every_page(hostile_app, browser, tmp_path):
    app = hostile_app
    ctx, page, dialogs = _watched(browser)
    literal = f"H0 {EVIL[:-2]}"  # as stored: the override removed
    started = time.monotonic()
    try:
        # the public map: every popup and tooltip shows the text as typed
        page.goto(f"{app.url}/", wait_until="domcontentloaded")
        texts = _open_all(_frame(page))
        assert literal in texts and "helpt met" in texts  # a place, a link between two
        # the projector
        page.goto(f"{app.url}/themaavond?avond={app.code}", wait_until="domcontentloaded")
        page.get_by_text(app.code, exact=True).first.wait_for(timeout=30_000)
        page.get_by_text(literal, exact=True).first.wait_for(timeout=15_000)
        assert literal in _open_all(_frame(page))
        # the wijksafari: the hostile places are the stops
        page.goto(f"{app.url}/wijksafari", wait_until="domcontentloaded")
        frame = _frame(page, ".am-stop")
        texts = _open_all(frame)
        assert f"1. {literal}" in texts, texts
        titles = frame.evaluate("Array.from(document.querySelectorAll('.am-stop'))"
                                ".map(e => e.title)")
        assert f"1. {literal}" in titles
        # the route as one file (``assetmap route --map``, the page's download), from disk
        path = tmp_path / "route.html"
        with GpkgStore(app.project) as st_:
            places = st_.read("meeting_places", status="approved")
            stops = [routing.Stop(r["id"], r["name"], "meeting_places", r.geometry)
                     for _, r in places.iterrows()]
            path.write_text(route_html(routing.plan_route(None, stops), title=literal,
                                       buurten=st_.buurten()), encoding="utf-8")
        page.goto(path.as_uri(), wait_until="load")
        page.locator(".am-route-name").first.wait_for(timeout=10_000)
        assert literal in page.locator(".am-route-list").inner_text()
        assert literal in _open_all(page.main_frame)
        # Analyse and Door de tijd: buurt tooltips and every other layer
        for url in ("analyse", "door_de_tijd"):
            page.goto(f"{app.url}/{url}", wait_until="domcontentloaded")
            _open_all(_frame(page, "path.leaflet-interactive"))
        # every other page opens without running anything
        for url in ("toevoegen", "verbinden", "afdrukken", "van_papier", "privacy", "beheer"):
            page.goto(f"{app.url}/{url}", wait_until="domcontentloaded")
            page.locator('[data-testid="stMain"]').wait_for(timeout=30_000)
            page.wait_for_timeout(800)
        assert page.locator('img[src="x"]').count() == 0
        assert dialogs == [], dialogs
        print(f"every page and map in {time.monotonic() - started:.0f} s")
    except Exception:
        screenshot_on_failure(page, "hostile-every-page")
        raise
    finally:
        ctx.close()
