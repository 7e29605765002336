"""Without the map (issue 18 item 4): the Toevoegen flow with the keyboard alone, and the list
of everything on the map (what it shows, what it never shows, axe on it at 390 and 1280 px).

No mouse in the keyboard test: focus moves with Tab and Shift+Tab, options are chosen with
the arrow keys and Enter, 'Opslaan' is pressed with Space. The test reads which element has
the focus (as a screen reader would announce it) to know when to stop tabbing.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from shapely.geometry import Point

from assetmap import schema
from assetmap.store import GpkgStore
from tests.e2e.conftest import offline_context, screenshot_on_failure, start_app, stop_app
from tests.e2e.test_accessibility import _settled, axe  # noqa: F401 - the axe fixture

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("ASSETMAP_A11Y_SHOTS", "/tmp/a11y-shots"))
HOSTILE = "<img src=x onerror=alert(1)>Bankje **vet**"
PRIVATE = {"name": "Geheim talent", "display_name": "Verborgen Persoon",
           "contact": "0612345678"}

# what a screen reader would announce of the focused element: tag, type and its name
FOCUSED = """() => { const a = document.activeElement; if (!a) return '';
  const name = a.getAttribute('aria-label') || (a.labels && a.labels[0] ? a.labels[0].innerText
               : '') || a.innerText || '';
  return a.tagName + '|' + (a.type || '') + '|' + name.replace(/\\s+/g, ' ').trim(); }"""


@pytest.fixture(scope="module")
def list_app(tmp_path_factory, demo_master):
    tmp = tmp_path_factory.mktemp("a11y")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    spot = {"geometry": Point(5.3370, 51.9498)}  # in the Spoorkwartier
    with GpkgStore(project) as s:
        s.add("meeting_places", {"name": HOSTILE, "kind": "park_plein", **spot},
              status="approved")
        s.add("talents", {**PRIVATE, "gifts_hand": "naaien", "consent_at": schema.now_iso(),
                          "consent_version": schema.CONSENT_VERSION,
                          "visibility": "facilitators", **spot}, status="approved")
    app = start_app(project, tmp)
    yield app
    stop_app(app)


def _tab_to(page, want, *, back: bool = False, limit: int = 60) -> str:
    """Press Tab (Shift+Tab) until the focused element's description contains every part of
    ``want`` (e.g. ``("INPUT", "Naam *")``)."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED)
        if all(w in focused for w in want):
            return focused
    raise AssertionError(f"no focus on {want} after {limit} presses")


def _focused(page) -> str:
    return page.evaluate(FOCUSED)


def test_toevoegen_with_the_keyboard_alone(list_app, browser):
    app = list_app
    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.goto(f"{app.url}/toevoegen", wait_until="domcontentloaded")
        page.get_by_text("Wat wil je toevoegen").first.wait_for(timeout=60_000)
        time.sleep(2.0)  # the first script run settles
        # what: the first choice (Ontmoetingsplekken) is on already; where: from the radio
        # 'Tik op de kaart' two steps on with the arrow key, to the street list
        _tab_to(page, ("INPUT|radio|", "Ontmoetingsplekken"))
        _tab_to(page, ("INPUT|radio|", "Tik op de kaart"))
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.get_by_text("Bij welke straat?").wait_for(timeout=30_000)
        assert "Kies een straat (zonder kaart)" in _focused(page)
        _tab_to(page, ("INPUT", "Bij welke straat?"))
        page.keyboard.type("Parkw")
        page.get_by_role("option").first.wait_for(timeout=10_000)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.get_by_text("Gekozen plek: bij de Parkweg").wait_for(timeout=30_000)
        # a step back and forth with Shift+Tab: the focus is still in the page's flow
        _tab_to(page, ("INPUT|radio|", "Kies een straat"), back=True)
        _tab_to(page, ("INPUT", "Naam *"))
        page.keyboard.type("Bank van het toetsenbord")
        _tab_to(page, ("INPUT", "Soort plek *"))
        page.keyboard.type("Park")
        page.get_by_role("option", name="Park of plein").wait_for(timeout=10_000)
        page.keyboard.press("Enter")
        assert _tab_to(page, ("BUTTON", "Opslaan")).startswith("BUTTON|submit|Opslaan")
        page.keyboard.press("Space")
        page.get_by_text("Dank je wel").first.wait_for(timeout=30_000)
        with GpkgStore(app.project) as s:
            g = s.read("meeting_places")
            buurten = s.buurten().set_index("code")
        row = g[g["name"] == "Bank van het toetsenbord"]
        assert len(row) == 1 and row["kind"].iloc[0] == "park_plein"
        assert buurten.loc[row["buurt_code"].iloc[0], "name"] in \
            page.get_by_text("Bank van het toetsenbord ·").first.inner_text()
    except Exception:
        screenshot_on_failure(page, "keyboard-toevoegen")
        raise
    finally:
        ctx.close()


def _open_list(ctx, url: str):
    page = ctx.new_page()
    page.goto(f"{url}/lijst", wait_until="domcontentloaded")
    page.locator(".am-list table").first.wait_for(timeout=60_000)
    time.sleep(1.0)
    _settled(page)
    return page


def test_the_list_shows_approved_entries_and_nothing_private(list_app, browser):
    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    ctx.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message),
                                                       d.dismiss())))
    page = _open_list(ctx, list_app.url)
    try:
        assert page.get_by_role("heading", name="Lijst van alles op de kaart", level=1).count()
        assert page.get_by_role("heading", name="Ontmoetingsplekken", level=2).count()
        table = page.get_by_role("table", name="Ontmoetingsplekken: naam, soort en buurt")
        row = table.get_by_role("row").filter(has_text="Bibliotheek Lindenhoven")
        assert "Oude Kern" in row.inner_text() and "Bibliotheek" in row.inner_text()
        # the hostile name shows as typed: no image, no bold, no script
        assert HOSTILE in table.locator(".am-n").all_inner_texts()
        assert page.locator(".am-list img, .am-list strong").count() == 0
        text = page.locator("body").inner_text()
        for value in PRIVATE.values():
            assert value not in text
        # search by name: only that entry is left; the result is announced (role=status)
        page.get_by_role("textbox", name="Zoek op naam").fill("lindenhoven")
        page.get_by_role("textbox", name="Zoek op naam").press("Enter")
        page.get_by_role("status").filter(has_text="1 gevonden").wait_for(timeout=30_000)
        assert page.locator(".am-entries .am-n").all_inner_texts() == \
            ["Bibliotheek Lindenhoven"]
        assert not dialogs
    except Exception:
        screenshot_on_failure(page, "lijst")
        raise
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_list_has_no_serious_violations(list_app, browser, axe, width):  # noqa: F811
    ctx = offline_context(browser, viewport={"width": width, "height": 900},
                          is_mobile=width < 500, has_touch=width < 500)
    page = _open_list(ctx, list_app.url)
    try:
        page.locator(".am-list details summary").first.focus()
        page.keyboard.press("Enter")  # a popup's details, opened with the keyboard
        page.locator(".am-list details[open] dl").first.wait_for(timeout=10_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"lijst-{width}.png"))
        res = axe.run(page, options={"resultTypes": ["violations"]})
        found = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                 for v in res.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not found, "\n".join(found)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    except Exception:
        screenshot_on_failure(page, f"lijst-axe-{width}")
        raise
    finally:
        ctx.close()
